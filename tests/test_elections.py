"""Committee elections (art. 278 item 3): the count (quorum, a majority of both
owners and area, the seats in order, a tie at the last seat), ballots on the
votes' own machinery (one per owner, paper and online, frozen electorate,
closing at the deadline), and seating the elected in one step."""

from __future__ import annotations

import pytest
from conftest import close_when_due, confirmed_resident, pid

from db.elections import check_backs, decide_election, election_spec
from db.electorate import electorate
from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.people import public_role, volunteer_areas
from db.places import Household
from db.privacy import CONSENT_VERSION
from db.votes import VoteConflict


def homes(*areas: float) -> list[Household]:
    return [Household(f"c/1/1/{n}", str(n), a) for n, a in enumerate(areas, 101)]


SPEC = election_spec(2, ["候选人甲（退休教师）", "候选人乙（网格员）", "候选人丙（楼长）"])


def test_a_candidate_needs_a_majority_of_both_owners_and_area_and_a_seat():
    voters = electorate(homes(50, 50, 50, 50, 100, 100))  # 6 owners, 400 m²
    ballots = {"c/1/1/101": [1, 2], "c/1/1/102": [1, 2], "c/1/1/103": [1, 3],
               "c/1/1/104": [2], "c/1/1/105": [3], "c/1/1/106": []}
    r = decide_election(voters, ballots, SPEC)
    assert r["quorum"] is True
    rows = {c["n"]: c for c in r["candidates"]}
    # 1: 3/6 owners (not more than half) -> no majority, whatever its area
    assert (rows[1]["backers"], rows[1]["outcome"]) == (3, "no_majority")
    # 2: 3/6 owners too; 3: 2/6 owners
    assert rows[2]["outcome"] == "no_majority" and rows[3]["outcome"] == "no_majority"
    assert r["elected"] == [] and "无人当选" in r["explanation_zh"]
    ballots["c/1/1/106"] = [1]  # a fourth owner backs 1: 4/6 owners, 250/400 m²
    r = decide_election(voters, ballots, SPEC)
    rows = {c["n"]: c for c in r["candidates"]}
    assert rows[1]["outcome"] == "elected" and rows[1]["share_owners_pct"] == "66.7"
    assert r["elected"] == [1]
    assert "尚缺 1 席" in r["explanation_zh"] and "候选人甲（退休教师）" in r["explanation_zh"]


def test_more_than_half_of_the_owners_is_not_enough_without_more_than_half_of_the_area():
    voters = electorate(homes(40, 40, 40, 200))  # the large flat backs nobody
    ballots = {"c/1/1/101": [1], "c/1/1/102": [1], "c/1/1/103": [1], "c/1/1/104": [2]}
    r = decide_election(voters, ballots, SPEC)
    one = r["candidates"][0]
    assert one["backers"] == 3 and one["share_area_pct"] == "37.5"
    assert one["outcome"] == "no_majority" and r["elected"] == []


def test_without_two_thirds_taking_part_nobody_is_elected():
    voters = electorate(homes(50, 50, 50, 50, 50, 50))
    ballots = {f"c/1/1/{n}": [1, 2] for n in (101, 102, 103)}  # 3/6: no quorum
    r = decide_election(voters, ballots, SPEC)
    assert r["quorum"] is False and r["elected"] == []
    assert {c["outcome"] for c in r["candidates"]} == {"no_quorum"}
    assert "参与表决的业主不足" in r["explanation_zh"]


def test_the_seats_go_in_order_of_backing_and_a_tie_for_the_last_seat_elects_neither():
    voters = electorate(homes(*[50] * 9))
    spec = election_spec(2, ["甲", "乙", "丙"])
    ballots = {f"c/1/1/{101 + i}": b for i, b in enumerate(
        [[1, 2], [1, 2], [1, 2], [1, 2], [1, 3], [1, 3], [1, 3], [1, 3], [1, 2]])}
    r = decide_election(voters, ballots, spec)  # 甲 9, 乙 5, 丙 4: 乙 takes the 2nd seat
    assert r["elected"] == [1, 2]
    assert {c["n"]: c["outcome"] for c in r["candidates"]}[3] == "no_majority"
    ballots["c/1/1/108"] = [2, 3]  # 甲 8, 乙 5, 丙 5: both a majority, tied for one seat
    ballots["c/1/1/109"] = [1, 3]
    r = decide_election(voters, ballots, spec)
    outcomes = {c["n"]: c["outcome"] for c in r["candidates"]}
    assert outcomes == {1: "elected", 2: "tied", 3: "tied"} and r["elected"] == [1]
    assert "另行选举" in r["explanation_zh"]


