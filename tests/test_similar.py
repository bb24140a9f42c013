"""Before a new report, the open issues of the same area and category that share
enough pairs of characters with it are offered ("Me too"), the closest first."""

from __future__ import annotations

from conftest import confirmed_resident, pid

from db.entries import Kind
from db.similar import MAX_SIMILAR, similar_issues


def open_issue(repo, author: int, text: str, category: str = "lighting") -> int:
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": category, "text": text})
    repo.approve(issue.id, pid(repo, 101))
    return issue.id


def test_a_report_is_offered_the_open_issues_about_the_same_thing_closest_first(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    lamp = open_issue(repo, resident, "3号楼门口的路灯不亮了")
    lamp_too = open_issue(repo, resident, "路灯不亮，晚上很黑")
    open_issue(repo, resident, "路灯坏了，晚上很黑")  # one pair of six in common: too few
    open_issue(repo, resident, "楼道里堆满了杂物")  # shares no pair of characters
    open_issue(repo, resident, "3号楼门口的路灯不亮了", category="safety")  # other category
    found = [e.id for e in similar_issues(repo, "east", "lighting", "3号楼路灯不亮")]
    assert found == [lamp, lamp_too]


def test_a_voice_report_without_text_is_offered_the_newest_open_issues(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    ids = [open_issue(repo, resident, f"路灯 {n}") for n in range(MAX_SIMILAR + 1)]
    found = [e.id for e in similar_issues(repo, "east", "lighting", "")]
    assert found == list(reversed(ids))[:MAX_SIMILAR]


def test_nothing_is_offered_when_no_open_issue_is_alike(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    open_issue(repo, resident, "楼道里堆满了杂物")
    assert similar_issues(repo, "east", "lighting", "水管漏水") == []
