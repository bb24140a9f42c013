"""Broadcasts within Telegram's limits: the bot's own messages are paced (30 a
second in all, one a second to a chat), a 429 answer holds every sender for
its retry_after and the message is sent again, and an announcement to a
thousand residents through a Bot API emulator that floods like Telegram
reaches each of them exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from bot_api_emulator import BotApiEmulator
from conftest import confirmed_resident
from telegram.error import ChatMigrated, NetworkError, RetryAfter

from bot.app import build_application
from bot.sending import PACE_KEY, Bounds, Pace, deliver, paced
from bot.settings import Settings


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_pace_sends_at_most_thirty_a_second_in_all():
    t = FakeTime()
    pace = Pace(30, 1, clock=t.clock, sleep=t.sleep)
    times = [pace.reserve(chat) for chat in range(90)]
    for i, at in enumerate(times):
        in_window = [x for x in times if at <= x < at + 1.0]
        assert len(in_window) <= 30, i
    assert times[-1] - times[0] >= 89 / 30 - 1e-9


def test_pace_sends_at_most_one_a_second_to_one_chat():
    t = FakeTime()
    pace = Pace(30, 1, clock=t.clock, sleep=t.sleep)
    first, other, second, third = (pace.reserve(7), pace.reserve(8), pace.reserve(7),
                                   pace.reserve(7))
    assert other - first < 0.1  # another chat does not wait for chat 7
    assert second - first >= 1.0 and third - second >= 1.0


def test_a_message_waiting_for_its_own_chat_holds_no_other_chat_behind_it():
    t = FakeTime()
    pace = Pace(30, 1, clock=t.clock, sleep=t.sleep)
    first, second = pace.reserve(7), pace.reserve(7)  # a second edit of a post in chat 7
    other = pace.reserve(8)  # the author of the entry, told it was approved
    assert second - first >= 1.0 and other - first < 0.1
    many = [pace.reserve(chat) for chat in range(100, 160)]  # and sixty more chats
    every = sorted([first, second, other, *many])
    assert all(b - a >= 1 / 30 for a, b in zip(every, every[1:], strict=False))  # 30 a second
    assert many[26] - first < 1.0  # 29 more within the second that chat 7 waits


async def test_pace_holds_every_chat_for_the_retry_after_of_a_429():
    t = FakeTime()
    pace = Pace(30, 1, clock=t.clock, sleep=t.sleep)
    await pace.wait(1)
    pace.hold(5)
    await pace.wait(2)
    assert t.now >= 1005.0 and pace.holds == 1


async def test_a_sender_whose_turn_comes_during_a_hold_waits_for_its_end():
    """Several messages are on their way at once: one answered 429 holds the others that
    had their turn already, instead of their being sent into the hold (and refused)."""
    t = FakeTime()
    pace = Pace(30, 1, clock=t.clock, sleep=t.sleep)
    for chat in range(5):
        pace.reserve(chat)  # five senders ahead, the last one's turn at 1000.13

    async def sleep(seconds: float) -> None:
        if not pace.holds:
            pace.hold(2)  # another sender got a 429 while this one slept
        await t.sleep(seconds)

    pace.sleep = sleep
    await pace.wait(9)
    assert t.now >= 1002.0 and pace.holds == 1


class _App:
    def __init__(self, t: FakeTime) -> None:
        self.bot_data = {PACE_KEY: Pace(0, 0, clock=t.clock, sleep=t.sleep)}


def _failing(errors: list[Exception]):
    calls: list[int] = []

    async def send(chat: int) -> str:
        calls.append(chat)
        if errors:
            raise errors.pop(0)
        return "sent"

    return send, calls


def _network_error(cause: Exception) -> NetworkError:
    try:
        raise NetworkError(f"httpx.{type(cause).__name__}: {cause}") from cause
    except NetworkError as exc:
        return exc


async def test_a_message_that_never_left_for_want_of_a_connection_is_sent_again():
    t = FakeTime()
    refused = httpx.ConnectError("All connection attempts failed")
    send, calls = _failing([_network_error(refused), _network_error(refused)])
    assert await paced(_App(t), 7, send) == "sent"
    assert calls == [7, 7, 7] and t.now > 1000.0  # waited between the tries


async def test_a_message_whose_answer_timed_out_is_not_sent_again():
    t = FakeTime()
    lost = _network_error(httpx.ReadTimeout("timed out"))
    send, calls = _failing([lost])
    with pytest.raises(NetworkError):
        await paced(_App(t), 7, send)
    assert calls == [7]  # it may have been delivered


async def test_bounds_give_up_after_their_tries_and_on_a_longer_flood_wait():
    # bot.witness's bounds: two tries, no flood wait over a minute waited for
    bounds = Bounds(tries=2, max_wait=60.0)
    t = FakeTime()
    send, calls = _failing([RetryAfter(1), RetryAfter(1)])
    with pytest.raises(RetryAfter):
        await paced(_App(t), 7, send, bounds=bounds)
    assert calls == [7, 7] and t.now == 1001.0  # waited once, between the two
    t = FakeTime()
    send, calls = _failing([RetryAfter(120)])
    with pytest.raises(RetryAfter):
        await paced(_App(t), 7, send, bounds=bounds)
    assert calls == [7] and t.now == 1000.0  # not waited for
    send, calls = _failing([RetryAfter(30)])
    assert await paced(_App(t), 7, send, bounds=bounds) == "sent" and calls == [7, 7]


async def test_a_move_to_a_supergroup_is_not_one_of_the_tries():
    t = FakeTime()
    send, calls = _failing([ChatMigrated(-1008), RetryAfter(1)])
    assert await paced(_App(t), -8, send, bounds=Bounds(tries=2)) == "sent"
    assert calls == [-8, -1008, -1008]


def _app(repo, api: BotApiEmulator, rate: float, per_chat: float = 1.0):
    settings = Settings(token="515151:FLOOD", data_dir=repo.store.root, persistence=False,
                        api_base_url=api.base_url, api_file_url=api.file_url,
                        send_rate=rate, send_rate_per_chat=per_chat)
    app = build_application(settings, repo=repo)
    app.bot_data.update(register_commands=False, owns_repo=False,
                        build_site=lambda repo, project_dir: None)
    return app


async def test_deliver_waits_out_a_429_and_sends_the_message_once(repo):
    with BotApiEmulator(per_second=1, retry_after=1) as api:
        app = _app(repo, api, rate=100, per_chat=0)
        async with app:
            await asyncio.gather(*(deliver(app, chat, f"消息{chat}") for chat in (1, 2, 3)))
    sent = [c for c in api.calls if c.method == "sendMessage"]
    assert sorted(c.chat_id for c in sent) == [1, 2, 3]
    assert api.refused >= 1 and app.bot_data["pace"].holds >= 1


async def test_messages_to_one_chat_go_a_second_apart_in_order(repo):
    with BotApiEmulator(per_chat=1) as api:
        app = _app(repo, api, rate=30, per_chat=1)
        async with app:
            for n in range(3):
                await deliver(app, 7001, f"第{n}条")
    sent = [c for c in api.calls if c.method == "sendMessage"]
    assert [c.text for c in sent] == ["第0条", "第1条", "第2条"]
    # a second apart as the bot sent them (give or take the way through HTTP)
    assert all(b.at - a.at > 0.9 for a, b in zip(sent, sent[1:], strict=False))


async def test_an_announcement_to_a_thousand_residents_reaches_each_exactly_once(repo):
    rooms = ["c1/1/1/101", "c1/1/1/102", "c1/1/1/201"]
    residents = list(range(200_000, 201_000))
    with repo.store.batch():
        for n, tid in enumerate(residents):
            confirmed_resident(repo, tid, rooms[n % len(rooms)], 101)
    # Every 300th message is refused with 429, as Telegram may when it is busy, and
    # then everything sent for a second after it.
    with BotApiEmulator(refuse_every=300, retry_after=1) as api:
        app = _app(repo, api, rate=400)
        async with app:
            await app.updater.start_polling(poll_interval=0, timeout=1)
            await app.start()
            try:
                mark = api.message(101, "/announce east 周六上午停水，请提前储水。")
                preview = await asyncio.to_thread(
                    api.wait_for, lambda c: c.chat_id == 101 and c.buttons(), since=mark)
                assert "1000 位居民" in preview.text
                mark = api.press(101, preview.buttons()[0][1])
                done = await asyncio.to_thread(
                    api.wait_for, lambda c: c.chat_id == 101 and "已收到" in c.text,
                    since=mark, timeout=120)
            finally:
                await app.updater.stop()
                await app.stop()
    got = Counter(c.chat_id for c in api.calls
                  if c.method == "sendMessage" and "周六上午停水" in c.text and c.chat_id != 101)
    assert set(got) == set(residents)
    assert set(got.values()) == {1}
    assert api.refused > 0  # the emulator did say 429, and the bot waited and went on
    assert "1000 位居民中的 1000 位" in done.text


async def test_an_answer_refused_with_429_is_sent_again_after_retry_after(repo):
    # /help answers with three messages at once; Telegram allows one a second here.
    with BotApiEmulator(per_chat=1, retry_after=1) as api:
        app = _app(repo, api, rate=30)
        async with app:
            await app.updater.start_polling(poll_interval=0, timeout=1)
            await app.start()
            try:
                mark = api.message(7001, "/help")
                await asyncio.to_thread(api.wait_for, lambda c: "更多操作" in c.text,
                                        since=mark, timeout=30)
            finally:
                await app.updater.stop()
                await app.stop()
    answers = [c.text for c in api.calls if c.method == "sendMessage" and c.chat_id == 7001]
    assert api.refused >= 1
    assert len(answers) == len(set(answers)) == 2 and "更多操作：" in answers


async def test_the_job_finishes_an_announcement_cut_short_once_after_a_start(repo, clock):
    """An announcement whose sending a stop cut short (one resident recorded) is finished
    by the reminders job: the residents not recorded are sent it, and one it cannot reach
    (she blocked the bot) is not tried again at every run of the job."""
    from datetime import timedelta

    from bot_harness import BotHarness
    from conftest import pid
    from telegram.ext import CallbackContext

    from bot.handlers.announce import announce_key, resume_announcements
    from db.entries import Kind

    for tid, room in ((7001, "c1/1/1/101"), (7002, "c1/1/1/102"), (7003, "c1/1/1/201")):
        confirmed_resident(repo, tid, room, 101)
    entry = repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "周六上午停水"})
    repo.claim_reminder(announce_key(entry.id), [pid(repo, 7001)])  # sent before the stop
    clock.now += timedelta(minutes=20)
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(7003)
        context = CallbackContext(bot.app)
        assert await resume_announcements(context) == 1
        assert await resume_announcements(context) == 0
    tried = Counter(c.chat_id for c in bot.sent("sendMessage") if "周六上午停水" in c.text)
    assert tried == {7002: 1, 7003: 1}, tried
    assert repo.reminded(announce_key(entry.id)) == {pid(repo, 7001), pid(repo, 7002)}
