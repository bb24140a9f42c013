"""The write-ahead journal (``journal.log``): each committed transaction is one
line ``<crc32> <json>``, after a header of two lines that say how far the
journal was durable (``Journal``); a checkpoint moves it aside
(``journal-<n>.log``) and deletes it once the partitions hold its records
(``old_journals``, ``discard_old_journals``). How a write is made durable, and
what a crash leaves: ``db.storage``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import fsio
from .errors import StoreError
from .storage import atomic_write_bytes, dumps_canonical, fsync_dir

__all__ = ["Journal", "HEADER_LEN", "SLOT_LEN", "JOURNAL_NAME", "journal_header",
           "old_journals", "discard_old_journals"]

log = logging.getLogger(__name__)

JOURNAL_NAME = "journal.log"
_OLD_JOURNAL = re.compile(r"journal-(\d+)\.log")


def _slot(synced: int) -> bytes:
    head = b"#journal synced=%016d" % synced
    return head + b" crc=%08x\n" % zlib.crc32(head)


SLOT_LEN = len(_slot(0))
HEADER_LEN = 2 * SLOT_LEN


def journal_header(synced: int) -> bytes:
    """The journal's first two lines: each says how far the journal was durable
    (the end of the last record whose fsync returned), with its own checksum.
    They are rewritten in place, in turn, so that a write torn by a power cut
    spoils at most one of them; the other still holds a (slightly older) mark."""
    return _slot(synced) * 2


def _is_framed(head: bytes) -> bool:
    """Whether the first bytes of a journal are a header (either of its lines)."""
    return b"#journal " in (head[:9], head[SLOT_LEN:SLOT_LEN + 9])


def _parse_header(raw: bytes) -> int | None:
    """The durable end a header says (the larger of its sound lines), or None if
    neither line is sound."""
    marks = []
    for line in (raw[:SLOT_LEN], raw[SLOT_LEN:HEADER_LEN]):
        head, _, crc = line[:-1].partition(b" crc=")
        try:
            if line.endswith(b"\n") and int(crc, 16) == zlib.crc32(head) and \
                    head.startswith(b"#journal synced="):
                marks.append(int(head[len(b"#journal synced="):]))
        except ValueError:
            continue
    return max(marks) if marks else None


class Journal:
    """The append-only write-ahead journal of committed transactions.

    Its header (``journal_header``, two lines) says how far it was durable: after
    each fsync one of its lines, in turn, is rewritten in place with the new end,
    and goes to disk with the next fsync. Every record before that offset was acknowledged, so a
    bad one there is damage and refused; what follows it was being written when
    the process or the power stopped, was never acknowledged, and a bad record
    there (and all after it) is a torn tail, cut off with a log line. A journal
    shorter than its header says was cut short, and is refused.

    A journal without a header (a data folder from before the manifest) is read
    by the older rule: only a bad last line is a torn tail.
    """

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.path = path or root / JOURNAL_NAME
        self._fd: int | None = None
        # A new journal.log (``rotate``) whose name is not yet on disk for sure:
        # the next ``sync`` makes it so before any write in it counts as saved.
        self._new_name = False
        self.records = 0
        self.end = 0  # offset past the last record read
        self.size = 0  # offset where the next record goes (the writer's)
        self.framed = True  # whether the file starts with a header
        self._turn = 0  # the header line written last

    def read(self, *, truncate: bool = True, start: int = 0, legacy: bool = False,
             durable: bool = False) -> Iterator[dict[str, Any]]:
        """Yield the committed records; cut off a torn tail (when ``truncate``: a
        read-only reader leaves the file to its writer); fail on damage elsewhere.

        ``start`` is a byte offset where a record begins (a reader catching up
        reads on from its ``end``); after the loop, ``end`` is the offset just
        past the last whole record. ``legacy``: the folder has no manifest yet, so
        a journal without a header (or none at all) is accepted.

        ``durable``: only the records before the header's mark (those whose fsync
        returned). A read-only reader beside its writer takes no others: a record
        whose fsync then fails is cut off again and undone by the writer (and the
        next one written where it was), so a reader that took it would show, and
        publish, a write that was never saved, and read on from the middle of a
        record. A journal without a header has no mark: all of it is read.
        """
        self.end = start
        if not self.path.exists() and self.fresh_path.exists():
            # A checkpoint was cut between moving the journal aside and putting
            # the fresh one (a header alone, on disk) in its place.
            if not truncate:
                return
            try:
                fsio.ops.replace(self.fresh_path, self.path)
                fsio.ops.fsync_dir(self.path.parent)
            except OSError as exc:
                raise StoreError(f"could not write {self.path}: {exc.strerror or exc}",
                                 code="write_failed", path=str(self.path)) from exc
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            if legacy:
                return
            raise StoreError(f"{self.path}: missing; bring back a backup with "
                             f"`steward restore`", code="missing", path=str(self.path)) from None
        with f:
            head = f.read(HEADER_LEN)
            whole = head == journal_header(_parse_header(head) or 0)
            if _is_framed(head):
                mark = _parse_header(head)
                if mark is None:
                    raise StoreError(f"{self.path}, lines 1-2: damaged header; bring back a "
                                     f"backup with `steward restore`", code="corrupt",
                                     path=str(self.path))
                self.framed, base = True, HEADER_LEN
            elif legacy:
                self.framed, base, mark = False, 0, 0
            else:
                what = "empty" if not head else "does not begin with its header line"
                raise StoreError(f"{self.path}: {what} (cut short, overwritten or damaged); "
                                 f"bring back a backup with `steward restore`",
                                 code="corrupt", path=str(self.path))
            pos = max(start, base)
            f.seek(pos)
            raw = f.read()
        size = pos + len(raw)
        lines = raw.split(b"\n")
        complete = lines[:-1]  # lines[-1] follows the last newline: b"" for a clean file
        at = pos  # where the line being read starts
        for number, line in enumerate(complete):
            if durable and self.framed and at + len(line) + 1 > mark:
                break  # not yet synced: may still be cut off
            record = self._decode(line)
            if record is None:
                torn = (at >= mark if self.framed
                        else number == len(complete) - 1 and not lines[-1])
                if not torn:
                    raise StoreError(f"{self.path}, line {self._line_number(at)}: damaged "
                                     f"journal record; bring back a backup with "
                                     f"`steward restore`", code="corrupt", path=str(self.path))
                break
            at += len(line) + 1
            self.end = at
            self.records += 1
            yield record
        if self.framed and size < mark:
            raise StoreError(f"{self.path}: cut short: {size} bytes, but the first {mark} "
                             f"were saved; bring back a backup with `steward restore`",
                             code="corrupt", path=str(self.path))
        if self.framed and at < mark:  # a partial line before the mark
            raise StoreError(f"{self.path}, line {self._line_number(at)}: damaged journal "
                             f"record; bring back a backup with `steward restore`",
                             code="corrupt", path=str(self.path))
        if truncate:
            self._settle(at, size, mark, whole)

    def _settle(self, end: int, size: int, mark: int, whole: bool) -> None:
        """The writer, after reading: cut the torn tail off so that later appends
        start on a clean line, and mark what was read as durable (in both lines of
        the header, one of which a power cut may have spoilt)."""
        if end == size and (not self.framed or (end == mark and whole)):
            self.size = end
            return
        if end < size:
            log.warning("%s: cut off a torn tail of %d bytes (a write the crash "
                        "interrupted; it was never acknowledged)", self.path, size - end)
        ops = fsio.ops
        try:
            fd = ops.open(self.path)
            try:
                ops.truncate(fd, end)
                ops.fsync(fd)
                if self.framed:
                    ops.write(fd, journal_header(end), 0)
                    ops.fsync(fd)
            finally:
                ops.close(fd)
        except OSError as exc:
            raise StoreError(f"could not write to {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        self.size = end

    def _line_number(self, offset: int) -> int:
        """The line of the file (the header is line 1) that starts at ``offset``."""
        try:
            with open(self.path, "rb") as f:
                return f.read(offset).count(b"\n") + 1
        except OSError:
            return 0

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

    def _open(self) -> int:
        if self._fd is None:
            if not self.path.exists():
                self.reset()
            self._fd = fsio.ops.open(self.path)
            with open(self.path, "rb") as f:
                self.framed = _is_framed(f.read(HEADER_LEN))
                self.size = f.seek(0, os.SEEK_END)
        return self._fd

    def write_body(self, body_text: str) -> int:
        """Append one record without waiting for the disk (``sync`` does); the offset
        where it starts. On failure the file is cut back and StoreError raised."""
        body = body_text.encode("utf-8")
        data = b"%08x " % zlib.crc32(body) + body + b"\n"
        try:
            fd = self._open()
        except (OSError, StoreError) as exc:
            raise StoreError(f"cannot open {self.path}: {getattr(exc, 'strerror', None) or exc}",
                             code="write_failed", path=str(self.path)) from exc
        pos = self.size
        try:
            fsio.ops.write(fd, data, pos)
        except OSError as exc:
            self._rollback(pos)
            raise StoreError(f"could not write to {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        self.size = pos + len(data)
        self.records += 1
        return pos

    def sync(self, pos: int, records: int = 1) -> None:
        """fsync what ``write_body`` appended: the last ``records`` records, the first
        of which starts at ``pos``; on failure they are cut off again and StoreError
        raised. Then the header is told the new durable end (it reaches the disk
        with the next fsync)."""
        assert self._fd is not None
        try:
            fsio.ops.fsync(self._fd)
            if self._new_name:
                fsio.ops.fsync_dir(self.path.parent)
                self._new_name = False
        except OSError as exc:
            self.records -= records
            self._rollback(pos)
            raise StoreError(f"could not write to {self.path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        if self.framed:
            self._turn ^= 1
            try:
                fsio.ops.write(self._fd, _slot(self.size), self._turn * SLOT_LEN)
            except OSError as exc:  # the records are durable all the same
                log.warning("%s: could not update the header: %s", self.path, exc)

    def _rollback(self, pos: int) -> None:
        self.size = pos
        try:
            assert self._fd is not None
            fsio.ops.truncate(self._fd, pos)
            fsio.ops.fsync(self._fd)
        except OSError:
            # If even the truncate fails, the next record overwrites from ``pos`` and
            # what is left past it is a torn tail, cut on the next open.
            pass

    def reset(self) -> None:
        """Empty the journal atomically (after a checkpoint made it redundant)."""
        self.close()
        atomic_write_bytes(self.path, journal_header(HEADER_LEN))
        self.records = 0
        self.size = HEADER_LEN
        self.framed = True

    @property
    def fresh_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.next")

    def prepare_fresh(self) -> None:
        """Make the file that becomes the next ``journal.log`` at a checkpoint: its
        header alone, on disk (fsynced) before its name is, so that a journal.log
        found after a crash always starts with its header. Made before the
        checkpoint takes the writer's lock: the fsync is not waited for under it."""
        ops = fsio.ops
        try:
            fd = ops.open(self.fresh_path, truncate=True)
            try:
                ops.write(fd, journal_header(HEADER_LEN), 0)
                ops.fsync(fd)
            finally:
                ops.close(fd)
        except OSError as exc:
            raise StoreError(f"could not write {self.fresh_path}: {exc.strerror or exc}",
                             code="write_failed", path=str(self.fresh_path)) from exc

    def rotate(self, number: int) -> bool:
        """Move the records so far aside, to ``journal-<number>.log``, and start an
        empty journal (a checkpoint's first step, under the writer's lock; the new
        file made by ``prepare_fresh``); False if there was nothing to move. Every
        record moved must be synced already.

        The folder is not fsync'ed here (that is the slow part): the first write
        into the new file waits for it (``sync``), and a crash before that finds
        either name, each holding only records that are also in the other or in
        the partitions."""
        self.close()
        ops = fsio.ops
        try:
            if not self.path.exists() or \
                    self.path.stat().st_size <= (HEADER_LEN if self.framed else 0):
                return False
            ops.replace(self.path, self.path.with_name(f"journal-{number}.log"))
            ops.replace(self.fresh_path, self.path)
        except OSError as exc:
            raise StoreError(f"could not move {self.path} aside: {exc.strerror or exc}",
                             code="write_failed", path=str(self.path)) from exc
        self.records = 0
        self.end = 0
        self.size = HEADER_LEN
        self.framed = True
        self._new_name = True
        return True

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            fsio.ops.close(fd)


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
                fsio.ops.unlink(path)
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
