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
    assert len(said) == 1 and "本小区的志愿者" in said[0] and "住户中没有" not in said[0], said
    assert not repo.current_votes(vote.id)


async def test_a_volunteer_of_the_votes_area_still_hears_of_a_household_it_lacks(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/paper {vote.id} 1/1/909 agree")
    said = [c.text for c in calls if c.chat_id == 102]
    assert len(said) == 1 and f"#{vote.id} 的住户中没有 1/1/909" in said[0], said


async def test_mine_names_the_household_of_each_paper_signature_a_volunteer_recorded(repo):
    """A grid worker who recorded twenty signatures door to door read under 我的
    提议 #498：同意 twenty times, as if she had voted twenty times (found with steward
    chat as a grid worker). Each now names it a paper signature and whose household."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 agree")
        await bot.send(102, f"/paper {vote.id} 1/1/102 disagree")
        mine = await bot.send(102, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 102)
    assert f"提议 #{vote.id}：同意（纸质签字，东小区 1号楼 1单元 101）" in said, said
    assert f"提议 #{vote.id}：反对（纸质签字，东小区 1号楼 1单元 102）" in said, said
