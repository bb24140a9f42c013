"""An area's mode over time (dated events, each with its reason and the vote
that decided it; the street file's mode the first), and a street file merged
in while in use (each change listed; past votes untouched)."""

from __future__ import annotations

import pytest
from conftest import SMALL_STREET, close_when_due, confirmed_resident, pid
from test_site_helpers import make_project
from test_site_votes import generated

from db.config import parse_street
from db.errors import DomainError, PermissionDenied
from db.modes import FIRST_REASON
from site_builder import build_site


def _elected(repo):
    """A passed election in west (2 households: 50 m² and no area)."""
    e = repo.open_election(pid(repo, 103), "west", title="物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）"], deadline="2025-01-10")
    for n, home in enumerate(("c2/1/1/101", "c2/1/1/102")):
        repo.cast_ballot(confirmed_resident(repo, 6001 + n, home, 103), e.id, [1])
    close_when_due(repo, e.id, pid(repo, 103))
    return e


def test_the_street_files_mode_is_the_first_event(repo):
    [first] = repo.mode_history("west")
    assert first["mode"] == "trusteeship" and first["reason"] == FIRST_REASON
    assert first["since"] == repo.mode_history("east")[0]["since"] != ""


def test_an_admin_records_a_change_with_its_reason_and_the_election_that_decided_it(repo):
    e = _elected(repo)
    event = repo.change_mode(pid(repo, 900), "west", "committee",
                             reason="业主选举产生物管会，社区托管结束", decided_by=e.id)
    history = repo.mode_history("west")
    assert [h["mode"] for h in history] == ["trusteeship", "committee"]
    assert history[1]["decided_by"] == e.id and history[1]["role"].startswith("管理员")
    assert history[1]["since"] == event["since"] == repo.clock.now.date().isoformat()
    assert repo.street.area("west").mode == "committee"  # the mode of today, everywhere
    assert repo.mode_history("east")[-1]["mode"] == "committee"  # east untouched
    assert len(repo.mode_history("east")) == 1


def test_a_change_of_mode_names_the_new_steward_body_or_keeps_the_old(repo):
    before = repo.street.area("west").steward
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主选举产生物管会",
                     steward=" 西小区物管会 ")
    assert repo.street.area("west").steward == "西小区物管会"  # every page names it
    assert repo.mode_history("west")[-1]["steward"] == "西小区物管会" != before
    repo.change_mode(pid(repo, 900), "west", "trusteeship", reason="物管会解散")
    assert repo.street.area("west").steward == "西小区物管会"  # not named: kept


@pytest.mark.parametrize("change, code", [
    ({"mode": "trusteeship"}, "same_mode"), ({"mode": "anarchy"}, "bad_mode"),
    ({"reason": "  "}, "reason_required"), ({"since": "2099-01-01"}, "bad_date"),
    ({"decided_by": "election"}, "bad_number"), ({"steward": " "}, "reason_required"),
    ({"steward": "物" * 61}, "too_long"), ({"steward": 7}, "bad_text")])
def test_a_change_of_mode_is_refused_without_what_it_needs(repo, change, code):
    args = {"mode": "committee", "reason": "选举", **change}
    with pytest.raises(DomainError) as err:
        repo.change_mode(pid(repo, 900), "west", args.pop("mode"), **args)
    assert err.value.code == code
    assert len(repo.mode_history("west")) == 1


def test_the_decision_cited_is_a_passed_vote_of_the_same_area(repo):
    open_vote = repo.create_proposal(pid(repo, 103), "west", title="换门", description="",
                                     budget_fen=0, matter="everyday", deadline="2099-01-01")
    east = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    for n in (open_vote.id, east.id):
        with pytest.raises(DomainError) as err:
            repo.change_mode(pid(repo, 900), "west", "committee", reason="x", decided_by=n)
        assert err.value.code == "bad_decision"


@pytest.mark.parametrize("tid", [101, 103, 5001])
def test_only_an_admin_changes_a_mode(repo, tid):
    if tid == 5001:
        confirmed_resident(repo, 5001, "c2/1/1/101", 103)
    with pytest.raises(PermissionDenied):
        repo.change_mode(pid(repo, tid), "west", "committee", reason="选举")
    assert repo.street.area("west").mode == "trusteeship"


def test_the_area_page_shows_the_history_with_the_deciding_election(tmp_path, repo):
    e = _elected(repo)
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主选举产生物管会",
                     decided_by=e.id)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = generated(project)["areas/west/index.md"]
    assert "管理方式：**物管会**" in page
    section = page.split("## 管理方式的变化")[1].split("##")[0]
    assert "**社区托管**（设立时登记的管理方式）" in section
    assert "社区托管 → **物管会**。理由：业主选举产生物管会" in section
    assert f"选举 #{e.id} 物管会选举" in section and f"votes.md#proposal-{e.id}" in section
    assert "管理方式：社区托管 → 物管会" in page.split("## 最近动态")[1]


