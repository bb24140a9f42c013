"""/reverse's question for the reason said 不冲正了请发送 /cancel, a command, on a step whose
only button is ⬅️ 上一步, where every other step of the bot says 取消 (it is on the phone's
menu words and typed in Chinese). Now it says 不冲正了请发送“取消”, and 取消 records nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind


async def test_the_reversals_reason_question_says_to_send_quxiao(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, "/reverse 1")
        assert "为什么要冲正" in asked[-1].text, asked[-1].text
        assert "不冲正了请发送“取消”" in asked[-1].text and "/cancel" not in asked[-1].text, \
            asked[-1].text
        left = await bot.send(102, "取消")
        after = await bot.send(102, "金额记错了")  # no longer the reason
    assert "已取消" in left[-1].text, left[-1].text
    assert repo.entries(kind=Kind.REVERSAL) == []
    assert not any("冲正" in c.text for c in after)
