"""The real ``steward run`` killed with SIGKILL just after a resident's 是，删除我的个人信息
of /forget deleted her personal data, against the Bot API emulator on 127.0.0.1, while
the volunteers' posts of her waiting report (her room, her words) were being replaced:
started again, no volunteer's chat keeps that post as it was, and she is told her data
is deleted, not "already saved … press Mine" (bot.handlers.privacy.finish_forget)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from kill_restart import RESIDENTS, VOLUNTEER, held_to, kill_restart, say, street
from test_run_kill_receipts import RESIDENT, _report

from db.entries import Status


def _named_on_disk(data: Path, telegram_id: int) -> bool:
    """Whether the data folder's people.json, as on disk, holds ``telegram_id``."""
    people = json.loads((data / "people.json").read_text("utf-8"))["people"]
    return any(p.get("telegram_id") == telegram_id for p in people.values())


def _until(check: Callable[[], bool], seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.2)
    return True


def test_a_forget_stored_just_before_a_kill_replaces_her_posts_and_is_told(tmp_path,
                                                                          street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    # Telegram slow for the first volunteer's chat
    with kill_restart(data, held_to, VOLUNTEER) as run:
        api = run.api
        submitted = api.press(RESIDENT, _report(api))  # her report, waiting: posted
        posted = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "楼道灯坏了三天了"
                              in c.text, since=submitted)
        issue = int(posted.text.split("#", 1)[1].split()[0].rstrip("：:）)"))
        gone = f"#{issue} 已被作者撤回（作者要求删除其个人信息）"
        say(api, RESIDENT, "/forget")
        with run.cut_short():  # the replacing of her post in VOLUNTEER's chat waits
            api.press(RESIDENT, "fg:ok")
        assert not any("个人信息已删除" in text for text in run.texts_to(RESIDENT, run.mark))
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                                since=run.again)
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and gone in c.text
                         and "楼道灯坏了三天了" not in c.text, since=run.again)
            # her press answered at the start: the data folder's files are written
            # then, not left holding her Telegram id until a checkpoint is due
            assert _until(lambda: not _named_on_disk(data, RESIDENT)), \
                "people.json still holds her Telegram id"
    assert "您的个人信息已删除" in done.text, done.text
    assert not any("已经保存过了" in text for text in run.texts_to(RESIDENT, run.again))
    with run.stored() as repo:
        assert repo.entry(issue).status == Status.REJECTED
        assert repo.person_by_telegram(RESIDENT) is None or \
            not repo.person_by_telegram(RESIDENT).get("household")
