"""The volunteers' review of what residents and volunteers submit: the
approval queue, approving (a registration binds its household; a money entry
reaches the ledger, approved by a different volunteer than its author:
maker-checker) and rejecting with a reason; and asking to be bound to a
household, which starts a registration. How a confirmed resident stands to
their home (owner, owner's family, tenant) is ``db.relation``; a new home
forgets it.
"""

from __future__ import annotations

from typing import Any

from . import checks, voice
from .accounts import Accounts
from .core import Core, Part, clip, serialized
from .directory import Directory
from .entries import MONEY_KINDS, Entry, Kind, Status, is_public
from .errors import DomainError, NotFound, PermissionDenied
from .media import without_media
from .moving import BEGAN, NEWCOMER, end_tie, household_began, same_start
from .people import (
    Role,
    is_admin,
    is_volunteer_of,
    supervisor_areas,
    volunteer_areas,
)
from .privacy import add_consent, has_consent
from .records import Records
from .refused_wait import refused_until
from .store import Transaction

__all__ = ["Review", "own_bar", "MAX_REASON", "VOICE_KINDS", "MAX_CORRECTION_TYPED",
           "WITHDRAWN_NOTE", "WITHDRAWABLE"]

MAX_REASON = 200  # characters of a separate payment's reason (published with its line)
# may be a voice message (db.voice): a report, an opinion, a public question, a correction
VOICE_KINDS = frozenset({Kind.ISSUE, Kind.OPINION, Kind.QUESTION, Kind.CORRECTION})
# A correction said by voice is approved with the text as it should read, typed by the
# volunteer who heard it: the website shows it in place of the words corrected
MAX_CORRECTION_TYPED = 2000
MOVED_OUT = "confirmed as the flat's new resident: its former residents moved out"
WITHDRAWN_NOTE = "withdrawn by whoever recorded it, before anyone approved it"
# What its author may take back while no volunteer has decided it (``withdraw_own``).
WITHDRAWABLE = MONEY_KINDS | {Kind.REGISTRATION, Kind.ISSUE, Kind.OPINION}


# What a volunteer typed that the line of an entry of this kind says (db.ledger_names).
_LINE_WORDS = {Kind.EXPENSE: ("payee", "purpose"), Kind.REVERSAL: ("reason",),
               Kind.FEE_INCOME: ("period", "purpose")}


