"""我的 says how long what she sent has waited for review: a report sent weeks before
read 待审核 as if sent that morning."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.repository import CHINA_TZ


async def test_mine_says_how_many_days_a_report_has_waited_for_review(repo):
    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    old = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.clock.now = datetime(2025, 1, 15, 9, 0, tzinfo=CHINA_TZ)
    new = repo.submit(person, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    async with BotHarness(repo) as bot:
        listed = await bot.send(7001, "我的")
    lines = listed[-1].text.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith(f"#{old.id} "))
    assert lines[at + 1].strip() == "已等志愿者审核 14 天。", lines
    mine = next(i for i, x in enumerate(lines) if x.startswith(f"#{new.id} "))
    assert "已等" not in lines[mine + 1], lines  # sent today: nothing to say


async def test_mine_does_not_call_a_finished_entry_of_last_year_older_than_those_listed(repo):
    """A report still open from March, an opinion answered in May, a report this year: 我的
    lists the open one and this year's, and said 还有 1 条更早的 of the May opinion, newer
    than the March report listed above it."""
    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    repo.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    open_one = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                        "text": "路灯坏了"})
    repo.clock.now = datetime(2025, 5, 1, 9, 0, tzinfo=CHINA_TZ)
    done = repo.submit(person, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    repo.approve(done.id, pid(repo, 101))
    repo.clock.now = datetime(2026, 2, 1, 9, 0, tzinfo=CHINA_TZ)
    new = repo.submit(person, Kind.ISSUE, "east", {"category": "sanitation", "text": "垃圾没清"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "我的")
        listed = calls[-1].text
        # the one not listed, a button away (it said only: 发 /mydata, a command to type)
        [earlier] = [d for t, d in calls[-1].buttons() if t == "📄 看看往年提交的内容"]
        everything = "\n".join(c.text for c in await bot.press(7001, earlier))
    assert f"#{new.id} " in listed and f"#{open_one.id} " in listed
    assert f"#{done.id} " not in listed
    assert "更早的" not in listed.replace("或更早的", "")
    assert ("条没有列出（往年已办完的，或更早的）：点下面的“📄 看看往年提交的内容”"
            "（或发送 /mydata）可以看到全部记录。") in listed
    assert "小区管家保存的关于您的信息" in everything and f"#{done.id} " in everything
