"""The first question of /income (收的是哪项费用？) and of /expense (花了多少钱？) has a
取消 button, as /meeting's (记录哪一种会议的纪要？) and /proxy's have: pressed, nothing is
recorded and the menu comes back. Before, /income's fees and /expense's amount offered no
way out but typing /cancel, which neither said."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


async def test_income_first_question_has_cancel_and_it_leaves_recording_nothing(repo):
    async with BotHarness(repo) as bot:
        fee = await bot.send(101, "/income")
        assert "收的是哪项费用" in fee[-1].text
        assert labels(fee[-1])[-1] == "取消"
        await bot.press(101, "inc:fee:sanitation")
        fee = await bot.send(101, "上一步")  # back at the first question: still there
        assert labels(fee[-1])[-1] == "取消"
        left = await bot.press(101, "inc:cancel")
        assert "已取消" in left[-1].text
        again = await bot.send(101, "/income")  # nothing kept to offer: asked afresh
        assert "收的是哪项费用" in again[-1].text
    assert repo.entries(kind=Kind.FEE_INCOME) == []


async def test_expense_first_question_has_cancel_and_it_leaves_recording_nothing(repo):
    async with BotHarness(repo) as bot:
        amount = await bot.send(101, "/expense")
        assert "花了多少钱" in amount[-1].text and labels(amount[-1]) == ["取消"]
        await bot.send(101, "350")
        amount = await bot.send(101, "上一步")  # the payee: the amount, kept
        assert labels(amount[-1])[-1] == "取消"
        left = await bot.press(101, "exp:cancel")
        assert "已取消" in left[-1].text
    assert repo.entries(kind=Kind.EXPENSE) == []
