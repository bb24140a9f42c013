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

The updates received before a stop and handled again at the start
(``one_at_a_time``, ``bot.state.Keeper.load``) are handled one after another,
each alone among them: a try of such an update is counted when its handling
begins, and one that was being handled at each of three stops is given up as
the one that stops the bot. Run together, every one of them that had begun was
counted at a stop that one of them caused (or that came while the machine was
restarting again and again), and innocent messages were given up beside it: a
trial that killed the bot 25 times while 120 people reported, registered and
paid lost two or three of their steps so, the bot telling each sender to send it
again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Iterable
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
_NOBODY = contextlib.nullcontext()  # an update that waits for no other's turn


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """At most ``max_concurrent_updates`` at once; one user's updates one after another."""

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        if max_concurrent_updates < 1:
            raise ValueError("max_concurrent_updates must be a positive integer")
        super().__init__(_UNBOUNDED)
        self._limit = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # user -> (lock, users of it)
        self._alone: set[int] = set()  # ids of the updates handled again after a stop
        self._solo = asyncio.Lock()  # held by the one of them being handled

    def one_at_a_time(self, update_ids: Iterable[int]) -> None:
        """Handle these updates (received before a stop, queued again) one after
        another: none of them begins while another is being handled. Others are
        handled beside them as usual."""
        self._alone.update(update_ids)

    @property
    def limit(self) -> int:
        """How many updates are handled at once, at most (PTB's own
        ``max_concurrent_updates`` is the unbounded outer semaphore)."""
        return self._limit

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        alone = update_id is not None and update_id in self._alone
        try:
            await self._take_turn(update, coroutine, self._solo if alone else _NOBODY)
        finally:
            if alone:
                self._alone.discard(update_id)  # type: ignore[arg-type]

    async def _take_turn(self, update: object, coroutine: Awaitable[Any],
                         solo: contextlib.AbstractAsyncContextManager[Any]) -> None:
        """This person's turn (her earlier updates handled first), then the turn
        among the updates handled again (``solo``), then a slot."""
        key = _key(update)
        if key is None:
            async with solo, self._slots:
                await coroutine
            return
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock, solo, self._slots:  # her turn, then theirs, then a slot
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
