"""Checking the values a caller hands the repository, before any rule is
applied: a number that is not a whole number, a kind, status or choice that
does not exist, text that is not text. Each refusal is a ``DomainError``
with a code and a message saying what was wrong, never a bare ``KeyError``,
``ValueError`` or ``TypeError`` from deep inside.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from .errors import DomainError

__all__ = ["whole", "choice", "choices", "text", "mapping", "day", "month", "flag",
           "clean_name", "without_hidden", "SPACES"]

E = TypeVar("E", bound=StrEnum)


def whole(value: object, what: str, *, low: int | None = 1) -> int:
    """``value``, a whole number (an int: text is read by the adapters), at least ``low``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{what} must be a whole number, not {value!r}", code="bad_number",
                          what=what)
    if low is not None and value < low:
        raise DomainError(f"{what} must be at least {low}, not {value}", code="bad_number",
                          what=what)
    return value


def choice(kind: type[E], value: object, what: str, code: str = "bad_choice") -> E:
    """``value`` as one of the codes of ``kind``; the message lists them."""
    try:
        return kind(value)  # type: ignore[arg-type]  # anything: refused below if unknown
    except (ValueError, TypeError):
        known = ", ".join(k.value for k in kind)
        raise DomainError(f"unknown {what} {value!r} (one of: {known})", code=code,
                          what=what) from None


def choices(kind: type[E], value: object, what: str) -> list[E]:
    """One code of ``kind`` or several (any iterable but text)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [choice(kind, value, what)]
    return [choice(kind, v, what) for v in value]


def text(value: object, what: str, *, required: bool = False) -> str:
    """``value`` as text (None: empty); with ``required``, not blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(f"{what} must be text, not {type(value).__name__}", code="bad_text",
                          what=what)
    if required and not value.strip():
        raise DomainError(f"{what} is needed", code="reason_required", what=what)
    return value


def mapping(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DomainError(f"{what} must be a mapping of fields, not {type(value).__name__}",
                          code="bad_data", what=what)
    return value


def day(value: object, what: str) -> date:
    """A date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(str(value)[:10]) if isinstance(value, str) else \
            _no_day(value, what)
    except ValueError:
        return _no_day(value, what)


def month(value: object, what: str) -> str:
    """A month written YYYY-MM (01 to 12)."""
    if not (isinstance(value, str) and len(value) == 7 and value[4] == "-"
            and value[:4].isdigit() and value[5:].isdigit() and 1 <= int(value[5:]) <= 12):
        raise DomainError(f"{what} must be a month written YYYY-MM, not {value!r}",
                          code="bad_month", what=what)
    return value


def _no_day(value: object, what: str) -> date:
    raise DomainError(f"{what} must be a date written YYYY-MM-DD, not {value!r}",
                      code="bad_date", what=what)


def flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise DomainError(f"{what} must be true or false, not {value!r}", code="bad_flag",
                          what=what)
    return value


# The characters nobody sees: control, format (zero-width, direction overrides) and
# surrogate ones.
_HIDDEN = ("Cc", "Cf", "Cs")
# The control characters that are spaces (str.isspace): a line break, a tab...
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85"


def without_hidden(text: str, keep: str = "") -> str:
    """``text`` without the characters nobody sees (control, format and surrogate ones:
    a zero-width space, a right-to-left override), but those in ``keep``: what is kept
    of typed words (a name, a fee's note, a flow's answer)."""
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) not in _HIDDEN)


def clean_name(text: str) -> str:
    """``text`` as a name is kept: NFKC, without the characters nobody sees
    (``without_hidden``), one space between words, trimmed."""
    return " ".join(without_hidden(unicodedata.normalize("NFKC", text or ""), SPACES).split())
