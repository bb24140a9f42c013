"""Whether a flat was sold or only let, asked before a paper signature or ballot is recorded
for it when nothing says (``Repository.sale_unknown``): a flat of an owner of several whose
tenant moved out on her own during the vote. /paper typed for a proposal asked it; the
door walk's buttons (pd: for a proposal, bd: for an election) and an election's paper
ballot, typed or by buttons, recorded it as a buyer's without asking (the owner counted
twice when it was only let). The door walk's answer brings the unit's doors back."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Status
from db.repository import Repository

KEPT, LET = "c1/1/1/101", "c1/1/1/102"  # hers, 60 and 80 m²; 201 (100 m²) another owner's

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')

ASKED = "102 原来的住户在"
SOLD, NOT_SOLD = "新业主签的（房子卖了）", "业主本人签的（房子没卖，是出租或借住）"


@pytest.fixture
def owned(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    yield repo
    repo.close()


def _residents(repo: Repository) -> tuple[int, int]:
    """She lives in 101 and lets 102 (returns her, her tenant)."""
    return (confirmed_resident(repo, 7001, KEPT, 101),
            confirmed_resident(repo, 7002, LET, 101, relation="tenant"))


def _said(calls, chat=101) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text for c in calls if c.chat_id == chat)


@pytest.mark.parametrize("sold", [True, False])
async def test_the_door_walk_asks_whether_the_flat_was_sold_then_goes_on(owned, sold):
    """The door walk lists the doors not voted yet: she has not voted (else 102 was not
    among them); her tenant says 我搬走了 during the vote."""
    _, tenant = _residents(owned)
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2099-01-01")
    owned.move_out(tenant)  # herself: nothing says whether 102 was sold
    async with BotHarness(owned) as bot:
        await bot.send(101, f"/paper {p.id}")
        await bot.press_label(101, "1号楼1单元")
        await bot.press_label(101, "102", exact=True)
        asked = await bot.press_label(101, "反对", exact=True)
        assert ASKED in _said(asked), _said(asked)
        assert owned.household_vote(p.id, LET) is None  # nothing recorded yet
        buttons = dict(asked[-1].buttons())
        assert all(d.startswith("pd:s:") for d in buttons.values()), buttons
        forged = await bot.press(101, buttons[SOLD][:-1] + "7")
        assert owned.household_vote(p.id, LET) is None, _said(forged)
        after = await bot.press(101, buttons[SOLD if sold else NOT_SOLD])
        assert "已登记" in _said(after), _said(after)
        rooms = [label for label, _ in after[-1].buttons()]
        assert "201" in rooms and "102" not in rooms, rooms  # the unit's doors again
        assert ("101" in rooms) is sold  # let: the owner's vote, for 101 too
    assert owned.household_vote(p.id, LET) == "disagree"
    t = owned.tally(p.id)
    if sold:  # its buyer's: three owners
        assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (3, 1, 1, 80)
    else:  # let: her one vote, for both flats
        assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (2, 1, 1, 140)


async def test_the_door_walk_asked_over_her_vote_keeps_the_answer_and_goes_on(owned):
    """She voted online (for 101 and 102); her tenant leaves; the volunteer records 102's
    paper signature through the walk's buttons (its room reached by /paper N 1/1/102 typed
    elsewhere, her vote counting for it): not sold, so it would replace her vote: asked, the
    answer kept in the walk's own 登记 button."""
    her, tenant = _residents(owned)
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="use_maintenance_fund",
                              deadline="2099-01-01")
    hers, _ = owned.cast_vote(her, p.id, "agree")
    owned.move_out(tenant)
    k = sorted(owned.voters(p.id).voter_of).index(LET)
    async with BotHarness(owned) as bot:
        asked = await bot.press(101, f"pd:c:{p.id}:{k}:disagree")
        buttons = dict(asked[-1].buttons())
        assert buttons[NOT_SOLD] == f"pd:s:{p.id}:{k}:disagree:0", buttons
        over = await bot.press(101, buttons[NOT_SOLD])
        [yes] = [d for c in over if c.chat_id == 101 for _, d in c.buttons()
                 if d.startswith("pd:y:")]
        assert yes == f"pd:y:{p.id}:{k}:disagree:{hers.id}:0", yes
        after = await bot.press(101, yes)
        assert "已登记" in _said(after), _said(after)
        assert any(label == "201" for label, _ in after[-1].buttons()), after[-1].buttons()
    assert owned.entry(hers.id).status == Status.REPLACED
    t = owned.tally(p.id)
    assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (2, 1, 1, 140)


def _election(repo: Repository):  # type: ignore[no-untyped-def]
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（网格员）"],
                              deadline="2099-01-01")


@pytest.mark.parametrize("how", ["typed", "walk"])
@pytest.mark.parametrize("sold", [True, False])
async def test_a_paper_ballot_asks_whether_the_flat_was_sold(owned, how, sold):
    her, tenant = _residents(owned)
    e = _election(owned)
    hers, _ = owned.cast_ballot(her, e.id, [1])
    owned.move_out(tenant)  # herself, during the election: nothing says whether it was sold
    async with BotHarness(owned) as bot:
        if how == "typed":
            asked = await bot.send(101, f"/paper {e.id} 1/1/102 2")
        else:  # 102's room of the walk (her ballot counting for it, it is not listed:
            # reached as /paper N 1/1/102 would), 2 ticked, 登记这张选票
            k = sorted(owned.voters(e.id).voter_of).index(LET)
            asked = await bot.press(101, f"bd:c:{e.id}:{k}:2")
        assert "102 原来的住户在选举期间搬走了" in _said(asked), _said(asked)
        assert owned.ballot_of(e.id, LET) == [1]  # nothing recorded yet
        buttons = dict(asked[-1].buttons())
        prefix = "pb:s:" if how == "typed" else "bd:s:"
        assert all(d.startswith(prefix) for d in buttons.values()), buttons
        forged = await bot.press(101, buttons[SOLD][:-1] + "7")
        assert owned.ballot_of(e.id, LET) == [1], _said(forged)
        after = await bot.press(101, buttons[SOLD if sold else NOT_SOLD])
        if not sold:  # her online ballot, for both flats: asked over it, the answer kept
            [yes] = [d for c in after if c.chat_id == 101 for _, d in c.buttons()
                     if d.startswith(prefix.replace(":s:", ":y:"))]
            assert yes.endswith(":0"), yes
            after = await bot.press(101, yes)
        assert "纸质选票已记录" in _said(after), _said(after)
        if how == "walk":
            rooms = [label for label, _ in after[-1].buttons()]
            assert "201" in rooms and "102" not in rooms, rooms
    assert owned.ballot_of(e.id, LET) == [2]
    t = owned.tally(e.id)
    if sold:
        assert (t.owners_total, t.owners_voted) == (3, 2)
        assert owned.entry(hers.id).status == Status.COUNTED
        assert owned.ballot_of(e.id, KEPT) == [1]
    else:
        assert (t.owners_total, t.owners_voted) == (2, 1)
        assert owned.entry(hers.id).status == Status.REPLACED
