"""The errors the domain raises; each carries a message fit for a user."""

from __future__ import annotations

__all__ = [
    "DomainError",
    "IllegalTransition",
    "PermissionDenied",
    "NotFound",
    "MoneyError",
    "ConfigError",
    "StoreError",
    "IntegrityError",
]


class DomainError(Exception):
    """A rule of the domain was broken; the message says which, in plain words.

    ``code`` is a short stable key (e.g. ``"too_many_decimals"``) that adapters
    use to look up a translated message; ``params`` fills it in.
    """

    def __init__(self, message: str = "", *, code: str = "", **params: object) -> None:
        super().__init__(message)
        self.code = code or type(self).__name__
        self.params = params


class IllegalTransition(DomainError):
    """An entry was asked to move to a status its kind does not allow from here."""


class PermissionDenied(DomainError):
    """The person acting does not hold the role this action needs."""


class NotFound(DomainError):
    """No record with that id exists."""


class MoneyError(DomainError, ValueError):
    """What the user typed is not an amount we accept."""


class ConfigError(DomainError):
    """A street configuration file is invalid; names the file and line."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {problem}", code="config")


class StoreError(DomainError):
    """The store could not complete a read or write (disk full, unwritable, corrupt)."""


class IntegrityError(DomainError):
    """A ledger hash chain does not match what is stored."""
