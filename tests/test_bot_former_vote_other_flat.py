"""A vote cast from one flat of an owner of several by someone who has since left it is
hers (``db.moving``): the people of the owner's other flat are not told which way it went,
on /vote, at their own press, in 我的 or on an election ballot. They read that an earlier
vote counts for the owner until they vote."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.repository import Repository

KEPT, LEFT = "c1/1/1/101", "c1/1/1/102"

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


@pytest.fixture
def owned(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    yield repo
    repo.close()


def _texts(calls, chat: int) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text for c in calls if c.chat_id == chat)


async def test_the_other_flat_is_not_shown_a_vote_of_one_who_moved_out(owned):
    she = confirmed_resident(owned, 7001, LEFT, 101, relation="family")
    confirmed_resident(owned, 7003, KEPT, 101, relation="family")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    owned.cast_vote(she, p.id, "agree")
    owned.move_out(she)
    async with BotHarness(owned) as bot:
        listing = _texts(await bot.send(7003, "/vote"), 7003)
        pressed = _texts(await bot.press(7003, f"vote:{p.id}:disagree"), 7003)
        mine = _texts(await bot.send(7003, "我的"), 7003)
    assert "已投：同意" not in listing and "“同意”" not in listing, listing
    assert "另一套房" in listing and "搬走" in listing, listing
    assert "同意" not in pressed.replace("不同意", ""), pressed
    assert "“同意”" not in mine, mine
    assert owned.household_vote(p.id, KEPT) == "disagree"


async def test_her_own_vote_is_still_shown_to_her_in_the_other_flat(owned):
    """She moved from 102 to the owner's other flat: the vote is hers, shown to her."""
    she = confirmed_resident(owned, 7001, LEFT, 101, relation="family")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    owned.cast_vote(she, p.id, "agree")
    confirmed_resident(owned, 7001, KEPT, 101, relation="family")  # registered in 101
    async with BotHarness(owned) as bot:
        listing = _texts(await bot.send(7001, "/vote"), 7001)
    assert "已投：同意" in listing, listing


async def test_the_other_flat_is_not_shown_a_ballot_of_one_who_moved_out(owned):
    she = confirmed_resident(owned, 7001, LEFT, 101, relation="family")
    confirmed_resident(owned, 7003, KEPT, 101, relation="family")
    e = owned.open_election(pid(owned, 101), "east", title="选举", seats=2,
                            candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    owned.cast_ballot(she, e.id, [2])
    owned.move_out(she)
    async with BotHarness(owned) as bot:
        listing = await bot.send(7003, "/vote")
        done = _texts(await bot.press(7003, f"el:{e.id}:1:ok"), 7003)
        mine = _texts(await bot.send(7003, "我的"), 7003)
    text = _texts(listing, 7003)
    assert "您家已选" not in text and "您家投了空白票" not in text, text
    marks = [label for c in listing if c.chat_id == 7003 for label, _ in c.buttons()]
    assert any("☐ 2" in m for m in marks) and not any("☑" in m for m in marks), marks
    assert "候选人乙" not in done and "2" not in done.split("替换")[-1][:10], done
    assert "候选人 2" not in mine and "候选人2" not in mine, mine
    assert owned.ballot_of(e.id, KEPT) == [1]


def _sold_during(owned, *, before: bool):  # type: ignore[no-untyped-def]
    """The owner's family lives in 101; 102 is sold while a vote is open and its buyer
    (7002) is confirmed as its former resident moved out. The family votes 同意 before
    or after the sale. Returns the proposal."""
    family = confirmed_resident(owned, 7001, KEPT, 101, relation="family")
    confirmed_resident(owned, 7003, LEFT, 101, relation="family")  # lived in 102
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    if before:
        owned.cast_vote(family, p.id, "agree")
    from db.privacy import CONSENT_VERSION

    owned.approve(owned.register(pid(owned, 7002), LEFT, consent=CONSENT_VERSION).id,
                  pid(owned, 101), moved_out=True)
    owned.set_relation(pid(owned, 7002), "owner")
    return p


@pytest.mark.parametrize("before", [True, False])
async def test_the_buyer_of_her_other_flat_is_not_shown_nor_told_her_vote(owned, before):
    p = _sold_during(owned, before=before)
    async with BotHarness(owned) as bot:
        cast = [] if before else await bot.press(7001, f"vote:{p.id}:agree")
        listing = _texts(await bot.send(7002, "/vote"), 7002)
    assert not [c.text for c in cast if c.chat_id == 7002], cast  # not told it
    assert "已投：同意" not in listing and "“同意”" not in listing, listing
    assert "这套房原来的业主" in listing, listing
    assert owned.household_vote(p.id, LEFT) == "agree"  # it counts for 102 until he votes


async def test_she_who_moved_out_is_not_shown_the_other_flats_later_vote_in_mine(owned):
    """Her 我的 said 已被替换：“反对” counts now (an online vote from another flat of the same
    owner) after she had left 102: the household of the owner's other flat voted after she
    left; which way is theirs."""
    she = confirmed_resident(owned, 7001, LEFT, 101, relation="family")
    confirmed_resident(owned, 7003, KEPT, 101, relation="family")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2025-12-31")
    owned.cast_vote(she, p.id, "agree")
    owned.move_out(she)
    owned.cast_vote(pid(owned, 7003), p.id, "disagree")
    async with BotHarness(owned) as bot:
        mine = _texts(await bot.send(7001, "我的"), 7001)
    assert "反对" not in mine, mine
    assert "已被替换" in mine and "搬走后" in mine, mine


@pytest.mark.parametrize("relation", [None, "tenant"])
async def test_a_newcomer_not_known_to_have_bought_is_not_told_of_a_former_owner(owned,
                                                                                relation):
    """The owner's family moved out of 102 during the vote and a newcomer came: he has not
    said how he stands to it, or rents it (on an everyday matter, where a tenant votes).
    The vote counted for 102 is its owner's, cast from 101; he read 这套房原来的业主已经从她
    名下的另一套房投过票, as if it had been sold (and the owner a woman)."""
    family = confirmed_resident(owned, 7001, KEPT, 101)
    confirmed_resident(owned, 7003, LEFT, 101, relation="family")
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="everyday", deadline="2025-12-31")
    owned.cast_vote(family, p.id, "agree")
    from db.privacy import CONSENT_VERSION

    owned.approve(owned.register(pid(owned, 7002), LEFT, consent=CONSENT_VERSION).id,
                  pid(owned, 101), moved_out=True)
    if relation is not None:
        owned.set_relation(pid(owned, 7002), relation)
    async with BotHarness(owned) as bot:
        listing = _texts(await bot.send(7002, "/vote"), 7002)
    assert "原来的业主" not in listing and "她名下" not in listing, listing
    assert "您家搬来之前，这套房的业主已经从名下的另一套房投过票" in listing, listing
