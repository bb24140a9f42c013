"""/income (收费登记), one step back: 上一步 typed (or ⬅️ 上一步 pressed) goes to the
step before, keeping all the volunteer entered: the unit to the fees, the household to
the unit, the period to the household, the amount to the period, the receipt to the
amount, the summary to the receipt; a picker she comes back to says what was chosen, the
period and the amount say what they hold, with 不改，继续. At the fee, the first step, it
leaves keeping the draft (继续填写). Before, 上一步 typed at any step left the fee
(已退出“收费登记（/income）”)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

from db.entries import Kind

FEE = "登记收费：收的是哪项费用？"
LEFT = "已退出“收费登记（/income）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        unit = await bot.press(101, "inc:fee:sanitation")
        assert labels(unit[-1])[-1] == "⬅️ 上一步"
        fee = await bot.send(101, word)  # the unit: the fees, the one chosen said
        assert fee[-1].text.startswith(FEE) and "现在选的是“卫生费”" in fee[-1].text
        assert LEFT not in "".join(c.text for c in fee)
        assert "⬅️ 上一步" not in labels(fee[-1])  # the first step
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        unit = await bot.send(101, word)  # the household: the units
        assert "：哪个单元？" in unit[-1].text and "现在选的是“" in unit[-1].text
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        household = await bot.send(101, word)  # the period: the households, 101 said
        assert "现在选的是“101”" in household[-1].text
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120.50")
        summary = await bot.press(101, "inc:skip:1")
        assert labels(summary[-1]) == ["确认登记", "修改", "取消", "⬅️ 上一步"]
        receipt = await bot.send(101, word)  # the summary: the receipt
        assert "请发送收据照片" in receipt[-1].text and "¥120.50" in receipt[-1].text
        amount = await bot.send(101, word)  # the receipt: the amount, kept
        assert "现在填的是“¥120.50”" in amount[-1].text
        assert labels(amount[-1])[0] == "不改，继续"
        period = await bot.send(101, word)  # the amount: the period, kept
        assert "现在填的是“2025”" in period[-1].text
        amount = await bot.send(101, "不改")  # typed, as its button
        assert "现在填的是“¥120.50”" in amount[-1].text
        await bot.press_label(101, "不改，继续")
        summary = await bot.press(101, "inc:skip:1")
        assert "期间：2025" in summary[-1].text and "金额：¥120.50" in summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["household"], fee.data["period"], fee.data["amount_fen"]) == \
        ("c1/1/1/101", "2025", 12050)


async def test_back_pressed_goes_where_typed_back_does_and_a_change_is_taken(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        period = await bot.press(101, "inc:back:period")
        assert "现在填的是“2025”" in period[-1].text
        household = await bot.press(101, "inc:back:household")
        assert "现在选的是“101”" in household[-1].text
        await bot.press(101, "inc:hh:1")  # another household, on the way back
        period = await bot.send(101, "2024")  # the kept period replaced
        assert "2024" in period[-1].text
        await bot.send(101, "100")
        summary = await bot.press(101, "inc:skip:1")
        assert "1单元 102" in summary[-1].text and "期间：2024" in summary[-1].text


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        calls = await bot.press(101, "inc:back:fee")  # the unit's, scrolled up to
        assert "不是这一步的" in [c.text for c in calls if c.text][0]
        assert "收了多少钱" in calls[-1].text


async def test_back_at_the_fee_leaves_keeping_what_was_entered(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.send(101, "上一步")  # the unit: the fees
        calls = await bot.send(101, "上一步")  # the first step: out of it, kept
        said = "".join(c.text for c in calls)
        assert LEFT in said and "继续填写" in " ".join(
            label for c in calls for label in labels(c))


async def test_a_household_typed_at_the_units_goes_back_to_the_units(repo):
    """Picked 1单元 101, went back to the units and typed 1/1/102 there: 上一步 at the period
    showed 1单元's rooms (the unit picked before), not the units it was typed at."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.send(101, "上一步")  # the period: the rooms
        await bot.send(101, "上一步")  # the rooms: the units
        await bot.send(101, "1/1/102")  # typed at the units
        units = await bot.send(101, "上一步")  # the period: the units
        assert "：哪个单元？" in units[-1].text
