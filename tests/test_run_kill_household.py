"""The real ``steward run`` killed with SIGKILL just after a newcomer's registration for
a household that has a resident was stored, against the Bot API emulator on
127.0.0.1: started again, the newcomer is told her registration's number, and the
household's resident is told, once, that someone asked to live in her home
(bot.handlers.submit_saved.finish_registration, bot.handlers.registration.tell_claimed);
and a registration she withdrew ("wrong household", then 确认撤回) is told as withdrawn, with the
household picker (bot.handlers.registration_redo.finish_saved)."""

from __future__ import annotations

from collections import Counter

from conftest import pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street
from test_run_kill_receipts import HER, NEWCOMER, RESIDENT, _after_to, _registration

from db.entries import Kind


def test_a_registration_stored_just_before_a_kill_is_told_to_the_households_resident_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, HER)
    repo.close()
    claimed = "有人申请登记为您家"
    # Telegram slow for the newcomer's chat
    with kill_restart(data, held_to, NEWCOMER) as run:
        api = run.api
        agree = _registration(api)  # the first household offered: RESIDENT's
        with run.cut_short():
            api.press(NEWCOMER, agree)
        assert not any(claimed in c.text for c in api.calls[run.mark:])
        with run.restarted():
            told = _after_to(api, NEWCOMER, run.again, lambda c: c.method == "sendMessage")
            api.wait_for(lambda c: c.chat_id == RESIDENT and claimed in c.text,
                         since=run.again)
    assert "谢谢！住户登记 #" in told.text, told.text
    assert Counter(c.chat_id for c in api.calls[run.mark:] if claimed in c.text) == {RESIDENT: 1}
    with run.stored() as repo:
        assert len(repo.entries(kind=Kind.REGISTRATION, author=pid(repo, NEWCOMER))) == 1


def test_a_registration_withdrawn_just_before_a_kill_is_told_and_its_posts_marked(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, HER)
    repo.close()
    with kill_restart(data, held_to, NEWCOMER) as run:  # Telegram slow for her chat
        api = run.api
        registered = _after_to(api, NEWCOMER, api.press(NEWCOMER, _registration(api)),
                               lambda c: "谢谢！住户登记 #" in c.text)
        api.wait_for(lambda c: c.chat_id == VOLUNTEER and "住户登记" in c.text)
        redo = next(d for _, d in registered.buttons() if d.startswith("regwd:"))
        asked = _after_to(api, NEWCOMER, api.press(NEWCOMER, redo),
                          lambda c: "确定要撤回" in c.text)
        sure = next(d for label, d in asked.buttons() if label == "确认撤回")
        with run.cut_short():  # what she is told next waits
            api.press(NEWCOMER, sure)
        assert not any("已撤回" in text for text in run.texts_to(NEWCOMER, run.mark))
        with run.restarted():
            told = _after_to(api, NEWCOMER, run.again, lambda c: "已撤回" in c.text
                             or "已经保存过了" in c.text)
            # the volunteer's post says so, now or (an edit of its own) before the kill
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已由登记人撤回" in c.text,
                         since=run.mark)
    assert "已撤回，志愿者不会再确认它" in told.text, told.text
    assert not any("已经保存过了" in text for text in run.texts_to(NEWCOMER, run.again))
