"""The real ``steward run`` killed with SIGKILL while it tells people of something a
volunteer just did, against the Bot API emulator on 127.0.0.1: started again, it tells
those it had not reached, nobody twice (one whose message was on its way at the kill
was recorded as told before it left, ``bot.notify.notify_once``: it reached her, its
answer lost, and is not sent again), and the volunteer hears what the press would have
said, not "already saved, start again from the menu". A proposal withdrawn (its residents and the
area's other volunteers told: bot.handlers.withdraw.finish_saved); a project moved to
its next stage, by /stage or a volunteer's note (bot.handlers.stage_saved); a request to
close a vote early, to the other volunteers (bot.handlers.closevote.finish_request), and
its decline, to the one who asked (bot.handlers.early_close.finish_saved); a report
resolved, to its reporter and followers (bot.handlers.issue_saved). One recorded just
before it left (``bot.notify.send_once``, ``post_once``) is not sent again."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from conftest import pid, settle
from kill_restart import (
    LATE,
    RESIDENTS,
    SECOND,
    VOLUNTEER,
    held_after_delivery,
    held_to,
    kill_restart,
    press_labelled,
    say,
    street,
    street_lights_vote,
)

from db.entries import Kind, Status
from db.repository import Repository

# Until the held message is waiting (Telegram slow for that chat), then a second for the
# others to go and be recorded.
SETTLE = 1.0


def test_a_withdrawal_cut_short_by_a_kill_is_told_to_every_resident_and_volunteer_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    repo.close()
    notice = f"提议 #{vote.id} 安装路灯 已由"
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        say(api, VOLUNTEER, f"/withdraw {vote.id} 预算有误，重新发起")
        with run.cut_short(SETTLE):  # LATE's answer waits, the others go
            press_labelled(api, VOLUNTEER, "撤回")
            api.wait_for(lambda c: c.chat_id in RESIDENTS and notice in c.text, since=run.mark)
        told_before = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
        assert told_before == {p: 1 for p in RESIDENTS}, told_before  # not yet SECOND
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已撤回" in c.text
                                    and "位居民" in c.text, since=run.again)
            api.wait_for(lambda c: c.chat_id == SECOND and notice in c.text, since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
    # every resident and the other volunteer once: LATE, reached at the kill, not again
    assert told == {**{p: 1 for p in RESIDENTS}, SECOND: 1}, told
    assert "已通知 3 位居民" in answered.text, answered.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        assert repo.entry(vote.id).status == Status.WITHDRAWN


def _project(repo: Repository) -> int:
    """A passed proposal of east (a project, planned), its three residents agreeing."""
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    vote = repo.create_proposal(pid(repo, VOLUNTEER), "east", title="院内路面硬化",
                                description="", budget_fen=300000, deadline=deadline,
                                matter="everyday")
    for tid in RESIDENTS:
        repo.cast_vote(pid(repo, tid), vote.id, "agree")
    settle(repo, vote.id, VOLUNTEER)
    repo.request_early_close(vote.id, pid(repo, VOLUNTEER), "全体住户已同意")
    repo.confirm_early_close(vote.id, pid(repo, SECOND), 1)
    assert repo.entry(vote.id).data["stage"] == "planned"
    return vote.id


@pytest.mark.parametrize("way", ["command", "note"])
def test_a_new_stage_cut_short_by_a_kill_is_told_to_every_resident_once(tmp_path,
                                                                       street_config, way):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    project = _project(repo)
    repo.close()
    notice = f"项目 #{project} 院内路面硬化 现在施工中"
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        if way == "note":  # a volunteer's note with the project's number, its button
            say(api, VOLUNTEER, f"{project} 施工队已进场")
        with run.cut_short(SETTLE):  # LATE's answer waits, the others go
            if way == "note":
                press_labelled(api, VOLUNTEER, "施工中")
            else:
                api.message(VOLUNTEER, f"/stage {project} 施工 施工队已进场")
            api.wait_for(lambda c: c.chat_id in RESIDENTS and notice in c.text, since=run.mark)
        told_before = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
        assert told_before == {p: 1 for p in RESIDENTS}, told_before
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and f"项目 #{project}"
                                    in c.text, since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
    assert told == {p: 1 for p in RESIDENTS}, told  # LATE, reached at the kill, not again
    assert all("施工队已进场" in c.text for c in api.calls[run.mark:] if notice in c.text)
    assert f"项目 #{project} 现在施工中" in answered.text, answered.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        stages = repo.entry(project).data["stages"]
        assert [s["stage"] for s in stages] == ["planned", "in_progress"], stages


def test_a_request_to_close_early_cut_short_by_a_kill_reaches_the_other_volunteer_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    settle(repo, vote.id, VOLUNTEER)  # it may close early
    repo.close()
    asks = f"申请在 {vote.data['deadline']} 24时之前提前结束 #{vote.id}"
    # the request reaches SECOND as the bot is killed (its receipt lost): recorded as
    # sent just before it left (bot.notify.post_once), it is not sent again (it was)
    with kill_restart(data, held_after_delivery, SECOND) as run:
        api = run.api
        say(api, VOLUNTEER, f"/closevote {vote.id} 路灯已由供电所免费安装")
        with run.cut_short(SETTLE):  # the request to SECOND waits
            press_labelled(api, VOLUNTEER, "请另一位志愿者确认")
        assert [c.chat_id for c in api.calls[run.mark:] if asks in c.text] == [SECOND]
        with run.restarted(settle=0):
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已发出申请" in c.text,
                                    since=run.again)
            time.sleep(1.0)  # anything more that would follow
            # the request's buttons work: the second volunteer closes the vote
            confirmed = len(api.calls)
            press_labelled(api, SECOND, "确认：现在结束")
            api.wait_for(lambda c: c.chat_id == SECOND and "提前结束表决" in c.text,
                         since=confirmed)
    assert "另有 1 位志愿者" in answered.text, answered.text
    assert [c.chat_id for c in api.calls[run.mark:]
            if c.method == "sendMessage" and asks in c.text] == [SECOND]
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        closed = repo.entry(vote.id)
        # settled: enough agreed on paper that the rest could not turn it
        assert closed.status == Status.PASSED and len(closed.data["early_close"]) == 1


def test_a_decline_to_close_early_cut_short_by_a_kill_is_told_to_the_asker_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    settle(repo, vote.id, VOLUNTEER)  # it may close early
    proposal = repo.request_early_close(vote.id, pid(repo, VOLUNTEER), "路灯已由供电所免费安装")
    request = proposal.data["early_close"][-1]["n"]
    repo.close()
    declined = f"没有同意提前结束 #{vote.id}"
    # the decline stored, the bot killed as it answers the one who declined (his copy
    # of the request edited first): the asker not told yet
    with kill_restart(data, held_to, SECOND) as run:
        api = run.api
        with run.cut_short(SETTLE):
            api.press(SECOND, f"ec:n:{vote.id}:{request}")
        assert not any(declined in c.text for c in api.calls[run.mark:])
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == SECOND and "已拒绝" in c.text,
                                    since=run.again)
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and declined in c.text,
                         since=run.again)
    assert f"#{vote.id} 的投票继续进行" in answered.text, answered.text
    assert [c.chat_id for c in api.calls[run.mark:] if declined in c.text] == [VOLUNTEER]
    assert not any("已经保存过了" in text for text in run.texts_to(SECOND, run.again))
    with run.stored() as repo:
        asked = repo.entry(vote.id).data["early_close"]
        assert [r["outcome"] for r in asked] == ["declined"]
        assert repo.entry(vote.id).status == Status.OPEN


@pytest.mark.parametrize("way", ["command", "note"])
def test_a_resolved_report_cut_short_by_a_kill_is_told_to_its_reporter_and_followers_once(
        tmp_path, street_config, way):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    issue = repo.submit(pid(repo, LATE), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.follow(issue.id, pid(repo, 7003))
    repo.close()
    to_author, to_follower = f"您的报事 #{issue.id} 已解决", f"#{issue.id}"
    # the reporter: the news reaches her as the bot is killed (its receipt lost), the
    # follower's not begun: after the restart the follower is told, the reporter not again
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        if way == "note":  # a volunteer's note with the report's number, its button
            say(api, VOLUNTEER, f"{issue.id} 路灯已修好")
        with run.cut_short(SETTLE):
            if way == "note":
                press_labelled(api, VOLUNTEER, "✅ 已解决")
            else:
                api.message(VOLUNTEER, f"/resolve {issue.id} 路灯已修好")
        assert [c.chat_id for c in api.calls[run.mark:] if c.chat_id in RESIDENTS] == [LATE]
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已保存" in c.text,
                                    since=run.again)
            api.wait_for(lambda c: c.chat_id == 7003 and to_follower in c.text,
                         since=run.again)
    told = [c for c in api.calls[run.mark:] if c.chat_id in RESIDENTS]
    assert [c.chat_id for c in told if to_author in c.text] == [LATE], told
    assert [c.chat_id for c in told if to_follower in c.text and c.chat_id != LATE] == [7003]
    # the "not fixed" button under the news, as the command would have sent it
    [news] = [c for c in told if to_author in c.text]
    assert any("没" in text for text, _ in news.buttons()), news.buttons()
    assert "已通知报事人" in answered.text and "1 位邻居" in answered.text, answered.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        resolved = repo.entry(issue.id)
        assert resolved.status == Status.RESOLVED
        assert [h.get("to") for h in resolved.history].count(str(Status.RESOLVED)) == 1


def test_a_not_fixed_cut_short_by_a_kill_reaches_the_volunteers_before_she_is_told_so(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    issue = repo.submit(pid(repo, LATE), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.follow(issue.id, pid(repo, 7003))
    repo.issue_step(issue.id, pid(repo, VOLUNTEER), Status.RESOLVED, "路灯已修好")
    repo.close()
    reopened = f"#{issue.id} 已转为“重新处理”，已告知志愿者"
    # the first volunteer's message reaches her, its answer slow: the kill meanwhile
    with kill_restart(data, held_after_delivery, VOLUNTEER) as run:
        api = run.api
        asked = api.press(LATE, f"mine:reopen:{issue.id}")  # asks first
        api.wait_for(lambda c: c.chat_id == LATE and "确认后会重新打开" in c.text,
                     since=asked)
        with run.cut_short(SETTLE):
            api.press(LATE, f"mine:reopen_yes:{issue.id}")
        # she is not told the volunteers know before they do
        assert not any(reopened in c.text for c in api.calls[run.mark:])
        with run.restarted():
            api.wait_for(lambda c: c.chat_id == LATE and reopened in c.text, since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if f"#{issue.id}" in c.text
                   and c.method == "sendMessage" and c.chat_id != LATE)
    assert told == {VOLUNTEER: 1, SECOND: 1, 7003: 1}, told
    to_her = run.texts_to(LATE, run.again)
    assert len(to_her) == 1 and not any("已经保存过了" in text for text in to_her), to_her
    with run.stored() as repo:
        assert repo.entry(issue.id).status == Status.REOPENED


def test_an_announcement_cut_short_by_a_kill_reaches_every_resident_once(tmp_path,
                                                                        street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    notice = "周六上午停水，请提前储水"
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        say(api, VOLUNTEER, f"/announce {notice}")
        with run.cut_short(SETTLE):  # LATE's answer waits, the others go
            press_labelled(api, VOLUNTEER, "📢")
            api.wait_for(lambda c: c.chat_id in RESIDENTS and notice in c.text, since=run.mark)
        told_before = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
        assert told_before == {p: 1 for p in RESIDENTS}, told_before
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "位已收到" in c.text,
                                    since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text
                   and c.chat_id in RESIDENTS)
    assert told == {p: 1 for p in RESIDENTS}, told  # LATE, reached at the kill, not again
    assert "3 位居民中的 3 位已收到" in answered.text, answered.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        assert len(repo.entries(kind=Kind.ANNOUNCEMENT)) == 1
