"""/reverse (冲正), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the confirmation
goes to the reason, shown kept with 不改，继续; at the reason, to the list of lines when
the line was picked from it (/reverse alone), and a line picked again shows the reason
kept. At the first step (the list, or the reason of /reverse N) it leaves. Before, 上一步
typed at the confirmation left /reverse and the reason typed was lost (您刚才在“冲正
（/reverse）”里填写的内容没有提交，也没有保存。)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind

LEFT = "已退出“冲正（/reverse）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def _lines(repo):
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for purpose in ("螺丝", "灯泡"):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 800, "payee": "五金店", "purpose": purpose, "category": "repair"})
        repo.approve(spent.id, v2)


async def test_back_goes_to_the_reason_then_the_lines_keeping_the_reason(repo):
    _lines(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/reverse")
        await bot.press(102, "rev:seq:2")
        confirm = await bot.send(102, "金额记错了")
        assert labels(confirm[-1])[-1] == "⬅️ 上一步"
        reason = await bot.send(102, "上一步")  # the confirmation: the reason, kept
        assert LEFT not in "".join(c.text for c in reason)
        assert "现在填的是“金额记错了”" in reason[-1].text
        confirm = await bot.send(102, "不改")
        assert "原因：金额记错了" in confirm[-1].text
        await bot.press(102, "rev:back:reason")
        lines = await bot.send(102, "返回上一步")  # the reason: the lines
        assert "哪一笔" in lines[-1].text
        reason = await bot.press(102, "rev:seq:1")  # another line: the reason kept
        assert "第 1 笔" in reason[-1].text and "现在填的是“金额记错了”" in reason[-1].text
        confirm = await bot.press_label(102, "不改，继续")
        [ok] = [d for label, d in confirm[-1].buttons() if label.startswith("确认冲正")]
        await bot.press(102, ok)
    [reversal] = repo.entries(kind=Kind.REVERSAL)
    assert reversal.data["reason"] == "金额记错了"


async def test_back_at_the_reason_of_reverse_n_leaves(repo):
    _lines(repo)
    async with BotHarness(repo) as bot:
        reason = await bot.send(102, "/reverse 2")
        assert "⬅️ 上一步" not in labels(reason[-1])  # the first step
        await bot.send(102, "记错了")
        await bot.send(102, "上一步")  # the confirmation: the reason
        calls = await bot.send(102, "上一步")
        assert LEFT in "".join(c.text for c in calls)
