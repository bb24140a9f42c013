"""The real ``steward run`` killed with SIGKILL as a volunteer's decision reaches the
author of the entry (her message delivered, its answer lost with the bot), against the
Bot API emulator on 127.0.0.1. Started again, the decision's update is finished
(``bot.handlers.queue_saved``) and she is not told a second time: each told of a
decision is recorded just before the message leaves (``verdict.decided_key``). Before,
nothing was recorded, and she read 您的报事 #N 已审核通过 (or the reason it was
rejected) twice."""

from __future__ import annotations

import pytest
from conftest import pid
from kill_restart import LATE, RESIDENTS, VOLUNTEER, held_after_delivery, kill_restart, street

from db.entries import Kind, Status


@pytest.mark.parametrize("verdict", ["approve", "reject"])
def test_a_decision_told_to_its_author_as_the_bot_is_killed_is_told_once(
        tmp_path, street_config, verdict):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    issue = repo.submit(pid(repo, LATE), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了", "photos": []})
    repo.close()
    command = f"/approve {issue.id}" if verdict == "approve" else \
        f"/reject {issue.id} 重复的报事"
    told = f"报事 #{issue.id} 已审核通过" if verdict == "approve" else "未通过审核"
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        with run.cut_short():
            api.message(VOLUNTEER, command)
        assert [told in text for text in run.texts_to(LATE, run.mark)] == [True]
        with run.restarted():
            answered = api.wait_for(lambda c: c.chat_id == VOLUNTEER
                                    and f"#{issue.id}" in c.text, since=run.again)
    to_her = [text for text in run.texts_to(LATE, run.mark) if told in text]
    assert len(to_her) == 1, to_her
    if verdict == "reject":  # she was told, before the kill: said so, not "could not"
        assert "已把理由告知提交人" in answered.text, answered.text
    with run.stored() as repo:
        decided = repo.entry(issue.id)
        assert decided.status == (Status.APPROVED if verdict == "approve" else Status.REJECTED)
