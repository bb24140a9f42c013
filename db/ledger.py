"""The ledger of a management area: append-only lines in a sha256 hash chain,
and the sums people ask of it (balance, totals by month and by category).

A line's ``hash`` is ``sha256(canonical JSON of the line without "hash")``,
and that JSON includes ``prev``, the hash of the line before (64 zeros for the
first). Changing any stored line breaks its own hash; deleting or reordering
lines breaks the next line's ``prev``. Anyone with the published JSON can
recompute the chain (see ``verify_chain``).

Amounts are signed integer fen: income positive, expense negative; a reversal
carries the negated amount of the line it reverses.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import IntegrityError
from .storage import dumps_canonical

__all__ = [
    "GENESIS",
    "LINE_FIELDS",
    "line_hash",
    "chain_line",
    "verify_chain",
    "balance",
    "totals_by_month",
    "totals_by_category",
]

GENESIS = "0" * 64

# The fields of a published line, in the order the CSV export uses. Lines made
# before ``note`` and ``format`` existed do not have them (see ``db.lines``).
LINE_FIELDS = (
    "area", "seq", "entry", "kind", "date", "amount_fen", "category", "purpose",
    "fee_type", "period", "payee", "project", "household_ref", "receipt",
    "recorded_by", "approved_by", "reverses", "note", "published_at", "format",
    "prev", "hash",
)


def line_hash(line: dict[str, Any]) -> str:
    body = {k: v for k, v in line.items() if k != "hash"}
    return hashlib.sha256(dumps_canonical(body).encode("utf-8")).hexdigest()


def chain_line(fields: dict[str, Any], *, seq: int, prev: str) -> dict[str, Any]:
    """Make the next line of a chain: every published field, ``seq``, ``prev``, ``hash``."""
    line = {k: fields.get(k) for k in LINE_FIELDS if k not in ("seq", "prev", "hash")}
    line["seq"] = seq
    line["prev"] = prev
    if not isinstance(line["amount_fen"], int) or isinstance(line["amount_fen"], bool):
        raise TypeError("ledger amounts are integer fen")
    line["hash"] = line_hash(line)
    return line


def verify_chain(area: str, lines: Sequence[dict[str, Any]]) -> str:
    """Check one area's chain; return its head hash, or raise at the first bad line."""
    prev = GENESIS
    for expected_seq, line in enumerate(lines, start=1):
        where = f"area {area}, ledger line {line.get('seq')} (entry #{line.get('entry')})"
        if line.get("seq") != expected_seq:
            raise IntegrityError(f"{where}: expected line {expected_seq}; a line is missing "
                                 f"or out of order", code="chain_gap", area=area,
                                 seq=line.get("seq"))
        if line.get("prev") != prev:
            raise IntegrityError(f"{where}: 'prev' does not match the hash of the line before",
                                 code="chain_prev", area=area, seq=expected_seq)
        if line_hash(line) != line.get("hash"):
            raise IntegrityError(f"{where}: hash does not match its content; the record "
                                 f"was altered", code="chain_hash", area=area, seq=expected_seq)
        prev = line["hash"]
    return prev


def balance(lines: Iterable[dict[str, Any]]) -> int:
    return sum(int(line["amount_fen"]) for line in lines)


def totals_by_month(lines: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """{'2025-03': {'income': fen, 'expense': fen}} (expense as a positive number)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"income": 0, "expense": 0})
    for line in lines:
        amount = int(line["amount_fen"])
        bucket = out[str(line["date"])[:7]]
        if amount >= 0:
            bucket["income"] += amount
        else:
            bucket["expense"] += -amount
    return dict(sorted(out.items()))


def totals_by_category(lines: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Signed sum per category (fee type for income, expense category for spending)."""
    out: dict[str, int] = defaultdict(int)
    for line in lines:
        out[str(line.get("category") or "other")] += int(line["amount_fen"])
    return dict(sorted(out.items()))
