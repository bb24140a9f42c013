"""/paper over the vote a flat's former owner cast before it was sold during the vote: the
volunteer read 东小区 1号楼 1单元 101 的业主已于 … 在网上投过票, as if the owner now (who
bought it) had voted. The question now says it was the former owner (前业主), by no
name, in Chinese and in English."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.privacy import CONSENT_VERSION

HOME = "c1/1/1/101"


def _sold(repo, paper: bool):  # type: ignore[no-untyped-def]
    """The former owner's vote (online, or on paper), then the flat sold to a newcomer who
    says he is its owner; returns the proposal."""
    mother = confirmed_resident(repo, 7001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    if paper:
        repo.cast_vote(pid(repo, 102), proposal.id, "agree", household=HOME, paper=True)
    else:
        repo.cast_vote(mother, proposal.id, "agree")
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    return proposal


@pytest.mark.parametrize("paper", [False, True])
async def test_paper_over_the_former_owners_vote_says_it_was_the_former_owner(repo, paper):
    proposal = _sold(repo, paper)
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {proposal.id} 1/1/101 反对")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "前业主" in text, text
    assert "的业主已" not in text, text


async def test_paper_over_the_owners_own_vote_still_says_the_owner(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    repo.cast_vote(pid(repo, 7001), proposal.id, "agree")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {proposal.id} 1/1/101 反对")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "的业主已于" in text and "前业主" not in text, text


async def test_paper_over_the_vote_of_residents_who_moved_out_of_a_let_flat(repo):
    """The owner's family voted, moved out, and a tenant moved in: the flat was let, not
    sold; the vote is the owner's still, cast by residents who have moved out."""
    family = confirmed_resident(repo, 7001, HOME, 101, relation="family")
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    repo.cast_vote(family, proposal.id, "agree")
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "tenant")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {proposal.id} 1/1/101 反对")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "已经搬走的原住户" in text and "前业主" not in text, text


async def test_a_paper_ballot_over_the_former_owners_ballot_says_the_former_owner(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    e = repo.open_election(pid(repo, 101), "east", title="选举", seats=2,
                           candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    repo.cast_ballot(mother, e.id, [1])
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {e.id} 1/1/101 2")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "前业主" in text and "的业主已" not in text, text


async def test_in_english_it_says_the_former_owner(repo):
    proposal = _sold(repo, paper=False)
    repo.set_language(pid(repo, 101), "en")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {proposal.id} 1/1/101 disagree")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "its former owner (before the flat was sold) already voted online" in text, text
