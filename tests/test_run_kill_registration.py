"""The real ``steward run`` killed (SIGKILL) between a registration's consent question and
her 同意: the question last shown is kept with her conversation state (``reg:asked`` in
her ``user_data``, saved with the step that showed it, bot/state.py), so after the
restart her button from before registers, and an older button, of a registration she
withdrew, is still refused in words. Killed once the step was saved (the question read
back from the store), and while the question had reached her and its step was not yet
saved (the restart shows it again, and the copy from before works)."""

from __future__ import annotations

import time

import pytest
from kill_restart import held_messages_after_delivery, kill_restart, street

from db.entries import Kind, Status

SHE = 7001


def _button(calls, label: str) -> str:
    return next(d for c in reversed(calls) if c.chat_id == SHE
                for text, d in c.buttons() if label in text)


def _withdrawn_then_asked(run, cut_short: bool) -> tuple[str, str]:
    """She registers 201 and withdraws it, then types 102 and is asked: the buttons
    同意 of 201 (withdrawn) and of 102 (the latest question), the bot killed after."""
    api = run.api
    mark = api.message(SHE, "我住东小区1号楼1单元201")
    api.wait_for(lambda c: c.chat_id == SHE and c.buttons(), since=mark)
    old = _button(api.calls[mark:], "同意，这是我家")
    mark = api.press(SHE, old)
    api.wait_for(lambda c: c.chat_id == SHE and "撤回" in str(c.buttons()), since=mark)
    mark = api.press(SHE, _button(api.calls[mark:], "撤回"))  # it asks first
    api.wait_for(lambda c: c.chat_id == SHE and "确认撤回" in str(c.buttons()), since=mark)
    mark = api.press(SHE, _button(api.calls[mark:], "确认撤回"))
    api.wait_for(lambda c: c.chat_id == SHE and "选择小区" in c.text, since=mark)
    if cut_short:
        with run.cut_short():  # the question reaches her; its step is not saved yet
            api.message(SHE, "我住东小区1号楼1单元102")
        mark = run.mark
    else:
        mark = api.message(SHE, "我住东小区1号楼1单元102")
        api.wait_for(lambda c: c.chat_id == SHE and c.buttons(), since=mark)
        time.sleep(1.0)  # its step saved
        run.kill()
    fresh = _button(api.calls[mark:], "同意，这是我家")
    assert fresh != old
    return old, fresh


@pytest.mark.parametrize("cut_short", [False, True], ids=["step saved", "step cut short"])
def test_her_agree_from_before_a_kill_registers_and_a_withdrawn_ones_is_refused(
        tmp_path, street_config, cut_short):
    data, repo = street(tmp_path, street_config, {})
    repo.close()
    with kill_restart(data, held_messages_after_delivery, SHE) as run:
        api = run.api
        old, fresh = _withdrawn_then_asked(run, cut_short)
        with run.restarted():
            mark = api.press(SHE, old)  # scrolled up: the withdrawn registration's
            refused = api.wait_for(lambda c: c.chat_id == SHE and "失效" in c.text,
                                   since=mark)
            mark = api.press(SHE, fresh)  # the question shown before the kill
            registered = api.wait_for(lambda c: c.chat_id == SHE and "正在等待" in c.text,
                                      since=mark)
    assert "已经撤回" in refused.text and "201" in refused.text
    assert "102" in registered.text
    with run.stored() as repo:
        regs = repo.entries(kind=Kind.REGISTRATION)
    assert [(r.data["household"], r.status) for r in regs] == [
        ("c1/1/1/201", Status.REJECTED), ("c1/1/1/102", Status.PENDING)]
