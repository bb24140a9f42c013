"""Sold, or only let: a flat of an owner of several whose people changed while a vote is
open. Her tenant moving away and her selling it look alike to the vote (people left, the
street file not corrected yet); what tells them apart is what people said: the newcomer's
answer (业主 / 租户; 家属 says nothing: the family of which owner?), the street file if
corrected, and, for a flat left empty, the reason the volunteer gave when moving its last
resident out (/movedout: 房子卖了, or 搬走, 去世, 其他). A paper signature
for a flat let, whose tenant moved away, is its owner's: it replaces her vote for all her
flats (the volunteer confirms), and she still counts once. For a flat the volunteer said
was sold, it is its buyer's: it counts for that flat alone."""

from __future__ import annotations

import pytest
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository
from db.votes import VoteConflict

KEPT, LET = "c1/1/1/101", "c1/1/1/102"  # 60, 80 m²; 201 (100 m²) another owner's

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


@pytest.fixture
def owned(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    yield repo
    repo.close()


def _tenant_leaves(repo: Repository, reason: str):  # type: ignore[no-untyped-def]
    """She lives in 101 and lets 102; a joint matter opens and she votes 同意; the volunteer
    moves 102's tenant out with ``reason``. Returns (proposal, her vote)."""
    her = confirmed_resident(repo, 7001, KEPT, 101)
    tenant = confirmed_resident(repo, 7002, LET, 101, relation="tenant")
    p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2025-12-31")
    hers, _ = repo.cast_vote(her, p.id, "agree")
    repo.move_out_for(pid(repo, 101), tenant, LET, reason)
    return p, hers


@pytest.mark.parametrize("reason", ["moved", "died", "other"])
def test_a_paper_signature_for_a_flat_whose_tenant_moved_away_is_its_owners(owned, reason):
    p, hers = _tenant_leaves(owned, reason)
    assert owned.sold_during(p.id, LET) is False
    with pytest.raises(VoteConflict) as asked:  # her own online vote, for both flats
        owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET, paper=True)
    assert asked.value.params["earlier"] == hers.id
    _, replaced = owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET,
                                  paper=True, replaces=hers.id)
    assert replaced is not None and replaced.id == hers.id
    assert owned.vote_households(p.id, LET) == [KEPT, LET]
    t = owned.tally(p.id)
    # heads: she once (101 + 102), 201: two owners, one voted (counted twice before: 3, 2)
    assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (2, 1, 1, 140)
    assert "sold" not in owned.entry(p.id).data["electorate"]


def test_a_paper_signature_for_a_flat_the_volunteer_said_was_sold_is_its_buyers(owned):
    p, hers = _tenant_leaves(owned, "sold")
    assert owned.sold_during(p.id, LET) is True
    paper, replaced = owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET,
                                      paper=True)
    assert replaced is None
    assert owned.entry(hers.id).status == Status.COUNTED
    t = owned.tally(p.id)
    assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
    assert (t.area_agree, t.area_disagree) == (60, 80)
    assert paper.data["voter"] == LET


def test_the_reason_is_found_again_after_a_restart(owned, tmp_path):
    p, hers = _tenant_leaves(owned, "moved")
    owned.close()
    again = Repository.open(tmp_path / "data", clock=StepClock())
    try:
        assert again.sold_during(p.id, LET) is False
        with pytest.raises(VoteConflict):
            again.cast_vote(pid(again, 101), p.id, "disagree", household=LET, paper=True)
    finally:
        again.close()


@pytest.mark.parametrize(("relation", "sold"), [("owner", True), ("tenant", False),
                                                ("family", None), (None, None)])
def test_what_the_newcomer_says_tells_sold_from_let(owned, relation, sold):
    her = confirmed_resident(owned, 7001, KEPT, 101)
    confirmed_resident(owned, 7002, LET, 101, relation="tenant")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    owned.cast_vote(her, p.id, "agree")
    assert owned.sold_during(p.id, LET) is None  # nothing changed hands yet
    reg = owned.register(pid(owned, 7003), LET, consent=CONSENT_VERSION)
    owned.approve(reg.id, pid(owned, 101), moved_out=True)
    if relation is not None:
        owned.set_relation(pid(owned, 7003), relation)
    assert owned.sold_during(p.id, LET) is sold


