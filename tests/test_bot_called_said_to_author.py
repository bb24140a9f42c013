"""A resident's words that call a neighbour by surname (3号楼的李阿姨) are published as they
are: the site masks full names, phones and rooms, not 李阿姨, and the compound knows who
is meant, though she never agreed (PIPL art. 25). The volunteer who approves was warned;
the author, who can still leave it out, was not: her summary said only that phone and ID
numbers are hidden. Now the summary of a report or an opinion says so, with 修改 to
press; words that call nobody say nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

HOME = "c1/1/1/101"
WARNED = "像是在称呼某位街坊"


async def _report_summary(bot, text: str) -> str:  # type: ignore[no-untyped-def]
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:other")
    await bot.send(7001, text)
    await bot.press(7001, "rep:photos")
    calls = await bot.press(7001, "rep:pn")
    return " ".join(c.text for c in calls if c.chat_id == 7001 and c.text)


async def test_a_report_calling_a_neighbour_says_so_before_it_is_sent(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        said = await _report_summary(bot, "3号楼的李阿姨天天在楼道堆纸箱")
        assert "请核对您的报事" in said and f"“李阿姨”{WARNED}" in said, said
        assert "修改" in said, said
        await bot.send(7001, "取消")
        plain = await _report_summary(bot, "楼道里堆满纸箱，过不去")
    assert "请核对您的报事" in plain and WARNED not in plain, plain


async def test_an_opinion_calling_a_neighbour_says_so_before_it_is_sent(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        calls = await bot.send(7001, "老杨家的狗晚上一直叫，建议管一管")
    said = " ".join(c.text for c in calls if c.chat_id == 7001 and c.text)
    assert "您的意见" in said and f"“老杨”{WARNED}" in said, said
