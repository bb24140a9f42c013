"""/propose (新提议), one step back: 上一步 typed (or ⬅️ 上一步 pressed) goes to the step
before, keeping all the volunteer entered: the description to the title, the budget to the
description, the matter to the budget, the deadline to the matter, the check to the
deadline; each step she comes back to says what it holds (不改，继续) or which matter was
chosen. At the title, the first step, it leaves keeping the draft (继续填写). Before,
上一步 typed at any step left the proposal (已退出“新提议（/propose）”)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

from db.entries import Kind

LEFT = "已退出“新提议（/propose）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "后退"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "硬化路面")
        budget = await bot.send(101, "把3号楼前的土路硬化")
        assert labels(budget[-1]) == ["⬅️ 上一步"]
        description = await bot.send(101, word)  # the budget: the description, kept
        assert LEFT not in "".join(c.text for c in description)
        assert "现在填的是“把3号楼前的土路硬化”" in description[-1].text
        title = await bot.send(101, word)  # the description: the title, kept
        assert "现在填的是“硬化路面”" in title[-1].text
        assert labels(title[-1]) == ["不改，继续", "取消"]  # the first step: no ⬅️ 上一步
        description = await bot.send(101, "不改")
        assert "现在填的是“把3号楼前的土路硬化”" in description[-1].text
        await bot.press_label(101, "不改，继续")
        await bot.send(101, "15000")
        budget = await bot.send(101, word)  # the matter: the budget, kept
        assert "现在填的是“¥15,000.00”" in budget[-1].text
        await bot.send(101, "不改")
        await bot.press(101, "prop:mt:use_maintenance_fund")
        await bot.send(101, "2099-02-01")
        deadline = await bot.send(101, word)  # the check: the deadline, kept
        assert "现在填的是“2099-02-01”" in deadline[-1].text
        matter = await bot.send(101, word)  # the deadline: the matter, said
        assert "现在选的是“5 使用维修资金”" in matter[-1].text
        await bot.press(101, "prop:mt:everyday")  # changed on the way back
        summary = await bot.send(101, "不改")  # the deadline kept: the check
        assert "请核对" in summary[-1].text and "2099-02-01" in summary[-1].text
        assert labels(summary[-1]) == ["发布并开始投票", "取消", "⬅️ 上一步"]
        [ok] = [d for label, d in summary[-1].buttons() if label == "发布并开始投票"]
        await bot.press(101, ok)
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert (proposal.data["title"], proposal.data["description"], proposal.data["budget_fen"],
            proposal.data["matter"], proposal.data["deadline"]) == (
        "硬化路面", "把3号楼前的土路硬化", 1500000, "everyday", "2099-02-01")


async def test_an_older_messages_back_is_not_taken_and_the_first_step_leaves(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "硬化路面")
        await bot.send(101, "把3号楼前的土路硬化")
        calls = await bot.press(101, "prop:back:title")  # the description's, scrolled up to
        assert "不是这一步的" in [c.text for c in calls if c.text][0]
        assert "预算" in calls[-1].text
        await bot.press(101, "prop:back:description")
        await bot.send(101, "上一步")  # the title
        calls = await bot.send(101, "上一步")  # the first step: out of it, kept
        assert LEFT in "".join(c.text for c in calls)
        assert "继续填写" in [label for c in calls for label in labels(c)]


def test_every_step_of_propose_is_one_back_knows():
    """/propose kept a step nothing asked any more ("propose:special", the old "special
    matter?" question, with a handler only telling a flow saved there to start again):
    each step a volunteer can be at is one ⬅️ 上一步 leads to or from."""
    from bot.app import all_commands
    from bot.handlers.propose_back import BACK, PROPOSE

    [flow] = [c.flow for c in all_commands() if c.flow is not None and c.flow.name == PROPOSE]
    assert set(flow.states) == set(BACK.states.values())
