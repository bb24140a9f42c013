"""Moving a data folder aside for ``steward restore`` (``db.backup.restore``): one
restore at a time beside it, and the old folder kept under a name of its own."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import StoreError

__all__ = ["KEPT_TRIES", "keep_aside", "one_restore"]

KEPT_TRIES = 100  # data.before-restore-<stamp>, then -2, -3 ...: restores within a second


def keep_aside(target: Path, now: str) -> Path:
    """Renames the data folder ``target`` to ``<name>.before-restore-<stamp>`` (``now``:
    the street's time), or, when a restore within the same second kept one by that name
    already, ``…-<stamp>-2`` (then -3, …): before, the second restore failed with a bare
    ``OSError: Directory not empty`` (or, had the first kept folder been empty, replaced
    it). Where it went."""
    stamp = now.replace("-", "").replace(":", "").replace("T", "-")[:15]
    base = target.with_name(f"{target.name}.before-restore-{stamp}")
    for n in range(1, KEPT_TRIES + 1):
        kept = base if n == 1 else base.with_name(f"{base.name}-{n}")
        if kept.exists() or kept.is_symlink():
            continue
        try:
            target.rename(kept)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):  # made meanwhile: the next
                continue
            raise StoreError(f"{target}: could not be moved aside to {kept} before the "
                             f"restore ({exc.strerror or exc}); nothing was restored, and "
                             "the data folder is as it was", code="restore_keep_failed",
                             path=str(kept)) from exc
        return kept
    raise StoreError(f"{target}: {KEPT_TRIES} folders named {base.name}(-N) are there "
                     "already; nothing was restored, and the data folder is as it was. "
                     f"Move the old ones out of {target.parent} and restore again",
                     code="restore_keep_failed", path=str(base))


@contextlib.contextmanager
def one_restore(target: Path) -> Iterator[None]:
    """One restore at a time beside ``target``: two at once (a second terminal) shared
    its staging folder, each deleting the other's, and one failed with a bare
    ``OSError: Directory not empty``, the other with 'manifest.json is missing: use
    another backup' of a sound backup. Held on the folder that holds ``target``."""
    fd = os.open(target.parent, os.O_RDONLY) if target.parent.is_dir() else None
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(
                    f"{target}：另一个 steward restore 正在恢复到 {target.parent} 里，请等它"
                    f"结束再运行；这次没有恢复，数据目录没有改动。 / {target}: another steward "
                    f"restore into {target.parent} is running; wait for it to finish. Nothing "
                    "was restored, and the data folder is as it was",
                    code="restore_running", path=str(target)) from None
        yield
    finally:
        if fd is not None:
            os.close(fd)  # lets go of the lock
