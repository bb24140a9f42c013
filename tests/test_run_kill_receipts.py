"""The real ``steward run`` killed with SIGKILL just after a resident's Submit stored
her fee report or report, against the Bot API emulator on 127.0.0.1: before her receipt
went, or after it went and before the step was marked done. Started again, the press
is handled again: nothing is stored twice, and she is told her entry's number (her
receipt, as the press would have sent it), never "already saved … please start again
from the menu" (bot.handlers.submit_saved). So too a vote's button (her household's vote
is said again) and a newcomer's registration (its number, waiting for a volunteer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from bot_api_emulator import ApiCall, BotApiEmulator
from bot_harness import jpeg_bytes
from conftest import confirmed_resident, pid
from kill_restart import (
    VOLUNTEER,
    held_after_delivery,
    held_messages_after_delivery,
    held_messages_to,
    held_to,
    kill_restart,
    street,
    street_lights_vote,
)

from db.entries import Kind
from db.repository import Repository

RESIDENT = 7001
HER = {RESIDENT: "c1/1/1/101"}


def _after(api: BotApiEmulator, mark: int) -> ApiCall:
    return api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                        since=mark)


def _pay(api: BotApiEmulator) -> str:
    """A fee report up to its summary; the Submit button's data."""
    _after(api, api.message(RESIDENT, "/pay"))
    _after(api, api.press(RESIDENT, "pay:fee:property"))
    _after(api, api.press(RESIDENT, "pay:per:2025-01"))
    _after(api, api.message(RESIDENT, "44.44"))
    summary = _after(api, api.press(RESIDENT, "pay:skip"))
    return next(d for _, d in summary.buttons() if d.startswith("pay:ok"))


def _report(api: BotApiEmulator) -> str:
    """A report up to its summary (the first building and unit offered); the Submit
    button's data."""
    asked = _after(api, api.message(RESIDENT, "/report"))
    data = next(d for text, d in asked.buttons() if "路灯" in text)
    asked = _after(api, api.press(RESIDENT, data))
    asked = _after(api, api.message(RESIDENT, "楼道灯坏了三天了"))
    for _ in range(6):
        submit = [d for text, d in asked.buttons() if text == "提交"]
        if submit:
            return submit[0]
        asked = _after(api, api.press(RESIDENT, asked.buttons()[0][1]))
    raise AssertionError(asked.text)


def _correction(api: BotApiEmulator) -> str:
    """A correction of her one public report up to its summary; the Submit button's
    data."""
    asked = _after(api, api.message(RESIDENT, "/correct"))
    _after(api, api.press(RESIDENT, asked.buttons()[0][1]))
    _after(api, api.message(RESIDENT, "1单元门口路灯坏了"))
    summary = _after(api, api.message(RESIDENT, "原文写了邻居的名字"))
    return next(d for _, d in summary.buttons() if d.startswith("cor:ok"))


FLOWS = {"fee": (_pay, Kind.FEE_INCOME, "已收到缴费登记 #"),
         "report": (_report, Kind.ISSUE, "已收到，报事编号 #"),
         "correction": (_correction, Kind.CORRECTION, "已收到：更正 #")}


@pytest.mark.parametrize("flow,receipt_went", [("fee", False), ("fee", True),
                                               ("report", False), ("correction", False)])
def test_a_submit_killed_before_its_step_was_done_tells_her_the_number_once_stored(
        tmp_path, street_config, flow, receipt_went):
    walk, kind, receipt = FLOWS[flow]
    data, repo = street(tmp_path, street_config, HER)
    if flow == "correction":  # a report of hers, public: the one she corrects
        issue = repo.submit(pid(repo, RESIDENT), Kind.ISSUE, "east",
                            {"category": "lighting", "text": "张三家门口路灯坏了"})
        repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.close()
    # the receipt held (the summary's buttons taken off before it went)
    with kill_restart(data, held_messages_after_delivery if receipt_went
                      else held_messages_to, RESIDENT) as run:
        api = run.api
        submit = walk(api)
        with run.cut_short():  # what the bot sends her next waits
            api.press(RESIDENT, submit)
        seen = run.texts_to(RESIDENT, run.mark)
        assert any(receipt in text for text in seen) == receipt_went, seen
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                                since=run.again)
            # the volunteers get it to review, as they would have
            posted = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                  since=run.again)
    with run.stored() as repo:
        [entry] = repo.entries(kind=kind)
    after = run.texts_to(RESIDENT, run.again)
    # her receipt, with its number, and nothing that says to start again
    assert f"{receipt}{entry.id}" in told.text, after
    assert not any("已经保存过了" in text or "重新开始" in text for text in after), after
    assert len(after) == 1, after
    assert f"#{entry.id}" in posted.text, posted.text


