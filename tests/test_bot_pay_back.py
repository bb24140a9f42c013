"""/pay (缴费登记), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the period, the
amount, the receipt and the summary goes to the step before, keeping all she entered,
each step she comes back to saying what it holds with 不改，继续; at the fee, the first
step, it leaves the report keeping the draft (继续填写). Before, 上一步 typed at any step
left the report (已退出“缴费登记”)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"
FEE = "您交的是哪项费用？"
PERIOD = "是哪个期间的？"
AMOUNT = "交了多少钱？"
LEFT = "已退出“缴费登记”，回到主菜单：请点下方菜单的按钮。"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        period = await bot.press(7001, "pay:fee:property")
        assert labels(period[-1])[-2:] == ["⬅️ 上一步", "取消"]
        fee = await bot.send(7001, word)  # the period: the fees, the one chosen said
        assert [c.text for c in fee] == [
            FEE + "\n现在填的是“物业费”：不改请点“不改，继续”；要改就重新选或重新输入。"]
        assert labels(fee[-1])[0] == "不改，继续" and "⬅️ 上一步" not in labels(fee[-1])
        await bot.press(7001, "pay:keep:fee")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "120.50")
        await bot.send_photo(7001)
        await bot.send(7001, "是去年交的")  # the summary's note
        receipt = await bot.send(7001, word)  # the summary: the receipt, kept
        assert "您发的收据照片已保留" in receipt[-1].text and "¥120.50" in receipt[-1].text
        assert labels(receipt[-1]) == ["不改，继续", "没有收据，继续", "⬅️ 上一步", "取消"]
        amount = await bot.send(7001, word)  # the receipt: the amount, kept
        assert amount[-1].text.startswith(AMOUNT) and "现在填的是“¥120.50”" in amount[-1].text
        period = await bot.send(7001, word)  # the amount: the period, kept
        assert period[-1].text.startswith(PERIOD) and "现在填的是“2025年1月”" in period[-1].text
        amount = await bot.send(7001, "不改")  # typed, as its button
        assert "现在填的是“¥120.50”" in amount[-1].text
        receipt = await bot.press_label(7001, "不改，继续")
        assert "您发的收据照片已保留" in receipt[-1].text
        summary = await bot.send(7001, "不改")
        assert "请核对您的缴费登记" in summary[-1].text and "收据照片：有" in summary[-1].text
        assert "备注（只有志愿者和您自己能看到）：是去年交的" in summary[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["fee_type"], fee.data["period"], fee.data["amount_fen"]) == \
        ("property", "2025-01", 12050)
    assert fee.data["receipt"] and fee.data["remark"] == "是去年交的"


async def test_back_pressed_goes_where_typed_back_does_and_a_change_is_taken(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        period = await bot.press(7001, "pay:back:period")
        assert period[-1].text.startswith(PERIOD)
        await bot.press(7001, "pay:per:2025-02")  # changed on the way back
        await bot.send(7001, "99")
        summary = await bot.press(7001, "pay:skip")
        assert "2025年2月" in summary[-1].text and "¥99.00" in summary[-1].text
        receipt = await bot.press(7001, "pay:back:receipt")
        assert "请发一张收据照片" in receipt[-1].text  # none sent: no 不改，继续
        assert labels(receipt[-1]) == ["没有收据，继续", "⬅️ 上一步", "取消"]
        amount = await bot.press(7001, "pay:back:amount")
        assert amount[-1].text.startswith(AMOUNT)
        await bot.send(7001, "100")  # a new amount replaces it
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["period"], fee.data["amount_fen"]) == ("2025-02", 10000)


async def test_an_older_messages_back_or_keep_is_not_taken_for_this_steps(repo):
    """⬅️ 上一步 of the period pressed again at the receipt (scrolled up) does not take her
    to the fees: the receipt step comes again; so does another step's 不改，继续."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "120")
        for data in ("pay:back:fee", "pay:keep:period"):
            calls = await bot.press(7001, data)
            assert "不是这一步的" in [c.text for c in calls if c.text][0], data
            assert "请发一张收据照片" in calls[-1].text, data
        forged = await bot.press(7001, "pay:back:nowhere")
        assert "失效" in forged[-1].text
        summary = await bot.press(7001, "pay:skip")
        assert "请核对您的缴费登记" in summary[-1].text and "¥120.00" in summary[-1].text


async def test_back_at_the_fee_leaves_the_report_keeping_what_was_entered(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "上一步")  # the period
        await bot.send(7001, "上一步")  # the fee
        calls = await bot.send(7001, "上一步")  # before the first step: out of it
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
        resumed = await bot.press_label(7001, "继续填写")
        assert "物业费 · 2025-01" in [c.text for c in resumed if c.text][0]
    assert not repo.entries(kind=Kind.FEE_INCOME)


async def test_leaving_words_still_leave_at_a_step_with_back(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        calls = await bot.send(7001, "返回")
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
        await bot.send(7002, "/pay")
        await bot.press(7002, "pay:fee:property")
        calls = await bot.send(7002, "退出")
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
    assert not repo.entries(kind=Kind.FEE_INCOME)
