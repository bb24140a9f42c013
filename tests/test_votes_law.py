"""The law around a vote: the nine matters of Civil Code art. 278 and their
thresholds, owners of several flats counted once, the electorate frozen when
voting opens, closing at the deadline / early with two volunteers / withdrawn,
paper and online votes that never silently replace each other, and shares
that never read across a threshold. Every expected number is worked out by
hand in the comments."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import SMALL_STREET, close_when_due, confirmed_resident, past_deadline, pid, settle

from db import labels, results
from db.config import parse_street
from db.entries import Kind, Status
from db.errors import DomainError
from db.matters import EVERYDAY, MATTERS, matter, matter_of_proposal
from db.places import Household
from db.tally import Rule, pct, tally
from db.votes import VoteConflict

EAST_101, EAST_102, EAST_201 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"


def flats(*rows: tuple[str, float | None, str | None]) -> list[Household]:
    """Households (id, floor area, owner key)."""
    return [Household(id=hid, room=hid, floor_area_m2=area, owner=owner)
            for hid, area, owner in rows]


# -- the nine matters ------------------------------------------------------------------


def test_the_nine_matters_of_article_278_in_the_laws_order_with_its_words():
    joint = [m for m in MATTERS if m.joint]
    assert [m.item for m in joint] == list(range(1, 10))
    assert [m.zh for m in joint] == [
        "制定和修改业主大会议事规则", "制定和修改管理规约",
        "选举业主委员会或者更换业主委员会成员", "选聘和解聘物业服务企业或者其他管理人",
        "使用建筑物及其附属设施的维修资金", "筹集建筑物及其附属设施的维修资金",
        "改建、重建建筑物及其附属设施", "改变共有部分的用途或者利用共有部分从事经营活动",
        "有关共有和共同管理权利的其他重大事项"]
    # only items 6, 7 and 8 need three quarters; using the fund (5) and item 9 are ordinary
    assert [m.item for m in joint if m.special] == [6, 7, 8]
    assert not matter("use_maintenance_fund").special
    assert {m.rule for m in joint} == {Rule.CIVIL_CODE_278}
    assert MATTERS[-1] is EVERYDAY and EVERYDAY.rule == Rule.SIMPLE_MAJORITY
    assert not EVERYDAY.joint and EVERYDAY.item is None and "不属于业主共同决定" in EVERYDAY.zh
    assert matter("common_parts").cite_zh() == (
        "民法典第二百七十八条第八项：改变共有部分的用途或者利用共有部分从事经营活动")
    assert set(labels.MATTER) >= {m.code for m in MATTERS}
    assert all(labels.MATTER_SHORT[m.code].zh for m in MATTERS)


def test_using_the_maintenance_fund_passes_with_more_than_half_raising_it_needs_three_quarters():
    # 4 owners of 25 m²: 3 agree, 1 disagrees -> 3/4 of heads and of area
    homes = flats(("a", 25, None), ("b", 25, None), ("c", 25, None), ("d", 25, None))
    two_of_three = {"a": "agree", "b": "agree", "c": "disagree"}  # 2/3 agree, all voted 3/4
    assert tally(homes, two_of_three, matter="use_maintenance_fund").passed
    for special in ("raise_maintenance_fund", "rebuild", "common_parts"):
        assert not tally(homes, two_of_three, matter=special).passed, special
    assert tally(homes, two_of_three, matter="other_major").passed
    # the everyday matter needs no quorum: one of four voting is enough
    assert tally(homes, {"a": "agree"}, matter="everyday").passed
    assert not tally(homes, {"a": "agree"}, matter="use_maintenance_fund").passed


def test_an_older_proposal_reads_its_matter_from_its_rule_and_special_flag():
    assert matter_of_proposal({"rule": "simple_majority"}) is EVERYDAY
    old = matter_of_proposal({"rule": "civil_code_278", "special": True})
    assert old.special and old.rule == Rule.CIVIL_CODE_278 and "旧记录" in old.zh
    assert not matter_of_proposal({"rule": "civil_code_278", "special": False}).special
    assert matter_of_proposal({"matter": "rebuild", "rule": "x"}).item == 7
    with pytest.raises(DomainError) as info:
        matter("dictator")
    assert info.value.code == "unknown_matter"


# -- owners of several flats: hand-computed ---------------------------------------------


def test_an_owner_of_three_flats_counts_once_and_a_vote_that_passed_by_flats_fails():
    # Six flats of 50 m² (300 m²). Owner A holds f1-f3 (150 m²); f4, f5, f6 are owners
    # B, C, D. A agrees (from all three flats), B agrees, C and D disagree.
    votes = {"f1": "agree", "f2": "agree", "f3": "agree", "f4": "agree", "f5": "disagree",
             "f6": "disagree"}
    by_flat = tally(flats(*[(f"f{i}", 50, None) for i in range(1, 7)]), votes,
                    matter="other_major")
    assert by_flat.passed  # 4/6 flats and 200/300 m² agree: what Steward used to publish
    homes = flats(("f1", 50, "A"), ("f2", 50, "A"), ("f3", 50, "A"), ("f4", 50, None),
                  ("f5", 50, None), ("f6", 50, None))
    t = tally(homes, votes, matter="other_major")
    assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (4, 4, 2, 2)
    assert (t.households_total, t.households_voted) == (6, 6)
    assert t.area_agree == 200 and t.area_voted == 300
    # area agrees 2/3 > 1/2, but owners agree 2/4 = 1/2, which is not more than half
    assert t.agree_share_owners == Fraction(1, 2) and not t.passed
    assert "参与表决业主 4/4 人（100.0%，共 6/6 户）" in t.explanation_zh
    assert "同意 2/4 人（50.0%）" in t.explanation_zh and "人数未达到" in t.explanation_zh


def test_an_owners_summed_area_can_meet_the_quorum_while_the_headcount_does_not():
    # Seven flats of 50 m² (350 m²): X owns four (200 m²), three others one each.
    homes = flats(*[(f"x{i}", 50, "X") for i in range(4)], ("o1", 50, None),
                  ("o2", 50, None), ("o3", 50, None))
    t = tally(homes, {"x0": "agree", "o1": "agree"}, matter="management_statute")
    # 2 of 4 owners (1/2 < 2/3) took part, holding 250/350 m² (5/7 >= 2/3)
    assert t.participation_owners == Fraction(1, 2)
    assert t.participation_area == Fraction(5, 7)
    assert not t.passed and "面积达到三分之二，但人数未达到" in t.explanation_zh
    # counted by flats it would have reached two thirds of both (5/7 and 5/7)
    by_flat = tally(flats(*[(h.id, 50, None) for h in homes]),
                    {h: "agree" for h in ("x0", "x1", "x2", "x3", "o1")}, matter="other_major")
    assert by_flat.passed


def test_flats_of_one_owner_voting_differently_are_refused_by_the_pure_tally():
    homes = flats(("a", 50, "W"), ("b", 60, "W"), ("c", 70, None))
    with pytest.raises(DomainError) as info:
        tally(homes, {"a": "agree", "b": "disagree"}, matter="everyday")
    assert info.value.code == "owner_split"
    # agreeing flats of one owner are one vote, with both flats' area
    t = tally(homes, {"a": "agree", "b": "agree", "c": "disagree"}, matter="everyday")
    assert (t.agree, t.disagree, t.area_agree) == (1, 1, 110)


OWNED_STREET = SMALL_STREET.replace(
    '''                  - {room: "101", area_m2: 60}
                  - {room: "102", area_m2: 80}''',
    '''                  - {room: "101", area_m2: 60, owner: k7}
                  - {room: "102", area_m2: 80, owner: k7}''')


@pytest.fixture
def owned(tmp_path, clock):
    from db.repository import Repository

    r = Repository.init(tmp_path / "owned", parse_street(OWNED_STREET), clock=clock)
    yield r
    r.close()


def test_the_street_file_marks_an_owners_flats_and_the_key_stays_private(owned):
    homes = {h.id: h.owner for h in owned.street.area_households("east")}
    assert homes == {EAST_101: "k7", EAST_102: "k7", EAST_201: None}
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="other_major", deadline="2099-01-01")
    frozen = owned.entry(p.id).data["electorate"]
    assert frozen["owners"] == [[EAST_101, EAST_102]]  # by their flats, not the key
    assert "k7" not in repr(owned.entry(p.id).data)


def test_an_owners_later_vote_from_another_flat_replaces_the_earlier_one(owned):
    p = owned.create_proposal(pid(owned, 101), "east", title="换门", description="",
                              budget_fen=0, matter="other_major", deadline="2025-01-03")
    a = confirmed_resident(owned, 5001, EAST_101, 101)
    b = confirmed_resident(owned, 5002, EAST_102, 101)
    first, _ = owned.cast_vote(a, p.id, "agree")
    second, replaced = owned.cast_vote(b, p.id, "disagree")
    assert replaced.id == first.id and owned.entry(first.id).status == Status.REPLACED
    assert owned.household_vote(p.id, EAST_101) == owned.household_vote(p.id, EAST_102) \
        == "disagree"
    assert owned.vote_households(p.id, EAST_102) == [EAST_101, EAST_102]
    owned.cast_vote(pid(owned, 102), p.id, "agree", household=EAST_201, paper=True)
    t = owned.tally(p.id)
    # owners: k7 (60 + 80 = 140 m²) disagrees, 201 (100 m²) agrees: 1/2 heads -> fails
    assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (2, 2, 1, 1)
    assert (t.households_total, t.households_voted) == (3, 3)
    assert (t.area_agree, t.area_disagree) == (100, 140) and not t.passed
    _, result = close_when_due(owned, p.id, pid(owned, 101))
    stored = owned.entry(p.id).data["result"]
    assert stored["owners_total"] == 2 and stored["households_voted"] == 3
    assert stored["by_owner"] is True and not result.passed


# -- the electorate is frozen when voting opens ---------------------------------------


def test_a_change_of_the_street_file_changes_no_open_or_closed_vote(repo, street_config):
    closed = repo.create_proposal(pid(repo, 101), "east", title="旧", description="",
                                  budget_fen=0, matter="other_major", deadline="2025-01-02")
    p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                             budget_fen=0, matter="other_major", deadline="2025-01-05")
    for q in (closed, p):
        repo.cast_vote(pid(repo, 101), q.id, "agree", household=EAST_101, paper=True)
        repo.cast_vote(pid(repo, 101), q.id, "agree", household=EAST_201, paper=True)
    close_when_due(repo, closed.id, pid(repo, 102))
    before_open = repo.tally(p.id)
    # 2/3 households and 160/240 m² took part and agree: it passes
    assert before_open.passed and before_open.area_total == 240
    before_closed = repo.entry(closed.id).data["result"]

    # The street file is changed: 201 gets a huge area, two new flats, 101 and 102 one owner.
    changed = SMALL_STREET.replace('{room: "201", area_m2: 100}',
                                   '{room: "201", area_m2: 900}\n'
                                   '                  - {room: "202", area_m2: 500}\n'
                                   '                  - {room: "203", area_m2: 500}')
    changed = changed.replace('{room: "101", area_m2: 60}', '{room: "101", area_m2: 60, owner: z}')
    changed = changed.replace('{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: z}')
    repo.load_config(parse_street(changed))
    assert len(repo.street.area_households("east")) == 5  # the street did change
    assert repo.tally(p.id) == before_open  # the open vote did not
    with pytest.raises(DomainError) as info:  # a flat added later does not vote on it
        repo.cast_vote(pid(repo, 101), p.id, "disagree", household="c1/1/1/202", paper=True)
    assert info.value.code == "unknown_household"
    _, result = close_when_due(repo, p.id, pid(repo, 101))
    assert result == before_open and result.households_total == 3
    assert repo.entry(closed.id).data["result"] == before_closed
    # a proposal opened now freezes the street as it is now
    later = repo.create_proposal(pid(repo, 101), "east", title="新", description="",
                                 budget_fen=0, matter="everyday", deadline="2099-01-01")
    assert repo.tally(later.id).households_total == 5 and repo.tally(later.id).owners_total == 4


# -- closing: at the deadline, early with two volunteers, withdrawn ----------------------


def test_a_vote_closes_only_after_its_deadline_day(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2025-01-01")
    with pytest.raises(DomainError) as info:
        repo.close_vote(p.id, pid(repo, 101))  # the test clock is on 2025-01-01
    assert info.value.code == "vote_not_due" and info.value.params["deadline"] == "2025-01-01"
    assert repo.overdue_votes() == [] and repo.close_overdue() == []
    past_deadline(repo, p.id)
    assert repo.overdue_votes() == [p.id]
    [(closed, result)] = repo.close_overdue()
    assert closed.status == Status.FAILED and closed.history[-1]["role"] == "系统"
    assert repo.close_overdue() == []  # once


def test_closing_early_needs_a_reason_and_a_second_volunteer(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    repo.cast_vote(confirmed_resident(repo, 5001, EAST_101, 101), p.id, "agree")
    settle(repo, p.id)  # 102 agrees on paper: 201 alone cannot turn it
    with pytest.raises(DomainError) as info:
        repo.request_early_close(p.id, pid(repo, 101), "  ")
    assert info.value.code == "reason_required"
    with pytest.raises(DomainError):
        repo.request_early_close(p.id, pid(repo, 103), "别的区域的志愿者")
    asked = repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    assert asked.status == Status.OPEN and asked.data["early_close"][0]["outcome"] == "pending"
    with pytest.raises(DomainError) as info:
        repo.confirm_early_close(p.id, pid(repo, 101), 1)
    assert info.value.code == "same_volunteer"
    with pytest.raises(DomainError) as info:
        repo.confirm_early_close(p.id, pid(repo, 102), 2)
    assert info.value.code == "no_close_request"
    closed, result = repo.confirm_early_close(p.id, pid(repo, 102), 1)
    assert closed.status == Status.PASSED and result.passed
    early = closed.data["closed_early"]
    assert (early["reason"], early["requested_role"], early["confirmed_role"],
            early["deadline"]) == ("施工方案有变", "物管会主任甲", "物管会委员乙", "2099-01-01")
    assert closed.data["early_close"][0]["outcome"] == "confirmed"
    assert "提前结束表决（理由：施工方案有变）" in closed.history[-1]["note"]


def test_a_declined_request_leaves_the_vote_open_and_on_record(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)
    repo.request_early_close(p.id, pid(repo, 101), "太早了")
    declined = repo.decline_early_close(p.id, pid(repo, 102), 1)
    assert declined.status == Status.OPEN
    assert declined.data["early_close"][0]["outcome"] == "declined"
    with pytest.raises(DomainError):
        repo.confirm_early_close(p.id, pid(repo, 102), 1)


def test_an_open_proposal_is_withdrawn_with_a_public_reason(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    voter = confirmed_resident(repo, 5001, EAST_101, 101)
    repo.cast_vote(voter, p.id, "agree")
    with pytest.raises(DomainError):
        repo.withdraw_proposal(p.id, pid(repo, 101), "")
    with pytest.raises(DomainError):
        repo.withdraw_proposal(p.id, pid(repo, 103), "不是本区域")
    gone = repo.withdraw_proposal(p.id, pid(repo, 102), "预算写错了，重新发起")
    assert gone.status == Status.WITHDRAWN
    assert gone.data["withdrawn"]["reason"] == "预算写错了，重新发起"
    assert gone.data["withdrawn"]["role"] == "物管会委员乙"
    assert labels.status_label(Kind.PROPOSAL, gone.status) == "已撤回"
    with pytest.raises(DomainError) as info:
        repo.cast_vote(voter, p.id, "disagree")
    assert info.value.code == "vote_closed"


# -- paper and online ------------------------------------------------------------------------


def test_paper_over_an_online_vote_is_said_and_needs_a_confirmation(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    online, _ = repo.cast_vote(resident, p.id, "agree")
    with pytest.raises(VoteConflict) as info:
        repo.cast_vote(pid(repo, 102), p.id, "disagree", household=EAST_101, paper=True)
    seen = info.value.params
    assert (seen["earlier"], seen["choice"], seen["paper"], seen["role"]) == (
        online.id, None, False, "居民")  # how the owner voted online: said to nobody
    assert repo.current_votes(p.id) == {EAST_101: "agree"}  # nothing changed
    with pytest.raises(DomainError) as info:  # a confirmation names the vote it replaces
        repo.cast_vote(pid(repo, 102), p.id, "disagree", household=EAST_101, paper=True,
                       replaces=online.id + 1000)
    assert info.value.code == "vote_changed"
    paper, replaced = repo.cast_vote(pid(repo, 102), p.id, "disagree", household=EAST_101,
                                     paper=True, replaces=online.id)
    assert replaced.id == online.id and paper.data["overrides"] is True
    assert repo.current_votes(p.id) == {EAST_101: "disagree"}
    # both acts stay on record, each with who did it
    kept = {v.id: v for v in repo.entries(kind=Kind.VOTE)}
    assert kept[online.id].status == Status.REPLACED and kept[online.id].author_role == "居民"
    assert kept[paper.id].status == Status.COUNTED and kept[paper.id].author_role == "物管会委员乙"
    assert kept[online.id].history[-1]["role"] == "物管会委员乙"
    # and online over paper asks the same of the resident
    with pytest.raises(VoteConflict) as info:
        repo.cast_vote(resident, p.id, "agree")
    assert info.value.params["paper"] is True and info.value.params["role"] == "物管会委员乙"
    again, _ = repo.cast_vote(resident, p.id, "agree", replaces=paper.id)
    assert again.data["paper"] is False and repo.current_votes(p.id) == {EAST_101: "agree"}


def test_a_resident_changing_her_online_vote_is_not_asked(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    repo.cast_vote(resident, p.id, "agree")
    _, replaced = repo.cast_vote(resident, p.id, "abstain")
    assert replaced is not None and repo.current_votes(p.id) == {EAST_101: "abstain"}


def test_a_paper_signature_over_another_is_refused_until_its_recorder_names_it(repo):
    """Two volunteers recording the same owner's signature at about the same moment: the
    later replaced the earlier silently (its recorder read "它取代了…", the earlier one
    nothing). Now the later one is refused with the earlier shown, as over an online
    vote, and counts only once its recorder confirms (``replaces=``)."""
    p = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    first, _ = repo.cast_vote(pid(repo, 101), p.id, "agree", household=EAST_102, paper=True)
    with pytest.raises(VoteConflict) as info:
        repo.cast_vote(pid(repo, 102), p.id, "abstain", household=EAST_102, paper=True)
    seen = info.value.params
    assert (seen["earlier"], seen["choice"], seen["paper"], seen["role"]) == (
        first.id, "agree", True, "物管会主任甲")
    assert repo.current_votes(p.id) == {EAST_102: "agree"}  # nothing changed
    with pytest.raises(VoteConflict):  # her own sheet again too: she sees what is there
        repo.cast_vote(pid(repo, 101), p.id, "abstain", household=EAST_102, paper=True)
    second, replaced = repo.cast_vote(pid(repo, 102), p.id, "abstain", household=EAST_102,
                                      paper=True, replaces=first.id)
    assert replaced is not None and replaced.id == first.id
    assert second.data["overrides"] is False  # the same channel: not an override
    assert repo.current_votes(p.id) == {EAST_102: "abstain"}


# -- shares never read across a threshold ------------------------------------------------


@pytest.mark.parametrize(("share", "shown"), [
    (Fraction(5001, 10000), "50.01"), (Fraction(7499, 10000), "74.99"),
    (Fraction(4999, 10000), "49.99"), (Fraction(7501, 10000), "75.01"),
    (Fraction(2, 3), "66.7"), (Fraction(6666, 10000), "66.66"), (Fraction(1, 2), "50.0"),
    (Fraction(3, 4), "75.0"), (Fraction(1, 3), "33.3"), (Fraction(1), "100.0"),
    (Fraction(3, 4) - Fraction(1, 10**9), "74.999999"),
])
def test_a_percentage_has_the_digits_it_needs_to_stay_on_its_side(share, shown):
    assert pct(share) == shown


def test_fifty_point_zero_one_percent_of_the_area_is_shown_so_beside_more_than_half():
    # h1 40.01 + h2 10.00 agree, h3 49.99 disagrees: 50.01/100 m² agree, 2/3 of heads
    t = tally(flats(("h1", 40.01, None), ("h2", 10, None), ("h3", 49.99, None)),
              {"h1": "agree", "h2": "agree", "h3": "disagree"}, matter="use_maintenance_fund")
    assert t.agree_share_area == Fraction(5001, 10000) and t.passed
    assert "同意面积 50.01/100.0 m²（50.01%）" in t.explanation_zh
    assert "50.0%" not in t.explanation_zh.replace("50.01%", "")
    rows = {r["choice"]: r for r in results.outcome(t.as_dict())["rows"]}
    assert rows["agree"]["area"] == "50.01/100.0 m²（50.01%）"


def test_seventy_four_point_nine_nine_percent_is_not_shown_as_three_quarters():
    # three of four owners agree, holding 24.99 + 25 + 25 = 74.99 of 100 m²
    t = tally(flats(("a", 24.99, None), ("b", 25, None), ("c", 25, None), ("d", 25.01, None)),
              {"a": "agree", "b": "agree", "c": "agree", "d": "disagree"}, matter="rebuild")
    assert t.agree_share_area == Fraction(7499, 10000) and not t.passed
    # the heads are exactly three quarters (75.0%), the area just below it
    assert "同意 3/4 户（75.0%），同意面积 74.99/100.0 m²（74.99%）" in t.explanation_zh
    assert "面积未达到" in t.explanation_zh


def test_an_older_result_is_shown_from_its_exact_numbers_not_its_rounded_ones():
    older = {"rule": "civil_code_278", "special": False, "households_total": 3,
             "households_voted": 3, "agree": 2, "disagree": 1, "abstain": 0,
             "area_total": "100/1", "area_voted": "100/1", "area_agree": "5001/100",
             "area_disagree": "4999/100", "area_abstain": "0/1",
             "agree_area_pct": "50.0", "passed": True, "explanation_zh": "旧的说明"}
    shown = results.outcome(older)
    assert shown["owners"] == "3/3 户（100.0%）" and not shown["by_owner"]
    assert {r["choice"]: r["area"] for r in shown["rows"]}["agree"] == \
        "50.01/100.0 m²（50.01%）"


def test_open_participation_shows_who_took_part_never_how():
    homes = flats(("a", 60, None), ("b", 80, None), ("c", 100, None))
    shown = results.participation(tally(homes, {"b": "agree"}, matter="other_major"),
                                  matter("other_major"))
    assert shown["owners"] == "1/3 户（33.3%）" and shown["area"] == "80.0/240.0 m²（33.3%）"
    assert shown["quorum"] and not shown["quorum_met"]
    assert not any("agree" in str(k) or "同意" in str(v) for k, v in shown.items())


# -- the owner key in the street file ----------------------------------------------------


def test_an_owner_key_on_a_unit_of_floors_makes_one_owner_of_every_room():
    text = SMALL_STREET.replace(
        '''              - id: "1"
                households:
                  - {room: "101", area_m2: 50}''',
        '''              - {id: "2", floors: 2, rooms_per_floor: 2, area_m2: 40, owner: danwei}
              - id: "1"
                households:
                  - {room: "101", area_m2: 50}''')
    street = parse_street(text).street
    unsold = [h for h in street.area_households("west") if h.id.startswith("c2/1/2/")]
    assert [h.room for h in unsold] == ["101", "102", "201", "202"]
    assert {h.owner for h in unsold} == {"danwei"}
    t = tally(street.area_households("west"), {"c2/1/2/101": "agree"}, matter="everyday")
    # the work unit's four flats (160 m²) are one owner beside two households
    assert (t.owners_total, t.households_total, t.area_agree) == (3, 6, 160)


@pytest.mark.parametrize(("change", "says"), [
    ('{room: "101", area_m2: 60, owner: 17}', "owner must be non-empty text"),
    ('{room: "101", area_m2: 60, ownr: a}', "did you mean 'owner'?"),
])
def test_a_bad_owner_key_is_refused_with_its_line(change, says):
    from db.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        parse_street(SMALL_STREET.replace('{room: "101", area_m2: 60}', change), "s.yaml")
    assert says in str(info.value) and info.value.line == 15  # the line of east 101


def test_an_owner_key_on_a_unit_that_lists_its_rooms_belongs_on_the_rooms():
    from db.errors import ConfigError

    text = SMALL_STREET.replace('''              - id: "1"
                households:
                  - {room: "101", area_m2: 60}''', '''              - id: "1"
                owner: k
                households:
                  - {room: "101", area_m2: 60}''')
    with pytest.raises(ConfigError) as info:
        parse_street(text, "s.yaml")
    assert "give each room's owner in the list" in str(info.value)


# -- proposals stored before this: rule and special, no matter, no frozen electorate --------


def test_a_proposal_stored_before_matters_and_owners_is_still_counted_and_closed(tmp_path,
                                                                                  clock):
    from db.repository import Repository

    repo = Repository.init(tmp_path / "old", parse_street(SMALL_STREET), clock=clock)
    vol = repo.person(pid(repo, 101))
    voter = confirmed_resident(repo, 5001, EAST_101, 101)

    def older(tx):  # what the store held before: rule + special, votes without a voter
        p = repo._records.new(tx, Kind.PROPOSAL, "east", vol, {
            "title": "旧提议", "description": "", "budget_fen": 0, "rule": "civil_code_278",
            "special": True, "deadline": "2025-01-01"}, status=Status.OPEN)
        repo._records.new(tx, Kind.VOTE, "east", repo.person(voter), {
            "proposal": p.id, "household": EAST_101, "choice": "agree", "paper": False,
            "replaces": None})
        return p

    p = repo.core.commit(older)
    repo.close()
    repo = Repository.open(tmp_path / "old", clock=clock)  # indexed from the files
    try:
        t = repo.tally(p.id)
        assert t.matter == "art278_special" and t.special
        assert (t.owners_voted, t.agree) == (1, 1)
        _, replaced = repo.cast_vote(pid(repo, 102), p.id, "agree", household=EAST_201,
                                     paper=True)
        assert replaced is None and repo.tally(p.id).owners_voted == 2
        closed, result = close_when_due(repo, p.id, pid(repo, 101))
        # 2/3 heads and 160/240 m² took part and all agree: three quarters of both
        assert result.passed and closed.data["electorate"]["households"][EAST_101] == "60.0"
        assert results.outcome(closed.data["result"])["owners"] == "2/3 户（66.7%）"
    finally:
        repo.close()
