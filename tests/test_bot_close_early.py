"""What the second volunteer reads before confirming that a vote closes early (tried in
the self-government trial, where it said only "40 of 57 owners have voted"): the owners
who have not voted were told they could until the deadline, and a joint matter, or an
election, short of two thirds can then only fail. How anyone voted is never said.

Once one of the volunteers asked decides the request (or it is replaced, or the
proposal withdrawn), the others' copies say who decided and what, without buttons."""

from __future__ import annotations

import asyncio

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid, settle
from robust_support import RobustHarness, make_data, settings_for

import bot.app
import bot.edits
from bot.edits import edits_of
from db.errors import DomainError
from db.repository import Repository


async def _asked(repo, vote_id: int) -> str:
    """The request as the area's second volunteer (102) receives it."""
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/closevote {vote_id}")
        await bot.send(101, "施工方案有变")
        asked = await bot.press(101, "cv:ok:1")
    [text] = [c.text for c in asked if c.chat_id == 102]
    return text


def _open(repo, matter: str):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter=matter, deadline="2099-01-01")
    repo.cast_vote(pid(repo, 5001), p.id, "agree")
    return p


async def test_a_joint_matter_short_of_two_thirds_is_said_to_fail_if_closed_now(repo):
    """Raising maintenance funds (three quarters must agree): 201 disagrees, so even the
    other two agreeing (2 of 3) cannot pass it: it may close early, and fails."""
    confirmed_resident(repo, 5001, "c1/1/1/201", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter="raise_maintenance_fund",
                             deadline="2099-01-01")
    repo.cast_vote(pid(repo, 5001), p.id, "disagree")
    text = await _asked(repo, p.id)
    assert "目前 3 位业主中已有 1 位参与投票；其余 2 位收到的通知是可以投到 2099-01-01 24时，" \
           "现在结束他们就不能再投了。" in text, text
    assert "参与的业主还不到三分之二（按人数或按面积）：现在结束，这项表决一定不通过。" in text
    assert "反对" not in text.split("提前结束需要")[0]  # no choice told


async def test_an_everyday_matter_has_no_two_thirds_to_warn_of(repo):
    p = _open(repo, "everyday")
    settle(repo, p.id)  # 101 and 102 agree: 201 alone cannot turn it
    text = await _asked(repo, p.id)
    assert "其余 1 位收到的通知" in text and "三分之二" not in text
    # why it was not refused, never which way it went
    assert "现在结束他们就不能再投了。不过，不论他们怎么投，结果都不会再变了。" in text
    assert "通过" not in text and "同意" not in text.replace("您同意吗", "")


async def test_when_every_owner_has_voted_nobody_is_said_to_lose_a_vote(repo):
    """All three owners voted: it read 其余 0 位收到的通知是可以投到……，现在结束他们就不能
    再投了。"""
    p = _open(repo, "everyday")
    settle(repo, p.id)
    repo.cast_vote(pid(repo, 101), p.id, "disagree", household="c1/1/1/201", paper=True)
    assert repo.tally(p.id).owners_voted == 3
    text = await _asked(repo, p.id)
    assert "其余 0 位" not in text and "不能再投" not in text, text
    assert "3 位业主都已投票，结果不会再变了。" in text, text


async def test_a_vote_whose_result_the_owners_not_voted_could_still_turn_is_not_closed_early(
        repo):
    """A real committee does not end a vote early while those who were told they could
    vote until its deadline might still change its result (101 agreed; 102 and 201 could
    pass it): /closevote refuses at once, says why and points to /withdraw; the domain
    refuses the request, and a confirmation once a changed vote reopened the result."""
    p = _open(repo, "use_maintenance_fund")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/closevote {p.id}")
    assert (f"#{p.id} 的投票现在不能提前结束：还有 2 位业主没有投票，他们投票后，结果还可能"
            "改变。通知里告诉他们可以投到 2099-01-01 24时") in said[-1].text
    assert f"/withdraw {p.id}" in said[-1].text and not said[-1].buttons()
    with pytest.raises(DomainError) as refused:
        repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    assert refused.value.code == "result_open"
    first, _ = repo.cast_vote(pid(repo, 101), p.id, "agree", household="c1/1/1/201", paper=True)
    repo.request_early_close(p.id, pid(repo, 101), "都同意了")  # 102 alone cannot turn it
    repo.cast_vote(pid(repo, 101), p.id, "disagree", household="c1/1/1/201", paper=True,
                   replaces=first.id)  # the owner of 201 changed her mind: open again
    with pytest.raises(DomainError) as again:
        repo.confirm_early_close(p.id, pid(repo, 102), 1)
    assert again.value.code == "result_open" and repo.entry(p.id).status == "open"


