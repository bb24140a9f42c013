"""A person's rights over what is kept about them (PIPL): consent to publish,
seeing everything kept, being forgotten, and correcting a published text.

* **Consent** (PIPL art. 25: making personal information public needs a
  separate consent). ``consent`` records that a person agreed to the notice
  of version ``CONSENT_VERSION`` (when, in which language) on the person;
  ``has_consent`` says whether they agreed to the current one. The notice
  itself is the bot's (``bot.consent``), in both languages.
* **Seeing** (art. 45). ``export`` gathers everything kept about a person: the
  person record, their consents, every entry they made (pending, rejected and
  private ones too, with their photos' references), the changes of their
  roles, the reports they backed, and what others recorded for their household
  (``db.household_kept``). Other people appear only as roles.
* **Being forgotten** (art. 47). ``forget`` deletes a resident's name,
  username, language, Telegram id, household binding and consents, and
  withdraws their pending submissions, deleting what they held. It also
  withdraws the consent their published words stood on (art. 15): each of
  their published reports, opinions, questions and corrections is marked
  ``withheld`` (the time), and the site then shows ``WITHHELD_ZH`` instead of
  its words and photos, from its next build on, paper notices downloaded from
  it included. A person's own words may name them (我是…, a phone, the door
  in a photo), so an anonymous role alone does not make them anonymous. What
  the record needs stays public: the report's number, category, building and
  status, and the volunteers' steps and answers, by role. Her words, photos and
  voice messages themselves are deleted from the store too (art. 47: once she
  withdrew her consent and asked to be forgotten they are no longer needed; they were
  kept "for the volunteers" and a volunteer's /show still read them): each of her own
  entries, published, rejected or withdrawn, keeps ``ERASED_ZH`` as its text
  (``db.withheld.erased_words``), and the photos and voice notes nothing names any
  more go at the next sweep of the media (``db.media_sweep``). Entries a volunteer
  recorded for a household (``db.proxy``) are the volunteer's, not withheld.
  Their name, wherever someone wrote it in the entries of any area (a
  neighbour's report, a volunteer's step, a project's stage), is replaced by ``NAME_MASK`` in the
  store itself: the site masks the names the store knows, and theirs is gone. What is
  written of them later is masked by the forms of their names, Telegram id and username
  their record keeps hashed (``db.forgotten_forms``), never as they were. A
  published ledger line is the exception: it is chained as it was made, so the words
  it carries (a reversal's reason) stay as they are in the line and its entry
  (``_scrubbed``); names are refused there as they are typed (``db.ledger_names``).
  Nothing else kept ties their number to their home: their registrations decided and
  their lines of the role log (registered, how they stood to the home, forgotten) keep
  that #N was a resident, and when, not where (``_homeless``). Their household's votes
  and the fees recorded for it keep the household, and so their number as the author of
  what they entered themselves: a vote counts for its household, a fee is a line of the
  accounts. Her notes on her fee reports (``db.fee_remark``: never published, they may
  name a neighbour) are deleted from them all, the published ones too; so are her
  answers to volunteers' questions (``db.author_questions``), never published either.
  Volunteers and admins first have their roles revoked by an admin.
* **Withdrawing consent** (art. 15) without being forgotten:
  ``withdraw_consent`` withholds their published words as ``forget`` does,
  withdraws what of theirs waits for review, and drops their consents; they
  stay registered (they vote, record fees), and are asked again before they
  send anything that would be published.
* **Putting back** what was withheld: agreeing to the notice again covers what they send
  from then on, not what they published before and withdrew; ``republish`` puts those
  texts back on the site only when they ask for it (art. 25: a separate consent for
  making them public again), and only while they agree to the current notice.
  ``withheld_own`` lists them.
* **Correcting** (art. 46). A published text is never edited: ``correct``
  submits a correction (``Kind.CORRECTION``), which a volunteer reviews like
  anything else; once approved, the site shows the corrected text marked as
  corrected, with the date, the role of who asked and the reason. The text
  as first published stays in the store, for the volunteers.
"""

