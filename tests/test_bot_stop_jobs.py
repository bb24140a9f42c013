"""A stop does not wait for the JobQueue's jobs. python-telegram-bot's stop waits for
every job running, and a reminders' round paced at Telegram's rate (30 a second for a
street's thousands of residents), or held by a 429 with a long retry_after, kept
``steward run`` stopping for minutes (systemd kills at 90 s). Once the stop's steps are
given up (``STEPS_WAIT``), the jobs running are cancelled too, as a kill would cut them:
each records whom it told as it goes, and the next start tells the rest
(tests/test_bot_result_cut_before_telling.py)."""

from __future__ import annotations

import asyncio
import logging
import time

from bot_harness import BotHarness

from bot.settings import Settings
from bot.stopping import STEPS_WAIT, cut_at_stop

CUT = "job(s) (reminders, vote results, ...) still running"


async def test_a_stop_cancels_a_job_still_running_after_the_steps_wait(repo, caplog):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    began, ended = asyncio.Event(), []

    async def round_of_reminders(context) -> None:  # type: ignore[no-untyped-def]
        began.set()
        try:
            await asyncio.sleep(3600)  # Telegram's pace for a long round, or a 429's hold
        except asyncio.CancelledError:
            ended.append("cancelled")
            raise

    caplog.set_level(logging.WARNING, logger="bot.app")
    async with BotHarness(repo, settings=settings) as bot:
        await bot.app.start()
        bot.app.job_queue.run_once(cut_at_stop(round_of_reminders), 0.01)
        await asyncio.wait_for(began.wait(), timeout=10)
        t0 = time.monotonic()
        await asyncio.wait_for(bot.app.stop(), timeout=60)
        took = time.monotonic() - t0
    assert ended == ["cancelled"]
    assert STEPS_WAIT <= took < STEPS_WAIT + 3, took
    assert caplog.text.count(CUT) == 1, caplog.text


async def test_a_job_that_ends_within_the_steps_wait_is_waited_for(repo):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    ended = []

    async def short_job(context) -> None:  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.5)
        ended.append("done")

    async with BotHarness(repo, settings=settings) as bot:
        await bot.app.start()
        bot.app.job_queue.run_once(short_job, 0.01)
        await asyncio.sleep(0.1)
        t0 = time.monotonic()
        await bot.app.stop()
        took = time.monotonic() - t0
    assert ended == ["done"] and took < STEPS_WAIT, took


async def test_the_jobs_that_tell_many_people_are_cut_at_a_stop(repo):
    """The reminders' round and the votes closed at their deadline (each result told to
    the compound's residents); the sweeps, quick and local, are waited for."""
    async with BotHarness(repo) as bot:
        cut = {job.name for job in bot.app.job_queue.jobs()
               if getattr(job.callback, "__wrapped__", None) is not None}
    assert cut == {"reminders", "close votes at their deadline"}