NEWCOMER = 7009  # not registered yet


def _vote(repo: Repository) -> tuple[str, str]:
    """A vote's button for RESIDENT on an open proposal; what her answer says."""
    vote = street_lights_vote(repo)
    return f"vote:{vote.id}:agree", f"已记录：您家对提议 #{vote.id} 投“同意”"


def _registration(api: BotApiEmulator) -> str:
    """A newcomer through the picker (the first button each time) to the publication
    notice; its Agree button's data."""
    asked = _after_to(api, NEWCOMER, api.message(NEWCOMER, "/start"),
                      lambda c: bool(c.buttons()))
    for _ in range(8):
        agree = [d for _, d in asked.buttons() if d.startswith("reg:ok:")]
        if agree:
            return agree[0]
        asked = _after_to(api, NEWCOMER, api.press(NEWCOMER, asked.buttons()[0][1]),
                          lambda c: bool(c.buttons()))
    raise AssertionError(asked.text)


def _after_to(api: BotApiEmulator, uid: int, mark: int, wanted: Any) -> ApiCall:
    return api.wait_for(lambda c: c.chat_id == uid and c.method != "answerCallbackQuery"
                        and wanted(c), since=mark)


@pytest.mark.parametrize("what", ["vote", "registration"])
def test_a_vote_or_registration_pressed_just_before_a_kill_is_told_as_recorded(
        tmp_path, street_config, what):
    data, repo = street(tmp_path, street_config, HER)
    uid, pressed, said = NEWCOMER, "", "谢谢！住户登记 #"
    if what == "vote":
        uid, (pressed, said) = RESIDENT, _vote(repo)
    repo.close()
    with kill_restart(data, held_after_delivery, uid) as run:
        api = run.api
        if what == "registration":
            pressed = _registration(api)
        with run.cut_short():  # her answer goes, and the bot is killed
            api.press(uid, pressed)
        assert any(said in text for text in run.texts_to(uid, run.mark))
        with run.restarted():
            told = _after_to(api, uid, run.again, lambda c: c.method == "sendMessage")
    after = run.texts_to(uid, run.again)
    assert said in told.text and len(after) == 1, after
    with run.stored() as repo:
        kind = Kind.VOTE if what == "vote" else Kind.REGISTRATION
        assert len(repo.entries(kind=kind, author=pid(repo, uid))) == 1


