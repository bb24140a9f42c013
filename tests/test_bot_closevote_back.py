"""/closevote (提前结束表决) and /withdraw (撤回提议), which share their steps, one step
back: 上一步 typed (or ⬅️ 上一步 pressed) at the confirmation goes to the reason, shown kept
with 不改，继续; at the reason of a proposal picked from the list, to the list, and the
proposal picked again shows the reason kept. At the first step it leaves. Before, 上一步
typed at the confirmation left the command and the reason typed was lost."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid, settle

LEFT = "已退出"
# (command, its buttons' prefix, a reason typed)
COMMANDS = [("closevote", "cv", "方案有变"), ("withdraw", "wd", "预算有误")]


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize(("command", "prefix", "why"), COMMANDS)
async def test_back_goes_to_the_reason_then_the_list_keeping_the_reason(repo, command, prefix,
                                                                        why):
    p = repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/{command}")
        await bot.press(101, f"{prefix}:p:{p.id}")
        confirm = await bot.send(101, why)
        assert labels(confirm[-1])[-1] == "⬅️ 上一步"
        reason = await bot.send(101, "上一步")  # the confirmation: the reason, kept
        assert LEFT not in "".join(c.text for c in reason)
        assert f"现在填的是“{why}”" in reason[-1].text
        confirm = await bot.send(101, "不改")
        assert f"理由（公示）：{why}" in confirm[-1].text
        await bot.press(101, f"{prefix}:back:reason")
        listed = await bot.send(101, "返回上一步")  # the reason: the list
        assert f"{prefix}:p:{p.id}" in [d for _, d in listed[-1].buttons()]
        reason = await bot.press(101, f"{prefix}:p:{p.id}")
        assert f"现在填的是“{why}”" in reason[-1].text
        confirm = await bot.press_label(101, "不改，继续")
        assert f"理由（公示）：{why}" in confirm[-1].text


@pytest.mark.parametrize(("command", "prefix", "why"), COMMANDS)
async def test_back_at_the_reason_of_the_command_with_its_number_leaves(repo, command, prefix,
                                                                         why):
    p = repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        reason = await bot.send(101, f"/{command} {p.id}")
        assert "⬅️ 上一步" not in labels(reason[-1])  # the first step
        await bot.send(101, why)
        await bot.send(101, "上一步")  # the confirmation: the reason
        calls = await bot.send(101, "上一步")
        assert LEFT in "".join(c.text for c in calls)
