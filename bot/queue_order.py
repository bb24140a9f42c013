"""The order of /pending (``bot.handlers.queue_list``, ``queue_page``): money first.

/pending listed what waits oldest first, whatever it is: in a busy area the fees, income
and expenses waiting for a second volunteer's approval (maker-checker) came after every
report and opinion, a page of eight at a time, and the volunteer who handles the money
paged through the reports to find them. Now the money entries (a fee, an expense, a
reversal) come first, oldest first, then the rest, oldest first, and the head of the list
says how many of each kind wait (收支：缴费记录 2、支出 1；其余：报事 9、意见 2). 下一页
goes on in that order (``after``), and its count too (``bot.page_count``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from db import labels
from db.entries import Entry, Kind

__all__ = ["MONEY", "key", "grouped", "after", "is_money", "counts"]

MONEY = frozenset({Kind.FEE_INCOME, Kind.EXPENSE, Kind.REVERSAL})


def is_money(kind: object) -> bool:
    return str(kind) in {str(k) for k in MONEY}


def key(entry: Entry) -> tuple[int, int]:
    """Where ``entry`` comes in /pending: the money entries first, each group oldest
    first."""
    return (0 if is_money(entry.kind) else 1, entry.id)


def grouped(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=key)


def after(entries: list[Entry], last: tuple[int, int]) -> list[Entry]:
    """The entries that come after the one whose place is ``last`` (decided meanwhile or
    not)."""
    return [e for e in grouped(entries) if key(e) > last]


def counts(entries: Iterable[Entry], lang: str) -> tuple[str, str] | None:
    """How many of each kind wait, the money's and the rest's ("缴费记录 2、支出 1",
    "报事 9、意见 2"); None unless both are there (one kind of list needs no map)."""
    money: Counter[str] = Counter()
    rest: Counter[str] = Counter()
    for e in entries:
        (money if is_money(e.kind) else rest)[str(e.kind)] += 1
    if not money or not rest:
        return None
    sep = "、" if lang == "zh" else ", "

    def said(counted: Counter[str]) -> str:
        return sep.join(f"{labels.label(labels.KIND, k, lang)} {n}"
                        for k, n in sorted(counted.items(), key=lambda kn: -kn[1]))
    return said(money), said(rest)
