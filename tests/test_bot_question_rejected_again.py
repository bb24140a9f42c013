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
        # her words written in again (the button started the question empty: lost)
        assert "您的问题：“这笔钱付给谁了？我电话13912345678”" in again[-1].text, again[-1].text
        assert "不改，继续" in [label for label, _ in again[-1].buttons()]
        changed = await bot.send(5001, "这笔钱付给谁了？")
        assert "您关于第 1 笔账的提问：这笔钱付给谁了？" in changed[-1].text, changed[-1].text
        await bot.press_label(5001, "提交")
    [asked] = [e for e in repo.entries(area="east", kind=Kind.QUESTION)
               if e.id != question.id]
    assert (asked.data["target"], asked.data["ref"], asked.data["text"]) == \
        ("line", 1, "这笔钱付给谁了？")


async def test_the_ask_again_button_of_someone_elses_question_starts_empty(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    other = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "payee": "清运公司", "purpose": "垃圾清运", "category": "cleaning"})
    repo.approve(spent.id, pid(repo, 102))
    question = repo.ask(other, "east", "line", 1, "她的问题，电话13912345678")
    repo.reject(question.id, pid(repo, 102), "有电话")
    async with BotHarness(repo) as bot:
        calls = await bot.press(5001, f"ask:again:{question.id}")
    assert "她的问题" not in "\n".join(c.text for c in calls)
    assert "您要问哪一项" in calls[-1].text, calls[-1].text
