"""The repository: every operation the bot, the CLI and the site builder may
perform on a street's data, with the domain's rules and permission checks.

It is the only user of ``db.store`` (and so of TinyDB). Every change is one
durable transaction holding the change and its audit event together. Methods
take person ids (``actor``) for who acts, and check that person's role here,
so an adapter cannot forget a check.

Partitions:
  ``street``                         the street configuration (places, areas)
  ``people``                         persons (table ``people``), role audit (``audit``)
  ``areas/<area>/entries-<year>``    the entries created in that year
  ``areas/<area>/ledger-<block>``    published ledger lines, 500 per block
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from . import ledger as ledger_rules
from .config import StreetConfig, street_from_dict, street_to_dict
from .entries import (
    EXPENSE_CATEGORIES,
    FEE_TYPES,
    INITIAL_STATUS,
    ISSUE_CATEGORIES,
    MONEY_KINDS,
    OPEN_ISSUE,
    Entry,
    Kind,
    ProjectStage,
    Status,
    check_stage,
    check_transition,
)
from .errors import DomainError, IntegrityError, NotFound, PermissionDenied
from .people import (
    SYSTEM_LABEL,
    Role,
    is_admin,
    is_volunteer_of,
    public_role,
    resident_area,
    volunteer_areas,
)
from .places import Street
from .store import Store
from .tally import Choice, Electorate, Rule, Tally, VoteCount, count_votes, decide, electorate

__all__ = ["Repository", "CHINA_TZ", "LEDGER_BLOCK"]

CHINA_TZ = timezone(timedelta(hours=8), "CST")  # China has no daylight saving time
LEDGER_BLOCK = 500
MAX_TEXT = 4000  # characters kept of any free text a user sends

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(CHINA_TZ)


F = TypeVar("F", bound=Callable[..., Any])


def _serialized(method: F) -> F:
    """Hold the store's ``commit_lock`` from the first read to the commit.

    These methods read a document, check it, then write a new version of it;
    the bot runs them in worker threads, so without the lock two of them could
    both read the same version and the later write would undo the earlier one
    (two "me too" at once, both volunteers approving one fee twice). Readers
    do not take that lock: only writes wait for each other."""
    @functools.wraps(method)
    def wrapper(self: Repository, *args: Any, **kwargs: Any) -> Any:
        with self.store.writing():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Repository:
    """A street's data and rules. Thread-safe (one writer lock in the store)."""

    def __init__(self, store: Store, *, clock: Clock | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or _now
        self._undo: list[Callable[[], None]] = []
        # area -> issues a commit opened, closed or changed while open
        self._issues_written: dict[str, set[int]] = {}
        self._half_indexed = False  # a refresh failed while rebuilding the indexes
        self._newest: dict[tuple[str, str], str] = {}
        self._reset()
        self._index()

    def _reset(self) -> None:
        """Empty the in-memory indexes (``_index`` fills them from the partitions)."""
        self._street: Street | None = None
        self._settings: dict[str, Any] = {}
        # entry id -> (kind, status, author, partition): filtered queries touch
        # only the partitions that hold matches, so old years can stay on disk.
        # One tuple per entry, its strings interned: a street of 300,000 entries
        # keeps these indexes in some 60 MB.
        self._entry_meta: dict[int, tuple[str, str, int | None, str]] = {}
        self._area_entries: dict[str, dict[str, list[int]]] = {}  # area -> kind -> entry ids
        self._author_entries: dict[int, list[int]] = {}  # person id -> entry ids
        self._ints: dict[int, int] = {}  # one int object per person id
        # ("all",), ("admin",), ("volunteer", area), ("resident", area) -> id -> person
        self._people_cache: dict[tuple[Any, ...], dict[int, dict[str, Any]]] = {}
        self._groups: dict[str, int] | None = None  # area -> linked group chat
        # (area, n) -> (ledger head, its last n lines): see ``ledger_tail``
        self._tails: dict[tuple[str, int], tuple[int, list[dict[str, Any]]]] = {}
        self._next_entry = 1
        self._next_person = 1
        self._next_audit = 1
        self._by_telegram: dict[int, int] = {}
        self._ledger_head: dict[str, tuple[int, str]] = {}
        # area -> "YYYY-MM" -> (income, expense) in fen, of the published lines
        self._ledger_months: dict[str, dict[str, tuple[int, int]]] = {}
        self._votes: dict[int, dict[str, int]] = {}  # proposal -> household -> vote entry
        self._open_issues: dict[str, list[Entry]] = {}  # area -> see ``open_issues``
        self._choices: dict[int, Choice] = {}  # vote entry -> its choice (read once)
        self._electorates: dict[str, tuple[Street, Electorate]] = {}  # area -> its voters
        # proposal -> how many times its counted votes changed (a vote cast or replaced)
        self._vote_changes: dict[int, int] = {}
        # proposal -> (street, vote changes, area/rule/special, Tally): see ``tally``
        self._tallies: dict[int, tuple[Any, int, tuple[Any, ...], Tally]] = {}
        # proposal -> (its electorate, the count of its counted votes): see ``tally``
        self._vote_counts: dict[int, tuple[Electorate, VoteCount] | None] = {}

    def refresh(self) -> set[str]:
        """Catch a read-only repository up with the bot's writes (see ``Store.refresh``);
        the partitions that changed. The indexes are rebuilt when anything did."""
        with self.store.lock:
            changed = self.store.refresh()
            if changed or self._half_indexed:
                self._half_indexed = True  # until the indexes are whole again
                self._reset()
                self._index()
                self._half_indexed = False
            return changed

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Repository:
        clock = kwargs.pop("clock", None)
        store = Store(path, **kwargs)
        try:
            return cls(store, clock=clock)
        except BaseException:
            store.abandon()  # a damaged partition: do not keep the folder locked
            raise

    @classmethod
    def init(cls, path: str | Path, config: StreetConfig, *, clock: Clock | None = None,
             **kwargs: Any) -> Repository:
        """Create a new data folder for the street in ``config``."""
        repo = cls(Store.create(path, **kwargs), clock=clock)
        repo.load_config(config)
        return repo

    def load_config(self, config: StreetConfig) -> None:
        """Store the street and seed its admins and volunteers (in one write)."""
        def run(tx: Any) -> None:
            tx.put("street", "street", 1, {"street": street_to_dict(config.street),
                                            "settings": dict(config.settings)})
            now = self._stamp()
            for tid in config.street.admins:
                person = self._ensure_person_tx(tx, tid, name="", now=now)
                self._add_role(tx, person, {"role": Role.ADMIN, "area": None,
                                            "title": "管理员"}, None, now, "config")
            for v in config.volunteers:
                person = self._ensure_person_tx(tx, v.telegram_id, name=v.name, now=now)
                for area in v.areas:
                    self._add_role(tx, person, {"role": Role.VOLUNTEER, "area": area,
                                                "title": v.title}, None, now, "config")

        self._street = street_from_dict(street_to_dict(config.street))
        try:
            self._commit(run)
        finally:
            self._street = None

    def close(self) -> None:
        self.store.close()

    def _index(self) -> None:
        for part in self.store.partitions("areas/"):
            kind = part.rsplit("/", 1)[-1]
            if kind.startswith("entries-"):
                for doc in self.store.all(part, "entries"):
                    eid = int(doc["id"])
                    author = self._int(doc.get("author"))
                    self._entry_meta[eid] = _meta(doc["kind"], doc["status"], author, part)
                    self._area_entries.setdefault(doc["area"], {}).setdefault(
                        sys.intern(str(doc["kind"])), []).append(eid)
                    if author is not None:
                        self._author_entries.setdefault(author, []).append(eid)
                    self._next_entry = max(self._next_entry, eid + 1)
                    if doc["kind"] == Kind.VOTE and doc["status"] == Status.COUNTED:
                        self._votes.setdefault(int(doc["data"]["proposal"]), {})[
                            sys.intern(doc["data"]["household"])] = eid
            elif kind.startswith("ledger-"):
                area = part.split("/")[1]
                for line in self.store.all(part, "ledger"):
                    self._count_line(area, line, undo=False)
                    head = self._ledger_head.get(area)
                    if head is None or line["seq"] > head[0]:
                        self._ledger_head[area] = (int(line["seq"]), line["hash"])
        for doc in self.store.all("people", "audit"):
            self._next_audit = max(self._next_audit, int(doc["doc_id"]) + 1)
        for doc in self.store.all("people", "people"):
            self._by_telegram[int(doc["telegram_id"])] = int(doc["id"])
            self._next_person = max(self._next_person, int(doc["id"]) + 1)
        self._pin_newest()

    # -- street ------------------------------------------------------------

    def warm_up(self) -> None:
        """Build now what the first requests would otherwise build on the way: the
        street with its household index, and the people index."""
        with self.store.lock:
            street = self.street
            for area in street.areas:
                households = street.area_households(area.id)
                if households:
                    street.locate(households[0].id)  # indexes every household
                    break
            self.people(admins=True)

    @property
    def street(self) -> Street:
        if self._street is None:
            doc = self.store.get("street", "street", 1)
            if doc is None:
                raise DomainError("this data folder has no street; run `steward init`",
                                  code="no_street")
            self._street = street_from_dict(doc["street"])
            self._settings = dict(doc.get("settings") or {})
        return self._street

    @property
    def settings(self) -> dict[str, Any]:
        _ = self.street
        return self._settings

    def _check_area(self, area: str) -> None:
        try:
            self.street.area(area)
        except KeyError:
            raise NotFound(f"no management area {area!r}", code="no_area", area=area) from None

    # -- time --------------------------------------------------------------

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- people ------------------------------------------------------------

    def person(self, person_id: int | None) -> dict[str, Any] | None:
        if person_id is None:
            return None
        return self.store.get("people", "people", int(person_id))

    def person_by_telegram(self, telegram_id: int) -> dict[str, Any] | None:
        pid = self._by_telegram.get(int(telegram_id))
        return self.person(pid) if pid is not None else None

    def ensure_person(self, telegram_id: int, *, name: str = "", username: str = "",
                      language: str = "zh") -> dict[str, Any]:
        """The person with this Telegram id, created on first contact."""
        with self.store.writing():
            existing = self.person_by_telegram(telegram_id)
            if existing is not None:
                return existing
            return self._commit(lambda tx: self._ensure_person_tx(
                tx, telegram_id, name=name, now=self._stamp(), username=username,
                language=language))

    def _ensure_person_tx(self, tx: Any, telegram_id: int, *, name: str, now: str,
                          username: str = "", language: str = "zh") -> dict[str, Any]:
        pid = self._by_telegram.get(int(telegram_id))
        if pid is not None:
            person = tx.get("people", "people", pid)
            assert person is not None
            if name and not person.get("name"):
                person["name"] = name
                tx.put("people", "people", pid, person)
            return person
        pid = self._next_person
        person = {"id": pid, "telegram_id": int(telegram_id), "name": _clip(name, 100),
                  "username": _clip(username, 100), "phone": "", "language": language,
                  "household": None, "roles": [], "created": now}
        tx.put("people", "people", pid, person)
        # The indexes move now; _commit puts them back if the write fails.
        self._next_person += 1
        self._index_set(self._by_telegram, int(telegram_id), pid)
        return person

    def ensure_admins(self, telegram_ids: Iterable[int]) -> None:
        """Give the admin role to these Telegram ids (from ADMIN_IDS), audited once each."""
        missing = [tid for tid in telegram_ids
                   if not is_admin(self.person_by_telegram(tid))]
        if not missing:
            return

        def run(tx: Any) -> None:
            now = self._stamp()
            for tid in missing:
                person = self._ensure_person_tx(tx, tid, name="", now=now)
                self._add_role(tx, person, {"role": Role.ADMIN, "area": None,
                                            "title": "管理员"}, None, now, "ADMIN_IDS")

        self._commit(run)

    @_serialized
    def set_language(self, person_id: int, language: str) -> None:
        if language not in ("zh", "en"):
            raise DomainError(f"unknown language {language!r}", code="bad_language")
        person = self._require_person(person_id)
        person["language"] = language
        self._commit(lambda tx: tx.put("people", "people", person_id, person))

    def _require_person(self, person_id: int | None) -> dict[str, Any]:
        person = self.person(person_id)
        if person is None:
            raise NotFound("unknown person", code="no_person")
        return person

    def _add_role(self, tx: Any, person: dict[str, Any], role: dict[str, Any],
                  actor: dict[str, Any] | None, now: str, note: str) -> None:
        if role["role"] == Role.VOLUNTEER:
            self._check_area(role["area"])
        roles = [r for r in person["roles"]
                 if not (r["role"] == role["role"] and r.get("area") == role.get("area"))]
        roles.append({k: (str(v) if isinstance(v, Role) else v) for k, v in role.items()})
        person["roles"] = roles
        tx.put("people", "people", person["id"], person)
        self._role_audit(tx, person, actor, now, None, f"{role['role']}:{role.get('area')}", note)

    def _role_audit(self, tx: Any, person: dict[str, Any], actor: dict[str, Any] | None,
                    now: str, frm: str | None, to: str | None, note: str) -> None:
        audit_id = self._next_audit
        self._next_audit += 1
        tx.put("people", "audit", audit_id, {
            "at": now, "by": actor["id"] if actor else None,
            "role": public_role(actor, None) if actor else SYSTEM_LABEL,
            "subject": person["id"], "from": frm, "to": to, "note": note,
        })

    def grant(self, actor_id: int, telegram_id: int, area: str, title: str = "志愿者") -> dict:
        """Make the person with ``telegram_id`` a volunteer of ``area`` (admins only)."""
        actor = self._require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may grant roles", code="admin_only")
        self._check_area(area)
        def run(tx: Any) -> None:
            now = self._stamp()
            person = self._ensure_person_tx(tx, telegram_id, name="", now=now)
            self._add_role(tx, person, {"role": Role.VOLUNTEER, "area": area,
                                        "title": _clip(title, 30) or "志愿者"}, actor, now, "grant")

        self._commit(run)
        return self._require_person(self._by_telegram[int(telegram_id)])

    @_serialized
    def revoke(self, actor_id: int, telegram_id: int, area: str) -> dict:
        """Take the volunteer role in ``area`` away (admins only)."""
        actor = self._require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may revoke roles", code="admin_only")
        person = self.person_by_telegram(telegram_id)
        if person is None or area not in volunteer_areas(person):
            raise NotFound("that person is not a volunteer of this area", code="no_role")
        person["roles"] = [r for r in person["roles"]
                           if not (r["role"] == Role.VOLUNTEER and r.get("area") == area)]

        def run(tx: Any) -> None:
            tx.put("people", "people", person["id"], person)
            self._role_audit(tx, person, actor, self._stamp(), f"volunteer:{area}", None,
                             "revoke")

        self._commit(run)
        return person

    def people(self, *, volunteer_of: str | None = None, resident_of: str | None = None,
               admins: bool = False) -> list[dict[str, Any]]:
        """People filtered by role: volunteers of an area, confirmed residents of an area,
        or admins (filters combine with "or"); everyone when no filter is given."""
        with self.store.lock:  # an index, patched after a write changes people (_commit)
            cache = self._people_cache
            if not cache:
                self._index_people()
                cache = self._people_cache
            if volunteer_of is None and resident_of is None and not admins:
                found = cache[("all",)]
            else:
                found = {**cache.get(("volunteer", volunteer_of), {}),
                         **cache.get(("resident", resident_of), {}),
                         **(cache[("admin",)] if admins else {})}
            return [dict(p) for _, p in sorted(found.items())]

    def _index_people(self) -> None:
        cache: dict[tuple[Any, ...], dict[int, dict[str, Any]]] = {("all",): {},
                                                                   ("admin",): {}}
        for p in self.store.all("people", "people"):
            p.pop("doc_id", None)
            _file_person(cache, p)
        self._people_cache = cache

    def _people_written(self, ids: Iterable[int]) -> None:
        """Patch the people index for the people a commit wrote (instead of reading
        all of them again: volunteers are looked up for every new entry)."""
        cache = self._people_cache
        if not cache:
            return
        for pid in ids:
            for found in cache.values():
                found.pop(pid, None)
            person = self.store.get("people", "people", pid)
            if person is not None:
                _file_person(cache, person)

    def role_audit(self) -> list[dict[str, Any]]:
        return self.store.all("people", "audit")

    # -- volunteers' group chats ---------------------------------------------

    def link_group(self, actor_id: int, area: str, chat_id: int) -> None:
        """Link a volunteers' group chat to ``area``: new pending entries are posted
        there. A volunteer of the area (or an admin) links it; audited."""
        actor = self._require_person(actor_id)
        self._check_area(area)
        self._require_steward(actor, area)
        with self.store.writing():
            existing = self.store.search("street", "groups", area=area)
            doc_id = existing[0]["doc_id"] if existing else \
                max((d["doc_id"] for d in self.store.all("street", "groups")), default=0) + 1

            def run(tx: Any) -> None:
                now = self._stamp()
                tx.put("street", "groups", doc_id, {"area": area, "chat_id": int(chat_id),
                                                    "linked": now, "by": actor["id"]})
                self._role_audit(tx, actor, actor, now, None, f"group:{area}", "linkgroup")
                # The audit names the role the actor holds in this area.
                tx.put("people", "audit", self._next_audit - 1, {
                    "at": now, "by": actor["id"], "role": public_role(actor, area),
                    "subject": actor["id"], "from": None, "to": f"group:{area}",
                    "note": "linkgroup"})

            self._commit(run)

    def linked_group(self, area: str) -> int | None:
        """The Telegram chat id of the group linked to ``area``, if any (asked for every
        new entry; kept until a commit links a group)."""
        with self.store.lock:
            if self._groups is None:
                self._groups = {d["area"]: int(d["chat_id"])
                                for d in self.store.all("street", "groups")}
            return self._groups.get(area)

    # -- entries: reading ----------------------------------------------------

    def entry(self, entry_id: int) -> Entry:
        meta = self._entry_meta.get(int(entry_id))
        doc = self.store.get(meta[3], "entries", int(entry_id)) if meta else None
        if doc is None:
            raise NotFound(f"no entry #{entry_id}", code="no_entry", id=entry_id)
        return Entry.from_doc(doc)

    def entries(self, *, area: str | None = None, kind: Kind | str | None = None,
                status: Status | str | Iterable[Status | str] | None = None,
                author: int | None = None, limit: int | None = None) -> list[Entry]:
        """Entries matching every given filter, oldest first; with ``limit``, only the
        newest ``limit`` of them (older partitions are then not read at all)."""
        out = []
        if kind is not None or status is not None or author is not None or limit is not None:
            with self.store.lock:
                ids = self._matching(area, kind, status, author)
                if limit is not None:
                    ids = sorted(ids)[-limit:] if limit > 0 else []
                out = [Entry.from_doc(d) for d in self._entry_docs(ids)]
            out.sort(key=lambda e: e.id)
            return out
        prefix = f"areas/{area}/entries-" if area else "areas/"
        for part in self.store.partitions(prefix):
            if "/entries-" not in part:
                continue
            out.extend(Entry.from_doc(doc) for doc in self.store.all(part, "entries"))
        out.sort(key=lambda e: e.id)
        return out

    def _entry_docs(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The documents of these entries, read a partition at a time (hold the
        store's lock); in no particular order."""
        by_part: dict[str, list[int]] = {}
        for eid in ids:
            by_part.setdefault(self._entry_meta[eid][3], []).append(eid)
        return [d for part, part_ids in by_part.items()
                for d in self.store.some(part, "entries", part_ids)]

    def open_issues(self, area: str) -> list[Entry]:
        """The public open issues of an area (accepted, in progress, reopened), oldest
        first: what a new report is compared with. Kept until an open issue of the
        area changes, opens or closes; the entries are shared, so callers must not
        change them."""
        with self.store.lock:
            found = self._open_issues.get(area)
            if found is None:
                found = self.entries(area=area, kind=Kind.ISSUE, status=OPEN_ISSUE)
                self._open_issues[area] = found
            return list(found)

    def recent_entries(self, author: int, *, status: Iterable[Status | str],
                       limit: int) -> list[Entry]:
        """A person's newest entries (up to ``limit``, oldest first) among those of the
        areas' current year, and those of earlier years still waiting or open: what
        /mine lists, read from partitions that are in memory anyway."""
        def wanted_(meta: tuple[str, str, int | None, str]) -> bool:
            kind, st, _, part = meta
            return (part in hot or st == Status.PENDING or
                    (kind == Kind.ISSUE and st in OPEN_ISSUE) or
                    (kind == Kind.PROPOSAL and st == Status.OPEN))

        with self.store.lock:
            hot = set(self._newest.values())
            ids = [eid for eid in self._matching(None, None, status, author)
                   if wanted_(self._entry_meta[eid])]
            ids = sorted(ids)[-limit:] if limit > 0 else []
            out = [Entry.from_doc(d) for d in self._entry_docs(ids)]
        return sorted(out, key=lambda e: e.id)

    def count_entries(self, *, area: str | None = None, kind: Kind | str | None = None,
                      status: Status | str | Iterable[Status | str] | None = None,
                      author: int | None = None) -> int:
        """How many entries match, from the in-memory index (no partition is read)."""
        with self.store.lock:
            return len(self._matching(area, kind, status, author))

    def _matching(self, area: str | None, kind: Kind | str | None,
                  status: Status | str | Iterable[Status | str] | None,
                  author: int | None) -> list[int]:
        statuses = ({str(status)} if isinstance(status, str)
                    else {str(s) for s in status} if status is not None else None)
        candidates: Iterable[int] = self._entry_meta
        if area is not None:
            by_kind = self._area_entries.get(area, {})
            candidates = (by_kind.get(str(kind), []) if kind is not None
                          else [eid for ids in by_kind.values() for eid in ids])
        elif kind is not None and author is None:
            candidates = [eid for by_kind in self._area_entries.values()
                          for eid in by_kind.get(str(kind), [])]
        if author is not None:
            mine = self._author_entries.get(author, [])
            candidates = mine if area is None else set(mine) & set(candidates)
        out = []
        for eid in candidates:
            k, st, au, _ = self._entry_meta[eid]
            if (kind is not None and k != str(kind)) or \
                    (statuses is not None and st not in statuses) or \
                    (author is not None and au != author):
                continue
            out.append(eid)
        return out

    def pending_for(self, actor_id: int) -> list[Entry]:
        """The approval queue of a volunteer: pending entries of their areas, oldest first."""
        actor = self._require_person(actor_id)
        areas = [a.id for a in self.street.areas] if is_admin(actor) else volunteer_areas(actor)
        out = [e for area in areas for e in self.entries(area=area, status=Status.PENDING)]
        return sorted(out, key=lambda e: e.id)

    # -- entries: writing ----------------------------------------------------

    def _new_entry(self, tx: Any, kind: Kind, area: str, author: dict[str, Any] | None,
                   data: dict[str, Any], *, status: Status | None = None) -> Entry:
        now = self._stamp()
        eid = self._next_entry
        status = status or INITIAL_STATUS[kind]
        entry = Entry(id=eid, kind=kind, area=area, author=author["id"] if author else None,
                      author_role=public_role(author, area), status=status, created=now,
                      updated=now, data=data,
                      history=[{"at": now, "by": author["id"] if author else None,
                                "role": public_role(author, area), "from": None,
                                "to": str(status), "note": ""}])
        part = f"areas/{area}/entries-{now[:4]}"
        tx.put(part, "entries", eid, entry.as_doc())
        if kind == Kind.ISSUE and status in OPEN_ISSUE:
            self._issues_written.setdefault(area, set()).add(eid)
        self._next_entry += 1
        author_id = self._int(entry.author)
        self._index_set(self._entry_meta, eid, _meta(kind, status, author_id, part))
        self._index_add(self._area_entries.setdefault(area, {}).setdefault(
            sys.intern(str(kind)), []), eid)
        if author_id is not None:
            self._index_add(self._author_entries.setdefault(author_id, []), eid)
        return entry

    def _save(self, tx: Any, entry: Entry) -> None:
        if entry.kind == Kind.ISSUE and (entry.status in OPEN_ISSUE or
                                         self._entry_meta[entry.id][1] in OPEN_ISSUE):
            # an open one changed, opened or closed
            self._issues_written.setdefault(entry.area, set()).add(entry.id)
        part = self._entry_meta[entry.id][3]
        tx.put(part, "entries", entry.id, entry.as_doc())
        self._index_set(self._entry_meta, entry.id,
                        _meta(entry.kind, entry.status, self._int(entry.author), part))

    def _move(self, tx: Any, entry: Entry, to: Status, actor: dict[str, Any] | None,
              note: str = "") -> None:
        """Apply one checked transition with its audit event."""
        check_transition(entry.kind, entry.status, to)
        now = self._stamp()
        entry.history.append({"at": now, "by": actor["id"] if actor else None,
                              "role": public_role(actor, entry.area), "from": str(entry.status),
                              "to": str(to), "note": _clip(note, MAX_TEXT)})
        entry.status = to
        entry.updated = now
        self._save(tx, entry)

    def _commit(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(tx)`` in one transaction; if it fails, undo the index changes.

        The disk is waited for (``Store.sync``) after letting go of the store's
        lock, so that the bot's reads go on meanwhile; ``commit_lock`` keeps
        other writers out until then. In a batch (``Store.batch``) the disk is
        waited for once at its end: the indexes are patched at once, and put back
        if that fsync fails."""
        with self.store.writing():
            with self.store.lock:
                self._undo = []
                counters = (self._next_entry, self._next_person, self._next_audit)
                try:
                    with self.store.transaction(sync=False) as tx:
                        result = fn(tx)
                        people = {op.doc_id for op in tx.ops
                                  if op.partition == "people" and op.table == "people"}
                        if any(op.table == "groups" for op in tx.ops):
                            self._groups = None
                        grown = any(self._is_newer(op.partition) for op in tx.ops)
                except BaseException:
                    self._rollback(counters)
                    raise
                undo, self._undo = self._undo, []
                if self.store.batching:
                    self.store.on_failed_sync(functools.partial(
                        self._undo_unsynced, undo, counters))
                    self._written(people, grown)
                    return result
            try:
                self.store.sync()
            except BaseException:
                with self.store.lock:
                    self._undo = undo
                    self._rollback(counters)
                    # Reads while it waited for the disk may have kept what it wrote.
                    self._forget_derived()
                raise
            with self.store.lock:
                self._written(people, grown)
            return result

    def _written(self, people: set[int], grown: bool) -> None:
        """Patch what is kept for reading after a commit (hold the store's lock)."""
        if grown:  # a new year or ledger block: it is the hot one now
            self._pin_newest()
        self._people_written(people)
        self._open_issues_written()
        self._issues_written.clear()

    def _undo_unsynced(self, undo: list[Callable[[], None]],
                       counters: tuple[int, int, int]) -> None:
        """A batched commit's fsync failed (the store has taken its documents back):
        undo its index changes and drop what was derived from it."""
        self._undo = undo
        self._rollback(counters)
        self._forget_derived()
        self._pin_newest()  # a partition it created is gone again

    def _rollback(self, counters: tuple[int, int, int]) -> None:
        """Undo the index changes of a write that failed (hold the store's lock)."""
        for undo in reversed(self._undo):
            undo()
        self._undo = []
        self._next_entry, self._next_person, self._next_audit = counters
        for area in self._issues_written:
            self._open_issues.pop(area, None)
        self._issues_written.clear()

    def _forget_derived(self) -> None:
        """Drop everything computed from the documents (rebuilt when next asked for)."""
        self._street = None
        self._people_cache = {}
        self._groups = None
        self._open_issues.clear()
        self._choices.clear()
        self._electorates.clear()
        self._tallies.clear()
        self._vote_counts.clear()
        self._tails.clear()

    def _open_issues_written(self) -> None:
        """Patch the open issues kept for ``open_issues`` with the issues a commit
        wrote: each is dropped, and read again if it is open now."""
        for area, ids in self._issues_written.items():
            found = self._open_issues.get(area)
            if found is None:
                continue
            kept = [e for e in found if e.id not in ids]
            kept += [self.entry(eid) for eid in ids
                     if self._entry_meta[eid][1] in OPEN_ISSUE]
            kept.sort(key=lambda e: e.id)
            self._open_issues[area] = kept

    # The newest entries partition and ledger block of every area take nearly
    # every write and most reads (this year's issues, votes, the ledger's tail):
    # they stay in memory; older ones come and go within ``max_loaded_docs``.

    @staticmethod
    def _hot_key(partition: str) -> tuple[str, str] | None:
        parts = partition.split("/")
        if len(parts) != 3 or parts[0] != "areas":
            return None
        return parts[1], parts[2].split("-", 1)[0]

    def _is_newer(self, partition: str) -> bool:
        key = self._hot_key(partition)
        return key is not None and partition > self._newest.get(key, "")

    def _pin_newest(self) -> None:
        newest: dict[tuple[str, str], str] = {}
        for part in self.store.partitions("areas/"):
            key = self._hot_key(part)
            if key is not None and part > newest.get(key, ""):
                newest[key] = part
        self._newest = newest
        self.store.pinned.clear()
        self.store.pinned.update({"people", "street"}, newest.values())

    def _index_add(self, ids: list[int], eid: int) -> None:
        ids.append(eid)
        self._undo.append(lambda: ids.remove(eid))

    def _int(self, value: int | None) -> int | None:
        """The one shared int object for a person id (one per entry would cost 28 bytes)."""
        return None if value is None else self._ints.setdefault(value, value)

    def _index_set(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        """Change an in-memory index, remembering how to undo it if the write fails."""
        missing = object()
        old = mapping.get(key, missing)

        def undo() -> None:
            if old is missing:
                mapping.pop(key, None)
            else:
                mapping[key] = old

        self._undo.append(undo)
        mapping[key] = value

    def submit(self, author_id: int, kind: Kind | str, area: str, data: dict[str, Any]) -> Entry:
        """Store a new entry from a resident or volunteer (generic; see the typed helpers)."""
        kind = Kind(kind)
        self._check_area(area)
        author = self._require_person(author_id)
        if kind in (Kind.PROPOSAL, Kind.ANNOUNCEMENT, Kind.PROGRESS_NOTE, Kind.EXPENSE,
                    Kind.REVERSAL) and not is_volunteer_of(author, area):
            raise PermissionDenied("only a volunteer of this area may do that",
                                   code="volunteer_only", area=area)
        if kind in (Kind.ISSUE, Kind.OPINION) and not (
            resident_area(author) == area or is_volunteer_of(author, area)
        ):
            raise PermissionDenied("register your household in this area first",
                                   code="not_resident", area=area)
        if kind == Kind.FEE_INCOME and not (resident_area(author) == area
                                            or is_volunteer_of(author, area)):
            raise PermissionDenied("register your household in this area first",
                                   code="not_resident", area=area)
        _validate_data(kind, data)
        return self._commit(lambda tx: self._new_entry(tx, kind, area, author, dict(data)))

    @_serialized
    def register(self, person_id: int, household_id: str) -> Entry:
        """Ask to be bound to a household; a volunteer of its area confirms it."""
        try:
            area, *_ = self.street.locate(household_id)
        except KeyError:
            raise NotFound(f"no household {household_id!r}", code="no_household") from None
        person = self._require_person(person_id)
        for e in self.entries(area=area.id, kind=Kind.REGISTRATION, status=Status.PENDING,
                              author=person_id):
            if e.data.get("household") == household_id:
                return e  # asking twice changes nothing
        return self._commit(lambda tx: self._new_entry(
            tx, Kind.REGISTRATION, area.id, person, {"household": household_id}))

    @_serialized
    def approve(self, entry_id: int, actor_id: int) -> Entry:
        """Approve a pending entry; money entries reach the ledger (maker-checker)."""
        entry = self.entry(entry_id)
        actor = self._require_person(actor_id)
        self._require_steward(actor, entry.area)
        if entry.kind in MONEY_KINDS and entry.author == actor["id"]:
            author = self.person(entry.author)
            if is_volunteer_of(author, entry.area):
                raise PermissionDenied(
                    "a money entry must be approved by a different volunteer",
                    code="maker_checker", id=entry.id)
        target = Status.OPEN if entry.kind == Kind.PROPOSAL else Status.APPROVED

        def run(tx: Any) -> Entry:
            self._move(tx, entry, target, actor)
            if entry.kind == Kind.REGISTRATION:
                self._bind_household(tx, entry, actor)
            if entry.kind in MONEY_KINDS:
                self._publish(tx, entry, actor)
            return entry

        return self._commit(run)

    @_serialized
    def reject(self, entry_id: int, actor_id: int, reason: str) -> Entry:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError("a rejection needs a reason", code="reason_required")
        entry = self.entry(entry_id)
        actor = self._require_person(actor_id)
        self._require_steward(actor, entry.area)
        def run(tx: Any) -> Entry:
            self._move(tx, entry, Status.REJECTED, actor, reason)
            return entry

        return self._commit(run)

    def _require_steward(self, actor: dict[str, Any], area: str) -> None:
        if not is_volunteer_of(actor, area):
            raise PermissionDenied("only a volunteer of this area may do that",
                                   code="volunteer_only", area=area)

    def _bind_household(self, tx: Any, entry: Entry, actor: dict[str, Any]) -> None:
        person = tx.get("people", "people", entry.author)
        hid = entry.data["household"]
        before = person.get("household")
        person["household"] = hid
        person["roles"] = [r for r in person["roles"] if r["role"] != Role.RESIDENT]
        person["roles"].append({"role": str(Role.RESIDENT), "area": entry.area,
                                "title": "居民"})
        tx.put("people", "people", person["id"], person)
        self._role_audit(tx, person, actor, self._stamp(), before and f"resident:{before}",
                         f"resident:{hid}", f"registration #{entry.id}")

    # -- issues --------------------------------------------------------------

    @_serialized
    def issue_step(self, entry_id: int, actor_id: int, to: Status | str, note: str,
                   photos: list[str] | None = None, close_reason: str | None = None) -> Entry:
        """Move an issue along (in progress, resolved, closed) with a public note."""
        to = Status(to)
        entry = self.entry(entry_id)
        actor = self._require_person(actor_id)
        if entry.kind != Kind.ISSUE:
            raise DomainError(f"#{entry.id} is not an issue", code="not_issue")
        self._require_steward(actor, entry.area)
        if to == Status.CLOSED and close_reason not in ("duplicate", "no_action"):
            raise DomainError("close needs a reason: duplicate or no_action",
                              code="close_reason")

        def run(tx: Any) -> Entry:
            self._move(tx, entry, to, actor, note)
            entry.history[-1]["photos"] = list(photos or [])
            if close_reason:
                entry.data["close_reason"] = close_reason
            self._save(tx, entry)
            return entry

        return self._commit(run)

    @_serialized
    def reopen(self, entry_id: int, actor_id: int, note: str = "") -> Entry:
        """"Not fixed": the author (or a steward) reopens a resolved issue."""
        entry = self.entry(entry_id)
        actor = self._require_person(actor_id)
        if entry.author != actor["id"] and not is_volunteer_of(actor, entry.area):
            raise PermissionDenied("only the person who reported it may reopen it",
                                   code="author_only")
        def run(tx: Any) -> Entry:
            self._move(tx, entry, Status.REOPENED, actor, note)
            return entry

        return self._commit(run)

    @_serialized
    def me_too(self, entry_id: int, person_id: int) -> tuple[Entry, bool]:
        """Add one "me too" to an open issue; returns (issue, whether it was new)."""
        entry = self.entry(entry_id)
        person = self._require_person(person_id)
        if entry.kind != Kind.ISSUE or entry.status not in (
                Status.PENDING, Status.APPROVED, Status.IN_PROGRESS, Status.REOPENED):
            raise DomainError("this issue is not open", code="not_open")
        if resident_area(person) != entry.area and not is_volunteer_of(person, entry.area):
            raise PermissionDenied("only residents of this area may add to it",
                                   code="not_resident")
        backers = list(entry.data.get("me_too", []))
        if person["id"] in backers or entry.author == person["id"]:
            return entry, False
        backers.append(person["id"])
        entry.data["me_too"] = backers

        def run(tx: Any) -> tuple[Entry, bool]:
            self._save(tx, entry)
            return entry, True

        return self._commit(run)

    # -- votes ---------------------------------------------------------------

    def create_proposal(self, actor_id: int, area: str, *, title: str, description: str,
                        budget_fen: int, rule: Rule | str, deadline: str,
                        special: bool = False) -> Entry:
        return self.submit(actor_id, Kind.PROPOSAL, area, {
            "title": title, "description": description, "budget_fen": budget_fen,
            "rule": str(Rule(rule)), "deadline": deadline, "special": bool(special),
        })

    @_serialized
    def cast_vote(self, actor_id: int, proposal_id: int, choice: Choice | str, *,
                  household: str | None = None, paper: bool = False) -> tuple[Entry, Entry | None]:
        """Record a household's vote; returns (new vote, the vote it replaced or None).

        Online: the actor is a confirmed resident voting for their own household.
        Paper: a volunteer of the area records a signature collected door to door.
        """
        choice = Choice(choice)
        proposal = self.entry(proposal_id)
        actor = self._require_person(actor_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal_id} is not a proposal", code="not_proposal")
        if paper:
            self._require_steward(actor, proposal.area)
            if not household:
                raise DomainError("a paper signature needs the household", code="no_household")
        else:
            household = actor.get("household")
            if not household or resident_area(actor) is None:
                raise PermissionDenied("only confirmed residents may vote",
                                       code="not_confirmed")
        try:
            area, *_ = self.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        if area.id != proposal.area:
            raise PermissionDenied("this proposal belongs to another area",
                                   code="other_area")
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed")
        if self._stamp()[:10] > str(proposal.data.get("deadline", "9999"))[:10]:
            raise DomainError("the voting deadline has passed", code="vote_deadline")

        def run(tx: Any) -> tuple[Entry, Entry | None]:
            previous = None
            prev_id = self._votes.get(proposal.id, {}).get(household)
            if prev_id is not None:
                previous = self.entry(prev_id)
                self._move(tx, previous, Status.REPLACED, actor)
            vote = self._new_entry(tx, Kind.VOTE, proposal.area, actor, {
                "proposal": proposal.id, "household": household, "choice": str(choice),
                "paper": paper, "replaces": prev_id,
            })
            self._index_set(self._votes.setdefault(proposal.id, {}), household, vote.id)
            self._index_set(self._vote_changes, proposal.id,
                            self._vote_changes.get(proposal.id, 0) + 1)
            kept = self._vote_counts.get(proposal.id)
            if kept is not None:  # one household's vote moves: no need to count again
                voters, count = kept
                old = Choice(previous.data["choice"]) if previous is not None else None
                self._index_set(self._vote_counts, proposal.id, (
                    voters, count.changed(voters, household, old, choice))
                    if household in voters.areas else None)  # else counted afresh
            return vote, previous

        return self._commit(run)

    def household_vote(self, proposal_id: int, household: str) -> Choice | None:
        """The counted choice of one household, if it voted (reads one document)."""
        with self.store.lock:
            vid = self._votes.get(int(proposal_id), {}).get(household)
            if vid is None:
                return None
            choice = self._choices.get(vid)
            if choice is None:  # a vote entry's choice never changes: kept once read
                choice = self._choices[vid] = Choice(self.entry(vid).data["choice"])
            return choice

    def current_votes(self, proposal_id: int) -> dict[str, Choice]:
        """household id -> the household's counted choice."""
        with self.store.lock:
            votes = dict(self._votes.get(int(proposal_id), {}))
            choices = self._choices
            if len(choices) > 200_000:
                choices.clear()
            for d in self._entry_docs(v for v in votes.values() if v not in choices):
                # A vote entry's choice never changes (a new vote is a new entry).
                choices[int(d["id"])] = Choice(d["data"]["choice"])
            return {h: choices[v] for h, v in votes.items()}

    def tally(self, proposal_id: int) -> Tally:
        """The count so far (or at the close) of a proposal's vote.

        The count of each option is kept and moved by each new vote (``cast_vote``);
        the decision made of it is kept until a vote for the proposal is cast or
        replaced, so /vote pressed by a hundred households decides once per vote.
        """
        proposal = self.entry(proposal_id)
        with self.store.lock:
            street = self.street
            changes = self._vote_changes.get(proposal.id, 0)
            how = (proposal.area, proposal.data["rule"], bool(proposal.data.get("special")))
            cached = self._tallies.get(proposal.id)
            if cached is not None and cached[0] is street and cached[1] == changes and \
                    cached[2] == how:
                return cached[3]
            voters = self._electorate(proposal.area)
            kept = self._vote_counts.get(proposal.id)
            if kept is None or kept[0] is not voters:
                kept = (voters, count_votes(voters, self.current_votes(proposal_id)))
                if len(self._vote_counts) >= 1000:
                    self._vote_counts.clear()
                self._vote_counts[proposal.id] = kept
            result = decide(voters, kept[1], how[1], special=how[2])
            if len(self._tallies) >= 1000:
                self._tallies.clear()
            self._tallies[proposal.id] = (street, changes, how, result)
            return result

    def _electorate(self, area: str) -> Electorate:
        """The households voting in ``area``, kept per street."""
        street = self.street
        voters = self._electorates.get(area)
        if voters is None or voters[0] is not street:
            voters = (street, electorate(street.area_households(area)))
            self._electorates[area] = voters
        return voters[1]

    @_serialized
    def close_vote(self, proposal_id: int, actor_id: int) -> tuple[Entry, Tally]:
        """Close voting, apply the rule, and record the result with its explanation."""
        proposal = self.entry(proposal_id)
        actor = self._require_person(actor_id)
        self._require_steward(actor, proposal.area)
        result = self.tally(proposal_id)

        def run(tx: Any) -> tuple[Entry, Tally]:
            to = Status.PASSED if result.passed else Status.FAILED
            self._move(tx, proposal, to, actor, result.explanation_zh)
            proposal.data["result"] = result.as_dict()
            if result.passed:
                proposal.data["stage"] = str(ProjectStage.PLANNED)
                proposal.data["stages"] = [{"at": self._stamp(), "stage": "planned",
                                            "note": "", "photos": [],
                                            "role": public_role(actor, proposal.area)}]
            self._save(tx, proposal)
            return proposal, result

        return self._commit(run)

    @_serialized
    def set_stage(self, proposal_id: int, actor_id: int, stage: ProjectStage | str,
                  note: str = "", photos: list[str] | None = None) -> Entry:
        """Move a passed proposal's project along: planned -> in_progress -> done."""
        proposal = self.entry(proposal_id)
        actor = self._require_person(actor_id)
        self._require_steward(actor, proposal.area)
        if proposal.kind != Kind.PROPOSAL or proposal.status != Status.PASSED:
            raise DomainError("only a passed proposal is a project", code="not_project")
        check_stage(proposal.data.get("stage"), stage)

        def run(tx: Any) -> Entry:
            proposal.data["stage"] = str(ProjectStage(stage))
            proposal.data.setdefault("stages", []).append({
                "at": self._stamp(), "stage": str(ProjectStage(stage)),
                "note": _clip(note, MAX_TEXT), "photos": list(photos or []),
                "role": public_role(actor, proposal.area)})
            proposal.updated = self._stamp()
            self._save(tx, proposal)
            return proposal

        return self._commit(run)

    # -- money ---------------------------------------------------------------

    @_serialized
    def reverse(self, entry_id: int, actor_id: int, reason: str) -> Entry:
        """Record a reversing entry for a published money entry (approved by another)."""
        original = self.entry(entry_id)
        if original.kind not in (Kind.FEE_INCOME, Kind.EXPENSE) or \
                original.status != Status.APPROVED:
            raise DomainError("only a published income or expense can be reversed",
                              code="not_reversible")
        if not (reason or "").strip():
            raise DomainError("a reversal needs a reason", code="reason_required")
        for e in self.entries(area=original.area, kind=Kind.REVERSAL, status=Status.PENDING):
            if e.data.get("reverses") == original.id:
                raise DomainError("a reversal of this entry is already waiting for approval",
                                  code="reversal_pending")
        return self.submit(actor_id, Kind.REVERSAL, original.area, {
            "reverses": original.id, "reason": reason.strip(),
            "amount_fen": original.data["amount_fen"],
        })

    def _publish(self, tx: Any, entry: Entry, approver: dict[str, Any]) -> dict[str, Any]:
        d = entry.data
        if entry.kind == Kind.REVERSAL:
            original = self.entry(d["reverses"])
            od = original.data
            self._move(tx, original, Status.REVERSED, approver, f"reversal #{entry.id}")
            sign = 1 if original.kind == Kind.EXPENSE else -1
            fields = {
                "kind": "reversal", "amount_fen": sign * int(od["amount_fen"]),
                "category": od.get("fee_type") or od.get("category"),
                "purpose": f"冲正 #{original.id}: {d.get('reason', '')}",
                "reverses": original.data.get("ledger_seq"), "fee_type": od.get("fee_type"),
                "period": od.get("period"), "payee": od.get("payee"),
                "project": od.get("project"), "household_ref": od.get("household_ref"),
            }
        elif entry.kind == Kind.FEE_INCOME:
            fields = {"kind": "income", "amount_fen": int(d["amount_fen"]),
                      "category": d.get("fee_type"), "fee_type": d.get("fee_type"),
                      "period": d.get("period"), "purpose": d.get("purpose") or
                      FEE_TYPES.get(d.get("fee_type", ""), ""),
                      "household_ref": self._public_place(d)}
        else:
            fields = {"kind": "expense", "amount_fen": -int(d["amount_fen"]),
                      "category": d.get("category"), "purpose": d.get("purpose"),
                      "payee": d.get("payee"), "project": d.get("project")}
        now = self._stamp()
        fields.update({
            "area": entry.area, "entry": entry.id, "date": d.get("date") or now[:10],
            "receipt": d.get("receipt"), "recorded_by": entry.author_role,
            "approved_by": public_role(approver, entry.area), "published_at": now,
        })
        seq, prev = self._ledger_head.get(entry.area, (0, ledger_rules.GENESIS))
        line = ledger_rules.chain_line(fields, seq=seq + 1, prev=prev)
        tx.put(f"areas/{entry.area}/ledger-{(seq + 1 - 1) // LEDGER_BLOCK:05d}", "ledger",
               seq + 1, line)
        self._index_set(self._ledger_head, entry.area, (seq + 1, line["hash"]))
        self._count_line(entry.area, line, undo=True)
        entry.data["ledger_seq"] = seq + 1
        self._save(tx, entry)
        return line

    def _count_line(self, area: str, line: dict[str, Any], *, undo: bool) -> None:
        months = self._ledger_months.setdefault(area, {})
        month = str(line.get("date") or "")[:7]
        income, expense = months.get(month, (0, 0))
        fen = int(line["amount_fen"])
        new = (income + fen, expense) if fen > 0 else (income, expense - fen)
        if undo:
            self._index_set(months, month, new)
        else:
            months[month] = new

    def _public_place(self, data: dict[str, Any]) -> str | None:
        """Building and unit only: the public never learns the room."""
        hid = data.get("household")
        if hid:
            try:
                return self.street.household_label(hid, public=True)
            except KeyError:
                return None
        return data.get("unit_label")

    def ledger(self, area: str) -> list[dict[str, Any]]:
        """The published lines of an area, in order."""
        lines: list[dict[str, Any]] = []
        for part in self.store.partitions(f"areas/{area}/ledger-"):
            lines.extend(self.store.all(part, "ledger"))
        for line in lines:
            line.pop("doc_id", None)
        lines.sort(key=lambda line: line["seq"])
        return lines

    def balance(self, area: str) -> int:
        """The area's balance in fen (kept as lines are published; ``verify`` recounts)."""
        with self.store.lock:
            return sum(i - e for i, e in self._ledger_months.get(area, {}).values())

    def month_totals(self, area: str, month: str) -> tuple[int, int]:
        """(income, expense) in fen of the lines dated in ``month`` ("YYYY-MM")."""
        with self.store.lock:
            return self._ledger_months.get(area, {}).get(month, (0, 0))

    def ledger_tail(self, area: str, n: int) -> list[dict[str, Any]]:
        """The last ``n`` published lines of an area, in order. Kept per (area, n),
        and extended by the lines published since: the lines before them may sit in
        an older block that is no longer in memory (line ``seq`` is document ``seq``
        of block ``(seq - 1) // LEDGER_BLOCK``)."""
        with self.store.lock:
            head = self._ledger_head.get(area, (0, ""))[0]
            kept_head, lines = self._tails.get((area, n), (0, []))
            if kept_head > head:  # cannot happen but for a write undone: start again
                kept_head, lines = 0, []
            wanted: dict[str, list[int]] = {}
            for seq in range(max(1, head - n + 1, kept_head + 1), head + 1) if n > 0 else ():
                wanted.setdefault(f"areas/{area}/ledger-{(seq - 1) // LEDGER_BLOCK:05d}",
                                  []).append(seq)
            if wanted or kept_head != head:
                new = [line for part, seqs in wanted.items()
                       for line in self.store.some(part, "ledger", seqs)]
                for line in new:
                    line.pop("doc_id", None)
                new.sort(key=lambda line: line["seq"])
                lines = (lines + new)[-n:] if n > 0 else []
                if len(self._tails) >= 1000:
                    self._tails.clear()
                self._tails[(area, n)] = (head, lines)
            return [dict(line) for line in lines]

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        return {a.id: self._ledger_head.get(a.id, (0, ledger_rules.GENESIS))
                for a in self.street.areas}

    def verify(self) -> list[str]:
        """Check every area's chain and that each line matches its approved entry.

        Returns a line of report per area; raises IntegrityError at the first mismatch.
        """
        report = []
        for area in self.street.areas:
            lines = self.ledger(area.id)
            head = ledger_rules.verify_chain(area.id, lines)
            for line in lines:
                try:
                    entry = self.entry(line["entry"])
                except NotFound:
                    raise IntegrityError(f"area {area.id}, ledger line {line['seq']}: entry "
                                         f"#{line['entry']} is missing", code="chain_entry",
                                         area=area.id, seq=line["seq"]) from None
                if entry.data.get("ledger_seq") != line["seq"] or \
                        abs(int(entry.data["amount_fen"])) != abs(int(line["amount_fen"])):
                    raise IntegrityError(f"area {area.id}, ledger line {line['seq']}: does not "
                                         f"match entry #{entry.id}", code="chain_entry",
                                         area=area.id, seq=line["seq"])
            if ledger_rules.balance(lines) != self.balance(area.id):
                raise IntegrityError(f"area {area.id}: the kept balance does not match the "
                                     f"ledger lines", code="balance", area=area.id)
            report.append(f"{area.id}: {len(lines)} lines, head {head}")
        return report


def _meta(kind: str, status: str, author: int | None,
          partition: str) -> tuple[str, str, int | None, str]:
    """An index tuple; the strings are interned, since there is one per entry."""
    return (sys.intern(str(kind)), sys.intern(str(status)), author, sys.intern(partition))


def _file_person(cache: dict[tuple[Any, ...], dict[int, dict[str, Any]]],
                 person: dict[str, Any]) -> None:
    """Put a person under each key of the people index that applies to them."""
    pid = int(person["id"])
    cache[("all",)][pid] = person
    for area in volunteer_areas(person):
        cache.setdefault(("volunteer", area), {})[pid] = person
    home = resident_area(person)
    if home is not None:
        cache.setdefault(("resident", home), {})[pid] = person
    if is_admin(person):
        cache[("admin",)][pid] = person


def _clip(text: str | None, limit: int) -> str:
    return (text or "")[:limit]


def _validate_data(kind: Kind, data: dict[str, Any]) -> None:
    """Check the fields a kind needs; money must be positive integer fen."""
    def need(key: str) -> Any:
        if data.get(key) in (None, ""):
            raise DomainError(f"{kind} needs {key}", code="missing_field", field=key)
        return data[key]

    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value[:MAX_TEXT]
    if kind in MONEY_KINDS:
        amount = need("amount_fen")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise DomainError("amounts are positive integer fen", code="bad_amount")
    if kind == Kind.ISSUE:
        if need("category") not in ISSUE_CATEGORIES:
            raise DomainError("unknown category", code="bad_category")
        need("text")
    elif kind == Kind.OPINION:
        need("text")
    elif kind == Kind.FEE_INCOME:
        if need("fee_type") not in FEE_TYPES:
            raise DomainError("unknown fee type", code="bad_fee_type")
        need("period")
    elif kind == Kind.EXPENSE:
        if need("category") not in EXPENSE_CATEGORIES:
            raise DomainError("unknown expense category", code="bad_category")
        need("payee")
        need("purpose")
    elif kind == Kind.PROPOSAL:
        need("title")
        need("deadline")
        budget = data.get("budget_fen", 0)
        if not isinstance(budget, int) or budget < 0:
            raise DomainError("budgets are integer fen", code="bad_amount")
    elif kind in (Kind.ANNOUNCEMENT, Kind.PROGRESS_NOTE):
        need("text")
