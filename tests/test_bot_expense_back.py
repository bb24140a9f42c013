"""/expense (支出登记), one step back: 上一步 typed (or ⬅️ 上一步 pressed) goes to the
step before, keeping all the volunteer entered: the payee to the amount, the purpose to
the payee, the category to the purpose, the photo to the category (no project, no open
report to ask), whether it is published to the photo, the summary to the photo; the
amount, the payee, the purpose and the photo say what they hold, with 不改，继续, a
picker what was chosen. At the amount, the first step, it leaves keeping the draft
(继续填写). Before, 上一步 typed at any step left the expense
(已退出“支出登记（/expense）”)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes

from db.entries import Kind

LEFT = "已退出“支出登记（/expense）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "后退"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        payee = await bot.send(101, "50")
        assert labels(payee[-1]) == ["⬅️ 上一步"]
        amount = await bot.send(101, word)  # the payee: the amount, kept
        assert LEFT not in "".join(c.text for c in amount)
        assert "现在填的是“¥50.00”" in amount[-1].text
        assert labels(amount[-1]) == ["不改，继续", "取消"]  # the first step: no ⬅️ 上一步
        await bot.send(101, "不改")
        await bot.send(101, "保洁公司")
        await bot.send(101, "一月清运")
        purpose = await bot.send(101, word)  # the category: the purpose, kept
        assert "现在填的是“一月清运”" in purpose[-1].text
        payee = await bot.send(101, word)  # the purpose: the payee, kept
        assert "现在填的是“保洁公司”" in payee[-1].text
        await bot.press_label(101, "不改，继续")
        await bot.send(101, "不改")
        await bot.press(101, "exp:cat:cleaning")
        await bot.send_photo(101, jpeg_bytes())
        category = await bot.send(101, word)  # is it published: no; the photo
        assert "您发的收据照片已保留" in category[-1].text
        category = await bot.send(101, word)  # the photo: the category, said
        assert "现在选的是“保洁清运”" in category[-1].text
        await bot.press(101, "exp:cat:repair")  # changed on the way back
        await bot.send(101, "不改")  # the photo kept: is it published
        summary = await bot.press(101, "exp:pub:0")
        assert labels(summary[-1]) == ["确认登记", "修改", "取消", "⬅️ 上一步"]
        photo = await bot.send(101, word)  # the summary: the photo, kept
        assert "您发的收据照片已保留" in photo[-1].text
        await bot.send(101, "不改")
        summary = await bot.press(101, "exp:pub:0")
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [entry] = repo.entries(kind=Kind.EXPENSE)
    assert (entry.data["amount_fen"], entry.data["payee"], entry.data["purpose"],
            entry.data["category"]) == (5000, "保洁公司", "一月清运", "repair")
    assert entry.data["receipt"]


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "保洁公司")
        calls = await bot.press(101, "exp:back:amount")  # the payee's, scrolled up to
        assert "不是这一步的" in [c.text for c in calls if c.text][0]
        assert "用途是什么" in calls[-1].text
        payee = await bot.press(101, "exp:back:payee")
        assert "现在填的是“保洁公司”" in payee[-1].text


async def test_back_at_the_amount_leaves_keeping_what_was_entered(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "上一步")  # the payee: the amount
        calls = await bot.send(101, "上一步")  # the first step: out of it, kept
        assert LEFT in "".join(c.text for c in calls)
        assert "继续填写" in [label for c in calls for label in labels(c)]