def test_the_english_result_names_the_elected_and_the_tied_as_the_chinese_does():
    """Tried with the real bot: an English-speaking resident was told "Elected: 2." and
    never who; the Chinese named them. Both now name the elected, and who tied."""
    voters = electorate(homes(*[50] * 9))
    spec = election_spec(2, ["候选人甲（退休教师）", "候选人乙（楼长）", "候选人丙（医生）"])
    ballots = {f"c/1/1/{101 + i}": b for i, b in enumerate(
        [[1, 2], [1, 2], [1, 2], [1, 2], [1, 3], [1, 3], [1, 3], [1, 3], [1, 2]])}
    r = decide_election(voters, ballots, spec)
    assert "当选 2 位：候选人甲（退休教师）（支持 9/9 户" in r["explanation_zh"]
    assert "、候选人乙（楼长）（支持 5/9 户" in r["explanation_zh"]
    assert "Elected (2): 候选人甲（退休教师） (9/9 households" in r["explanation_en"]
    assert ", 候选人乙（楼长） (5/9 households" in r["explanation_en"]
    ballots["c/1/1/108"], ballots["c/1/1/109"] = [2, 3], [1, 3]  # 乙 and 丙 tie: 5 each
    r = decide_election(voters, ballots, spec)
    assert "Elected (1): 候选人甲（退休教师） (8/9 households" in r["explanation_en"]
    assert "候选人乙（楼长）, 候选人丙（医生） tie for the last seat" in r["explanation_en"]


def test_an_elections_result_counts_its_owners_in_one_unit_with_their_area():
    """Art. 278 counts owners (one of several flats counts once) and floor area. The
    result said 参与投票 4/4 户 and then 当选 1 人, and the site counted the backers in 人:
    two units for one count. Now every headcount is in the tally's unit (户 while each
    owner holds one flat, 人 once one holds several, with the flats beside), and each
    elected candidate's backing is said, by owners and by area."""
    spec = election_spec(1, ["候选人甲（退休教师）", "候选人乙（楼长）"])
    ballots = {"c/1/1/101": [1], "c/1/1/102": [1], "c/1/1/103": [1], "c/1/1/104": [2]}
    zh = decide_election(electorate(homes(50, 50, 50, 50)), ballots, spec)["explanation_zh"]
    assert "参与投票 4/4 户（100.0%）" in zh
    assert "当选 1 位：候选人甲（退休教师）（支持 3/4 户，参与面积的 75.0%）" in zh
    assert " 人" not in zh  # no headcount in another unit
    owned = homes(50, 50, 50, 50)
    owned[0] = Household("c/1/1/101", "101", 50, owner="k")  # one owner of 101 and 102
    owned[1] = Household("c/1/1/102", "102", 50, owner="k")
    r = decide_election(electorate(owned), {"c/1/1/101": [1], "c/1/1/103": [1],
                                            "c/1/1/104": [2]}, spec)
    assert "参与投票业主 3/3 人（100.0%，共 4/4 户）" in r["explanation_zh"]
    assert "候选人甲（退休教师）（支持 2/3 人，参与面积的 75.0%）" in r["explanation_zh"]
    assert "Ballots cast: 3/3 owners (100.0%, 4/4 households)" in r["explanation_en"]
    assert "候选人甲（退休教师） (2/3 owners, 75.0% of the area taking part)" in \
        r["explanation_en"]


def test_a_candidate_outside_the_seats_is_not_elected_though_a_majority_backs_them():
    voters = electorate(homes(*[50] * 4))
    spec = election_spec(1, ["甲", "乙"])
    r = decide_election(voters, {"c/1/1/101": [1], "c/1/1/102": [1], "c/1/1/103": [1],
                                 "c/1/1/104": [2]}, spec)
    assert r["elected"] == [1]
    r = decide_election(voters, {"c/1/1/101": [1], "c/1/1/102": [1], "c/1/1/103": [2],
                                 "c/1/1/104": [1]}, election_spec(2, ["甲", "乙"]))
    assert r["elected"] == [1]


