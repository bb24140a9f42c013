"""/meeting's step of what the meeting discussed lists what is open now: the reports,
the votes under way and the projects. A committee election that had closed and
elected its members was listed there too (目前未结的：… #396 第一届物管会选举), as if it
were still going on: found recording a 议事会 of 城建小区 in steward chat on the demo."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid

from db.entries import Status


async def test_a_closed_election_is_not_listed_as_open_at_the_minutes_links_step(repo):
    residents = [confirmed_resident(repo, 7000 + n, f"c1/1/1/{room}", 101)
                 for n, room in enumerate(("101", "102", "201"))]
    closed = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                                candidates=["候选人甲（退休教师）", "候选人乙（网格员）"],
                                deadline="2025-01-02")
    for resident in residents:
        repo.cast_ballot(resident, closed.id, [1])
    close_when_due(repo, closed.id, pid(repo, 101))
    assert repo.entry(closed.id).status == Status.PASSED
    running = repo.open_election(pid(repo, 101), "east", title="补选", seats=1,
                                 candidates=["候选人丙（楼长）"], deadline="2099-01-01")
    vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/meeting")
        await bot.press_label(101, "议事会")
        await bot.press_label(101, "今天")
        for typed in ("社区活动室", "物管会委员、网格员", "8", "门禁", "下一步", "下月安装"):
            asked = await bot.send(101, typed)
    said = asked[-1].text
    assert "会上讨论了哪些报事和提议" in said, said
    assert f"#{vote.id} 装门禁" in said and f"#{running.id} 补选" in said, said
    assert f"#{closed.id}" not in said, said
