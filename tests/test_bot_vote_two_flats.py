"""An elderly owner of two flats votes from the one she lives in (Civil Code art. 278; SPC
art. 9: one owner, one vote). /vote told her 您家所属的业主已投 (the owner her household
belongs to: someone else, as she read it), and she went on to type 102那套也投同意, which
the bot offered to file as an opinion (tried on the demo as resident 7000007, owner of
市药材小区 2号楼 1单元 301 and 302). Now she reads that her one vote stands for both flats,
102 named; a vote typed for a flat that is not hers is said to be for its own owner."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository

KEPT, OTHER = "c1/1/1/101", "c1/1/1/102"  # hers (key k); 201 another owner's

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')
BOTH = "一位业主只有一票：您这一票代表您名下的 2 套房（包括 102），不用再为它们另投。"


@pytest.fixture
def owned(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    yield repo
    repo.close()


def _said(calls, chat=7001) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text for c in calls if c.chat_id == chat)


async def test_the_owner_of_two_flats_reads_that_her_one_vote_counts_for_both(owned):
    confirmed_resident(owned, 7001, KEPT, 101)
    confirmed_resident(owned, 7002, KEPT, 101, relation="family")  # her son, with her
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(owned) as bot:
        voted = await bot.press(7001, f"vote:{p.id}:agree")
        card = await bot.send(7001, "/vote")
        again = await bot.send(7001, "102那套也投同意")
        other = await bot.send(7001, "201也同意")
        son = await bot.send(7002, "/vote")
    assert BOTH in _said(voted), _said(voted)
    assert "您已投：同意。可以重新投票更改。" in _said(card) and BOTH in _said(card), _said(card)
    assert "您家所属的业主" not in _said(card)
    assert BOTH in _said(again) and "已经投了“同意”" in _said(again), _said(again)
    assert "意见" not in _said(again)  # not offered to be filed as an opinion
    assert "只能为自己家" in _said(other) and "201" in _said(other), _said(other)
    # her son is not the owner: the household's vote, her flats not named
    assert "您家已投：同意（同一业主名下 2 套房共一票）" in _said(son, 7002)
    assert "102" not in _said(son, 7002)
    votes = [v for v in owned.entries(kind=Kind.VOTE) if v.data.get("proposal") == p.id]
    assert len(votes) == 1  # nothing recorded by the typed words


async def test_a_vote_typed_for_her_other_flat_before_she_voted_shows_the_card_first(owned):
    confirmed_resident(owned, 7001, KEPT, 101)
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(owned) as bot:
        typed = await bot.send(7001, "102也反对")
        said = _said(typed)
        assert said.count(BOTH) == 1 and "您家还没有投票" in said, said
        [button] = [d for _, d in typed[-1].buttons()]
        assert button == f"vote:{p.id}:disagree"
        assert owned.household_vote(p.id, OTHER) is None  # nothing recorded yet
        await bot.press(7001, button)
    assert owned.household_vote(p.id, OTHER) == "disagree"
    assert owned.tally(p.id).owners_voted == 1
