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


async def test_handle_reports_marks_the_reports_without_progress_for_a_week(repo):
    """报事处理 listed each open report with 已等 N 天 since it was accepted, the same for one
    visited yesterday and one nobody touched for weeks: a grid worker in a hurry could not
    tell which to visit first without /overview. Now a report without progress for over a
    week says so on its line."""
    from bot_harness import BotHarness

    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)

    def report(text):
        return repo.approve(repo.submit(author, Kind.ISSUE, "east", {
            "category": "lighting", "text": text}).id, pid(repo, 102))

    untouched = report("楼道灯不亮")
    visited = report("下水道堵了")
    repo.issue_step(visited.id, pid(repo, 101), Status.IN_PROGRESS, "已联系师傅")
    quiet = report("路面有坑")
    repo.issue_step(quiet.id, pid(repo, 101), Status.IN_PROGRESS, "已联系施工队")
    repo.clock.now += timedelta(days=20)  # type: ignore[attr-defined]
    repo.submit(pid(repo, 101), Kind.PROGRESS_NOTE, "east", {
        "issue": visited.id, "text": "师傅明天来", "photos": []})
    fresh = report("小广告")
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
    lines = {int(line.split()[0][1:]): line for line in listed[-1].text.splitlines()
             if line.startswith("#")}
    assert "还没有进展" in lines[untouched.id], lines
    assert "20 天没有新进展" in lines[quiet.id], lines
    assert "进展" not in lines[visited.id] and "进展" not in lines[fresh.id], lines
