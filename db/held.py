"""The partition files a read-only snapshot holds open, so that it reads a
partition only when something asks for it and may let it go and read it again.

A read-only store (the site builder beside the bot) must stay one consistent
snapshot while the bot's checkpoints replace partition files. They replace a
file by writing a new one and renaming it over the old name (``db.storage``:
``atomic_write_bytes``), never by writing into it; so a file opened under the
checkpoint lock keeps, for as long as it is held open, the content it had then,
whatever the checkpoints do to the name meanwhile. The snapshot opens every
partition file under that lock (cheap: no byte is read) and reads one through
its descriptor when it is first asked for, checked against the manifest read
with it; a partition let go is read again the same way.

Each held file costs a descriptor. The soft limit on open files is raised
towards the hard one when the files need it (a 100-area street over ten years
has about 1,900); if the hard limit is too low for them all, the files beyond
it are read whole at once and their bytes kept instead (more memory, as before
the snapshot read lazily, but the same snapshot).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .manifest import Manifest, version_of

__all__ = ["HeldFile", "HeldFiles", "HeldIndex", "SPARE_DESCRIPTORS"]

log = logging.getLogger(__name__)

# Descriptors left for everything else the process opens (MkDocs reading pages,
# sockets, the notices' child process, the journal).
SPARE_DESCRIPTORS = 256


@dataclass
class HeldFile:
    """One partition file as the snapshot took it: its descriptor (or, without
    one, its bytes), what told it apart then (``stamp``) and the manifest it
    must match."""

    fd: int | None
    raw: bytes | None
    stamp: tuple[int, int, int]
    manifest: Manifest | None
    error: OSError | None = None  # it could not be opened


class HeldFiles:
    """The partition files a read-only snapshot holds, by partition name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, HeldFile] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.files

    def stamp(self, name: str) -> tuple[int, int, int] | None:
        held = self.files.get(name)
        return held.stamp if held is not None else None

    def hold(self, names: list[str], manifest: Manifest | None) -> None:
        """Open these partitions' files (hold the checkpoint lock), letting go of
        any held before under the same names. A file that cannot be opened is
        held as missing: reading it names the problem."""
        for name in names:
            self.drop(name)
        room = _room_for(len(names))
        for name in names:
            path = self.root / f"{name}.json"
            try:
                if room > 0:
                    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                    room -= 1
                    try:
                        self.files[name] = HeldFile(fd, None, _stamp_of(os.fstat(fd)), manifest)
                    except BaseException:
                        os.close(fd)
                        raise
                else:
                    raw = path.read_bytes()
                    self.files[name] = HeldFile(None, raw, _stamp_of(path.stat()), manifest)
            except OSError as exc:  # ``read`` says why, when it is asked for
                self.files[name] = HeldFile(None, None, (0, 0, 0), manifest, exc)

    def read(self, name: str) -> bytes:
        """The bytes of a held file as it was when taken; OSError if it cannot be read
        (or was not held)."""
        held = self.files.get(name)
        if held is None:
            raise FileNotFoundError(2, "No such file or directory", str(self.root / f"{name}.json"))
        if held.error is not None:
            raise held.error
        if held.raw is not None:
            return held.raw
        assert held.fd is not None
        return _read_all(held.fd)

    def manifest(self, name: str) -> Manifest | None:
        held = self.files.get(name)
        return held.manifest if held is not None else None

    def drop(self, name: str) -> None:
        held = self.files.pop(name, None)
        if held is not None and held.fd is not None:
            os.close(held.fd)

    def close(self) -> None:
        for name in list(self.files):
            self.drop(name)


class HeldIndex:
    """The saved indexes' file (``db.saved_index``) as a read-only snapshot found it
    at opening, held open the same way: read, and checked against the checksum the
    manifest listed then, only when the snapshot first uses an index (``Core``)."""

    def __init__(self, path: Path, listed: Any, versions: dict[str, str]) -> None:
        self.path, self.listed, self.versions = path, listed, versions
        self.fd: int | None = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def read(self) -> tuple[bytes, dict[str, str]] | None:
        """The file's bytes and the partition versions it must have been made from, as
        ``Store.saved_index`` gives them; None if it cannot be used (logged). Once."""
        fd, self.fd = self.fd, None
        if fd is None:
            return None
        try:
            raw = _read_all(fd)
        except OSError as exc:
            log.warning("%s: cannot be read (%s); the indexes are built from the partitions",
                        self.path, exc)
            return None
        finally:
            os.close(fd)
        if version_of(raw) != self.listed:
            log.warning("%s: not as saved (its checksum does not match the manifest); the "
                        "indexes are built from the partitions", self.path)
            return None
        return raw, self.versions

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    pieces = []
    at = 0
    while at < size:
        piece = os.pread(fd, size - at, at)
        if not piece:
            break  # cut short since it was taken: the checksum says so
        pieces.append(piece)
        at += len(piece)
    return b"".join(pieces)


def _stamp_of(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _room_for(wanted: int) -> int:
    """How many more descriptors may be held (up to ``wanted``): the soft limit is
    raised towards the hard one if the files need it, with ``SPARE_DESCRIPTORS``
    left for the rest of the process."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux or macOS
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = _open_descriptors()
    need = in_use + wanted + SPARE_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and need > soft:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        if target > soft:
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                soft = target
            except (ValueError, OSError):
                pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(0, min(wanted, soft - in_use - SPARE_DESCRIPTORS))


def _open_descriptors() -> int:
    """How many descriptors the process has open (Linux; elsewhere a guess)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 64

