"""The reminder two days before an election closes carries its ballot, as the reminder of
a proposal carries 同意 / 反对 / 弃权: it read 请点下方菜单的“投票”参加 with only 🔕 不再提醒
under it, one step more for the household that had not voted (steward demo, an election
of 城建小区 played to two days before its deadline)."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.repository import CHINA_TZ


async def test_the_election_reminder_carries_the_ballot_that_records_it(repo):
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.clock.now = datetime(2025, 1, 1, 9, 0, tzinfo=CHINA_TZ)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2025-01-05")
    async with BotHarness(repo) as bot:
        repo.clock.now = datetime(2025, 1, 3, 10, 0, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        [reminder] = [c for c in bot.sent("sendMessage")
                      if c.chat_id == 5002 and "还没有投票" in c.text]
        assert "请直接在下面勾选候选人，再按“提交选票”" in reminder.text, reminder.text
        assert [label for label, _ in reminder.buttons()] == [
            "☐ 1 候选人甲（退休教师）", "☐ 2 候选人乙（楼长）", "提交选票（已勾选 0 位）",
            "🔕 不再提醒"]
        await bot.press_label(5002, "☐ 2 候选人乙")
        done = await bot.press_label(5002, "提交选票（已勾选 1 位）")
    assert any("已记录" in c.text for c in done if c.chat_id == 5002), [c.text for c in done]
    assert repo.ballot_of(e.id, "c1/1/1/102") == [2]
