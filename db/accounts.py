"""Money and the ledger of each management area: publishing an approved fee,
expense or reversal as a ledger line (hash-chained, 500 lines per partition
``areas/<area>/ledger-<block>``), reversing a published entry, the balance
and month totals kept as lines are published, the last lines, and checking
every chain against the entries it was made from.

The hash chain itself is ``db.ledger``; amounts are integer fen throughout.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import audit_ledger, checks, fees
from . import ledger as ledger_rules
from .core import Core, Part, serialized
from .entries import FEE_TYPES, LEDGER_KINDS, Entry, Kind, Status, approval_event, validate_data
from .errors import DomainError, IntegrityError, NotFound
from .ledger_block import LEDGER_BLOCK, ledger_partition
from .lines import found_from, line_fields
from .lost_lines import is_lost
from .money_index import LedgerIndex
from .people import acting_role
from .records import Records
from .store import Transaction

__all__ = ["Accounts", "LEDGER_BLOCK", "RECENT_TWINS"]

RECENT_TWINS = 100  # lines of an area looked through for an expense recorded twice

REPLACE_DAYS = 62  # how long a line reversed is offered to be replaced (two notices)
_KEPT = 1000  # ledger tails kept before they are all dropped (and read again)


class Accounts(Part):
    """Each area's money: its ledger lines, balance and month totals."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records
        records.replaceable = self.replaceable_line  # what a new fee or expense replaces

    @serialized
    def reverse(self, area: str, seq: int, actor_id: int, reason: str, *,
                right_fen: int | None = None) -> Entry:
        """Record a reversing entry for line ``seq`` of ``area``'s ledger (a published
        fee or expense, or the opening balance); another volunteer approves it before it
        is published. An opening balance typed wrong is reversed with the right amount,
        ``right_fen`` (whole fen, below zero for a deficit): the approval books it in the
        line's place, as of the same day (``publish``). Only an opening balance's reversal
        takes one: a fee or expense in a reversed one's place is an entry of its own."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        self.core.require_steward(actor, area)
        line = self.reversible_line(area, seq)
        reason = checks.text(reason, "the reason of a reversal").strip()
        if not reason:
            raise DomainError("a reversal needs a reason", code="reason_required")
        self.core.names.check({"reason": reason})  # the line says it (db.ledger_names)
        original = self.core.entry(line["entry"])
        data = {"reverses": original.id, "line": int(line["seq"]), "reason": reason,
                "amount_fen": abs(int(original.data["amount_fen"]))}  # an opening's: < 0 too
        if right_fen is not None:
            data["right_fen"] = self._right_opening(original, right_fen)
        validate_data(Kind.REVERSAL, data)
        return self.core.commit(lambda tx: self.records.new(tx, Kind.REVERSAL, area, actor,
                                                            data))

    def _right_opening(self, original: Entry, right_fen: object) -> int:
        """``right_fen``, the right amount of the opening balance ``original``, if it may
        be; else DomainError says why (as ``db.opening`` refuses an amount)."""
        if original.kind != Kind.OPENING_BALANCE:
            raise DomainError("only an opening balance is reversed with the right amount: "
                              "record the right fee or expense in its place",
                              code="right_not_opening")
        if isinstance(right_fen, bool) or not isinstance(right_fen, int):
            raise DomainError("an amount is whole fen", code="bad_amount")
        if right_fen == 0:
            raise DomainError("an opening balance of 0 needs no line: reverse it alone",
                              code="zero")
        if abs(right_fen) > self.core.amount_ceiling:
            raise DomainError("the amount is larger than the street allows",
                              code="too_large", ceiling=self.core.amount_ceiling)
        if right_fen == int(original.data["amount_fen"]):
            raise DomainError("the right amount is the amount booked: nothing to correct",
                              code="right_same", amount=right_fen)
        return right_fen

    @property
    def ix(self) -> LedgerIndex:
        return self.core.ledger  # through the property: restored first if put off (``Core``)

    def reversible_line(self, area: str, seq: int) -> dict[str, Any]:
        """Line ``seq`` of ``area`` if it may be reversed now (a published fee or
        expense, not reversed, no reversal of it waiting); else DomainError says why."""
        line = self.line(area, seq)
        if line.get("kind") == "reversal":
            raise DomainError("this line is itself a reversal", code="is_reversal",
                              seq=seq, area=area, reverses=line.get("reverses"))
        if is_lost(line):  # no money, no entry: nothing to reverse (``db.lost_lines``);
            # its first line maybe found again by a later restore (``db.found_lines``)
            found = next((int(x["seq"]) for x in self.ledger(area)[seq:]
                          if found_from(x) == seq), None)
            raise DomainError("this line was lost in a restore", code="is_lost", seq=seq,
                              area=area, found=found)
        original = self.core.entry(line["entry"])
        if original.status == Status.REVERSED:
            by = next((str(other["seq"]) for other in reversed(self.ledger(area))
                       if other.get("kind") == "reversal" and other.get("reverses") == seq),
                      "?")  # the line that reversed it: there is one once it is published
            raise DomainError("this line has already been reversed", code="already_reversed",
                              seq=seq, by=by)
        self._check_reversible(area, original, seq)
        for e in self.records.entries(area=area, kind=Kind.REVERSAL, status=Status.PENDING):
            if e.data.get("reverses") == original.id:
                raise DomainError("a reversal of this line is already waiting for approval",
                                  code="reversal_pending", seq=seq, id=e.id)
        return line

    def replaceable_line(self, area: str, kind: Kind | str, seq: object, *,
                         exclude: int | None = None) -> dict[str, Any]:
        """Line ``seq`` of ``area`` if a new entry of ``kind`` (a fee or an expense)
        may name it as the line it replaces (代替第 N 笔): a line of the same kind
        (income for a fee, expense for an expense) that has been reversed and that no
        other line replaces, nor another entry waiting for approval (but ``exclude``,
        the entry being approved); else DomainError says why."""
        self.core.check_area(area)
        kind = checks.choice(Kind, kind, "kind", "bad_kind")
        if kind not in (Kind.FEE_INCOME, Kind.EXPENSE):
            raise DomainError("only a fee or an expense replaces a reversed line",
                              code="replaces_bad_kind", kind=str(kind))
        seq = checks.whole(seq, "the number of the line replaced")
        line = self.line(area, seq)
        if line.get("kind") == "reversal":
            raise DomainError(f"line {seq} is a reversal; name the line it reversed",
                              code="replaces_reversal", seq=seq,
                              reverses=line.get("reverses"))
        want = "income" if kind == Kind.FEE_INCOME else "expense"
        if line.get("kind") != want:
            raise DomainError(f"line {seq} is {line.get('kind')}, not {want}: a line is "
                              f"replaced by one of its own kind", code="replaces_other_kind",
                              seq=seq)
        if self.core.entry(int(line["entry"])).status != Status.REVERSED:
            raise DomainError(f"line {seq} has not been reversed: reverse it first (its "
                              "reversal approved), then enter the right one",
                              code="replaces_not_reversed", seq=seq)
        by = next((other["seq"] for other in self.ledger(area)
                   if other.get("replaces") == seq), None)
        if by is not None:
            raise DomainError(f"line {seq} is already replaced by line {by}",
                              code="already_replaced", seq=seq, by=by)
        for e in self.records.entries(area=area, kind=kind, status=Status.PENDING):
            if e.id != exclude and e.data.get("replaces") == seq:
                raise DomainError(f"#{e.id}, waiting for approval, already replaces line {seq}",
                                  code="replacement_pending", seq=seq, id=e.id)
        return line

    def open_replacements(self, area: str, kind: Kind | str, *, days: int = REPLACE_DAYS,
                          limit: int = 3) -> list[dict[str, Any]]:
        """The lines of ``area`` that a new entry of ``kind`` (a fee or an expense) may
        name as the line it replaces now (``replaceable_line``), of those reversed in
        the last ``days`` days, newest reversal first, at most ``limit``: what /expense
        and /income offer any volunteer of the area, so the right line is recorded in
        the reversed one's place when the reversal's author is away. Each is the line
        with ``reversed_by``, the number of the line that reversed it. A line reversed
        longer ago is not offered (a duplicate reversed needs nothing in its place),
        though it may still be named."""
        self.core.check_area(area)
        kind = checks.choice(Kind, kind, "kind", "bad_kind")
        if kind not in (Kind.FEE_INCOME, Kind.EXPENSE):
            raise DomainError("only a fee or an expense replaces a reversed line",
                              code="replaces_bad_kind", kind=str(kind))
        days = checks.whole(days, "how many days")
        limit = checks.whole(limit, "how many lines")
        since = (self.core.clock() - timedelta(days=days)).isoformat(timespec="seconds")
        reversals = [(e.data.get("ledger_seq"), e) for e in self.records.entries(
            area=area, kind=Kind.REVERSAL, status=Status.APPROVED)
            if str(approval_event(e).get("at") or "") >= since]
        out: list[dict[str, Any]] = []
        for by, rev in sorted(reversals, key=lambda x: -int(x[0] or 0)):
            seq = rev.data.get("line") or self.core.entry(int(rev.data["reverses"])).data.get(
                "ledger_seq")
            if len(out) >= limit or not isinstance(seq, int) or not isinstance(by, int):
                continue
            try:
                out.append({**self.replaceable_line(area, kind, seq), "reversed_by": by})
            except DomainError:
                continue  # of the other kind, replaced already, or a replacement waiting
        return out

    def recent_reversible(self, area: str, limit: int = 8) -> list[dict[str, Any]]:
        """The newest lines of ``area`` that may be reversed now, newest first, at most
        ``limit`` (what /reverse without a number offers)."""
        self.core.check_area(area)
        limit = checks.whole(limit, "how many lines")
        out: list[dict[str, Any]] = []
        for part in reversed(self.store.partitions(f"areas/{area}/ledger-")):
            for line in sorted(self.store.all(part, "ledger"), key=lambda x: -int(x["seq"])):
                try:
                    out.append(self.reversible_line(area, int(line["seq"])))
                except DomainError:
                    continue
                if len(out) >= limit:
                    return out
        return out

    def _check_reversible(self, area: str, original: Entry, seq: int | None) -> None:
        if original.kind not in (Kind.FEE_INCOME, Kind.EXPENSE, Kind.OPENING_BALANCE) or \
                original.status != Status.APPROVED or original.area != area or \
                (seq is not None and original.data.get("ledger_seq") != seq):
            raise DomainError("only a published income or expense line of this area can be "
                              "reversed", code="not_reversible", seq=seq, area=area)

    def publish(self, tx: Transaction, entry: Entry, approver: dict[str, Any]) -> dict[str, Any]:
        """In a commit: add an approved money entry's line to its area's ledger (a
        reversal also marks the entry it reverses). The line's number follows the
        last line, and no entry may already hold it (a lost line is not re-used)."""
        area = entry.area
        seq, prev = self.ix.head.get(area, (0, ledger_rules.GENESIS))
        seq += 1
        if self.ix.referenced.get(area, 0) >= seq:
            raise IntegrityError(f"area {area}: an entry refers to ledger line "
                                 f"{self.ix.referenced[area]}, but the ledger ends at line "
                                 f"{seq - 1}; run `steward verify`", code="chain_lost",
                                 area=area, seq=seq)
        original = None
        if entry.kind == Kind.REVERSAL:
            original = self.core.entry(entry.data["reverses"])
            self._check_reversible(area, original, entry.data.get("line"))
            if int(entry.data["amount_fen"]) != abs(int(original.data["amount_fen"])):
                raise DomainError("a reversal is for the whole amount of the line it reverses",
                                  code="reversal_amount", id=entry.id)
            self.records.move(tx, original, Status.REVERSED, approver, f"冲正：第 {seq} 笔")
        if entry.kind in (Kind.FEE_INCOME, Kind.EXPENSE, Kind.OPENING_BALANCE) and \
                entry.data.get("date") and not entry.data.get("found"):
            self._date_after_signed(entry)
        event = approval_event(entry)
        fields = line_fields(entry, street=self.core.street, original=original,
                             approved_by=str(event.get("role") or ""),
                             at=str(event.get("at") or self.core.stamp()),
                             settings=self.core.settings)  # redacted before it is chained
        line = ledger_rules.chain_line(fields, seq=seq, prev=prev)
        tx.put(ledger_partition(area, seq), "ledger", seq, line)
        self.ix.add(area, line)
        self.core.notes.ledger(area)
        entry.data["ledger_seq"] = seq
        self.records.save(tx, entry)
        self.core.fees.book(entry, seq)
        if original is not None and original.kind == Kind.OPENING_BALANCE and \
                entry.data.get("right_fen") is not None:
            self._book_right_opening(tx, entry, original, approver)
        return line

    def _book_right_opening(self, tx: Transaction, reversal: Entry, original: Entry,
                            approver: dict[str, Any]) -> None:
        """In the approval's commit: book the right opening balance of the reversal
        ``reversal`` of ``original`` (its line next, naming the line it replaces), as of
        the paper book's day, with its note; recorded by the reversal's author, approved
        by its approver (who saw both amounts)."""
        od = original.data
        data = {"amount_fen": int(reversal.data["right_fen"]),
                "date": str(od.get("occurred_on") or od.get("date") or "")[:10] or None,
                "note": od.get("note") or "", "replaces": od.get("ledger_seq"),
                "reversal": reversal.id}
        if data["date"] is None:  # booked by the old line's date (found again: its own)
            data["date"] = self.line(original.area, int(od["ledger_seq"]))["date"]
        right = self.records.new(tx, Kind.OPENING_BALANCE, original.area,
                                 self.core.person(reversal.author), data)
        right.history.append({"at": self.core.stamp(), "by": approver["id"],
                              "role": acting_role(approver, right.area, as_resident=False),
                              "from": str(Status.APPROVED), "to": str(Status.APPROVED),
                              "note": f"随冲正 #{reversal.id} 审核"})  # its line's approved_by
        self.publish(tx, right, approver)

    def _date_after_signed(self, entry: Entry) -> None:
        """A fee or expense given a date (by a script: the bot gives none), or an opening
        balance (``db.opening``), before its area's last signed head is dated the day it
        is published, its own date kept as ``occurred_on`` (the line says 补记：发生于 …,
        or 补记：纸质账本截至 …): dated so, it would change the totals or the balance of a
        month and a year the public saw signed (the notice at the gate), and every check
        would pass."""
        from .heads import last_signed_day

        signed = last_signed_day(self.store.root, entry.area)
        if signed and str(entry.data["date"])[:10] < signed:
            entry.data["occurred_on"] = str(entry.data.pop("date"))[:10]

    def expense_twins(self, entry_id: int) -> list[dict[str, Any]]:
        """Lines among the last ``RECENT_TWINS`` of expense ``entry_id``'s area that hold
        the same money as it (amount, payee and purpose), and were not reversed: an
        expense recorded twice, which its approver is told of (a fee paid twice is, by
        ``fee_duplicates``). None for an entry entered in place of a reversed line."""
        entry = self.core.entry(entry_id)
        if entry.kind != Kind.EXPENSE or entry.data.get("replaces"):
            return []
        d = entry.data

        def same(value: object) -> str:
            return " ".join(str(value or "").split())

        out = []
        for line in reversed(self.ledger_tail(entry.area, RECENT_TWINS)):
            if line.get("kind") != "expense" or -int(line["amount_fen"]) != d["amount_fen"] \
                    or not line.get("entry"):
                continue
            was = self.core.entry(int(line["entry"]))
            if was.status == Status.REVERSED or same(was.data.get("payee")) != same(
                    d.get("payee")) or same(was.data.get("purpose")) != same(d.get("purpose")):
                continue
            out.append({"seq": line["seq"], "date": line.get("date"),
                        "amount_fen": d["amount_fen"], "payee": line.get("payee")})
        return out

    # -- fees ----------------------------------------------------------------

    def fee_duplicates(self, entry_id: int) -> list[dict[str, Any]]:
        """The fees of the same household or unit, fee type and period (or an
        overlapping one) as fee entry ``entry_id`` that are booked (at any time) or
        were submitted before it and still wait: ``[{"id", "status", "seq",
        "amount_fen", "period", "date"}]``, oldest first (``seq`` and ``date`` of
        booked ones only)."""
        entry = self.core.entry(entry_id)
        if entry.kind != Kind.FEE_INCOME or fees.payer(entry.data) == "area":
            return []
        fee_type, period = entry.data.get("fee_type"), entry.data.get("period")
        with self.store.lock:
            ids = [eid for eid, ft, per in self.core.fees.of(entry.area, fees.payer(entry.data))
                   if eid != entry.id and ft == fee_type and fees.overlap(per, period) and
                   (self.core.entries.status(eid) == Status.APPROVED or
                    (self.core.entries.status(eid) == Status.PENDING and eid < entry.id))]
            docs = self.records.docs(ids)
        out = []
        for doc in sorted(docs, key=lambda d: int(d["id"])):
            d = doc["data"]
            out.append({"id": int(doc["id"]), "status": doc["status"],
                        "seq": d.get("ledger_seq"), "amount_fen": int(d["amount_fen"]),
                        "period": d.get("period"),
                        "date": approval_event(Entry.from_doc(doc)).get("at", "")[:10]})
        return out

    def fee_recorded(self, household: str, fee_type: str, period: str) -> list[dict[str, Any]]:
        """The fees of ``household`` of ``fee_type`` for ``period`` (or an overlapping
        one) that are booked or wait for approval: ``[{"id", "status", "seq"}]``, oldest
        first (``seq`` of booked ones only). What a button offering that period again
        (one left on an earlier message) says before anything is typed."""
        household = checks.text(household, "a household")
        fee_type, period = self._fee_and_period(fee_type, period)
        try:
            area, *_ = self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        return self._recorded(area.id, f"household:{household}", fee_type, period)

    def unit_fee_recorded(self, unit: str, fee_type: str, period: str) -> list[dict[str, Any]]:
        """``fee_recorded`` of a building unit ("<compound>/<building>/<unit>"), for a
        fee paid per unit (城建小区's 卫生费): what /income warns of at a unit's door."""
        unit = checks.text(unit, "a building unit")
        fee_type, period = self._fee_and_period(fee_type, period)
        street = self.core.street
        try:
            area = street.area_of_compound(unit.split("/")[0])
        except KeyError:
            area = None
        if area is None or unit not in {key for key, _, _ in street.area_units(area.id)}:
            raise NotFound(f"no building unit {unit!r}", code="no_unit")
        return self._recorded(area.id, f"unit:{unit}", fee_type, period)

    @staticmethod
    def _fee_and_period(fee_type: object, period: object) -> tuple[str, str]:
        if fee_type not in FEE_TYPES:
            raise DomainError(f"unknown fee type {fee_type!r}", code="bad_fee_type")
        return str(fee_type), checks.text(period, "a period")

    def _recorded(self, area: str, payer: str, fee_type: str, period: str
                  ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        with self.store.lock:
            for eid, ft, per in self.core.fees.of(area, payer):
                status = self.core.entries.status(eid)
                if ft == fee_type and fees.overlap(per, period) and status in (
                        Status.APPROVED, Status.PENDING):
                    booked = self.core.fees.line_of(eid) if status == Status.APPROVED else None
                    out.append({"id": eid, "status": str(status),
                                "seq": booked[0] if booked else None})
        return sorted(out, key=lambda f: int(f["id"]))

    def household_fees(self, household: str) -> list[dict[str, Any]]:
        """What a household has paid, as booked in its area's accounts (not reversed):
        ``[{"fee_type", "period", "amount_fen", "seq", "id"}]``, oldest first."""
        household = checks.text(household, "a household")
        try:
            area, *_ = self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        out: list[dict[str, Any]] = []
        with self.store.lock:  # from the fee index; an entry it lacks is read
            unknown = []
            for eid, fee_type, period in self.core.fees.of(area.id, f"household:{household}"):
                if self.core.entries.status(eid) != Status.APPROVED:
                    continue
                booked = self.core.fees.line_of(eid)
                if booked is None:
                    unknown.append(eid)
                else:
                    out.append({"fee_type": fee_type, "period": period, "amount_fen": booked[1],
                                "seq": booked[0], "id": eid})
            docs = self.records.docs(unknown) if unknown else []
        out += [{"fee_type": d["data"].get("fee_type"), "period": d["data"].get("period"),
                 "amount_fen": int(d["data"]["amount_fen"]),
                 "seq": d["data"].get("ledger_seq"), "id": int(d["id"])} for d in docs]
        return sorted(out, key=lambda f: int(f["id"]))

    # -- reading -------------------------------------------------------------

    def line(self, area: str, seq: int) -> dict[str, Any]:
        """Line ``seq`` (第 N 笔) of an area's ledger."""
        self.core.check_area(area)
        if isinstance(seq, bool) or not isinstance(seq, int):
            raise DomainError(f"a line number is a whole number, not {seq!r}", code="bad_line")
        found = self.store.get(ledger_partition(area, seq), "ledger", seq) if seq > 0 else None
        if found is None:  # with the last line's number: 第 1 至 N 笔 to say where they are
            with self.store.lock:
                last = self.ix.head.get(area, (0, ""))[0]
            raise NotFound(f"{area} has no ledger line {seq} (lines 1 to {last})",
                           code="no_line", seq=seq, last=last)
        found.pop("doc_id", None)
        return found

    def ledger(self, area: str) -> list[dict[str, Any]]:
        """The published lines of an area, in order."""
        self.core.check_area(area)
        lines: list[dict[str, Any]] = []
        for part in self.store.partitions(f"areas/{area}/ledger-"):
            lines.extend(self.store.all(part, "ledger"))
        for line in lines:
            line.pop("doc_id", None)
        lines.sort(key=lambda line: line["seq"])
        return lines

    def balance(self, area: str) -> int:
        """The area's balance in fen (kept as lines are published; ``verify`` recounts):
        its opening balance, if any, and the income less the expense since."""
        self.core.check_area(area)
        with self.store.lock:
            return sum(i - e for i, e in self.ix.months.get(area, {}).values()) + \
                self.ix.carried.get(area, 0)  # an opening balance (db.opening)

    def waiting_expenses(self, area: str, *, exclude: int | None = None
                         ) -> tuple[int, int]:
        """(count, fen) of the expenses of ``area`` waiting for approval, but ``exclude``:
        money already promised away. An expense checked against the balance alone let two
        waiting ones, each within it, together take it below zero (``spendable``)."""
        self.core.check_area(area)
        if exclude is not None:
            exclude = checks.whole(exclude, "an entry number")
        waiting = [e for e in self.records.entries(area=area, kind=Kind.EXPENSE,
                                                   status=Status.PENDING) if e.id != exclude]
        return len(waiting), sum(int(e.data["amount_fen"]) for e in waiting)

    def spendable(self, area: str, *, exclude: int | None = None) -> int:
        """What ``area`` holds once the expenses waiting for approval (but ``exclude``) are
        paid: its balance less them, in fen (below zero: they already overdraw it)."""
        return self.balance(area) - self.waiting_expenses(area, exclude=exclude)[1]

    def first_month(self, area: str) -> str | None:
        """The month ("YYYY-MM") the area's accounts begin: that of its first ledger line,
        its opening balance (``db.opening``) counted; None before any line."""
        self.core.check_area(area)
        with self.store.lock:
            return min(filter(None, self.ix.months.get(area, {})), default=None)

    def month_totals(self, area: str, month: str) -> tuple[int, int]:
        """(income, expense) in fen of the lines dated in ``month`` ("YYYY-MM"), net of
        reversals (``db.ledger.line_effect``)."""
        self.core.check_area(area)
        checks.month(month, "a month")
        with self.store.lock:
            return self.ix.months.get(area, {}).get(month, (0, 0))

    def ledger_tail(self, area: str, n: int) -> list[dict[str, Any]]:
        """The last ``n`` published lines of an area, in order. Kept per (area, n),
        and extended by the lines published since: the lines before them may sit in
        an older block that is no longer in memory."""
        self.core.check_area(area)
        n = checks.whole(n, "a number of lines", low=0)
        with self.store.lock:
            head = self.ix.head.get(area, (0, ""))[0]
            kept_head, lines = self.ix.tails.get((area, n), (0, []))
            if kept_head > head:  # cannot happen but for a write undone: start again
                kept_head, lines = 0, []
            wanted: dict[str, list[int]] = {}
            for seq in range(max(1, head - n + 1, kept_head + 1), head + 1) if n > 0 else ():
                wanted.setdefault(ledger_partition(area, seq), []).append(seq)
            if wanted or kept_head != head:
                new = [line for part, seqs in wanted.items()
                       for line in self.store.some(part, "ledger", seqs)]
                for line in new:
                    line.pop("doc_id", None)
                new.sort(key=lambda line: line["seq"])
                lines = (lines + new)[-n:] if n > 0 else []
                if len(self.ix.tails) >= _KEPT:
                    self.ix.tails.clear()
                self.ix.tails[(area, n)] = (head, lines)
            return [dict(line) for line in lines]

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        return {a.id: self.ix.head.get(a.id, (0, ledger_rules.GENESIS))
                for a in self.core.street.areas}

    def verify(self) -> list[str]:
        """Check every area's chain, and its lines against the entries they were made
        from (``db.audit_ledger``): nothing cut off, re-numbered or rewritten.

        Returns a line of report per area, Chinese first as the witness script says it,
        then English (``怡馨苑小区（yixinyuan）：39 笔，链头 … / yixinyuan: 39 lines, head
        …``); raises IntegrityError at the first problem.
        """
        report = []
        for area in self.core.street.areas:
            lines = self.ledger(area.id)
            head = ledger_rules.verify_chain(area.id, lines)
            entries = [e for kind in LEDGER_KINDS
                       for e in self.records.entries(area=area.id, kind=kind,
                                                     status=audit_ledger.PUBLISHED)]
            audit_ledger.check(area.id, lines, entries, self.core.street, self.core.entry,
                               self.core.settings)
            if ledger_rules.balance(lines) != self.balance(area.id):
                raise IntegrityError(f"area {area.id}: the kept balance does not match the "
                                     f"ledger lines", code="balance", area=area.id)
            name = f"{area.name}（{area.id}）" if area.name and area.name != area.id else area.id
            report.append(f"{name}：{len(lines)} 笔，链头 {head} / "
                          f"{area.id}: {len(lines)} lines, head {head}")
        return report
