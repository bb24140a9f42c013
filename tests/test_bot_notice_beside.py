"""/notice draws its PDF beside the conversation (bot.drawings): the volunteer's next
command was held ~3.5 s while the PDF was drawn (one person's updates are handled in
order); now she is answered at once, other people too, and the PDF comes when drawn. At
most two drawings run at once, one person's in the order asked, and a stop ends those
still under way."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from bot_harness import BotHarness
from conftest import StepClock, pid
from telegram import Update

import bot.handlers.bulletin as bulletin
from bot.drawings import Drawings, drawings_of
from db.entries import Kind
from db.repository import CHINA_TZ


@pytest.fixture
def clock():
    return StepClock(datetime(2024, 9, 1, 8, 0, tzinfo=CHINA_TZ))


@pytest.fixture
def accounts(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2024",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    repo.clock.now = datetime(2025, 1, 10, 8, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def held(monkeypatch):
    """The drawing waits for ``release``; ``drawn`` lists the months drawn, in order."""
    release = asyncio.Event()
    drawn: list[str] = []

    async def draw(data, area, month):  # type: ignore[no-untyped-def]
        await release.wait()
        drawn.append(month)
        return b"%PDF-1.4 drawn", "", "", ""

    monkeypatch.setattr(bulletin, "_draw", draw)
    return release, drawn


def _documents(calls):
    return [c for c in calls if c.method == "sendDocument"]


@pytest.mark.usefixtures("accounts")
async def test_the_volunteers_next_command_is_answered_while_her_notice_is_drawn(repo, held):
    release, _drawn = held
    async with BotHarness(repo) as bot:
        bot.drain_drawings = False
        asked = await asyncio.wait_for(bot.send(101, "/notice 2024-12"), 5)
        assert "正在生成东小区 2024年12月的公示单" in asked[-1].text and not _documents(asked)
        mine = await asyncio.wait_for(bot.send(101, "/whoami"), 5)
        other = await asyncio.wait_for(bot.send(102, "/whoami"), 5)
        assert mine and mine[-1].chat_id == 101 and "Telegram" in mine[-1].text
        assert other and other[-1].chat_id == 102
        assert not _documents(bot.request.calls)  # still being drawn
        release.set()
        assert await drawings_of(bot.app).drain(timeout=5)
    [doc] = _documents(bot.request.calls)
    assert doc.chat_id == 101 and doc.text.startswith("东小区 2024年12月的公示单")


def _update(bot, uid: int, text: str) -> Update:
    n = next(bot._update_ids)
    return Update.de_json({"update_id": n, "message": {
        "message_id": n, "date": 1735689600, "chat": {"id": uid, "type": "private"},
        "from": {"id": uid, "is_bot": False, "first_name": "u"}, "text": text,
        **({"entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}
           if text.startswith("/") else {})}}, bot.app.bot)


@pytest.mark.usefixtures("accounts")
async def test_through_the_per_person_order_her_next_command_does_not_wait_for_the_pdf(
        repo, held):
    """As a running bot takes updates (bot.concurrency: one person's in order)."""
    release, _drawn = held
    async with BotHarness(repo) as bot:
        bot.drain_drawings = False
        processor = bot.app.update_processor

        async def feed(uid: int, text: str) -> None:
            update = _update(bot, uid, text)
            await processor.process_update(update, bot.app.process_update(update))

        notice = asyncio.create_task(feed(101, "/notice 2024-12"))
        await asyncio.wait_for(feed(101, "/whoami"), 5)  # behind /notice, in her order
        assert notice.done()
        told = [c.text for c in bot.request.calls if c.chat_id == 101]
        assert any("正在生成" in text for text in told) and "Telegram" in told[-1]
        assert not _documents(bot.request.calls)
        release.set()
        assert await drawings_of(bot.app).drain(timeout=5)
    assert len(_documents(bot.request.calls)) == 1


@pytest.mark.usefixtures("accounts")
async def test_one_persons_notices_come_in_the_order_asked_and_two_are_drawn_at_most(
        repo, monkeypatch):
    running, most, drawn = 0, 0, []

    async def draw(data, area, month):  # type: ignore[no-untyped-def]
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05 if month == "2024-10" else 0.01)
        running -= 1
        drawn.append(month)
        return b"%PDF-1.4 drawn", "", "", ""

    monkeypatch.setattr(bulletin, "_draw", draw)
    async with BotHarness(repo) as bot:
        bot.drain_drawings = False
        for month in ("2024-10", "2024-11", "2024-12"):
            await bot.send(101, f"/notice {month}")
        await bot.send(102, "/notice 2024-12")  # another volunteer, at the same time
        assert await drawings_of(bot.app).drain(timeout=5)
    mine = [n for c in _documents(bot.request.calls) if c.chat_id == 101
            for n, _ in c.params["_files"].values()]
    assert mine == ["notice-east-2024-10.pdf", "notice-east-2024-11.pdf",
                    "notice-east-2024-12.pdf"]
    assert most == 2 and len(drawn) == 4


async def test_a_stop_ends_a_drawing_still_under_way():
    drawings = Drawings()
    started, ended = asyncio.Event(), []

    async def work() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        finally:
            ended.append(True)

    drawings.start(1, work())
    await started.wait()
    assert not await drawings.drain(timeout=0.05)
    await drawings.cancel()
    assert ended == [True] and not drawings.tasks


async def test_a_drawing_that_fails_tells_its_asker():
    drawings = Drawings()
    told = []

    async def work() -> None:
        raise OSError("no such file")

    async def failed() -> None:
        told.append("failed")

    drawings.start(1, work(), failed)
    assert await drawings.drain(timeout=5)
    assert told == ["failed"]
