"""The write path of a store: transactions, one writer at a time, the
journal's fsync (alone or shared by a batch: group commit), undoing what the
disk refused, calling back once a write is durable, and checkpoints.

``db.store.Store`` inherits it (``WritePath``); it is kept apart from opening
and reading because it holds every rule about when a write counts as saved:
nobody may be told a change is saved before the fsync that holds it returned,
and what a failed fsync held is taken out of memory again, with every index
derived from it (``on_failed_sync``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checkpoints import Checkpoints
from .errors import StoreError
from .journal import Journal, discard_old_journals
from .locks import checkpoint_lock
from .manifest import INDEX_NAME, Manifest, summarised, version_of, version_of_pieces
from .partitions import Partitions, WouldBlock, check_name
from .storage import atomic_write_pieces, dumps_canonical, partition_bytes, write_partitions

__all__ = ["Transaction", "WritePath", "Rider"]

log = logging.getLogger(__name__)


@dataclass
class _Op:
    partition: str
    table: str
    doc_id: int
    doc: dict[str, Any] | None  # None: remove


@dataclass
class Transaction:
    """Changes collected under the writer lock and committed as one journal record."""

    store: WritePath
    ops: list[_Op] = field(default_factory=list)
    _staged: dict[tuple[str, str, int], dict[str, Any] | None] = field(default_factory=dict)

    def put(self, partition: str, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Stage the whole new version of one document."""
        check_name(partition)
        doc = dict(doc)
        self.ops.append(_Op(partition, table, int(doc_id), doc))
        self._staged[(partition, table, int(doc_id))] = doc

    def remove(self, partition: str, table: str, doc_id: int) -> None:
        self.ops.append(_Op(partition, table, int(doc_id), None))
        self._staged[(partition, table, int(doc_id))] = None

    def get(self, partition: str, table: str, doc_id: int) -> dict[str, Any] | None:
        """Read a document as this transaction would leave it."""
        key = (partition, table, int(doc_id))
        if key in self._staged:
            staged = self._staged[key]
            return dict(staged) if staged is not None else None
        return self.store.get(partition, table, doc_id)



Rider = Callable[[Transaction], None]
# Makes the saved indexes' file (its pieces, in order) from the versions of the
# partitions (db.saved_index);
# None: it cannot be made (the file is then left as it is, and not trusted).
MakeIndex = Callable[[dict[str, str]], "list[bytes] | None"]


