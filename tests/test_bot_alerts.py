"""Admins hear about errors summarised: one message per kind of error per ten
minutes, with a count, and no traceback."""

from __future__ import annotations

import asyncio
import errno

from bot_harness import BotHarness

import bot.app
import bot.context
from bot.alerts import Alerts, kind_of, summary_of

ADMIN = 4242


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_first_error_of_a_kind_goes_out_and_the_rest_are_counted_for_one_summary():
    clock = Clock()
    alerts = Alerts(window=600, clock=clock)
    assert alerts.note("disk", "disk full 1") == "disk full 1"
    assert [alerts.note("disk", f"disk full {i}") for i in range(2, 6)] == [None] * 4
    assert alerts.note("other", "another kind") == "another kind"  # its own window
    clock.now += 599
    assert alerts.due() == []
    clock.now += 1
    [summary] = alerts.due()
    assert "4 more times in the last 10 minutes" in summary and "disk full 5" in summary
    assert summary.startswith("同一问题在过去 10 分钟内又发生了 4 次")  # Chinese first
    assert alerts.due() == []  # told once
    assert alerts.note("disk", "disk full 6") is None  # a new window began with the summary


def test_an_error_after_a_quiet_window_goes_out_at_once_with_the_count_left_over():
    clock = Clock()
    alerts = Alerts(window=600, clock=clock)
    alerts.note("disk", "first")
    alerts.note("disk", "second")
    clock.now += 700
    text = alerts.note("disk", "third")
    assert text is not None and "1 more time in" in text and text.endswith("third")


def test_an_error_is_summarised_by_type_and_place_without_a_traceback():
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as exc:
        error = exc
    assert kind_of(error).startswith("OSError@test_bot_alerts.py:")
    text = summary_of(error)
    assert "No space left on device" in text and "test_bot_alerts.py" in text
    assert "Traceback" not in text
    chinese, english = text.split("\n")
    assert chinese.startswith("Steward 出错：OSError:") and "No space left on device" in chinese
    assert english.startswith("Steward error: OSError:")


async def test_forty_failing_updates_send_the_admin_one_message_then_one_summary(
        repo, monkeypatch):
    async def broken(update, context):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bot.app, "_not_understood", broken)
    monkeypatch.setattr(bot.context, "ALERT_TASKS", set())
    settings = BotHarness(repo).settings
    from dataclasses import replace
    clock = Clock()  # stands still while the updates come: one window
    async with BotHarness(repo, settings=replace(settings, admin_ids=(ADMIN,))) as harness:
        harness.app.bot_data["alerts"] = Alerts(window=0.3, clock=clock)
        for i in range(40):
            calls = await harness.send(6000 + i, "hello")
            assert any("出了点问题" in c.text
                       for c in calls if c.chat_id == 6000 + i), calls
        await asyncio.gather(*list(bot.context.ALERT_TASKS))
        told = [c.text for c in harness.request.calls if c.chat_id == ADMIN]
        assert len(told) == 1 and "No space left on device" in told[0]
        assert "Traceback" not in told[0]
        clock.now += 1  # the window is over: the summary goes out at the next look
        await asyncio.sleep(0.5)
        await asyncio.gather(*list(bot.context.ALERT_TASKS))
        told = [c.text for c in harness.request.calls if c.chat_id == ADMIN]
    assert len(told) == 2 and "39 more times" in told[1], told


def test_telegram_out_of_reach_is_a_log_line_every_five_minutes_with_the_count():
    from telegram.error import Conflict, NetworkError, TimedOut

    from bot.alerts import UNREACHABLE_EVERY, unreachable_line

    clock, state = Clock(), {}
    first = unreachable_line(state, NetworkError("httpx.ConnectError: refused"), clock=clock)
    assert first and "cannot reach the Bot API" in first and "ConnectError" in first
    for _ in range(40):  # python-telegram-bot retries every few seconds meanwhile
        clock.now += 2
        assert unreachable_line(state, TimedOut(), clock=clock) is None
    clock.now += UNREACHABLE_EVERY
    later = unreachable_line(state, NetworkError("still refused"), clock=clock)
    assert later and "41 failures since the last such line" in later
    other = unreachable_line({}, Conflict("terminated by other getUpdates request"), clock=clock)
    assert other and "another bot polls Telegram with this token" in other


def test_telegram_out_of_reach_or_another_bot_is_logged_in_chinese_first():
    """The operator reading journalctl got 'cannot reach the Bot API (…); retrying by
    itself' and 'another bot polls Telegram with this token' in English only."""
    from telegram.error import Conflict, NetworkError

    from bot.alerts import UNREACHABLE_EVERY, unreachable_line

    clock, state = Clock(), {}
    first = unreachable_line(state, NetworkError("httpx.ConnectError: refused"), clock=clock)
    assert first and first.startswith("连不上 Telegram 的 Bot API：请检查这台机器的网络")
    unreachable_line(state, NetworkError("refused"), clock=clock)
    clock.now += UNREACHABLE_EVERY
    later = unreachable_line(state, NetworkError("refused"), clock=clock)
    assert later and "机器人会自己一直重试（上一条这样的记录之后失败了 2 次）。 / " in later
    other = unreachable_line({}, Conflict("terminated by other getUpdates request"), clock=clock)
    assert other and other.startswith("另一个机器人正在用同一个 token 接收 Telegram 消息")


