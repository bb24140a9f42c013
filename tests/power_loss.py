"""A disk that can lose its power: ``PowerLossDisk`` replaces ``db.fsio.ops``
for one data folder, makes every file change on the real disk as usual, and
keeps beside it what a power cut at that moment would leave:

* a file's data as of its last ``fsync`` (what was written since is lost);
* a folder's names (new files, renames, deletions) as of its last
  ``fsync_dir`` (a name never synced is gone; a rename not synced is undone).

``image(dest)`` writes that state to a new folder. Two harsher variants model
what real disks also do: ``torn=rng`` keeps a random part of what was written
since the last fsync of each file (in order, the last write possibly in part:
a torn append), and ``names_now=True`` keeps every folder's names as they are
now (the file system's own journal committed them), each file still with its
synced data only.

``on_op(n)`` is called before the n-th operation on the folder, so a test can
take the image "power cut just before operation n" at any point of a workload.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from pathlib import Path

from db import fsio

DIR = -1  # a name that is a folder


class PowerLossDisk(fsio.FileOps):
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.ops = 0  # operations on the folder so far
        self.on_op: Callable[[int], None] | None = None
        self._lock = threading.RLock()
        self._next = 0
        self.names: dict[str, dict[str, int]] = {}  # folder -> name -> inode (or DIR), now
        self.durable_names: dict[str, dict[str, int]] = {}  # the same, as synced
        self.data: dict[int, bytearray] = {}  # inode -> what it holds now
        self.synced: dict[int, bytes] = {}  # inode -> what it holds for sure
        self.unsynced: dict[int, list[tuple[str, int, bytes]]] = {}  # writes since fsync
        self._fds: dict[int, int] = {}  # descriptor -> inode
        self._adopt_tree()

    # -- the model ---------------------------------------------------------

    def _rel(self, path: Path | str) -> str | None:
        """The path inside the folder ('' for the folder itself), or None if outside."""
        full = Path(os.path.abspath(path))
        try:
            rel = full.relative_to(self.root).as_posix()
        except ValueError:
            return None
        return "" if rel == "." else rel

    @staticmethod
    def _split(rel: str) -> tuple[str, str]:
        head, _, name = rel.rpartition("/")
        return head, name

    def _new_inode(self, content: bytes = b"") -> int:
        self._next += 1
        self.data[self._next] = bytearray(content)
        self.synced[self._next] = bytes(content)
        self.unsynced[self._next] = []
        return self._next

    def _adopt_tree(self) -> None:
        """What is in the folder when the disk is installed counts as durable."""
        self.names[""] = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel = self._rel(dirpath) or ""
            entries = self.names.setdefault(rel, {})
            for d in dirnames:
                entries[d] = DIR
                self.names.setdefault(f"{rel}/{d}" if rel else d, {})
            for f in filenames:
                entries[f] = self._new_inode(Path(dirpath, f).read_bytes())
        self.durable_names = {k: dict(v) for k, v in self.names.items()}

    def _inode(self, rel: str) -> int | None:
        folder, name = self._split(rel)
        ino = self.names.get(folder, {}).get(name)
        if ino is None and (self.root / rel).is_file():
            # made outside this layer (a lock file): taken as it is, durable
            ino = self._new_inode((self.root / rel).read_bytes())
            self.names.setdefault(folder, {})[name] = ino
            self.durable_names.setdefault(folder, {})[name] = ino
        return ino

    def _step(self) -> None:
        self.ops += 1
        if self.on_op is not None:
            self.on_op(self.ops)

    # -- the operations ----------------------------------------------------

    def open(self, path: Path, *, truncate: bool = False) -> int:
        with self._lock:
            rel = self._rel(path)
            if rel is None:
                return super().open(path, truncate=truncate)
            self._step()
            fd = super().open(path, truncate=truncate)
            ino = self._inode(rel)
            if ino is None:
                folder, name = self._split(rel)
                ino = self._new_inode()
                self.names.setdefault(folder, {})[name] = ino
            if truncate:
                self.data[ino] = bytearray()
                self.unsynced[ino].append(("truncate", 0, b""))
            self._fds[fd] = ino
            return fd

    def write(self, fd: int, data: bytes, offset: int) -> None:
        with self._lock:
            ino = self._fds.get(fd)
            if ino is None:
                return super().write(fd, data, offset)
            self._step()
            super().write(fd, data, offset)
            _put(self.data[ino], offset, bytes(data))
            self.unsynced[ino].append(("write", offset, bytes(data)))

    def fsync(self, fd: int) -> None:
        with self._lock:
            ino = self._fds.get(fd)
            if ino is None:
                return super().fsync(fd)
            self._step()  # the real disk is not asked: what survives is the model's to say
            self.synced[ino] = bytes(self.data[ino])
            self.unsynced[ino] = []

    def truncate(self, fd: int, size: int) -> None:
        with self._lock:
            ino = self._fds.get(fd)
            if ino is None:
                return super().truncate(fd, size)
            self._step()
            super().truncate(fd, size)
            _resize(self.data[ino], size)
            self.unsynced[ino].append(("truncate", size, b""))

    def close(self, fd: int) -> None:
        with self._lock:
            self._fds.pop(fd, None)
            super().close(fd)

    def replace(self, src: Path, dst: Path) -> None:
        with self._lock:
            s, d = self._rel(src), self._rel(dst)
            if s is None or d is None:
                return super().replace(src, dst)
            self._step()
            ino = self._inode(s)
            super().replace(src, dst)
            sf, sn = self._split(s)
            df, dn = self._split(d)
            self.names.setdefault(sf, {}).pop(sn, None)
            if ino is not None:
                self.names.setdefault(df, {})[dn] = ino

    def unlink(self, path: Path) -> None:
        with self._lock:
            rel = self._rel(path)
            if rel is None:
                return super().unlink(path)
            self._step()
            super().unlink(path)
            folder, name = self._split(rel)
            self.names.get(folder, {}).pop(name, None)

    def mkdir(self, path: Path) -> None:
        with self._lock:
            rel = self._rel(path)
            if rel is None:
                return super().mkdir(path)
            self._step()
            super().mkdir(path)
            folder, name = self._split(rel)
            self.names.setdefault(folder, {})[name] = DIR
            self.names[rel] = {}

    def fsync_dir(self, path: Path) -> None:
        with self._lock:
            rel = self._rel(path)
            if rel is None:
                return super().fsync_dir(path)
            self._step()
            self.durable_names[rel] = dict(self.names.get(rel, {}))

    # -- after the cut -----------------------------------------------------

    def image(self, dest: Path, *, torn: random.Random | None = None,
              names_now: bool = False) -> None:
        """Write to ``dest`` (a new folder) what the disk would hold after a power cut
        now."""
        with self._lock:
            names = self.names if names_now else self.durable_names
            dest.mkdir(parents=True)
            self._write_folder("", dest, names, torn)

    def _write_folder(self, rel: str, dest: Path, names: dict[str, dict[str, int]],
                      torn: random.Random | None) -> None:
        for name, ino in sorted(names.get(rel, {}).items()):
            child = f"{rel}/{name}" if rel else name
            if ino == DIR:
                (dest / name).mkdir()
                self._write_folder(child, dest / name, names, torn)
            else:
                (dest / name).write_bytes(self._kept(ino, torn))

    def _kept(self, ino: int, torn: random.Random | None) -> bytes:
        content = bytearray(self.synced[ino])
        pending = self.unsynced[ino]
        if torn is None or not pending:
            return bytes(content)
        upto = torn.randint(0, len(pending))
        for n, (what, offset, data) in enumerate(pending[:upto]):
            if n == upto - 1 and what == "write" and torn.random() < 0.5:
                data = data[: torn.randint(0, len(data))]  # the last write in part
            if what == "write":
                _put(content, offset, data)
            else:
                _resize(content, offset)
        return bytes(content)


def _put(buf: bytearray, offset: int, data: bytes) -> None:
    if len(buf) < offset:
        buf.extend(bytes(offset - len(buf)))
    buf[offset:offset + len(data)] = data


def _resize(buf: bytearray, size: int) -> None:
    if len(buf) > size:
        del buf[size:]
    else:
        buf.extend(bytes(size - len(buf)))
