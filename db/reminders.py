"""Reminders: what an area's volunteers and supervisors are told each day, which
households have not paid a fee, which have not voted, and which reminders were
sent, so that each goes once.

* ``digest(area)``: entries waiting for approval more than a day, open reports
  without progress for ``STALE_DAYS`` days, and votes closing within
  ``CLOSING_DAYS`` days with their participation against the quorum.
* ``overview(actor, area)``: the area at a glance for its volunteers and the
  street office (``/overview``): entries waiting for approval, open reports (the
  oldest's wait, those without progress for ``STALE_DAYS``), every vote under
  way with its participation against the quorum.
* ``unpaid(actor, area, fee_type, period)``: the payers (households, or units
  where the schedule says so) of a fee and period that have not paid it, as the
  public fees page counts them (``db.fees.paid_payers``); for the area's
  volunteers (and admins) only.
* ``not_voted(proposal)``: the households of a vote whose owner has not voted.
* ``claim_reminder(key, people)``: records, durably and before anything is sent,
  which people are reminded of ``key`` ("digest:<area>:<day>", "vote:<id>"); a
  person already recorded is left out. So a restart never sends a reminder
  twice; a crash between the record and the message loses that one reminder.
* ``release_reminder(key, person)``: undoes this process's claim of ``key`` for a
  person whose message Telegram refused (blocked, 429 given up): not told, so it is
  neither counted as told nor left out of the next try.
* ``set_reminders(person, on)``: a resident turns the vote reminders off (or on).

Records are kept in partition ``reminders``, table ``sent``: {key, person, at}.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from . import checks
from .core import Core, Part, serialized
from .entries import Entry, Kind, Status, first_at
from .errors import DomainError, PermissionDenied
from .fee_amounts import first_month
from .fees import paid_for, payers_of, periods_owed
from .issues import Issues
from .people import is_supervisor_of, is_volunteer_of
from .records import Records
from .review import own_bar
from .store import Transaction
from .tally import m2, m2_up, pct
from .votes import Votes

__all__ = ["Reminders", "WAITING_DAYS", "STALE_DAYS", "CLOSING_DAYS", "VOTE_REMINDER_DAYS",
           "PARTITION", "reminders_on"]

WAITING_DAYS = 1  # an entry waiting for approval longer than this is in the digest
STALE_DAYS = 7  # an open report without progress this long is in the digest
CLOSING_DAYS = 3  # a vote closing within this many days is in the digest
VOTE_REMINDER_DAYS = 2  # households that have not voted are reminded this long before
PARTITION, TABLE = "reminders", "sent"
MAX_KEY = 100
CLAIMS_KEPT = 4096  # this process's latest claims whose record ``release_reminder`` can undo


def reminders_on(person: dict[str, Any] | None) -> bool:
    """Whether this person still wants reminders (the default)."""
    return bool(person) and not (person or {}).get("reminders_off")


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).date()


def _last_step(issue: Entry, notes: dict[int, str] | None = None) -> str:
    """When an issue last moved: its report, its latest step, or the latest further
    progress note on it (``notes``: issue id -> when, ``Reminders._notes``)."""
    return max([issue.created, *(h.get("at", "") for h in issue.history),
                (notes or {}).get(issue.id, "")])


class Reminders(Part):
    """The digest, the unpaid and the not-voted lists, and the record of reminders."""

    def __init__(self, core: Core, records: Records, issues: Issues, votes: Votes) -> None:
        super().__init__(core)
        self.records, self.issues, self.votes = records, issues, votes
        # key -> the people reminded of it: a street's years of results told to every
        # resident are hundreds of thousands of records, read a key at a time
        self._sent: dict[str, set[int]] | None = None
        self._next_id = 1
        # (key, person) -> the record of a claim this process made lately: a message
        # refused right after its claim is released by it (not every record: memory)
        self._claims: dict[tuple[str, int], int] = {}

    # -- what is due -----------------------------------------------------------

    def digest(self, area: str) -> dict[str, Any]:
        """What the volunteers of ``area`` should look at today (China time)."""
        self.core.check_area(area)
        now = self.core.clock()
        today = now.date()
        waiting = [
            {"id": e.id, "kind": str(e.kind), "days": (today - _day(e.created)).days}
            for e in self.records.entries(area=area, status=Status.PENDING)
            if now - datetime.fromisoformat(e.created) > timedelta(days=WAITING_DAYS)]
        stale = []
        issues = self.issues.open_issues(area)
        notes = self._notes(area, issues)
        for e in issues:
            last = _last_step(e, notes)
            days = (today - _day(last)).days
            if now - datetime.fromisoformat(last) > timedelta(days=STALE_DAYS):
                stale.append({"id": e.id, "text": str(e.data.get("text") or "")[:40],
                              "days": days, "status": str(e.status)})
        closing = []
        for p in self.records.entries(area=area, kind=Kind.PROPOSAL, status=Status.OPEN):
            deadline = date.fromisoformat(str(p.data.get("deadline"))[:10])
            if 0 <= (deadline - today).days <= CLOSING_DAYS:
                closing.append(self._closing(p, deadline))
        return {"area": area, "day": today.isoformat(), "waiting": waiting, "stale": stale,
                "closing": closing}

    def _notes(self, area: str, issues: list[Entry]) -> dict[int, str]:
        """issue id -> when the latest further progress note on it was published (a second
        /progress on a report under way is stored as a note, not as a step of it); only
        the entries made after the oldest of ``issues`` are read."""
        if not issues:
            return {}
        ids = {e.id for e in issues}
        latest: dict[int, str] = {}
        for n in self.records.entries(area=area, kind=Kind.PROGRESS_NOTE,
                                      status=Status.PUBLISHED, after=min(ids)):
            issue = n.data.get("issue")
            if isinstance(issue, int) and issue in ids:
                latest[issue] = max(latest.get(issue, ""), n.created)
        return latest

    def quiet_days(self, area: str) -> dict[int, int]:
        """Each open report of ``area`` without progress for over ``STALE_DAYS`` days ->
        for how many days (China time), as /overview and the daily summary count them."""
        self.core.check_area(area)
        now = self.core.clock()
        issues = self.issues.open_issues(area)
        notes = self._notes(area, issues)
        return {e.id: (now.date() - _day(_last_step(e, notes))).days for e in issues
                if now - datetime.fromisoformat(_last_step(e, notes))
                > timedelta(days=STALE_DAYS)}

    def overview(self, actor_id: int, area: str) -> dict[str, Any]:
        """``area`` at a glance (China time), for a volunteer of it, an admin or a
        supervisor of it (who reads what the daily summary tells them anyway): how
        many entries wait for the actor's approval (and how many more than a day), and
        apart, how many they recorded themselves wait for another volunteer's; its open
        reports, the oldest one's wait in days counted from its acceptance (as the
        public site counts it) and how many have had no progress for ``STALE_DAYS``
        (``stale_ids``: which, the longest without any first);
        and every vote under way, as ``digest`` tells of one closing soon."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        if not is_supervisor_of(actor, area):
            self.core.require_steward(actor, area)
        now = self.core.clock()
        today = now.date()
        waiting = self.records.entries(area=area, status=Status.PENDING)
        own = [e for e in waiting if own_bar(e, actor) is not None]  # another approves them
        pending = [e for e in waiting if own_bar(e, actor) is None]
        issues = self.issues.open_issues(area)
        accepted = [first_at(e, str(Status.APPROVED)) or e.created for e in issues]
        notes = self._notes(area, issues)
        stale = sorted((e for e in issues if now - datetime.fromisoformat(_last_step(e, notes))
                        > timedelta(days=STALE_DAYS)),
                       key=lambda e: _last_step(e, notes))  # longest first
        votes = [self._closing(p, date.fromisoformat(str(p.data.get("deadline"))[:10]))
                 for p in self.records.entries(area=area, kind=Kind.PROPOSAL,
                                               status=Status.OPEN)]
        return {
            "area": area, "day": today.isoformat(), "pending": len(pending),
            "pending_late": sum(1 for e in pending if now - datetime.fromisoformat(e.created)
                                > timedelta(days=WAITING_DAYS)),
            "own": len(own),
            "open_issues": len(issues),
            "oldest_days": max(((today - _day(at)).days for at in accepted), default=None),
            "stale": len(stale), "stale_ids": [e.id for e in stale],
            "votes": votes}

    def _closing(self, proposal: Entry, deadline: date) -> dict[str, Any]:
        """A vote closing soon: who took part, counted as the law counts (owners, an
        owner of several flats once), and for a joint matter how far it is from the
        quorum (two thirds of the owners and of the floor area)."""
        t = self.votes.tally(proposal.id)
        needs, short = t.quorum_needs, t.quorum_short
        out: dict[str, Any] = {
            "id": proposal.id, "title": str(proposal.data.get("title") or ""),
            "deadline": deadline.isoformat(), "voted": t.owners_voted,
            "total": t.owners_total, "by_owner": t.by_owner,
            "households_voted": t.households_voted, "households_total": t.households_total,
            "participation": pct(t.participation_owners) + "%",
            "area_participation": None, "quorum": None, "quorum_met": None}
        if needs is not None and short is not None:
            out.update(
                area_participation=pct(t.participation_area) + "%", quorum="2/3",
                owners_needed=needs[0], area_needed=m2_up(needs[1]),
                area_voted=m2(t.area_voted), area_total=m2(t.area_total),
                owners_short=short[0], area_short=m2_up(short[1]),
                quorum_met=not short[0] and not short[1] and bool(t.area_total))
        return out

    def not_voted(self, proposal_id: int) -> list[str]:
        """The households of an open vote whose owner has not voted, in order."""
        proposal = self.core.entry(proposal_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        voted = self.votes.current_votes(proposal.id)
        electorate = self.votes.voters(proposal.id)
        return [h for h, voter in electorate.voter_of.items() if voter not in voted]

    def doors_to_visit(self, actor_id: int, proposal_id: int) -> list[str]:
        """For a volunteer collecting paper signatures door to door: the households of
        an open vote whose owner has not voted, in order. Only a volunteer of the
        vote's area (or an admin) may ask: it names households."""
        actor = self.core.require_person(actor_id)
        proposal = self.core.entry(proposal_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        self.core.require_steward(actor, proposal.area)
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed",
                              id=proposal.id)
        return self.not_voted(proposal.id)

    def unpaid(self, actor_id: int, area: str, fee_type: str, period: str
               ) -> tuple[str, list[str]]:
        """(basis, payers) of ``fee_type`` for ``period`` in ``area`` who have not paid:
        household ids (basis "household") or unit ids ("unit"), in place order. Only a
        volunteer of the area (or an admin) may ask: it names households. A year of a fee
        its schedule has paid by the month counts the months due (``unpaid_months``)."""
        basis, owed = self.unpaid_months(actor_id, area, fee_type, period)
        return basis, list(owed)

    def unpaid_months(self, actor_id: int, area: str, fee_type: str, period: str
                      ) -> tuple[str, dict[str, list[str]]]:
        """(basis, payer -> the periods it owes), the payers in place order: ``[period]``,
        or, for a year of a fee paid by the month, the months of it due by today (from the
        first month a fee of this type was recorded for) that it has not paid. A fee
        recorded for exactly a period counts, as the public fees page counts it
        (``db.fees.paid_payers``), and a year paid at once counts for its months."""
        self.core.check_area(area)
        actor = self.core.require_person(actor_id)
        if not is_volunteer_of(actor, area):
            raise PermissionDenied("only a volunteer of this area may do that",
                                   code="volunteer_only", area=area)
        period = checks.text(period, "a period").strip()
        if not period:
            raise DomainError("a period is needed, e.g. 2025 or 2025-03", code="missing_field",
                              field="period")
        street = self.core.street
        basis, everyone = payers_of(street, area, fee_type)
        fees = self.records.entries(area=area, kind=Kind.FEE_INCOME, status=Status.APPROVED)
        # the first month a fee of this type was recorded for: none owed before it (the
        # months before the area began to keep its fees here)
        since = min(filter(None, (first_month(e.data.get("period")) for e in fees
                                  if e.data.get("fee_type") == fee_type)), default=None)
        periods = periods_owed(street, area, fee_type, period, self.core.clock().date(), since)
        paid = paid_for(fees, street, area, fee_type, periods, basis)
        owed = {p: [q for q in periods if f"{basis}:{p}" not in paid[q]] for p in everyone}
        return str(basis), {p: months for p, months in owed.items() if months}

    # -- the record of reminders -----------------------------------------------

    def _load(self) -> dict[str, set[int]]:
        if self._sent is None:
            docs = self.store.all(PARTITION, TABLE)
            sent: dict[str, set[int]] = {}
            for d in docs:
                sent.setdefault(d["key"], set()).add(int(d["person"]))
            self._sent = sent
            self._next_id = max((int(d["doc_id"]) for d in docs), default=0) + 1
        return self._sent

    def reminded(self, key: str) -> set[int]:
        """The people already reminded of ``key``."""
        key = checks.text(key, "a reminder key")
        with self.store.lock:
            return set(self._load().get(key, ()))

    @serialized
    def claim_reminder(self, key: str, people: Iterable[int]) -> list[int]:
        """Record that ``people`` are reminded of ``key`` now; returns those not
        recorded before (the ones to send to), in the order given."""
        key = checks.text(key, "a reminder key")
        if not key or len(key) > MAX_KEY:
            raise DomainError("a reminder key is short text", code="bad_key")
        ids = [checks.whole(p, "a person id") for p in people]
        with self.store.lock:
            sent = self._load()
            told = sent.get(key, set())
            new = list(dict.fromkeys(p for p in ids if p not in told))
        if not new:
            return []
        first = self._next_id

        def run(tx: Transaction) -> None:
            at = self.core.stamp()
            for n, person in enumerate(new):
                tx.put(PARTITION, TABLE, first + n, {"key": key, "person": person, "at": at})

        self.core.commit(run)
        with self.store.lock:
            sent.setdefault(key, set()).update(new)
            self._next_id = first + len(new)
            for n, person in enumerate(new):
                self._claims[key, person] = first + n
            while len(self._claims) > CLAIMS_KEPT:
                del self._claims[next(iter(self._claims))]
        return new

    @serialized
    def release_reminder(self, key: str, person: int) -> bool:
        """Undo this process's late claim of ``key`` for ``person`` (``claim_reminder``):
        the message it claimed was refused, never delivered. Whether a claim was undone
        (False: none of this process's latest ``CLAIMS_KEPT``, left as it is)."""
        key = checks.text(key, "a reminder key")
        person = checks.whole(person, "a person id")
        with self.store.lock:
            doc_id = self._claims.pop((key, person), None)
        if doc_id is None:
            return False
        self.core.commit(lambda tx: tx.remove(PARTITION, TABLE, doc_id))
        with self.store.lock:
            told = self._load().get(key)
            if told is not None:
                told.discard(person)
        return True

    @serialized
    def set_reminders(self, person_id: int, on: bool) -> None:
        """Turn a person's vote reminders on or off."""
        if not isinstance(on, bool):
            raise DomainError("reminders are on or off", code="bad_choice")
        person = self.core.require_person(person_id)
        if on:
            person.pop("reminders_off", None)
        else:
            person["reminders_off"] = True
        self.core.commit(lambda tx: tx.put("people", "people", person["id"], person))
