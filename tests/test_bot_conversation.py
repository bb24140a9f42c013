"""Flows left idle end by one sweep (bot/conversation.py), not a job per step."""

from __future__ import annotations

import asyncio
import types

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident
from telegram.ext import CommandHandler

from bot import conversation
from bot.conversation import IdleConversation, sweep_interval
from bot.settings import Settings

TIMEOUT = 100.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def ticks(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(conversation, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    return fake


def settings_for(repo) -> Settings:
    return Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                    site_url="https://example.org/", conversation_timeout=TIMEOUT)


def flow(bot: BotHarness, name: str) -> IdleConversation:
    found = [h for hs in bot.app.handlers.values() for h in hs
             if isinstance(h, IdleConversation) and h.name == name]
    assert len(found) == 1
    return found[0]


def timed_out(bot: BotHarness, chat: int) -> bool:
    return any("您有一阵子没有回复" in t for t in bot.texts_to(chat))


async def sweep(bot: BotHarness) -> None:
    for hs in bot.app.handlers.values():
        for h in hs:
            if isinstance(h, IdleConversation):
                await h.end_idle(bot.app)


async def test_an_idle_report_ends_and_the_next_text_is_not_taken_as_its_step(repo, ticks):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")  # now it waits for the description
        ticks.now += TIMEOUT + 1
        await sweep(bot)
        assert timed_out(bot, 5001)
        assert flow(bot, "report").waiting == 0
        calls = await bot.send(5001, "楼道灯坏了")
    # not a description any more: the bot says it missed the report, which is kept
    assert "您有一阵子没有回复，“报事”已经停下了，这条消息没有填进去" in calls[-1].text
    assert [t for t, _ in calls[-1].buttons()] == ["继续填写", "放弃"]
    assert repo.entries(kind="issue") == []


async def test_each_step_gives_the_flow_its_full_time_again(repo, ticks):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        await bot.send(5001, "/report")
        ticks.now += TIMEOUT - 20
        await bot.press(5001, "rep:cat:lighting")
        ticks.now += TIMEOUT - 20  # past the first step's deadline, not the second's
        await sweep(bot)
        assert not timed_out(bot, 5001)
        assert flow(bot, "report").waiting == 1
        ticks.now += 21
        await sweep(bot)
        assert timed_out(bot, 5001)


async def test_a_finished_flow_is_not_swept(repo, ticks):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        await bot.send(5001, "/report")
        await bot.send(5001, "/cancel")
        assert flow(bot, "report").waiting == 0
        ticks.now += TIMEOUT * 2
        await sweep(bot)
    assert not timed_out(bot, 5001)


async def test_steps_schedule_no_jobs_only_the_one_sweep_runs(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        await bot.app.start()
        try:
            await bot.send(5001, "/report")
            await bot.press(5001, "rep:cat:lighting")
            jobs = {j.name: j for j in bot.app.job_queue.jobs()}
            # the one sweep, the look for votes whose deadline has passed, the one for
            # reminders that are due, the hourly look at the disks' free space and the
            # sweep of drafts kept aside (bot/kept.py), and that of the photos no draft
            # or entry names (bot/media_sweep.py)
            assert set(jobs) == {"end idle flows", "close votes at their deadline",
                                 "reminders", "disk space", "kept drafts", "unnamed media"}
            sweep = jobs["end idle flows"]
            assert sweep.job.trigger.interval.total_seconds() == sweep_interval(TIMEOUT)
        finally:
            await bot.app.stop()


async def test_a_step_still_running_is_not_ended_under_it(repo, ticks):
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(update, context):
        started.set()
        await release.wait()
        return 1

    async def first(update, context):
        return 1

    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        handler = IdleConversation(entry_points=[CommandHandler("first", first)],
                                   states={1: [CommandHandler("slow", slow)]},
                                   fallbacks=[], idle_timeout=TIMEOUT, name="probe")
        bot.app.add_handler(handler, group=-5)
        await bot.send(5002, "/first")
        assert handler.waiting == 1
        step = asyncio.create_task(bot.send(5002, "/slow"))
        await started.wait()
        ticks.now += TIMEOUT * 2
        assert await handler.end_idle(bot.app) == 0  # the running step is left alone
        release.set()
        await step
        assert handler.waiting == 1  # and the flow goes on, with a fresh deadline


def test_the_sweep_runs_a_quarter_of_the_timeout_at_most_a_minute():
    assert sweep_interval(15 * 60) == 60
    assert sweep_interval(40) == 10
    with pytest.raises(ValueError):
        IdleConversation(entry_points=[], states={}, fallbacks=[], conversation_timeout=5)


async def test_minutes_wait_hours_between_steps_while_the_meeting_goes_on(repo, ticks):
    """A recorder typing the topics at a meeting's start and its decisions an hour later
    found the minutes ended after 15 minutes and everything typed lost (found in the
    field trial of steward run); the minutes wait eight times as long, other flows not."""
    from bot.handlers.meeting import IDLE_FACTOR

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings_for(repo)) as bot:
        await bot.send(101, "/meeting")
        await bot.press(101, "mt:kind:council")
        await bot.send(5001, "/report")
        ticks.now += TIMEOUT * 3
        await sweep(bot)
        assert timed_out(bot, 5001) and not timed_out(bot, 101)
        asked = await bot.press(101, "mt:today")  # still going: the next step
        assert "在哪里" in asked[-1].text
        ticks.now += TIMEOUT * IDLE_FACTOR + 1
        await sweep(bot)
        assert timed_out(bot, 101)
