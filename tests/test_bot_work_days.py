"""报事处理 counts a report's wait as /overview and the public site do: in days from
the day it was accepted to today (China time). A grid worker read under /overview
最久已等 605 天 and, under 报事处理 the same morning, #147 … 已等 604 天 (it counted whole
24 hours from the moment the resident sent it); and a report accepted yesterday that
waited five days for approval read 已等 6 天 there, 1 天 on the site."""

from __future__ import annotations

import re
from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.core import CHINA_TZ
from db.entries import Kind


def _at(clock, day: int, hour: int) -> None:
    clock.now = datetime(2025, 3, day, hour, 0, tzinfo=CHINA_TZ)


async def _both_say(repo) -> tuple[int, int]:
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
        overview = await bot.send(101, "/overview")
    work = re.search(r"已等 (\d+) 天", listed[-1].text)  # the list, last
    oldest = re.search(r"最久已等 (\d+) 天", "\n".join(c.text for c in overview))
    assert work and oldest, (listed[-1].text, [c.text for c in overview])
    return int(work.group(1)), int(oldest.group(1))


async def test_the_work_list_counts_calendar_days_as_the_overview_does(repo, clock):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    _at(clock, 1, 20)  # sent in the evening, accepted at once
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了"})
    repo.approve(entry.id, pid(repo, 102))
    _at(clock, 3, 8)  # two days later by the calendar, 36 hours by the clock
    assert await _both_say(repo) == (2, 2)


async def test_the_work_list_counts_from_the_day_the_report_was_accepted(repo, clock):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    _at(clock, 1, 9)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了"})
    _at(clock, 6, 9)  # approved five days later
    repo.approve(entry.id, pid(repo, 102))
    _at(clock, 7, 10)
    assert await _both_say(repo) == (1, 1)
