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
from .lines import LINE_FORMAT
from .storage import dumps_canonical

__all__ = [
    "GENESIS",
    "LINE_FIELDS",
    "line_hash",
    "chain_line",
    "verify_chain",
    "balance",
    "line_effect",
    "carried",
    "carries",
    "totals_by_month",
    "figures",
    "street_figures",
    "totals_by_category",
]

GENESIS = "0" * 64

# The fields of a published line, in the order the CSV export uses. Lines made
# before ``note``, ``format``, ``issue`` and ``replaces`` existed do not have them (see
# ``db.lines``).
LINE_FIELDS = (
    "area", "seq", "entry", "kind", "date", "amount_fen", "category", "purpose",
    "fee_type", "period", "payee", "project", "issue", "household_ref", "receipt",
    "recorded_by", "approved_by", "reverses", "replaces", "note", "published_at", "format",
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
        fmt = line.get("format")
        if isinstance(fmt, int) and fmt > LINE_FORMAT and (
                line.get("prev") != prev or line_hash(line) != line.get("hash")):
            # hashed by a newer Steward's rules, maybe: not to be called altered here
            raise IntegrityError(
                f"{where} is of format {fmt}, newer than this Steward knows (up to "
                f"{LINE_FORMAT}), and its hash is not made as this one makes it: update "
                f"Steward and check again", code="line_format_newer", area=area,
                seq=expected_seq, format=fmt, known=LINE_FORMAT)
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


def line_effect(line: dict[str, Any]) -> tuple[int, int]:
    """What a line adds to (income, expense), both counted net of reversals: a fee
    adds income, an expense adds expense; a reversal takes back what the line it
    reverses added (a reversed fee is no income, a reversed expense no expense), in
    the month the reversal is dated. A line lost in a restore (``db.lost_lines``, 0
    fen) adds to neither, nor does an opening balance (``carried``). So the opening
    balance + income - expense is always the balance."""
    if carries(line):
        return (0, 0)
    fen = int(line["amount_fen"])
    if line.get("kind") == "reversal":
        return (fen, 0) if fen < 0 else (0, -fen)
    return (fen, 0) if fen >= 0 else (0, -fen)


def carries(line: dict[str, Any]) -> bool:
    """Whether a line is of what the accounts carried over from a paper book: an opening
    balance, or the reversal of one typed wrong (category ``opening``: ``db.lines``)."""
    return line.get("kind") == "opening" or (line.get("kind") == "reversal"
                                             and line.get("category") == "opening")


def carried(line: dict[str, Any]) -> int:
    """What a line carries over from before these accounts (an opening balance: the
    money a paper book held, below zero for a deficit; its reversal takes it back), else
    0."""
    return int(line["amount_fen"]) if carries(line) else 0


def totals_by_month(lines: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """{'2025-03': {'income': fen, 'expense': fen}}, net of reversals (``line_effect``);
    a month whose reversals outweigh its new lines may be negative. A line lost in a
    restore (0 fen) makes no month."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"income": 0, "expense": 0})
    for line in lines:
        if line.get("kind") == "lost":
            continue
        income, expense = line_effect(line)
        bucket = out[str(line["date"])[:7]]
        bucket["income"] += income
        bucket["expense"] += expense
    return dict(sorted(out.items()))


def figures(lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every figure an accounts page shows, from one computation: the months, each
    year's totals (the sums of its months), what it carried over from a paper book
    (``opening``) and the balance at its end, and the totals since the first line (the
    sums of the years). Amounts in fen."""
    months = totals_by_month(lines)  # an opening line's month too, with 0 and 0
    opening: dict[str, int] = defaultdict(int)
    for line in lines:
        if carries(line):  # an opening balance, or one corrected (its reversal)
            opening[str(line["date"])[:4]] += carried(line)
    years: dict[str, dict[str, Any]] = {}
    for month, v in months.items():
        year = years.setdefault(month[:4], {"year": month[:4], "income": 0, "expense": 0,
                                            "opening": opening.get(month[:4], 0)})
        year["income"] += v["income"]
        year["expense"] += v["expense"]
    for line in lines:  # a year of lines lost in a restore only: its balance carried
        if line.get("kind") == "lost" and str(line.get("date") or "")[:4] not in years:
            y = str(line.get("date") or "")[:4]
            years[y] = {"year": y, "income": 0, "expense": 0, "opening": opening.get(y, 0)}
    years = dict(sorted(years.items()))
    balance = 0
    for year in years.values():
        year["net"] = year["income"] - year["expense"]
        balance += year["opening"] + year["net"]
        year["balance"] = balance  # at the end of that year
    # opening + income - expense is the sum of the lines' amounts: see line_effect
    income = sum(y["income"] for y in years.values())
    expense = sum(y["expense"] for y in years.values())
    carried_over = sum(opening.values())
    return {"months": [{"month": m, **v, "net": v["income"] - v["expense"]}
                       for m, v in months.items()],
            "years": list(years.values()), "income_fen": income, "expense_fen": expense,
            "opening_fen": carried_over, "balance_fen": carried_over + income - expense}


def street_figures(areas: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The street's totals since each ledger began: the sums of its areas' ``figures``
    (income, expense, opening balance and balance, in fen; an area without lines adds 0).
    Each area's balance is its opening balance + income - expense, and so is the
    street's: a sum that is not says an area's figures are wrong, and nothing is shown."""
    out = {"opening_fen": 0, "income_fen": 0, "expense_fen": 0, "balance_fen": 0}
    count = 0
    for area in areas:
        count += 1
        for key in out:
            out[key] += int(area.get(key) or 0)
    if out["balance_fen"] != out["opening_fen"] + out["income_fen"] - out["expense_fen"]:
        raise IntegrityError(f"the street's balance {out['balance_fen']} fen is not its "
                             f"opening balance + income - expense", code="street_sum")
    return {**out, "areas": count}


def totals_by_category(lines: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Signed sum per category (fee type for income, expense category for spending);
    a line lost in a restore has none."""
    out: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.get("kind") == "lost":
            continue
        out[str(line.get("category") or "other")] += int(line["amount_fen"])
    return dict(sorted(out.items()))
