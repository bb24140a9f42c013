"""Durable storage on disk: the write-ahead journal, the partition files, and
writing a file so that a crash leaves the old or the new one, whole.

Why not TinyDB's ``JSONStorage``: it rewrites the whole file in place on every
write, so a crash mid-write leaves a truncated file, and its cost grows with
the whole database (measured: 2.9 s per insert at 250k entries).

How a write is made durable here:

1. The changed documents of one transaction are appended to ``journal.log``
   as one line ``<crc32> <json>\\n``.
2. The documents are applied to the in-memory TinyDB tables of their
   partitions, which are marked dirty (remembering what they replaced).
3. The journal is fsync'ed. Once that returns, the write is committed: the
   caller may show the user a receipt. If it fails, the line is cut off and
   the in-memory change undone. Writers take turns from their first read to
   this fsync; a batch of writes (``Store.batch``, the bot's group commit) is
   fsync'ed once, and if that fails all its lines are cut off and undone.
4. Every ``checkpoint_every`` commits (and on close), dirty partitions are
   written atomically (temp file in the same folder, fsync, ``os.replace``,
   fsync the folder). Writes go on meanwhile: under the writer's lock the
   checkpoint only copies the dirty partitions' tables (their documents are
   never changed in place, so a shallow copy is a snapshot) and moves the
   journal aside (``journal-<n>.log``, ``Journal.rotate``); new writes go to a
   new ``journal.log`` while the copies are written, and once they are on
   disk the journals moved aside are deleted (``discard_old_journals``).

On open, partitions are read from their files and every complete journal
line is replayed: those moved aside first (a checkpoint cut short), oldest
first, then ``journal.log``. Replay is idempotent (each op carries the whole document),
so a crash during a checkpoint is harmless. A torn last line (crash during
the append, before the fsync returned) was never acknowledged and is cut off;
a bad line anywhere else means the file was damaged, and opening fails with
the file and line named.

A write costs one small append plus the in-memory update of one partition,
whatever the size of the street.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import StoreError

__all__ = [
    "Journal",
    "atomic_write_bytes",
    "fsync_dir",
    "read_partition_file",
    "dumps_canonical",
    "old_journals",
    "discard_old_journals",
    "write_partitions",
    "partition_bytes",
]

JOURNAL_NAME = "journal.log"
_OLD_JOURNAL = re.compile(r"journal-(\d+)\.log")


def dumps_canonical(obj: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` survive a power cut."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ensure_dir(path: Path) -> None:
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir()
        fsync_dir(d.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        _ensure_dir(path.parent)
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise StoreError(f"could not write {path}: {exc.strerror or exc}", code="write_failed",
                         path=str(path)) from exc


def read_partition_file(path: Path) -> dict[str, dict[str, Any]]:
    """Read one partition file; a damaged file raises StoreError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read: {exc.strerror or exc}",
                         code="unreadable", path=str(path)) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not valid JSON ({exc}); restore it from a backup "
                         f"with `steward restore`", code="corrupt", path=str(path)) from exc
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
        for t in data.values()
    ):
        raise StoreError(f"{path}: not a partition (expected tables of documents); "
                         f"restore it from a backup with `steward restore`",
                         code="corrupt", path=str(path))
    for table in data.values():
        for key in table:
            if not key.isdigit():
                raise StoreError(f"{path}: document id {key!r} is not a number",
                                 code="corrupt", path=str(path))
    return data


