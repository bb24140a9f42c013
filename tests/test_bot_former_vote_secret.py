"""Which way a flat's former residents voted is theirs (``db.moving``): the owner who
bought the flat while the vote ran, pressing a button on /vote, is never told it. He
pressed 同意 as she had and read 您家已经投了“同意”，没有变化 (her vote, not recorded as his);
he pressed 反对 over the paper signature a volunteer had collected from her and read
……纸质签字：“同意”."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION

HOME = "c1/1/1/101"


def _sold(repo, paper: bool):  # type: ignore[no-untyped-def]
    """A joint matter, the former owner's vote on it (online, or on paper), the flat sold
    to a newcomer who says he is its owner; returns (proposal, her vote, his person id)."""
    mother = confirmed_resident(repo, 7001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    if paper:
        hers, _ = repo.cast_vote(pid(repo, 101), proposal.id, "agree", household=HOME,
                                 paper=True)
    else:
        hers, _ = repo.cast_vote(mother, proposal.id, "agree")
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    return proposal, hers, pid(repo, 7002)


async def test_the_new_owner_pressing_the_former_owners_choice_casts_his_own_vote(repo):
    proposal, hers, him = _sold(repo, paper=False)
    async with BotHarness(repo) as bot:
        said = await bot.press(7002, f"vote:{proposal.id}:agree")
    text = " ".join(c.text for c in said if c.chat_id == 7002)
    assert "没有变化" not in text and "已经投" not in text, text
    assert "替换了这一户原住户搬走前投的票" in text
    assert repo.entry(hers.id).status == Status.REPLACED
    [counted] = [v for v in repo.entries(kind=Kind.VOTE, status=Status.COUNTED)
                 if v.data["proposal"] == proposal.id]
    assert counted.author == him and counted.data["choice"] == "agree"


async def test_the_new_owner_voting_over_the_former_owners_paper_signature_is_not_told_it(
        repo):
    proposal, hers, him = _sold(repo, paper=True)
    async with BotHarness(repo) as bot:
        said = await bot.press(7002, f"vote:{proposal.id}:disagree")
    text = " ".join(c.text for c in said if c.chat_id == 7002)
    assert "同意" not in text, text
    assert "替换了这一户原住户搬走前投的票" in text
    assert repo.entry(hers.id).status == Status.REPLACED
    assert repo.household_vote(proposal.id, HOME) == "disagree"


async def test_the_new_owners_family_is_never_told_which_way_the_former_owner_signed(repo):
    """His wife read ……记录网上投票“反对”，记录人：您家的另一位居民，取代此前的“同意”（纸质签字）;
    now his vote is to the household as a first vote is (not told to the others of the flat
    when online)."""
    proposal, _hers, _him = _sold(repo, paper=True)
    confirmed_resident(repo, 7003, HOME, 101, relation="family")
    async with BotHarness(repo) as bot:
        said = await bot.press(7002, f"vote:{proposal.id}:disagree")
    told = " ".join(c.text for c in said if c.chat_id == 7003)
    assert "同意" not in told, told


async def test_the_new_owners_ballot_over_the_former_owners_paper_ballot_is_not_told_it(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    assert mother
    e = repo.open_election(pid(repo, 101), "east", title="选举", seats=2,
                           candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    hers, _ = repo.cast_ballot(pid(repo, 101), e.id, [1, 2], household=HOME, paper=True)
    repo.approve(repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION).id,
                 pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    async with BotHarness(repo) as bot:
        done = await bot.press(7002, f"el:{e.id}:1:ok")  # 候选人甲 alone
    text = " ".join(c.text for c in done if c.chat_id == 7002)
    assert "候选人乙" not in text and "纸质" not in text, text
    assert "这张选票替换了这一户原住户搬走前投的选票" in text
    assert repo.entry(hers.id).status == Status.REPLACED
    assert repo.ballot_of(e.id, HOME) == [1]
