"""A grid worker approves a resident's question with ✅ 通过 under its post: the asker is
told 志愿者答复后会通知您, but the volunteer's chat said only #N 已通过, nothing of
answering; she had to know /answer. Now a message offers ✍️ 答复 #N, which asks for the
answer as /answer's button does."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

RESIDENT, VOLUNTEER = 5001, 101


async def test_approving_a_question_offers_to_answer_it_now(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    async with BotHarness(repo) as bot:
        approved = await bot.press(VOLUNTEER, f"q:a:{q.id}")
        offer = [c for c in approved if c.chat_id == VOLUNTEER and c.buttons()
                 and "答复" in c.text][-1]
        assert f"提问 #{q.id} 已公开，提问人在等答复" in offer.text and "/answer" in offer.text
        [(label, data)] = offer.buttons()
        assert label == f"✍️ 答复 #{q.id}"
        asked = await bot.press(VOLUNTEER, data)
        assert "请回复您的答复" in asked[-1].text
        answered = await bot.send(VOLUNTEER, "付给清运公司，发票已公开。")
    assert repo.entry(q.id).status == Status.ANSWERED
    assert any(c.chat_id == RESIDENT and "付给清运公司" in c.text for c in answered)


async def test_approving_a_report_offers_no_answer(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                        "text": "楼道灯坏了"})
    async with BotHarness(repo) as bot:
        approved = await bot.press(VOLUNTEER, f"q:a:{issue.id}")
    assert not [c for c in approved if "答复" in c.text]


async def test_the_answers_question_says_to_send_quxiao_and_quxiao_publishes_nothing(repo):
    """答复 #N asked 请回复您的答复（会在网站上公开），或发送 /cancel: a command, where every
    other step of the bot says 取消 (and has it on the phone's menu)."""
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.approve(repo.ask(resident, "east", "line", 1, "这笔钱给了谁？").id,
                     pid(repo, VOLUNTEER))
    async with BotHarness(repo) as bot:
        asked = await bot.press(VOLUNTEER, f"ans:q:{q.id}")
        assert "不答复请发送“取消”" in asked[-1].text and "/cancel" not in asked[-1].text
        await bot.send(VOLUNTEER, "取消")
        after = await bot.send(VOLUNTEER, "付给清运公司")  # no longer the answer
    assert repo.entry(q.id).status == Status.APPROVED
    assert not any(c.chat_id == RESIDENT for c in after)


async def test_approve_typed_offers_to_answer_a_question_as_the_button_does(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    async with BotHarness(repo) as bot:
        approved = await bot.send(VOLUNTEER, f"/approve {q.id}")
        offer = [c for c in approved if c.chat_id == VOLUNTEER and c.buttons()
                 and "答复" in c.text][-1]
        assert f"提问 #{q.id} 已公开，提问人在等答复" in offer.text
        [(label, data)] = offer.buttons()
        assert label == f"✍️ 答复 #{q.id}"
        asked = await bot.press(VOLUNTEER, data)
        assert "请回复您的答复" in asked[-1].text
        await bot.send(VOLUNTEER, "付给清运公司，发票已公开。")
    assert repo.entry(q.id).status == Status.ANSWERED


async def test_approve_typed_for_a_report_offers_no_answer(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                        "text": "楼道灯坏了"})
    async with BotHarness(repo) as bot:
        approved = await bot.send(VOLUNTEER, f"/approve {issue.id}")
    assert not [c for c in approved if "答复" in c.text]
