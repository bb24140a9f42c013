"""/vote tells a resident, on a joint matter of the owners, how many owners and m² two
thirds are and how many are still missing (as the volunteers collecting paper signatures
are told): before, she read 57 位业主中已有 2 位投票 and the law's sentence, and had to
work out herself whether the vote could still count."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid


async def test_a_resident_sees_what_two_thirds_still_needs_on_a_joint_matter_only(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    joint = repo.create_proposal(pid(repo, 101), "east", title="屋面防水", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2099-01-01")
    everyday = repo.create_proposal(pid(repo, 101), "east", title="保洁排班", description="",
                                    budget_fen=0, matter="everyday", deadline="2099-01-01")
    repo.cast_vote(pid(repo, 7001), joint.id, "agree")
    async with BotHarness(repo) as bot:
        shown = [*await bot.press(7001, f"vi:{joint.id}"),  # /vote's 详情 under each
                 *await bot.press(7001, f"vi:{everyday.id}")]
    [j] = [c.text for c in shown if f"提议 #{joint.id}" in c.text]
    [e] = [c.text for c in shown if f"提议 #{everyday.id}" in c.text]
    # east: 3 owners, 240 m²; two thirds: 2 owners and 160 m²; 101 (60 m²) voted
    assert ("还差 1 位业主投票（房屋面积还差 100.0 m²），这次表决才有效（法律要求人数和面积都"
            "达到三分之二：至少 2 位业主、160.0 m²）。") in j, j
    assert "三分之二" not in e and "还差" not in e


async def test_a_resident_reads_what_passes_a_vote_in_plain_words(repo):
    """/vote said 通过条件：专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，
    并经参与表决专有部分面积过半数且参与表决人数过半数的业主同意: the law's sentence, which
    the site quotes, read by an elderly resident on a phone. It now says it plainly."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    opened = [repo.create_proposal(pid(repo, 101), "east", title=title, description="",
                                   budget_fen=0, matter=matter, deadline="2099-01-01")
              for title, matter in (("屋面防水", "use_maintenance_fund"),
                                    ("筹集维修资金", "raise_maintenance_fund"),
                                    ("保洁排班", "everyday"))]
    async with BotHarness(repo) as bot:
        shown = [c for p in opened for c in await bot.press(7001, f"vi:{p.id}")]  # 详情
    text = {title: next(c.text for c in shown if title in c.text)
            for title in ("屋面防水", "筹集维修资金", "保洁排班")}
    assert ("要通过，需要三分之二以上的业主（按人数和面积）参加，参加者过半数同意。"
            in text["屋面防水"])
    assert "参加者四分之三以上同意" in text["筹集维修资金"]
    assert "要通过，需要参加者过半数同意。" in text["保洁排班"]
    assert not any("专有部分面积占比" in t for t in text.values())
