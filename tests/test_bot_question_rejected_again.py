"""A public question rejected (a phone number in it, say) tells its asker how to ask it
again, as a rejected report or opinion does: a resident of 城建小区 whose question on line
77 held her phone read 您的提问 #533 未通过审核。理由：问题里有电话号码… and nothing
more: no button, and nothing said of what to do (steward demo, /ask, then ❌ 驳回)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_a_rejected_question_comes_with_the_button_to_ask_again(repo):
    her = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "payee": "清运公司", "purpose": "垃圾清运", "category": "cleaning"})
    repo.approve(spent.id, pid(repo, 102))
    question = repo.ask(her, "east", "line", 1, "这笔钱付给谁了？我电话13912345678")
    async with BotHarness(repo) as bot:
        await bot.press(102, f"q:r:{question.id}")
        told = await bot.send(102, "问题里有电话号码，请去掉电话后重新提问")
        [to_her] = [c for c in told if c.chat_id == 5001]
        assert f"您的提问 #{question.id} 未通过审核" in to_her.text
        assert "可以按理由修改后重新提交：点下面的按钮" in to_her.text, to_her.text
        assert [label for label, _ in to_her.buttons()] == ["❓ 提问"]
        again = await bot.press_label(5001, "❓ 提问")
    assert "您要问哪一项" in again[-1].text, again[-1].text  # the question's first step
