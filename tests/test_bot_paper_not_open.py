"""/paper on a vote it cannot record on answers as /paper: a vote of another area read
“只有本小区的志愿者可以这样操作…请检查编号有没有写错（发送 /pending 可以查看您区域待审核的内容）”
(the approval queue, nothing to do with paper signatures), and a vote that has ended read
“这个提议的投票已经结束。”, neither naming the vote nor where the open ones are. Found
playing a grid worker of 城建小区 in steward chat on the demo."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid


def _vote(repo, area="east", who=101):
    return repo.create_proposal(pid(repo, who), area, title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


async def test_another_areas_vote_is_named_with_hers_and_where_the_open_ones_are(repo):
    west = _vote(repo, "west", 103)
    async with BotHarness(repo) as bot:
        calls = [*await bot.send(101, f"/paper {west.id}"),
                 *await bot.send(101, f"/paper {west.id} 1/1/101 同意")]
    said = [c.text for c in calls if c.text]
    assert said == [f"#{west.id} 是西小区的表决，不是您负责的区域（您负责：东小区），这次没有"
                    "登记。发送 /paper 查看您负责的区域正在进行的表决。"] * 2, said
    assert not repo.current_votes(west.id)


async def test_a_vote_that_has_ended_is_named_with_how_it_ended(repo):
    vote = _vote(repo)
    repo.withdraw_proposal(vote.id, pid(repo, 101), "方案要改")
    async with BotHarness(repo) as bot:
        calls = [*await bot.send(102, f"/paper {vote.id}"),
                 *await bot.send(102, f"/paper {vote.id} 1/1/101 同意")]
    said = [c.text for c in calls if c.text]
    assert said == [f"#{vote.id} 装门禁 的投票已经结束（已撤回），不能再登记纸质签字。"
                    "发送 /paper 查看正在进行的表决。"] * 2, said



def _election(repo):
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（网格员）"],
                              deadline="2099-01-01")


async def test_paper_alone_offers_an_open_election_rather_than_saying_none_is_open(repo):
    """With only an election open, /paper said 您负责的区域现在没有正在进行的表决 (found
    opening one in steward chat as a grid worker of 城建小区, then sending /paper)."""
    election = _election(repo)
    async with BotHarness(repo) as bot:
        alone = await bot.send(102, "/paper")
        vote = _vote(repo)
        both = await bot.send(102, "/paper")
    said = alone[-1].text
    assert "没有正在进行的表决" not in said and "要为哪项选举登记纸质选票" in said, said
    assert f"/paper {election.id} 1/1/101 1,3" in said, said  # how its ballot is typed
    assert alone[-1].buttons() == [(f"#{election.id} 第一届物管会选举", f"bd:l:{election.id}")]
    assert "要为哪项表决登记纸质签字" in both[-1].text
    assert [label for label, _ in both[-1].buttons()] == [f"#{election.id} 第一届物管会选举",
                                                          f"#{vote.id} 装门禁"]