@pytest.mark.parametrize("way", ["button", "typed"])
def test_a_me_too_stored_just_before_a_kill_is_told_as_added(tmp_path, street_config, way):
    data, repo = street(tmp_path, street_config, HER)
    neighbour = pid(repo, 7002)
    confirmed_resident(repo, 7002, "c1/1/1/102", VOLUNTEER)
    issue = repo.submit(neighbour, Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.close()
    added = f"已为 #{issue.id} 加上您的“我也遇到”"
    with kill_restart(data, held_after_delivery, RESIDENT) as run:
        api = run.api
        asked = _after(api, api.message(RESIDENT, "/report"))
        asked = _after(api, api.press(RESIDENT, next(d for text, d in asked.buttons()
                                                     if "路灯" in text)))
        offered = _after_to(api, RESIDENT, api.message(RESIDENT, "楼道灯坏了"),
                            lambda c: "我也遇到" in c.text)
        with run.cut_short():  # her answer goes, and the bot is killed
            if way == "button":
                api.press(RESIDENT, next(d for text, d in offered.buttons() if "我也遇到" in text))
            else:
                api.message(RESIDENT, "我也遇到")
        assert any(c.chat_id == RESIDENT for c in api.calls[run.mark:])  # her first answer went
        with run.restarted():
            told = _after_to(api, RESIDENT, run.again, lambda c: added in c.text)
    after = run.texts_to(RESIDENT, run.again)
    assert not any("已经保存过了" in text for text in after), after
    assert "共有 2 户反映" in told.text, told.text
    with run.stored() as repo:
        assert repo.entry(issue.id).data["me_too"] == [pid(repo, RESIDENT)]
        assert len(repo.entries(kind=Kind.ISSUE)) == 1


def test_an_owners_answer_saved_just_before_a_kill_casts_the_vote_she_pressed(
        tmp_path, street_config):
    """She pressed 同意 on a joint matter, was asked how she stands to her home, and
    answered 业主本人; the bot was killed after the answer was stored and before her vote
    was. At the restart she read 这一步…已经保存过了…请从菜单重新开始, and her vote was
    never cast. Now her answer is noted and the vote she pressed is cast and said."""
    data, repo = street(tmp_path, street_config, {})
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER, relation=None)
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    vote = repo.create_proposal(pid(repo, VOLUNTEER), "east", title="加装电梯",
                                description="", budget_fen=0, rule="civil_code_278",
                                deadline=deadline)
    repo.close()
    with kill_restart(data, held_after_delivery, RESIDENT) as run:
        api = run.api
        asked = _after_to(api, RESIDENT, api.press(RESIDENT, f"vote:{vote.id}:agree"),
                          lambda c: bool(c.buttons()))
        owner = next(d for _, d in asked.buttons() if d.startswith("rel:o:"))
        with run.cut_short():  # what the bot sends her next goes; then killed
            api.press(RESIDENT, owner)
        with run.restarted():
            told = _after_to(api, RESIDENT, run.again, lambda c: "已记录" in c.text)
    after = run.texts_to(RESIDENT, run.again)
    assert f"提议 #{vote.id} 投“同意”" in told.text, after
    assert not any("已经保存过了" in text for text in after), after
    with run.stored() as repo:
        [cast] = repo.entries(kind=Kind.VOTE, author=pid(repo, RESIDENT))
        assert cast.data["choice"] == "agree"


def _volunteer_after(api: BotApiEmulator, mark: int) -> ApiCall:
    return _after_to(api, VOLUNTEER, mark, lambda c: c.method == "sendMessage")


def _money(api: BotApiEmulator, command: str, prefix: str, typed: list[str]) -> str:
    """A volunteer's /income or /expense up to its summary: the first button each time a
    step has buttons (its first answer; ⬅️ 上一步 and 取消 are none), else the next of
    ``typed`` (a photo for ``photo``); the 确认登记 button's data."""
    asked = _volunteer_after(api, api.message(VOLUNTEER, command))
    for _ in range(14):
        ok = [d for _, d in asked.buttons() if d.startswith(f"{prefix}:ok:1")]
        if ok:
            return ok[0]
        answers = [d for label, d in asked.buttons()
                   if not label.startswith("⬅️") and label != "取消"]
        if answers:  # the step's first answer, not its ⬅️ 上一步 nor its 取消
            mark = api.press(VOLUNTEER, answers[0])
        elif typed[0] == "photo":
            typed.pop(0)
            mark = api.photo(VOLUNTEER, jpeg_bytes())
        else:
            mark = api.message(VOLUNTEER, typed.pop(0))
        asked = _volunteer_after(api, mark)
    raise AssertionError(asked.text)


MONEY = {"income": ("/income", "inc", ["120"], Kind.FEE_INCOME),
         "expense": ("/expense", "exp", ["350", "明亮五金店", "更换3号楼路灯灯泡", "photo"],
                     Kind.EXPENSE)}


