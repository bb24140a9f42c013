"""/election (物管会选举), one step back: 上一步 typed (or ⬅️ 上一步 pressed) goes to the
step before, keeping all the volunteer typed: the seats to the title, the candidates to
the seats, the deadline to the candidates (the list so far), the check to the deadline;
the title, the seats and the deadline say what they hold, with 不改，继续. At the title it
leaves. Before, 上一步 typed at any step left the election and lost all typed (您刚才在
“委员会选举（/election）”里填写的内容没有提交，也没有保存。)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

LEFT = "已退出"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "后退"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "第一届物管会选举")
        candidates = await bot.send(102, "2")
        assert labels(candidates[-1]) == ["⬅️ 上一步"]
        seats = await bot.send(102, word)  # the candidates: the seats, kept
        assert LEFT not in "".join(c.text for c in seats)
        assert "现在填的是“2”" in seats[-1].text
        title = await bot.send(102, word)  # the seats: the title, kept
        assert "现在填的是“第一届物管会选举”" in title[-1].text
        assert labels(title[-1]) == ["不改，继续", "取消"]  # the first step
        await bot.send(102, "不改")
        await bot.send(102, "3")  # the seats changed
        await bot.send(102, "候选人甲（退休教师）\n候选人乙（网格员）\n候选人丙（楼长）")
        await bot.press(102, "elx:cand:done")
        candidates = await bot.send(102, word)  # the deadline: the list so far
        assert "3. 候选人丙（楼长）" in candidates[-1].text
        assert labels(candidates[-1])[0] == "就这些"
        await bot.press(102, "elx:cand:done")
        summary = await bot.press(102, "elx:days:14")
        assert labels(summary[-1]) == ["开始选举", "取消", "⬅️ 上一步"]
        deadline = await bot.send(102, word)  # the check: the deadline, kept
        assert "现在填的是“2025-01-15”" in deadline[-1].text
        summary = await bot.send(102, "不改")
        assert "席位：3" in summary[-1].text and "2025-01-15" in summary[-1].text
        await bot.press_label(102, "开始选举")
    [e] = [x for x in repo.entries(kind="proposal") if x.data.get("election")]
    assert e.data["election"]["seats"] == 3 and len(e.data["election"]["candidates"]) == 3
