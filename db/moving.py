"""A flat changes hands (sold, or the tenant moved out): its former residents stop
speaking for it.

**Ending the tie.** A confirmed resident's tie to her flat is her ``household`` and her
resident role (``db.review`` binds them when a volunteer confirms her registration).
It ends in two ways, each one durable write:

* a volunteer of the area confirms a newcomer's registration *as the flat's former
  residents having moved out* (``Review.approve(moved_out=True)``): the newcomer is
  bound and every other confirmed resident of the flat is unbound, in the same write;
  the registration keeps who was unbound (``data["moved_out"]``, private);
* the resident says so herself (``Moving.move_out``, the bot's 我搬走了);
* a volunteer of the area (or an admin) says so for her, with no newcomer registering
  (``Moving.move_out_for``: the flat is empty after a sale, she moved to her daughter's
  without a phone, she died), with a reason (``MoveReason``).

Each ending is a line of the people's audit (``people/audit``, as a change of role):
when, by whom (the volunteer by role, or herself), ``resident:<flat>`` -> None, note
``MOVED_OUT_NOTE``. Nothing is deleted: she keeps her person record, her own entries
(her reports, her fees, her votes) and sees them in /mydata; how she stood to the flat
(owner, tenant: ``db.relation``) is forgotten with the tie. She no longer votes for the
flat, nor sees its fees, its paper votes or what volunteers recorded for it (all of those
follow her ``household``), nor hears of the reports recorded for it (/proxy: she stops
following them, unless she said "me too"), and may register another home.

**Her votes.** A vote she cast for the flat while she lived there stays as it was: on a
vote still open it counts for the flat until someone of the flat votes again (its new
owner, or the owner's family), whose vote replaces it as any later vote of the household
does (``db.votes``: one vote per owner, status ``replaced``, both kept); the flat is
counted once all along. A closed vote is never touched.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, NamedTuple

from . import checks
from .core import Core, Part, serialized
from .directory import Directory
from .entries import Kind, Status
from .errors import DomainError, PermissionDenied
from .household_start import BEGAN, household_began
from .people import Role, resident_area
from .records import Records
from .store import Transaction

__all__ = ["Moving", "MOVED_OUT_NOTE", "MoveReason", "end_tie", "HandsChanged", "Change", "Left",
           "BEGAN", "household_began", "same_start", "for_earlier_household"]

MOVED_OUT_NOTE = "moved out"  # the audit note of a tie to a flat ended
NEWCOMER = "of the flat's new resident"  # ... by a newcomer confirmed (``Review.approve``)


def same_start(tx: Transaction, others: list[dict[str, Any]], began: int | None) -> None:
    """In the commit binding someone to the flat where ``others`` live: each of them
    whose household is now known to have begun earlier, ``began``, keeps it too (every
    resident of a flat keeps the same start: ``Directory.household_values``)."""
    for p in others:
        if began is not None and p.get(BEGAN) is not None and int(p[BEGAN]) > began:
            stored = tx.get("people", "people", p["id"])
            if stored is not None:
                stored[BEGAN] = began
                tx.put("people", "people", p["id"], stored)


def for_earlier_household(entry: Any, person: dict[str, Any]) -> bool:
    """Whether ``entry``, a report a volunteer recorded for ``person``'s flat, was recorded
    for a household of it before hers: before hers asked to register (``BEGAN``), when
    people registered there followed it (they did when it was recorded). One recorded at
    the door while nobody there was registered (perhaps told by her) is hers; so is one
    she follows."""
    began, followers = person.get(BEGAN), entry.data.get("followers") or []
    return began is not None and entry.id < int(began) and bool(followers) and \
        person.get("id") not in followers


class MoveReason(StrEnum):
    """Why a volunteer ended a resident's tie to her flat (``Moving.move_out_for``)."""
    MOVED = "moved"  # 搬走
    SOLD = "sold"  # 房子卖了
    DIED = "died"  # 去世: nobody is messaged
    OTHER = "other"  # 其他


def end_tie(tx: Transaction, directory: Directory, records: Records, person: dict[str, Any],
            actor: dict[str, Any], now: str, why: str) -> str:
    """In a commit: ``person`` (as read in ``tx``) is no longer a resident of her flat;
    audited, by ``actor``. The reports a volunteer recorded for the flat (/proxy), which
    its residents follow, are hers to hear of no more, unless she said "me too" to one.
    Returns the flat she left."""
    home = str(person.get("household") or "")
    for eid in records.core.entries.recorded_for(home) if home else []:
        entry = records.core.entry(eid)
        followers = [int(f) for f in entry.data.get("followers") or []]
        if person["id"] in followers and person["id"] not in (entry.data.get("me_too") or []):
            entry.data["followers"] = [f for f in followers if f != person["id"]]
            records.save(tx, entry)
    area = resident_area(person)
    person["household"] = None
    person.pop("relation", None)  # how she stood to that flat says nothing any more
    person.pop(BEGAN, None)
    person["roles"] = [r for r in person["roles"] if r["role"] != Role.RESIDENT]
    tx.put("people", "people", person["id"], person)
    directory.audit(tx, person, actor, now, f"resident:{home}", None,
                    f"{MOVED_OUT_NOTE}: {why}", area)
    return home