@pytest.mark.parametrize("flow", ["income", "expense"])
def test_a_volunteers_entry_stored_just_before_a_kill_is_told_by_its_number(
        tmp_path, street_config, flow):
    """She pressed 确认登记 under her /income or /expense summary; the bot was killed
    after the entry was stored and before its answer went. At the restart she read
    这一步在机器人重启之前已经保存过了…请从菜单重新开始, never the entry's number. Now
    she reads 已登记为 #N… as the press would have said, and nothing is stored twice."""
    command, prefix, typed, kind = MONEY[flow]
    data, repo = street(tmp_path, street_config, {})
    repo.close()
    with kill_restart(data, held_to, VOLUNTEER) as run:
        api = run.api
        ok = _money(api, command, prefix, list(typed))
        with run.cut_short():  # what the bot sends her next waits; then killed
            api.press(VOLUNTEER, ok)
        with run.restarted():
            told = _volunteer_after(api, run.again)
            # the other volunteer gets it to approve, as they would have
            posted = _after_to(api, 102, run.again, lambda c: c.method == "sendMessage")
    with run.stored() as repo:
        [entry] = repo.entries(kind=kind)
    after = run.texts_to(VOLUNTEER, run.again)
    assert f"#{entry.id}" in told.text and "已经保存过了" not in told.text, after
    assert not any("重新开始" in text for text in after), after
    assert any(d == f"tb:ask:{entry.id}" for _, d in told.buttons()), told.buttons()
    assert f"#{entry.id}" in posted.text, posted.text


def _proxy_vote(api: BotApiEmulator) -> str:
    """/proxy for the first room offered (1/1/101), a paper vote on the first proposal;
    its 同意 button's data."""
    asked = _volunteer_after(api, api.message(VOLUNTEER, "/proxy"))
    for _ in range(10):
        data = [d for _, d in asked.buttons()]
        if "px:c:agree" in data:
            return "px:c:agree"
        pressed = "px:do:vote" if "px:do:vote" in data else data[0]
        asked = _volunteer_after(api, api.press(VOLUNTEER, pressed))
    raise AssertionError(asked.text)


@pytest.mark.parametrize("way", ["typed", "spaced", "proxy", "election", "over_online"])
def test_a_paper_signature_recorded_just_before_a_kill_is_told_to_the_volunteer_and_home(
        tmp_path, street_config, way):
    """A volunteer typed /paper N 1/1/101 agree (or pressed 同意 in /proxy's paper
    vote, or typed an election's paper ballot, /paper N 1/1/101 1, or pressed 登记纸质签字
    over the household's online vote); the bot was killed
    after the signature was stored and before her answer went
    (the household not told yet). At the restart she read 这一步在机器人重启之前已经保存过了
    …请从菜单重新开始, and the household never learned that a signature was recorded for
    it. Now she reads 已登记 #N 的纸质签字 and the household is told; nothing is stored
    twice."""
    data, repo = street(tmp_path, street_config, HER)
    if way == "election":
        deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
        vote = repo.open_election(pid(repo, VOLUNTEER), "east", title="第一届物管会选举",
                                  seats=1, candidates=["候选人甲", "候选人乙"],
                                  deadline=deadline)
        said, signed = f"/paper {vote.id} 1/1/101 1", f"纸质选票已记录（选举 #{vote.id}）"
    else:
        vote = street_lights_vote(repo)
        said, signed = f"/paper {vote.id} 1/1/101 agree", f"已登记 #{vote.id} 的纸质签字"
        if way == "spaced":  # the household as the bot writes it
            said = f"/paper {vote.id} 1号楼 1单元 101 agree"
        if way == "over_online":  # she voted online; the paper says otherwise
            repo.cast_vote(pid(repo, RESIDENT), vote.id, "disagree")
    repo.close()
    with kill_restart(data, held_to, VOLUNTEER) as run:
        api = run.api
        agree = _proxy_vote(api) if way == "proxy" else ""
        if way == "over_online":
            asked = _volunteer_after(api, api.message(VOLUNTEER, said))
            agree = next(d for _, d in asked.buttons() if d.startswith("pp:y:"))
        with run.cut_short():  # her answer waits; then the bot is killed
            if agree:
                api.press(VOLUNTEER, agree)
            else:
                api.message(VOLUNTEER, said)
        assert not any(c.chat_id == RESIDENT for c in api.calls[run.mark:])  # not told yet
        with run.restarted():
            told = _volunteer_after(api, run.again)
            home = _after_to(api, RESIDENT, run.again, lambda c: c.method == "sendMessage")
    after = run.texts_to(VOLUNTEER, run.again)
    assert signed in told.text, after
    assert not any("已经保存过了" in text for text in after), after
    assert f"#{vote.id}" in home.text and "为您家" in home.text, home.text
    assert len(run.texts_to(RESIDENT, run.again)) == 1
    with run.stored() as repo:
        cast = repo.entries(kind=Kind.VOTE, author=pid(repo, VOLUNTEER))
        assert len(cast) == 1 and cast[0].data["paper"], cast
        assert cast[0].data["household"] == "c1/1/1/101"


