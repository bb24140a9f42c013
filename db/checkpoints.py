"""The thread that makes a store's checkpoints when they are due (``db.transaction``:
``WritePath.checkpoint`` says what a checkpoint does, and how writes go on beside it)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from .errors import StoreError

if TYPE_CHECKING:
    from .transaction import WritePath

__all__ = ["Checkpoints"]

log = logging.getLogger(__name__)


class Checkpoints:
    """The thread that makes a store's checkpoints when they are due, so that the
    writer whose commit made one due is not the one who waits for it."""

    def __init__(self, store: WritePath) -> None:
        self.store = store
        self._wake = threading.Condition()
        self._wanted = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def request(self) -> None:
        with self._wake:
            if self._stopping:
                return
            self._wanted = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="steward-checkpoint",
                                                daemon=True)
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        """Let a checkpoint being made finish, and make no more."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._wanted and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                self._wanted = False
            if not self.store.checkpoint_due:
                continue  # asked again while the last one was being made
            try:
                self.store.checkpoint()
            except StoreError as exc:
                # The writes are committed (in a journal, and in memory); the
                # checkpoint is tried again on the next commit, and on close.
                log.warning("checkpoint failed, will retry: %s", exc)
            except Exception:  # noqa: BLE001 - the thread must go on
                log.exception("checkpoint failed")