async def test_a_polling_error_is_logged_now_and_then_without_traceback_or_alert(
        repo, caplog, monkeypatch):
    """Telegram out of reach: python-telegram-bot hands every failed poll (every
    second or two) to the error handler, which logged each with its traceback
    (900 lines in 25 seconds, in the trial) and tried to alert the admins."""
    from telegram.error import BadRequest, NetworkError

    monkeypatch.setattr(bot.context, "ALERT_TASKS", set())
    from dataclasses import replace
    settings = replace(BotHarness(repo).settings, admin_ids=(ADMIN,))
    async with BotHarness(repo, settings=settings) as harness:
        with caplog.at_level("INFO"):
            for _ in range(30):
                await harness.app.process_error(None, NetworkError("httpx.ConnectError"))
        lines = [r for r in caplog.records if r.name.startswith("bot")]
        assert [r.levelname for r in lines] == ["WARNING"], [r.getMessage() for r in lines]
        assert "cannot reach the Bot API" in lines[0].getMessage() and not lines[0].exc_info
        assert not [c for c in harness.request.calls if c.chat_id == ADMIN]
        caplog.clear()
        with caplog.at_level("INFO"):  # anything else is still an error, with its traceback
            await harness.app.process_error(None, BadRequest("Chat not found"))
        assert any(r.getMessage() == "handler failed" and r.exc_info for r in caplog.records)


async def test_a_site_project_disk_low_alone_says_the_site_cannot_be_rebuilt(
        repo, monkeypatch, tmp_path):
    """The site project on a disk of its own, nearly full, the data folder's disk
    roomy: the admins were told that residents' reports, fees and votes could not be
    saved, which was not so (the store was fine; only the public site could not be
    rebuilt)."""
    import shutil
    from dataclasses import replace

    from telegram.ext import CallbackContext

    import bot.unsaved

    monkeypatch.setattr(bot.context, "ALERT_TASKS", set())
    project = tmp_path / "project"
    project.mkdir()
    real = shutil.disk_usage

    def usage(path):
        low = str(path).startswith(str(project))
        return real(path)._replace(free=(10 if low else 10 * 1024) * 1024 * 1024)

    monkeypatch.setattr(bot.unsaved.shutil, "disk_usage", usage)
    settings = replace(BotHarness(repo).settings, admin_ids=(ADMIN,), project_dir=project)
    async with BotHarness(repo, settings=settings) as harness:
        await bot.unsaved.watch_space(CallbackContext(harness.app))
        await asyncio.gather(*list(bot.context.ALERT_TASKS))
        [told] = [c.text for c in harness.request.calls if c.chat_id == ADMIN]
    assert str(project) in told and "只剩 10.5 MB" in told
    assert "公示网站将无法更新" in told and "the public site cannot be rebuilt" in told
    assert "无法保存" not in told and "cannot be saved" not in told


async def test_the_admins_are_told_before_the_data_disk_fills_and_not_again_at_once(
        repo, monkeypatch, caplog):
    """A look at the free space (at start, then hourly): under LOW_SPACE on the data
    folder's disk the admins are told, in Chinese and English, with the fix; a second
    look soon after tells nobody again; plenty of space tells nobody."""
    import logging
    import shutil
    from dataclasses import replace

    from telegram.ext import CallbackContext

    import bot.unsaved

    monkeypatch.setattr(bot.context, "ALERT_TASKS", set())
    free = {"bytes": 10 * 1024 * 1024}
    real = shutil.disk_usage

    def usage(path):
        return real(path)._replace(free=free["bytes"])

    monkeypatch.setattr(bot.unsaved.shutil, "disk_usage", usage)
    settings = BotHarness(repo).settings
    caplog.set_level(logging.INFO)
    async with BotHarness(repo, settings=replace(settings, admin_ids=(ADMIN,))) as harness:
        context = CallbackContext(harness.app)
        await bot.unsaved.watch_space(context)
        await bot.unsaved.watch_space(context)  # an hour later: not again
        await asyncio.gather(*list(bot.context.ALERT_TASKS))
        told = [c.text for c in harness.request.calls if c.chat_id == ADMIN]
        harness.app.bot_data.pop(bot.unsaved.SPACE_KEY)
        free["bytes"] = 10 * 1024 ** 3
        await bot.unsaved.watch_space(context)
        await asyncio.gather(*list(bot.context.ALERT_TASKS))
        after = [c.text for c in harness.request.calls if c.chat_id == ADMIN]
    assert len(told) == 1 and "只剩 10.5 MB" in told[0] and "free space on it" in told[0]
    assert str(repo.store.root) in told[0]
    assert after == told
    lines = [r.getMessage() for r in caplog.records if "MB free" in r.getMessage()]
    assert len(lines) == 1
