"""A stop of ``steward run`` waits once for the volunteers' posts still waiting, while
it can still reach Telegram, and leaves no round running behind it. run_polling calls
post_stop, then shuts the bot's connection and calls post_shutdown, which waited
NOTICES_STOP_WAIT a second time over a closed connection: a stop with posts waiting
took 20 s (measured against the Bot API emulator), logged a warning a second for
each chat (This HTTPXRequest is not initialized!) and ended with asyncio's "Task was
destroyed but it is pending!" for the round left running."""

from __future__ import annotations

import asyncio
import logging

from bot_harness import BotHarness
from conftest import confirmed_resident
from test_bot_notices import HOME, pay

from bot.notices import NOTICES_KEY

STOPPED = "stopped before every volunteers' post waiting went"


async def test_a_stop_waits_once_and_cancels_the_round_left(repo, monkeypatch, caplog):
    import bot.app
    import bot.notices

    confirmed_resident(repo, 7001, HOME, 101)
    real = bot.notices.post_pending

    async def slow_to_102(context, entry, chat_id, *args, **kwargs):
        if chat_id == 102:
            await asyncio.sleep(3600)  # Telegram's pace for a long round
        return await real(context, entry, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot.notices, "post_pending", slow_to_102)
    monkeypatch.setattr(bot.app, "NOTICES_STOP_WAIT", 0.2)
    caplog.set_level(logging.WARNING, logger="bot.app")

    async def run() -> asyncio.Task | None:
        async with BotHarness(repo) as harness:
            harness.drain_notices = False
            notices = harness.app.bot_data[NOTICES_KEY]
            notices.window = 0.01  # its round starts, and hangs on 102
            await pay(harness, 7001)
            await asyncio.sleep(0.1)
            await harness.app.post_stop(harness.app)  # as run_polling: before the shutdown
        return notices._task

    task = await asyncio.wait_for(run(), timeout=30)
    assert caplog.text.count(STOPPED) == 1, caplog.text
    assert task is None or task.done()
