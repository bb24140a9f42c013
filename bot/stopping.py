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

The volunteers' posts and the edits of posts then get what is left of ``STOP_BUDGET``
(``bot.app``); what did not go is posted at the next start (``bot.notices``).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Abandoned", "Stopping", "stopping_of", "late", "STEPS_WAIT", "STOP_BUDGET",
           "STOP_KEY", "IN_STEP", "wait_left"]

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
