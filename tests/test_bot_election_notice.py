"""An election (Civil Code art. 278 item 3, a joint matter of the owners) is offered
15 or 30 days, the notice a meeting of the owners asks (物业管理条例第十四条); a nearer
typed day is warned of in the summary, not refused."""

from __future__ import annotations

from datetime import timedelta

from bot_harness import BotHarness

from db.entries import Kind


async def _to_deadline(bot):  # type: ignore[no-untyped-def]
    await bot.send(102, "/election")
    await bot.send(102, "第一届物管会选举")
    await bot.send(102, "1")
    await bot.send(102, "候选人甲（退休教师）")
    return await bot.press(102, "elx:cand:done")


async def test_an_election_offers_fifteen_days_and_warns_of_a_nearer_day(repo):
    async with BotHarness(repo) as bot:
        asked = await _to_deadline(bot)
        day = repo.clock().date() + timedelta(days=10)
        summary = await bot.send(102, day.isoformat())
        await bot.press(102, "elx:ok:1")
    assert [d for _, d in asked[-1].buttons()][:2] == ["elx:days:15", "elx:days:30"], \
        asked[-1].buttons()
    text = summary[-1].text
    assert f"⚠️ 投票只开放到 {day.isoformat()} 24 时，距今天不到 15 天" in text, text
    assert "《物业管理条例》第十四条" in text
    [opened] = repo.entries(kind=Kind.PROPOSAL)
    assert opened.data["deadline"] == day.isoformat()


async def test_fifteen_days_is_not_warned_of(repo):
    async with BotHarness(repo) as bot:
        await _to_deadline(bot)
        summary = await bot.press(102, "elx:days:15")
    assert "请核对" in summary[-1].text and "⚠️" not in summary[-1].text, summary[-1].text
