"""漏水的事怎么样了 typed by a resident who reported it: what became of hers (我的), not
an offer to send the question as a new report (found trying the real ``steward run``
as an elderly resident, who asked after her leak an hour later)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_asking_after_her_report_shows_it_with_its_progress(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "pipes", "text": "厨房漏水了"})
    repo.approve(issue.id, pid(repo, 101))
    repo.issue_step(issue.id, pid(repo, 101), "in_progress", "已联系水电工，明天上门")
    async with BotHarness(repo) as bot:
        for asked in ("漏水的事怎么样了", "我报的事", "修好了吗？"):
            told = await bot.send(7001, asked)
            assert f"#{issue.id} 报事" in told[-1].text, asked
            assert "已联系水电工，明天上门" in told[-1].text, asked
            assert "还没有交给志愿者" not in told[-1].text, asked
    assert len(repo.entries(kind=Kind.ISSUE)) == 1  # nothing sent again


async def test_someone_who_sent_nothing_asking_is_offered_to_send_it(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, "院里的路灯什么时候修")
    assert "还没有交给志愿者" in told[-1].text
    assert any(d.split("~")[0] == "rep:said" for _, d in told[-1].buttons())
