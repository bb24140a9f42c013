"""A volunteer of the area who lives there too is told once that a proposal was
withdrawn. Before, she was sent 提议 #N … 已由…撤回。理由：… twice, the same words: once as
a resident and once as a volunteer (found in ``steward chat`` on the demo: 城建小区's
volunteers 7000021 and 7000022 live there)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident
from test_bot_proposals import open_proposal, residents


def _told(calls, uid, notice):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == uid and notice in c.text]


async def test_a_volunteer_living_in_the_area_is_told_of_a_withdrawal_once(repo):
    residents(repo)
    confirmed_resident(repo, 101, "c1/1/1/201", 102)  # a volunteer who lives there
    proposal = open_proposal(repo)
    notice = f"提议 #{proposal.id} 安装单元门 已由"
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/withdraw {proposal.id} 预算写错了，下周重新发起")
        done = await bot.press_label(102, "撤回")
    assert len(_told(done, 101, notice)) == 1, _told(done, 101, notice)
    assert len(_told(done, 5001, notice)) == 1 and len(_told(done, 5002, notice)) == 1
