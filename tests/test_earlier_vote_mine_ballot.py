"""A vote recorded for a flat before the household living there now registered
(``Repository.before_household``: a paper signature for a flat nobody had registered)
says nothing of who cast it. /vote told it neutrally, but 我的 read
"……（替换了这一户原住户的投票）" and the election ballot "这张选票替换了这一户原住户搬走前投的
选票" — former residents who may never have existed (the newcomer may have signed it
herself). Both now say it was recorded before the household registered."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Status

HOME = "c1/1/1/101"


async def test_mine_says_the_newcomers_vote_replaced_one_recorded_before_her_household(repo):
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    paper, _ = repo.cast_vote(pid(repo, 101), proposal.id, "agree", household=HOME, paper=True)
    confirmed_resident(repo, 7002, HOME, 101)
    assert repo.before_household(paper.id)
    async with BotHarness(repo) as bot:
        await bot.press(7002, f"vote:{proposal.id}:disagree")
        mine = " ".join(c.text for c in await bot.send(7002, "我的"))
    assert repo.entry(paper.id).status == Status.REPLACED
    assert "原住户" not in mine, mine
    assert "替换了您家登记以前为这一户记下的那一票" in mine, mine


async def test_the_newcomers_ballot_replaces_one_recorded_before_her_household_registered(
        repo):
    e = repo.open_election(pid(repo, 101), "east", title="选举", seats=2,
                           candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    paper, _ = repo.cast_ballot(pid(repo, 101), e.id, [1, 2], household=HOME, paper=True)
    confirmed_resident(repo, 7002, HOME, 101)
    assert repo.before_household(paper.id)
    async with BotHarness(repo) as bot:
        done = await bot.press(7002, f"el:{e.id}:1:ok")  # 候选人甲 alone
    text = " ".join(c.text for c in done if c.chat_id == 7002)
    assert "原住户" not in text and "候选人乙" not in text, text
    assert "这张选票替换了您家登记以前为这一户记下的那张选票" in text, text
    assert repo.ballot_of(e.id, HOME) == [1]