class Journal:
    """The append-only write-ahead journal of committed transactions."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.path = path or root / JOURNAL_NAME
        self._file: Any = None
        self.records = 0
        self.end = 0  # offset past the last record read
        # A new journal.log (``rotate``) whose name is not yet on disk for sure:
        # the next ``sync`` makes it so before any write in it counts as saved.
        self._new_name = False

    def read(self, *, truncate: bool = True, start: int = 0) -> Iterator[dict[str, Any]]:
        """Yield the committed records; cut off a torn tail (when ``truncate``: a
        read-only reader leaves the file to its writer); fail on damage elsewhere.

        ``start`` is a byte offset where a record begins (a reader catching up
        reads on from its ``end``); after the loop, ``end`` is the offset just
        past the last whole record.
        """
        self.end = start
        if not self.path.exists():
            return
        with open(self.path, "rb") as f:
            f.seek(start)
            raw = f.read()
        lines = raw.split(b"\n")
        # lines[-1] is what follows the last newline: b"" for a clean file.
        complete = lines[:-1]
        good_end = 0
        for lineno, line in enumerate(complete, start=1):
            record = self._decode(line)
            if record is None:
                if lineno == len(complete) and not lines[-1]:
                    # The last line failing its checksum can only be the append
                    # the crash cut: its fsync never returned, nobody saw a receipt.
                    break
                raise StoreError(f"{self.path}, line {lineno}: damaged journal record; "
                                 f"restore from a backup with `steward restore`",
                                 code="corrupt", path=str(self.path))
            good_end += len(line) + 1
            self.end = start + good_end
            self.records += 1
            yield record
        if good_end != len(raw) and truncate:
            # Cut the torn tail so later appends start on a clean line.
            with open(self.path, "r+b") as f:
                f.truncate(start + good_end)
                f.flush()
                os.fsync(f.fileno())

    @staticmethod
    def _decode(line: bytes) -> dict[str, Any] | None:
        if len(line) < 10 or line[8:9] != b" ":
            return None
        body = line[9:]
        try:
            if int(line[:8], 16) != zlib.crc32(body):
                return None
            record = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        return record if isinstance(record, dict) else None

    def append(self, record: dict[str, Any]) -> None:
        self.append_body(dumps_canonical(record))

    def append_body(self, body_text: str) -> None:
        """Append one record and fsync; on failure the file is cut back and StoreError raised."""
        self.sync(self.write_body(body_text))

    def write_body(self, body_text: str) -> int:
        """Append one record without waiting for the disk (``sync`` does); the offset
        where it starts. On failure the file is cut back and StoreError raised."""
        body = body_text.encode("utf-8")
        data = b"%08x " % zlib.crc32(body) + body + b"\n"
        try:
            if self._file is None:
                new = not self.path.exists()
                self._file = open(self.path, "ab")
                if new:
                    fsync_dir(self.path.parent)
            pos = self._file.tell()
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            self._rollback(pos)
            raise StoreError(f"could not write to {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        self.records += 1
        return pos

    def sync(self, pos: int, records: int = 1) -> None:
        """fsync what ``write_body`` appended: the last ``records`` records, the first
        of which starts at ``pos``; on failure they are cut off again and StoreError
        raised."""
        try:
            os.fsync(self._file.fileno())
            if self._new_name:
                fsync_dir(self.path.parent)
                self._new_name = False
        except OSError as exc:
            self.records -= records
            self._rollback(pos)
            raise StoreError(f"could not write to {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc

    def _rollback(self, pos: int) -> None:
        try:
            self._file.close()
        except OSError:
            pass
        self._file = None
        try:
            with open(self.path, "r+b") as f:
                f.truncate(pos)
                os.fsync(f.fileno())
        except OSError:
            # If even the truncate fails, the torn tail is cut on the next open.
            pass

    def reset(self) -> None:
        """Empty the journal atomically (after a checkpoint made it redundant)."""
        self.close()
        atomic_write_bytes(self.path, b"")

    def rotate(self, number: int) -> bool:
        """Move the records so far aside, to ``journal-<number>.log``, and start an
        empty journal (a checkpoint's first step, under the writer's lock); False if
        there was nothing to move. Every record moved must be synced already.

        The folder is not fsync'ed here (that is the slow part): the first write
        into the new file waits for it (``sync``), and a crash before that finds
        either name, each holding only records that are also in the other or in
        the partitions."""
        self.close()
        try:
            if not self.path.exists() or not self.path.stat().st_size:
                return False
            os.replace(self.path, self.path.with_name(f"journal-{number}.log"))
            self.records = 0
            self.end = 0
            open(self.path, "ab").close()  # the next write opens it again
        except OSError as exc:
            raise StoreError(f"could not move {self.path} aside: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        self._new_name = True
        return True

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            finally:
                self._file = None


def old_journals(root: Path) -> list[tuple[int, Path]]:
    """The journals a checkpoint moved aside and has not yet deleted, oldest first."""
    found = []
    for path in root.glob("journal-*.log"):
        match = _OLD_JOURNAL.fullmatch(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def discard_old_journals(root: Path, upto: int) -> None:
    """Delete the journals moved aside up to number ``upto``, once the partitions
    that hold their records are on disk."""
    gone = False
    for number, path in old_journals(root):
        if number <= upto:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(f"could not delete {path}: {exc.strerror or exc}",
                                 code="write_failed", path=str(path)) from exc
            gone = True
    if gone:
        try:
            fsync_dir(root)
        except OSError as exc:
            raise StoreError(f"could not write {root}: {exc.strerror or exc}",
                             code="write_failed", path=str(root)) from exc


def partition_bytes(tables: dict[str, dict[str, Any]]) -> bytes:
    """A partition's file, as ``dumps_canonical`` of the whole would give it, made
    one document at a time: a checkpoint writing beside the bot then never holds
    the interpreter for a whole partition (one ``json.dumps`` call does)."""
    parts = ["{"]
    for t, (table, docs) in enumerate(sorted(tables.items())):
        parts.append(("," if t else "") + json.dumps(table, ensure_ascii=False) + ":{")
        for d, key in enumerate(sorted(docs)):
            parts.append(("," if d else "") + json.dumps(key, ensure_ascii=False) + ":"
                         + dumps_canonical(docs[key]))
        parts.append("}")
    parts.append("}")
    return "".join(parts).encode("utf-8")


def write_partitions(root: Path, snapshot: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Write each partition of a checkpoint's snapshot to its file, atomically."""
    for name in sorted(snapshot):
        atomic_write_bytes(root / f"{name}.json", partition_bytes(snapshot[name]))
