"""The store: named partitions of TinyDB tables in one data folder, written
through one journal by one writer at a time.

A partition is one JSON file (``areas/<area>/entries-2025.json``); its name
is the path without ``.json``. Callers never see files or TinyDB: they ask
for a table's documents, and change documents inside ``transaction()``.
Only ``db.repository`` uses this module.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from .errors import StoreError
from .storage import (
    Journal,
    atomic_write_bytes,
    dumps_canonical,
    open_tinydb,
    read_partition_file,
)

__all__ = ["Store", "Transaction", "SCHEMA_VERSION", "MIGRATIONS", "writer_lock",
           "checkpoint_lock", "WouldBlock"]

SCHEMA_VERSION = 1
META_NAME = "meta.json"

# Migrations: MIGRATIONS[n] upgrades a store at schema n to n + 1, inside a
# transaction. None exist yet; version 1 is the first published layout.
MIGRATIONS: dict[int, Any] = {}


log = logging.getLogger(__name__)

WRITER_LOCK = ".writer.lock"
CHECKPOINT_LOCK = ".checkpoint.lock"


def _flock(path: Path, *, blocking: bool) -> Any:
    f = open(path, "a+b")
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        f.close()
        raise StoreError(f"{path.parent}: another Steward process is using this data folder "
                         f"(stop the bot first)", code="in_use", path=str(path.parent)) from None
    return f


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Held by the one process that writes a data folder (the bot, or a CLI command)."""
    f = _flock(Path(root) / WRITER_LOCK, blocking=False)
    try:
        yield
    finally:
        f.close()


@contextlib.contextmanager
def checkpoint_lock(root: Path) -> Iterator[None]:
    """Held while partition files change; a backup holds it to copy a consistent set."""
    f = _flock(Path(root) / CHECKPOINT_LOCK, blocking=True)
    try:
        yield
    finally:
        f.close()


@dataclass
class _Op:
    partition: str
    table: str
    doc_id: int
    doc: dict[str, Any] | None  # None: remove


