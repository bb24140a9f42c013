"""Entries and their audit trail: finding them, and writing them.

An entry (``db.entries.Entry``) is stored in the partition of its area and
the year it was made (``areas/<area>/entries-<year>``); every change of its
status is one checked transition with its audit event in ``history``,
written in the same durable commit. Reading goes through the entry index
(``db.indexes.EntryIndex``), so a filtered query reads only the partitions
that hold matches. Each write notes whether it changed the public record
(``db.changes``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import checks, fees, numbering
from .core import Core, Part, clip
from .elections import is_election
from .entries import (
    INITIAL_STATUS,
    MAX_TEXT,
    OPEN_ISSUE,
    Entry,
    Kind,
    Status,
    check_transition,
    is_public,
    validate_data,
)
from .errors import DomainError, NotFound, PermissionDenied
from .indexes import EntryIndex, proxy_home
from .people import acting_role, is_volunteer_of, resident_area
from .private_words import private_words
from .store import Transaction

__all__ = ["Records", "StatusFilter"]

StatusFilter = Status | str | Iterable[Status | str] | None

# Kinds only a volunteer of the area may submit.
# What a supervisor (监督员) submits as one, signed so: a public question, also where he
# does not live. Anything else he submits or moves is his own as a resident (居民): his
# report, opinion, fee paid, vote, registration (``db.people.acting_role``).
SUPERVISOR_ACTS = frozenset({Kind.QUESTION})


def own_home(kind: Kind, data: dict[str, Any]) -> bool:
    """Whether an entry of ``kind`` is sent by its author for her own home, as any
    resident sends it: her report or opinion (not one recorded for a neighbour, /proxy),
    the fee she says she paid (/pay), her household's vote online (not a paper signature
    recorded door to door), her registration. A volunteer who lives in the area signs
    these 居民 (``db.people.acting_role``)."""
    if kind in (Kind.ISSUE, Kind.OPINION):
        return not data.get("proxy")
    if kind == Kind.FEE_INCOME:
        return data.get("source") == "resident"
    if kind == Kind.VOTE:
        return not data.get("paper")
    return kind == Kind.REGISTRATION

_STAFF_KINDS = (Kind.PROPOSAL, Kind.ANNOUNCEMENT, Kind.PROGRESS_NOTE, Kind.EXPENSE,
                Kind.REVERSAL)


def _no_ledger(area: str, kind: Kind, seq: object) -> Any:
    raise DomainError("this street keeps no ledger", code="no_ledger")


class Records(Part):
    """The entries of a street."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        # the check of the line a new fee or expense replaces: ``Accounts.replaceable_line``
        self.replaceable: Callable[..., Any] = _no_ledger

    # -- reading -------------------------------------------------------------

    @property
    def ix(self) -> EntryIndex:
        return self.core.entries  # through the property: restored first if put off (``Core``)

    def entry(self, entry_id: int) -> Entry:
        return self.core.entry(entry_id)

    def entry_state(self, entry_id: int) -> tuple[Kind, Status]:
        """An entry's kind and status, from the in-memory index (no partition is read:
        what a list of many entries needs of each, such as a vote's proposal)."""
        entry_id = checks.whole(entry_id, "an entry number")
        with self.store.lock:
            meta = self.ix.meta.get(entry_id)
        if meta is None:
            raise NotFound(f"no entry #{entry_id}", code="no_entry", id=entry_id)
        return Kind(meta[0]), Status(meta[1])

    def entries(self, *, area: str | None = None, kind: Kind | str | None = None,
                status: StatusFilter = None, author: int | None = None,
                limit: int | None = None, after: int | None = None) -> list[Entry]:
        """Entries matching every given filter, oldest first; with ``limit``, only the
        newest ``limit`` of them (older partitions are then not read at all); with
        ``after``, only those made after entry ``after`` (numbered higher)."""
        area, kind, status, author, limit = self._filters(area, kind, status, author, limit)
        after = None if after is None else checks.whole(after, "an entry number", low=0)
        out = []
        if kind is not None or status is not None or author is not None or limit is not None:
            with self.store.lock:
                ids = self.ix.matching(area, kind, status, author)
                if after is not None:
                    ids = [i for i in ids if i > after]
                if limit is not None:
                    ids = sorted(ids)[-limit:] if limit > 0 else []
                out = [Entry.from_doc(d) for d in self.docs(ids)]
            out.sort(key=lambda e: e.id)
            return out
        prefix = f"areas/{area}/entries-" if area else "areas/"
        for part in self.store.partitions(prefix):
            if "/entries-" not in part:
                continue
            out.extend(Entry.from_doc(doc) for doc in self.store.all(part, "entries"))
        out.sort(key=lambda e: e.id)
        return out if after is None else [e for e in out if e.id > after]

    def _filters(self, area: str | None, kind: Kind | str | None, status: StatusFilter,
                 author: int | None, limit: int | None
                 ) -> tuple[str | None, Kind | None, StatusFilter, int | None, int | None]:
        """The filters of a query, checked: an unknown area, kind or status is refused."""
        if area is not None:
            self.core.check_area(area)
        return (area, None if kind is None else checks.choice(Kind, kind, "kind"),
                None if status is None else checks.choices(Status, status, "status"),
                None if author is None else checks.whole(author, "an author"),
                None if limit is None else checks.whole(limit, "a limit", low=0))

    def docs(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The documents of these entries, read a partition at a time (hold the
        store's lock); in no particular order."""
        by_part: dict[str, list[int]] = {}
        meta = self.ix.meta
        for eid in ids:
            by_part.setdefault(meta[eid][3], []).append(eid)
        return [d for part, part_ids in by_part.items()
                for d in self.store.some(part, "entries", part_ids)]

    def recent_entries(self, author: int, *, status: Iterable[Status | str],
                       limit: int) -> list[Entry]:
        """A person's newest entries (up to ``limit``, oldest first) among those of the
        areas' current year, and those of earlier years still waiting or open: what
        /mine lists, read from partitions that are in memory anyway."""
        status = checks.choices(Status, status, "status")
        author = checks.whole(author, "an author")
        limit = checks.whole(limit, "a limit", low=0)

        def wanted(meta: tuple[str, str, int | None, str]) -> bool:
            kind, st, _, part = meta
            return (part in hot or st == Status.PENDING or
                    (kind == Kind.ISSUE and st in OPEN_ISSUE) or
                    (kind == Kind.PROPOSAL and st == Status.OPEN))

        with self.store.lock:
            hot = set(self.core.hot.newest.values())
            ids = [eid for eid in self.ix.matching(None, None, status, author)
                   if wanted(self.ix.meta[eid])]
            ids = sorted(ids)[-limit:] if limit > 0 else []
            out = [Entry.from_doc(d) for d in self.docs(ids)]
        return sorted(out, key=lambda e: e.id)

    def count_entries(self, *, area: str | None = None, kind: Kind | str | None = None,
                      status: StatusFilter = None, author: int | None = None) -> int:
        """How many entries match, from the in-memory index (no partition is read)."""
        area, kind, status, author, _ = self._filters(area, kind, status, author, None)
        with self.store.lock:
            return len(self.ix.matching(area, kind, status, author))

    # -- writing (inside a commit) -------------------------------------------

    def new(self, tx: Transaction, kind: Kind, area: str, author: dict[str, Any] | None,
            data: dict[str, Any], *, status: Status | None = None) -> Entry:
        """Write a new entry, in its initial status unless ``status`` is given."""
        core = self.core
        now = core.stamp()
        eid = self.ix.take_id(numbering.floor(self.store, "entry"))
        status = status or INITIAL_STATUS[kind]
        role = acting_role(author, area, as_resident=kind not in SUPERVISOR_ACTS,
                           own_home=own_home(kind, data))
        entry = Entry(id=eid, kind=kind, area=area, author=author["id"] if author else None,
                      author_role=role, status=status, created=now,
                      updated=now, data=data,
                      history=[{"at": now, "by": author["id"] if author else None,
                                "role": role, "from": None,
                                "to": str(status), "note": ""}])
        part = f"areas/{area}/entries-{now[:4]}"
        tx.put(part, "entries", eid, entry.as_doc())
        core.issues.note(entry, None)
        core.notes.entry(area, kind, None, status)
        self.ix.add(eid, kind, status, entry.author, area, part, proxy_home(kind, data))
        if kind == Kind.FEE_INCOME:
            core.fees.add(entry)
        return entry

    def save(self, tx: Transaction, entry: Entry) -> None:
        """Write an entry's new version (its status and data as they are now)."""
        core = self.core
        before = self.ix.status(entry.id)
        core.issues.note(entry, before)
        core.notes.entry(entry.area, entry.kind, before, entry.status)
        tx.put(self.ix.partition(entry.id), "entries", entry.id, entry.as_doc())
        self.ix.update(entry.id, entry.kind, entry.status, entry.author)

    def move(self, tx: Transaction, entry: Entry, to: Status, actor: dict[str, Any] | None,
             note: str = "") -> None:
        """Apply one checked transition with its audit event."""
        check_transition(entry.kind, entry.status, to)
        now = self.core.stamp()
        theirs = actor is not None and actor["id"] == entry.author  # her own entry
        entry.history.append({"at": now, "by": actor["id"] if actor else None,
                              "role": acting_role(actor, entry.area,
                                                  as_resident=entry.kind not in SUPERVISOR_ACTS,
                                                  own_home=theirs and own_home(entry.kind,
                                                                               entry.data)),
                              "from": str(entry.status),
                              "to": str(to), "note": clip(note, MAX_TEXT)})
        entry.status = to
        entry.updated = now
        self.save(tx, entry)

    # -- submitting ----------------------------------------------------------

    def submit(self, author_id: int, kind: Kind | str, area: str,
               data: dict[str, Any]) -> Entry:
        """Store a new entry from a resident or volunteer (generic; see the typed helpers)."""
        kind = checks.choice(Kind, kind, "kind", "bad_kind")
        data = checks.mapping(data, "an entry's data")
        if kind == Kind.REVERSAL:  # it needs its line checked: ``db.accounts.reverse``
            raise DomainError("a reversal is recorded by reversing a ledger line",
                              code="use_reverse")
        if kind == Kind.OPENING_BALANCE:  # once, by a command: ``db.opening``
            raise DomainError("an opening balance is recorded with `steward opening-balance`",
                              code="use_opening")
        if kind in (Kind.MEETING, Kind.QUESTION):  # their links are checked: ``db.civic``
            raise DomainError(f"a {kind} is recorded with its own method (db.civic)",
                              code="use_civic")
        self.core.check_area(area)
        author = self.core.require_person(author_id)
        if kind in _STAFF_KINDS and not is_volunteer_of(author, area):
            raise PermissionDenied("only a volunteer of this area may do that",
                                   code="volunteer_only", area=area)
        if kind in (Kind.ISSUE, Kind.OPINION, Kind.FEE_INCOME) and not (
            resident_area(author) == area or is_volunteer_of(author, area)
        ):
            raise PermissionDenied("register your household in this area first",
                                   code="not_resident", area=area)
        data = dict(data)
        validate_data(kind, data)
        if kind in (Kind.FEE_INCOME, Kind.EXPENSE) and \
                str(data.get("date") or "") > self.core.stamp()[:10]:
            raise DomainError("the date is after today", code="bad_date", what="the date")
        self.check_amount(data.get("budget_fen" if kind == Kind.PROPOSAL else "amount_fen"))
        if kind == Kind.FEE_INCOME:
            fees.check_payer(self.core.street, area, data)
        if kind == Kind.EXPENSE and data.get("project") is not None:
            self.check_project(area, data["project"])
        if kind == Kind.EXPENSE and data.get("issue") is not None:
            self.paid_issue(area, data["issue"])
        if data.get("replaces") is not None and kind in (Kind.FEE_INCOME, Kind.EXPENSE):
            if not is_volunteer_of(author, area):  # a correction of the accounts
                raise PermissionDenied("only a volunteer of this area names the line a fee "
                                       "replaces", code="volunteer_only", area=area)
            self.replaceable(area, kind, data["replaces"])
        if kind == Kind.EXPENSE:  # its words are the public line's (db.ledger_names)
            self.core.names.check({"payee": data["payee"], "purpose": data["purpose"]})
        if kind == Kind.FEE_INCOME:  # so are a fee's period and purpose (typed in /pay)
            self.core.names.check({k: data.get(k) for k in ("period", "purpose")})
        return self.core.commit(lambda tx: self.new(tx, kind, area, author, data))

    def check_project(self, area: str, project: object) -> None:
        """An expense's project: a proposal of ``area`` passed by vote (an election is
        none, nor a report or another area's proposal), else refused."""
        pid = checks.whole(project, "a project number")
        try:
            entry = self.core.entry(pid)
        except NotFound:
            entry = None
        if entry is None or entry.kind != Kind.PROPOSAL or entry.area != area or \
                entry.status != Status.PASSED or is_election(entry.data):
            raise DomainError(f"#{pid} is not a project of this area (a proposal passed by "
                              "vote)", code="not_a_project", id=pid)

    def paid_issue(self, area: str, issue: object) -> Entry:
        """The report (报事) an expense of ``area`` says it paid for: a report of that
        area that volunteers accepted (so the public has its page to link to), in any
        state since (it may be fixed by now); else refused, saying which is wrong: no
        such report, a report of another area, one not yet accepted or rejected."""
        self.core.check_area(area)
        iid = checks.whole(issue, "a report number")
        try:
            entry = self.core.entry(iid)
        except NotFound:
            entry = None
        if entry is None or entry.kind != Kind.ISSUE:
            raise DomainError(f"there is no report #{iid}", code="no_such_issue", id=iid)
        if entry.area != area:
            raise DomainError(f"report #{iid} is of another area; an expense can only name a "
                              "report of its own area", code="issue_other_area", id=iid)
        if not is_public(entry.kind, entry.status):
            raise DomainError(f"report #{iid} is {entry.status}, not public: an expense can "
                              "only name a report volunteers accepted", code="issue_not_public",
                              id=iid)
        return entry

    def named_person(self, text: str) -> str | None:
        """The whole name of a person of the street in ``text``, which a ledger line may
        not carry (``db.ledger_names``), or None: asked as the words are typed."""
        return self.core.names.named(checks.text(text, "the words of a ledger line"))

    def private_in_line(self, text: str) -> tuple[str, str] | None:
        """What of ``text`` a ledger line may not publish (``db.private_words``: a phone
        or ID number, a plate, another contact, the full name of someone nobody
        registered), as (its kind, the words typed); None: asked as the words are typed."""
        return private_words(checks.text(text, "the words of a ledger line"))

    def validate(self, kind: Kind, data: dict[str, Any]) -> None:
        """Check the fields of a new entry of ``kind`` (``db.entries.validate_data``)."""
        validate_data(kind, data)

    def check_amount(self, fen: object) -> None:
        """Refuse an amount above the street's ceiling (a typo: 120000 for 1200.00)."""
        ceiling = self.core.amount_ceiling
        if isinstance(fen, int) and fen > ceiling:
            raise DomainError(f"amounts above {ceiling} fen are refused", code="too_large",
                              ceiling_fen=ceiling)
