"""/progress alone lists the open reports under its usage, eight of them: the count of the
others was glued to the eighth's words (#538 6号楼…需要… ……还有 4 件。), read as part of
that report. Now it is a line of its own."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_the_count_of_open_reports_not_listed_is_a_line_of_its_own(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    for n in range(10):
        issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                           "text": f"{n + 1}号路灯不亮"})
        repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        usage = await bot.send(101, "/progress")
    lines = usage[-1].text.splitlines()
    assert lines[-1] == "……还有 2 件。", lines
    assert lines[-2].startswith("#") and "还有" not in lines[-2], lines
