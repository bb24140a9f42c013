"""A message recorded as told just before it leaves (``bot.sending.paced``'s ``ready``:
``bot.notify.send_once`` and its kin) whose call a stop cancels before the request left
— while a 429 is waited out, or while the record was being written — has its record
undone (``unready``): nothing went, and the update the stop leaves for the next start
sends it there. Kept, the next start took her as told, and she never heard (an
approval's author, CI on 50627c08). A cancel while the request is on its way keeps the
record: it may have gone."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from telegram.error import RetryAfter

from bot.sending import PACE_KEY, Pace, paced


def _app() -> SimpleNamespace:
    return SimpleNamespace(bot_data={PACE_KEY: Pace(0, 0)})


class Record:
    """A durable record of a telling, as ``_send_once`` keeps one."""

    def __init__(self, slow: asyncio.Event | None = None, grant: bool = True) -> None:
        self.slow, self.grant = slow, grant
        self.made = self.undone = 0

    async def ready(self) -> bool:
        if self.slow is not None:
            await self.slow.wait()
        self.made += self.grant
        return self.grant

    async def unready(self) -> None:
        self.undone += 1


async def _cancel_soon(task: asyncio.Task, after: float = 0.05) -> None:
    await asyncio.sleep(after)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_cancel_while_a_429_is_waited_out_undoes_the_record():
    record, calls = Record(), []

    async def send(chat: int) -> str:
        calls.append(chat)
        raise RetryAfter(40)

    task = asyncio.ensure_future(paced(_app(), 5, send, ready=record.ready,
                                       unready=record.unready))
    await _cancel_soon(task)
    assert calls == [5]  # refused once, then waiting 40 s for the next try
    assert (record.made, record.undone) == (1, 1)


async def test_a_cancel_while_the_request_is_on_its_way_keeps_the_record():
    record, calls = Record(), []

    async def send(chat: int) -> str:
        calls.append(chat)
        await asyncio.sleep(3600)  # Telegram has it; its answer is slow
        return "sent"

    task = asyncio.ensure_future(paced(_app(), 5, send, ready=record.ready,
                                       unready=record.unready))
    await _cancel_soon(task)
    assert calls == [5]
    assert (record.made, record.undone) == (1, 0)


async def test_a_cancel_while_the_record_is_written_waits_for_it_and_undoes_it():
    slow = asyncio.Event()
    record, calls = Record(slow), []

    async def send(chat: int) -> str:
        calls.append(chat)
        return "sent"

    task = asyncio.ensure_future(paced(_app(), 5, send, ready=record.ready,
                                       unready=record.unready))
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.sleep(0.05)
    assert not task.done()  # the record's write is waited for, not left half made
    slow.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert calls == []
    assert (record.made, record.undone) == (1, 1)


async def test_a_record_another_sending_made_is_never_undone_by_a_cancel():
    slow = asyncio.Event()
    record = Record(slow, grant=False)  # told already: not this sending's record

    async def send(chat: int) -> str:
        return "sent"

    task = asyncio.ensure_future(paced(_app(), 5, send, ready=record.ready,
                                       unready=record.unready))
    await asyncio.sleep(0.05)
    task.cancel()
    slow.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (record.made, record.undone) == (0, 0)


async def test_a_message_that_goes_keeps_its_record():
    record = Record()

    async def send(chat: int) -> str:
        return "sent"

    assert await paced(_app(), 5, send, ready=record.ready,
                       unready=record.unready) == "sent"
    assert (record.made, record.undone) == (1, 0)
