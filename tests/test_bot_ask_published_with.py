"""A question's confirmation says what it is published beside: a supervisor's question
on 城建小区's 会诊 minutes (/ask #258 …) read 然后在公开网站上和所问的那笔账一起发布, as if
it were about a ledger line (steward demo, then /ask as a supervisor)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_the_confirmation_names_the_line_vote_or_minutes_it_is_published_with(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    minutes = repo.record_meeting(pid(repo, 101), "east", meeting_kind="diagnosis",
                                  date="2025-01-01", place="活动室", roles=["网格员"],
                                  residents=3, topics="化粪池", decisions="清掏")
    repo.approve(minutes.id, pid(repo, 102))
    vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    said = {}
    async with BotHarness(repo) as bot:
        for target in ("1", f"#{minutes.id}", f"#{vote.id}"):
            calls = await bot.send(5001, f"/ask {target} 这是怎么回事？")
            said[target] = calls[-1].text
            await bot.press_label(5001, "取消")
    assert "然后在公开网站上和第 1 笔账一起发布" in said["1"], said
    assert f"然后在公开网站上和会议纪要 #{minutes.id}一起发布" in said[f"#{minutes.id}"], said
    assert f"然后在公开网站上和提议 #{vote.id}一起发布" in said[f"#{vote.id}"], said
    assert not any("所问的那笔账" in text for text in said.values())