from __future__ import annotations

from typing import Any

from . import checks
from .author_questions import ASKED, drop_answers
from .core import Core, Part, clip, serialized
from .directory import Directory
from .entries import MAX_TEXT, Entry, Kind, Status, is_public
from .errors import DomainError, PermissionDenied
from .fee_remark import REMARK, drop_remark
from .forgotten_forms import FORMS, forms_of, street_salt
from .hidden_names import HIDDEN
from .household_kept import recorded_for_home, relation_said, votes_for_home
from .ledger_names import refused_names
from .people import is_admin, is_volunteer_of, volunteer_areas
from .records import Records
from .redact import NameMask
from .relation import NOTE as RELATION_NOTE
from .store import Transaction
from .withheld import (
    CONSENT_VERSION,
    CORRECTABLE,
    ERASED_ZH,
    FORGOTTEN_NOTE,
    WITHDRAWN_NOTE,
    WITHHELD_ZH,
    WITHHOLDABLE,
    add_consent,
    erased_words,
    forgotten_ids,
    has_consent,
    is_withheld,
    own_words,
    published_own,
    waiting_own,
    withheld_own,
)

__all__ = ["Privacy", "CONSENT_VERSION", "CORRECTABLE", "WITHHOLDABLE", "WITHHELD_ZH",
           "WITHDRAWN_NOTE", "FORGOTTEN_NOTE", "has_consent", "add_consent", "is_withheld",
           "forgotten_ids", "published_own", "waiting_own", "withheld_own"]

# The fields of entries where people write words (a name is masked there when its
# person is forgotten; the steps' notes too).
NAMED_FIELDS = ("text", "reason", "answer", "decisions", "topics", "description", "title",
                "voice_summary", "payee", "purpose", REMARK)
# The words of NAMED_FIELDS that an entry's published ledger line carries (db.lines):
# a reversal's reason is its line's purpose. Until it is published they are masked like
# any others, and its line is then made from the masked words.
CHAINED = {Kind.REVERSAL: ("reason",), Kind.EXPENSE: ("payee", "purpose"),
           Kind.FEE_INCOME: ("purpose",)}
# Words kept inside a proposal's data, each a dict or a list of dicts, and their fields
# (db.projects' stages, db.closing's reasons), shown on the site as they are.
NESTED_FIELDS = {"stages": ("note",), "closed_early": ("reason",), "early_close": ("reason",),
                 "withdrawn": ("reason",), ASKED: ("question", "answer"),  # asked: not shown
                 HIDDEN: ("word",)}  # the words a volunteer hid (db.hidden_names)


# partition -> (its generation, the entries of it naming someone, masked, by id)
Named = dict[str, tuple[int, dict[int, Entry]]]


def _scrubbed(e: Entry, mask: NameMask) -> Entry | None:
    """``e`` with the names of ``mask`` masked in its words and its steps' notes, or
    None when it names no one.

    Words a published ledger line carries (``CHAINED``) are left as they are: the line
    was hashed into the chain with them and stays public as it is, and ``steward
    verify`` checks each line against its entry, so masking them in the entry alone
    would hide nothing and report the ledger as rewritten. Such names are kept out of
    lines when they are typed (``db.ledger_names``); a line may still name someone who
    registered after it was made."""
    changed = False
    chained = CHAINED.get(e.kind, ()) if e.data.get("ledger_seq") is not None else ()
    for key in NAMED_FIELDS:
        if key in chained:
            continue
        value = e.data.get(key)
        if isinstance(value, str) and mask(value) != value:
            e.data[key], changed = mask(value), True
    for key, fields in NESTED_FIELDS.items():
        value = _masked(e.data.get(key), fields, mask)
        if value is not None:
            e.data[key], changed = value, True
    steps = []  # new dicts: the store's own stay as they are until written
    for step in e.history:
        note = step.get("note")
        if isinstance(note, str) and mask(note) != note:
            step, changed = {**step, "note": mask(note)}, True
        steps.append(step)
    e.history = steps
    return e if changed else None