class HandsChanged:
    """When each flat last changed hands (a registration confirmed as its former residents
    having moved out, unbinding someone), by area, kept in memory: ``Moving.by_former``
    asks it on every /vote and every vote press, where reading the area's registrations
    took /vote from 350 to 750 us of event loop on the benchmark street. An area's flats
    are found from its registrations at its first question; the write that changes a
    flat's hands notes it (``Review.approve``, after its commit).

    And when each flat was last left with no confirmed resident (its last one moved
    out, was moved out by a volunteer, or was confirmed for another home): the people
    who come next are another household too, though nobody was unbound when they were
    confirmed. Found from the people's audit (each tie begun and ended is a line of it)
    at the first question, for the whole street at once; each such write notes it after
    its commit (``vacated``). ``since`` is the later of the two: what was recorded for
    the flat before it is its former residents'."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self._areas: dict[str, dict[str, Change]] = {}
        self._emptied: dict[str, Emptied] | None = None

    def last(self, area: str, household: str) -> str | None:
        """When ``household`` (of ``area``) last changed hands, None if never."""
        change = self.change(area, household)
        return change.at if change is not None else None

    def change(self, area: str, household: str) -> Change | None:
        """How ``household`` (of ``area``) last changed hands: when, by which
        registration, unbinding whom; None if never."""
        found = self._areas.get(area)
        if found is None:
            # under the store's lock, as ``note``: a change of hands committed while the
            # area is read is either in what is read or noted into it after
            with self.records.store.lock:
                found = self._areas.get(area)
                if found is None:
                    found = {}
                    for entry in self.records.entries(area=area, kind=Kind.REGISTRATION,
                                                      status=Status.APPROVED):
                        _note(found, entry)
                    self._areas[area] = found
        return found.get(household)

    def since(self, area: str, household: str) -> str | None:
        """When the household living in ``household`` now began: the last time the flat
        changed hands or was left empty (None if never). What was recorded for it
        before then (fees, reports, votes) is its former residents'."""
        changed = self.change(area, household)
        emptied = self._empty_flats().get(household)
        return max(changed.at if changed else "", emptied.at if emptied else "") or None

    def left_why(self, household: str) -> str:
        """Why ``household``'s last resident was moved out, as the volunteer who did it
        said (``MoveReason``: ``sold`` is 房子卖了); "" when she left otherwise (she said
        so herself, a newcomer was confirmed) or nobody ever left it. Asked of a flat
        nobody lives in now."""
        emptied = self._empty_flats().get(household)
        return emptied.why if emptied is not None else ""

    def began_with(self, area: str, household: str) -> Change | None:
        """The change of hands the household living in ``household`` now began with (its
        first resident's registration confirmed as the former residents having moved
        out), None when it began otherwise (the flat was left empty since, or never
        changed hands)."""
        change = self.change(area, household)
        if change is None:
            return None
        emptied = self._empty_flats().get(household)  # the change's own, after a restart
        if emptied is None or emptied.at <= change.at or emptied.by == change.registration:
            return change
        return None

    def _empty_flats(self) -> dict[str, Emptied]:
        found = self._emptied
        if found is None:
            with self.records.store.lock:  # as ``last``: a write noted after it is read
                found = self._emptied
                if found is None:
                    found = _replayed(self.records.store.all("people", "audit"))
                    self._emptied = found
        return found

    def note(self, entry: Any) -> None:
        """Registration ``entry`` was just confirmed (its commit made)."""
        with self.records.store.lock:
            found = self._areas.get(entry.area)
            if found is not None:
                _note(found, entry)

    def vacated(self, directory: Directory, household: str, at: str, why: str = "") -> None:
        """A tie to ``household`` ended at ``at`` (its commit made), for ``why`` (a
        volunteer's ``MoveReason``, else ""): noted when nobody lives there now."""
        if not household:
            return
        try:
            area = self.records.core.street.locate(household)[0].id
        except KeyError:
            return
        with self.records.store.lock:
            if self._emptied is not None and \
                    not directory.residents_of_household(area, household) and \
                    at > self._emptied.get(household, Emptied("", 0, "")).at:
                self._emptied[household] = Emptied(at, 0, why)