def test_the_history_says_the_new_managing_body_when_a_change_names_one(tmp_path, repo):
    """城建小区's page read 社区托管 → 物管会 and nothing of who manages it now; the body
    the admin typed at /mode (城建小区物管会) was only in 管理主体 above, its old name
    nowhere (steward demo)."""
    before = repo.street.area("west").steward
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主选举产生物管会",
                     steward="西小区物管会")
    repo.change_mode(pid(repo, 900), "west", "trusteeship", reason="物管会暂停工作")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    section = generated(project)["areas/west/index.md"].split("## 管理方式的变化")[1]
    section = section.split("##")[0]
    assert f"理由：业主选举产生物管会；管理主体：{before} → 西小区物管会" in section, section
    assert "理由：物管会暂停工作，" in section, section  # no new body named: none said


# -- merging a street file -------------------------------------------------------------------

CORRECTED = (SMALL_STREET
             .replace('{room: "102"}', '{room: "102", area_m2: 64.5}\n'
                      '                  - {room: "201", area_m2: 70}')
             .replace('{room: "201", area_m2: 100}', '{room: "201", area_m2: 101.5}'))


def test_a_merge_lists_each_change_and_writes_only_the_confirmed_ones(repo):
    plan = repo.merge_plan(parse_street(CORRECTED))
    described = [c.describe() for c in plan]
    assert described == ["c1/1/1/201 的面积：100.0 m² → 101.5 m²",
                         "c2/1/1/102 的面积：未登记 → 64.5 m²",
                         "新增住户 c2/1/1/201，面积 70.0 m²"]
    assert repo.street.locate("c1/1/1/201")[4].floor_area_m2 == 100  # nothing written yet
    repo.merge_street(parse_street(CORRECTED), [1, 2])
    street = repo.street
    assert street.locate("c2/1/1/102")[4].floor_area_m2 == 64.5
    assert street.locate("c2/1/1/201")[4].floor_area_m2 == 70
    assert street.locate("c1/1/1/201")[4].floor_area_m2 == 100  # not confirmed: kept
    assert [c.describe() for c in repo.merge_plan(parse_street(CORRECTED))] == [described[0]]


def test_a_merge_changes_no_past_or_open_vote(repo):
    voter = confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    p = repo.create_proposal(pid(repo, 103), "west", title="修路", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2025-01-10")
    repo.cast_vote(voter, p.id, "agree")
    before = repo.tally(p.id)
    repo.merge_street(parse_street(CORRECTED), [1, 2])
    after = repo.tally(p.id)
    assert (after.owners_total, after.area_total) == (before.owners_total, before.area_total)
    assert (after.owners_total, str(after.area_total)) == (2, "50")
    later = repo.create_proposal(pid(repo, 103), "west", title="修门", description="",
                                 budget_fen=0, matter="everyday", deadline="2025-01-10")
    assert repo.tally(later.id).owners_total == 3  # a new vote counts the new household


def test_a_files_mode_is_not_merged_nor_refused_the_history_keeps_it(repo):
    repo.change_mode(pid(repo, 900), "west", "committee", reason="选举产生物管会")
    plan = repo.merge_plan(parse_street(CORRECTED))  # the file still says trusteeship
    assert len(plan) == 3 and repo.street.area("west").mode == "committee"
    repo.merge_street(parse_street(CORRECTED), [0, 1, 2])
    assert repo.street.area("west").mode == "committee"
    assert [h["mode"] for h in repo.mode_history("west")] == ["trusteeship", "committee"]


@pytest.mark.parametrize("edit, says", [
    (lambda s: s.replace('                  - {room: "102"}\n', ''), "c2/1/1/102 is missing"),
    (lambda s: s.replace("name: 西小区, mode", "name: 西区, mode"), "area west"),
    (lambda s: s.replace("id: test", "id: other"), "another street")])
def test_what_a_merge_may_not_change_is_refused_with_what_differs(repo, edit, says):
    with pytest.raises(DomainError) as err:
        repo.merge_plan(parse_street(edit(SMALL_STREET)))
    assert err.value.code == "merge_refused" and says in str(err.value) + str(
        err.value.params)


def test_a_change_of_mode_is_a_public_change_of_its_area(repo):
    heard = []
    repo.subscribe(heard.append)
    repo.change_mode(pid(repo, 900), "west", "committee", reason="选举产生物管会")
    assert [c.areas for c in heard] == [frozenset({"west"})]
    repo.merge_street(parse_street(CORRECTED), [1])
    assert heard[-1].areas == frozenset({"east", "west"})
