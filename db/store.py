"""The store: named partitions of documents in one data folder, written
through one journal by one writer at a time.

A partition is one JSON file (``areas/<area>/entries-2025.json``); its name
is the path without ``.json``. Callers never see files or TinyDB: they ask
for a table's documents, and change documents inside ``transaction()``.

This module opens a folder (a writer's, or a read-only snapshot that catches
up with the writer: ``db.snapshot``) and reads; the write path is
``db.transaction`` (``WritePath``, which ``Store`` inherits), what is in memory
``db.partitions``, the journal ``db.journal``, the files ``db.storage``, what they
must hold ``db.manifest`` and the checks of the files against it
``db.store_files`` (``FileChecks``, inherited too). Only the repository
(``db.core`` and its parts) uses the store.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .began_backfill import fill_home_began
from .errors import StoreError
from .held import HeldIndex
from .journal import Journal, old_journals
from .locks import checkpoint_lock, hold_writer_lock
from .manifest import Manifest, version_of
from .partitions import META_NAME, MISSING, Partitions, WouldBlock
from .snapshot import SnapshotPath
from .storage import atomic_write_bytes, dumps_canonical
from .store_files import FileChecks
from .transaction import Transaction, WritePath

__all__ = ["Store", "Transaction", "SCHEMA_VERSION", "MIGRATIONS", "WouldBlock", "MISSING"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2

# Migrations: MIGRATIONS[n] upgrades a store at schema n to n + 1, inside a
# transaction; version 1 is the first published layout.
MIGRATIONS: dict[int, Any] = {
    1: fill_home_began,  # households confirmed before their start was kept (db.began_backfill)
}

# How long a read on the event loop may wait for a writer to finish.
INLINE_WAIT = 0.005


class Store(WritePath, SnapshotPath, FileChecks):
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
    nobody is told any of them is saved before that (``db.transaction``).

    Memory stays bounded as history grows (see ``db.partitions``): ``pinned``
    partitions stay in memory, others are dropped beyond ``max_loaded_docs``.

    ``readonly=True`` opens a consistent snapshot for a reader running beside
    the writer (the site builder): it takes no writer lock and refuses to
    write. Holding the checkpoint lock, it opens every partition file (reading
    none: ``db.held``) and reads the journal; a partition is read from the file
    it holds when first asked for, and let go again beyond ``max_loaded_docs``
    (except what the journal changed); damage is found when a file is read
    (``check_checksums`` or ``load_all`` look at every file at once).
    """

    def __init__(self, root: str | Path, *, checkpoint_every: int = 10_000,
                 readonly: bool = False, max_loaded_docs: int = 20_000,
                 collect_problems: bool = False) -> None:
        super().__init__()  # the locks and the state of the write path
        self.root = Path(root)
        self.checkpoint_every = checkpoint_every
        self.readonly = readonly
        self.held_index: HeldIndex | None = None  # read-only: the saved indexes, held
        self._parts = Partitions(self.root, readonly=readonly, max_loaded_docs=max_loaded_docs,
                                 local=self._local)
        self.pinned = self._parts.pinned  # partitions kept in memory (hot on every update)
        self._journal = Journal(self.root)
        self._closed = False
        # ``collect_problems`` (``steward verify``): damage found is listed here and
        # what can be read is used, rather than refused at the first problem.
        self.problems: list[StoreError] | None = [] if collect_problems else None
        self._parts.problems = self.problems
        if not self.root.is_dir():
            raise StoreError(f"{self.root}: no data folder here; create one with "
                             f"`steward init --config FILE`", code="missing", path=str(self.root))
        self.meta = self._read_meta()
        self._manifest = Manifest(self.root, None)
        # The documents the journal (or, read-only, a refresh) changed since the
        # partition files were read: (partition, table, id) -> the document before
        # (``MISSING``: none), for the repository's indexes (``take_replayed``).
        self._replayed: dict[tuple[str, str, str], Any] = {}
        self.journal_touched: set[str] = set()  # the partitions the journal changed
        if readonly:
            self._writer = None
            self._take_snapshot()  # db.snapshot
            if int(self.meta["schema"]) < SCHEMA_VERSION:
                raise StoreError(f"{self.root}: needs a schema upgrade; open it for writing "
                                 f"first (e.g. `steward verify`)", code="schema",
                                 path=str(self.root))
            return
        self._writer = hold_writer_lock(self.root)
        try:
            self._check_files()
            self._replay()
            self._migrate()
            if self._manifest.files is None and not self.problems:
                self._adopt_manifest()
        except BaseException:
            self._writer.close()
            raise

    # -- opening -----------------------------------------------------------

    @classmethod
    def create(cls, root: str | Path, **kwargs: Any) -> Store:
        """Make a new empty store in ``root`` (which must be empty or absent)."""
        root = Path(root)
        if root.exists() and any(root.iterdir()):
            raise StoreError(f"{root}: folder is not empty; choose a new data folder",
                             code="exists", path=str(root))
        Journal(root).reset()
        Manifest(root, None).write_final({})
        atomic_write_bytes(root / META_NAME,
                           dumps_canonical({"schema": SCHEMA_VERSION, "manifest": 1}).encode())
        return cls(root, **kwargs)

    @property
    def has_manifest(self) -> bool:
        """Whether the folder's files are checked against a manifest (a folder made by
        an older Steward gets one when it is next opened for writing)."""
        return self._manifest.files is not None

    @property
    def max_loaded_docs(self) -> int:
        return self._parts.max_loaded_docs

    @max_loaded_docs.setter
    def max_loaded_docs(self, value: int) -> None:
        self._parts.max_loaded_docs = value

    def _read_meta(self) -> dict[str, Any]:
        path = self.root / META_NAME
        if not path.exists():
            raise StoreError(f"{path}: missing; this is not a Steward data folder",
                             code="missing", path=str(path))
        try:
            meta = json.loads(path.read_text("utf-8"))
            schema = int(meta["schema"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{path}: damaged ({exc}); bring back a backup with "
                             f"`steward restore`",
                             code="corrupt", path=str(path)) from exc
        if schema > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema {schema} is newer than this Steward "
                             f"({SCHEMA_VERSION}); upgrade Steward", code="schema",
                             path=str(path))
        return meta

    def _problem(self, problem: StoreError) -> None:
        """Damage found: refused, or listed when collecting problems."""
        if self.problems is None:
            raise problem
        self.problems.append(problem)

    def _check_files(self) -> None:
        """Read the manifest and find the partition files; any listed one missing or
        of a wrong size, or one not listed, is damage (hold the checkpoint lock, or
        the writer lock)."""
        try:
            self._manifest = Manifest.load(self.root, required=bool(self.meta.get("manifest")))
        except StoreError as exc:
            self._problem(exc)
        self._parts.manifest = self._manifest
        self._parts.scan()
        for problem in self._manifest.check_present(self._parts.known):
            self._problem(problem)

    def _replay(self, start: int = 0) -> set[str]:
        touched: set[str] = set()
        legacy = self._manifest.files is None
        # Read-only, the journal's writes are put in a partition at a time (in their
        # order within it: each names one document of one partition, so the result is
        # the same): a partition is read once, and may be let go before the next is
        # read (``Partitions.overlay``), so that a long journal over every area does
        # not hold every area's partitions at once.
        grouped: dict[str, list[list[Any]]] | None = {} if self.readonly else None

        def put(ops: list[list[Any]]) -> None:
            if grouped is None:
                self._noted(self._parts.apply(ops))
            else:
                for op in ops:
                    grouped.setdefault(op[0], []).append(op)
            touched.update(op[0] for op in ops)

        try:
            if not start:
                # Journals a checkpoint moved aside and was cut short before deleting
                # (they hold only synced records), oldest first.
                for number, path in old_journals(self.root):
                    old = Journal(self.root, path)
                    for record in old.read(truncate=False, legacy=legacy):
                        put(record["ops"])
                    self._journal.records += old.records
                    self._next_journal = max(self._next_journal, number + 1)
            # Read-only: only what the writer synced (``Journal.read``'s ``durable``).
            for record in self._journal.read(truncate=not self.readonly, start=start,
                                             legacy=legacy, durable=self.readonly):
                put(record["ops"])
        except StoreError as exc:
            if exc.code not in ("corrupt", "missing"):
                raise
            self._problem(exc)
        for ops in (grouped or {}).values():
            self._noted(self._parts.apply(ops))
        return touched

    def _noted(self, undo: list[tuple[Any, ...]]) -> None:
        for partition, table, key, old, _dirty, _new in undo:
            self._replayed.setdefault((partition, table, key), old)
            self.journal_touched.add(partition)

    def take_replayed(self) -> dict[tuple[str, str, str], Any]:
        """The documents changed since the partition files were read (by the journal
        replayed on opening, or by a refresh): (partition, table, id) -> the document
        before, or ``MISSING``; forgotten once taken."""
        with self.lock:
            found, self._replayed = self._replayed, {}
            return found

    def _adopt_manifest(self) -> None:
        """A data folder from before manifests: checkpoint it, then list every
        partition file as it is now (they were all read and found sound)."""
        log.info("%s: writing the data folder's manifest (its first)", self.root)
        self.checkpoint()
        with self.writing(), self.lock, checkpoint_lock(self.root):
            if not self._journal.framed:  # an empty journal without a header
                self._journal.reset()
            self._manifest.write_final({
                f"{name}.json": version_of((self.root / f"{name}.json").read_bytes())
                for name in sorted(self._parts.known)})
            self.meta["manifest"] = 1
            atomic_write_bytes(self.root / META_NAME, dumps_canonical(self.meta).encode())

    def _migrate(self) -> None:
        schema = int(self.meta["schema"])
        while schema < SCHEMA_VERSION:
            MIGRATIONS[schema](self)
            schema += 1
            self.meta["schema"] = schema
            self.checkpoint()
            atomic_write_bytes(self.root / META_NAME, dumps_canonical(self.meta).encode())

    # -- reading -----------------------------------------------------------

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

    def peek(self, partition: str, table: str,
             doc_ids: Iterable[int] | None) -> list[dict[str, Any]]:
        """Like ``some`` (``doc_ids`` None: ``all``), but a partition not in memory is
        read from its file (checked) and let go again, not kept: for a check that
        reads once what nobody needs afterwards."""
        with self.lock:
            parts = self._parts
            if partition in parts.loaded() or partition not in parts.known:
                if doc_ids is None:
                    return parts.all(partition, table)
                return parts.some(partition, table, doc_ids)
            data = parts.read_unkept(partition)
            docs = data.get(table, {})
            if doc_ids is None:
                doc_ids = [int(k) for k in docs]
            out = []
            for doc_id in sorted(set(doc_ids)):
                doc = docs.get(str(doc_id))
                if doc is not None:
                    out.append(dict(doc, doc_id=int(doc_id)))
            return out

    def loaded_docs(self) -> int:
        """How many documents are in memory now (for benchmarks and tests)."""
        with self.lock:
            return self._parts.loaded_docs()

    def loaded_partitions(self) -> list[str]:
        """The partitions in memory now, least recently used first (for tests)."""
        with self.lock:
            return self._parts.loaded()

    def let_go(self) -> None:
        """Drop from memory every partition that may go (``max_loaded_docs``'s rules:
        not pinned, nothing in it the file lacks): read again when next asked for. The
        site builder calls it after each area it collected."""
        with self.lock:
            self._parts.evict(budget=0)

    def partitions(self, prefix: str = "") -> list[str]:
        """Names of partitions starting with ``prefix``, sorted."""
        with self.lock:
            return self._parts.names(prefix)

    def load_all(self) -> None:
        """Read every partition now, so that damage is found at start-up, not mid-use
        (those read since the folder was opened, e.g. to build the indexes, are not
        read again). Those beyond ``max_loaded_docs`` are let go again, as they may
        be when used."""
        with self.lock:
            for name in self._parts.names():
                if name not in self._parts.read_once:
                    self._parts.db(name)

    def get(self, partition: str, table: str, doc_id: int) -> dict[str, Any] | None:
        """One document, deep-copied: the caller may change it freely."""
        with self.lock:
            return self._parts.get(partition, table, doc_id)

    def all(self, partition: str, table: str) -> list[dict[str, Any]]:
        """Every document of one table, by id, with ``doc_id`` set.

        Shallow copies, for reading: nested values are shared with the store
        and must not be changed (use ``get`` to edit).
        """
        with self.lock:
            return self._parts.all(partition, table)

    def documents(self, partition: str, table: str) -> list[dict[str, Any]]:
        """Every document of one table, by id, as the store holds them: not copied,
        without ``doc_id``. For a cache that keeps them to read (the people by role):
        never change one (``get`` gives a copy to edit); a write replaces a document."""
        with self.lock:
            return self._parts.documents(partition, table)

    def all_at(self, partition: str, table: str) -> tuple[list[dict[str, Any]], int]:
        """``all``, with the partition's generation read at the same time (how many
        times it was changed since the store was opened, see ``generation``)."""
        with self.lock:
            return self._parts.all(partition, table), self._parts.generation.get(partition, 0)

    def generation(self, partition: str) -> int:
        """How many times ``partition`` was changed since the store was opened: a scan
        made without ``writing`` reads again, in it, those whose generation moved."""
        with self.lock:
            return self._parts.generation.get(partition, 0)

    def some(self, partition: str, table: str, doc_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The documents with these ids (those that exist), by id; shallow copies as
        ``all`` gives."""
        with self.lock:
            return self._parts.some(partition, table, doc_ids)

    def search(self, partition: str, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Documents whose fields equal the given values, by id."""
        with self.lock:
            return self._parts.search(partition, table, **equals)

    def abandon(self) -> None:
        """Let go of the folder without writing anything: after an open that found
        damage, so that an operator (or ``steward restore``) can use it at once."""
        self._checkpoints.stop()
        with self.lock:
            if self._closed:
                return
            self._journal.close()
            self._parts.close()
            self._closed = True
            if self._writer is not None:
                self._writer.close()

    def close(self) -> None:
        self._checkpoints.stop()  # the one it is making is finished first
        with self.lock:
            if self._closed:
                return
            if self.readonly:
                self._parts.close()
                if self.held_index is not None:
                    self.held_index.close()
                self._closed = True
                return
        try:
            self.checkpoint()
        finally:
            with self.writing(), self.lock:
                self._journal.close()
                self._closed = True
                if self._writer is not None:
                    self._writer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

