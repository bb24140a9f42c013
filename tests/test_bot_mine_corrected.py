"""我的 after a correction: a report's words, or a voice report's summary, read as they
were before she corrected them, though the website shows the corrected words. Now each
reads as corrected (已更正), the correction's own line below as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\4" * 300


async def _correct(bot: BotHarness, target: int, words: str) -> None:
    await bot.send(7001, "/correct")
    await bot.press(7001, f"cor:e:{target}")
    await bot.send(7001, words)
    shown = await bot.press(7001, "cor:skip")
    ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
    await bot.press(7001, ok)


async def test_mine_shows_a_corrected_voice_report_and_typed_report_as_corrected(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=20)
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
        [spoken] = repo.entries(kind=Kind.ISSUE)
        await bot.send(101, f"/summary {spoken.id} 张三家门口路灯坏了")
        typed = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                         "text": "王五家门口有垃圾"})
        repo.approve(typed.id, pid(repo, 101))
        await _correct(bot, spoken.id, "1单元门口路灯坏了")
        await _correct(bot, typed.id, "2单元门口有垃圾")
        for c in repo.entries(kind=Kind.CORRECTION):
            repo.approve(c.id, pid(repo, 102))
        mine = (await bot.send(7001, "/mine"))[-1].text
    lines = {line.split(" ")[0]: line for line in mine.splitlines()}
    assert "1单元门口路灯坏了（已更正）" in lines[f"#{spoken.id}"], mine
    assert "张三" not in lines[f"#{spoken.id}"], mine
    assert "2单元门口有垃圾（已更正）" in lines[f"#{typed.id}"], mine
    assert "王五" not in lines[f"#{typed.id}"], mine


async def test_mine_shows_a_report_whose_correction_waits_as_it_is(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    typed = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "王五家门口有垃圾"})
    repo.approve(typed.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await _correct(bot, typed.id, "2单元门口有垃圾")
        mine = (await bot.send(7001, "/mine"))[-1].text
    line = next(x for x in mine.splitlines() if x.startswith(f"#{typed.id} "))
    assert "王五家门口有垃圾" in line and "已更正" not in line, mine
