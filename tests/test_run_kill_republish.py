"""The real ``steward run`` killed with SIGKILL just after a resident's 放回网站 (her
earlier texts put back on the website once she agreed again) was stored, against the
Bot API emulator on 127.0.0.1: started again, she is told how many are back, as the
press would have, not "already saved … start again from the menu"
(bot.handlers.unpublish.finish_republish)."""

from __future__ import annotations

from conftest import pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street

from db.entries import Kind
from db.privacy import CONSENT_VERSION

HER = 7001


def test_texts_put_back_just_before_a_kill_are_told_as_back(tmp_path, street_config):
    data, repo = street(tmp_path, street_config, {HER: "c1/1/1/101"})
    issue = repo.submit(pid(repo, HER), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    repo.withdraw_consent(pid(repo, HER))
    repo.consent(pid(repo, HER), CONSENT_VERSION)
    repo.close()
    back = "您以前的 1 条内容会在网站下次更新时重新公开"
    with kill_restart(data, held_to, HER) as run:  # Telegram slow for her chat
        api = run.api
        with run.cut_short():
            api.press(HER, "rp:ok")
        assert not any(back in text for text in run.texts_to(HER, run.mark))
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == HER and c.method == "sendMessage",
                                since=run.again)
    assert back in told.text, told.text
    assert [c.text for c in api.calls[run.again:] if c.chat_id == HER
            and c.method == "sendMessage"] == [told.text]
    with run.stored() as repo:
        assert not repo.entry(issue.id).data.get("withheld")
