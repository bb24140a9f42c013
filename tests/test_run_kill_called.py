"""The real ``steward run`` killed with SIGKILL while it tells the residents of a stage
note the volunteer was asked about first (a name in it: 隐去“老杨”再发 pressed,
``bot.handlers.called_ask``), against the Bot API emulator on 127.0.0.1: started again,
those not reached are told once, masked as she chose, nobody twice (the kill while
the second resident's answer is held, the messages paced one every two seconds: it
reached her, recorded as told before it left, and is not sent again), she hears what
the press would have said, and the held note is spent: the button pressed again sends
nothing more."""

from __future__ import annotations

from collections import Counter

from conftest import pid
from kill_restart import (
    LATE,
    RESIDENTS,
    VOLUNTEER,
    held_after_delivery,
    kill_restart,
    say,
    street,
)
from test_run_kill_notices import SETTLE, _project

from db.entries import Kind, Status
from db.redact import NAME_MASK


def _button(api, label):  # type: ignore[no-untyped-def]
    return next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                for text, d in c.buttons() if label in text)


def test_a_held_stage_note_cut_short_by_a_kill_is_told_once_as_chosen(tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    project = _project(repo)
    repo.close()
    notice = f"项目 #{project} 院内路面硬化 现在施工中"
    with kill_restart(data, held_after_delivery, LATE, send_rate="0.5") as run:
        api = run.api
        say(api, VOLUNTEER, f"/stage {project} 施工 门卫老杨开始值晚班")
        hidden = _button(api, "隐去“老杨”再发")
        with run.cut_short(0.3):  # LATE's answer waits; the kill before 7003's turn
            api.press(VOLUNTEER, hidden)
            api.wait_for(lambda c: c.chat_id in RESIDENTS and notice in c.text, since=run.mark)
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and f"项目 #{project}"
                                    in c.text, since=run.again)
            api.wait_for(lambda c: c.chat_id == 7003 and notice in c.text, since=run.mark)
            again = api.press(VOLUNTEER, hidden)
            used = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                since=again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if notice in c.text)
    assert told == {p: 1 for p in RESIDENTS}, told
    assert all(f"门卫{NAME_MASK}开始值晚班" in c.text and "老杨" not in c.text
               for c in api.calls[run.mark:] if notice in c.text)
    assert f"项目 #{project} 现在施工中" in answered.text, answered.text
    assert "已经发出或已取消" in used.text, used.text
    with run.stored() as repo:
        stages = repo.entry(project).data["stages"]
        assert [s["stage"] for s in stages] == ["planned", "in_progress"], stages
        assert stages[-1]["note"] == f"门卫{NAME_MASK}开始值晚班"


def test_a_held_report_step_cut_short_by_a_kill_is_told_to_its_reporter_once(tmp_path,
                                                                            street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    issue = repo.submit(pid(repo, LATE), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.close()
    news = f"您的报事 #{issue.id} 已解决"
    # the reporter: the news reaches her as the bot is killed, its receipt lost
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        say(api, VOLUNTEER, f"/resolve {issue.id} 电工老杨已修好")
        hidden = _button(api, "隐去“老杨”再发")
        with run.cut_short(SETTLE):
            api.press(VOLUNTEER, hidden)
        assert [c.chat_id for c in api.calls[run.mark:] if c.chat_id in RESIDENTS] == [LATE]
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已保存" in c.text,
                                    since=run.again)
    told = [c for c in api.calls[run.mark:] if c.chat_id == LATE and news in c.text]
    assert len(told) == 1 and f"电工{NAME_MASK}已修好" in told[0].text, told
    assert "已通知报事人" in answered.text, answered.text
    with run.stored() as repo:
        resolved = repo.entry(issue.id)
        assert resolved.status == Status.RESOLVED
        assert resolved.history[-1]["note"] == f"电工{NAME_MASK}已修好"