def test_a_reversal_stored_just_before_a_kill_is_told_by_its_number(tmp_path, street_config):
    """She pressed 确认冲正第 1 笔 under /reverse 1; the bot was killed after the reversal
    was stored and before its answer went. At the restart she read 这一步在机器人重启之前已经
    保存过了…请从菜单重新开始, never its number. Now she reads the reversal's number as the
    press would have said; nothing is stored twice."""
    data, repo = street(tmp_path, street_config, {})
    fee = repo.submit(pid(repo, VOLUNTEER), Kind.FEE_INCOME, "east",
                      {"fee_type": "property", "period": "2025-01", "amount_fen": 12000,
                       "receipt": None, "collected": True, "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    repo.close()
    with kill_restart(data, held_to, VOLUNTEER) as run:
        api = run.api
        asked = _volunteer_after(api, api.message(VOLUNTEER, "/reverse 1 金额记错了"))
        ok = next(d for _, d in asked.buttons() if d.startswith("rev:ok:1"))
        with run.cut_short():  # her answer waits; then the bot is killed
            api.press(VOLUNTEER, ok)
        with run.restarted():
            told = _volunteer_after(api, run.again)
    with run.stored() as repo:
        [reversal] = repo.entries(kind=Kind.REVERSAL)
    after = run.texts_to(VOLUNTEER, run.again)
    assert f"#{reversal.id}" in told.text and "已经保存过了" not in told.text, after
    assert not any("重新开始" in text for text in after), after


def test_a_withdrawal_of_her_own_entry_stored_just_before_a_kill_is_told_as_withdrawn(
        tmp_path, street_config):
    """She pressed 撤回 #N, then 确认撤回, on a fee she recorded; the bot was killed after
    the withdrawal was stored and before its answer went. At the restart she read 这一步在
    机器人重启之前已经保存过了…请从菜单重新开始, not that it was withdrawn. Now she reads
    #N 已撤回，不会入账 (and the volunteers' posts of it are marked, as the press would
    have)."""
    data, repo = street(tmp_path, street_config, {})
    fee = repo.submit(pid(repo, VOLUNTEER), Kind.FEE_INCOME, "east",
                      {"fee_type": "property", "period": "2025-01", "amount_fen": 12000,
                       "receipt": None, "collected": True, "household": "c1/1/1/101"})
    repo.close()
    with kill_restart(data, held_messages_to, VOLUNTEER) as run:
        api = run.api
        asked = _volunteer_after(api, api.press(VOLUNTEER, f"tb:ask:{fee.id}"))
        ok = next(d for _, d in asked.buttons() if d == f"tb:ok:{fee.id}")
        with run.cut_short():  # her answer waits; then the bot is killed
            api.press(VOLUNTEER, ok)
        with run.restarted():
            told = _volunteer_after(api, run.again)
    after = run.texts_to(VOLUNTEER, run.again)
    assert f"#{fee.id} 已撤回" in told.text and "已经保存过了" not in told.text, after
