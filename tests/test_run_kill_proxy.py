"""The real ``steward run`` killed with SIGKILL just after a volunteer's 提交 of /proxy
stored an opinion she recorded for a household, against the Bot API emulator on
127.0.0.1 while its message to the household's resident was on its way: started
again, she is not told twice that it was recorded in her home's name (recorded as
told before it left: at most once, ``bot.sending.paced``), and the volunteer hears
what the press would have said, not "already saved, start again from the menu"
(bot.handlers.proxy.finish_saved)."""

from __future__ import annotations

import time
from collections import Counter

from kill_restart import (
    LATE,
    RESIDENTS,
    SECOND,
    VOLUNTEER,
    held_after_delivery,
    kill_restart,
    say,
    street,
    tap,
)

from db.entries import Kind


def test_an_opinion_recorded_for_a_household_just_before_a_kill_is_told_to_it_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    text = "老人说希望院里多装晾衣架"
    to_home = "代为登记了一条意见"
    # the household's resident: her message reaches her and its answer is slow, the kill
    # while it is on its way; recorded as told before it left, it is not sent again
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        say(api, VOLUNTEER, "/proxy")
        tap(api, VOLUNTEER, "1号楼")
        tap(api, VOLUNTEER, "1单元")
        room = next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                    for label, d in c.buttons() if label == "102")
        api.press(VOLUNTEER, room)
        time.sleep(0.5)
        tap(api, VOLUNTEER, "意见")
        say(api, VOLUNTEER, text)
        submit = next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                      for label, d in c.buttons() if label == "提交")
        with run.cut_short():
            api.press(VOLUNTEER, submit)
        assert [c.chat_id for c in api.calls[run.mark:] if to_home in c.text] == [LATE]
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage"
                                and "登记" in c.text, since=run.again)
            # the other volunteer gets it to approve, as before
            api.wait_for(lambda c: c.chat_id == SECOND and text in c.text, since=run.again)
    with run.stored() as repo:
        [opinion] = repo.entries(kind=Kind.OPINION)
    assert f"登记 #{opinion.id}，等待审核。已通知这一户的 1 位住户" in done.text, done.text
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_home in c.text)
    assert told == {LATE: 1}, told
    assert not any("已经保存过了" in said for said in run.texts_to(VOLUNTEER, run.again))
