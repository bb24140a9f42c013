"""The file locks that keep processes apart in one data folder.

One process writes a data folder at a time (the bot, or a CLI command): it
holds ``writer_lock`` as long as it has the folder open. Partition files
change only under ``checkpoint_lock``, which a backup or a read-only reader
(the site builder) takes to read a consistent set of files.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import StoreError
from .storage import disk_fix

__all__ = ["writer_lock", "checkpoint_lock", "hold_writer_lock", "WRITER_LOCK",
           "CHECKPOINT_LOCK"]

WRITER_LOCK = ".writer.lock"
CHECKPOINT_LOCK = ".checkpoint.lock"


def _flock(path: Path, *, blocking: bool, reading: bool = False) -> Any:
    """Lock ``path`` (made if missing). ``reading``: a folder on a read-only disk is
    locked through the file opened for reading (nobody can write it either), so
    that it can still be verified and backed up; otherwise such a folder is refused
    with one line naming the fix, not a traceback."""
    f: Any
    try:
        f = open(path, "a+b")
    except OSError as exc:
        if reading and path.exists():
            try:
                f = open(path, "rb")  # noqa: SIM115 - returned, closed by the caller
            except OSError:
                pass
            else:
                return _take(f, path, blocking)
        fix = disk_fix(path.parent, exc)
        raise StoreError(f"{path.parent}: cannot be written ({exc.strerror or exc})"
                         + (f". To fix: {fix}" if fix else ""), code="write_failed",
                         path=str(path.parent)) from exc
    return _take(f, path, blocking)


def _take(f: Any, path: Path, blocking: bool) -> Any:
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        f.close()
        raise StoreError(f"{path.parent}：另一个 Steward 进程（多半是机器人）正在使用这个数据目录，"
                         f"请先停下它（sudo systemctl stop steward）再运行。 / {path.parent}: "
                         f"another Steward process is using this data folder (stop the bot "
                         f"first: sudo systemctl stop steward)", code="in_use",
                         path=str(path.parent)) from None
    return f


def hold_writer_lock(root: Path) -> Any:
    """Take the writer lock of ``root`` (StoreError if another process has it); close
    the returned file to let it go."""
    return _flock(Path(root) / WRITER_LOCK, blocking=False)


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Held by the one process that writes a data folder (the bot, or a CLI command)."""
    f = hold_writer_lock(root)
    try:
        yield
    finally:
        f.close()


@contextlib.contextmanager
def checkpoint_lock(root: Path) -> Iterator[None]:
    """Held while partition files change; a backup holds it to copy a consistent set."""
    f = _flock(Path(root) / CHECKPOINT_LOCK, blocking=True, reading=True)
    try:
        yield
    finally:
        f.close()
