"""The real ``steward run`` killed with SIGKILL while the message telling a resident a
volunteer recorded she moved out (``/movedout 1/1/101``, her name, 搬走了) was on its way
to her, against the Bot API emulator on 127.0.0.1. Started again, the press is handled
again (``bot.handlers.moved_out_for.finish_saved``): her tie ended once, her message
not sent again (recorded as it left: at most once), and the volunteer is told it may
not have arrived, to tell her herself. Before, she read 已通知本人 of a message the kill
may have lost."""

from __future__ import annotations

from conftest import pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street

RESIDENT = 7001
DONE = "不再登记为 东小区 1号楼 1单元 101 的住户"


def test_a_move_out_killed_while_her_message_left_does_not_say_she_was_told(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, {RESIDENT: "c1/1/1/101"})
    her = pid(repo, RESIDENT)
    repo.close()
    with kill_restart(data, held_to, RESIDENT) as run:
        api = run.api
        listed = api.message(VOLUNTEER, "/movedout 1/1/101")
        api.wait_for(lambda c: c.chat_id == VOLUNTEER and "mvv:p" in str(c.buttons()),
                     since=listed)
        asked = api.press(VOLUNTEER, f"mvv:p:{her}")
        api.wait_for(lambda c: c.chat_id == VOLUNTEER and "mvv:r" in str(c.buttons()),
                     since=asked)
        with run.cut_short():
            api.press(VOLUNTEER, f"mvv:r:{her}:moved")
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == VOLUNTEER and DONE in c.text,
                                since=run.again)
    assert "已通知本人" not in done.text, done.text
    assert "给本人的通知是在机器人重启时发出的，可能没有送到，请您告诉本人一声" in done.text
    assert not run.texts_to(RESIDENT, run.again)  # not sent twice
    with run.stored() as repo:
        assert repo.person(her).get("household") is None
        assert repo.last_moved_out(her) is not None
