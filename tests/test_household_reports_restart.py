"""The reports recorded for a household (/proxy) are found from an index kept in memory
(``EntryIndex.by_household``), not by reading the area's history: after a restart it
gives the same answer, whether the saved indexes were read back, the journal since
applied to them, or everything built again from the partitions."""

from __future__ import annotations

from pathlib import Path

from conftest import confirmed_resident, pid
from robust_support import new_repo

from db.entries import Kind, Status
from db.manifest import INDEX_NAME
from db.proxy import household_reports
from db.repository import Repository

HOME, LATER = "c1/1/1/201", 5009


def recorded(repo: Repository) -> dict[str, int]:
    """Reports recorded at her door before she came: one fixed, one rejected, one
    waiting; one for the flat next door."""
    fixed = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    repo.approve(fixed.id, pid(repo, 101))
    repo.issue_step(fixed.id, pid(repo, 101), Status.RESOLVED, "换了新灯泡")
    rejected = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                               {"category": "other", "text": "对门老张家天天吵到半夜"})
    repo.reject(rejected.id, pid(repo, 101), "涉及邻里私事")
    waiting = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                              {"category": "other", "text": "楼上漏水"})
    other = repo.submit_for(pid(repo, 102), "c1/1/1/102", Kind.ISSUE,
                            {"category": "lighting", "text": "1单元楼道灯坏了"})
    repo.approve(other.id, pid(repo, 101))
    repo.issue_step(other.id, pid(repo, 101), Status.RESOLVED, "修好了")
    return {"fixed": fixed.id, "rejected": rejected.id, "waiting": waiting.id,
            "other": other.id}


def answers(repo: Repository, person: int) -> tuple[list[int], list[int], list[int]]:
    return ([e.id for e in household_reports(repo, repo.person(person))],
            [e.id for e in repo.recorded_for(HOME)],
            [e.id for e in repo.recorded_for("c1/1/1/102")])


def test_a_household_s_reports_are_found_the_same_after_a_restart(tmp_path: Path):
    data = tmp_path / "data"
    repo = new_repo(data)
    ids = recorded(repo)
    person = confirmed_resident(repo, LATER, HOME, 101)
    expected = answers(repo, person)
    assert expected == ([ids["fixed"]], [ids["fixed"], ids["rejected"], ids["waiting"]],
                        [ids["other"]])
    repo.close()  # a checkpoint: the indexes saved
    repo = Repository.open(data)
    try:
        assert not repo.store.index_stale  # read back, not built
        assert answers(repo, person) == expected
        repo.approve(ids["waiting"], pid(repo, 101))  # in the journal only
        expected = answers(repo, person)
        assert expected[0] == [ids["fixed"], ids["waiting"]]
        more = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                               {"category": "lighting", "text": "门口路灯不亮"})
        expected = answers(repo, person)
        assert expected[1][-1] == more.id
    finally:
        repo.store.abandon()  # as a crash leaves it: no checkpoint
    repo = Repository.open(data)  # the saved indexes and the journal since
    try:
        assert answers(repo, person) == expected
    finally:
        repo.store.abandon()
    (data / INDEX_NAME).unlink()
    repo = Repository.open(data)  # built from every partition
    try:
        assert repo.store.index_stale
        assert answers(repo, person) == expected
    finally:
        repo.close()


def test_an_index_file_saved_before_households_were_indexed_is_built_again(tmp_path: Path):
    """A file of format 2 has no reports by household: it is not used (the indexes are
    built from the partitions once), rather than finding none."""
    data = tmp_path / "data"
    repo = new_repo(data)
    ids = recorded(repo)
    repo.close()
    path = data / INDEX_NAME
    lines = [line for line in path.read_bytes().splitlines(keepends=True)
             if not line.startswith(b'{"by_household"')]
    path.write_bytes(b"".join(lines).replace(b'{"format":3}', b'{"format":2}'))
    repo = Repository.open(data)
    try:
        assert repo.store.index_stale
        assert [e.id for e in repo.recorded_for("c1/1/1/102")] == [ids["other"]]
    finally:
        repo.close()
