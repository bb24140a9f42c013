"""The real ``steward run`` killed with SIGKILL just after a resident's 确认 of
/unpublish stored the withdrawal of her agreement to publication, against the Bot API
emulator on 127.0.0.1: started again, she is told it is done (and what it withdrew),
and the volunteers' posts of her submissions it withdrew say so, not asking for a
decision any longer; not "already saved, start again from the menu"
(bot.handlers.unpublish.finish_saved)."""

from __future__ import annotations

import time

from bot_api_emulator import BotApiEmulator
from conftest import confirmed_resident
from test_run_kill_receipts import RESIDENT, _report
from test_run_vote_opened import RESIDENTS, VOLUNTEER, held_to, kill, say, start

from db.entries import Status
from db.repository import Repository


def test_an_unpublish_stored_just_before_a_kill_is_told_to_her_and_marks_the_posts(
        tmp_path, street_config):
    data = tmp_path / "street"
    repo = Repository.init(data, street_config)
    for tid, household in RESIDENTS.items():
        confirmed_resident(repo, tid, household, VOLUNTEER)
    repo.close()
    held: list[float] = []
    with BotApiEmulator() as api:
        held_to(api, VOLUNTEER, held)  # Telegram slow for the first volunteer's chat
        proc = start(api, data)
        try:  # her report, waiting: posted to the volunteers
            submitted = api.press(RESIDENT, _report(api))
            posted = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "楼道灯坏了三天了"
                                  in c.text, since=submitted)
            issue = int(posted.text.split("#", 1)[1].split()[0].rstrip("：:）)"))
            withdrawn = f"#{issue} 已被作者撤回"
            say(api, RESIDENT, "/unpublish")
            mark = len(api.calls)
            held.append(time.monotonic())  # her posts' edit to VOLUNTEER waits
            api.press(RESIDENT, "up:ok")
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        assert not any("已撤回" in c.text for c in api.calls[mark:] if c.chat_id == RESIDENT)
        again = len(api.calls)
        proc = start(api, data)
        try:
            done = api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                                since=again)
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and withdrawn in c.text, since=again)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    assert "您对公开的同意已撤回" in done.text and "撤回了 1 条" in done.text, done.text
    assert not any("已经保存过了" in c.text for c in api.calls[again:] if c.chat_id == RESIDENT)
    repo = Repository.open(data)
    try:
        assert repo.entry(issue).status == Status.REJECTED
        assert not repo.person_by_telegram(RESIDENT).get("consents")
    finally:
        repo.close()
