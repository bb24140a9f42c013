"""A message sent once to each of many (``bot.notify.notify_once``: a vote opened, a
result, an announcement) is recorded as told durably just before it leaves, not after
its answer: a kill in between loses at most that message and never sends one twice
(the crash soak saw residents told of a new proposal twice when the bot was killed
within milliseconds of its fan-out). A message Telegram refused is not left recorded
(it is tried again, and not counted as told); one whose answer timed out may have
gone and is not sent again; two sendings of one notice at once send each message
once."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.error import TimedOut
from telegram.ext import CallbackContext

from bot.notify import notify_once

ROOMS = {7001: "c1/1/1/101", 7002: "c1/1/1/102", 7003: "c1/1/1/201"}
KEY = "test:1"
TEXT = "周六上午停水，请提前储水。"


def residents(repo) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    for tid, room in ROOMS.items():
        confirmed_resident(repo, tid, room, 101)
    return [p for p in repo.people(resident_of="east") if p.get("telegram_id") in ROOMS]


def told(bot: BotHarness) -> Counter[int]:
    return Counter(c.chat_id for c in bot.sent("sendMessage") if TEXT in c.text
                   and "_refused" not in c.params)


async def test_each_resident_is_recorded_as_told_before_the_message_leaves(repo):
    people = residents(repo)
    async with BotHarness(repo) as bot:
        recorded_at_send: dict[int, bool] = {}
        do = bot.request.do_request

        async def spy(url: str, method: str, request_data: Any = None, *a: Any, **k: Any):
            if url.endswith("/sendMessage"):
                chat = int(request_data.parameters["chat_id"])
                # the record's commit returned (it waited for the disk) before this call
                recorded_at_send[chat] = pid(repo, chat) in repo.reminded(KEY)
            return await do(url, method, request_data, *a, **k)

        bot.request.do_request = spy  # type: ignore[method-assign]
        assert await notify_once(CallbackContext(bot.app), people, KEY, TEXT) == 3
    assert recorded_at_send == {7001: True, 7002: True, 7003: True}
    assert told(bot) == {7001: 1, 7002: 1, 7003: 1}


async def test_a_refused_message_is_tried_again_and_a_timed_out_one_is_not(repo):
    people = residents(repo)
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(7003)  # she blocked the bot: refused, 403
        do = bot.request.do_request

        async def slow(url: str, method: str, request_data: Any = None, *a: Any, **k: Any):
            out = await do(url, method, request_data, *a, **k)
            if url.endswith("/sendMessage") and \
                    int(request_data.parameters["chat_id"]) == 7002:
                raise TimedOut()  # it reached her; its answer was lost
            return out

        bot.request.do_request = slow  # type: ignore[method-assign]
        context = CallbackContext(bot.app)
        assert await notify_once(context, people, KEY, TEXT) == 1
        assert repo.reminded(KEY) == {pid(repo, 7001), pid(repo, 7002)}  # 7003 not counted
        bot.request.blocked.clear()  # she unblocked it
        assert await notify_once(context, people, KEY, TEXT) == 1
    assert told(bot) == {7001: 1, 7002: 1, 7003: 1}
    assert repo.reminded(KEY) == {pid(repo, p) for p in ROOMS}


async def test_two_sendings_of_one_notice_at_once_send_each_message_once(repo):
    people = residents(repo)
    async with BotHarness(repo) as bot:
        context = CallbackContext(bot.app)
        reached = await asyncio.gather(notify_once(context, people, KEY, TEXT),
                                       notify_once(context, people, KEY, TEXT))
    assert sum(reached) == 3
    assert told(bot) == {7001: 1, 7002: 1, 7003: 1}
