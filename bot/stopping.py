"""A stop (SIGTERM: systemd, ``steward run --restart``, Ctrl-C) that ends within seconds
however Telegram answers.

Twice ``steward run`` went on retrying its sends for more than a minute after SIGTERM:
python-telegram-bot's stop waits for every update being handled, and a step telling
people of something (an approval's author, a vote's residents) keeps at a message
Telegram refuses with 429 and a long ``retry_after``, or cannot be reached, for up to
six tries (``bot.sending.paced``); an answer (``bot.context.reply``) waits up to a minute
for its 429. Reproduced against the Bot API emulator: with the volunteers' posts queued
and every message answered 429 (retry after 40 s), a volunteer's ✅ being handled kept
the process 200 s and more; with Telegram out of reach, 74 s.

Now a stop gives the steps being handled ``STEPS_WAIT`` seconds (``StewardApplication.stop``,
``bot.application``). A step's send that would wait past then (a 429's hold, the pause
before calling an unreachable Telegram again) is given up at once (``late``, raising
``Abandoned``); a step still running then is cancelled, and an update whose handling
would begin after it is left as it is. Each ends as a kill would end it: the update is
in the store, received and not done (``bot.state``), so the next start handles it again,
or, if it wrote, says it was saved and sends what should have followed the write (the
``finish_saved`` of its handler), each person once (their records, ``db.reminders``,
``bot.posts``). Only a message on its way when the step is cancelled may go twice, as
after a kill. When the bot keeps no state (the demo, the terminal chat) nothing is
abandoned: there is no next start to finish it.

A JobQueue job still running then (a reminders' round paced at Telegram's rate, a
vote's result being told to a compound) is cancelled too: each records whom it told as
it goes, and the next start tells the rest (``db.reminders``,
``bot.handlers.vote_results.resume_results``).

The volunteers' posts and the edits of posts then get what is left of ``STOP_BUDGET``
(``bot.app``); what did not go is posted at the next start (``bot.notices``).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Abandoned", "Stopping", "stopping_of", "late", "STEPS_WAIT", "STOP_BUDGET",
           "STOP_KEY", "IN_STEP", "wait_left", "cut_at_stop"]

STOP_KEY = "stopping"  # bot_data: the application's Stopping
# True while an update is handled as a step, in its task and in those it starts
# (``fan_out``'s senders): their sends may be abandoned at a stop
IN_STEP: contextvars.ContextVar[bool] = contextvars.ContextVar("steward_in_step",
                                                                default=False)
STEPS_WAIT = 2.0  # seconds a stop waits for the updates being handled
STOP_BUDGET = 5.0  # seconds from the stop by which the posts and edits are given up too


class Abandoned(asyncio.CancelledError):
    """A step's send given up: the bot is stopping and Telegram would not take it before
    the steps' deadline. A cancellation, so that no handler takes it for a message that
    did not go and goes on (its step would then be done, what it did not send lost)."""


@dataclass
class Stopping:
    """The stop under way, if any, and the steps being handled."""

    began: float | None = None  # time.monotonic() of the stop
    abandoning: bool = False  # past STEPS_WAIT: steps are cancelled, none begins
    steps: set[asyncio.Task[Any]] = field(default_factory=set)
    jobs: set[asyncio.Task[Any]] = field(default_factory=set)  # ``cut_at_stop``'s, running

    @property
    def steps_by(self) -> float | None:
        """When the steps still running are abandoned (None: no stop)."""
        return None if self.began is None else self.began + STEPS_WAIT

    def left(self, budget: float = STOP_BUDGET, least: float = 0.5) -> float:
        """Seconds left of ``budget`` from the stop (at least ``least``)."""
        if self.began is None:
            return budget
        return max(least, self.began + budget - time.monotonic())


def stopping_of(app: Any) -> Stopping:
    """The application's ``Stopping`` (made on first use)."""
    stop = app.bot_data.get(STOP_KEY)
    if stop is None:
        stop = app.bot_data[STOP_KEY] = Stopping()
    return stop  # type: ignore[no-any-return]


R = TypeVar("R")


def cut_at_stop(callback: Callable[[Any], Coroutine[Any, Any, R]]
                ) -> Callable[[Any], Coroutine[Any, Any, R]]:
    """A JobQueue job that a stop cancels once its steps are given up (``STEPS_WAIT``)
    instead of waiting for it (``StewardApplication.stop``): one that tells many people,
    at Telegram's pace or held by a 429, and records each as told, so that the next
    start tells the rest. python-telegram-bot shields a job's run from the cancelling of
    the job itself, so the job's own task is kept here to be cancelled."""

    @functools.wraps(callback)
    async def job(context: Any) -> R:
        stop = stopping_of(context.application)
        task = asyncio.current_task()
        if task is not None:
            stop.jobs.add(task)
        try:
            return await callback(context)
        finally:
            if task is not None:
                stop.jobs.discard(task)

    return job


def late(app: Any, at: float) -> None:
    """Raise ``Abandoned`` when the caller is a step being handled (``IN_STEP``), the bot
    is stopping, and a send of it would go at ``at`` (``time.monotonic()``), after the
    steps' deadline."""
    stop = app.bot_data.get(STOP_KEY)
    if stop is None or stop.began is None:
        return
    deadline = stop.steps_by
    if deadline is not None and at > deadline and IN_STEP.get():
        raise Abandoned(f"stopping: a send due in {at - time.monotonic():.0f} s is left "
                        "for the next start")


def wait_left(app: Any, usual: float, budget: float = STOP_BUDGET) -> float:
    """``usual`` seconds, or, in a stop that began ``budget`` seconds ago or nearly, what
    is left of them (half a second at least)."""
    stop = app.bot_data.get(STOP_KEY)
    return usual if stop is None or stop.began is None else min(usual, stop.left(budget))
