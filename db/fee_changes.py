"""Changing a fee's amount from a period on (``steward fees set``).

A street sets its fees in its street file at ``init``; a new year's 卫生费 is often
dearer. ``change_fee`` records that ``fee_type`` of an area is ``amount_fen`` from
``since`` (a year of a yearly fee, a month of a monthly one) on: the area's schedule
in the street partition gets the change (``FeeSchedule.changes``, read by
``db.fee_amounts.amount_at``), and the partition's table ``fee_changes`` the record of
who changed it, when and why, both in one durable write (the journal holds it as any
write). Earlier periods keep their amount: what was owed and paid for them stays.

Refused: a fee the area's schedule does not list, a fee with no period (a year or a
month) to change from, an amount that is not whole fen above zero and under the
street's ceiling, the amount already in force, and a first period some payment is
already for (booked or waiting): its payer paid the old amount, and the fees page would
count them against the new one. Start from a period nobody has paid yet, or reverse
those payments first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import checks
from . import fees as fee_rules
from .config import street_to_dict
from .core import Core, Part, clip, serialized
from .entries import Kind, Status
from .errors import DomainError
from .fee_amounts import amount_at, covers, with_change
from .people import public_role
from .records import Records
from .store import Transaction

__all__ = ["FeeChanges", "MAX_NOTE"]

MAX_NOTE = 200  # why it changed (2026年12月业主大会决定), shown on the fees page


class FeeChanges(Part):
    """The fee amounts' changes (partition ``street``, table ``fee_changes``)."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records

    def fee_changes(self, area: str) -> list[dict[str, Any]]:
        """The changes of ``area``'s fee amounts, in the order they were made: ``area``,
        ``fee_type``, ``from`` (the first period), ``amount_fen``, ``before_fen`` (the
        amount that applied to that period before), ``note``, ``role`` (who, as the
        public sees it), ``at``."""
        self.core.check_area(area)
        with self.store.lock:
            found = sorted((d for d in self.store.all("street", "fee_changes")
                            if d.get("area") == area), key=lambda d: int(d["doc_id"]))
        return [{k: v for k, v in d.items() if k not in ("doc_id", "person")} for d in found]

    def fee_period(self, area: str, fee_type: str, since: object) -> str:
        """``since`` as the first period of a change of ``fee_type`` in ``area``: a year
        ('2027', '2027年') of a yearly fee; a month ('2027-03', '2027年3月') or a year
        (its January) of a monthly one. DomainError says what is wrong."""
        self.core.check_area(area)
        fee = fee_rules.schedule(self.core.street, area, checks.text(fee_type, "a fee"))
        if fee is None:
            raise DomainError(f"{area} has no fee schedule: no fee has an amount to change",
                              code="no_fee_schedule", area=area)
        if fee.period not in ("year", "month"):
            raise DomainError(f"{fee_type} of {area} is not due every year or month: its "
                              f"schedule names no period to change its amount from",
                              code="fee_no_period", fee=fee_type)
        typed = checks.text(since, "the first period", required=True)
        period = fee_rules.normalise_period(typed)
        if period is None:
            raise DomainError(f"{typed!r} is not a year or a month (2027, 2027-03)",
                              code="bad_period", period=typed)
        if fee.period == "year" and len(period) != 4:
            raise DomainError(f"{fee_type} is due every year: its amount changes from a "
                              f"year ({period[:4]}), not a month", code="yearly_from_month",
                              period=period, area=area)
        return period if fee.period == "year" or len(period) == 7 else f"{period}-01"

    @serialized
    def change_fee(self, actor_id: int, areas: str | list[str], fee_type: str,
                   amount_fen: int, since: str, *, note: str = "",
                   check_only: bool = False) -> list[dict[str, Any]]:
        """Record that one payer owes ``amount_fen`` of ``fee_type`` for each period
        from ``since`` on, in ``areas`` (one area's id, or several: all in one write, or
        none if any is refused); earlier periods keep theirs. An admin, or a volunteer
        of each area; returns the records. ``check_only``: refuse as it would, write
        nothing (what a confirmation shows first)."""
        actor = self.core.require_person(actor_id)
        if isinstance(areas, str):
            areas = [areas]
        if not isinstance(areas, list | tuple) or not areas:
            raise DomainError("name one area or more", code="no_area", area=str(areas))
        amount = checks.whole(amount_fen, "an amount in fen")
        if amount > self.core.amount_ceiling:
            raise DomainError("the amount is larger than the street allows",
                              code="too_large", ceiling=self.core.amount_ceiling)
        note = clip(checks.text(note, "a note").strip(), MAX_NOTE)
        street, records = self.core.street, []
        for area in dict.fromkeys(areas):
            self.core.check_area(area)
            self.core.require_steward(actor, area)
            period = self.fee_period(area, fee_type, since)
            fee = fee_rules.schedule(street, area, fee_type)
            assert fee is not None  # fee_period refused an area without a schedule
            before = amount_at(fee, period)
            if before == amount:
                raise DomainError(f"{fee_type} of {area} is already {amount} fen from "
                                  f"{period}", code="same_amount", fee=fee_type,
                                  period=period, area=area)
            self._none_paid(area, fee_type, period)
            records.append({"area": area, "fee_type": fee_type, "from": period,
                            "amount_fen": amount, "before_fen": before, "note": note,
                            "role": public_role(actor, area), "person": actor["id"],
                            "at": self.core.stamp()})
            changed = with_change(fee, period, amount)
            street = replace(street, _index={}, areas=tuple(a if a.id != area else replace(
                a, fees=tuple(changed if f.fee_type == fee_type else f for f in a.fees))
                for a in street.areas))
        if checks.flag(check_only, "check_only"):
            return [{k: v for k, v in r.items() if k != "person"} for r in records]

        def run(tx: Transaction) -> None:
            top = max((int(d["doc_id"]) for d in self.store.all("street", "fee_changes")),
                      default=0)
            for n, record in enumerate(records, 1):
                tx.put("street", "fee_changes", top + n, record)
                self.core.notes.areas.add(str(record["area"]))
            doc = self.store.get("street", "street", 1) or {}
            tx.put("street", "street", 1, {**doc, "street": street_to_dict(street)})
            self.core.notes.kinds.add("street")

        try:
            self.core.commit(run)
        finally:
            self.core.street = None  # read again from the store: the new amount, or the old
        return [{k: v for k, v in r.items() if k != "person"} for r in records]

    def _none_paid(self, area: str, fee_type: str, period: str) -> None:
        """Refuse a change from ``period`` when a payment of the fee (booked or waiting)
        is already for it or a later one: it was paid at the amount before."""
        paid = sorted(str(e.data.get("period")) for e in self.records.entries(
            area=area, kind=Kind.FEE_INCOME)
            if e.status in (Status.APPROVED, Status.PENDING)
            and e.data.get("fee_type") == fee_type and covers(period, e.data.get("period")))
        if paid:
            raise DomainError(
                f"{len(paid)} payment(s) of {fee_type} in {area} are already for {period} "
                f"or later (booked or waiting, first {paid[0]}): they were paid at the "
                f"amount before", code="fee_paid_from", fee=fee_type, period=period,
                count=len(paid), first=paid[0], area=area)
