"""Durable storage on disk: the write-ahead journal, the partition files, and
writing a file so that a crash leaves the old or the new one, whole.

Why not TinyDB's ``JSONStorage``: it rewrites the whole file in place on every
write, so a crash mid-write leaves a truncated file, and its cost grows with
the whole database (measured: 2.9 s per insert at 250k entries).

How a write is made durable here:

1. The changed documents of one transaction are appended to ``journal.log``
   as one line ``<crc32> <json>\\n``, after its header line (which says how
   far the journal was durable, ``Journal``).
2. The documents are applied to the in-memory TinyDB tables of their
   partitions, which are marked dirty (remembering what they replaced).
3. The journal is fsync'ed. Once that returns, the write is committed: the
   caller may show the user a receipt. If it fails, the line is cut off and
   the in-memory change undone. Writers take turns from their first read to
   this fsync; a batch of writes (``Store.batch``, the bot's group commit) is
   fsync'ed once, and if that fails all its lines are cut off and undone.
   Then the header is rewritten in place with the new durable end (it reaches
   the disk with the next fsync).
4. Every ``checkpoint_every`` commits (and on close), dirty partitions are
   written atomically (temp file in the same folder, fsync, ``os.replace``,
   fsync the folder). Writes go on meanwhile: under the writer's lock the
   checkpoint only copies the dirty partitions' tables (their documents are
   never changed in place, so a shallow copy is a snapshot) and moves the
   journal aside (``journal-<n>.log``, ``Journal.rotate``); new writes go to a
   new ``journal.log`` while the copies are written, and once they are on
   disk the journals moved aside are deleted (``discard_old_journals``).
   The manifest (``db.manifest``) is written around the files: what each file
   may hold while they are written, then what each holds.

On open, partitions are read from their files and every complete journal
line is replayed: those moved aside first (a checkpoint cut short), oldest
first, then ``journal.log``. Replay is idempotent (each op carries the whole document),
so a crash during a checkpoint is harmless. What follows the durable end
the header names (a crash during an append, before its fsync returned) was
never acknowledged: a torn tail there is cut off, and the log says how many
bytes. A bad line before it, a journal shorter than it, or a journal without
its header means the file was damaged, and opening fails with the file (and
line) named.

Every change to a file goes through ``db.fsio`` (write, fsync, rename, fsync
of a folder, truncate, delete), so that a test can cut the power at any of
them and see what the disk would keep.

A write costs one small append plus the in-memory update of one partition,
whatever the size of the street.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import fsio
from .errors import StoreError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_pieces",
    "disk_fix",
    "fsync_dir",
    "read_partition_file",
    "dumps_canonical",
    "write_partitions",
    "partition_bytes",
]


def disk_fix(where: Path | str | None, error: object) -> str | None:
    """What the operator should do about ``error`` (an OSError, a StoreError or their
    text) writing under ``where``: one sentence naming the folder, or None when it is
    not the disk's fault (full, read-only, not writable)."""
    place = str(where) if where else "the data folder"
    text = f"{error} {getattr(error, 'strerror', '') or ''}"
    if "Read-only file system" in text or "[Errno 30]" in text:
        return (f"the disk of {place} turned read-only (after a disk error?): check it "
                f"(dmesg, fsck) and mount it read-write again")
    if "No space left" in text or "Disk quota exceeded" in text or "[Errno 28]" in text:
        return f"the disk of {place} is full: free space on it (df -h {place})"
    if "Permission denied" in text or "[Errno 13]" in text:
        return f"{place} cannot be written: make it writable by the bot's user"
    return None


def dumps_canonical(obj: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` survive a power cut."""
    fsio.ops.fsync_dir(path)


def _ensure_dir(path: Path) -> None:
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        fsio.ops.mkdir(d)
        fsio.ops.fsync_dir(d.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole."""
    atomic_write_pieces(path, [data])


def atomic_write_pieces(path: Path, pieces: list[bytes]) -> None:
    """``atomic_write_bytes`` of the pieces one after another, each written by a call
    of its own (a large file written beside the bot never holds the interpreter)."""
    ops = fsio.ops
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        _ensure_dir(path.parent)
        fd = ops.open(tmp, truncate=True)
        try:
            at = 0
            for piece in pieces:
                ops.write(fd, piece, at)
                at += len(piece)
            ops.fsync(fd)
        finally:
            ops.close(fd)
        ops.replace(tmp, path)
        ops.fsync_dir(path.parent)
    except OSError as exc:
        try:
            ops.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"could not write {path}: {exc.strerror or exc}", code="write_failed",
                         path=str(path)) from exc


def read_partition_file(path: Path, raw: bytes | None = None) -> dict[str, dict[str, Any]]:
    """Read one partition file (or parse ``raw``, its bytes already read); a damaged
    file raises StoreError naming it."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read: {exc.strerror or exc}",
                             code="unreadable", path=str(path)) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not valid JSON ({exc}); bring back a backup "
                         f"with `steward restore`", code="corrupt", path=str(path)) from exc
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
        for t in data.values()
    ):
        raise StoreError(f"{path}: not a partition (expected tables of documents); "
                         f"bring back a backup with `steward restore`",
                         code="corrupt", path=str(path))
    for table in data.values():
        for key in table:
            if not key.isdigit():
                raise StoreError(f"{path}: document id {key!r} is not a number; bring back a "
                                 f"backup with `steward restore`",
                                 code="corrupt", path=str(path))
    return data


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


def write_partitions(root: Path, files: dict[str, bytes]) -> None:
    """Write the files of a checkpoint's partitions (``partition_bytes`` of each),
    each atomically."""
    for name in sorted(files):
        atomic_write_bytes(root / f"{name}.json", files[name])
