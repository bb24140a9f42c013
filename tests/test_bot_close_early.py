"""What the second volunteer reads before confirming that a vote closes early (tried in
the self-government trial, where it said only "40 of 57 owners have voted"): the owners
who have not voted were told they could until the deadline, and a joint matter, or an
election, short of two thirds can then only fail. How anyone voted is never said."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid


async def _asked(repo, vote_id: int) -> str:
    """The request as the area's second volunteer (102) receives it."""
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/closevote {vote_id}")
        await bot.send(101, "施工方案有变")
        asked = await bot.press(101, "cv:ok:1")
    [text] = [c.text for c in asked if c.chat_id == 102]
    return text


def _open(repo, matter: str):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter=matter, deadline="2099-01-01")
    repo.cast_vote(pid(repo, 5001), p.id, "agree")
    return p


async def test_a_joint_matter_short_of_two_thirds_is_said_to_fail_if_closed_now(repo):
    p = _open(repo, "use_maintenance_fund")
    text = await _asked(repo, p.id)
    assert "目前 3 位业主中已有 1 位参与投票；其余 2 位收到的通知是可以投到 2099-01-01 24时，" \
           "现在结束他们就不能再投了。" in text, text
    assert "参与的业主还不到三分之二（按人数或按面积）：现在结束，这项表决一定不通过。" in text
    assert "同意" not in text.split("提前结束需要")[0].replace("您同意", "")  # no choice told


async def test_an_everyday_matter_has_no_two_thirds_to_warn_of(repo):
    p = _open(repo, "everyday")
    text = await _asked(repo, p.id)
    assert "其余 2 位收到的通知" in text and "三分之二" not in text


async def test_an_election_short_of_two_thirds_is_said_to_elect_nobody(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-20")
    text = await _asked(repo, e.id)
    assert "其余 3 位" in text and "现在结束，本次选举无人当选。" in text, text