class Emptied(NamedTuple):
    """A flat was left with no confirmed resident ``at``; ``by``: the registration whose
    newcomer was confirmed as its last residents having moved out (a change of hands,
    ``Change``), 0 when they left otherwise; ``why``: the volunteer's reason when she ended
    the last one's tie (``MoveReason``: ``sold`` is 房子卖了), "" otherwise."""
    at: str
    by: int
    why: str


_BY_NEWCOMER = re.compile(rf"registration #([0-9]+) {re.escape(NEWCOMER)}$")


def _newcomer_of(line: dict[str, Any]) -> int:
    found = _BY_NEWCOMER.search(str(line.get("note") or ""))
    return int(found.group(1)) if found else 0


def _reason_of(line: dict[str, Any]) -> str:
    """The volunteer's reason (``MoveReason``) in a tie's ending line, "" for none."""
    note = str(line.get("note") or "")
    why = note[len(MOVED_OUT_NOTE) + 2:] if note.startswith(f"{MOVED_OUT_NOTE}: ") else ""
    return why if why in set(MoveReason) else ""


def _replayed(lines: list[dict[str, Any]]) -> dict[str, Emptied]:
    """Flat -> when it was last left with no confirmed resident, from the people's audit
    in its order (``resident:<flat>`` begun, ended or changed for another). A person
    forgotten at her request has her lines without the flat (``db.privacy``): not
    counted."""
    living: dict[str, set[int]] = {}
    emptied: dict[str, Emptied] = {}
    for line in lines:
        frm, to = line.get("from"), line.get("to")
        left = frm[9:] if isinstance(frm, str) and frm.startswith("resident:") else ""
        came = to[9:] if isinstance(to, str) and to.startswith("resident:") else ""
        if left == came:
            continue  # most lines: a role, an answer of how she stands to her home
        who = line.get("subject")
        if left:
            people = living.setdefault(left, set())
            people.discard(who)  # type: ignore[arg-type]
            if not people:
                emptied[left] = Emptied(str(line.get("at") or ""), _newcomer_of(line),
                                        _reason_of(line))
        if came:
            living.setdefault(came, set()).add(who)  # type: ignore[arg-type]
    return emptied


class Change(NamedTuple):
    """A flat changed hands: ``at`` when registration ``registration`` was confirmed as
    its former residents having moved out, unbinding ``former`` (person ids)."""
    at: str
    registration: int
    former: frozenset[int]


def _note(found: dict[str, Change], entry: Any) -> None:
    if not entry.data.get("moved_out"):
        return  # nobody was unbound: the flat had not changed hands with it
    approved = [str(h.get("at")) for h in entry.history if h.get("to") == str(Status.APPROVED)]
    at = approved[-1] if approved else str(entry.updated)
    household = str(entry.data.get("household") or "")
    known = found.get(household)
    if known is None or at > known.at:
        found[household] = Change(at, int(entry.id), frozenset(
            int(p) for p in entry.data["moved_out"]))


class Left(str):
    """The flat a tie was ended to (a ``str``: the flat), and ``at``, the stamp of the
    audit line that ended it (``last_moved_out``'s ``at``): what names that move out
    once, so that whoever is told of it is told once, however often the press is
    handled (``bot.handlers.moved_out``)."""

    at: str

    def __new__(cls, flat: str, at: str) -> Left:
        left = super().__new__(cls, flat)
        left.at = at
        return left


