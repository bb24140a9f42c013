"""A /notice cut short by a stop is drawn and sent at the next start, once
(``bot.drawings_owed``).

The drawing runs beside the conversation (``bot.drawings``); a stop more than 5 s into it
ended it: the volunteer had read 正在生成…的公示单…… and got nothing, and nothing told
her. Now the drawing owed is noted with the step that said so, and dropped once the PDF
(or why not) is sent; a note left at a stop is drawn again at the next start."""

from __future__ import annotations

from datetime import datetime

import pytest
from bot_harness import BotHarness
from conftest import StepClock, pid
from test_bot_notice_beside import held  # noqa: F401 - the fixture

import bot.drawings
import bot.drawings_owed
from bot.drawings import drawings_of
from bot.drawings_owed import OWED
from bot.settings import Settings
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


def _documents(calls):  # type: ignore[no-untyped-def]
    return [c for c in calls if c.method == "sendDocument"]


@pytest.mark.usefixtures("accounts")
async def test_a_notice_cut_short_by_a_stop_is_drawn_and_sent_at_the_next_start_once(
        repo, held, monkeypatch):  # noqa: F811
    release, drawn = held
    monkeypatch.setattr(bot.drawings, "STOP_WAIT", 0.1)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as first:
        first.drain_drawings = False
        asked = await first.send(101, "/notice 2024-12")
        assert "正在生成东小区 2024年12月的公示单" in asked[-1].text
    assert not _documents(first.request.calls) and not drawn  # the stop ended it
    release.set()
    async with BotHarness(repo, settings=settings) as again:  # restarted
        assert await drawings_of(again.app).drain(timeout=5)
        calls = list(again.request.calls)
    [doc] = _documents(calls)
    assert doc.chat_id == 101 and doc.text.startswith("东小区 2024年12月的公示单"), doc.text
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 101]
    assert "刚才生成公示单时机器人重启了，现在重新生成……" in said, said
    assert OWED not in (repo.store.get("bot/state", "users", 101)["data"] or {})
    async with BotHarness(repo, settings=settings) as third:  # restarted again: not twice
        assert await drawings_of(third.app).drain(timeout=5)
    assert not _documents(third.request.calls) and drawn == ["2024-12"]


@pytest.mark.usefixtures("accounts")
async def test_a_notice_sent_before_the_stop_is_not_sent_again(repo, held):  # noqa: F811
    release, drawn = held
    release.set()
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as first:
        assert _documents(await first.send(101, "/notice 2024-12"))
    async with BotHarness(repo, settings=settings) as again:
        assert await drawings_of(again.app).drain(timeout=5)
    assert not _documents(again.request.calls) and drawn == ["2024-12"]


@pytest.mark.usefixtures("accounts")
async def test_a_notice_owed_to_someone_no_longer_a_volunteer_is_not_drawn_and_she_is_told(
        repo, held, monkeypatch):  # noqa: F811
    release, drawn = held
    monkeypatch.setattr(bot.drawings, "STOP_WAIT", 0.1)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as first:
        first.drain_drawings = False
        await first.send(101, "/notice 2024-12")
    release.set()
    repo.revoke(pid(repo, 900), 101, "east")  # while the bot was down
    async with BotHarness(repo, settings=settings) as again:
        assert await drawings_of(again.app).drain(timeout=5)
    assert not _documents(again.request.calls) and not drawn
    said = [c.text for c in again.request.calls if c.method == "sendMessage"]
    assert "机器人重启前你要的公示单没能生成。请再发一次 /notice。" in said, said


@pytest.mark.usefixtures("accounts")
async def test_a_notice_the_stop_caught_as_it_was_sent_is_sent_again_saying_it_may_be_there(
        repo, held, monkeypatch):  # noqa: F811
    """A stop between the PDF's sending and the saving that it went sends it again at the
    next start: the line before it said it was drawn again (as if never sent); it says the
    volunteer may have it already, the same notice, not to print twice."""
    release, drawn = held
    release.set()

    async def stopped_before_saved(app, who, token):  # type: ignore[no-untyped-def]
        return None  # the stop came after the PDF went, before its note was dropped

    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    with monkeypatch.context() as m:
        m.setattr(bot.drawings_owed, "_paid", stopped_before_saved)
        async with BotHarness(repo, settings=settings) as first:
            assert _documents(await first.send(101, "/notice 2024-12"))
    async with BotHarness(repo, settings=settings) as again:
        assert await drawings_of(again.app).drain(timeout=5)
        calls = list(again.request.calls)
    assert len(_documents(calls)) == 1  # twice in all: never none
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 101]
    assert "刚才发送公示单时机器人重启了：您可能已经在上面收到了。现在再发一次：是同一份公示单，" \
           "如果您已经收到，这份不用再打印。" in said, said
    assert "刚才生成公示单时机器人重启了，现在重新生成……" not in said
    assert OWED not in (repo.store.get("bot/state", "users", 101)["data"] or {})