class Review(Part):
    """Approving and rejecting pending entries, and registrations."""

    def __init__(self, core: Core, records: Records, directory: Directory,
                 accounts: Accounts) -> None:
        super().__init__(core)
        self.records = records
        self.directory = directory
        self.accounts = accounts
        self.hands: Any = None  # db.moving.HandsChanged, told of a flat changing hands

    def pending_for(self, actor_id: int) -> list[Entry]:
        """The approval queue of a volunteer: pending entries of their areas, oldest first.
        A supervisor's areas are in it too, to read: approving and rejecting refuse
        them (``require_steward``)."""
        actor = self.core.require_person(actor_id)
        areas = ([a.id for a in self.core.street.areas] if is_admin(actor)
                 else sorted({*volunteer_areas(actor), *supervisor_areas(actor)}))
        out = [e for area in areas
               for e in self.records.entries(area=area, status=Status.PENDING)]
        return sorted(out, key=lambda e: e.id)

    def waiting_count(self, actor_id: int) -> int:
        """How many entries of ``actor_id``'s queue (``pending_for``) they may decide on
        (not those ``own_waiting``), and requests to close a vote early in their areas
        that wait for their word (another volunteer asked): the number on a volunteer's
        待审核 button, what /pending shows them with buttons. Counted from the in-memory
        index and the few entries it must read: it is counted for every menu sent."""
        actor = self.core.require_person(actor_id)
        areas = ([a.id for a in self.core.street.areas] if is_admin(actor)
                 else sorted({*volunteer_areas(actor), *supervisor_areas(actor)}))
        waiting = sum(self.records.count_entries(area=area, status=Status.PENDING)
                      for area in areas)
        # what they recorded themselves and may not approve: read from their own entries
        # waiting (a few), not counted area by area and kind by kind
        shown = set(areas)
        own = self.records.entries(status=Status.PENDING, author=actor["id"])
        waiting -= sum(1 for e in own if e.area in shown and own_bar(e, actor) is not None)
        deciding = [a.id for a in self.core.street.areas] if is_admin(actor) \
            else volunteer_areas(actor)
        for area in deciding:  # a vote another volunteer asked to close early
            for vote in self.records.entries(area=area, kind=Kind.PROPOSAL, status=Status.OPEN):
                asked = next((r for r in vote.data.get("early_close") or []
                              if r.get("outcome") == "pending"), None)
                waiting += asked is not None and asked.get("by") != actor["id"]
        return waiting

    def own_waiting(self, actor_id: int) -> list[int]:
        """The entries of ``actor_id``'s queue (``pending_for``) that they recorded and may
        not approve themselves (``approve`` refuses them): they wait for another volunteer."""
        actor = self.core.require_person(actor_id)
        return [e.id for e in self.pending_for(actor_id) if own_bar(e, actor) is not None]

    @serialized
    def register(self, person_id: int, household_id: str, *, consent: str | None = None,
                 language: str = "zh", unpublished: bool = False, name: str = "") -> Entry:
        """Ask to be bound to a household; a volunteer of its area confirms it.

        ``consent`` (a notice version, ``db.privacy``) is the person's separate
        consent to what will be published (PIPL art. 25), recorded in the same
        write. Without it, a person who has not agreed to the current notice
        before is refused, as the bot refuses them, unless ``unpublished``: she
        declined publication and registers all the same (PIPL art. 16: a service is
        not refused for a consent it does not need). She votes and reads as any
        resident; what she sends to be published asks for the consent then, as
        after a withdrawn one (``Privacy.withdraw_consent``).

        ``name`` (her Telegram name) is kept from now on, in the same write, if none is
        kept: the volunteers read it to check that she lives there. Someone who only
        writes to the bot has no name kept (PIPL art. 6: no more than is needed)."""
        household_id = checks.text(household_id, "a household")
        name = clip(checks.clean_name(checks.text(name, "a name")), 100)
        try:
            area, *_ = self.core.street.locate(household_id)
        except KeyError:
            raise NotFound(f"no household {household_id!r}", code="no_household") from None
        person = self.core.require_person(person_id)
        if consent is None and not unpublished and not has_consent(person):
            raise DomainError("a household is registered only after the person agreed to "
                              "the publication notice", code="no_consent")
        for e in self.records.entries(area=area.id, kind=Kind.REGISTRATION,
                                      status=Status.PENDING, author=person_id):
            if e.data.get("household") == household_id:
                return e  # asking twice changes nothing
        wait = self.refused_wait(person["id"])
        if wait is not None:  # refused again and again: not a post to every volunteer each time
            raise DomainError(f"registrations refused {wait[1]} times lately: ask again "
                              f"after {wait[0].isoformat(timespec='minutes')}",
                              code="refused_wait", until=wait[0].isoformat(), n=wait[1])
        def run(tx: Transaction) -> Entry:
            named = bool(name) and not person.get("name")
            if named:
                person["name"] = name
            if consent is not None:
                add_consent(person, consent, self.core.stamp(), language)
            if consent is not None or named:
                tx.put("people", "people", person["id"], person)
            if named:
                self.directory.note_name(name)
            return self.records.new(tx, Kind.REGISTRATION, area.id, person,
                                    {"household": household_id})

        return self.core.commit(run)  # type: ignore[no-any-return]

    def refused_wait(self, person_id: int) -> tuple[Any, int] | None:
        """Until when ``person_id``, whose registrations volunteers refused lately, may not
        ask for one again (``db.refused_wait``), with how many refusals; None: she may."""
        refused = self.records.entries(kind=Kind.REGISTRATION, status=Status.REJECTED,
                                       author=self.core.require_known(person_id), limit=20)
        return refused_until(refused, self.core.clock())

    @serialized
    def approve(self, entry_id: int, actor_id: int, *, separate: str = "",
                shared: bool = False, summary: str = "", moved_out: bool = False) -> Entry:
        """Approve a pending entry; money entries reach the ledger (maker-checker).

        A fee that repeats one already booked or waiting (same payer, fee and period:
        ``fee_duplicates``) is refused unless ``separate`` says why it is a separate
        payment; the reason is published with its line. A registration for a
        household that already has residents is refused unless ``shared`` confirms
        that one more person lives there, or ``moved_out`` that the flat changed hands:
        its other residents are then unbound in the same write (``db.moving``). Nobody
        confirms their own registration. A report, an opinion or a question given as a
        voice message is approved only with ``summary``, a short text the volunteer wrote
        after listening to it: the public reads that (``db.voice``), never the voice."""
        separate = checks.text(separate, "the reason of a separate payment")
        shared = checks.flag(shared, "shared")
        moved_out = checks.flag(moved_out, "moved_out")
        summary = " ".join(checks.text(summary, "the summary of a voice message").split())
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, entry.area)
        barred = own_bar(entry, actor)
        if barred is not None:
            raise PermissionDenied(barred[0], code=barred[1], id=entry.id)
        if entry.status == Status.PENDING and entry.kind == Kind.FEE_INCOME:
            earlier = self.accounts.fee_duplicates(entry.id)
            reason = clip((separate or "").strip(), MAX_REASON)
            if earlier and not reason:
                first = earlier[0]
                raise DomainError("this fee may already be booked: approve it as a separate "
                                  "payment, with the reason", code="duplicate_fee",
                                  id=entry.id, earlier=first["id"], seq=first["seq"],
                                  status=first["status"])
            if earlier:
                self.core.names.check({"separate": reason})  # the line's note says it
                entry.data["separate"] = reason
        if entry.status == Status.PENDING and entry.kind in _LINE_WORDS:  # recorded before
            # a person of that name registered, or before names were refused
            try:
                self.core.names.check({k: entry.data.get(k) for k in _LINE_WORDS[entry.kind]})
            except DomainError as exc:
                if exc.code == "names_a_person":
                    raise DomainError(f"#{entry.id} names {exc.params['name']} in what its "
                                      "public line would say: reject it and record it again",
                                      code="recorded_names_a_person", id=entry.id,
                                      name=exc.params["name"]) from None
                # a phone, a plate, a stranger's full name (db.private_words): recorded
                # before they were refused
                raise DomainError(f"#{entry.id} holds {exc.params['name']} in what its public "
                                  "line would say: reject it and record it again",
                                  code="recorded_private_in_line", id=entry.id,
                                  name=exc.params["name"], what=exc.params["what"]) from None
        if moved_out and entry.kind != Kind.REGISTRATION:
            raise DomainError(f"#{entry.id} is not a registration: nobody moves out with it",
                              code="not_registration", id=entry.id)
        leaving = self.residents_of(entry.data["household"], exclude=entry.author) \
            if moved_out and entry.status == Status.PENDING else []
        if entry.status == Status.PENDING and entry.kind == Kind.REGISTRATION and not shared \
                and not moved_out:
            bound = self.residents_of(entry.data["household"], exclude=entry.author)
            if bound:
                raise DomainError("this household already has residents: confirm that one "
                                  "more person lives there", code="household_bound",
                                  id=entry.id, count=len(bound))
        summarise = entry.status == Status.PENDING and entry.kind in VOICE_KINDS and \
            voice.needs_summary(entry.data)
        # /summary N on the wrong number approves nothing; on one decided meanwhile (another
        # volunteer rejected it while she listened), the transition below refuses it as
        # decided, so that she is told by whom, not to press an Approve button
        if summary and not summarise and entry.status == Status.PENDING:
            raise DomainError("only a voice message waiting for its summary is approved with "
                              "one", code="not_voice", id=entry.id)
        if summarise and not summary and entry.kind == Kind.CORRECTION:
            raise DomainError("a correction said by voice is approved with the text it asks "
                              "for, typed in full", code="text_needed", id=entry.id)
        if summarise and not summary:
            raise DomainError("a voice message is approved with a short written summary of it",
                              code="summary_needed", id=entry.id)
        longest = MAX_CORRECTION_TYPED if entry.kind == Kind.CORRECTION else voice.MAX_SUMMARY
        if summarise and len(summary) > longest:
            raise DomainError("that summary is too long", code="summary_too_long",
                              id=entry.id, max=longest, count=len(summary))
        if entry.status == Status.PENDING and entry.kind in (Kind.FEE_INCOME, Kind.EXPENSE) \
                and entry.data.get("replaces") is not None:  # still reversed, still not replaced
            self.accounts.replaceable_line(entry.area, entry.kind, entry.data["replaces"],
                                           exclude=entry.id)
        target = Status.OPEN if entry.kind == Kind.PROPOSAL else Status.APPROVED
        staying = self.residents_of(entry.data["household"], exclude=entry.author) \
            if entry.kind == Kind.REGISTRATION and entry.status == Status.PENDING and \
            not moved_out else []
        began = household_began(entry.id, staying) \
            if entry.kind == Kind.REGISTRATION and entry.status == Status.PENDING else None

        def run(tx: Transaction) -> Entry:
            if summarise:
                entry.data["voice_summary"] = summary
                entry.data["text"] = summary if entry.kind == Kind.CORRECTION else \
                    voice.public_text(entry.data)
            if moved_out:  # who was unbound, kept with the registration (private)
                entry.data["moved_out"] = [p["id"] for p in leaving]
            self.records.move(tx, entry, target, actor, MOVED_OUT if moved_out else "")
            if moved_out:  # the flat changed hands: its former residents speak for it no more
                now = self.core.stamp()
                for p in leaving:
                    stored = tx.get("people", "people", p["id"])
                    assert stored is not None
                    end_tie(tx, self.directory, self.records, stored, actor, now,
                            f"registration #{entry.id} {NEWCOMER}")
            if entry.kind == Kind.REGISTRATION:
                self._bind_household(tx, entry, actor, began)
                same_start(tx, staying, began)
            if entry.kind == Kind.CORRECTION:
                _count_correction(tx, entry)
            if entry.kind in MONEY_KINDS:
                self.accounts.publish(tx, entry, actor)
            return entry

        before = str((self.core.person(entry.author) or {}).get("household") or "") \
            if entry.kind == Kind.REGISTRATION and entry.status == Status.PENDING else ""
        done = self.core.commit(run)
        if moved_out and self.hands is not None:
            self.hands.note(done)
        if before and before != done.data.get("household") and self.hands is not None:
            # she came from another flat of the street: it may be left empty
            self.hands.vacated(self.directory, before, done.updated)
        return done  # type: ignore[no-any-return]

    def residents_of(self, household: str, *, exclude: int | None = None
                     ) -> list[dict[str, Any]]:
        """The people a volunteer has confirmed as residents of ``household``."""
        household = checks.text(household, "a household")
        try:
            area, *_ = self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        return self.directory.residents_of_household(area.id, household, exclude=exclude)

    @serialized
    def reject(self, entry_id: int, actor_id: int, reason: str) -> Entry:
        reason = checks.text(reason, "the reason of a rejection").strip()
        if not reason:
            raise DomainError("a rejection needs a reason", code="reason_required")
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, entry.area)

        def run(tx: Transaction) -> Entry:
            self.records.move(tx, entry, Status.REJECTED, actor, reason)
            return entry

        return self.core.commit(run)

    @serialized
    def withdraw_own(self, entry_id: int, actor_id: int) -> Entry:
        """Its author takes back an entry nobody has decided yet (``WITHDRAWABLE``: a fee
        recorded or reported, an expense, a reversal, a registration for a household
        chosen by mistake, a report or an opinion sent by mistake): it is rejected as
        withdrawn and stays in the record, never published and out of the accounts; its
        photos, voice note or receipt are named no more, and go with the media sweep
        (``db.media_sweep``: kept no longer than needed). Anyone else is refused; so is
        an entry already decided (an approved one is in the public accounts: a reversal
        corrects it; a published report or opinion is closed by a volunteer)."""
        entry, actor = self._withdrawable(entry_id, actor_id)

        def run(tx: Transaction) -> Entry:
            entry.data = without_media(entry.data)  # nothing needs them any more
            self.records.move(tx, entry, Status.REJECTED, actor, WITHDRAWN_NOTE)
            return entry

        return self.core.commit(run)

    def withdrawable(self, entry_id: int, actor_id: int) -> Entry:
        """The entry ``withdraw_own`` would withdraw now, refused as it would refuse it
        (what asking "withdraw it?" checks before the question)."""
        return self._withdrawable(entry_id, actor_id)[0]

    def _withdrawable(self, entry_id: int, actor_id: int) -> tuple[Entry, dict[str, Any]]:
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        if entry.kind not in WITHDRAWABLE:
            raise DomainError(f"#{entry.id} is not an entry its author may withdraw (a fee, "
                              "an expense, a registration, a report or an opinion)",
                              code="not_withdrawable", id=entry.id)
        if entry.author != actor["id"]:
            raise PermissionDenied(f"only whoever recorded #{entry.id} may withdraw it",
                                   code="withdraw_not_author", id=entry.id)
        if entry.kind in (Kind.ISSUE, Kind.OPINION) and is_public(entry.kind, entry.status):
            raise DomainError(f"#{entry.id} is published already: a volunteer closes it",
                              code="withdraw_published", id=entry.id)
        if entry.status in (Status.APPROVED, Status.REVERSED):
            raise DomainError(f"#{entry.id} is approved and in the public accounts: a reversal "
                              "corrects it", code="withdraw_approved", id=entry.id)
        if entry.status != Status.PENDING:
            raise DomainError(f"#{entry.id} was already rejected or withdrawn",
                              code="withdraw_decided", id=entry.id)
        return entry, actor

    def _bind_household(self, tx: Transaction, entry: Entry, actor: dict[str, Any],
                        began: int | None) -> None:
        person = tx.get("people", "people", entry.author)  # type: ignore[arg-type]
        assert person is not None
        hid = entry.data["household"]
        before = person.get("household")
        person["household"] = hid
        if before != hid:  # how they stand to their old home says nothing of this one
            person.pop("relation", None)
        if began is None:  # her household's time in the flat (db.moving.household_began)
            person.pop(BEGAN, None)
        else:
            person[BEGAN] = began
        person["roles"] = [r for r in person["roles"] if r["role"] != Role.RESIDENT]
        person["roles"].append({"role": str(Role.RESIDENT), "area": entry.area,
                                "title": "居民"})
        tx.put("people", "people", person["id"], person)
        self.directory.audit(tx, person, actor, self.core.stamp(),
                             before and f"resident:{before}", f"resident:{hid}",
                             f"registration #{entry.id}")


def _count_correction(tx: Transaction, entry: Entry) -> None:
    """Count an approved correction on the person who asked for it (``corrected``): the
    site builder tells from the people alone, without the entries' index, that a text it
    showed is to come off its kept copies (``site_builder.build.withdrawn_mark``)."""
    person = tx.get("people", "people", entry.author)  # type: ignore[arg-type]
    if person is None:  # asked by someone forgotten since: nothing to count on
        return
    person["corrected"] = int(person.get("corrected") or 0) + 1
    tx.put("people", "people", person["id"], person)


def own_bar(entry: Entry, actor: dict[str, Any]) -> tuple[str, str] | None:
    """Why ``actor`` may not approve ``entry``, which they recorded themselves (the
    refusal and its code), or None: a volunteer's money entry (maker-checker), minutes,
    a registration."""
    if entry.author != actor["id"]:
        return None
    if entry.kind in MONEY_KINDS and is_volunteer_of(actor, entry.area):
        return "a money entry must be approved by a different volunteer", "maker_checker"
    if entry.kind == Kind.MEETING:
        return ("minutes are published when a second volunteer approves them, not their "
                "author", "own_minutes")
    if entry.kind == Kind.REGISTRATION:
        return "nobody confirms their own household registration", "own_registration"
    return None
