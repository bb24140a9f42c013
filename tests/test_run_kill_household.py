"""The real ``steward run`` killed with SIGKILL just after a newcomer's registration for
a household that has a resident was stored, against the Bot API emulator on
127.0.0.1: started again, the newcomer is told her registration's number, and the
household's resident is told, once, that someone asked to live in her home
(bot.handlers.submit_saved.finish_registration, bot.handlers.registration.tell_claimed)."""

from __future__ import annotations

import time
from collections import Counter

from bot_api_emulator import BotApiEmulator
from conftest import confirmed_resident, pid
from test_run_kill_receipts import NEWCOMER, RESIDENT, _after_to, _registration
from test_run_vote_opened import VOLUNTEER, held_to, kill, start

from db.entries import Kind
from db.repository import Repository


def test_a_registration_stored_just_before_a_kill_is_told_to_the_households_resident_once(
        tmp_path, street_config):
    data = tmp_path / "street"
    repo = Repository.init(data, street_config)
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    repo.close()
    claimed = "有人申请登记为您家"
    held: list[float] = []
    with BotApiEmulator() as api:
        held_to(api, NEWCOMER, held)  # Telegram slow for the newcomer's chat
        proc = start(api, data)
        try:
            agree = _registration(api)  # the first household offered: RESIDENT's
            mark = len(api.calls)
            held.append(time.monotonic())
            api.press(NEWCOMER, agree)
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        assert not any(claimed in c.text for c in api.calls[mark:])
        again = len(api.calls)
        proc = start(api, data)
        try:
            told = _after_to(api, NEWCOMER, again, lambda c: c.method == "sendMessage")
            api.wait_for(lambda c: c.chat_id == RESIDENT and claimed in c.text, since=again)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    assert "谢谢！住户登记 #" in told.text, told.text
    assert Counter(c.chat_id for c in api.calls[mark:] if claimed in c.text) == {RESIDENT: 1}
    repo = Repository.open(data)
    try:
        assert len(repo.entries(kind=Kind.REGISTRATION, author=pid(repo, NEWCOMER))) == 1
    finally:
        repo.close()
