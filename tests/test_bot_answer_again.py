"""/answer N sent for a question answered already (walk172, steward chat: a committee head
sent /answer 519 again on bad signal, and a second volunteer answered what the first had):
the bot said 提问 #519 已经答复过了（或已被驳回）, leaving her to guess which, by whom, and
whether the asker got a second answer. Now it says the same answer was published already
(nothing sent twice), or who answered it, when, and what, and that this one was not
published; a rejected question says it was rejected."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

RESIDENT = 5001


def a_question(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, 101))
    return q


async def test_the_same_answer_sent_again_says_it_was_published_once(repo):
    q = a_question(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/answer {q.id} 付给清运公司，发票已公开。")
        again = await bot.send(101, f"/answer {q.id} 付给清运公司，发票已公开。")
    said = again[-1].text
    assert "或已被驳回" not in said and "已经发布过了" in said and "没有重复" in said, said
    assert not [c for c in again if c.chat_id == RESIDENT]
    assert repo.entry(q.id).data["answer"] == "付给清运公司，发票已公开。"


async def test_another_answer_to_an_answered_question_says_who_answered_and_what(repo):
    q = a_question(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/answer {q.id} 付给清运公司，发票已公开。")
        late = await bot.send(102, f"/answer {q.id} 给了清运公司")
    said = late[-1].text
    assert "或已被驳回" not in said, said
    assert "物管会主任甲" in said and "付给清运公司，发票已公开。" in said and "没有发布" in said
    assert repo.entry(q.id).data["answer"] == "付给清运公司，发票已公开。"


async def test_an_answer_to_a_rejected_question_says_it_was_rejected(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    repo.reject(q.id, pid(repo, 102), "重复的提问")
    async with BotHarness(repo) as bot:
        late = await bot.send(101, f"/answer {q.id} 给了清运公司")
    said = late[-1].text
    assert "或已被驳回" not in said and "驳回" in said, said
    assert repo.entry(q.id).status == Status.REJECTED
