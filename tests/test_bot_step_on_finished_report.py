"""A grid worker records a step on a report that is resolved or closed already (walk172,
steward chat: /close 151 重复 和148一样 after /resolve 151): the answer was 这条记录当前（已
解决）不能这样修改, with nothing of what to do if the problem is back. Now it says the report
is resolved (since when), that the note was not saved, and how it can be opened again or
reported anew."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


async def test_a_step_on_a_resolved_report_says_it_is_resolved_and_how_to_reopen(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.approve(repo.submit(author, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, pid(repo, 102))
    repo.issue_step(issue.id, pid(repo, 101), Status.RESOLVED, "换好了")
    async with BotHarness(repo) as bot:
        closed = await bot.send(101, f"/close {issue.id} 重复 和别的一样")
        progress = await bot.send(101, f"/progress {issue.id} 又不亮了")
    for said in (closed[-1].text, progress[-1].text):
        assert "不能这样修改" not in said, said
        assert f"报事 #{issue.id} 已经是“已解决”了" in said and "没有保存" in said, said
        assert f"没有解决：#{issue.id}" in said and "/proxy" in said, said
    assert repo.entry(issue.id).status == Status.RESOLVED
