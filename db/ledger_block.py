"""Where a published ledger line is kept: ``areas/<area>/ledger-NNNNN``, ``LEDGER_BLOCK``
lines a partition, line ``seq`` in block ``(seq - 1) // LEDGER_BLOCK``. One place for
every module that reads or writes a line by its number (``db.accounts``,
``db.startcheck``, ``db.lost_lines``, ``db.found_lines``): a second copy of the name
that drifted would read or write a line where nothing else looks for it."""

from __future__ import annotations

__all__ = ["LEDGER_BLOCK", "ledger_partition"]

LEDGER_BLOCK = 500  # lines per ledger partition


def ledger_partition(area: str, seq: int) -> str:
    """The partition that holds line ``seq`` (1, 2, ...) of ``area``'s ledger."""
    return f"areas/{area}/ledger-{(seq - 1) // LEDGER_BLOCK:05d}"