@pytest.mark.parametrize("seats, candidates, code", [
    (0, ["甲"], "bad_seats"), (2, ["甲"], "bad_candidates"), (1, "甲乙", "bad_candidates"),
    (1, ["甲", "甲"], "candidate_twice"), (1, ["甲", " "], "bad_candidates"),
    (1, ["候" * 41], "candidate_too_long"), (True, ["甲"], "bad_seats")])
def test_an_election_needs_seats_and_at_least_as_many_distinct_titled_candidates(
        seats, candidates, code):
    with pytest.raises(DomainError) as err:
        election_spec(seats, candidates)
    assert err.value.code == code


def test_a_ballot_backs_known_candidates_once_each_and_no_more_than_the_seats():
    assert check_backs(SPEC, [2, 1]) == [1, 2] and check_backs(SPEC, []) == []
    for bad in ([1, 2, 3], [4], [1, 1], ["1"], "12", [True]):
        with pytest.raises(DomainError):
            check_backs(SPEC, bad)


# -- through the repository ----------------------------------------------------------------


@pytest.fixture
def election(repo):
    """An election of 2 among 3 in east (3 households of 60, 80 and 100 m²), and its
    three residents."""
    residents = [confirmed_resident(repo, 5000 + n, f"c1/1/1/{room}", 101)
                 for n, room in enumerate(("101", "102", "201"))]
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=2,
                           candidates=["候选人甲（退休教师）", "候选人乙（网格员）",
                                       "候选人丙（楼长）"], deadline="2025-01-20")
    return e, residents


def test_an_election_is_a_vote_on_art_278_item_3_with_a_frozen_electorate(repo, election):
    e, _ = election
    assert e.kind == Kind.PROPOSAL and e.status == Status.OPEN
    assert e.data["matter"] == "committee_election" and e.data["budget_fen"] == 0
    assert e.data["election"]["seats"] == 2
    assert [c["title"] for c in e.data["election"]["candidates"]][0] == "候选人甲（退休教师）"
    assert sorted(e.data["electorate"]["households"]) == ["c1/1/1/101", "c1/1/1/102",
                                                          "c1/1/1/201"]


def test_a_ballot_replaces_the_owners_earlier_one_and_a_choice_vote_is_refused(repo, election):
    e, (a, b, _c) = election
    with pytest.raises(DomainError) as err:
        repo.cast_vote(a, e.id, "agree")
    assert err.value.code == "election_ballot"
    first, _ = repo.cast_ballot(a, e.id, [1])
    second, replaced = repo.cast_ballot(a, e.id, [1, 2])
    assert replaced is not None and replaced.id == first.id
    assert repo.entry(first.id).status == Status.REPLACED
    assert repo.ballot_of(e.id, "c1/1/1/101") == [1, 2]
    repo.cast_ballot(b, e.id, [])  # blank: takes part, backs nobody
    assert repo.tally(e.id).owners_voted == 2
    with pytest.raises(DomainError) as err:
        repo.cast_ballot(a, e.id, [1, 2, 3])
    assert err.value.code == "too_many_backed"


def test_an_expense_is_booked_only_to_a_project_passed_in_its_area_never_to_an_election(
        repo, election):
    e, (a, b, c) = election
    road = repo.create_proposal(pid(repo, 101), "east", title="硬化路面", description="",
                                budget_fen=100000, matter="everyday", deadline="2025-01-20")
    for resident in (a, b, c):
        repo.cast_ballot(resident, e.id, [1, 2])
        repo.cast_vote(resident, road.id, "agree")
    close_when_due(repo, e.id, pid(repo, 101))
    close_when_due(repo, road.id, pid(repo, 101))
    issue = repo.submit(a, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    spent = {"amount_fen": 5000, "payee": "五金店", "purpose": "水泥", "category": "project"}
    for wrong in (e.id, issue.id, 99999):  # the election passed: no project all the same
        with pytest.raises(DomainError) as err:
            repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {**spent, "project": wrong})
        assert err.value.code == "not_a_project"
    booked = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {**spent, "project": road.id})
    assert booked.data["project"] == road.id
    assert repo.entry(e.id).status == repo.entry(road.id).status == Status.PASSED