def _homeless(line: dict[str, Any]) -> dict[str, Any] | None:
    """A line of the role log (people's ``audit``) about someone forgotten, without the
    home it names: ``resident:<household>`` becomes ``resident``, and how they stood to
    it (``relation:owner``) ``relation``; None when it names none. What stays says that
    #N was a resident, when, and who approved: not where."""
    out = {k: v for k, v in line.items() if k != "doc_id"}
    changed = False
    for key in ("from", "to"):
        value = out.get(key)
        if isinstance(value, str) and value.split(":", 1)[0] in ("resident", RELATION_NOTE) \
                and ":" in value:
            out[key], changed = value.split(":", 1)[0], True
    return out if changed else None


def _masked(value: Any, fields: tuple[str, ...], mask: NameMask) -> Any:
    """``value`` (a dict, or a list of dicts) as new dicts with the names in its
    ``fields`` masked, or None when it names no one (the store's own stay as they are
    until written)."""
    items = value if isinstance(value, list) else [value]
    out, changed = [], False
    for item in items:
        if isinstance(item, dict):
            fixed = {k: mask(v) if k in fields and isinstance(v, str) else v
                     for k, v in item.items()}
            changed = changed or fixed != item
            item = fixed
        out.append(item)
    if not changed:
        return None
    return out if isinstance(value, list) else out[0]