class Moving(Part):
    """A resident's own "I moved out", finding it again after a restart, and telling a
    vote of the flat's former residents (``by_former``)."""

    def __init__(self, core: Core, directory: Directory, records: Records) -> None:
        super().__init__(core)
        self.directory = directory
        self.records = records
        self.hands = HandsChanged(records)

    @serialized
    def move_out(self, person_id: int) -> Left:
        """The resident says she no longer lives in her flat: her tie to it ends (see
        the module); returns the flat she left (and when: ``Left``). Someone with no
        confirmed home is refused (``not_confirmed``): saying it twice changes nothing the
        second time."""
        person = self.core.require_person(person_id)
        if not person.get("household") or resident_area(person) is None:
            raise PermissionDenied("only a confirmed resident moves out of her home",
                                   code="not_confirmed")

        now = [""]

        def run(tx: Transaction) -> str:
            stored = tx.get("people", "people", person["id"])
            assert stored is not None
            now[0] = self.core.stamp()
            return end_tie(tx, self.directory, self.records, stored, stored, now[0],
                           "said by the resident")

        home: str = self.core.commit(run)
        self.hands.vacated(self.directory, home, now[0])
        return Left(home, now[0])

    @serialized
    def move_out_for(self, actor_id: int, person_id: int, household: str,
                     reason: MoveReason | str) -> Left:
        """A volunteer of the area (or an admin) ends ``person_id``'s tie to ``household``
        (see the module), with no newcomer registering: audited with who did it and
        ``reason``; returns the flat (and when: ``Left``). Refused: an actor who is not a
        volunteer of the flat's area (``volunteer_only``), someone who is not a confirmed
        resident of that flat (now: a second press finds her gone, ``not_resident``), the
        actor's own tie (``own_home``: the resident's 我搬走了 is hers)."""
        actor = self.core.require_person(checks.whole(actor_id, "a person"))
        person = self.core.require_person(checks.whole(person_id, "a person"))
        household = checks.text(household, "a household", required=True)
        why = checks.choice(MoveReason, reason, "reason of a move out")
        try:
            area = self.core.street.locate(household)[0].id
        except KeyError:
            raise DomainError(f"no household {household!r}", code="no_household") from None
        self.core.require_steward(actor, area)
        if person.get("household") != household or resident_area(person) != area:
            raise PermissionDenied("not a confirmed resident of that flat", code="not_resident",
                                   id=person["id"])
        if actor["id"] == person["id"]:
            raise DomainError("one's own tie is ended by oneself (/movedout)", code="own_home")

        now = [""]

        def run(tx: Transaction) -> str:
            stored = tx.get("people", "people", person["id"])
            assert stored is not None
            now[0] = self.core.stamp()
            return end_tie(tx, self.directory, self.records, stored, actor, now[0], str(why))

        home: str = self.core.commit(run)
        self.hands.vacated(self.directory, home, now[0], str(why))
        return Left(home, now[0])

    def last_moved_out(self, person_id: int) -> dict[str, Any] | None:
        """The line of the people's audit that ended ``person_id``'s tie to her flat
        (``from``: ``resident:<flat>``, ``at``, ``by``), when that is the last change of her
        home; None when she lives somewhere now or never moved out. What a press saved
        just before the bot stopped finds again, to say it (``bot.handlers.moved_out``)."""
        me = self.core.require_person(checks.whole(person_id, "a person"))["id"]
        lines = [a for a in self.store.all("people", "audit") if a.get("subject") == me
                 and ("resident:" in str(a.get("from") or "") + str(a.get("to") or ""))]
        if not lines or not str(lines[-1].get("note") or "").startswith(MOVED_OUT_NOTE):
            return None
        return {k: v for k, v in lines[-1].items() if k != "doc_id"}

    def by_former(self, vote_id: int) -> bool:
        """Whether vote ``vote_id`` was cast for its flat by people who no longer live
        there: before the flat last changed hands (a registration confirmed as its former
        residents having moved out, or its last resident gone), or online by someone who
        has left it since (moved out, or registered elsewhere), or on paper or by someone
        forgotten at her request before the household living there now asked to register
        (``BEGAN``: forgetting her leaves nothing that says she lived there; a paper
        signature says nothing of who signed it). Which way it went is theirs: the flat's
        people now are told only that an earlier vote counts until they vote
        (``bot.former_votes``)."""
        return bool(self._former(vote_id))

    def before_household(self, vote_id: int) -> bool:
        """Whether vote ``vote_id`` is ``by_former`` only as it was recorded before the
        household living in its flat now asked to register, nothing saying the flat was
        left since: who cast it is not known (for a flat nobody had registered, a paper
        signature may be this household's own), so it is told without "former
        residents"."""
        return self._former(vote_id) == _EARLIER

    def _former(self, vote_id: int) -> str:
        vote = self.core.entry(checks.whole(vote_id, "a vote"))
        if vote.kind != Kind.VOTE:
            raise DomainError(f"#{vote.id} is not a vote", code="not_vote", id=vote.id)
        home = str(vote.data.get("household") or "")
        changed = self.hands.since(vote.area, home)
        if changed is not None and changed > str(vote.created):
            return _LEFT  # the flat changed hands (or was left empty) since
        author = self.core.person(vote.author)
        if vote.data.get("paper") or author is None or author.get("forgotten"):
            # whose it was is not known: the household's if recorded since it began
            began = [int(b) for b in self.directory.household_values(vote.area, home, BEGAN)
                     if b is not None]
            return _EARLIER if began and vote.id < min(began) else ""
        living = self.directory.residents_of_household(vote.area, home)
        return "" if vote.author in {p["id"] for p in living} else _LEFT


_LEFT, _EARLIER = "left", "earlier"  # why a vote is its flat's former residents' (_former)
