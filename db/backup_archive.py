"""A backup's file (``db.backup``): which files of a data folder go into it, the gzipped
tar they are written in (readable by its owner only: it holds personal data and the
signing key) and how one is read back (only regular files under ``data/``, pickles left
out unread). Split from ``db.backup``, which re-exports ``FIRSTS`` and ``UNPICKLED``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

from .errors import StoreError
from .keys import KEY_FILE
from .storage import disk_fix, fsync_dir

__all__ = ["FIRSTS", "UNPICKLED", "add_file", "data_files", "firsts", "pickled", "private",
           "read_archive", "write_private"]

KEYS_DIR = KEY_FILE.split("/", 1)[0]  # "keys"

# Files never taken into a backup nor out of one: pickles (loading one runs code).
UNPICKLED = (".pickle", ".pkl", ".pickle.tmp")
# When each month's paper notice was first made, and a digest of each of its parts
# (``site_builder.notice_reprint``: ``.notices/<area>/<month>.first.json``, no words):
# what tells a notice printed again from the one posted on the wall. In every backup,
# unlike the PDFs beside them (drawn again from the data).
FIRSTS = ".notices"


def pickled(name: str) -> bool:
    return name.lower().endswith(UNPICKLED)


def data_files(root: Path) -> list[Path]:
    """Every file under ``root`` but the hidden ones (locks, the notices' drawings),
    symlinked folders not entered, and the first makings of the paper notices
    (``FIRSTS``). A folder this user may not read (``keys/`` of a data folder made by
    another user) raises PermissionError: it was skipped without a word, and the
    backup held no signing key."""
    def refuse(exc: OSError) -> None:
        raise exc

    out = []
    for folder, dirs, names in os.walk(root, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [Path(folder) / n for n in names if not n.startswith(".")]
    return out + firsts(root)


def firsts(root: Path) -> list[Path]:
    """The first makings of the paper notices kept in ``root`` (``FIRSTS``)."""
    return sorted(p for p in (root / FIRSTS).glob("*/*.first.json")
                  if p.is_file() and not p.is_symlink())


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (crash-safe, durable), readable by its owner only
    whatever the umask: a backup holds personal data and the signing key."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)  # a tmp file left by an earlier, killed backup
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        # A full disk half way: the part written would hold the disk's last space and
        # a copy of personal data; the backup there before (if any) is kept.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        fix = disk_fix(path.parent, exc) or "check the folder"
        raise StoreError(f"the backup was not written to {path} ({exc.strerror or exc}; it "
                         f"needs {len(data) / 1e6:.1f} MB). To fix: {fix}. A backup there "
                         f"before, if any, is kept", code="write_failed",
                         path=str(path), errno=exc.errno,
                         mb=f"{len(data) / 1e6:.1f}") from exc
    fsync_dir(path.parent)


def private(name: str) -> bool:
    """A file of the data folder only its owner may read: the signing keys."""
    return name.split("/", 1)[0] == KEYS_DIR


def add_file(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600 if private(name.removeprefix("data/")) else 0o644
    tar.addfile(info, io.BytesIO(data))


def read_archive(archive: Path, raw: bytes
                  ) -> tuple[dict[str, bytes], dict[str, Any] | None, list[str]]:
    """The data files, the manifest and the pickles left out (never read)."""
    files: dict[str, bytes] = {}
    manifest = None
    dropped: list[str] = []
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                raise StoreError(f"{archive}: unexpected member {member.name!r}",
                                 code="bad_backup")
            name = member.name
            if name == "manifest.json":
                manifest = json.loads(tar.extractfile(member).read())  # type: ignore[union-attr]
                continue
            parts = name.split("/")
            if parts[0] != "data" or len(parts) < 2 or any(p in ("", ".", "..") for p in parts):
                raise StoreError(f"{archive}: unsafe path {name!r}", code="bad_backup")
            if pickled(name):
                dropped.append("/".join(parts[1:]))  # not even read
                continue
            files["/".join(parts[1:])] = tar.extractfile(member).read()  # type: ignore[union-attr]
    return files, manifest, dropped
