"""The real ``steward run`` killed with SIGKILL while it tells the residents of an
announcement, a withdrawal or a new proposal sent with 隐去“老杨”再发 (the name masked:
``bot.handlers.called_confirm``), against the Bot API emulator on 127.0.0.1: started
again, those not reached are told once, masked as she chose (the finishers read the
words as the pressed button sent them), nobody twice, and she hears what the press would
have said. The emulator paces the messages (one every two seconds): the kill comes while
the second resident's answer is held (the message reached her: recorded as told before
it left, it is not sent again), the third's turn not come."""

from __future__ import annotations

from collections import Counter

from kill_restart import (
    LATE,
    RESIDENTS,
    SECOND,
    VOLUNTEER,
    held_after_delivery,
    kill_restart,
    press_labelled,
    say,
    street,
    street_lights_vote,
    tap,
)

from db.entries import Kind, Status
from db.redact import NAME_MASK

SETTLE = 0.3  # once the held message waits: the kill before the third resident's turn
PACED = "0.5"  # messages a second
HIDE = "隐去“老杨”再发"


def _masked_to_all(api, since, notice, masked):  # type: ignore[no-untyped-def]
    told = Counter(c.chat_id for c in api.calls[since:] if notice in c.text
                   and c.chat_id in RESIDENTS)
    assert told == {p: 1 for p in RESIDENTS}, told
    assert all(masked in c.text and "老杨" not in c.text for c in api.calls[since:]
               if notice in c.text)


def test_a_hidden_announcement_cut_short_by_a_kill_is_told_once_masked(tmp_path,
                                                                      street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    masked = f"门卫{NAME_MASK}说周六上午停水"
    with kill_restart(data, held_after_delivery, LATE, send_rate=PACED) as run:
        api = run.api
        say(api, VOLUNTEER, "/announce 门卫老杨说周六上午停水")
        with run.cut_short(SETTLE):  # LATE's answer waits
            press_labelled(api, VOLUNTEER, HIDE)
            api.wait_for(lambda c: c.chat_id in RESIDENTS and "周六上午停水" in c.text,
                         since=run.mark)
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "位已收到" in c.text,
                                    since=run.again)
            api.wait_for(lambda c: c.chat_id == 7003 and masked in c.text, since=run.mark)
    _masked_to_all(api, run.mark, "周六上午停水", masked)
    assert "3 位居民中的 3 位已收到" in answered.text, answered.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        assert [e.data["text"] for e in repo.entries(kind=Kind.ANNOUNCEMENT)] == [masked]


def test_a_hidden_withdrawal_cut_short_by_a_kill_is_told_once_masked(tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    repo.close()
    notice = f"提议 #{vote.id} 安装路灯 已由"
    masked = f"门卫{NAME_MASK}说预算有误"
    with kill_restart(data, held_after_delivery, LATE, send_rate=PACED) as run:
        api = run.api
        say(api, VOLUNTEER, f"/withdraw {vote.id} 门卫老杨说预算有误")
        with run.cut_short(SETTLE):
            press_labelled(api, VOLUNTEER, HIDE)
            api.wait_for(lambda c: c.chat_id in RESIDENTS and notice in c.text, since=run.mark)
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已撤回" in c.text
                                    and "位居民" in c.text, since=run.again)
            api.wait_for(lambda c: c.chat_id == SECOND and notice in c.text, since=run.again)
    _masked_to_all(api, run.mark, notice, masked)
    assert "已通知 3 位居民" in answered.text, answered.text
    with run.stored() as repo:
        withdrawn = repo.entry(vote.id)
        assert withdrawn.status == Status.WITHDRAWN
        assert withdrawn.data["withdrawn"]["reason"] == masked


def test_a_hidden_proposal_cut_short_by_a_kill_is_told_once_masked(tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    repo.close()
    masked = f"请门卫{NAME_MASK}看管施工"
    with kill_restart(data, held_after_delivery, LATE, send_rate=PACED) as run:
        api = run.api
        say(api, VOLUNTEER, "/propose")
        say(api, VOLUNTEER, "安装路灯")
        say(api, VOLUNTEER, "请门卫老杨看管施工")
        say(api, VOLUNTEER, "3000")
        tap(api, VOLUNTEER, "日常事项")
        tap(api, VOLUNTEER, "7 天", "请核对")
        with run.cut_short(settle=SETTLE):
            press_labelled(api, VOLUNTEER, HIDE)
            api.wait_for(lambda c: c.chat_id in RESIDENTS and "新提议" in c.text,
                         since=run.mark)
        with run.restarted():
            opened = api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已开始投票" in c.text,
                                  since=run.again)
            api.wait_for(lambda c: c.chat_id == 7003 and "新提议" in c.text, since=run.mark)
    _masked_to_all(api, run.mark, "新提议", masked)
    assert "已通知 3 位居民" in opened.text, opened.text
    assert not any("已经保存过了" in text for text in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        assert [p.data["description"] for p in repo.entries(kind=Kind.PROPOSAL)] == [masked]
