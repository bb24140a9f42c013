"""How the bot takes updates: different people at once, each person in order.

PTB processes updates one at a time by default, so one resident's durable
write (an fsync) or a volunteer's long list makes everyone else wait. Running
updates concurrently is safe for the store (one lock, one writer) but not
for conversations: two quick taps by the same person would race through
their flow. ``PerUserUpdateProcessor`` runs updates of different users
concurrently and those of one user strictly in arrival order.

An update that waits for the same person's previous one holds no slot: else a
few quick tappers whose first update waits for the disk would fill every slot
with updates that cannot run, and everyone else would wait behind them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["PerUserUpdateProcessor", "DEFAULT_CONCURRENCY"]

DEFAULT_CONCURRENCY = 32


def _key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


# PTB's own semaphore (taken before ``do_process_update``) is made wide enough
# never to wait; the limit is applied after a person's turn has come.
_UNBOUNDED = 1 << 30


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """At most ``max_concurrent_updates`` at once; one user's updates one after another."""

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        if max_concurrent_updates < 1:
            raise ValueError("max_concurrent_updates must be a positive integer")
        super().__init__(_UNBOUNDED)
        self._limit = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # user -> (lock, users of it)

    @property
    def limit(self) -> int:
        """How many updates are handled at once, at most (PTB's own
        ``max_concurrent_updates`` is the unbounded outer semaphore)."""
        return self._limit

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock, self._slots:  # first this person's turn, then a slot
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]  # nobody waits: forget the user
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