class WritePath:
    """The writing half of ``Store`` (which sets the attributes below)."""

    root: Path
    readonly: bool
    checkpoint_every: int
    lock: threading.RLock
    commit_lock: threading.RLock
    _journal: Journal
    _manifest: Manifest
    _parts: Partitions
    _local: threading.local  # .inline: see Store.run_inline
    _closed: bool

    if TYPE_CHECKING:  # Store reads
        def get(self, partition: str, table: str, doc_id: int) -> dict[str, Any] | None: ...

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.commit_lock = threading.RLock()  # one write at a time, until it is on disk
        # Writes applied in memory, their journal lines not yet fsync'ed: (offset, undo)
        self._unsynced: list[tuple[int, list[tuple[Any, ...]]]] = []
        # A batch (``batch``): the thread making it, and what to undo besides the
        # documents (the repository's indexes) if its fsync fails, oldest first,
        # and what to call once it is durable.
        self._batch_by: int | None = None
        self._batch_failed: BaseException | None = None
        self._on_failed_sync: list[Callable[[], None]] = []
        self._batch_durable: list[Callable[[], None]] = []
        self._depth = 0  # how deep the holder of commit_lock is in ``writing``
        self._holder: int | None = None  # the thread in ``writing``
        self._durable: list[Callable[[], None]] = []  # to call when it leaves
        self._local = threading.local()
        self._checkpointing = threading.Lock()  # one checkpoint at a time
        self._turnstile = threading.Lock()  # see ``writing``
        self._turnstile_by: int | None = None  # the checkpoint holding it
        self._checkpoint_failed = False  # the last one failed: try again on every commit
        self._next_journal = 1  # the number the journal moved aside next gets
        self._checkpoints = Checkpoints(self)
        # The last checkpoint: seconds writes waited, seconds in all, partitions written.
        self.last_checkpoint: tuple[float, float, int] | None = None
        # The repository's indexes, saved at each checkpoint (``db.saved_index``): what
        # copies them (set by the repository), and whether the file is behind them.
        self.index_capture: Callable[[dict[tuple[str, str, str], Any], dict[str, Any]],
                                     MakeIndex] | None = None
        self.index_stale = False
        # The documents written since the last checkpoint took them: (partition,
        # table, id) -> the document before (``partitions.MISSING``: none).
        self._since_saved: dict[tuple[str, str, str], Any] = {}
        self._index_taken: dict[tuple[str, str, str], Any] = {}  # by the checkpoint making it

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold ``commit_lock``: one write at a time, from its first read to its
        fsync. Refused (``WouldBlock``) inside ``run_inline``, which holds ``lock``:
        taking ``commit_lock`` after it could deadlock with a writer waiting for it.

        When a thread leaves its outermost ``writing`` block, having let go of both
        locks, it calls what ``on_durable`` was given meanwhile."""
        if getattr(self._local, "inline", False):
            raise WouldBlock("write")
        calls: list[Callable[[], None]] = []
        me = threading.get_ident()
        if self._holder != me and self._turnstile_by != me:
            # A checkpoint waiting for commit_lock holds the turnstile: writers line up
            # behind it instead of taking the lock back from it write after write.
            with self._turnstile:
                pass
        try:
            with self.commit_lock:
                # Only the holder of commit_lock changes these three.
                self._depth += 1
                self._holder = threading.get_ident()
                try:
                    yield
                finally:
                    self._depth -= 1
                    if not self._depth:
                        self._holder = None
                        if self._durable:
                            calls, self._durable = self._durable, []
        finally:
            for fn in calls:
                try:
                    fn()
                except Exception:  # noqa: BLE001 - the writes are saved whatever it does
                    log.exception("a call after a durable write failed")

    def on_durable(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` once the writes this thread has made are on disk, and it has
        let go of the store's locks; never if they are undone. In a batch: after
        the batch's fsync succeeded."""
        if self.batching:
            self._batch_durable.append(fn)
            return
        with self.writing():  # fn is called on leaving the outermost one
            self._durable.append(fn)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make several writes with one fsync, at the end of the block (a group
        commit): ``commit_lock`` is held throughout, each transaction is applied
        and journalled but not synced, and on leaving the block everything is
        synced at once. If that fails, every write of the batch is undone (with
        what was registered by ``on_failed_sync``) and StoreError raised: the
        caller must not have told anyone a write of it was saved."""
        with self.writing():
            if self._batch_by is not None:
                raise RuntimeError("a batch is already being made")
            self._batch_by = threading.get_ident()
            self._batch_failed = None
            durable: list[Callable[[], None]] = []
            try:
                yield
            finally:
                self._batch_by = None
                durable, self._batch_durable = self._batch_durable, []
                try:
                    self._sync_pending()
                finally:
                    self._on_failed_sync = []
            if self._batch_failed is not None:
                # An fsync inside the batch (a checkpoint) failed and undid its
                # earlier writes too: none of the batch may be reported saved.
                raise self._batch_failed
            for fn in durable:
                self.on_durable(fn)  # called as this thread leaves ``writing``
            if self.checkpoint_due and not self.readonly:
                self._checkpoints.request()

    @contextlib.contextmanager
    def riding(self, rider: Rider) -> Iterator[list[int]]:
        """While in the block, every transaction this thread commits with changes
        also stages what ``rider(tx)`` adds, in the same journal record: what the
        caller keeps beside a write (the bot: the id of the update that caused
        it) is then saved exactly when the write is, never without it.

        Yields a list that gets one item per transaction the rider joined (so
        the caller knows whether anything was written)."""
        joined: list[int] = []
        riders = self._riders()
        entry = (rider, joined)
        riders.append(entry)
        try:
            yield joined
        finally:
            riders[:] = [r for r in riders if r is not entry]

    def _riders(self) -> list[tuple[Rider, list[int]]]:
        riders: list[tuple[Rider, list[int]]] | None = getattr(self._local, "riders", None)
        if riders is None:
            riders = self._local.riders = []
        return riders

    @property
    def batching(self) -> bool:
        """Whether this thread is making a batch (its writes' fsync comes at its end)."""
        return self._batch_by == threading.get_ident()

    def on_failed_sync(self, undo: Callable[[], None]) -> None:
        """In a batch: run ``undo`` (holding ``lock``) if the batch's fsync fails,
        after the documents are taken back; such undos run newest first."""
        self._on_failed_sync.append(undo)

    @property
    def checkpoint_due(self) -> bool:
        return self._journal.records >= self.checkpoint_every or self._checkpoint_failed

    @contextlib.contextmanager
    def transaction(self, *, sync: bool = True) -> Iterator[Transaction]:
        """Collect changes; on leaving the block, commit them durably as one.

        With ``sync=False`` the change is journalled and applied but not yet on
        disk: the caller, still holding ``commit_lock``, must call ``sync`` (after
        letting go of ``lock``, so that readers need not wait for the disk) before
        it tells anyone the change is saved.
        """
        with self.writing(), self.lock:
            if self._closed:
                raise StoreError("the store is closed", code="closed")
            if self.readonly:
                raise StoreError("this store was opened read-only", code="read_only")
            batching = self.batching
            if not batching:
                self.sync()  # a change left unsynced by this thread goes first
            tx = Transaction(self)
            yield tx
            if not tx.ops:
                return
            for rider, joined in getattr(self._local, "riders", None) or ():
                rider(tx)
                joined.append(1)
            record = {"ops": [[op.partition, op.table, op.doc_id, op.doc] for op in tx.ops]}
            try:
                body = dumps_canonical(record)
            except (TypeError, ValueError) as exc:
                raise StoreError(f"cannot store this value: {exc}", code="not_json") from exc
            pos = self._journal.write_body(body)  # raises and changes nothing
            # Apply what the journal holds, decoded afresh: memory then equals what a
            # replay would give, and shares no objects with the caller.
            undo = self._parts.apply(json.loads(body)["ops"])
            self._unsynced.append((pos, undo))
            if self.index_capture is not None:
                for partition, table, key, old, _dirty, _new in undo:
                    self._since_saved.setdefault((partition, table, key), old)
            if sync and not batching:
                self.sync()

    def sync(self) -> None:
        """Wait for the disk to hold every ``transaction(sync=False)`` made so far; if
        it cannot, cut their journal lines off, undo them in memory, and raise
        StoreError."""
        with self.writing():
            if not self._unsynced:
                return
            self._sync_pending()
            if self.checkpoint_due:
                self._checkpoints.request()

    def _sync_pending(self) -> None:
        """fsync every change not yet on disk (hold ``commit_lock``); if that fails,
        undo them all, newest first, and raise."""
        if not self._unsynced:
            return
        items, self._unsynced = self._unsynced, []
        try:
            self._journal.sync(items[0][0], len(items))
        except BaseException as exc:
            if self._batch_by is not None:
                self._batch_failed = exc
            with self.lock:
                for _pos, undo in reversed(items):
                    self._parts.undo(undo)
                undos, self._on_failed_sync = self._on_failed_sync, []
                for undo_indexes in reversed(undos):
                    undo_indexes()
            raise

    def checkpoint(self) -> None:
        """Write dirty partitions atomically, then delete the journals they make
        redundant. Writes wait only while the dirty partitions are copied and the
        journal moved aside (``Journal.rotate``), not while the copies are written.

        Made by a thread of its own when ``checkpoint_every`` commits are due
        (``Checkpoints``); a caller may also make one, never from inside a write
        (holding ``commit_lock``) while that thread may be making one."""
        if self.readonly:
            raise StoreError("this store was opened read-only", code="read_only")
        if self._holder == threading.get_ident() and self._checkpoints.running:
            raise RuntimeError("checkpoint() inside a write while checkpoints run apart")
        with self._checkpointing, checkpoint_lock(self.root):
            started = time.perf_counter()
            self._journal.prepare_fresh()  # the next journal.log, its header on disk
            with self._turnstile:
                self._turnstile_by = threading.get_ident()
                try:
                    with self.writing(), self.lock:
                        snapshot, moved = self._snapshot()
                        make_index = self._capture_index(snapshot)
                finally:
                    self._turnstile_by = None
                if moved:
                    self._next_journal += 1
            locked = time.perf_counter() - started
            try:
                self._write_files(snapshot, make_index)
                discard_old_journals(self.root, self._next_journal - 1)
            except BaseException:
                with self.lock:
                    self._parts.unwritten_again(snapshot)
                self._checkpoint_failed = True
                raise
            with self.lock:
                self._parts.written(snapshot)
                self._checkpoint_failed = False
                self._parts.evict()
            self.last_checkpoint = (locked, time.perf_counter() - started, len(snapshot))

    def _capture_index(self, snapshot: dict[str, Any]) -> MakeIndex | None:
        """What the indexes file of this checkpoint will hold (hold the locks): when
        partitions it summarises changed, or it is not up to date; None if not."""
        if self.index_capture is None or self._manifest.files is None:
            return None
        if not self.index_stale and not any(summarised(name) for name in snapshot) \
                and not self._since_saved:
            return None
        self._index_taken, self._since_saved = self._since_saved, {}
        self.index_stale = False  # set again if writing it fails
        return self.index_capture(self._index_taken, snapshot)

    def index_changes_since(self, changed: dict[tuple[str, str, str], Any]) -> None:
        """Documents changed since the saved indexes were written, before this store
        wrote anything (the journal replayed on opening)."""
        for key, old in changed.items():
            self._since_saved.setdefault(key, old)

    def _write_files(self, snapshot: dict[str, Any], make_index: MakeIndex | None = None
                     ) -> None:
        """Write a checkpoint's partition files, and the saved indexes. The manifest
        allows each file old or new while they are written (a crash leaves either),
        then new only (``db.manifest``)."""
        if not snapshot and make_index is None:
            return
        try:
            files = {name: partition_bytes(tables) for name, tables in snapshot.items()}
            listed = self._manifest.files is not None
            versions = {f"{name}.json": version_of(data) for name, data in files.items()}
            index = None
            if make_index is not None and listed:
                index = make_index(self._summarised_versions(versions))
                if index is not None:
                    versions[INDEX_NAME] = version_of_pieces(index)
            if listed:
                self._manifest.write_pending(versions)
            write_partitions(self.root, files)
            if index is not None:
                atomic_write_pieces(self.root / INDEX_NAME, index)
            if listed:
                self._manifest.write_final(versions)
        except BaseException:
            if make_index is not None:
                self.index_stale = True
                with self.lock:  # the next checkpoint follows these changes again
                    taken, self._index_taken = self._index_taken, {}
                    self._since_saved = {**self._since_saved, **taken}
            raise

    def _summarised_versions(self, new: dict[str, dict[str, Any]]) -> dict[str, str]:
        """The sha256 of every partition file the saved indexes summarise, as they
        will be once ``new`` (rel path -> version) is written."""
        out = {}
        for rel, versions in (self._manifest.files or {}).items():
            name = rel[: -len(".json")]
            if rel.endswith(".json") and summarised(name) and versions and versions[-1]:
                out[name] = str(versions[-1]["sha256"])
        for rel, version in new.items():
            if rel.endswith(".json") and summarised(rel[: -len(".json")]):
                out[rel[: -len(".json")]] = str(version["sha256"])
        return out

    def _snapshot(self) -> tuple[dict[str, Any], bool]:
        """A checkpoint's step under the locks: sync, copy the dirty partitions, move
        the journal aside; the copies, and whether there was anything to move."""
        self._sync_pending()  # a partition file must not get ahead of the journal
        snapshot = self._parts.snapshot_dirty()
        try:
            return snapshot, self._journal.rotate(self._next_journal)
        except BaseException:
            self._parts.unwritten_again(snapshot)
            self._checkpoint_failed = True
            raise
