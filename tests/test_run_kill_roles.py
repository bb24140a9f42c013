"""The real ``steward run`` killed with SIGKILL just after an admin's /grant or /revoke
was stored, against the Bot API emulator on 127.0.0.1: started again, the person given
(or losing) the role is told, once, and the admin hears what the command would have
said, not "already saved, start again from the menu" (bot.handlers.roles.finish_saved)."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from bot_api_emulator import BotApiEmulator
from test_run_vote_opened import SECOND, held_to, kill, say, start

from db.people import volunteer_areas
from db.repository import Repository

ADMIN = 900
NEWCOMER = 5001

# command, whom it is about, what they are told, what the admin is told
CASES = {
    "grant": (f"/grant {NEWCOMER} volunteer east 网格员", NEWCOMER, "您现在是东小区的网格员",
              f"已完成：{NEWCOMER} 现在是东小区的网格员"),
    "revoke": (f"/revoke {SECOND} volunteer east", SECOND, "您已不再担任东小区的志愿者",
               f"已完成：{SECOND} 不再是东小区的志愿者"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_role_granted_or_revoked_just_before_a_kill_is_told_to_its_person_once(
        tmp_path, street_config, case):
    command, subject, to_subject, to_admin = CASES[case]
    data = tmp_path / "street"
    Repository.init(data, street_config).close()
    held: list[float] = []
    with BotApiEmulator() as api:
        held_to(api, ADMIN, held)  # Telegram slow for the admin's chat
        proc = start(api, data)
        try:
            say(api, NEWCOMER, "/start")
            mark = len(api.calls)
            held.append(time.monotonic())
            api.message(ADMIN, command)
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        assert not any(to_subject in c.text for c in api.calls[mark:])
        again = len(api.calls)
        proc = start(api, data)
        try:
            done = api.wait_for(lambda c: c.chat_id == ADMIN and c.method == "sendMessage",
                                since=again)
            api.wait_for(lambda c: c.chat_id == subject and to_subject in c.text, since=again)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    assert to_admin in done.text, done.text
    told = Counter(c.chat_id for c in api.calls[mark:] if to_subject in c.text)
    assert told == {subject: 1}, told
    assert not any("已经保存过了" in c.text for c in api.calls[again:] if c.chat_id == ADMIN)
    repo = Repository.open(data)
    try:
        person = repo.person_by_telegram(subject)
        assert ("east" in volunteer_areas(person)) == (case == "grant")
    finally:
        repo.close()
