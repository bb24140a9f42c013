"""Writing the site's files: whole or not at all, without waiting for the disk.

Everything the builder writes (``content/``, ``site/``, the notices) is made
again from the store by the next build, so losing it in a power cut costs a
build; what must never happen is a web server, or MkDocs, reading half a file.
So each file is written under a temporary name beside it and renamed over the
old one (atomic on POSIX), without ``fsync``: the store's files wait for the
disk (``db.storage.atomic_write_bytes``), the site's need not. With an fsync
per file, a whole build of a 50-area street (1,500 files) spent minutes
waiting for a shared disk.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import IO

__all__ = ["build_lock", "try_build_lock", "replace_file", "link_file", "holds", "scan_files",
           "listed_inodes_hold", "drop_empty_folders"]


def replace_file(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Put ``data`` (bytes, or pieces of bytes written one after another) at ``path``:
    a reader sees the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            if isinstance(data, bytes | bytearray | memoryview):
                f.write(data)
            else:
                f.writelines(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def link_file(source: Path, target: Path) -> None:
    """Make ``target`` the same file as ``source``: a hard link (no copy), else a copy
    that keeps its time (another file system); put in place whole, as
    ``replace_file`` does, over any file already there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.link")
    try:
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copy2(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def holds(path: Path, pieces: Iterable[bytes]) -> bool:
    """Whether the file at ``path`` holds ``pieces`` one after another, read a piece at
    a time (the street's requests.json holds every issue ever reported: neither it
    nor the file is held whole); no more pieces are made after the first difference."""
    try:
        with open(path, "rb") as f:
            for piece in pieces:
                view, at = memoryview(piece), 0
                while at < len(view):
                    got = f.read(min(len(view) - at, 1 << 20))
                    if not got or view[at:at + len(got)] != got:
                        return False
                    at += len(got)
            return not f.read(1)
    except OSError:
        return False


def scan_files(root: Path, bare: list[str] | None = None) -> tuple[dict[str, int], set[str]]:
    """Every file under ``root`` (symlinks too, as themselves) with its inode, and
    every folder (each as ``str``), read from the folders' listings alone (no file
    is opened or asked about: the inode comes with the listing on POSIX). A site's
    old folders are the next one's (``mkdocs_session``): making and removing them
    cost more than linking the files, and a file already the right one is kept.
    ``bare``: the folders that hold nothing at all are appended to it."""
    files: dict[str, int] = {}
    folders = {str(root)}
    todo = [str(root)]
    while todo:
        folder = todo.pop()
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                empty = False
                if entry.is_dir(follow_symlinks=False):
                    folders.add(entry.path)
                    todo.append(entry.path)
                else:
                    files[entry.path] = entry.inode()
        if empty and bare is not None:
            bare.append(folder)
    return files, folders


def listed_inodes_hold(listed: dict[str, int], sample: int = 8) -> bool:
    """Whether the inodes a folder listing gave (``scan_files``) are those ``lstat``
    gives, for up to ``sample`` of them: some file systems (an overlay without
    ``xino``, some network ones) list other numbers, or none, and a site must never
    keep a file by a number that names another."""
    for n, (path, inode) in enumerate(listed.items()):
        if n >= sample:
            break
        try:
            if not inode or os.lstat(path).st_ino != inode:
                return False
        except OSError:
            return False
    return True


def drop_empty_folders(root: Path, only: Iterable[str] | None = None) -> None:
    """Remove the folders under ``root`` that hold no file, however deep. ``only``:
    when every folder under ``root`` holds a file but maybe those named (the folders
    that held nothing when listed, and those files were deleted from since: a whole
    build's, ``mkdocs_session``), only they are looked at, and then the folders
    above each one removed, instead of listing every folder of the site again."""
    if only is not None:
        _drop_emptied(str(root), only)
        return

    def empty(folder: str) -> bool:
        with os.scandir(folder) as it:
            entries = list(it)
        left = False
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and empty(entry.path):
                os.rmdir(entry.path)
            else:
                left = True
        return not left

    if root.is_dir():
        empty(str(root))


def _drop_emptied(root: str, folders: Iterable[str]) -> None:
    """Remove those of ``folders`` under ``root`` that hold nothing, deepest first, and
    each folder above a removed one (below ``root``) that then holds nothing."""
    seen = set(folders)
    todo = [(-folder.count(os.sep), folder) for folder in seen]
    heapq.heapify(todo)
    while todo:
        _, folder = heapq.heappop(todo)
        if not folder.startswith(root + os.sep):
            continue
        try:
            os.rmdir(folder)  # refused when it holds anything
        except OSError:
            continue
        parent = os.path.dirname(folder)
        if parent not in seen:
            seen.add(parent)
            heapq.heappush(todo, (-parent.count(os.sep), parent))


def build_lock(project_dir: Path) -> IO[bytes]:
    """The project's build lock (``.cache/build.lock``), held while the file is open,
    waited for: one builder writes a project's site at a time (the bot's build worker
    holds it for as long as it runs)."""
    lock = try_build_lock(project_dir, wait=True)
    assert lock is not None
    return lock


def try_build_lock(project_dir: Path, *, wait: bool = False) -> IO[bytes] | None:
    """``build_lock``, or ``None`` when another holds it (unless ``wait``)."""
    (Path(project_dir) / ".cache").mkdir(parents=True, exist_ok=True)
    lock = open(Path(project_dir) / ".cache" / "build.lock", "a+b")  # noqa: SIM115
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        lock.close()
        return None
    return lock
