"""What the repository keeps in memory to answer without reading partitions,
and the one undo log that puts it back when a write fails.

Two sorts, kept apart because they fail differently:

* **Indexes** move with every write, as it is made: every entry's kind,
  status, author and partition; entries by area and kind and by author;
  people by Telegram id; each area's ledger head and month totals; the
  counted vote of each household; the next ids. Each change goes through the
  commit's ``UndoLog`` (``set``, ``append``), which takes them all back,
  newest first, if the write does not reach the disk. They are built from
  the partitions when the repository opens (``load_*``).
* **Caches** are computed when first asked for (people by role, group chats,
  open issues, tallies, ledger tails, vote choices, electorates): a commit
  patches or drops what it changed, and a write undone after readers may
  have seen it makes them ``forget`` everything.

A street of 300,000 entries keeps these in some 15 MB: the entry table and the
lists of ids are arrays (``db.entry_table``), the strings interned. They are
saved at each checkpoint and read back on opening (``db.saved_index``).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from typing import Any

from .deferred import Deferred
from .electorate import Choice, Electorate, VoteCount
from .entries import OPEN_ISSUE, Entry, Kind, Status
from .entry_table import WAITING, EntryMeta, EntryTable, add_in_order
from .people import is_admin, resident_area, supervisor_areas, volunteer_areas
from .places import Street
from .tally import Tally

__all__ = ["UndoLog", "EntryIndex", "PeopleIndex", "VoteIndex",
           "IssueIndex", "HotPartitions", "EntryMeta", "proxy_home"]

_MISSING = object()  # the key was not there before
_APPENDED = object()  # the value was appended to a list


class UndoLog:
    """How to take back the index changes of the write being made: one log per
    repository, emptied by every commit (``take``)."""

    __slots__ = ("_ops",)

    def __init__(self) -> None:
        self._ops: list[tuple[Any, Any, Any]] = []

    def set(self, mapping: Any, key: Any, value: Any) -> None:
        self._ops.append((mapping, key, mapping.get(key, _MISSING)))
        mapping[key] = value

    def append(self, items: Any, value: Any) -> None:
        items.append(value)
        self._ops.append((items, value, _APPENDED))

    def pop(self, mapping: Any, key: Any) -> None:
        if key in mapping:
            self._ops.append((mapping, key, mapping.pop(key)))

    def take(self) -> list[tuple[Any, Any, Any]]:
        """The changes logged since the last ``take``; the log starts again empty."""
        ops, self._ops = self._ops, []
        return ops

    @staticmethod
    def undo(ops: list[tuple[Any, Any, Any]]) -> None:
        """Take back the changes ``take`` returned, newest first (hold the store's lock)."""
        for container, key, old in reversed(ops):
            if old is _APPENDED:
                container.remove(key)
            elif old is _MISSING:
                container.pop(key, None)
            else:
                container[key] = old


def proxy_home(kind: Any, data: Any) -> str | None:
    """The household a report recorded for it (/proxy, ``db.proxy``) names; None for
    any other entry. Set when the report is recorded, never changed after."""
    if str(kind) != Kind.ISSUE or not isinstance(data, dict) or not data.get("proxy"):
        return None
    home = data.get("household")
    return sys.intern(home) if isinstance(home, str) and home else None


class EntryIndex:
    """Every entry's (kind, status, author, partition), and entries by area and
    kind and by author: filtered queries read only the partitions holding matches,
    so old years can stay on disk. The ids are kept in arrays (``db.entry_table``):
    a few bytes an entry. And the reports recorded for each household (/proxy,
    ``by_household``), whatever they became: 我的 lists them without reading the
    area's history."""

    def __init__(self, undo: UndoLog) -> None:
        self.undo = undo
        self.clear()

    def clear(self) -> None:
        self.meta = EntryTable()
        self.by_area: dict[str, dict[str, array]] = {}  # type: ignore[type-arg]
        self.by_author: dict[int, array] = {}  # type: ignore[type-arg]
        self.by_household: dict[str, array] = {}  # type: ignore[type-arg]
        self.ids = {"entry": 1}  # the next entry id

    def load(self, doc: dict[str, Any], partition: str) -> None:
        """Index an entry read from its partition (on opening; no undo)."""
        eid = int(doc["id"])
        author = doc.get("author")
        self.meta[eid] = (doc["kind"], doc["status"], author, partition)
        add_in_order(self.by_area.setdefault(doc["area"], {}).setdefault(
            sys.intern(str(doc["kind"])), array("q")), eid)
        if author is not None:
            add_in_order(self.by_author.setdefault(int(author), array("q")), eid)
        home = proxy_home(doc["kind"], doc.get("data"))
        if home is not None:
            add_in_order(self.by_household.setdefault(home, array("q")), eid)
        if eid >= self.ids["entry"]:
            self.ids["entry"] = eid + 1

    def unload(self, doc: dict[str, Any]) -> None:
        """Take out an entry as ``load`` put it in (a reader catching up; no undo)."""
        eid = int(doc["id"])
        if self.meta.pop(eid, None) is None:
            return
        found = self.by_area.get(doc["area"], {}).get(str(doc["kind"]))
        if found is not None and eid in found:
            found.remove(eid)
        author = doc.get("author")
        mine: Any = self.by_author.get(int(author)) if author is not None else None
        if mine is not None and eid in mine:
            mine.remove(eid)
        home = proxy_home(doc["kind"], doc.get("data"))
        recorded: Any = self.by_household.get(home) if home is not None else None
        if recorded is not None and eid in recorded:
            recorded.remove(eid)

    def reload(self, old: dict[str, Any] | None, new: dict[str, Any] | None,
               partition: str) -> None:
        """An entry changed in ``partition`` (a reader catching up, or a journal
        replayed over saved indexes): ``old`` out, ``new`` in."""
        if (old is not None and new is not None and old.get("area") == new.get("area")
                and old.get("kind") == new.get("kind")
                and old.get("author") == new.get("author")
                and proxy_home(old["kind"], old.get("data")) == proxy_home(
                    new["kind"], new.get("data"))
                and int(old["id"]) == int(new["id"]) and int(new["id"]) in self.meta):
            eid = int(new["id"])  # the usual change: its status
            self.meta[eid] = (new["kind"], new["status"], new.get("author"), partition)
            return
        if old is not None:
            self.unload(old)
        if new is not None:
            self.load(new, partition)

    def take_id(self, floor: int = 0) -> int:
        """The next entry number: one more than the highest stored, or ``floor`` (the
        numbers given out before a restore, ``db.numbering``) when that is higher."""
        eid = max(self.ids["entry"], floor)
        self.undo.set(self.ids, "entry", eid + 1)
        return eid

    def add(self, eid: int, kind: str, status: str, author: int | None, area: str,
            partition: str, household: str | None = None) -> None:
        """A new entry; ``household``: the one it was recorded for (``proxy_home``)."""
        self.undo.set(self.meta, eid, (kind, status, author, partition))
        self.undo.append(self.by_area.setdefault(area, {}).setdefault(
            sys.intern(str(kind)), array("q")), eid)
        if author is not None:
            self.undo.append(self.by_author.setdefault(int(author), array("q")), eid)
        if household is not None:
            self.undo.append(self.by_household.setdefault(household, array("q")), eid)

    def update(self, eid: int, kind: str, status: str, author: int | None) -> None:
        """An entry's status (or anything else indexed) changed."""
        self.undo.set(self.meta, eid, (kind, status, author, self.meta[eid][3]))

    def status(self, eid: int) -> str:
        return self.meta[eid][1]

    def recorded_for(self, household: str) -> list[int]:
        """The ids of the reports recorded for ``household`` (/proxy), oldest first."""
        return sorted(self.by_household.get(household, ()))

    def partition(self, eid: int) -> str:
        return self.meta[eid][3]

    def matching(self, area: str | None, kind: Kind | str | None,
                 status: Status | str | Any | None, author: int | None) -> list[int]:
        """The ids of the entries matching every given filter (``status`` may be one
        or several), in no particular order."""
        statuses = ({str(status)} if isinstance(status, str)
                    else {str(s) for s in status} if status is not None else None)
        if statuses == {WAITING} and author is None:  # a few among the history: kept
            # apart (db.entry_table); a person's own entries are fewer still (by_author)
            waiting = self.meta.waiting(None if area is None else f"areas/{area}/")
            return self.meta.select(waiting, None if kind is None else str(kind), statuses,
                                    author)
        candidates: Any = None  # every entry
        if area is not None:
            by_kind = self.by_area.get(area, {})
            candidates = (by_kind.get(str(kind), []) if kind is not None
                          else [eid for ids in by_kind.values() for eid in ids])
        elif kind is not None and author is None:
            candidates = [eid for by_kind in self.by_area.values()
                          for eid in by_kind.get(str(kind), [])]
        if author is not None:
            mine: Any = self.by_author.get(author, [])
            candidates = mine if area is None else set(mine) & set(candidates)
        return self.meta.select(candidates, None if kind is None else str(kind), statuses,
                                author)


class PeopleIndex:
    """People by Telegram id and the next person and audit ids (indexes); people
    by role and the linked group chats (caches)."""

    def __init__(self, undo: UndoLog) -> None:
        self.undo = undo
        self.clear()

    def clear(self) -> None:
        self.by_telegram: dict[int, int] = {}
        self.ids = {"person": 1, "audit": 1}
        self.forget()

    def forget(self) -> None:
        # ("all",), ("admin",), ("volunteer", area), ("supervisor", area),
        # ("resident", area) -> id -> person
        self.by_role: dict[tuple[Any, ...], dict[int, dict[str, Any]]] = {}
        # with ``by_role``: household -> the ids of its confirmed residents (a tuple: one
        # id for most flats; ten thousand small dicts cost the bot ~3 MB)
        self.by_home: dict[str, tuple[int, ...]] = {}
        self.groups: dict[str, int] | None = None  # area -> linked group chat

    def load_person(self, doc: dict[str, Any]) -> None:
        if doc.get("telegram_id") is not None:  # None: a person who was forgotten
            self.by_telegram[int(doc["telegram_id"])] = int(doc["id"])
        self.ids["person"] = max(self.ids["person"], int(doc["id"]) + 1)

    def load_audit(self, doc: dict[str, Any]) -> None:
        self.ids["audit"] = max(self.ids["audit"], int(doc["doc_id"]) + 1)

    def take_id(self, which: str, floor: int = 0) -> int:
        n = max(self.ids[which], floor)  # floor: see ``db.numbering``
        self.undo.set(self.ids, which, n + 1)
        return n

    def add(self, telegram_id: int, person_id: int) -> None:
        self.undo.set(self.by_telegram, int(telegram_id), person_id)

    def drop(self, telegram_id: int) -> None:
        """The Telegram id no longer names anyone (its person was forgotten)."""
        self.undo.set(self.by_telegram, int(telegram_id), None)

    def fill(self, people: list[dict[str, Any]]) -> None:
        """Build the people-by-role cache from every person."""
        self.by_role = {("all",): {}, ("admin",): {}}
        self.by_home = {}
        for p in people:  # read only: the store's documents (``Store.documents``)
            self.file(p)

    def file(self, person: dict[str, Any]) -> None:
        """Put a person under each key of the people-by-role cache that applies."""
        cache = self.by_role
        pid = int(person["id"])
        cache[("all",)][pid] = person
        for area in volunteer_areas(person):
            cache.setdefault(("volunteer", area), {})[pid] = person
        for area in supervisor_areas(person):
            cache.setdefault(("supervisor", area), {})[pid] = person
        home = resident_area(person)
        if home is not None:
            cache.setdefault(("resident", home), {})[pid] = person
            if person.get("household") is not None:
                household = str(person["household"])
                self.by_home[household] = (*self.by_home.get(household, ()), pid)
        if is_admin(person):
            cache[("admin",)][pid] = person

    def patch(self, ids: set[int], read: Callable[[int], dict[str, Any] | None]) -> None:
        """Refile the people a commit wrote (instead of reading all of them again:
        volunteers are looked up for every new entry)."""
        if not self.by_role:
            return
        for pid in ids:
            before = self.by_role[("all",)].get(pid)
            household = before.get("household") if before is not None else None
            if household is not None and str(household) in self.by_home:
                kept = tuple(i for i in self.by_home.pop(str(household)) if i != pid)
                if kept:
                    self.by_home[str(household)] = kept
            for found in self.by_role.values():
                found.pop(pid, None)
            person = read(pid)
            if person is not None:
                self.file(person)


class VoteIndex:
    """The counted vote of each voter (an owner, by proposal), how often a
    proposal's counted votes changed, and the kept count of its options
    (indexes); vote choices, electorates (each proposal's frozen one, each
    area's for older proposals) and each proposal's decision (caches)."""

    def __init__(self, undo: UndoLog) -> None:
        self.undo = undo
        self.clear()

    # proposal -> voter -> vote entry; made on first use as FeeIndex's may be
    counted: dict[int, dict[str, int]] = Deferred()  # type: ignore[assignment]
    _deferred: Callable[[], dict[str, Any]] | None = None

    def clear(self) -> None:
        self._deferred = None
        self.counted = {}
        self.changes: dict[int, int] = {}  # proposal -> votes cast or replaced
        self.forget()

    def forget(self) -> None:
        # proposal -> (its electorate, the count of its counted votes)
        self.counts: dict[int, tuple[Electorate, VoteCount] | None] = {}
        self.choices: dict[int, Choice] = {}  # vote entry -> its choice (read once)
        self.electorates: dict[str, tuple[Street, Electorate]] = {}  # area -> its voters
        self.frozen: dict[int, Electorate] = {}  # proposal -> its frozen electorate
        # proposal -> (electorate, vote changes, matter, Tally)
        self.tallies: dict[int, tuple[Any, int, str, Tally]] = {}

    def load(self, doc: dict[str, Any]) -> None:
        if doc["kind"] == Kind.VOTE and doc["status"] == Status.COUNTED:
            d = doc["data"]  # votes stored before owners were counted name no voter
            self.counted.setdefault(int(d["proposal"]), {})[
                sys.intern(d.get("voter") or d["household"])] = int(doc["id"])

    def unload(self, doc: dict[str, Any]) -> None:
        if doc["kind"] == Kind.VOTE and doc["status"] == Status.COUNTED:
            d = doc["data"]
            found = self.counted.get(int(d["proposal"]), {})
            voter = d.get("voter") or d["household"]
            if found.get(voter) == int(doc["id"]):
                del found[voter]

    def cast(self, proposal: int, voter: str, vote: int) -> None:
        """A voter's vote is now ``vote`` (a new one, or replacing their earlier one)."""
        self.undo.set(self.counted.setdefault(proposal, {}), voter, vote)
        self.undo.set(self.changes, proposal, self.changes.get(proposal, 0) + 1)

    def uncast(self, proposal: int, voter: str, vote: int) -> None:
        """A voter's vote ``vote`` no longer counts (``db.relation``)."""
        found = self.counted.get(proposal, {})
        if found.get(voter) == vote:
            self.undo.pop(found, voter)
        self.undo.set(self.changes, proposal, self.changes.get(proposal, 0) + 1)


class IssueIndex:
    """The public open issues of each area (a cache, see ``Issues.open_issues``),
    and the issues the commit being made opened, closed or changed while open."""

    def __init__(self) -> None:
        self.open: dict[str, list[Entry]] = {}
        self.written: dict[str, set[int]] = {}

    def clear(self) -> None:
        self.open.clear()
        self.written.clear()

    def forget(self) -> None:
        self.open.clear()

    def note(self, entry: Entry, status_before: str | None) -> None:
        if entry.kind == Kind.ISSUE and (entry.status in OPEN_ISSUE or
                                         status_before in OPEN_ISSUE):
            self.written.setdefault(entry.area, set()).add(entry.id)

    def rollback(self) -> None:
        """The commit failed: drop what it may have changed."""
        for area in self.written:
            self.open.pop(area, None)
        self.written.clear()

    def patch(self, read: Callable[[int], Entry], status: Callable[[int], str]) -> None:
        """The commit is made: each issue it wrote is dropped from its area's open
        issues, and read again if it is open now."""
        for area, ids in self.written.items():
            found = self.open.get(area)
            if found is None:
                continue
            kept = [e for e in found if e.id not in ids]
            kept += [read(eid) for eid in ids if status(eid) in OPEN_ISSUE]
            kept.sort(key=lambda e: e.id)
            self.open[area] = kept
        self.written.clear()


class HotPartitions:
    """The newest entries partition and ledger block of every area take nearly
    every write and most reads (this year's issues, votes, the ledger's tail):
    they stay in memory (the store's ``pinned``); older ones come and go within
    ``max_loaded_docs``."""

    def __init__(self) -> None:
        self.newest: dict[tuple[str, str], str] = {}

    @staticmethod
    def _key(partition: str) -> tuple[str, str] | None:
        parts = partition.split("/")
        if len(parts) != 3 or parts[0] != "areas":
            return None
        return parts[1], parts[2].split("-", 1)[0]

    def is_newer(self, partition: str) -> bool:
        key = self._key(partition)
        return key is not None and partition > self.newest.get(key, "")

    def pin(self, partitions: list[str], pinned: set[str], *, areas: bool = True) -> None:
        """Note each area's newest partitions, and pin them (``areas``) with people
        and street."""
        newest: dict[tuple[str, str], str] = {}
        for part in partitions:
            key = self._key(part)
            if key is not None and part > newest.get(key, ""):
                newest[key] = part
        self.newest = newest
        # The areas' older partitions may leave memory now; what others pinned (the
        # bot's state) stays pinned.
        pinned.difference_update([p for p in pinned if p.startswith("areas/")])
        pinned.update({"people", "street"}, newest.values() if areas else ())


