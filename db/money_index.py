"""The repository's money indexes (see ``db.indexes`` for how indexes and caches
are kept and undone): each area's ledger head and month totals (``LedgerIndex``) and
each payer's fee entries (``FeeIndex``), so that a new fee's duplicates, a household's
payments and an area's months are found without reading old years."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .deferred import Deferred
from .entries import Entry, Kind
from .entry_table import add_in_order
from .fees import payer
from .ledger import carried, line_effect

if TYPE_CHECKING:
    from .indexes import UndoLog

__all__ = ["LedgerIndex", "FeeIndex"]


class LedgerIndex:
    """Each area's ledger head and (income, expense) per month of its published
    lines (indexes), and the last lines asked for (a cache, see
    ``Accounts.ledger_tail``)."""

    def __init__(self, undo: UndoLog) -> None:
        self.undo = undo
        self.clear()

    def clear(self) -> None:
        self.head: dict[str, tuple[int, str]] = {}
        self.months: dict[str, dict[str, tuple[int, int]]] = {}  # area -> "YYYY-MM" -> fen
        self.referenced: dict[str, int] = {}  # area -> the highest line an entry refers to
        self.carried: dict[str, int] = {}  # area -> its opening balance (db.opening), fen
        self.forget()

    def forget(self) -> None:
        # (area, n) -> (ledger head, its last n lines)
        self.tails: dict[tuple[str, int], tuple[int, list[dict[str, Any]]]] = {}

    def load(self, area: str, line: dict[str, Any]) -> None:
        months = self.months.setdefault(area, {})
        month, totals = _counted(months, line)
        months[month] = totals
        if carried(line):
            self.carried[area] = self.carried.get(area, 0) + carried(line)
        head = self.head.get(area)
        if head is None or line["seq"] > head[0]:
            self.head[area] = (int(line["seq"]), line["hash"])

    def refer(self, doc: dict[str, Any]) -> None:
        """Note the line an entry read from its partition refers to (on opening)."""
        seq = (doc.get("data") or {}).get("ledger_seq")
        if isinstance(seq, int) and seq > self.referenced.get(doc["area"], 0):
            self.referenced[doc["area"]] = seq

    def add(self, area: str, line: dict[str, Any]) -> None:
        """A line published (its seq follows the head)."""
        self.undo.set(self.head, area, (int(line["seq"]), line["hash"]))
        self.undo.set(self.referenced, area, int(line["seq"]))
        months = self.months.setdefault(area, {})
        month, totals = _counted(months, line)
        self.undo.set(months, month, totals)
        if carried(line):
            self.undo.set(self.carried, area, self.carried.get(area, 0) + carried(line))


_SEQ = 1 << 48  # booked: seq * _SEQ + amount in fen (one int an entry, not a tuple)


class FeeIndex:
    """Each payer's fee entries by area: (area, payer) -> [(entry id, fee type,
    period)] (an index; a fee entry's payer, fee and period never change). What a
    new fee may repeat, and what a household has paid, without reading old years.

    ``booked`` (entry id -> its ledger line and amount, packed in one int) is
    filled as the entries are read on opening and as fees are published; an id
    it lacks is read from the entry itself (``Accounts.household_fees``)."""

    # Made on first use when a read-only snapshot restores them (``db.deferred``).
    by_payer: dict[tuple[str, str], list[tuple[int, str, str]]] = \
        Deferred()  # type: ignore[assignment]
    booked: dict[int, int] = Deferred()  # type: ignore[assignment]
    _deferred: Callable[[], dict[str, Any]] | None = None

    def __init__(self, undo: UndoLog) -> None:
        self.undo = undo
        self.clear()

    def clear(self) -> None:
        self._deferred = None
        self.by_payer = {}
        self.booked = {}

    def load(self, doc: dict[str, Any]) -> None:
        if doc["kind"] == Kind.FEE_INCOME:
            key, item = _fee(doc)
            add_in_order(self.by_payer.setdefault(key, []), item)
            d = doc.get("data") or {}
            seq, amount = d.get("ledger_seq"), d.get("amount_fen")
            if isinstance(seq, int) and isinstance(amount, int) and 0 <= amount < _SEQ:
                self.booked[int(doc["id"])] = seq * _SEQ + amount

    def unload(self, doc: dict[str, Any]) -> None:
        if doc["kind"] == Kind.FEE_INCOME:
            key, item = _fee(doc)
            found = self.by_payer.get(key)
            if found is not None and item in found:
                found.remove(item)
            self.booked.pop(int(doc["id"]), None)

    def book(self, entry: Entry, seq: int) -> None:
        """A fee entry published as line ``seq`` (in a commit)."""
        amount = entry.data.get("amount_fen")
        if entry.kind == Kind.FEE_INCOME and isinstance(amount, int) and 0 <= amount < _SEQ:
            self.undo.set(self.booked, entry.id, seq * _SEQ + amount)

    def line_of(self, eid: int) -> tuple[int, int] | None:
        """(ledger line, amount in fen) of a published fee entry, if known here."""
        packed = self.booked.get(eid)
        return None if packed is None else divmod(packed, _SEQ)

    def add(self, entry: Entry) -> None:
        d = entry.data
        self.undo.append(self.by_payer.setdefault((entry.area, payer(d)), []),
                         (entry.id, str(d.get("fee_type")), str(d.get("period"))))

    def of(self, area: str, who: str) -> list[tuple[int, str, str]]:
        return list(self.by_payer.get((area, who), ()))


def _fee(doc: dict[str, Any]) -> tuple[tuple[str, str], tuple[int, str, str]]:
    """A fee entry's (area, payer) and (id, fee type, period), the strings interned."""
    d = doc.get("data") or {}
    return ((sys.intern(str(doc["area"])), sys.intern(payer(d))),
            (int(doc["id"]), sys.intern(str(d.get("fee_type"))),
             sys.intern(str(d.get("period")))))


def _counted(months: dict[str, tuple[int, int]], line: dict[str, Any]
             ) -> tuple[str, tuple[int, int]]:
    """A month's (income, expense) with ``line`` counted in."""
    month = str(line.get("date") or "")[:7]
    income, expense = months.get(month, (0, 0))
    add_income, add_expense = line_effect(line)  # net of reversals, as the site counts
    return month, (income + add_income, expense + add_expense)
