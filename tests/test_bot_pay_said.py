"""我今天交了卫生费120元 typed straight into the chat, then 💰 缴费登记 under it: the bot
asked 您交的是哪项费用？ and then the amount, as if she had said nothing (found trying
the real ``steward run`` as an elderly resident). The fee and the amount she wrote are
taken; the period is asked, the amount shown to check."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_the_fee_and_amount_written_before_the_pay_button_are_taken(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "我今天交了卫生费120元")
        assert "go:pay" in [d for _, d in offered[-1].buttons()]
        started = await bot.press(7001, "go:pay")
        assert any("从您写的话里看，交的是：卫生费。" in c.text for c in started)
        assert "哪个期间" in started[-1].text
        receipt = await bot.send(7001, year)
        assert "¥120.00" in receipt[-1].text and "收据" in receipt[-1].text
        summary = await bot.send(7001, "没有收据")
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("pay:ok")))
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["fee_type"], fee.data["period"], fee.data["amount_fen"]) == (
        "sanitation", year, 12000)


async def test_the_menus_pay_button_still_asks_which_fee(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "我今天交了卫生费120元")
        asked = await bot.send(7001, "缴费登记")  # the menu's button, not the one under it
    assert "哪项费用" in asked[-1].text
