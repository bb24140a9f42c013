"""A fee's amount over time: the street file's amount, then each change made from a
period on (``steward fees set``, ``db.fee_changes``).

A fee of the schedule is due every year or every month (``FeeSchedule.period``). Its
``amount_fen`` is what one payer owed for such a period when the street was set up;
``changes`` lists, oldest first, the first period of each new amount ("2027" for a
yearly fee, "2027-03" for a monthly one). So a period keeps the amount that applied
then: what a household owed and paid for 2025 does not change when 2027's does.

Pure functions of a ``FeeSchedule``; nothing is read or written here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .money import format_fen
from .places import FeeSchedule

__all__ = ["amount_at", "first_month", "last_month", "with_change", "history", "said",
           "period_zh", "covers", "PER_EVERY", "PERIOD"]

# a fee's period as stored: a year (2025) or a month (2025-03); the project's one pattern
# (db.fees reads periods with it too)
PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?\Z")
_YEAR = re.compile(r"\D*(\d{4})")
# 每户每年 ¥120.00: who pays and how often
PER_EVERY = {("household", "year"): "每户每年", ("household", "month"): "每户每月",
             ("unit", "year"): "每单元每年", ("unit", "month"): "每单元每月",
             ("area", "year"): "每年", ("area", "month"): "每月"}


def first_month(period: object) -> str | None:
    """'2027' -> '2027-01', '2027-03' -> '2027-03'; None for a period in other words."""
    match = PERIOD.match(str(period or ""))
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2) or '01'}"


def last_month(period: object) -> str | None:
    """'2027' -> '2027-12', '2027-03' -> '2027-03'; None for a period in other words."""
    match = PERIOD.match(str(period or ""))
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2) or '12'}"


def amount_at(fee: FeeSchedule | None, period: object) -> int | None:
    """What one payer owes of ``fee`` for one of its periods (a year of a yearly fee, a
    month of a monthly one) that begins with ``period``'s first month: the amount of the
    last change from a period not after it, else the street file's. None when no
    amount applies, or ``period`` is in other words ('2025上半年')."""
    start = first_month(period)
    if fee is None or start is None:
        return None
    amount = fee.amount_fen
    for since, fen in fee.changes:
        begins = first_month(since)
        if begins is not None and begins <= start:
            amount = fen
    return amount or None


def with_change(fee: FeeSchedule, since: str, amount_fen: int) -> FeeSchedule:
    """``fee`` with ``amount_fen`` from ``since`` on (a change from that very period
    before is replaced: a typo corrected before anyone paid)."""
    changes = {p: fen for p, fen in fee.changes}
    changes[since] = amount_fen
    return replace(fee, changes=tuple(sorted(changes.items(),
                                             key=lambda c: first_month(c[0]) or c[0])))


def covers(since: str, period: object) -> bool:
    """Whether a payment for ``period`` is for a period from ``since`` on (so a change
    of the amount from ``since`` would change what it should have been): its last
    month is not before ``since``'s first. A period in other words ('2027上半年')
    counts by the year it names."""
    start, end = first_month(since), last_month(period)
    if start is None:
        return False
    if end is None:
        year = _YEAR.match(str(period or ""))
        return bool(year) and year.group(1) >= start[:4]  # type: ignore[union-attr]
    return end >= start


def period_zh(period: str) -> str:
    """'2027' -> '2027 年', '2027-03' -> '2027 年 3 月'."""
    match = PERIOD.match(period)
    if not match:
        return period
    return f"{match.group(1)} 年" + (f" {int(match.group(2))} 月" if match.group(2) else "")


def _before(period: str) -> str:
    """The period before ``period``, in words: '2027' -> '2026 年', '2027-03' -> '2027 年 2
    月', '2027-01' -> '2026 年 12 月'."""
    match = PERIOD.match(period)
    if not match:
        return period
    year = int(match.group(1))
    if match.group(2) is None:
        return f"{year - 1} 年"
    month = int(match.group(2)) - 1
    return f"{year - 1} 年 12 月" if month == 0 else f"{year} 年 {month} 月"


def history(fee: FeeSchedule) -> list[dict[str, object]]:
    """Each amount of ``fee`` with the periods it applies to, oldest first:
    ``{"from": first period or None (since the street was set up), "until": last
    period in words or None (still), "amount_fen": fen or None (none fixed)}``."""
    out: list[dict[str, object]] = [{"from": None, "until": None,
                                     "amount_fen": fee.amount_fen or None}]
    for since, fen in fee.changes:
        out[-1]["until"] = _before(since)
        out.append({"from": since, "until": None, "amount_fen": fen})
    return out


def said(fee: FeeSchedule) -> str:
    """The fee's amounts, as the fees page says them: 每户每年 ¥120.00（2026 年及以前）；
    2027 年起 ¥150.00. Empty when no amount was ever fixed."""
    if not fee.amount_fen and not fee.changes:
        return ""
    every = PER_EVERY.get((str(fee.per), str(fee.period)), "")
    parts = []
    for n, amount in enumerate(history(fee)):
        fen = amount["amount_fen"]
        money = format_fen(int(fen)) if isinstance(fen, int) else "不定额"
        if amount["from"] is None:
            until = f"（{amount['until']}及以前）" if amount["until"] else ""
            parts.append(f"{every} {money}{until}")
        else:
            parts.append(f"{period_zh(str(amount['from']))}起{'' if n else every} {money}")
    return "；".join(parts)
