"""A request to close a joint matter early, before the owners have had the 15 days'
notice the law asks (物业管理条例第十四条) since it opened, says so to the second
volunteer (a deadline that near is warned of at /propose; closing early reached the same
end without a word)."""

from __future__ import annotations

from datetime import timedelta

from bot_harness import BotHarness
from conftest import pid, settle


async def _asked(repo, vote_id: int) -> str:  # type: ignore[no-untyped-def]
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/closevote {vote_id}")
        await bot.send(101, "施工方案有变")
        asked = await bot.press(101, "cv:ok:1")
    [text] = [c.text for c in asked if c.chat_id == 102]
    return text


def _open(repo, matter: str):  # type: ignore[no-untyped-def]
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter=matter, deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    return p


async def test_closing_a_joint_matter_three_days_after_it_opened_is_warned_of(repo):
    p = _open(repo, "use_maintenance_fund")
    opened = p.created[:10]
    repo.clock.now += timedelta(days=3)
    text = await _asked(repo, p.id)
    assert (f"这项表决 {opened} 才发起，到今天只有 3 天：业主共同决定的事项，"
            "《物业管理条例》第十四条要求提前 15 日通知全体业主，现在结束作出的决定可能因此被质疑。"
            ) in text, text


async def test_after_fifteen_days_or_on_an_everyday_matter_nothing_is_said(repo):
    joint, everyday = _open(repo, "use_maintenance_fund"), _open(repo, "everyday")
    repo.clock.now += timedelta(days=3)
    assert "第十四条" not in await _asked(repo, everyday.id)
    repo.clock.now += timedelta(days=12)  # 15 days since it opened
    assert "第十四条" not in await _asked(repo, joint.id)
