"""How a household voted online is said to nobody, volunteers included: a volunteer
recording a paper signature (typed /paper, the door buttons, /proxy's paper vote, a
paper ballot in an election) over an online vote read 东小区 1号楼 1单元 101 已在 … 由
居民记录了网上投票：“同意”, and after recording 它取代了同一业主此前的投票“同意”（网上
投票）: door to door, she learned how the household voted. Now she reads that the owner
voted online, and when, and that her paper signature replaces it; never which way. A
paper signature asked about is still shown as signed (the volunteers saw the sheet)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.votes import VoteConflict

HOME, RESIDENT, VOLUNTEER = "c1/1/1/102", 7002, 102


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


def _said(calls, chat=VOLUNTEER):
    return "\n".join(c.text for c in calls if c.chat_id == chat and c.text)


def _voted_online(repo, choice="agree"):
    resident = confirmed_resident(repo, RESIDENT, HOME, 101)
    vote = _vote(repo)
    repo.cast_vote(resident, vote.id, choice)
    return vote


def test_the_domain_does_not_tell_a_volunteer_how_the_owner_voted_online(repo):
    vote = _voted_online(repo)
    with pytest.raises(VoteConflict) as info:
        repo.cast_vote(pid(repo, VOLUNTEER), vote.id, "disagree", household=HOME, paper=True)
    seen = info.value.params
    assert seen["choice"] is None and seen["backs"] is None and seen["paper"] is False
    assert "agree" not in str(info.value) and "agree" not in repr(seen)
    # over a paper signature, the volunteer is shown what was signed
    repo.cast_vote(pid(repo, VOLUNTEER), vote.id, "disagree", household=HOME, paper=True,
                   replaces=seen["earlier"])
    with pytest.raises(VoteConflict) as info:
        repo.cast_vote(pid(repo, 101), vote.id, "abstain", household=HOME, paper=True)
    assert info.value.params["choice"] == "disagree"


async def test_typed_paper_over_an_online_vote_never_says_which_way_it_went(repo):
    vote = _voted_online(repo)  # 同意 online
    async with BotHarness(repo) as bot:
        asked = await bot.send(VOLUNTEER, f"/paper {vote.id} 1/1/102 反对")
        done = await bot.press(VOLUNTEER, asked[-1].buttons()[0][1])
    question, recorded = asked[-1].text, _said(done)
    assert "已于" in question and "在网上投过票" in question and "保密" in question, question
    assert "“反对”" in question  # what she is about to record
    for text in (question, recorded):
        assert "同意" not in text, text
    assert "已登记" in recorded and "此前的网上投票" in recorded, recorded
    assert repo.current_votes(vote.id) == {HOME: "disagree"}


async def test_the_door_buttons_over_an_online_vote_never_say_which_way_it_went(repo):
    vote = _voted_online(repo, "disagree")  # 反对 online, then an old door button pressed
    k = sorted(repo.voters(vote.id).voter_of).index(HOME)
    async with BotHarness(repo) as bot:
        asked = await bot.press(VOLUNTEER, f"pd:c:{vote.id}:{k}:agree")
        yes = next(d for label, d in bot.current_buttons(VOLUNTEER)[1]
                   if label == "登记纸质签字")
        done = await bot.press(VOLUNTEER, yes)
    question, recorded = _said(asked), _said(done)
    assert "在网上投过票" in question, question
    for text in (question, recorded):
        assert "反对" not in text, text
    assert repo.current_votes(vote.id) == {HOME: "agree"}


async def test_proxys_paper_vote_over_an_online_vote_never_says_which_way_it_went(repo):
    vote = _voted_online(repo)
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/proxy")
        await bot.press(VOLUNTEER, "px:b:0")
        await bot.press(VOLUNTEER, "px:u:0")
        await bot.press_label(VOLUNTEER, "102", exact=True)
        await bot.press(VOLUNTEER, "px:do:vote")
        await bot.press(VOLUNTEER, "px:p:0")
        asked = await bot.press(VOLUNTEER, "px:c:abstain")
    question = _said(asked)
    assert "在网上投过票" in question and "同意" not in question, question
    assert repo.current_votes(vote.id) == {HOME: "agree"}  # nothing recorded yet


async def test_a_paper_ballot_over_an_online_ballot_never_says_whom_it_backed(repo):
    confirmed_resident(repo, RESIDENT, HOME, 101)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=2,
                           candidates=["候选人甲（退休教师）", "候选人乙（网格员）",
                                       "候选人丙（楼长）"], deadline="2025-01-20")
    async with BotHarness(repo) as bot:
        await bot.press(RESIDENT, f"el:{e.id}:2:ok")  # online: 候选人乙
        asked = await bot.send(VOLUNTEER, f"/paper {e.id} 1/1/102 1,3")
        done = await bot.press(VOLUNTEER, asked[-1].buttons()[0][1])
    question, recorded = asked[-1].text, _said(done)
    assert "在网上投过选票" in question and "保密" in question, question
    for text in (question, recorded):
        assert "候选人乙" not in text, text
    assert "此前的网上选票" in recorded, recorded
    assert repo.ballot_of(e.id, HOME) == [1, 3]


async def test_paper_over_a_paper_signature_still_shows_what_was_signed(repo):
    vote = _vote(repo)
    repo.cast_vote(pid(repo, 101), vote.id, "agree", household=HOME, paper=True)
    async with BotHarness(repo) as bot:
        asked = await bot.send(VOLUNTEER, f"/paper {vote.id} 1/1/102 反对")
        done = await bot.press(VOLUNTEER, asked[-1].buttons()[0][1])
    assert "纸质签字：“同意”" in asked[-1].text, asked[-1].text
    assert "“同意”（纸质签字）" in _said(done), _said(done)
    assert [v.status for v in repo.entries(kind=Kind.VOTE)] == [Status.REPLACED,
                                                               Status.COUNTED]
