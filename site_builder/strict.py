"""MkDocs' warnings counted during a build as ``mkdocs build --strict`` counts them
(``strict_warnings``), and the build failed the same way (``abort_on_warnings``),
naming the first warnings, in whichever process of the build they were logged
(``Warnings.since`` / ``add``)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

__all__ = ["FIRST_WARNINGS", "Warnings", "strict_warnings", "abort_on_warnings"]

FIRST_WARNINGS = 3  # the warnings a failed build names (the first ones; each cut)


class Warnings(logging.Handler):
    """Counts the warnings as MkDocs' own ``CountHandler`` does for ``--strict``, and
    keeps the first ones' texts, so that a failed build says what failed (in the
    log and in the admins' alert), not only how many."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[int, int] = {}
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelno] = self.counts.get(record.levelno, 0) + 1
        if len(self.first) < FIRST_WARNINGS:
            self.first.append(" ".join(record.getMessage().split())[:300])

    def state(self) -> tuple[dict[int, int], int]:
        return dict(self.counts), len(self.first)

    def since(self, state: tuple[dict[int, int], int]) -> tuple[dict[int, int], list[str]]:
        """The warnings counted since ``state``."""
        counts, first = state
        return ({k: v - counts.get(k, 0) for k, v in self.counts.items()
                 if v > counts.get(k, 0)}, self.first[first:])

    def add(self, more: tuple[dict[int, int], list[str]]) -> None:
        """Count warnings counted elsewhere (``since`` in the other process)."""
        counts, first = more
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        self.first += first[:FIRST_WARNINGS - len(self.first)]

    def get_counts(self) -> list[tuple[str, int]]:
        return [(logging.getLevelName(k), v) for k, v in sorted(self.counts.items(), reverse=True)]


@contextlib.contextmanager
def strict_warnings(strict: bool) -> Iterator[Any]:
    """Count MkDocs warnings, as ``mkdocs build --strict`` does."""
    counter = Warnings()
    logger = logging.getLogger("mkdocs")
    if strict:
        logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)


def abort_on_warnings(counter: Any) -> None:
    """Fail as ``mkdocs build --strict`` does when warnings were logged."""
    from mkdocs.exceptions import Abort

    if counts := counter.get_counts():
        msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        first = counter.first
        raise Abort(f"Aborted with {msg} in strict mode!"
                    + (f" The first: {' | '.join(first)}" if first else ""))
