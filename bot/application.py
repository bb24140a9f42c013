"""The bot's Application (``bot.app.build_application`` builds it): each update handled
as one step whose changes to the conversations are saved with its id, when kept
(``bot.state.Keeper``), and asked only of the handlers that may take it
(``bot.dispatch``); a flow ended idle saved as ended. A bot that keeps no state (the
demo, the terminal chat) drops a redelivered update in memory instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler, ContextTypes

from .conversation import IdleConversation
from .dispatch import Routes
from .dispatch import process_update as dispatch
from .state import keeper_of
from .state_docs import KEY as KEEPER_KEY
from .stopping import IN_STEP, STEPS_WAIT, stopping_of

__all__ = ["StewardApplication", "save_ended", "SEEN_UPDATES", "drop_redelivered"]

log = logging.getLogger("bot.app")  # its lines as they were, when this was bot/app.py's


class StewardApplication(Application):  # type: ignore[type-arg]
    """The Application, each update handled as one step whose changes to the
    conversations are saved with its id (``bot.state.Keeper``), when kept; each
    update asked only of the handlers that may take it (``bot.dispatch``)."""

    @property
    def routes(self) -> Routes:
        routes: Routes | None = getattr(self, "_steward_routes", None)
        if routes is None:
            routes = self._steward_routes = Routes()
        return routes

    def add_handler(self, handler: BaseHandler[Any, Any, Any], group: int = 0) -> None:
        super().add_handler(handler, group)
        self.routes.clear()

    def remove_handler(self, handler: BaseHandler[Any, Any, Any], group: int = 0) -> None:
        super().remove_handler(handler, group)
        self.routes.clear()

    async def _dispatch(self, update: object) -> None:
        await dispatch(self, self.routes, update)

    async def process_update(self, update: object) -> None:
        keeper = keeper_of(self)
        if keeper is None or not isinstance(update, Update) or "repo" not in self.bot_data:
            await self._dispatch(update)
            return
        stop = stopping_of(self)
        if stop.abandoning:  # received and not done: handled at the next start
            log.info("update %s is left for the next start (stopping)", update.update_id)
            return
        task = asyncio.current_task()
        if task is not None:
            stop.steps.add(task)
        step = IN_STEP.set(True)
        try:
            await keeper.handle(update, self._dispatch)
        except asyncio.CancelledError:
            if stop.began is None:
                raise
            # bot.stopping: as after a kill, the next start handles it again (or, if it
            # wrote, says so and sends what should have followed)
            log.warning("停下时放下了正在处理的消息 %s，下次启动时接着处理 / stopping: update %s "
                        "is left for the next start", update.update_id, update.update_id)
            await keeper.cut_at_stop(update.update_id)  # not a try: it did not stop the bot
        finally:
            IN_STEP.reset(step)
            if task is not None:
                stop.steps.discard(task)

    async def stop(self) -> None:
        """python-telegram-bot's stop, which waits for the updates being handled: those
        still running after ``STEPS_WAIT`` seconds are left for the next start
        (``bot.stopping``), and so are the JobQueue's jobs running then (a reminders' round,
        a vote's result being told), so that a stop ends within seconds however slow
        Telegram is and however many people a job has to tell."""
        stop = stopping_of(self)
        if self.bot_data.get(KEEPER_KEY) is None:  # nothing kept: nothing to take up later
            await super().stop()
            return
        stop.began = time.monotonic()
        stopping = asyncio.ensure_future(super().stop())
        done, _ = await asyncio.wait({stopping}, timeout=STEPS_WAIT)
        if not done:
            stop.abandoning = True
            running = list(stop.steps)
            for task in running:
                task.cancel()
            if running:
                log.warning("停下时有 %d 条消息没处理完（Telegram 太慢或连不上），下次启动时接着"
                            "处理 / stopping: %d update(s) still being handled after %.0f s "
                            "are left for the next start", len(running), len(running),
                            STEPS_WAIT)
        jobs: set[asyncio.Task[Any]] = set()
        while not done:  # a job (reminders, a vote's result) is cut as a kill would cut it:
            # each records whom it told as it goes, the next start tells the rest
            found = set(stop.jobs) - jobs
            for job in found:
                job.cancel()
            jobs |= found
            done, _ = await asyncio.wait({stopping}, timeout=0.2)
        if jobs:
            log.warning("停下时有 %d 个定时任务（提醒、投票结果等）没做完，下次启动时接着做 / "
                        "stopping: %d job(s) (reminders, vote results, ...) still running "
                        "after %.0f s are left for the next start", len(jobs), len(jobs),
                        STEPS_WAIT)
        await stopping


async def save_ended(handler: IdleConversation, keys: list[Any], app: Application) -> None:
    """Save that idle flows ended (when conversations are kept)."""
    keeper = keeper_of(app)
    if keeper is not None:
        await keeper.ended(handler, keys)


SEEN_UPDATES = 10_000  # how many recent update ids are remembered


async def drop_redelivered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram redelivers an update whose delivery it thinks failed (a webhook
    answer that timed out): handle each update id once, so a redelivered "confirm"
    tap or typed amount is not taken as a second one. In memory only: for a bot
    that keeps no state (the demo, the terminal chat); ``steward run`` keeps the
    ids in the store with the writes they caused (bot/state.py)."""
    seen = context.application.bot_data.setdefault("_seen_updates", OrderedDict())
    if update.update_id in seen:
        log.info("dropped redelivered update %s", update.update_id)
        raise ApplicationHandlerStop
    seen[update.update_id] = None
    while len(seen) > SEEN_UPDATES:
        seen.popitem(last=False)
