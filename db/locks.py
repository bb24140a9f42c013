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

__all__ = ["writer_lock", "checkpoint_lock", "hold_writer_lock", "WRITER_LOCK",
           "CHECKPOINT_LOCK"]

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
    f = _flock(Path(root) / CHECKPOINT_LOCK, blocking=True)
    try:
        yield
    finally:
        f.close()
