"""The real ``steward run`` killed with SIGKILL just after a resident's Submit stored
her fee report or report, against the Bot API emulator on 127.0.0.1: before her receipt
went, or after it went and before the step was marked done. Started again, the press
is handled again: nothing is stored twice, and she is told her entry's number (her
receipt, as the press would have sent it), never "already saved … please start again
from the menu" (bot.handlers.submit_saved)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from bot_api_emulator import ApiCall, BotApiEmulator
from bot_api_faults import Fault
from conftest import confirmed_resident
from test_run_vote_opened import VOLUNTEER, held_to, kill, start

from db.entries import Kind
from db.repository import Repository

RESIDENT = 7001


def held_after_delivery(api: BotApiEmulator, chat: int, held: list[float]) -> None:
    """While ``held`` is not empty, a call to ``chat`` takes effect (she sees the
    message) and its answer waits until ``held`` is emptied, then is lost (the bot that
    made it was killed)."""
    fault = api._fault

    def slow(method: str, params: dict[str, Any]):  # type: ignore[no-untyped-def]
        if held and str(params.get("chat_id")) == str(chat):
            api.calls.append(ApiCall(method, params, time.monotonic()))
            while held:
                held.append(time.monotonic())
                time.sleep(0.05)
            return Fault(method, 0)
        return fault(method, params)

    api._fault = slow  # type: ignore[method-assign]


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


FLOWS = {"fee": (_pay, Kind.FEE_INCOME, "已收到缴费登记 #"),
         "report": (_report, Kind.ISSUE, "已收到，报事编号 #")}


@pytest.mark.parametrize("flow,receipt_went", [("fee", False), ("fee", True),
                                               ("report", False)])
def test_a_submit_killed_before_its_step_was_done_tells_her_the_number_once_stored(
        tmp_path, street_config, flow, receipt_went):
    walk, kind, receipt = FLOWS[flow]
    data = tmp_path / "street"
    repo = Repository.init(data, street_config)
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    repo.close()
    held: list[float] = []
    with BotApiEmulator() as api:
        (held_after_delivery if receipt_went else held_to)(api, RESIDENT, held)
        proc = start(api, data)
        try:
            submit = walk(api)
            mark = len(api.calls)
            held.append(time.monotonic())  # what the bot sends her next waits
            api.press(RESIDENT, submit)
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        seen = [c.text for c in api.calls[mark:] if c.chat_id == RESIDENT]
        assert any(receipt in text for text in seen) == receipt_went, seen
        again = len(api.calls)
        proc = start(api, data)
        try:
            told = api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                                since=again)
            # the volunteers get it to review, as they would have
            posted = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                  since=again)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    repo = Repository.open(data)
    try:
        [entry] = repo.entries(kind=kind)
    finally:
        repo.close()
    after = [c.text for c in api.calls[again:] if c.chat_id == RESIDENT]
    # her receipt, with its number, and nothing that says to start again
    assert f"{receipt}{entry.id}" in told.text, after
    assert not any("已经保存过了" in text or "重新开始" in text for text in after), after
    assert len(after) == 1, after
    assert f"#{entry.id}" in posted.text, posted.text
