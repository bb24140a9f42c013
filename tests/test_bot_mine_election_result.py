"""我的 lists a resident's ballot in a committee election with the election's result as
an election says it: a resident of 新国土小区 whose election elected nobody read
#534 投票：选举 #533：选了候选人 1 —— 已计票；表决结果：未通过, a proposal's words for
an election (steward demo, then an election played to its deadline)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid


def _election(repo, deadline):
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                              deadline=deadline)


async def test_mine_says_whether_the_election_elected_not_whether_it_passed(repo):
    her = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    lost = _election(repo, "2025-01-02")
    repo.cast_ballot(her, lost.id, [1])  # one ballot of three households: no quorum
    close_when_due(repo, lost.id, pid(repo, 101))
    won = _election(repo, "2025-01-09")
    for n, room in enumerate(("102", "201")):
        repo.cast_ballot(confirmed_resident(repo, 7100 + n, f"c1/1/1/{room}", 101), won.id,
                         [2])
    repo.cast_ballot(her, won.id, [2])
    close_when_due(repo, won.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        mine = await bot.send(7001, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 7001)
    assert f"选举 #{lost.id}：选了候选人 1 —— 已计票；表决结果：无人当选" in said, said
    assert f"选举 #{won.id}：选了候选人 2 —— 已计票；表决结果：已选出委员" in said, said
    assert "未通过" not in said and "：通过" not in said, said
