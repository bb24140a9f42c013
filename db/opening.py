"""An area's opening balance (期初结转): the money its steward body held when its accounts
moved here from a paper book (``steward opening-balance``).

Before, an area's accounts started at ¥0.00: the cash and the bank account already held
had to be recorded as an income of the year (an area-wide 其他费用), or its site showed a
balance below zero. ``record_opening`` books it once per area, as a ledger line of its
own kind (``opening``, chained like every line: ``db.lines``), dated the day the paper
book was closed, before or after the area's other lines are recorded; but once the
area's accounts were signed (a head: the notice at the gate), one dated before the last
signed head is booked the day it is recorded, its note beginning 补记：纸质账本截至 <its
date> 的结存, as a fee found late is (``db.accounts``): dated back, it would change the
balance of months and year-ends the notices at the gate printed. It is no income
and no expense of any year (``db.ledger.line_effect``), but part of the balance: the
accounts page shows it apart, as 期初结转（纸质账本）.

The amount is whole fen, and may be below zero: a paper book that ended in deficit (a
committee member paid a bill from her own pocket, to be paid back) carries it over as
it is; the line and the accounts page say so. It is recorded by an admin or a volunteer
of the area, from the paper book in hand, and booked at once (there is no second
volunteer's approval: the paper book and the notice at the gate are the check); it
cannot be recorded twice. One typed wrong is corrected by /reverse N with the right
amount, approved by another volunteer as every correction is (``db.accounts.reverse``):
the approval books the reversal (冲正第 N 笔：<why>) and the right opening balance, naming
the line it replaces, as of the same day; both carried over (no income or expense).

Refused: a second one for the area, a date after today, a date after the area's first
line (the paper book's balance is of a day before Steward's accounts begin: else money
would be counted twice), an amount of 0 or beyond the street's ceiling either way.
"""

from __future__ import annotations

from typing import Any

from . import checks
from .accounts import Accounts
from .core import Core, Part, clip, serialized
from .entries import Kind, Status
from .errors import DomainError
from .ledger import carries
from .lines import LATE
from .records import Records
from .store import Transaction

__all__ = ["Opening", "MAX_NOTE"]

MAX_NOTE = 200  # what the line says of the paper book (2019-2024 年手写账本，经业主代表核对)


class Opening(Part):
    """Each area's opening balance: one entry of kind ``opening_balance`` and its line."""

    def __init__(self, core: Core, records: Records, accounts: Accounts) -> None:
        super().__init__(core)
        self.records = records
        self.accounts = accounts

    def opening(self, area: str) -> dict[str, Any] | None:
        """The line of ``area``'s opening balance, or None when it has none; ``as_of``
        added: the day of the paper book's balance (the line's date, or, booked after a
        signed head, its own date kept as ``occurred_on``)."""
        self.core.check_area(area)
        for entry in self.records.entries(area=area, kind=Kind.OPENING_BALANCE,
                                          status=Status.APPROVED):  # not one corrected
            seq = entry.data.get("ledger_seq")
            if isinstance(seq, int):
                line = self.accounts.line(area, seq)
                return {**line, "as_of": str(entry.data.get("occurred_on") or line["date"])}
        return None

    @serialized
    def record_opening(self, actor_id: int, area: str, amount_fen: int, as_of: str, *,
                       note: str = "", check_only: bool = False) -> dict[str, Any]:
        """Book ``amount_fen`` (below zero: a deficit) as what ``area`` held on ``as_of``
        (a date, YYYY-MM-DD) when its paper book was closed; an admin or a volunteer of
        the area. Returns the line (with ``check_only``: refuses as it would, writes
        nothing and returns the fields it would publish, and, dated before the area's last
        signed head, ``occurred_on`` and that head's day, ``signed``: it is booked today)."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        self.core.require_steward(actor, area)
        if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
            raise DomainError("an amount is whole fen", code="bad_amount")
        if amount_fen == 0:
            raise DomainError("an opening balance of 0 needs no line", code="zero")
        if abs(amount_fen) > self.core.amount_ceiling:
            raise DomainError("the amount is larger than the street allows",
                              code="too_large", ceiling=self.core.amount_ceiling)
        day = checks.day(as_of, "the date").isoformat()
        today = self.core.stamp()[:10]
        if day > today:
            raise DomainError("the paper book's date is after today", code="bad_date",
                              what="the date")
        found = self.opening(area)
        if found is not None:
            raise DomainError(f"{area} has its opening balance already: line {found['seq']}, "
                              f"{found['amount_fen']} fen as of {found['date']}",
                              code="opening_exists", seq=found["seq"], date=found["date"],
                              amount=found["amount_fen"], area=area)
        lines = self.accounts.ledger(area)
        first = min((str(x.get("date") or "")[:10] for x in lines
                     if x.get("date") and not carries(x)), default="")
        if first and day > first:
            raise DomainError(f"{area}'s accounts here begin on {first}: the paper book's "
                              f"balance is of a day up to then", code="opening_after_lines",
                              first=first, area=area)
        note = clip(checks.text(note, "a note").strip(), MAX_NOTE)
        if note:
            self.core.names.check({"purpose": note})  # public, on the line (db.ledger_names)
        data: dict[str, Any] = {"amount_fen": amount_fen, "date": day, "note": note}
        wrong = [x["reverses"] for x in lines if carries(x) and x.get("kind") == "reversal"]
        if wrong and not any(x.get("replaces") == wrong[-1] for x in lines):
            data["replaces"] = wrong[-1]  # one reversed with no right amount: this is it
        if checks.flag(check_only, "check_only"):
            from .heads import last_signed_day  # as db.accounts: the command's path only

            signed = last_signed_day(self.store.root, area)
            if signed and day < signed:  # booked today, as db.accounts books it
                return {"area": area, "kind": "opening", "amount_fen": amount_fen,
                        "date": today, "occurred_on": day, "signed": signed,
                        "note": "；".join(x for x in (f"{LATE}：纸质账本截至 {day} 的结存", note)
                                         if x)}
            return {"area": area, "kind": "opening", "amount_fen": amount_fen, "date": day,
                    "note": note or None}

        def run(tx: Transaction) -> dict[str, Any]:
            entry = self.records.new(tx, Kind.OPENING_BALANCE, area, actor, data)
            return self.accounts.publish(tx, entry, actor)

        line: dict[str, Any] = self.core.commit(run)
        return line
