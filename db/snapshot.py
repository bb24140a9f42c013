"""The read-only half of ``Store`` (which inherits ``SnapshotPath``): taking a
consistent snapshot of a data folder beside its writer, and catching it up.

Under the checkpoint lock (no checkpoint is half made meanwhile) the snapshot
reads the manifest, takes every partition file (``db.held``: held open, not
read) and reads the journal. ``refresh`` takes again, under the same lock,
the files a checkpoint rewrote since, and reads the journal on from where it
stopped (from the start of a new one after a checkpoint).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .journal import Journal
from .locks import checkpoint_lock
from .partitions import Partitions, stamp

__all__ = ["SnapshotPath"]


class SnapshotPath:
    """Taking and refreshing a read-only snapshot (``Store`` sets the attributes)."""

    root: Path
    readonly: bool
    lock: threading.RLock
    _journal: Journal
    _parts: Partitions
    # The documents the journal (or a refresh) changed since the partition files were
    # read: (partition, table, id) -> the document before (``MISSING``: none).
    _replayed: dict[tuple[str, str, str], Any]
    # The journal file when read, so that ``refresh`` reads on from where it stopped,
    # or from the start of a new file.
    _journal_id: tuple[int, int] | None = None

    if TYPE_CHECKING:  # Store's
        def _check_files(self) -> None: ...
        def _replay(self, start: int = 0) -> set[str]: ...

    def _take_snapshot(self) -> None:
        """Take the folder as it is (opening read-only)."""
        try:
            with checkpoint_lock(self.root):
                self._check_files()
                self._parts.hold(sorted(self._parts.known))
                self._journal_id = _file_id(self._journal.path)
                self._replay()
        except BaseException:
            self._parts.close()
            raise

    def refresh(self) -> set[str]:
        """Catch a read-only snapshot up with the writer; the names of the partitions
        that changed (empty: nothing did).

        Under the checkpoint lock: partition files the writer rewrote since they
        were taken are taken again (and read, for what changed in them); then the
        journal is read on from where this reader stopped or, if a checkpoint
        emptied it (a new file), from the start. Appends cost only their own
        bytes, so a long-lived reader (the incremental site builder) follows the
        bot cheaply.
        """
        if not self.readonly:
            raise StoreError("refresh is for a read-only snapshot", code="not_read_only")
        with self.lock, checkpoint_lock(self.root):
            try:
                changed = self._refresh()
                self._parts.refresh_all = False
                return changed
            except BaseException:
                # Half caught up: the next refresh takes every partition file and
                # reads the whole journal again.
                self._parts.refresh_all = True
                self._journal_id = None
                raise

    def _refresh(self) -> set[str]:
        parts = self._parts
        changed: set[str] = set()
        parts.known.clear()
        self._check_files()
        for name in parts.taken_again():
            for table, key, old in parts.reload(name):
                self._replayed.setdefault((name, table, key), old)
            changed.add(name)
        journal_id = _file_id(self._journal.path)
        start = self._journal.end
        size = stamp(self._journal.path)[1]
        if changed or journal_id != self._journal_id or size < start:
            # A checkpoint happened: the rewritten partitions hold what the
            # old journal said; the new journal holds everything since.
            start = 0
        self._journal_id = journal_id
        changed |= self._replay(start)
        return changed


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)