async def test_an_election_closes_early_only_once_every_owner_voted(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-20")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/closevote {e.id}")
    assert "现在不能提前结束：还有 3 位业主没有投票" in said[-1].text
    settle(repo, e.id)
    text = await _asked(repo, e.id)
    assert "3 位业主都已投票" in text and "无人当选" not in text, text


# -- the other volunteers' copies of a request, once one of them decides it ---------------

THIRD = 104  # a third volunteer of east: the request goes to 102 and to them


async def _request_sent(bot, repo, vote_id: int, reason: str = "施工方案有变") -> dict[int, int]:
    """101 asks to close ``vote_id`` early; the message id of each copy, by chat."""
    await bot.send(101, f"/closevote {vote_id} {reason}")
    asked = await bot.press(101, "cv:ok:1")
    return {c.chat_id: c.message_id for c in asked
            if c.method == "sendMessage" and c.chat_id in (102, THIRD)}


def _three_volunteers(repo):
    repo.grant(pid(repo, 900), THIRD, "east", "网格员")
    p = _open(repo, "everyday")
    settle(repo, p.id)
    return p


def _edits_of(calls, chat: int, message: int):
    return [c for c in calls if c.method == "editMessageText" and c.chat_id == chat
            and c.params.get("message_id") == message]


async def test_once_one_volunteer_confirms_closing_early_the_others_copy_says_who_without_buttons(
        repo):
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        copies = await _request_sent(bot, repo, p.id)
        assert set(copies) == {102, THIRD}
        calls = await bot.press(102, f"ec:y:{p.id}:1", message_id=copies[102])
    [edit] = _edits_of(calls, THIRD, copies[THIRD])
    assert "施工方案有变" in edit.text  # the request, as it was
    assert f"✅ 已由物管会委员乙 乙志愿者确认：#{p.id} 的表决已提前结束。" in edit.text, edit.text
    assert not edit.buttons()
    assert repo.entry(p.id).status != "open"


async def test_once_one_volunteer_declines_closing_early_the_others_copy_says_so(repo):
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        copies = await _request_sent(bot, repo, p.id)
        calls = await bot.press(102, f"ec:n:{p.id}:1", message_id=copies[102])
    [edit] = _edits_of(calls, THIRD, copies[THIRD])
    assert f"❌ 物管会委员乙 乙志愿者没有同意提前结束：#{p.id} 的投票继续进行。" in edit.text
    assert not edit.buttons()
    assert repo.entry(p.id).status == "open"


async def test_a_newer_request_to_close_early_takes_the_buttons_off_the_older_ones_copies(repo):
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        first = await _request_sent(bot, repo, p.id)
        await bot.send(101, f"/closevote {p.id} 换一个理由")
        calls = await bot.press(101, "cv:ok:1")
    for chat in (102, THIRD):
        [edit] = _edits_of(calls, chat, first[chat])
        assert "已有新的提前结束" in edit.text and not edit.buttons()
    new = [c for c in calls if c.method == "sendMessage" and c.chat_id == THIRD]
    assert new and "换一个理由" in new[-1].text and new[-1].buttons()  # the new one is live


