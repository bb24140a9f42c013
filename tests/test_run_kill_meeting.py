"""The real ``steward run`` killed with SIGKILL just after a volunteer's 提交 stored a
meeting's minutes, against the Bot API emulator on 127.0.0.1: started again, she is
told the minutes' number, as the press would have, not "already saved, start again
from the menu" (bot.handlers.meeting.finish_saved), and the area's other volunteer
gets them to approve, once."""

from __future__ import annotations

import time

from bot_api_emulator import BotApiEmulator
from test_run_vote_opened import SECOND, VOLUNTEER, held_to, kill, say, start, tap

from db.entries import Kind
from db.repository import Repository


def test_minutes_stored_just_before_a_kill_are_told_by_their_number(tmp_path, street_config):
    data = tmp_path / "street"
    Repository.init(data, street_config).close()
    held: list[float] = []
    with BotApiEmulator() as api:
        held_to(api, SECOND, held)  # Telegram slow for the other volunteer's chat
        proc = start(api, data)
        try:
            say(api, VOLUNTEER, "/meeting")
            tap(api, VOLUNTEER, "会诊")
            tap(api, VOLUNTEER, "今天")
            for typed in ("社区活动室", "网格员、楼栋长", "12", "化粪池满溢，楼道积水",
                          "提议清掏化粪池"):
                say(api, VOLUNTEER, typed)
            tap(api, VOLUNTEER, "无")
            tap(api, VOLUNTEER, "跳过", "会诊")  # the summary, its 提交 button
            mark = len(api.calls)
            held.append(time.monotonic())  # the post to SECOND waits
            tap_data = next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                            for text, d in c.buttons() if "提交" in text)
            api.press(VOLUNTEER, tap_data)
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        assert not any("已记录" in c.text for c in api.calls[mark:] if c.chat_id == VOLUNTEER)
        again = len(api.calls)
        proc = start(api, data)
        try:
            told = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                since=again)
            api.wait_for(lambda c: c.chat_id == SECOND and "提议清掏化粪池" in c.text,
                         since=again)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    repo = Repository.open(data)
    try:
        [minutes] = repo.entries(kind=Kind.MEETING)
    finally:
        repo.close()
    assert f"会议纪要 #{minutes.id} 已记录" in told.text, told.text
    assert not any("已经保存过了" in c.text for c in api.calls[again:]
                   if c.chat_id == VOLUNTEER)
    posts = [c for c in api.calls[mark:] if c.chat_id == SECOND and c.method == "sendMessage"
             and "提议清掏化粪池" in c.text]
    assert len(posts) == 1, [c.text for c in posts]
