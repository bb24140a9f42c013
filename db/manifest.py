"""The data folder's manifest: which partition files it must hold, and what
each of them held when it was last written (size and sha256).

``manifest.json`` is written at every checkpoint, around the partition files
(``Store.checkpoint``): first a *pending* manifest that also allows the new
version of each file about to be written, then the files, then the manifest
with the new versions only. A crash anywhere in between leaves each file old
or new, and both are allowed; any other content is damage.

Opening a folder checks that every listed file is there with one of its
allowed sizes and that no partition file is there unlisted; reading a
partition checks its checksum. A file missing, cut short, altered or added
is named, with the advice to run ``steward restore``.

The journal is not listed: it changes on every write and guards itself (its
header says how much of it was saved, ``db.journal.Journal``); ``meta.json``
says whether the folder has a manifest, so that deleting the manifest does
not turn its checks off.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .errors import StoreError
from .storage import atomic_write_bytes, dumps_canonical

__all__ = ["Manifest", "MANIFEST_NAME", "INDEX_NAME", "version_of", "version_of_pieces",
           "summarised"]

MANIFEST_NAME = "manifest.json"
# The repository's indexes saved at each checkpoint (``db.saved_index``): listed like
# a partition file, but when it is missing or does not match, the indexes are built
# again from the partitions instead of the folder being refused.
INDEX_NAME = "indexes.dat"
RESTORE = "bring back a backup with `steward restore`"

Version = dict[str, Any]  # {"size": bytes, "sha256": hex}; None in a list: may be absent


def summarised(partition: str) -> bool:
    """Whether the saved indexes are made from this partition (an area's entries or
    ledger block)."""
    parts = partition.split("/")
    return len(parts) == 3 and parts[0] == "areas" and parts[2].startswith(
        ("entries-", "ledger-"))


def version_of(data: bytes) -> Version:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def version_of_pieces(pieces: list[bytes]) -> Version:
    """``version_of`` the file the pieces make, one after another."""
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return {"size": sum(len(p) for p in pieces), "sha256": digest.hexdigest()}


class Manifest:
    """The manifest of one data folder, as last written (``files`` is None for a
    folder from before manifests: nothing to check against yet)."""

    def __init__(self, root: Path, files: dict[str, list[Version | None]] | None) -> None:
        self.root = root
        self.files = files

    @property
    def path(self) -> Path:
        return self.root / MANIFEST_NAME

    @classmethod
    def load(cls, root: Path, required: bool) -> Manifest:
        """Read the manifest of ``root``; ``required``: the folder has had one
        (``meta.json`` says so), so a missing one is damage."""
        path = root / MANIFEST_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            if required:
                raise StoreError(f"{path}: missing; {RESTORE}", code="missing",
                                 path=str(path)) from None
            return cls(root, None)
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read: {exc.strerror or exc}",
                             code="unreadable", path=str(path)) from exc
        try:
            doc = json.loads(raw.decode("utf-8"))
            files = doc["files"]
            if not isinstance(files, dict) or not all(
                    isinstance(v, list) and all(x is None or (isinstance(x, dict) and
                                                              {"size", "sha256"} <= set(x))
                                                for x in v) for v in files.values()):
                raise ValueError("not a list of versions per file")
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{path}: damaged ({exc}); {RESTORE}", code="corrupt",
                             path=str(path)) from exc
        return cls(root, files)

    # -- checking ----------------------------------------------------------

    def check_present(self, names: set[str]) -> list[StoreError]:
        """What is wrong with the partition files found (``names``, without
        ``.json``): listed but missing or of a wrong size, or not listed."""
        if self.files is None:
            return []
        problems = []
        for rel, versions in sorted(self.files.items()):
            if rel == INDEX_NAME:
                continue  # checked when read; rebuilt rather than refused
            path = self.root / rel
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                if None not in versions:
                    problems.append(StoreError(
                        f"{path}: missing (the data folder's manifest lists it); {RESTORE}",
                        code="missing", path=str(path)))
                continue
            sizes = [v["size"] for v in versions if v is not None]
            if sizes and size not in sizes:
                what = (f"cut short: {size} of {max(sizes)} bytes" if size < min(sizes)
                        else f"altered or damaged: {size} bytes, not the {max(sizes)} "
                             f"that were saved")
                problems.append(StoreError(f"{path}: {what}; {RESTORE}", code="corrupt",
                                           path=str(path)))
        for name in sorted(names):
            if f"{name}.json" not in self.files:
                path = self.root / f"{name}.json"
                problems.append(StoreError(
                    f"{path}: not in the data folder's manifest (put there by hand?); move it "
                    f"out of the data folder, or {RESTORE}", code="unlisted", path=str(path)))
        return problems

    def check_content(self, name: str, data: bytes) -> StoreError | None:
        """Whether a partition file holds what was saved in it."""
        if self.files is None:
            return None
        rel = f"{name}.json"
        versions = [v for v in self.files.get(rel, []) if v is not None]
        if version_of(data)["sha256"] in {v["sha256"] for v in versions}:
            return None
        path = self.root / rel
        if not versions:
            return StoreError(f"{path}: not in the data folder's manifest (put there by "
                              f"hand?); move it out of the data folder, or {RESTORE}",
                              code="unlisted", path=str(path))
        if len(data) < min(v["size"] for v in versions):
            what = f"cut short: {len(data)} of {max(v['size'] for v in versions)} bytes"
        else:
            what = ("altered or damaged since it was saved (its checksum does not match "
                    "the manifest)")
        return StoreError(f"{path}: {what}; {RESTORE}", code="corrupt", path=str(path))

    # -- writing -----------------------------------------------------------

    def write_pending(self, new: dict[str, Version]) -> None:
        """Before the files of a checkpoint are written: each may be as it was or
        as it is about to be."""
        files = dict(self.files or {})
        for rel, version in new.items():
            old = files.get(rel) or [None]
            files[rel] = old + [version] if version not in old else old
        self._write(files)

    def write_final(self, new: dict[str, Version]) -> None:
        """Once they are written: each as it is now."""
        files = dict(self.files or {})
        files.update({rel: [version] for rel, version in new.items()})
        self._write(files)

    def _write(self, files: dict[str, list[Version | None]]) -> None:
        atomic_write_bytes(self.path, (dumps_canonical({"format": 1, "files": files})
                                       + "\n").encode("utf-8"))
        self.files = files
