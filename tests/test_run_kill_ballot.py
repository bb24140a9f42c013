"""The real ``steward run`` killed with SIGKILL just after a resident's 提交 of her
household's ballot in an election was stored, against the Bot API emulator on
127.0.0.1: started again, she is told her ballot was recorded, as the press would
have, not "already saved … start again from the menu" (an elderly voter who reads that
wonders whether her ballot counts; bot.handlers.ballot.finish_saved); nothing is stored
twice."""

from __future__ import annotations

from datetime import timedelta

from conftest import pid
from kill_restart import RESIDENTS, VOLUNTEER, held_to, kill_restart, street

from db.entries import Kind

HER = 7001


def test_a_ballot_cast_just_before_a_kill_is_told_as_recorded(tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    election = repo.open_election(pid(repo, VOLUNTEER), "east", title="第一届物管会选举",
                                  seats=2, deadline=deadline,
                                  candidates=["候选人甲（退休教师）", "候选人乙（网格员）",
                                              "候选人丙（楼长）"])
    repo.close()
    recorded = f"已记录：您家在选举 #{election.id} 中的选票"
    with kill_restart(data, held_to, HER) as run:  # Telegram slow for her chat
        api = run.api
        with run.cut_short():
            api.press(HER, f"el:{election.id}:{1 | 4}:ok")  # candidates 1 and 3
        assert not any(recorded in text for text in run.texts_to(HER, run.mark))
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == HER and c.method == "sendMessage",
                                since=run.again)
    assert recorded in told.text and "候选人丙" in told.text, told.text
    assert run.texts_to(HER, run.again) == [told.text]
    with run.stored() as repo:
        assert repo.ballot_of(election.id, RESIDENTS[HER]) == [1, 3]
        assert len(repo.entries(kind=Kind.VOTE, author=pid(repo, HER))) == 1


