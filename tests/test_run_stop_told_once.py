"""SIGTERM while Telegram answers every call with 429 (retry after 40 s), against the
real ``steward run`` and the Bot API emulator on 127.0.0.1, just after a volunteer's
step that someone else must hear of was stored: the message to them was recorded as
told when its turn came (``bot.notify.send_once`` and kin), refused, and the stop
cancelled its wait. The record is undone (``bot.sending.paced``: nothing left), so the
update the stop leaves for the next start tells them there, once: an /answer to its
asker, the early close of a vote to the area's volunteers' group."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot_api_emulator import BotApiEmulator
from conftest import pid, settle
from kill_restart import (
    LATE,
    RESIDENTS,
    SECOND,
    VOLUNTEER,
    kill,
    press_labelled,
    say,
    start,
    street,
    street_lights_vote,
)

REFUSED = ("sendMessage", "answerCallbackQuery", "editMessageText", "editMessageReplyMarkup")
GROUP = -100600  # east's volunteers' group


@contextmanager
def stopped_in_a_flood(api: BotApiEmulator, data: Any,
                       step: Callable[[], None]) -> Iterator[int]:
    """``steward run`` over ``data``; ``step()`` done while Telegram answers everything
    with 429 (retry after 40 s), SIGTERM three seconds on; the flood over, a second
    start for the body, killed after it. Yields the count of calls before the step."""
    proc = start(api, data)
    flood = [api.fail(method, 429, "Too Many Requests: retry after 40", times=0,
                      retry_after=40) for method in REFUSED]
    mark = len(api.calls)
    try:
        step()
        time.sleep(3.0)  # the step is handled; its message waits out the 429
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=60)[0].decode("utf-8", "replace")
        assert time.monotonic() - began < 30, out[-3000:]
        assert proc.returncode == 0 and "Traceback" not in out, out[-3000:]
    finally:
        if proc.poll() is None:
            kill(proc)
    with api._flood:
        for fault in flood:
            api.faults.remove(fault)
    proc = start(api, data)
    try:
        yield mark
        time.sleep(2.0)  # anything more that would follow
    finally:
        second = kill(proc)
    assert "Traceback" not in second, second


def test_an_answer_stopped_while_telegram_floods_reaches_the_asker_once(tmp_path,
                                                                        street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    question = repo.ask(pid(repo, LATE), "east", "proposal", vote.id, "灯装在哪几栋？")
    repo.approve(question.id, pid(repo, VOLUNTEER))
    repo.close()
    to_asker = f"志愿者答复了您的提问 #{question.id}"
    with BotApiEmulator() as api:
        with stopped_in_a_flood(api, data, lambda: api.message(
                VOLUNTEER, f"/answer {question.id} 1号楼和3号楼之间各装三盏")) as mark:
            api.wait_for(lambda c: c.chat_id == LATE and to_asker in c.text, since=mark)
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER
                                    and f"提问 #{question.id}" in c.text, since=mark)
        told = [c.chat_id for c in api.calls[mark:] if to_asker in c.text]
    assert told == [LATE], told  # a call refused with 429 is not recorded
    assert "已发给提问人" in answered.text, answered.text


def test_an_early_close_stopped_while_telegram_floods_is_posted_in_the_group_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    settle(repo, vote.id, VOLUNTEER)  # it may close early
    repo.link_group(pid(repo, VOLUNTEER), "east", GROUP)
    repo.close()
    closed = f"#{vote.id} 安装路灯 在截止日期"
    with BotApiEmulator() as api:
        proc = start(api, data)  # the request to close, asked and sent as usual
        try:
            say(api, VOLUNTEER, f"/closevote {vote.id} 路灯已由供电所免费安装")
            asked = len(api.calls)
            press_labelled(api, VOLUNTEER, "请另一位志愿者确认")
            api.wait_for(lambda c: c.chat_id == SECOND and c.buttons(), since=asked)
        finally:
            kill(proc)
        with stopped_in_a_flood(api, data,
                                lambda: press_labelled(api, SECOND, "确认：现在结束")) as mark:
            api.wait_for(lambda c: c.chat_id == GROUP and closed in c.text, since=mark,
                         timeout=30)
        posted = [c.text for c in api.calls[mark:] if c.chat_id == GROUP and closed in c.text]
    assert len(posted) == 1, posted
    assert "提前结束表决" in posted[0], posted[0]
