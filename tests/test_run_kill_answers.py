"""The real ``steward run`` killed with SIGKILL just after a volunteer's step that
someone else must hear of was stored, against the Bot API emulator on 127.0.0.1:
started again, the one to be told is told once, and the volunteer hears what the
step would have said, not "already saved, start again from the menu". Here the message
reached her just as the kill landed (its answer lost): it was recorded as told just
before it left (``bot.notify.send_once``), so it is not sent again; before, it was
recorded only after Telegram's answer, and she was sent it twice. An answer to a
resident's public question, typed with /answer N or in the 答复 flow, reaches the
asker (bot.handlers.answers.finish_saved); a /reply to an opinion, its author
(bot.handlers.reply.finish_saved)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import pid
from kill_restart import (
    LATE,
    RESIDENTS,
    VOLUNTEER,
    held_after_delivery,
    kill_restart,
    say,
    street,
    street_lights_vote,
)

from db.entries import Kind, Status


@pytest.mark.parametrize("way", ["command", "flow"])
def test_an_answer_stored_just_before_a_kill_reaches_the_asker_once(tmp_path, street_config,
                                                                   way):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    question = repo.ask(pid(repo, LATE), "east", "proposal", vote.id, "灯装在哪几栋？")
    repo.approve(question.id, pid(repo, VOLUNTEER))
    repo.close()
    text = "1号楼和3号楼之间各装三盏"
    to_asker = f"志愿者答复了您的提问 #{question.id}"
    # the asker: the answer reaches her, its receipt is lost with the bot
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        if way == "flow":  # the 答复 button of /answer's list, then the text
            say(api, VOLUNTEER, "/answer")
            say(api, VOLUNTEER, f"/answer {question.id}")
        with run.cut_short():
            api.message(VOLUNTEER, text if way == "flow" else f"/answer {question.id} {text}")
        assert [c.chat_id for c in api.calls[run.mark:] if to_asker in c.text] == [LATE]
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER
                                    and f"提问 #{question.id}" in c.text, since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_asker in c.text)
    assert told == {LATE: 1}, told
    assert [c.text for c in api.calls[run.mark:] if to_asker in c.text][0].count(text) == 1
    assert "已在网站上发布" in answered.text and "已发给提问人" in answered.text, answered.text
    assert not any("已经保存过了" in said for said in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        [q] = repo.entries(kind=Kind.QUESTION)
        assert q.status == Status.ANSWERED and q.data["answer"] == text


@pytest.mark.parametrize("way", ["command", "flow"])
def test_a_reply_to_an_opinion_stored_just_before_a_kill_reaches_its_author_once(
        tmp_path, street_config, way):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    opinion = repo.submit(pid(repo, LATE), Kind.OPINION, "east", {"text": "希望院里多装晾衣架"})
    repo.approve(opinion.id, pid(repo, VOLUNTEER))
    repo.close()
    text = "已在院内装好两个晾衣架，谢谢您的建议"
    to_author = f"志愿者回复了您的意见 #{opinion.id}"
    # the opinion's author: the reply reaches her, its receipt is lost with the bot
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        if way == "flow":  # /reply with the number alone, then the text
            say(api, VOLUNTEER, f"/reply {opinion.id}")
        with run.cut_short():
            api.message(VOLUNTEER, text if way == "flow" else f"/reply {opinion.id} {text}")
        assert [c.chat_id for c in api.calls[run.mark:] if to_author in c.text] == [LATE]
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER
                                    and f"意见 #{opinion.id}" in c.text, since=run.again)
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_author in c.text)
    assert told == {LATE: 1}, told
    assert "已在网站公开" in answered.text and "已发给提意见的居民" in answered.text, answered.text
    assert not any("已经保存过了" in said for said in run.texts_to(VOLUNTEER, run.again))
    with run.stored() as repo:
        replies = [e for e in repo.entries(kind=Kind.PROGRESS_NOTE)
                   if e.data.get("opinion") == opinion.id]
        assert [e.data["text"] for e in replies] == [text]