async def test_withdrawing_a_proposal_takes_the_buttons_off_its_request_to_close_early(repo):
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        copies = await _request_sent(bot, repo, p.id)
        await bot.send(101, f"/withdraw {p.id} 方案有误")
        calls = await bot.press(101, "wd:ok:1")
    [edit] = _edits_of(calls, THIRD, copies[THIRD])
    assert f"提议 #{p.id} 已撤回：不用再确认。" in edit.text and not edit.buttons()


async def test_a_press_on_a_copy_of_a_request_decided_already_says_who_and_clears_that_copy(repo):
    p = _three_volunteers(repo)
    repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    repo.confirm_early_close(p.id, pid(repo, 102), 1)  # its edits lost, e.g. with a stop
    async with BotHarness(repo) as bot:
        calls = await bot.press(THIRD, f"ec:y:{p.id}:1", message_id=77,
                                text="物管会主任甲申请……提前结束需要第二位志愿者确认：您同意吗？")
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == THIRD]
    assert said == [f"提前结束 #{p.id} 的这项申请已经不在等待中。✅ 已由物管会委员乙 乙志愿者确认："
                    f"#{p.id} 的表决已提前结束。这次没有做任何改动。"], said
    [edit] = _edits_of(calls, THIRD, 77)
    assert edit.text.startswith("物管会主任甲申请") and "已由物管会委员乙" in edit.text
    assert not edit.buttons()


async def test_a_forged_press_on_another_areas_request_is_refused_and_edits_nothing(repo):
    p = _three_volunteers(repo)
    repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    repo.confirm_early_close(p.id, pid(repo, 102), 1)
    async with BotHarness(repo) as bot:
        calls = await bot.press(103, f"ec:y:{p.id}:1", message_id=78, text="……")
    assert not [c for c in calls if c.method.startswith("edit")]
    assert "乙志愿者" not in "\n".join(c.text for c in calls)


async def test_a_request_decided_just_before_a_stop_shows_it_on_its_copies_at_the_next_start(
        tmp_path, monkeypatch):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)
    stuck = asyncio.Event()  # Telegram never answers the edits

    async def never(*_args, **_kwargs):
        await stuck.wait()

    monkeypatch.setattr(bot.app, "STOP_WAIT", 0.3)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        first.drain_edits = False
        copies = await _request_sent(first, repo, p.id)
        monkeypatch.setattr(bot.edits, "paced", never)
        await first.press(102, f"ec:n:{p.id}:1", message_id=copies[102])
    monkeypatch.undo()
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as second:
        assert await edits_of(second.app).drain()
    [edit] = _edits_of(second.request.calls, 102, copies[102])
    assert "没有同意提前结束" in edit.text and not edit.buttons()
    repo.close()


async def test_the_one_who_asked_takes_the_request_back_and_every_copy_says_so(repo):
    """Asked by mistake (the wrong vote), the request could only wait for another
    volunteer to decline it: the one who asked had no way to take it back."""
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/closevote {p.id} 施工方案有变")
        asked = await bot.press(101, "cv:ok:1")
        [mine] = [c for c in asked if c.chat_id == 101 and c.buttons()]
        copies = {c.chat_id: c.message_id for c in asked
                  if c.method == "sendMessage" and c.chat_id in (102, THIRD)}
        assert [label for label, _ in mine.buttons()] == ["↩️ 撤回这项申请"]
        back = await bot.press(101, mine.buttons()[0][1], message_id=mine.message_id)
    assert repo.entry(p.id).status == "open"
    assert repo.entry(p.id).data["early_close"][-1]["outcome"] == "declined"
    said = [c.text for c in back if c.method == "sendMessage"]
    assert said == [f"您已撤回提前结束 #{p.id} 的申请，投票继续进行。"], said
    for chat, message in ((101, mine.message_id), *copies.items()):
        [edit] = _edits_of(back, chat, message)
        assert f"↩️ 物管会主任甲 甲志愿者撤回了这项申请：#{p.id} 的投票继续进行。" in edit.text
        assert not edit.buttons()