def test_a_paper_ballot_over_an_online_one_is_said_and_needs_confirming(repo, election):
    e, (a, _b, _c) = election
    online, _ = repo.cast_ballot(a, e.id, [2])
    with pytest.raises(VoteConflict) as err:
        repo.cast_ballot(pid(repo, 102), e.id, [1], household="c1/1/1/101", paper=True)
    assert err.value.params["earlier"] == online.id
    assert err.value.params["backs"] is None  # whom it backed online is said to nobody
    paper, replaced = repo.cast_ballot(pid(repo, 102), e.id, [1], household="c1/1/1/101",
                                       paper=True, replaces=online.id)
    assert replaced.id == online.id and paper.data["paper"] is True
    assert repo.ballot_of(e.id, "c1/1/1/101") == [1]


def test_the_election_closes_at_its_deadline_with_the_elected_and_is_no_project(repo, election):
    e, (a, b, c) = election
    repo.cast_ballot(a, e.id, [1, 2])
    repo.cast_ballot(b, e.id, [1, 3])
    repo.cast_ballot(c, e.id, [1, 2])
    proposal, result = close_when_due(repo, e.id, pid(repo, 101))
    got = proposal.data["election"]["result"]
    assert got["elected"] == [1, 2] and result.passed
    assert proposal.status == Status.PASSED and "stage" not in proposal.data
    assert "当选 2 位" in result.explanation_zh
    with pytest.raises(DomainError) as err:
        repo.set_stage(e.id, pid(repo, 101), "in_progress")
    assert err.value.code == "not_project"


def test_only_an_admin_seats_the_elected_all_at_once_and_only_once(repo, election):
    e, (a, b, c) = election
    for r in (a, b, c):
        repo.cast_ballot(r, e.id, [2])
    with pytest.raises(DomainError) as err:  # still open
        repo.seat_elected(pid(repo, 900), e.id, [7001])
    assert err.value.code == "none_elected"
    close_when_due(repo, e.id, pid(repo, 101))
    with pytest.raises(PermissionDenied):
        repo.seat_elected(pid(repo, 101), e.id, [7001])
    with pytest.raises(DomainError) as err:
        repo.seat_elected(pid(repo, 900), e.id, [7001, 7002])
    assert err.value.code == "seat_count"
    seated = repo.seat_elected(pid(repo, 900), e.id, [7001])
    assert volunteer_areas(seated[0]) == ["east"]
    assert public_role(seated[0], "east").startswith("物管会委员")
    assert repo.entry(e.id).data["election"]["seated"]["candidates"] == [2]
    with pytest.raises(DomainError) as err:
        repo.seat_elected(pid(repo, 900), e.id, [7003])
    assert err.value.code == "already_seated"


@pytest.mark.parametrize("who, allowed", [
    ("resident", False), ("volunteer_here", True), ("volunteer_elsewhere", False),
    ("admin", True)])
def test_who_may_open_an_election(repo, who, allowed):
    actor = {"resident": lambda: confirmed_resident(repo, 5009, "c1/1/1/101", 101),
             "volunteer_here": lambda: pid(repo, 101),
             "volunteer_elsewhere": lambda: pid(repo, 103),
             "admin": lambda: pid(repo, 900)}[who]()

    def open_it():
        return repo.open_election(actor, "east", title="选举", seats=1, candidates=["甲", "乙"],
                                  deadline="2025-02-01")
    if allowed:
        assert open_it().data["election"]["seats"] == 1
    else:
        with pytest.raises(PermissionDenied):
            open_it()


@pytest.mark.parametrize("who, allowed", [
    ("resident", False), ("volunteer_here", True), ("volunteer_elsewhere", False),
    ("admin", True)])
def test_who_may_record_a_paper_ballot(repo, election, who, allowed):
    e, _ = election
    actor = {"resident": lambda: confirmed_resident(repo, 5009, "c2/1/1/101", 103),
             "volunteer_here": lambda: pid(repo, 102),
             "volunteer_elsewhere": lambda: pid(repo, 103),
             "admin": lambda: pid(repo, 900)}[who]()
    if allowed:
        vote, _ = repo.cast_ballot(actor, e.id, [3], household="c1/1/1/102", paper=True)
        assert vote.data["backs"] == [3]
    else:
        with pytest.raises(PermissionDenied):
            repo.cast_ballot(actor, e.id, [3], household="c1/1/1/102", paper=True)


def test_a_resident_of_another_area_cannot_cast_a_ballot(repo, election):
    e, _ = election
    west = confirmed_resident(repo, 5010, "c2/1/1/101", 103)
    with pytest.raises(PermissionDenied):
        repo.cast_ballot(west, e.id, [1])
    assert repo.tally(e.id).owners_voted == 0


