"""A volunteer who presses the menu's 缴费登记 (a resident's report of a fee their own
household paid) most likely wants to record fees collected door to door: they are
told /income does that, with its button first (they were told only to register a home
or to use /proxy: a volunteer's walk-through). A resident is told as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


async def test_a_volunteer_pressing_fee_paid_is_offered_income(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "缴费登记")
        said = calls[-1]
        assert said.text.startswith("您上门收取的费用，请用 /income 登记。"), said.text
        assert "/proxy" in said.text
        assert said.buttons()[0] == ("📒 登记上门收的费用（/income）", "go:income")
        started = await bot.press(101, "go:income")
        assert "收的是哪项费用" in started[-1].text


async def test_a_resident_is_not_offered_income(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        newcomer = await bot.send(5001, "缴费登记")
        resident = await bot.send(7001, "缴费登记")
    assert "/income" not in newcomer[-1].text and "请先登记住户" in newcomer[-1].text
    assert all("income" not in d for c in resident for _, d in c.buttons())
