"""The files' half of ``Store`` (which inherits ``FileChecks``): every file held
against its checksum in the manifest, the version (sha256) of a partition's file or
of its documents now, and the saved indexes' file checked against the manifest.
``db.store`` opens the folder and reads; ``db.manifest`` lists what the files must
hold."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .held import HeldIndex
from .manifest import INDEX_NAME, Manifest, summarised, version_of
from .partitions import Partitions
from .partitions import is_dirty as storage_of_dirty

__all__ = ["FileChecks"]

log = logging.getLogger("db.store")


class FileChecks:
    """``Store``'s checks of its files against the manifest (a mixin: the attributes
    below are ``Store``'s)."""

    root: Path
    lock: threading.RLock
    _manifest: Manifest
    _parts: Partitions
    problems: list[StoreError] | None
    held_index: HeldIndex | None
    journal_touched: set[str]

    if TYPE_CHECKING:  # Store's
        def _problem(self, problem: StoreError) -> None: ...

    def check_checksums(self) -> None:
        """Read every file the manifest lists and hold it against its checksum, without
        keeping or parsing it (those read since the folder was opened were checked
        then): damage is found at start-up, not mid-use, for a fraction of what
        reading every partition costs. Raises StoreError naming the first damaged
        file (or lists them all, when collecting problems)."""
        with self.lock:
            if self._manifest.files is None:
                return
            for name in sorted(self._parts.known - self._parts.read_once):
                path = self.root / f"{name}.json"
                try:
                    _raw, problem = self._parts.raw(name)  # read-only: the file held
                except OSError as exc:
                    self._problem(StoreError(f"{path}: cannot be read: {exc.strerror or exc}",
                                             code="unreadable", path=str(path)))
                    continue
                if problem is not None:
                    self._problem(problem)

    def file_version(self, partition: str) -> str | None:
        """The sha256 the manifest lists for a partition's file, if it lists one only
        and no write since the file was read changed the partition."""
        with self.lock:
            listed = (self._manifest.files or {}).get(f"{partition}.json") or []
            if len(listed) != 1 or listed[0] is None or partition in self.journal_touched:
                return None
            if partition in self._parts.loaded() and \
                    storage_of_dirty(self._parts, partition):
                return None
            return str(listed[0]["sha256"])

    def content_version(self, partition: str) -> str:
        """The sha256 of a partition's file as it is, or as a checkpoint would write it
        now: ``file_version`` (its file is not read) or, when that is None,
        ``Partitions.digest`` of its documents in memory. The same digest, the same
        documents."""
        version = self.file_version(partition)
        if version is not None:
            return version
        with self.lock:
            return self._parts.digest(partition)

    def saved_index(self, *, hold: bool = False) -> Any:
        """The saved indexes' file (``db.saved_index``), checked against the manifest,
        and the version (sha256) of each partition file it must have been made from
        (the manifest's now); None if there is none to use: a folder without one or
        without a manifest, a checkpoint cut short, or a damaged file (logged).
        ``hold``: the file held open to be read and checked later (``HeldIndex``)."""
        files = self._manifest.files
        if files is None or self.problems is not None:
            return None
        listed = files.get(INDEX_NAME)
        if not listed or len(listed) != 1 or listed[0] is None:
            return None
        versions = {}
        for rel, found in files.items():
            if rel.endswith(".json") and summarised(rel[: -len(".json")]):
                if len(found) != 1 or found[0] is None:
                    return None  # a checkpoint was cut short: either version may be there
                versions[rel[: -len(".json")]] = str(found[0]["sha256"])
        path = self.root / INDEX_NAME
        try:
            if hold:
                self.held_index = HeldIndex(path, listed[0], versions)
                return self.held_index
            raw = path.read_bytes()
        except OSError as exc:
            log.warning("%s: cannot be read (%s); the indexes are built from the partitions",
                        path, exc)
            return None
        if version_of(raw) != listed[0]:
            log.warning("%s: not as saved (its checksum does not match the manifest); the "
                        "indexes are built from the partitions", path)
            return None
        return raw, versions
