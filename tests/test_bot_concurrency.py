"""The bot's concurrency model: different people at once, one person in order."""

from __future__ import annotations

import asyncio

import pytest
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
        assert bot.app.update_processor.limit == 32


async def test_no_more_than_the_limit_run_at_once():
    processor = PerUserUpdateProcessor(2)
    running = 0
    most = 0

    async def handle() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1

    await asyncio.gather(*(processor.process_update(update(uid, uid), handle())
                           for uid in range(1, 7)))
    assert most == 2


async def test_an_update_waiting_for_its_senders_turn_holds_no_slot():
    # one slot; user 1 has a slow update and two more queued behind it; user 2's
    # update must run as soon as the slot frees, not after all of user 1's
    processor = PerUserUpdateProcessor(1)
    release = asyncio.Event()
    log: list[str] = []

    async def slow() -> None:
        log.append("1a start")
        await release.wait()
        log.append("1a end")

    async def quick(name: str) -> None:
        log.append(name)

    tasks = [asyncio.create_task(processor.process_update(update(1, 1), slow()))]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(processor.process_update(update(1, 2), quick("1b"))))
    tasks.append(asyncio.create_task(processor.process_update(update(1, 3), quick("1c"))))
    tasks.append(asyncio.create_task(processor.process_update(update(2, 4), quick("2"))))
    await asyncio.sleep(0.01)
    assert log == ["1a start"]  # the only slot is user 1's slow update
    release.set()
    await asyncio.gather(*tasks)
    assert log[:3] == ["1a start", "1a end", "2"]  # user 2 was first in line for the slot
    assert log.index("1b") < log.index("1c")  # user 1 still in order
    assert processor._locks == {}


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError):
        PerUserUpdateProcessor(0)


async def test_updates_handled_again_after_a_stop_run_one_at_a_time_beside_the_others():
    """Updates queued again at a start (``one_at_a_time``) never overlap one another,
    while a new update runs beside them, and each person's stay in order."""
    processor = PerUserUpdateProcessor(16)
    processor.one_at_a_time([1, 2, 3])
    log: list[tuple[str, int]] = []

    async def handle(n: int, delay: float) -> None:
        log.append(("start", n))
        await asyncio.sleep(delay)
        log.append(("end", n))

    await asyncio.gather(
        processor.process_update(update(10, 1), handle(1, 0.05)),  # handled again
        processor.process_update(update(11, 2), handle(2, 0.0)),  # handled again
        processor.process_update(update(12, 3), handle(3, 0.0)),  # handled again
        processor.process_update(update(10, 4), handle(4, 0.0)),  # new, after 1 (same person)
        processor.process_update(update(13, 5), handle(5, 0.0)),  # new, someone else
    )
    for first, then in ((1, 2), (2, 3)):  # one after another, none while another runs
        assert log.index(("end", first)) < log.index(("start", then))
    assert log.index(("end", 1)) < log.index(("start", 4))  # her order kept
    assert log.index(("end", 5)) < log.index(("end", 1))  # the new one did not wait
    assert processor._alone == set() and processor._locks == {}  # all forgotten once done
