"""A long letter (5,000 characters) typed straight into the chat by a resident: it was
said "not passed to the volunteers, and not kept; send the main points": typed on a
phone, and lost (found trying the real ``steward run`` as an elderly resident). Its
first 2,000 characters are kept, to be sent as a report or an opinion with a press."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"
LETTER = ("我家楼上天天漏水，找了好几次都没人管，" * 300)[:5000]


async def test_a_long_letter_keeps_its_beginning_to_send_as_a_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, LETTER)
        assert "有 5000 个字" in told[-1].text and "前 2000 个字先替您留着" in told[-1].text
        assert [d for _, d in told[-1].buttons()] == ["rep:said", "op:said"]
        assert all(len(c.text.encode("utf-16-le")) // 2 <= 4096 for c in told)
        started = await bot.press(7001, "rep:said")
        assert any("类别：管线维修" in c.text for c in started)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == LETTER[:2000]


async def test_a_long_letter_kept_can_be_sent_as_an_opinion(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, LETTER)
        shown = await bot.press(7001, "op:said")
        assert all(len(c.text.encode("utf-16-le")) // 2 <= 4096 for c in shown)
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == LETTER[:2000]