@dataclass
class Transaction:
    """Changes collected under the writer lock and committed as one journal record."""

    store: Store
    ops: list[_Op] = field(default_factory=list)
    _staged: dict[tuple[str, str, int], dict[str, Any] | None] = field(default_factory=dict)

    def put(self, partition: str, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Stage the whole new version of one document."""
        _check_name(partition)
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


_MISSING = object()  # no document under that id (before a write)

# How long a read on the event loop may wait for a writer to finish.
INLINE_WAIT = 0.005


class WouldBlock(Exception):
    """A read run by ``Store.run_inline`` needed to wait (for the lock or the disk),
    or tried to write."""


def _check_name(partition: str) -> None:
    parts = partition.split("/")
    if not partition or any(not p or p in (".", "..") or p.startswith(".") for p in parts):
        raise ValueError(f"bad partition name {partition!r}")


class Store:
    """Partitions in a folder, one journal, one writer lock.

    Thread-safe: every public method takes the same re-entrant lock, so the
    bot's handlers may call it from worker threads (``asyncio.to_thread``).
    Writers also take ``commit_lock``, first, and hold it until their write is
    on disk: a writer may then wait for the disk (``transaction(sync=False)``
    and ``sync``) without holding ``lock``, and readers go on meanwhile; they
    may see a change some hundred microseconds before it is durable, never a
    half-applied one. Nobody takes ``commit_lock`` while holding ``lock``.

    Several writes may share one fsync (``batch``: a group commit): each is
    applied and journalled in turn, the disk is waited for once at the end, and
    nobody is told any of them is saved before that.

    Memory stays bounded as history grows: partitions are loaded when first
    used and, once checkpointed, the least recently used ones are dropped
    from memory when more than ``max_loaded_docs`` documents are loaded (a
    street's old years are read again from disk if someone asks for them).
    ``pinned`` partitions (the repository pins each area's current ones) stay
    in memory and are not counted against that budget.

    ``readonly=True`` opens a consistent snapshot for a reader running beside
    the writer (the site builder): it takes no writer lock, reads every
    partition and the journal while holding the checkpoint lock, and refuses
    to write.
    """

    def __init__(self, root: str | Path, *, checkpoint_every: int = 10_000,
                 readonly: bool = False, max_loaded_docs: int = 20_000) -> None:
        self.root = Path(root)
        self.checkpoint_every = checkpoint_every
        self.readonly = readonly
        self.max_loaded_docs = max_loaded_docs
        self.lock = threading.RLock()
        self.commit_lock = threading.RLock()  # one write at a time, until it is on disk
        # Writes applied in memory, their journal lines not yet fsync'ed: (offset, undo)
        self._unsynced: list[tuple[int, list[tuple[Any, ...]]]] = []
        # A batch (``batch``): the thread making it, and what to undo besides the
        # documents (the repository's indexes) if its fsync fails, oldest first.
        self._batch_by: int | None = None
        self._batch_failed: BaseException | None = None
        self._on_failed_sync: list[Callable[[], None]] = []
        self._local = threading.local()  # .inline: see ``run_inline``
        self._dbs: OrderedDict[str, TinyDB] = OrderedDict()
        self._counts: dict[str, int] = {}  # documents per loaded partition
        self.pinned: set[str] = set()  # partitions kept in memory (hot on every update)
        self._known: set[str] = set()
        self._journal = Journal(self.root)
        self._closed = False
        if not self.root.is_dir():
            raise StoreError(f"{self.root}: no data folder here; create one with "
                             f"`steward init --config FILE`", code="missing", path=str(self.root))
        self.meta = self._read_meta()
        # Read-only: what each partition file and the journal were when read, so
        # that ``refresh`` reads again only what the writer has changed since.
        self._stamps: dict[str, tuple[int, int, int]] = {}
        self._journal_id: tuple[int, int] | None = None
        if readonly:
            self._writer = None
            with checkpoint_lock(self.root):
                self._scan()
                for name in sorted(self._known):
                    self._db(name)
                self._journal_id = _file_id(self._journal.path)
                self._replay()
            if int(self.meta["schema"]) < SCHEMA_VERSION:
                raise StoreError(f"{self.root}: needs a schema upgrade; open it for writing "
                                 f"first (e.g. `steward verify`)", code="schema",
                                 path=str(self.root))
            return
        self._writer = _flock(self.root / WRITER_LOCK, blocking=False)
        try:
            self._open()
        except BaseException:
            self._writer.close()
            raise

    def _open(self) -> None:
        self._scan()
        self._replay()
        self._migrate()

    # -- opening -----------------------------------------------------------

    @classmethod
    def create(cls, root: str | Path, **kwargs: Any) -> Store:
        """Make a new empty store in ``root`` (which must be empty or absent)."""
        root = Path(root)
        if root.exists() and any(root.iterdir()):
            raise StoreError(f"{root}: folder is not empty; choose a new data folder",
                             code="exists", path=str(root))
        atomic_write_bytes(root / META_NAME,
                           dumps_canonical({"schema": SCHEMA_VERSION}).encode())
        return cls(root, **kwargs)

    def _read_meta(self) -> dict[str, Any]:
        path = self.root / META_NAME
        if not path.exists():
            raise StoreError(f"{path}: missing; this is not a Steward data folder",
                             code="missing", path=str(path))
        try:
            meta = json.loads(path.read_text("utf-8"))
            schema = int(meta["schema"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{path}: damaged ({exc}); restore from a backup",
                             code="corrupt", path=str(path)) from exc
        if schema > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema {schema} is newer than this Steward "
                             f"({SCHEMA_VERSION}); upgrade Steward", code="schema",
                             path=str(path))
        return meta

    def _scan(self) -> None:
        for path in self.root.rglob("*.json"):
            rel = path.relative_to(self.root).as_posix()
            if rel == META_NAME or any(p.startswith(".") for p in rel.split("/")):
                continue
            self._known.add(rel[: -len(".json")])

    def _replay(self, start: int = 0) -> set[str]:
        touched: set[str] = set()
        for record in self._journal.read(truncate=not self.readonly, start=start):
            self._apply(record["ops"])
            touched.update(op[0] for op in record["ops"])
        return touched

    def refresh(self) -> set[str]:
        """Catch a read-only snapshot up with the writer; the names of the partitions
        that changed (empty: nothing did).

        Under the checkpoint lock: partition files the writer rewrote since they
        were read are read again; then the journal is read on from where this
        reader stopped or, if a checkpoint emptied it (a new file), from the
        start. Appends cost only their own bytes, so a long-lived reader (the
        incremental site builder) follows the bot cheaply.
        """
        if not self.readonly:
            raise StoreError("refresh is for a read-only snapshot", code="not_read_only")
        with self.lock, checkpoint_lock(self.root):
            try:
                return self._refresh()
            except BaseException:
                # Half caught up: forget what was read, so that the next refresh
                # reads every partition and the whole journal again.
                self._stamps.clear()
                self._journal_id = None
                raise

    def _refresh(self) -> set[str]:
        changed: set[str] = set()
        self._known.clear()
        self._scan()
        for name in sorted(self._known):
            if self._stamps.get(name) != _stamp(self.root / f"{name}.json"):
                self._dbs.pop(name, None)
                self._db(name)
                changed.add(name)
        journal_id = _file_id(self._journal.path)
        start = self._journal.end
        size = _stamp(self._journal.path)[1]
        if changed or journal_id != self._journal_id or size < start:
            # A checkpoint happened: the rewritten partitions hold what the
            # old journal said; the new journal holds everything since.
            start = 0
        self._journal_id = journal_id
        changed |= self._replay(start)
        return changed

    def _migrate(self) -> None:
        schema = int(self.meta["schema"])
        while schema < SCHEMA_VERSION:
            MIGRATIONS[schema](self)
            schema += 1
            self.meta["schema"] = schema
            self.checkpoint()
            atomic_write_bytes(self.root / META_NAME, dumps_canonical(self.meta).encode())

    # -- partitions --------------------------------------------------------

    def run_inline(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Let an event loop read here, without a worker thread, what needs no waiting.

        Raises ``WouldBlock`` if another thread holds the lock for more than
        ``INLINE_WAIT`` seconds (a write is normally done within a millisecond;
        a checkpoint takes longer), and from inside ``fn`` if a partition would
        have to be read from disk or anything written: the caller then runs the
        same read in a worker thread. Reads change nothing but caches, so
        running one again is safe.
        """
        if not self.lock.acquire(timeout=INLINE_WAIT):
            raise WouldBlock
        local = self._local
        local.inline = True
        try:
            return fn(*args, **kwargs)
        finally:
            local.inline = False
            self.lock.release()

    def _db(self, partition: str) -> TinyDB:
        db = self._dbs.get(partition)
        if db is not None:
            self._dbs.move_to_end(partition)
            return db
        if getattr(self._local, "inline", False) and partition in self._known:
            raise WouldBlock(partition)
        path = self.root / f"{partition}.json"
        if self.readonly and partition in self._known:
            self._stamps[partition] = _stamp(path)
        data = read_partition_file(path) if partition in self._known else {}
        db = open_tinydb(data)
        self._dbs[partition] = db
        self._counts[partition] = sum(len(t) for t in data.values())
        self._evict()
        return db

    def _evict(self) -> None:
        """Drop the least recently used checkpointed partitions beyond the budget
        (pinned partitions stay, and do not count against it)."""
        if self.readonly:
            return
        total = sum(n for name, n in self._counts.items() if name not in self.pinned)
        if total <= self.max_loaded_docs:
            return
        newest = next(reversed(self._dbs))
        for name in list(self._dbs):
            if total <= self.max_loaded_docs:
                break
            if name == newest or name in self.pinned or \
                    self._dbs[name].storage.dirty:  # type: ignore[attr-defined]
                continue
            del self._dbs[name]
            total -= self._counts.pop(name, 0)

    def loaded_docs(self) -> int:
        """How many documents are in memory now (for benchmarks and tests)."""
        with self.lock:
            return sum(self._counts.values())

    def partitions(self, prefix: str = "") -> list[str]:
        """Names of partitions starting with ``prefix``, sorted."""
        with self.lock:
            names = self._known | set(self._dbs)
            return sorted(n for n in names if n.startswith(prefix))

    def load_all(self) -> None:
        """Read every partition now, so that damage is found at start-up, not mid-use."""
        with self.lock:
            for name in self.partitions():
                self._db(name)

    def _table(self, partition: str, table: str) -> Table:
        return self._db(partition).table(table)

    # -- reading -----------------------------------------------------------

    def get(self, partition: str, table: str, doc_id: int) -> dict[str, Any] | None:
        """One document, deep-copied: the caller may change it freely."""
        with self.lock:
            if partition not in self._known and partition not in self._dbs:
                return None
            doc = self._table(partition, table).get(doc_id=int(doc_id))
            return _copy_json(dict(doc)) if doc is not None else None  # type: ignore[arg-type]

    def all(self, partition: str, table: str) -> list[dict[str, Any]]:
        """Every document of one table, by id, with ``doc_id`` set.

        Shallow copies, for reading: nested values are shared with the store
        and must not be changed (use ``get`` to edit).
        """
        with self.lock:
            if partition not in self._known and partition not in self._dbs:
                return []
            raw = (self._db(partition).storage.read() or {}).get(table, {})
            return [dict(doc, doc_id=int(k)) for k, doc in sorted(raw.items(), key=_id_key)]

    def some(self, partition: str, table: str, doc_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The documents with these ids (those that exist), by id; shallow copies as
        ``all`` gives."""
        with self.lock:
            if partition not in self._known and partition not in self._dbs:
                return []
            raw = (self._db(partition).storage.read() or {}).get(table, {})
            out = []
            for doc_id in sorted(set(doc_ids)):
                doc = raw.get(str(doc_id))
                if doc is not None:
                    out.append(dict(doc, doc_id=int(doc_id)))
            return out

    def search(self, partition: str, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Documents whose fields equal the given values, by id."""
        with self.lock:
            if partition not in self._known and partition not in self._dbs:
                return []
            cond = Query().noop()
            for key, value in equals.items():
                cond &= Query()[key] == value
            docs = self._table(partition, table).search(cond)
            return sorted((dict(d, doc_id=d.doc_id) for d in docs), key=lambda d: d["doc_id"])

    # -- writing -----------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold ``commit_lock``: one write at a time, from its first read to its
        fsync. Refused (``WouldBlock``) inside ``run_inline``, which holds ``lock``:
        taking ``commit_lock`` after it could deadlock with a writer waiting for it."""
        if getattr(self._local, "inline", False):
            raise WouldBlock("write")
        with self.commit_lock:
            yield

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
            try:
                yield
            finally:
                self._batch_by = None
                try:
                    self._sync_pending()
                finally:
                    self._on_failed_sync = []
            if self._batch_failed is not None:
                # An fsync inside the batch (a checkpoint) failed and undid its
                # earlier writes too: none of the batch may be reported saved.
                raise self._batch_failed
            if self.checkpoint_due and not self.readonly:
                self._checkpoint_quietly()

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
        return self._journal.records >= self.checkpoint_every

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
            record = {"ops": [[op.partition, op.table, op.doc_id, op.doc] for op in tx.ops]}
            try:
                body = dumps_canonical(record)
            except (TypeError, ValueError) as exc:
                raise StoreError(f"cannot store this value: {exc}", code="not_json") from exc
            pos = self._journal.write_body(body)  # raises and changes nothing
            # Apply what the journal holds, decoded afresh: memory then equals what a
            # replay would give, and shares no objects with the caller.
            self._unsynced.append((pos, self._apply(json.loads(body)["ops"])))
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
                self._checkpoint_quietly()

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
                    self._undo(undo)
                undos, self._on_failed_sync = self._on_failed_sync, []
                for undo_indexes in reversed(undos):
                    undo_indexes()
            raise

    def _checkpoint_quietly(self) -> None:
        try:
            self.checkpoint()
        except StoreError as exc:
            # The write is committed (it is in the journal, and in memory):
            # the caller must not be told it failed. The checkpoint is tried
            # again on the next commit, and on close.
            log.warning("checkpoint failed, will retry: %s", exc)

    def _apply(self, ops: list[list[Any]]) -> list[tuple[Any, ...]]:
        """Put the journalled documents into the partitions' in-memory tables; what
        ``_undo`` needs to take them out again.

        This writes the storage dict directly instead of through ``Table.insert``
        / ``update``: TinyDB rebuilds the whole table dict on each of those,
        which makes one write cost the size of its partition. The layout is
        TinyDB's own (``{table: {"<doc_id>": doc}}``) and the table's caches are
        cleared, so TinyDB reads and queries see exactly what it would have
        written.
        """
        undo: list[tuple[Any, ...]] = []
        touched: set[tuple[str, str]] = set()
        for partition, table, doc_id, doc in ops:
            new = partition not in self._dbs and partition not in self._known
            storage, raw = self._raw(partition, table)
            key = str(doc_id)
            old = raw.get(key, _MISSING)
            undo.append((partition, table, key, old, storage.dirty, new))  # type: ignore[attr-defined]
            if doc is None:
                if raw.pop(key, None) is not None:
                    self._counts[partition] -= 1
            else:
                if old is _MISSING:
                    self._counts[partition] += 1
                raw[key] = doc
            storage.dirty = True  # type: ignore[attr-defined]
            touched.add((partition, table))
        self._clear_caches(touched)
        return undo

    def _undo(self, undo: list[tuple[Any, ...]]) -> None:
        """Take back what ``_apply`` did (its journal line never reached the disk)."""
        touched: set[tuple[str, str]] = set()
        for partition, table, key, old, dirty, new in reversed(undo):
            if new:  # the write made this partition: it goes with the write
                self._dbs.pop(partition, None)
                self._counts.pop(partition, None)
                continue
            storage, raw = self._raw(partition, table)
            had = raw.pop(key, _MISSING) is not _MISSING
            if old is not _MISSING:
                raw[key] = old
            self._counts[partition] += (old is not _MISSING) - had
            storage.dirty = dirty  # type: ignore[attr-defined]
            touched.add((partition, table))
        self._clear_caches(touched)

    def _raw(self, partition: str, table: str) -> tuple[Any, dict[str, Any]]:
        """A partition's storage, and one of its tables as TinyDB keeps it in memory."""
        storage = self._db(partition).storage
        data = storage.read()
        assert data is not None  # a partition's storage always holds its dict
        return storage, data.setdefault(table, {})

    def _clear_caches(self, touched: set[tuple[str, str]]) -> None:
        for partition, table in touched:
            if partition in self._dbs:
                t = self._table(partition, table)
                t.clear_cache()
                t._next_id = None  # TinyDB recomputes it from the documents when needed

    def checkpoint(self) -> None:
        """Write dirty partitions atomically, then empty the journal."""
        if self.readonly:
            raise StoreError("this store was opened read-only", code="read_only")
        with self.writing(), self.lock, checkpoint_lock(self.root):
            self.sync()  # a partition file must not get ahead of the journal
            for name, db in self._dbs.items():
                storage = db.storage
                if storage.dirty:  # type: ignore[attr-defined]
                    data = dumps_canonical(storage.read()).encode("utf-8")
                    atomic_write_bytes(self.root / f"{name}.json", data)
                    storage.dirty = False  # type: ignore[attr-defined]
                    self._known.add(name)
            self._journal.reset()
            self._evict()

    def abandon(self) -> None:
        """Let go of the folder without writing anything: after an open that found
        damage, so that an operator (or ``steward restore``) can use it at once."""
        with self.lock:
            if self._closed:
                return
            self._journal.close()
            self._closed = True
            if self._writer is not None:
                self._writer.close()

    def close(self) -> None:
        with self.writing(), self.lock:
            if self._closed:
                return
            if self.readonly:
                self._closed = True
                return
            try:
                self.checkpoint()
            finally:
                self._journal.close()
                self._closed = True
                if self._writer is not None:
                    self._writer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _copy_json(value: Any) -> Any:
    """A deep copy of a JSON value (dicts, lists, and immutable scalars), several
    times faster than ``copy.deepcopy``, which must handle any object."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


def _stamp(path: Path) -> tuple[int, int, int]:
    """What tells a rewritten file from the one read before (atomic writes make a
    new inode; size and time are checked too)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def _id_key(item: tuple[str, Any]) -> int:
    return int(item[0])
