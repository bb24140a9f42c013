"""The real ``steward run`` killed with SIGKILL just after a resident's 确认 of
/unpublish stored the withdrawal of her agreement to publication, against the Bot API
emulator on 127.0.0.1: started again, she is told it is done (and what it withdrew),
and the volunteers' posts of her submissions it withdrew say so, not asking for a
decision any longer; not "already saved, start again from the menu"
(bot.handlers.unpublish.finish_saved)."""

from __future__ import annotations

from kill_restart import RESIDENTS, VOLUNTEER, held_to, kill_restart, say, street
from test_run_kill_receipts import RESIDENT, _report

from db.entries import Status


def test_an_unpublish_stored_just_before_a_kill_is_told_to_her_and_marks_the_posts(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    # Telegram slow for the first volunteer's chat
    with kill_restart(data, held_to, VOLUNTEER) as run:
        api = run.api
        # her report, waiting: posted to the volunteers
        submitted = api.press(RESIDENT, _report(api))
        posted = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "楼道灯坏了三天了"
                              in c.text, since=submitted)
        issue = int(posted.text.split("#", 1)[1].split()[0].rstrip("：:）)"))
        withdrawn = f"#{issue} 已被作者撤回"
        say(api, RESIDENT, "/unpublish")
        with run.cut_short():  # her posts' edit to VOLUNTEER waits
            api.press(RESIDENT, "up:ok")
        assert not any("已撤回" in text for text in run.texts_to(RESIDENT, run.mark))
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == RESIDENT and c.method == "sendMessage",
                                since=run.again)
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and withdrawn in c.text,
                         since=run.again)
    assert "您对公开的同意已撤回" in done.text and "撤回了 1 条" in done.text, done.text
    assert not any("已经保存过了" in text for text in run.texts_to(RESIDENT, run.again))
    with run.stored() as repo:
        assert repo.entry(issue).status == Status.REJECTED
        assert not repo.person_by_telegram(RESIDENT).get("consents")
