"""The partitions of a data folder as the store holds them in memory: which
exist, which are loaded, reading their documents, and applying (or taking
back) a journalled write.

A partition is one JSON file (``areas/<area>/entries-2025.json``), named by
its path without ``.json``, read into a TinyDB database (``db.tinydb_adapter``).
Memory stays bounded as history grows: partitions are loaded when first used
and, once checkpointed, the least recently used ones are dropped when more
than ``max_loaded_docs`` documents are loaded (a street's old years are read
again from disk if someone asks for them). ``pinned`` partitions (the
repository pins each area's current ones) stay in memory and are not counted
against that budget.

Nothing here locks: ``db.store.Store`` holds its lock around every call.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from .errors import StoreError
from .held import HeldFiles
from .manifest import Manifest
from .storage import partition_bytes, read_partition_file
from .tinydb_adapter import open_partition, raw_table, storage_of, tables_changed

__all__ = ["Partitions", "WouldBlock", "check_name", "stamp", "META_NAME", "MISSING",
           "is_dirty"]

META_NAME = "meta.json"
# Files of the folder that are not partitions (``meta.json``, ``manifest.json``).
RESERVED = ("meta", "manifest")

_MISSING = object()  # no document under that id (before a write)
MISSING = _MISSING


class WouldBlock(Exception):
    """A read run by ``Store.run_inline`` needed to wait (for the lock or the disk),
    or tried to write."""


def check_name(partition: str) -> None:
    parts = partition.split("/")
    if not partition or any(not p or p in (".", "..") or p.startswith(".") for p in parts) \
            or partition in RESERVED:
        raise ValueError(f"bad partition name {partition!r}")


class Partitions:
    """The partitions of one data folder: those on disk (``known``) and those in
    memory, least recently used first."""

    def __init__(self, root: Path, *, readonly: bool, max_loaded_docs: int,
                 local: threading.local) -> None:
        self.root = root
        self.readonly = readonly
        self.max_loaded_docs = max_loaded_docs
        self._local = local  # .inline: reading from an event loop (Store.run_inline)
        self._dbs: OrderedDict[str, TinyDB] = OrderedDict()
        self._counts: dict[str, int] = {}  # documents per loaded partition
        self.pinned: set[str] = set()  # kept in memory (hot on every update)
        self.known: set[str] = set()  # those with a file
        # Read-only: the partition files as the snapshot took them, held open and
        # read when asked for (``db.held``); a refresh takes again only the files
        # the writer has rewritten since (all of them after ``refresh_all``).
        self.held: HeldFiles | None = HeldFiles(root) if readonly else None
        self.refresh_all = False
        self.damaged: set[str] = set()  # read-only: found damaged; kept, never read again
        # Read-only: what the journal changed (partition -> table -> id -> the document
        # now, None: deleted), laid over a partition's file each time it is read, so
        # that a partition the journal changed may be let go like any other. Its size
        # is the journal's since the last checkpoint, not the partitions it touched.
        self.overlay: dict[str, dict[str, dict[str, Any]]] = {}
        # Read-only: a partition whose reading again at a refresh failed (its new file
        # damaged or unreadable): its documents as held before, for the next refresh's
        # ``reload`` to tell what changed (the file held before is let go by then).
        self.cut_short: dict[str, dict[str, dict[str, Any]]] = {}
        # Taken by a checkpoint (``snapshot_dirty``), their files not yet written:
        # kept in memory like dirty ones until ``written``.
        self.unwritten: set[str] = set()
        self.read_once: set[str] = set()  # read from their files since the folder was opened
        self.manifest: Manifest | None = None  # what each file must hold (set by the store)
        # Damage found, when the store collects it rather than refusing at once.
        self.problems: list[StoreError] | None = None
        # How many times each partition was changed in memory (written, a write undone,
        # read again) since the folder was opened: a scan made without the commit lock
        # reads again, under it, only the partitions whose count moved meanwhile.
        self.generation: dict[str, int] = {}

    def scan(self) -> None:
        """Find the partition files in the folder."""
        # os.walk, not Path.rglob: a street of ten years has some thousand partition
        # files, and rglob makes a Path of every one (twice the time at every open).
        root = str(self.root)
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            base = os.path.relpath(folder, root).replace(os.sep, "/")
            prefix = "" if base == "." else f"{base}/"
            for name in names:
                if name.endswith(".json") and not name.startswith("."):
                    rel = prefix + name[: -len(".json")]
                    if rel not in RESERVED:
                        self.known.add(rel)

    def exists(self, partition: str) -> bool:
        # (read-only, one the journal made has no file yet, and may have been let go)
        return partition in self.known or partition in self._dbs or partition in self.overlay

    def names(self, prefix: str = "") -> list[str]:
        """Names of partitions starting with ``prefix``, sorted."""
        return sorted(n for n in self.known | set(self._dbs) | set(self.overlay)
                      if n.startswith(prefix))

    def loaded(self) -> list[str]:
        """The partitions in memory, least recently used first."""
        return list(self._dbs)

    def loaded_docs(self) -> int:
        return sum(self._counts.values())

    # -- loading -----------------------------------------------------------

    def db(self, partition: str) -> TinyDB:
        db = self._dbs.get(partition)
        if db is not None:
            self._dbs.move_to_end(partition)
            return db
        if getattr(self._local, "inline", False) and partition in self.known:
            raise WouldBlock(partition)
        data = self._overlaid(partition,
                              self._read(partition) if partition in self.known else {})
        self.read_once.add(partition)
        db = open_partition(data)
        self._dbs[partition] = db
        self._counts[partition] = sum(len(t) for t in data.values())
        self.evict()
        return db

    def read_unkept(self, partition: str) -> dict[str, dict[str, Any]]:
        """A partition's tables read from its file (checked), not kept in memory (read-only:
        with what the journal changed in it)."""
        self.read_once.add(partition)
        return self._overlaid(partition, self._read(partition))

    def hold(self, names: list[str]) -> None:
        """Read-only, holding the checkpoint lock: take these partitions' files as
        they are now (``db.held``), to be read when asked for."""
        assert self.held is not None
        self.held.hold(names, self.manifest)

    def taken_again(self) -> list[str]:
        """Read-only, holding the checkpoint lock: the partitions whose files are not
        those the snapshot holds (rewritten by a checkpoint, or new)."""
        assert self.held is not None
        return [name for name in sorted(self.known)
                if self.refresh_all or self.held.stamp(name) != stamp(self.root / f"{name}.json")]

    def raw(self, partition: str) -> tuple[bytes, StoreError | None]:
        """A partition file's bytes (read-only: as the snapshot took it) and what is
        wrong with them (not what the manifest says was saved); OSError if it cannot
        be read."""
        if self.held is not None:
            raw, manifest = self.held.read(partition), self.held.manifest(partition)
        else:
            raw, manifest = (self.root / f"{partition}.json").read_bytes(), self.manifest
        return raw, manifest.check_content(partition, raw) if manifest else None

    def _read(self, partition: str) -> dict[str, dict[str, Any]]:
        """A partition's file, checked against the manifest: damage raises StoreError
        naming the file, or, when the store collects problems (``steward verify``),
        is noted and what can be read is used."""
        path = self.root / f"{partition}.json"
        try:
            raw, problem = self.raw(partition)
        except OSError as exc:
            return self._damaged(partition, StoreError(
                f"{path}: cannot be read: {exc.strerror or exc}", code="unreadable",
                path=str(path)))
        if problem is not None:
            self._damaged(partition, problem)
        try:
            return read_partition_file(path, raw)
        except StoreError as exc:
            if problem is not None:  # said already
                return {}
            return self._damaged(partition, exc)

    def _overlaid(self, partition: str, data: dict[str, dict[str, Any]]
                  ) -> dict[str, dict[str, Any]]:
        """``data`` (a partition's file, just read) with the journal's changes to it."""
        for table, docs in self.overlay.get(partition, {}).items():
            raw = data.setdefault(table, {})
            for key, doc in docs.items():
                if doc is None:
                    raw.pop(key, None)
                else:
                    raw[key] = doc
        return data

    def _damaged(self, partition: str, problem: StoreError) -> dict[str, dict[str, Any]]:
        if self.problems is None:
            raise problem
        self.problems.append(problem)
        self.damaged.add(partition)  # said once: kept as read, not read again
        return {}

    def close(self) -> None:
        """Let go of the files a read-only snapshot holds."""
        if self.held is not None:
            self.held.close()

    def reload(self, partition: str) -> list[tuple[str, str, Any]]:
        """Read a partition again from its file (a read-only snapshot catching up);
        the documents that differ from those held before: (table, id, old document
        or ``MISSING``)."""
        old = self._dbs.pop(partition, None)
        self._counts.pop(partition, None)
        self.damaged.discard(partition)
        self.generation[partition] = self.generation.get(partition, 0) + 1
        if partition in self.cut_short:
            before = self.cut_short.pop(partition)  # as held before the refresh that failed
        elif old is not None:
            before = storage_of(old).read()
        else:
            before = {}
            if self.held is not None and partition in self.held:
                try:
                    before = self._read(partition)  # as the snapshot took it, not in memory
                except StoreError:
                    pass  # a refresh cut short by this damage: taken as new
            before = self._overlaid(partition, before)
        # Taken again only after a checkpoint, whose file holds what the journal said
        # (the new journal is then read from its start).
        self.overlay.pop(partition, None)
        if self.held is not None:
            self.held.hold([partition], self.manifest)
        try:
            after = storage_of(self.db(partition)).read()
        except BaseException:
            self.cut_short[partition] = before
            raise
        changed = []
        for table in set(before) | set(after):
            was, now = before.get(table, {}), after.get(table, {})
            for key in set(was) | set(now):
                if was.get(key, _MISSING) != now.get(key, _MISSING):
                    changed.append((table, key, was.get(key, _MISSING)))
        return changed

    def evict(self, budget: int | None = None) -> None:
        """Drop the least recently used checkpointed partitions beyond the budget
        (``max_loaded_docs``; pinned partitions stay, and do not count against it).
        ``budget=0``: drop every one that may go, the one just used too.

        Read-only, what the journal changed may go too: a partition let go is read
        again from the file the snapshot holds (``db.held``), with the journal's
        changes laid over it (``overlay``)."""
        limit = self.max_loaded_docs if budget is None else budget
        kept = self.pinned | self.damaged
        total = sum(n for name, n in self._counts.items() if name not in kept)
        if total <= limit and budget != 0:
            return
        newest = next(reversed(self._dbs)) if budget != 0 else None
        for name in list(self._dbs):
            if total <= limit and budget != 0:
                break
            if (name == newest or name in kept or name in self.unwritten
                    or (storage_of(self._dbs[name]).dirty and not self.readonly)):
                continue
            del self._dbs[name]
            total -= self._counts.pop(name, 0)

    # -- reading -----------------------------------------------------------

    def get(self, partition: str, table: str, doc_id: int) -> dict[str, Any] | None:
        """One document, deep-copied: the caller may change it freely."""
        if not self.exists(partition):
            return None
        doc = self.db(partition).table(table).get(doc_id=int(doc_id))
        return _copy_json(dict(doc)) if doc is not None else None  # type: ignore[arg-type]

    def all(self, partition: str, table: str) -> list[dict[str, Any]]:
        """Every document of one table, by id, with ``doc_id`` set; shallow copies
        (nested values are shared with the store and must not be changed)."""
        if not self.exists(partition):
            return []
        raw = storage_of(self.db(partition)).read().get(table, {})
        return [dict(doc, doc_id=int(k)) for k, doc in sorted(raw.items(), key=_id_key)]

    def documents(self, partition: str, table: str) -> list[dict[str, Any]]:
        """Every document of one table, by id, not copied (and without ``doc_id``):
        for a cache that only reads them. A write puts a new document in place of the
        old one, never changes one, so a document read here stays as it was."""
        if not self.exists(partition):
            return []
        raw = storage_of(self.db(partition)).read().get(table, {})
        return [doc for _, doc in sorted(raw.items(), key=_id_key)]

    def digest(self, partition: str) -> str:
        """The sha256 of the file a checkpoint would write of a partition's documents
        as they are in memory (``partition_bytes``; read from its file first if need
        be): what the manifest will list once it is written. ``""`` if it does not
        exist."""
        if not self.exists(partition):
            return ""
        return hashlib.sha256(partition_bytes(storage_of(self.db(partition)).read())).hexdigest()

    def some(self, partition: str, table: str, doc_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The documents with these ids (those that exist), by id; shallow copies."""
        if not self.exists(partition):
            return []
        raw = storage_of(self.db(partition)).read().get(table, {})
        out = []
        for doc_id in sorted(set(doc_ids)):
            doc = raw.get(str(doc_id))
            if doc is not None:
                out.append(dict(doc, doc_id=int(doc_id)))
        return out

    def search(self, partition: str, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Documents whose fields equal the given values, by id."""
        if not self.exists(partition):
            return []
        cond = Query().noop()
        for key, value in equals.items():
            cond &= Query()[key] == value
        docs = self.db(partition).table(table).search(cond)
        return sorted((dict(d, doc_id=d.doc_id) for d in docs), key=lambda d: d["doc_id"])

    # -- writing -----------------------------------------------------------

    def apply(self, ops: list[list[Any]]) -> list[tuple[Any, ...]]:
        """Put journalled documents (``[partition, table, doc_id, doc or None]``)
        into the in-memory tables; what ``undo`` needs to take them out again.

        Straight into the storage's dict, not through TinyDB's ``insert`` /
        ``update``, which copy the whole table on every call (see
        ``db.tinydb_adapter``)."""
        undo: list[tuple[Any, ...]] = []
        touched: dict[str, set[str]] = {}
        for partition, table, doc_id, doc in ops:
            # True: the write makes the partition; "table": it makes the table (an
            # undo takes it away again, or the writer's partition would hold an empty
            # table its readers' lack, and a different ``digest``).
            new: bool | str = not self.exists(partition)
            storage = storage_of(self.db(partition))
            if not new and table not in storage.read():
                new = "table"
            raw = raw_table(storage, table)
            key = str(doc_id)
            old = raw.get(key, _MISSING)
            undo.append((partition, table, key, old, storage.dirty, new))
            if self.readonly:
                self.overlay.setdefault(partition, {}).setdefault(table, {})[key] = doc
            if doc is None:
                if raw.pop(key, None) is not None:
                    self._counts[partition] -= 1
            else:
                if old is _MISSING:
                    self._counts[partition] += 1
                raw[key] = doc
            storage.dirty = True
            touched.setdefault(partition, set()).add(table)
        self._changed(touched)
        return undo

    def undo(self, undo: list[tuple[Any, ...]]) -> None:
        """Take back what ``apply`` did (its journal line never reached the disk)."""
        touched: dict[str, set[str]] = {}
        for partition, table, key, old, dirty, new in reversed(undo):
            if new is True:  # the write made this partition: it goes with the write
                self._dbs.pop(partition, None)
                self._counts.pop(partition, None)
                continue
            storage = storage_of(self.db(partition))
            raw = raw_table(storage, table)
            had = raw.pop(key, _MISSING) is not _MISSING
            if old is not _MISSING:
                raw[key] = old
            self._counts[partition] += (old is not _MISSING) - had
            if new == "table" and not raw:
                del storage.read()[table]
            storage.dirty = dirty
            touched.setdefault(partition, set()).add(table)
        self._changed(touched)

    def _changed(self, touched: dict[str, set[str]]) -> None:
        for partition, tables in touched.items():
            self.generation[partition] = self.generation.get(partition, 0) + 1
            db = self._dbs.get(partition)
            if db is not None:
                tables_changed(db, tables)

    def snapshot_dirty(self) -> dict[str, dict[str, dict[str, Any]]]:
        """What a checkpoint writes: each dirty partition's tables, copied one level
        deep (documents are replaced by a write, never changed in place, so this is
        a snapshot); they count as clean from now on, and stay in memory until
        ``written`` (or ``unwritten_again`` if writing them failed)."""
        snapshot = {}
        for name, db in self._dbs.items():
            storage = storage_of(db)
            if storage.dirty:
                snapshot[name] = {table: dict(docs) for table, docs in storage.read().items()}
                storage.dirty = False
                self.unwritten.add(name)
        return snapshot

    def written(self, names: Iterable[str]) -> None:
        """The files of these partitions are on disk (a checkpoint's snapshot)."""
        for name in names:
            self.known.add(name)
            self.unwritten.discard(name)

    def unwritten_again(self, names: Iterable[str]) -> None:
        """Writing a snapshot failed: these partitions are dirty again (the next
        checkpoint writes them; their records are still in a journal)."""
        for name in names:
            self.unwritten.discard(name)
            db = self._dbs.get(name)
            if db is not None:
                storage_of(db).dirty = True


def is_dirty(parts: Partitions, partition: str) -> bool:
    """Whether a loaded partition holds writes its file does not."""
    db = parts._dbs.get(partition)
    return db is not None and (storage_of(db).dirty or partition in parts.unwritten)


def _copy_json(value: Any) -> Any:
    """A deep copy of a JSON value (dicts, lists, and immutable scalars), several
    times faster than ``copy.deepcopy``, which must handle any object."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_json(v) for v in value]
    return value


def stamp(path: Path) -> tuple[int, int, int]:
    """What tells a rewritten file from the one read before (atomic writes make a
    new inode; size and time are checked too)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _id_key(item: tuple[str, Any]) -> int:
    return int(item[0])
