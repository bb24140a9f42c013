"""Supervisors (监督员) in the domain: the admin grants and revokes the role per
area, audited; a supervisor reads the area's pending queue and decides nothing;
``supervisors(area)`` lists them for whoever sends the volunteers' summaries."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.errors import DomainError, PermissionDenied
from db.people import is_supervisor_of, public_role, supervisor_areas, volunteer_areas


@pytest.fixture
def supervised(repo):
    """east with a confirmed resident who is also its supervisor, and one pending report."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    return {"supervisor": resident, "issue": issue.id}


def test_admin_grants_a_supervisor_role_audited_and_listed_for_the_area(repo, supervised):
    person = repo.person(supervised["supervisor"])
    assert supervisor_areas(person) == ["east"] and volunteer_areas(person) == []
    assert is_supervisor_of(person, "east") and not is_supervisor_of(person, "west")
    assert [p["id"] for p in repo.supervisors("east")] == [supervised["supervisor"]]
    assert repo.supervisors("west") == []
    assert repo.role_audit()[-1]["to"] == "supervisor:east"
    assert public_role(person, "east") == "监督员"
    # still a resident of their household
    assert [p["id"] for p in repo.people(resident_of="east")] == [supervised["supervisor"]]


def test_only_an_admin_grants_or_revokes_a_supervisor(repo, supervised):
    for actor in (101, 5001):
        with pytest.raises(PermissionDenied):
            repo.grant(pid(repo, actor), 5002, "east", role="supervisor")
        with pytest.raises(PermissionDenied):
            repo.revoke(pid(repo, actor), 5001, "east", role="supervisor")
    assert [p["telegram_id"] for p in repo.supervisors("east")] == [5001]


def test_a_supervisor_sees_the_pending_queue_of_their_area_only(repo, supervised):
    west = confirmed_resident(repo, 5003, "c2/1/1/101", 103)
    repo.submit(west, Kind.OPINION, "west", {"text": "西边的意见"})
    queue = repo.pending_for(supervised["supervisor"])
    assert [e.id for e in queue] == [supervised["issue"]]


def test_a_supervisor_cannot_approve_or_reject(repo, supervised):
    for act in (lambda: repo.approve(supervised["issue"], supervised["supervisor"]),
                lambda: repo.reject(supervised["issue"], supervised["supervisor"], "不行")):
        with pytest.raises(PermissionDenied):
            act()
    assert repo.entry(supervised["issue"]).status == "pending"


def test_one_person_is_not_volunteer_and_supervisor_of_one_area(repo, supervised):
    with pytest.raises(DomainError) as err:
        repo.grant(pid(repo, 900), 101, "east", role="supervisor")
    assert err.value.code == "role_conflict"
    with pytest.raises(DomainError) as err:
        repo.grant(pid(repo, 900), 5001, "east")
    assert err.value.code == "role_conflict"
    repo.grant(pid(repo, 900), 101, "west", role="supervisor")  # another area: fine
    assert [p["telegram_id"] for p in repo.supervisors("west")] == [101]


def test_revoking_a_supervisor_takes_the_queue_away(repo, supervised):
    repo.revoke(pid(repo, 900), 5001, "east", role="supervisor")
    assert repo.supervisors("east") == []
    assert repo.role_audit()[-1]["from"] == "supervisor:east"
    assert repo.pending_for(supervised["supervisor"]) == []
    # the resident role stays
    assert [p["telegram_id"] for p in repo.people(resident_of="east")] == [5001]


def test_supervisors_survive_reopening_the_data_folder(repo, supervised, tmp_path):
    from db.repository import Repository
    root = repo.store.root
    repo.close()
    again = Repository.open(root)
    try:
        assert [p["telegram_id"] for p in again.supervisors("east")] == [5001]
    finally:
        again.close()


def test_a_supervisor_reads_the_overview_of_their_area_only(repo, supervised):
    seen = repo.overview(supervised["supervisor"], "east")
    assert seen["area"] == "east" and seen["pending"] == 1 and seen["open_issues"] == 0
    with pytest.raises(PermissionDenied):
        repo.overview(supervised["supervisor"], "west")
    resident = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    with pytest.raises(PermissionDenied):
        repo.overview(resident, "east")


async def test_a_supervisor_gets_overview_and_help_says_they_approve_nothing(repo, supervised):
    from bot_harness import BotHarness

    async with BotHarness(repo) as bot:
        [glance] = [c for c in await bot.send(5001, "/overview") if c.chat_id == 5001]
        helped = [c.text for c in await bot.send(5001, "/help") if c.chat_id == 5001]
    assert "【东小区】" in glance.text and "待审核：1 条" in glance.text
    assert "【西小区】" not in glance.text
    assert helped[-1].startswith("监督员命令（可以查看志愿者的工作，不能审核）")
    assert "/overview" in helped[-1] and "/approve" not in helped[-1]