class Privacy(Part):
    """Consent, export, forgetting and corrections."""

    def __init__(self, core: Core, records: Records, directory: Directory) -> None:
        super().__init__(core)
        self.records = records
        self.directory = directory
        self.home: Any = None  # db.home_records.HomeRecords: since when a flat is hers

    # -- consent -------------------------------------------------------------

    @serialized
    def consent(self, person_id: int, version: str, language: str = "zh") -> dict[str, Any]:
        """Record that the person agreed to the publication notice of ``version``."""
        person = self.core.require_person(person_id)
        if not has_consent(person, version):
            add_consent(person, version, self.core.stamp(), language)
            self.core.commit(lambda tx: tx.put("people", "people", person["id"], person))
        return person

    # -- seeing --------------------------------------------------------------

    def export(self, person_id: int) -> dict[str, Any]:
        """Everything kept about a person, as plain JSON-safe data."""
        person = self.core.require_person(person_id)
        me = person["id"]

        def others_as_roles(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{**h, "by": h.get("by") if h.get("by") == me else None} for h in events]

        entries = []
        for e in self.records.entries(author=me):
            doc = e.as_doc()
            doc["history"] = others_as_roles(e.history)
            for key in ("stages", ASKED, HIDDEN):  # stages, questions, words hidden: by whom
                if isinstance(doc["data"].get(key), list):
                    doc["data"] = {**doc["data"], key: others_as_roles(doc["data"][key])}
            # a vote counts in the published tally, but how the household voted is
            # never shown: not public, as the registration notice says
            doc["public"] = is_public(e.kind, e.status) and not e.data.get("withheld") \
                and e.kind != Kind.VOTE
            entries.append(doc)
        issues = self.records.entries(kind=Kind.ISSUE)
        backed = [e.id for e in issues if me in (e.data.get("me_too") or [])]
        flat = person.get("household")
        try:
            window = self.home.window(flat, me) if flat and self.home else None
        except DomainError:  # a flat no longer in the street's places
            window = None
        since = window.since if window is not None else None
        for_home = votes_for_home(self.core, self.records, person, since)
        followed = [e.id for e in issues if me in (e.data.get("followers") or [])]
        mine = [{k: v for k, v in a.items() if k != "doc_id"}
                for a in self.store.all("people", "audit") if a.get("subject") == me]
        roles = [{k: v for k, v in a.items() if k != "by"} for a in mine
                 if a.get("note") != RELATION_NOTE]
        return {
            "about": "Everything Steward keeps about this person (PIPL art. 45).",
            "generated": self.core.stamp(),
            "person": {k: v for k, v in person.items() if k != "doc_id"},
            "consents": list(person.get("consents") or []),
            "entries": entries,
            "me_too": backed,
            "following": followed,
            # votes someone else recorded for their household (a volunteer's paper
            # signature, another resident of it), that person named by role only
            "household_votes": for_home,
            # fees a volunteer collected from their household, reports and opinions one
            # recorded for it (db.household_kept), that person named by role only
            "household_records": recorded_for_home(self.core, self.records, person,
                                                   since, window),
            "role_changes": roles,
            # how they stand to their home, each change (db.relation): never published;
            # each with the flat it was said of, and whether it is of her tie now
            "relation_changes": others_as_roles(relation_said(mine, person.get("household"))),
        }

    # -- being forgotten -----------------------------------------------------

    def forget(self, person_id: int) -> list[Entry]:
        """Delete a resident's personal data and withdraw their pending submissions;
        returns the submissions withdrawn.

        The street's entries are searched for the name first, without holding up
        anyone's writes (seconds at 50 areas); under the commit lock only the partitions
        written meanwhile are searched again."""
        person = self.core.require_person(person_id)
        if is_admin(person) or volunteer_areas(person):
            raise PermissionDenied("a volunteer or admin must first have their role revoked",
                                   code="staff_forget")
        mask = NameMask.of([person])
        return self._forget(person_id, (mask.names, self._named_in(mask)))

    @serialized
    def _forget(self, person_id: int, found: tuple[frozenset[str], Named]) -> list[Entry]:
        person = self.core.require_person(person_id)
        if is_admin(person) or volunteer_areas(person):
            raise PermissionDenied("a volunteer or admin must first have their role revoked",
                                   code="staff_forget")
        own = self.records.entries(author=person["id"])
        named = self._naming(person, found)  # entries whose words name them, scrubbed
        own = [named.get(e.id, e) for e in own]
        pending = [e for e in own if e.status == Status.PENDING]
        published = published_own(own)
        # her registrations decided (approved, refused) no longer say which home: nor
        # do her lines of the role log (_homeless)
        homes = [e for e in own if e.kind == Kind.REGISTRATION and e.status != Status.PENDING
                 and "household" in e.data]
        noted = [e for e in own if e.status != Status.PENDING and (
            REMARK in e.data or drop_answers(e.data) is not None)]  # her notes, her answers
        # her own words, photos and voice, published or not (art. 47): deleted, not kept
        # for the volunteers; the record of the report stays (erased_words)
        erased = [e for e in own if e.status != Status.PENDING and own_words(e)
                  and e.data.get("text") != ERASED_ZH]
        log = [(int(a["doc_id"]), _homeless(a)) for a in self.store.all("people", "audit")
               if a.get("subject") == person["id"]]
        # her names and accounts, hashed, so that the masks still find them in what
        # others write of her later (db.forgotten_forms): the street's one salt
        forms = forms_of(person, street_salt(self.store.all("people", "people")),
                         refused_names([person]))

        def run(tx: Transaction) -> list[Entry]:
            now = self.core.stamp()
            for entry in named.values():
                self.records.save(tx, entry)
            for entry in pending:
                entry.data = {"withdrawn": True}  # what it held is deleted
                self.records.move(tx, entry, Status.REJECTED, None, FORGOTTEN_NOTE)
            self._withhold(tx, published, now)  # their consent to publish them is withdrawn
            for entry in erased:  # and their words, photos and voice are deleted
                entry.data = {**erased_words(entry.data),
                              "withheld": entry.data.get("withheld") or now}
                self.records.save(tx, entry)
            for entry in homes:
                entry.data = {k: v for k, v in entry.data.items() if k != "household"}
                self.records.save(tx, entry)
            for entry in noted:  # her notes on her fees (db.fee_remark), published or not
                entry.data = drop_remark(entry.data) or entry.data  # and her answers to
                entry.data = drop_answers(entry.data) or entry.data  # volunteers' questions
                self.records.save(tx, entry)
            for doc_id, line in log:
                if line is not None:
                    tx.put("people", "audit", doc_id, line)
            blank = {"id": person["id"], "telegram_id": None, "name": "", "username": "",
                     "phone": "", "language": None, "household": None, "roles": [],
                     "consents": [], "created": person.get("created"), "forgotten": now}
            if forms is not None:  # what the masks need, hashed (db.forgotten_forms)
                blank[FORMS] = forms
            tx.put("people", "people", person["id"], blank)
            if person.get("telegram_id") is not None:
                self.core.people.drop(int(person["telegram_id"]))
            self.directory.audit(tx, blank, None, now, "resident" if person.get("household")
                                 else None, None, "forgotten at their request")
            return pending

        return self.core.commit(run)  # type: ignore[no-any-return]

    # -- withdrawing consent ---------------------------------------------------

    @serialized
    def withdraw_consent(self, person_id: int) -> tuple[list[Entry], int]:
        """Withdraw a person's consent to publication (art. 15), keeping them
        registered: their published words and photos are withheld, as when forgotten;
        their submissions waiting for review that would be published are withdrawn
        (kept for them, never published); their consents are dropped, so that what they
        send next asks again. Returns (the submissions withdrawn, how many withheld)."""
        person = self.core.require_person(person_id)
        own = self.records.entries(author=person["id"])
        pending = waiting_own(own)
        published = published_own(own)
        if not person.get("consents") and not pending and not published:
            raise DomainError("there is no consent to publication to withdraw",
                              code="no_consent_to_withdraw")

        def run(tx: Transaction) -> list[Entry]:
            now = self.core.stamp()
            for entry in pending:
                self.records.move(tx, entry, Status.REJECTED, None, WITHDRAWN_NOTE)
            self._withhold(tx, published, now)
            person["consents"] = []
            person["consent_withdrawn"] = now
            tx.put("people", "people", person["id"], person)
            return pending

        return self.core.commit(run), len(published)

    @serialized
    def republish(self, person_id: int) -> list[Entry]:
        """Put back on the public site the texts a person published and then withheld by
        withdrawing their consent (``withheld_own``), at their own explicit request: only
        while they agree to the current notice, never for someone forgotten. Returns the
        entries put back (each keeps when it was put back, ``republished``)."""
        person = self.core.require_person(person_id)
        if person.get("forgotten"):
            raise DomainError("a forgotten person's texts are not published again",
                              code="forgotten")
        if not has_consent(person):
            raise DomainError("texts are published again only after the person agreed to "
                              "the publication notice", code="no_consent")
        withheld = withheld_own(self.records.entries(author=person["id"]))
        if not withheld:
            raise DomainError("none of this person's texts is withheld",
                              code="nothing_withheld")

        def run(tx: Transaction) -> list[Entry]:
            now = self.core.stamp()
            for entry in withheld:
                data = {k: v for k, v in entry.data.items() if k != "withheld"}
                entry.data = {**data, "republished": now}
                self.records.save(tx, entry)
            return withheld

        return self.core.commit(run)  # type: ignore[no-any-return]

    def _withhold(self, tx: Transaction, entries: list[Entry], now: str) -> None:
        """Mark ``entries`` withheld (``now``): the site shows ``WITHHELD_ZH`` instead."""
        for entry in entries:
            entry.data = {**entry.data, "withheld": now}
            self.records.save(tx, entry)

    def _naming(self, person: dict[str, Any], found: tuple[frozenset[str], Named]
                ) -> dict[int, Entry]:
        """The entries whose words (or steps' notes) name them, their name replaced by
        ``NAME_MASK``, by id: once the name is deleted, the site no longer knows to mask
        it in a neighbour's report or a volunteer's note. Every area's: a volunteer of
        another compound names them too (a namesake's name is masked on the site anyway).

        ``found``: the names searched for before the commit lock was taken, and what was
        found, by partition; a partition changed since (or every one, if the name was)
        is searched again."""
        mask = NameMask.of([person])
        if not mask.names:
            return {}
        names, before = found
        if names != mask.names:
            before = {}
        stale = [part for part in self._entry_partitions()
                 if part not in before or self.store.generation(part) != before[part][0]]
        now = {**before, **self._named_in(mask, stale)}
        return {entry_id: e for _, entries in now.values() for entry_id, e in entries.items()}

    def _entry_partitions(self) -> list[str]:
        return [p for p in self.store.partitions("areas/") if "/entries-" in p]

    def _named_in(self, mask: NameMask, partitions: list[str] | None = None) -> Named:
        """partition -> (its generation, the entries of it that name someone of
        ``mask``, masked), for ``partitions`` (every partition of entries: None)."""
        out: Named = {}
        if not mask.names:
            return out
        for part in self._entry_partitions() if partitions is None else partitions:
            docs, generation = self.store.all_at(part, "entries")
            masked = (_scrubbed(Entry.from_doc(doc), mask) for doc in docs)
            out[part] = (generation, {e.id: e for e in masked if e is not None})
        return out

    # -- correcting ----------------------------------------------------------

    @serialized
    def correct(self, actor_id: int, entry_id: int, text: str, reason: str = "", *,
                voice: str | None = None, voice_seconds: int = 0,
                voice_more: list[str] | None = None,
                voice_more_seconds: list[int] | None = None) -> Entry:
        """Submit a public correction of a published text (its author or a volunteer of
        its area); a volunteer approves it like any entry. Said by ``voice`` (a voice
        note's reference; ``text`` its placeholder), the volunteer who approves it types
        the text as it should read, which is published (``db.review``), never the voice."""
        actor = self.core.require_person(actor_id)
        target = self.core.entry(entry_id)
        if target.kind not in CORRECTABLE or not is_public(target.kind, target.status):
            raise DomainError("only a published report, opinion, announcement or progress "
                              "note can be corrected", code="not_correctable", id=entry_id)
        if target.author != actor["id"] and not is_volunteer_of(actor, target.area):
            raise PermissionDenied("only its author or a volunteer may correct it",
                                   code="not_author", id=entry_id)
        text = (text or "").strip()
        if not text:
            raise DomainError("a correction needs the corrected text", code="missing_field",
                              field="text")
        if len(text) > MAX_TEXT:
            raise DomainError("the corrected text is too long", code="text_too_long",
                              max=MAX_TEXT, count=len(text))
        for e in self.records.entries(area=target.area, kind=Kind.CORRECTION,
                                      status=Status.PENDING):
            if e.data.get("corrects") == target.id:
                raise DomainError("a correction of this entry is already waiting for review",
                                  code="correction_pending", id=target.id)
        data: dict[str, Any] = {"corrects": target.id, "text": text,
                                "reason": clip((reason or "").strip(), 500)}
        if voice is not None:
            data.update(voice=checks.text(voice, "the voice message"),
                        voice_seconds=voice_seconds)
        if voice_more is not None or voice_more_seconds is not None:  # said in parts
            data.update(voice_more=voice_more, voice_more_seconds=voice_more_seconds)
        if voice is not None or voice_more is not None or voice_more_seconds is not None:
            self.records.validate(Kind.CORRECTION, data)
        return self.core.commit(lambda tx: self.records.new(
            tx, Kind.CORRECTION, target.area, actor, data))
