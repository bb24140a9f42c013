"""/closevote and /withdraw of another area's vote are refused at once: a volunteer of
盐业小区·市药材小区 typing /closevote 593 (a vote of 怡馨苑小区) was shown its title and
deadline and asked for a reason, and only the last press said 这一条不属于您负责的区域
(found in steward chat). Nothing of that vote is shown, and nothing is asked."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid

from db.entries import Status


def _west_vote(repo):
    return repo.create_proposal(pid(repo, 103), "west", title="西边修屋顶", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


@pytest.mark.parametrize("typed", ["/closevote {id} 已收齐签字", "/closevote {id}",
                                   "/withdraw {id} 方案有变", "/withdraw {id}"])
async def test_another_areas_vote_is_refused_at_once(repo, typed):
    vote = _west_vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, typed.format(id=vote.id))
        after = await bot.send(101, "理由是方案有变")  # not taken as a reason
    texts = [c.text for c in calls + after if c.chat_id == 101]
    assert "不属于您负责的区域" in calls[-1].text, texts
    assert not any("西边修屋顶" in x for x in texts), texts
    assert not calls[-1].buttons()
    assert not any(c.chat_id == 103 for c in calls + after)
    assert repo.entry(vote.id).status == Status.OPEN


async def test_the_areas_own_volunteer_is_still_asked_to_confirm(repo):
    vote = _west_vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(103, f"/withdraw {vote.id} 方案有变")
    assert "西边修屋顶" in calls[-1].text and calls[-1].buttons()
