"""A report under way whose grid worker adds a further progress note (a second /progress,
stored as a progress note on it) was still counted as having had no progress since its
first step: /overview and the daily summary said 其中 1 件 7 天以上没有进展（#N） the day
after the note (walk172, a grid worker of 城建小区 in steward chat). The latest published
progress note now counts as a step."""

from __future__ import annotations

from datetime import timedelta

from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def test_a_further_progress_note_counts_as_progress_for_the_overview_and_digest(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.approve(repo.submit(author, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, pid(repo, 102))
    repo.issue_step(issue.id, pid(repo, 101), Status.IN_PROGRESS, "已联系电工")
    repo.clock.now += timedelta(days=20)  # type: ignore[attr-defined]
    repo.submit(pid(repo, 101), Kind.PROGRESS_NOTE, "east", {
        "issue": issue.id, "text": "电工明天来换灯", "photos": []})
    repo.clock.now += timedelta(days=1)  # type: ignore[attr-defined]
    assert repo.overview(pid(repo, 101), "east")["stale_ids"] == []
    assert repo.digest("east")["stale"] == []
    repo.clock.now += timedelta(days=10)  # type: ignore[attr-defined]
    assert repo.overview(pid(repo, 101), "east")["stale_ids"] == [issue.id]
    [stale] = repo.digest("east")["stale"]
    assert stale["id"] == issue.id and stale["days"] == 11
