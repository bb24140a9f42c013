"""What every part of the repository works on: the store, the clock, the
street, the derived indexes, and ``commit``.

``commit`` makes one durable write: it runs a function in one transaction,
puts the indexes back if the write fails (before or at its fsync, alone or in
a batch), patches what is kept for reading once it is made, and reports what
it changed in public (``db.changes``) once it is durable.

The parts (``db.directory``: people, roles and group chats; ``db.records``:
entries; ``db.review``: approving and rejecting; ``db.issues``; ``db.votes``;
``db.accounts``: money and the ledger) each work on one ``Core``;
``db.repository`` puts them together behind one facade.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from . import checks
from .changes import ChangeNotes, Listeners
from .config import street_from_dict
from .entries import Entry
from .errors import DomainError, NotFound, PermissionDenied
from .held import HeldIndex
from .indexes import (
    EntryIndex,
    HotPartitions,
    IssueIndex,
    PeopleIndex,
    UndoLog,
    VoteIndex,
)
from .ledger_names import LedgerNames
from .memory import give_back_freed_memory
from .money import DEFAULT_CEILING_FEN
from .money_index import FeeIndex, LedgerIndex
from .people import is_volunteer_of
from .places import Street
from .saved_index import Saver, Shadow, reindex
from .saved_index import restore as restore_saved

if TYPE_CHECKING:
    from .store import Store, Transaction

__all__ = ["Core", "Part", "serialized", "CHINA_TZ", "Clock", "now", "clip", "china_minute"]

CHINA_TZ = timezone(timedelta(hours=8), "CST")  # China has no daylight saving time

Clock = Callable[[], datetime]


def now() -> datetime:
    return datetime.now(CHINA_TZ)


def china_minute(stamp: object) -> str:
    """A stored ISO time as an operator reads it, to the minute in the street's clock
    (2026-12-06 03:15), whatever zone it was stored in; the text itself if it is none."""
    try:
        at = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return (at.astimezone(CHINA_TZ) if at.tzinfo else at).strftime("%Y-%m-%d %H:%M")


def clip(text: str | None, limit: int) -> str:
    return (text or "")[:limit]


class Core:
    """A street's store with its indexes; thread-safe through the store's locks."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.undo = UndoLog()  # the index changes of the write being made
        # The indexes the saved file holds: ``ix`` (by the same names), reached through
        # the properties below, which restore them first if that was put off.
        self.ix = _Indexes(EntryIndex(self.undo), LedgerIndex(self.undo),
                           FeeIndex(self.undo), VoteIndex(self.undo))
        self._pending: HeldIndex | bool | None = None  # restoring ``ix`` put off
        self.people = PeopleIndex(self.undo)
        self.issues = IssueIndex()
        self.hot = HotPartitions()
        self.notes = ChangeNotes()  # what the write being made changed in public
        self.listeners = Listeners()
        self.names = LedgerNames(store)  # kept out of ledger lines (db.ledger_names)
        self._street: Street | None = None
        self._settings: dict[str, Any] = {}
        self._half_indexed = False  # a refresh failed while rebuilding the indexes
        self._verified: dict[str, Any] = {}  # what the start-up check found sound
        self._opening_replayed: dict[tuple[str, str, str], Any] = {}
        self.index()

    # -- the indexes ---------------------------------------------------------

    def index(self) -> None:
        """Read the indexes saved at the last checkpoint back (``db.saved_index``) and
        apply what the journal changed since; or, when there are none to use, build
        them from every partition (the next checkpoint saves them)."""
        store = self.store
        if store.readonly:
            # A snapshot (the site builder) may never use them (a warm whole build
            # does not): the file is held open, and read, checked and restored, with
            # the journal's changes since applied, when an index is first used.
            held = store.saved_index(hold=True)
            if held is not None:
                self._pending = held
                self._index_people()
                self.pin_newest()
                return
        self._restore(store.saved_index())
        self._index_people()
        self.pin_newest()
        if not store.readonly:
            # What the saved file is made from at each checkpoint: the file as the
            # last one saved it (or, just built, a copy of the indexes now), followed
            # by the documents each checkpoint writes.
            if not store.index_stale:
                store.index_changes_since(self._opening_replayed)
            store.index_capture = Saver(store, self.verified_marks,
                                        Shadow.copy_of(self) if store.index_stale else None)
        self._opening_replayed = {}

    def _restore(self, saved: tuple[bytes, dict[str, str]] | None) -> None:
        store = self.store
        # As a list restore_saved empties: the file's bytes (20 MB at 50 areas) are let
        # go as soon as they are read, not held through the rest of the opening.
        holder = list(saved) if saved is not None else None
        saved = None
        verified = (restore_saved(self.ix, holder, lazily=store.readonly)
                    if holder is not None else None)
        give_back_freed_memory()  # what parsing the file made and dropped: before the
        # partitions are read, or the start's peak is the two together
        replayed = self._opening_replayed = store.take_replayed()
        if verified is None or not self._reindex(replayed):
            if verified is not None:
                self.ix.clear()
            verified = {}
            self._build()
            if not store.readonly:
                store.index_stale = True  # saved at the next checkpoint
        self._verified = verified

    def restore_put_off(self) -> None:
        """Restore the indexes if opening put that off (a read-only snapshot): as the
        opening would have, from the file held then. If that fails the indexes are
        built from the partitions when next used (the error is raised)."""
        if self._pending is None:
            return
        with self.store.lock:
            pending = self._pending
            if pending is None:
                return  # another thread did it meanwhile
            try:
                if isinstance(pending, HeldIndex):
                    self._restore(pending.read())
                else:
                    self.ix.clear()
                    self._build()
                    self._verified = {}
            except BaseException:
                self.ix.clear()
                self._pending = True  # built from the partitions at the next use
                raise
            self._opening_replayed = {}
            self._pending = None

    def _restored(self) -> _Indexes:
        """The indexes, restored first when a read-only open put that off."""
        if self._pending is not None:
            self.restore_put_off()
        return self.ix

    @property
    def entries(self) -> EntryIndex:
        return self._restored().entries

    @property
    def ledger(self) -> LedgerIndex:
        return self._restored().ledger

    @property
    def fees(self) -> FeeIndex:
        return self._restored().fees

    @property
    def votes(self) -> VoteIndex:
        return self._restored().votes

    @property
    def verified(self) -> dict[str, Any]:
        if self._pending is not None:
            self.restore_put_off()
        return self._verified

    @verified.setter
    def verified(self, marks: dict[str, Any]) -> None:
        self.restore_put_off()
        self._verified = marks

    def _build(self) -> None:
        """Build the indexes of the areas' entries and ledgers from every partition."""
        store, ix = self.store, self.ix
        for part in store.partitions("areas/"):
            name = part.rsplit("/", 1)[-1]
            if name.startswith("entries-"):
                for doc in store.all(part, "entries"):
                    ix.entries.load(doc, part)
                    ix.votes.load(doc)
                    ix.ledger.refer(doc)
                    ix.fees.load(doc)
            elif name.startswith("ledger-"):
                area = part.split("/")[1]
                for line in store.all(part, "ledger"):
                    ix.ledger.load(area, line)

    def _index_people(self) -> None:
        self.people.clear()
        for doc in self.store.all("people", "audit"):
            self.people.load_audit(doc)
        for doc in self.store.all("people", "people"):
            self.people.load_person(doc)

    def _reindex(self, changed: dict[tuple[str, str, str], Any]) -> bool:
        """The indexes follow the documents ``changed`` since they were made
        (``Store.take_replayed``; ``db.saved_index.reindex``)."""
        store = self.store

        def new(part: str, table: str, key: str) -> Any:
            return store.get(part, table, int(key))

        return reindex(self.ix, changed, new)

    def verified_marks(self) -> dict[str, Any]:
        """What the start-up check found sound, saved with the indexes (``db.startcheck``)."""
        return dict(self._verified)

    def refresh(self) -> set[str]:
        """Catch a read-only store up with the writer (``Store.refresh``): the indexes
        follow the documents that changed (the cost follows the change, not the
        history), and what is computed from them is dropped."""
        with self.store.lock:
            self.restore_put_off()  # from the file as opened, before the journal goes on
            changed = self.store.refresh()
            replayed = self.store.take_replayed()
            if changed or self._half_indexed:
                self._half_indexed = True  # until the indexes are whole again
                if "street" in changed:
                    self._street = None
                    self._settings = {}
                self.forget_derived()
                self.issues.clear()
                if not self._reindex(replayed):
                    self.ix.clear()
                    self._build()
                if "people" in changed:
                    self._index_people()
                self.pin_newest()
                self._half_indexed = False
            return changed

    def pin_newest(self) -> None:
        # A read-only snapshot (the site builder) reads an area's partitions when it
        # builds the area and lets them go after: it keeps only people and street.
        self.hot.pin(self.store.partitions("areas/"), self.store.pinned,
                     areas=not self.store.readonly)

    def forget_derived(self) -> None:
        """Drop everything computed from the documents (rebuilt when next asked for)."""
        self._street = None
        for ix in (self.people, self.ledger, self.votes, self.issues):
            ix.forget()

    # -- the street ----------------------------------------------------------

    @property
    def street(self) -> Street:
        if self._street is None:
            # Read, not copied: street_from_dict changes nothing (the street is large).
            found = self.store.some("street", "street", [1])
            doc = found[0] if found else None
            if doc is None:
                raise DomainError("this data folder has no street; run `steward init`",
                                  code="no_street")
            self._street = street_from_dict(doc["street"])
            self._settings = json.loads(json.dumps(doc.get("settings") or {}))
        return self._street

    @street.setter
    def street(self, street: Street | None) -> None:
        self._street = street  # while the street is being stored (load_config)

    @property
    def settings(self) -> dict[str, Any]:
        _ = self.street
        return self._settings

    def check_area(self, area: str) -> None:
        try:
            self.street.area(checks.text(area, "an area"))
        except KeyError:
            raise NotFound(f"no management area {area!r}", code="no_area", area=area) from None

    @property
    def amount_ceiling(self) -> int:
        """The largest amount a money entry may have (the street file's
        ``amount_ceiling_fen``, or the default)."""
        return int(self.settings.get("amount_ceiling_fen") or DEFAULT_CEILING_FEN)

    def stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- reading what every part needs ---------------------------------------

    def person(self, person_id: int | None) -> dict[str, Any] | None:
        if person_id is None:
            return None
        return self.store.get("people", "people", checks.whole(person_id, "a person id"))

    def require_known(self, person_id: int | None) -> int:
        """``person_id`` when such a person exists, read without copying her document
        (``require_person`` deep-copies it, for an edit); else NotFound."""
        if person_id is None or not self.store.some(
                "people", "people", [checks.whole(person_id, "a person id")]):
            raise NotFound("unknown person", code="no_person")
        return person_id

    def require_person(self, person_id: int | None) -> dict[str, Any]:
        person = self.person(person_id)
        if person is None:
            raise NotFound("unknown person", code="no_person")
        return person

    def require_steward(self, actor: dict[str, Any], area: str) -> None:
        if not is_volunteer_of(actor, area):
            raise PermissionDenied("only a volunteer of this area may do that",
                                   code="volunteer_only", area=area)

    def entry(self, entry_id: int) -> Entry:
        entry_id = checks.whole(entry_id, "an entry number")
        meta = self.entries.meta.get(entry_id)
        doc = self.store.get(meta[3], "entries", int(entry_id)) if meta else None
        if doc is None:
            raise NotFound(f"no entry #{entry_id}", code="no_entry", id=entry_id)
        return Entry.from_doc(doc)

    # -- writing -------------------------------------------------------------

    def commit(self, fn: Callable[[Transaction], Any]) -> Any:
        """Run ``fn(tx)`` in one transaction; if it fails, undo the index changes.

        The disk is waited for (``Store.sync``) after letting go of the store's
        lock, so that the bot's reads go on meanwhile; ``commit_lock`` keeps
        other writers out until then. In a batch (``Store.batch``) the disk is
        waited for once at its end: the indexes are patched at once, and put back
        if that fsync fails. What the write changed in public is reported to the
        listeners once it is durable (``Store.on_durable``)."""
        store = self.store
        with store.writing():
            with store.lock:
                self.undo.take()
                self.notes.clear()
                try:
                    with store.transaction(sync=False) as tx:
                        result = fn(tx)
                        people = {op.doc_id for op in tx.ops
                                  if op.partition == "people" and op.table == "people"}
                        if any(op.table == "groups" for op in tx.ops):
                            self.people.groups = None
                        grown = any(self.hot.is_newer(op.partition) for op in tx.ops)
                except BaseException:
                    self._rollback(self.undo.take())
                    self.notes.clear()
                    raise
                undo = self.undo.take()
                change = self.notes.take()
                if store.batching:
                    store.on_failed_sync(functools.partial(self._undo_unsynced, undo))
                    self._written(people, grown)
                    if change is not None and self.listeners:
                        store.on_durable(functools.partial(self.listeners.emit, change))
                    return result
            try:
                store.sync()
            except BaseException:
                with store.lock:
                    self._rollback(undo)
                    # Reads while it waited for the disk may have kept what it wrote.
                    self.forget_derived()
                raise
            with store.lock:
                self._written(people, grown)
            if change is not None and self.listeners:
                store.on_durable(functools.partial(self.listeners.emit, change))
            return result

    def _written(self, people: set[int], grown: bool) -> None:
        """Patch what is kept for reading after a commit (hold the store's lock)."""
        if grown:  # a new year or ledger block: it is the hot one now
            self.pin_newest()
        self.people.patch(people, self.person)
        self.issues.patch(self.entry, self.entries.status)

    def _rollback(self, undo: list[Any]) -> None:
        """Undo the index changes of a write that failed (hold the store's lock)."""
        UndoLog.undo(undo)
        self.issues.rollback()

    def _undo_unsynced(self, undo: list[Any]) -> None:
        """A batched commit's fsync failed (the store has taken its documents back):
        undo its index changes and drop what was derived from it."""
        self._rollback(undo)
        self.forget_derived()
        self.pin_newest()  # a partition it created is gone again


class _Indexes(NamedTuple):
    """The indexes the saved file holds (``db.saved_index`` restores into these)."""

    entries: EntryIndex
    ledger: LedgerIndex
    fees: FeeIndex
    votes: VoteIndex

    def clear(self) -> None:
        for ix in self:
            ix.clear()


F = TypeVar("F", bound=Callable[..., Any])


class Part:
    """A part of the repository: its methods work on ``core``."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.store = core.store


def serialized(method: F) -> F:
    """Hold the store's ``commit_lock`` from the first read to the commit.

    These methods read a document, check it, then write a new version of it;
    the bot runs them in worker threads, so without the lock two of them could
    both read the same version and the later write would undo the earlier one
    (two "me too" at once, both volunteers approving one fee twice). Readers
    do not take that lock: only writes wait for each other."""
    @functools.wraps(method)
    def wrapper(self: Part, *args: Any, **kwargs: Any) -> Any:
        with self.store.writing():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
