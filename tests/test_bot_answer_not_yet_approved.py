"""A grid worker answers a resident's question that no volunteer has approved yet: /answer
alone said 目前没有等待答复的公开提问 (the question was there, at the end of /pending's
second page), and /answer N with the answer written out said only 提问 #N 还没有公开：请先
审核通过 — the answer typed on the phone was dropped, to be typed again after finding the
question in /pending. Now /answer shows the question waiting with its ✅ 通过 / ❌ 驳回, the
answer typed is kept, and after ✅ the 答复 button offers to publish it as written."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

RESIDENT, VOLUNTEER = 5001, 101
ANSWER = "按合同每季度五百元，合同在社区办公室可以查看。"


def _question(repo):
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "purpose": "垃圾清运", "payee": "清运公司", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    return repo.ask(resident, "east", "line", 1, "这笔钱是按什么标准算的？")


async def test_answer_alone_shows_a_question_waiting_for_approval_with_its_buttons(repo):
    q = _question(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(VOLUNTEER, "/answer")
    said = "\n".join(c.text for c in listed)
    assert "目前没有等待答复的公开提问" in said
    assert f"#{q.id}" in said and "审核" in said, said
    post = [c for c in listed if ("✅ 通过", f"q:a:{q.id}") in c.buttons()]
    assert post and "这笔钱是按什么标准算的" in post[-1].text, [c.buttons() for c in listed]


async def test_an_answer_to_a_question_not_yet_approved_is_kept_and_published_after(repo):
    q = _question(repo)
    async with BotHarness(repo) as bot:
        refused = await bot.send(VOLUNTEER, f"/answer {q.id} {ANSWER}")
        said = "\n".join(c.text for c in refused)
        assert "还没有公开" in said and "留着" in said, said
        assert repo.entry(q.id).status == Status.PENDING
        assert any(("✅ 通过", f"q:a:{q.id}") in c.buttons() for c in refused)
        approved = await bot.press(VOLUNTEER, f"q:a:{q.id}")
        offer = [c for c in approved if (f"✍️ 答复 #{q.id}", f"ans:q:{q.id}") in c.buttons()]
        assert offer, [c.buttons() for c in approved]
        asked = await bot.press(VOLUNTEER, f"ans:q:{q.id}")
        assert ANSWER in asked[-1].text, asked[-1].text
        [publish] = [d for label, d in asked[-1].buttons() if "发布" in label]
        answered = await bot.press(VOLUNTEER, publish)
    assert repo.entry(q.id).status == Status.ANSWERED
    assert repo.entry(q.id).data["answer"] == ANSWER
    assert any(c.chat_id == RESIDENT and ANSWER in c.text for c in answered)