async def test_pending_shows_a_request_to_close_early_waiting_for_the_volunteers_word(repo):
    """/pending said 目前没有待审核的内容 while a request to close a vote early waited for
    this very volunteer, its message scrolled away: it is posted again, with its buttons,
    and its copies are all edited once it is decided. The one who asked is not shown it."""
    p = _three_volunteers(repo)
    async with BotHarness(repo) as bot:
        copies = await _request_sent(bot, repo, p.id)
        listed = await bot.send(THIRD, "/pending")
        asker = await bot.send(101, "/pending")
        [again] = [c for c in listed if c.buttons()]
        done = await bot.press(THIRD, f"ec:y:{p.id}:1", message_id=again.message_id)
    said = [c.text for c in listed]
    # pressed as 待审核（1）, it did not begin with 目前没有待审核的内容。 any more
    assert said[0] == "以下提前结束表决的申请在等第二位志愿者确认（1 项）：", said
    assert listed[0].keyboard()[0] == "待审核（1）"  # the menu, with the count it lists
    assert "施工方案有变" in again.text
    assert [d for _, d in again.buttons()] == [f"ec:y:{p.id}:1", f"ec:n:{p.id}:1"]
    assert not any(c.buttons() for c in asker) and "提前结束" not in asker[-1].text
    assert repo.entry(p.id).status != "open"
    for chat, message in ((THIRD, again.message_id), (THIRD, copies[THIRD]),
                          (102, copies[102])):
        [edit] = _edits_of(done, chat, message)
        assert "确认：#" in edit.text and not edit.buttons()


async def test_pending_for_one_area_shows_only_that_areas_requests_to_close_early(repo):
    """The street office's /pending 西小区 listed a request to close an east vote early
    (found in a walk of the admin's queue): only the area named has its requests shown,
    and /pending alone shows them all, as it does entries."""
    p = _open(repo, "everyday")
    settle(repo, p.id)
    async with BotHarness(repo) as bot:
        await _request_sent(bot, repo, p.id)
        west = await bot.send(900, "/pending 西小区")
        east = await bot.send(900, "/pending 东小区")
        everything = await bot.send(900, "/pending")
    assert not any("施工方案有变" in c.text or c.buttons() for c in west), [c.text for c in west]
    assert [c.text for c in west] == ["西小区目前没有待审核的内容。"]
    for listed in (east, everything):
        [again] = [c for c in listed if c.buttons()]
        assert "施工方案有变" in again.text
        assert [d for _, d in again.buttons()] == [f"ec:y:{p.id}:1", f"ec:n:{p.id}:1"]


async def test_a_result_whose_group_post_a_stop_cut_short_is_posted_once_at_the_start(repo):
    """A vote closed early, its residents and volunteers told, and the bot stopped before
    the committee's group got the result: the group never got it (the start went on only
    when someone was still to be told). It is now posted at the start, once."""
    from datetime import timedelta

    from telegram.ext import CallbackContext

    from bot.handlers.closevote import result_key, resume_results, volunteers_key

    group = -1001234
    people = [confirmed_resident(repo, 7001, "c1/1/1/101", 101)]
    repo.link_group(pid(repo, 101), "east", group)
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    vote = repo.create_proposal(pid(repo, 101), "east", title="安装路灯", description="",
                                budget_fen=0, deadline=deadline, matter="everyday")
    settle(repo, vote.id)
    repo.request_early_close(vote.id, pid(repo, 101), "路灯已由供电所免费安装")
    repo.confirm_early_close(vote.id, pid(repo, 102), 1)
    repo.claim_reminder(result_key(vote.id), people)  # told before the stop
    repo.claim_reminder(volunteers_key(vote.id), [pid(repo, 101), pid(repo, 102)])
    async with BotHarness(repo) as bot:
        context = CallbackContext(bot.app)
        await resume_results(context)
        await resume_results(context)  # a second start
    posted = [c for c in bot.sent("sendMessage") if c.chat_id == group]
    assert len(posted) == 1 and f"#{vote.id}" in posted[0].text, posted
    assert [c for c in bot.sent("sendMessage") if c.chat_id != group] == []
