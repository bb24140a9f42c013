"""The real ``steward run`` process killed with SIGKILL in the middle of
conversations (bot/state.py): started again over the same data folder, each
resident goes on from the step they were at, a message sent while the bot was
down (or fetched and not yet answered) is answered, and nothing is stored
twice. Against the Bot API emulator on 127.0.0.1, whose getUpdates forgets
what a bot confirmed, as Telegram does."""

from __future__ import annotations

import pytest
from kill_restart import kill_restart, street

from db.entries import Kind

RESIDENTS = {7001: "c1/1/1/101", 7002: "c1/1/1/102"}


@pytest.fixture
def data(tmp_path, street_config):
    path, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    return path


def test_steward_run_killed_mid_flow_goes_on_after_the_restart_and_stores_once(data):
    # An older version's half-written pickle is left in the folder: not read, no stop.
    (data / "bot-state.pickle").write_bytes(b"\x80\x04\x95 half-written")
    with kill_restart(data, send_rate=None) as run:  # Steward's own sending rate
        api = run.api
        mark = api.message(7001, "/pay")
        api.wait_for(lambda c: c.chat_id == 7001 and c.buttons(), since=mark)
        mark = api.press(7001, "pay:fee:property")
        api.wait_for(lambda c: c.chat_id == 7001 and c.buttons(), since=mark)
        mark = api.press(7001, "pay:per:2025-01")
        api.wait_for(lambda c: c.chat_id == 7001 and "金额" in c.text, since=mark)
        mark = api.message(7001, "44.44")
        api.wait_for(lambda c: c.chat_id == 7001 and "收据" in c.text, since=mark)
        mark = api.press(7001, "pay:skip")
        summary = api.wait_for(lambda c: c.chat_id == 7001 and "¥44.44" in c.text,
                               since=mark)
        [submit] = [d for _, d in summary.buttons() if d.startswith("pay:ok")]
        first = run.kill()
        assert "bot-state.pickle is from an older Steward and is not read" in first, first
        # While the bot is down: 7002 writes, 7001 taps Submit under the summary.
        mark = len(api.calls)
        api.message(7002, "在吗")
        api.press(7001, submit)
        with run.restarted(settle=0):
            receipt = api.wait_for(lambda c: c.chat_id == 7001 and "#" in c.text, since=mark)
            # answered with the menu (or the registration's hint), never left unanswered
            answered = api.wait_for(lambda c: c.chat_id == 7002 and ("菜单" in c.text or
                                                                     "登记" in c.text),
                                    since=mark)
            # the same tap again, after the fee was stored: refused, not stored twice (at
            # once, as the same press again: only a note on the button, bot.presses)
            again = api.press(7001, submit)
            api.wait_for(lambda c: (c.chat_id == 7001 and "失效" in c.text) or
                         (c.method == "answerCallbackQuery" and "已经收到" in c.text),
                         since=again)
    assert "¥44.44" in receipt.text or "#" in receipt.text
    assert answered.text
    with run.stored() as repo:
        fees = [e.data["amount_fen"] for e in repo.entries(kind=Kind.FEE_INCOME)]
    assert fees == [4444]