def test_an_election_closes_early_with_two_volunteers_and_keeps_who_is_elected(repo, election):
    e, (a, b, c) = election
    for r in (a, b, c):
        repo.cast_ballot(r, e.id, [3])
    repo.request_early_close(e.id, pid(repo, 101), "候选人已全部表态，提前计票")
    proposal, result = repo.confirm_early_close(e.id, pid(repo, 102), 1)
    assert proposal.data["closed_early"]["reason"] == "候选人已全部表态，提前计票"
    assert proposal.data["election"]["result"]["elected"] == [3] and result.passed


def test_a_withdrawn_election_elects_nobody_and_cannot_be_seated(repo, election):
    e, (a, _b, _c) = election
    repo.cast_ballot(a, e.id, [1])
    repo.withdraw_proposal(e.id, pid(repo, 101), "候选人名单有误，重新提名")
    assert repo.entry(e.id).status == Status.WITHDRAWN
    assert "result" not in repo.entry(e.id).data["election"]
    with pytest.raises(DomainError) as err:
        repo.seat_elected(pid(repo, 900), e.id, [7001])
    assert err.value.code == "none_elected"


def test_an_owner_of_two_flats_casts_one_ballot_and_counts_once(tmp_path, clock):
    from test_votes_law import OWNED_STREET

    from db.config import parse_street
    from db.repository import Repository

    owned = Repository.init(tmp_path / "owned", parse_street(OWNED_STREET), clock=clock)
    try:
        e = owned.open_election(pid(owned, 101), "east", title="选举", seats=1,
                                candidates=["甲", "乙"], deadline="2025-01-03")
        a = confirmed_resident(owned, 5001, "c1/1/1/101", 101)
        b = confirmed_resident(owned, 5002, "c1/1/1/102", 101)  # the same owner's other flat
        first, _ = owned.cast_ballot(a, e.id, [1])
        _, replaced = owned.cast_ballot(b, e.id, [2])
        assert replaced.id == first.id
        assert owned.ballot_of(e.id, "c1/1/1/101") == [2]
        owned.cast_ballot(pid(owned, 102), e.id, [1], household="c1/1/1/201", paper=True)
        proposal, _ = close_when_due(owned, e.id, pid(owned, 101))
        got = proposal.data["election"]["result"]
        # two owners: k7 (140 m²) backs 乙, 201 (100 m²) backs 甲: 1/2 each, no majority
        assert got["turnout"]["owners_voted"] == 2 and got["turnout"]["households_voted"] == 3
        assert [c["backers"] for c in got["candidates"]] == [1, 1] and got["elected"] == []
    finally:
        owned.close()


def test_a_candidate_named_by_a_residents_name_or_a_phone_number_is_refused(repo):
    resident = repo.ensure_person(5100, name="王秀兰")["id"]
    repo.approve(repo.register(resident, "c1/1/1/101", consent=CONSENT_VERSION).id,
                 pid(repo, 101))
    repo.ensure_person(5101, name="开心")  # a nickname, not a name
    for title, found in (("候选人甲（王秀兰，1号楼）", "王秀兰"),
                         ("候选人乙（电话13912345678）", "number")):
        assert repo.personal_in_candidate("east", title) == found
        with pytest.raises(DomainError) as err:
            repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                               candidates=["候选人丙（楼长）", title], deadline="2099-01-01")
        assert err.value.code == "candidate_personal"
    assert repo.personal_in_candidate("east", "候选人丙（开心的楼长）") is None
    # a bare name nobody registered (found in the field trial: 张三 went on as typed)
    assert repo.personal_in_candidate("east", "张三") == "张三"
    assert repo.personal_in_candidate("east", "周 桂兰") == "周桂兰"
    for title in ("退休教师", "楼长", "候选人甲", "高工程师"):
        assert repo.personal_in_candidate("east", title) is None, title
    # how neighbours call her: no name, but everyone there knows who (老张, 李阿姨)
    assert repo.personal_in_candidate("east", "李阿姨") == "李阿姨"
    e = repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                           candidates=["候选人丙（开心的楼长）", "候选人丁（退休教师）"],
                           deadline="2099-01-01")
    assert [c["title"] for c in e.data["election"]["candidates"]] == [
        "候选人丙（开心的楼长）", "候选人丁（退休教师）"]
