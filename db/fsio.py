"""Every change the store makes to its files, in one small layer.

The store (``db.storage``: atomic file writes; ``db.journal``; ``db.manifest``)
writes, fsyncs, renames, truncates and deletes only through ``ops``, an
instance of ``FileOps``. A power-loss test replaces it (``use``) with one that
does the same on disk and also keeps, beside it, what a power cut would leave:
only what was fsynced (file data by ``fsync``, new names, renames and deletions
by ``fsync_dir`` of their folder). Reading goes straight to the files: what
was read cannot be lost by a power cut.

Callers name ``fsio.ops`` at the moment of the call (never ``from db.fsio
import ops``), so that a replacement is seen everywhere at once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["FileOps", "ops", "use"]


class FileOps:
    """The file operations of the store, on the real disk."""

    def open(self, path: Path, *, truncate: bool = False) -> int:
        """Open ``path`` for writing (made if missing; emptied with ``truncate``);
        a file descriptor for ``write`` and the others."""
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if truncate else 0)
        return os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)

    def write(self, fd: int, data: bytes, offset: int) -> None:
        """Write all of ``data`` at ``offset`` (not yet durable: see ``fsync``)."""
        view = memoryview(data)
        while view:
            done = os.pwrite(fd, view, offset)
            if done <= 0:  # pragma: no cover - pwrite raises rather than write nothing
                raise OSError(28, "No space left on device")
            view, offset = view[done:], offset + done

    def fsync(self, fd: int) -> None:
        """Wait until the file's data is on disk."""
        os.fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        os.ftruncate(fd, size)

    def close(self, fd: int) -> None:
        os.close(fd)

    def replace(self, src: Path, dst: Path) -> None:
        """Rename ``src`` over ``dst`` (durable once their folder is fsynced)."""
        os.replace(src, dst)

    def unlink(self, path: Path) -> None:
        os.unlink(path)

    def mkdir(self, path: Path) -> None:
        os.mkdir(path)

    def fsync_dir(self, path: Path) -> None:
        """Make the names in ``path`` (new files, renames, deletions) survive a power cut."""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


ops: FileOps = FileOps()


@contextlib.contextmanager
def use(replacement: FileOps) -> Iterator[FileOps]:
    """Let ``replacement`` make every file change of the store inside the block."""
    global ops
    before, ops = ops, replacement
    try:
        yield replacement
    finally:
        ops = before
