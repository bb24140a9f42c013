"""A retired resident told at a street meeting that a vote is on registers in the bot and
presses 投票 before a volunteer confirms her: she was told only 您的住户登记还没有经志愿者确认，
确认后就可以使用这个功能, not what is being voted nor when it closes (the site shows both
to anyone), so she could not tell whether to hurry her volunteer. Now the same answer is
followed by the area's open votes and their deadlines, or that none is open."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import CONSENT_VERSION, pid

NEWCOMER = 5009


async def test_a_resident_waiting_for_confirmation_is_told_what_is_open_and_when_it_closes(
        repo):
    proposal = repo.create_proposal(pid(repo, 101), "east", title="安装单元门",
                                    description="三个单元", budget_fen=300000,
                                    matter="everyday", deadline="2099-01-15")
    repo.register(pid(repo, NEWCOMER), "c1/1/1/201", consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        calls = await bot.send(NEWCOMER, "投票")
    said = "\n".join(c.text for c in calls if c.chat_id == NEWCOMER)
    assert "还没有经志愿者确认" in said
    assert "东小区正在投票的事项（提议或选举）：" in said
    assert f"#{proposal.id} 安装单元门：2099-01-15 24 时截止" in said


async def test_a_resident_waiting_where_nothing_is_open_is_told_so(repo):
    repo.register(pid(repo, NEWCOMER), "c1/1/1/201", consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        calls = await bot.send(NEWCOMER, "投票")
    assert "东小区目前没有正在表决的提议" in calls[-1].text


async def test_someone_not_registered_is_only_asked_to_register(repo):
    repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                         budget_fen=300000, matter="everyday", deadline="2099-01-15")
    async with BotHarness(repo) as bot:
        calls = await bot.send(NEWCOMER, "投票")
    said = "\n".join(c.text for c in calls if c.chat_id == NEWCOMER)
    assert "请先登记住户" in said and "安装单元门" not in said
