"""The offline bot (``steward demo``, ``steward chat``) gives its button presses ids
like Telegram's, long and never met again: the real ``steward run`` over the demo's
data folder, against a Bot API emulator that numbers updates and presses from 1 (as
the developers' trials do), must not take a new press for one the demo already
handled (it was dropped as a redelivery: the resident's first button did nothing)."""

from __future__ import annotations

from bot_harness import BotHarness
from telegram import Update

from bot.settings import Settings
from bot.state import _same


async def test_a_press_numbered_afresh_is_not_taken_for_one_the_demo_made(repo):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(4242, "/start")
        await bot.press(4242, "reg:c:east")
    kept = {d["doc_id"]: d for d in repo.store.all("bot/updates", "updates")}
    press_id = max(kept)
    assert kept[press_id]["seen"].startswith("q:")
    # What the emulator (tests/bot_api_faults.py), numbering from 1, sends as update
    # ``press_id``: the same user's same button, the press numbered just before it.
    fresh = Update.de_json({"update_id": press_id, "callback_query": {
        "id": str(press_id - 1), "from": {"id": 4242, "is_bot": False, "first_name": "A"},
        "chat_instance": "c", "data": "reg:c:east"}}, None)
    assert not _same(kept[press_id], fresh)
