"""/paper on a vote of another area says it is not the volunteer's area, whatever the
household typed: it looked the household up among the vote's first, and answered
“#211 的住户中没有 1/1/101” to a volunteer of another area (a volunteer's walk-through:
the vote's area has two compounds, so 1/1/101 names none of its households)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


async def test_paper_on_another_areas_vote_says_it_is_not_their_area(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(103, f"/paper {vote.id} 1/1/909 agree")  # 103: west's
    said = [c.text for c in calls if c.chat_id == 103]
    assert len(said) == 1 and "不是您负责的区域（您负责：西小区）" in said[0] and \
        "住户中没有" not in said[0], said
    assert not repo.current_votes(vote.id)


async def test_a_volunteer_of_the_votes_area_still_hears_of_a_household_it_lacks(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/paper {vote.id} 1/1/909 agree")
    said = [c.text for c in calls if c.chat_id == 102]
    assert len(said) == 1 and f"#{vote.id} 的住户中没有 1/1/909" in said[0], said


async def test_mine_says_the_paper_signatures_a_volunteer_recorded_are_for_households(repo):
    """A grid worker who recorded twenty signatures door to door read under 我的
    提议 #498：同意 twenty times, as if she had voted twenty times (found with steward
    chat as a grid worker). They are said to be paper signatures for households."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 agree")
        await bot.send(102, f"/paper {vote.id} 1/1/102 disagree")
        mine = await bot.send(102, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 102)
    assert f"您为各户登记的纸质签字：\n#{vote.id} 装门禁：2 户（同意 1、反对 1）" in said, said
    assert f"提议 #{vote.id}：同意\n" not in said, said


async def test_mine_sums_up_a_volunteers_paper_signatures_below_her_own_entries(repo):
    """A grid worker's 我的 was ten lines of 投票 she recorded for others, her own report
    pushed off the list (the demo's 900301: all 投票 lines). Her own entries are listed;
    the signatures are one line per vote, counted by choice."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/announce 周六停水")
        for room, choice in [("101", "agree"), ("102", "disagree"), ("201", "agree")]:
            await bot.send(102, f"/paper {vote.id} 1/1/{room} {choice}")
        mine = await bot.send(102, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 102)
    assert "您为各户登记的纸质签字：" in said, said
    assert f"#{vote.id} 装门禁：3 户（同意 2、反对 1） —— 发 /paper {vote.id}" in said, said
    assert "纸质签字，东小区" not in said, said


async def test_mine_of_a_volunteer_with_no_home_does_not_tell_her_to_register_first(repo):
    """我的 told the grid worker who lives elsewhere 请先登记住户 under her signatures."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 agree")
        mine = await bot.send(102, "我的")
        resident = await bot.send(7001, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 102)
    assert "请先登记住户" not in said and "如果您本人也住在这里" in said, said
    assert "请先登记住户" in "\n".join(c.text for c in resident if c.chat_id == 7001)
