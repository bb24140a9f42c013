"""The bot's concurrency model: different people at once, one person in order."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.concurrency import PerUserUpdateProcessor
from bot.offline import OfflineBot


def update(uid: int, n: int) -> Update:
    return Update.de_json({"update_id": n, "message": {
        "message_id": n, "date": 1735689600, "chat": {"id": uid, "type": "private"},
        "from": {"id": uid, "is_bot": False, "first_name": "u"}, "text": f"m{n}"}}, None)


async def test_one_persons_updates_run_in_order_while_others_overlap():
    processor = PerUserUpdateProcessor(16)
    log: list[tuple[str, int, int]] = []

    async def handle(uid: int, n: int, delay: float) -> None:
        log.append(("start", uid, n))
        await asyncio.sleep(delay)
        log.append(("end", uid, n))

    # user 1 sends a slow update and then a fast one; user 2 sends one meanwhile
    await asyncio.gather(
        processor.process_update(update(1, 1), handle(1, 1, 0.05)),
        processor.process_update(update(1, 2), handle(1, 2, 0.0)),
        processor.process_update(update(2, 3), handle(2, 3, 0.0)),
    )
    assert log.index(("end", 1, 1)) < log.index(("start", 1, 2))  # in order for user 1
    assert log.index(("end", 2, 3)) < log.index(("end", 1, 1))  # user 2 did not wait
    assert processor._locks == {}  # nobody is remembered once idle


async def test_the_production_application_uses_the_per_user_processor(repo):
    async with OfflineBot(repo) as bot:
        assert isinstance(bot.app.update_processor, PerUserUpdateProcessor)
        assert bot.app.update_processor.max_concurrent_updates == 32
