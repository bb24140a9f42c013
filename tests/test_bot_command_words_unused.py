"""Words typed with /expense, /income, /meeting or /proxy, whose flows ask everything step
by step, are said back as not used (您在 /expense 后面写的“500 买扫帚”没有用上…) before
the first question. Before, /expense 500 买扫帚 asked 花了多少钱？ as if nothing had been
typed, and the words were dropped without a word. The command alone says nothing more."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

UNUSED = "后面写的“{words}”没有用上"


@pytest.mark.parametrize(("command", "said", "asked"), [
    ("/expense", "500 买扫帚", "花了多少钱"),
    ("/income", "1号楼1单元101交卫生费120", "收的是哪项费用"),
    ("/meeting", "今天开了议事会", "哪一种会议"),
    ("/proxy", "1号楼1单元101 楼道灯坏了", "请先选楼栋"),
])
async def test_words_typed_with_a_step_by_step_command_are_said_not_used(repo, command, said,
                                                                        asked):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"{command} {said}")
        texts = [c.text for c in calls]
        assert any(f"{command} " + UNUSED.format(words=said) in t for t in texts), texts
        assert asked in calls[-1].text
        await bot.send(101, "/cancel")
        alone = await bot.send(101, command)
    assert not any("没有用上" in c.text for c in alone)