async def test_the_volunteer_is_told_why_the_owners_grew_by_one(owned):
    """/paper for the flat the volunteer said was sold: recorded, and said to count for it
    alone (the owners went from 2 to 3 unexplained); for a flat only let, nothing of it."""
    from bot_harness import BotHarness
    p, _hers = _tenant_leaves(owned, "sold")
    async with BotHarness(owned) as bot:
        said = await bot.send(101, f"/paper {p.id} 1/1/102 反对")
    text = " ".join(c.text for c in said if c.chat_id == 101)
    assert "102 在表决期间已经卖出：这张签字是新业主的，只代表这一户" in text, text
    assert "3 位业主中已有 2 位" in text, text


@pytest.mark.parametrize("how", ["herself", "newcomer"])
@pytest.mark.parametrize("sold", [True, False])
def test_when_nothing_says_the_volunteer_recording_the_signature_does(owned, how, sold):
    """102's tenant said 我搬走了 herself (no reason given), or a newcomer came who has not
    answered the bot: nothing says whether 102 was sold. The volunteer is asked
    (``sale_unknown``) and says it: sold, the signature is its buyer's, for 102 alone; not
    sold (let), it is its owner's and replaces her vote (confirmed), she counts once."""
    her = confirmed_resident(owned, 7001, KEPT, 101)
    tenant = confirmed_resident(owned, 7002, LET, 101, relation="tenant")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    hers, _ = owned.cast_vote(her, p.id, "agree")
    assert not owned.sale_unknown(p.id, LET)
    if how == "herself":
        owned.move_out(tenant)
    else:
        reg = owned.register(pid(owned, 7003), LET, consent=CONSENT_VERSION)
        owned.approve(reg.id, pid(owned, 101), moved_out=True)
    assert owned.sale_unknown(p.id, LET) and not owned.sale_unknown(p.id, KEPT)
    if sold:
        _, replaced = owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET,
                                      paper=True, sold=True)
        assert replaced is None
        assert (owned.tally(p.id).owners_total, owned.tally(p.id).owners_voted) == (3, 2)
        assert not owned.sale_unknown(p.id, LET)  # its buyer's in this vote now
    else:
        with pytest.raises(VoteConflict):
            owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET, paper=True,
                            sold=False)
        _, replaced = owned.cast_vote(pid(owned, 101), p.id, "disagree", household=LET,
                                      paper=True, sold=False, replaces=hers.id)
        assert replaced is not None and replaced.id == hers.id
        t = owned.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.area_disagree) == (2, 1, 140)


@pytest.mark.parametrize("sold", [True, False])
async def test_the_volunteer_is_asked_whether_the_flat_was_sold(owned, sold):
    """/paper for 102, whose tenant said 我搬走了 herself: the volunteer is asked who signed
    (sold, or the owner), and the answer is what counts; forged answers are refused."""
    from bot_harness import BotHarness
    her = confirmed_resident(owned, 7001, KEPT, 101)
    tenant = confirmed_resident(owned, 7002, LET, 101, relation="tenant")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    hers, _ = owned.cast_vote(her, p.id, "agree")
    owned.move_out(tenant)
    async with BotHarness(owned) as bot:
        asked = await bot.send(101, f"/paper {p.id} 1/1/102 反对")
        text = " ".join(c.text for c in asked if c.chat_id == 101)
        assert "102 原来的住户在表决期间搬走了，不知道房子是卖了" in text, text
        buttons = [d for _, d in asked[-1].buttons()]
        assert owned.household_vote(p.id, LET) == "agree"  # nothing recorded yet
        forged = await bot.press(101, buttons[0][:-1] + "7")
        assert owned.household_vote(p.id, LET) == "agree", forged
        said = await bot.press(101, buttons[0 if sold else 1])
        if not sold:  # her online vote for both flats: asked over it, the answer kept
            [yes] = [d for c in said if c.chat_id == 101 for _, d in c.buttons()
                     if d.startswith("pp:y:")]
            assert yes.endswith(":0"), yes
            said = await bot.press(101, yes)
    assert owned.household_vote(p.id, LET) == "disagree"
    t = owned.tally(p.id)
    if sold:
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
        assert owned.entry(hers.id).status == Status.COUNTED
    else:
        assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (2, 1, 1, 140)
        assert owned.entry(hers.id).status == Status.REPLACED
