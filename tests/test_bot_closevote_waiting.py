"""/closevote on a vote whose early close another volunteer asked for, still waiting for a
second volunteer (tried as the area's second volunteer, who came to confirm it): before,
she was asked for a reason of her own, which replaced the request, so that a third
volunteer had to confirm. Now she is shown the request waiting with its Confirm /
Decline buttons, and asked nothing; the one who asked is reminded of her request."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid, settle

from db.entries import Status


def _asked(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    return p


def _mine(calls, chat):
    return [c for c in calls if c.chat_id == chat and c.method == "sendMessage"]


async def test_the_second_volunteer_is_shown_the_request_to_confirm_not_asked_a_reason(repo):
    p = _asked(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/closevote")
        calls = await bot.press(102, f"cv:p:{p.id}")
        typed = await bot.send(102, "我也同意提前结束")  # not taken as a reason
        confirmed = await bot.press(102, f"ec:y:{p.id}:1")
    said = [c.text for c in _mine(calls, 102)]
    assert "已经有人申请提前结束" in said[0] and "不用再写理由" in said[0], said
    assert "施工方案有变" in said[1], said
    assert ("确认：现在结束", f"ec:y:{p.id}:1") in _mine(calls, 102)[1].buttons()
    assert not any("请发送理由" in s or "如要提前结束" in s for s in said), said
    assert not any("请另一位志愿者确认" in c.text for c in typed if c.text)
    requests = repo.entry(p.id).data["early_close"]
    assert len(requests) == 1 and requests[0]["reason"] == "施工方案有变"
    assert any(c.chat_id == 102 for c in confirmed)
    assert repo.entry(p.id).status != Status.OPEN


async def test_a_reason_typed_with_closevote_by_the_second_volunteer_replaces_nothing(repo):
    p = _asked(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/closevote {p.id} 天气原因")
    said = [c.text for c in _mine(calls, 102)]
    assert "您写的理由没有发出" in said[0] and f"/closevote {p.id}" in said[0], said
    [request] = repo.entry(p.id).data["early_close"]
    assert request["reason"] == "施工方案有变" and request["outcome"] == "pending"


async def test_the_volunteer_who_asked_is_reminded_and_may_replace_her_reason(repo):
    p = _asked(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/closevote {p.id}")
        await bot.send(101, "施工队下个月才能进场")
        await bot.press(101, "cv:ok:1")
    said = [c.text for c in _mine(calls, 101)]
    assert "您已经申请提前结束" in said[0] and "施工方案有变" in said[0], said
    requests = repo.entry(p.id).data["early_close"]
    assert [r["outcome"] for r in requests] == ["replaced", "pending"]
    assert requests[-1]["reason"] == "施工队下个月才能进场"


async def test_in_the_volunteers_group_the_request_goes_to_her_private_chat_and_says_so(repo):
    p = _asked(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=-500)
        calls = await bot.send(102, f"/closevote {p.id}", chat_id=-500)
    [there] = [c.text for c in _mine(calls, -500)]
    assert "已经私聊发给您" in there and "下面" not in there, there
    [mine] = _mine(calls, 102)
    assert ("确认：现在结束", f"ec:y:{p.id}:1") in mine.buttons()
