"""The real ``steward run`` killed with SIGKILL just after a resident's vote was stored,
before she was answered, against the Bot API emulator on 127.0.0.1: started again, she
is told her household's vote (``bot.handlers.submit_saved.finish_vote``) and, as the
press would have, the residents of the owner's other flat are told that this vote
stands for theirs too (``bot.handlers.paper.tell_households``)."""

from __future__ import annotations

from conftest import SMALL_STREET, pid
from kill_restart import held_to, kill_restart, street, street_lights_vote

from db.config import parse_street
from db.entries import Kind

HER, OTHER_FLAT = 7001, 7002  # 101 and 102, one owner's two flats
OTHER_FLAT_TOLD = "与您家同属一位业主的 东小区 1号楼 1单元 101 记录了网上投票“同意”"


def _one_owner_of_101_and_102():  # type: ignore[no-untyped-def]
    owned = SMALL_STREET
    for room, area in (("101", 60), ("102", 80)):
        owned = owned.replace(f'{{room: "{room}", area_m2: {area}}}',
                              f'{{room: "{room}", area_m2: {area}, owner: k}}')
    return parse_street(owned, "small-street.yaml")


def test_a_vote_stored_just_before_a_kill_tells_the_owners_other_flat_at_the_start(tmp_path):
    data, repo = street(tmp_path, _one_owner_of_101_and_102(),
                        {HER: "c1/1/1/101", OTHER_FLAT: "c1/1/1/102"})
    vote = street_lights_vote(repo)
    repo.close()
    with kill_restart(data, held_to, HER) as run:  # Telegram slow for her chat
        api = run.api
        with run.cut_short():
            api.press(HER, f"vote:{vote.id}:agree")
        assert not run.texts_to(OTHER_FLAT, run.mark)  # killed before anyone was told
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == OTHER_FLAT and c.method == "sendMessage",
                                since=run.again)
            api.wait_for(lambda c: c.chat_id == HER and c.method == "sendMessage",
                         since=run.again)
    assert OTHER_FLAT_TOLD in told.text and "这一票也代表您家" in told.text, told.text
    assert len(run.texts_to(OTHER_FLAT, run.again)) == 1
    [said] = run.texts_to(HER, run.again)
    assert f"已记录：您家对提议 #{vote.id} 投“同意”" in said, said
    with run.stored() as repo:
        assert len(repo.entries(kind=Kind.VOTE)) == 1  # stored once


def test_a_vote_stored_just_before_a_kill_is_answered_at_the_start_as_the_press_would_be(
        tmp_path):
    data, repo = street(tmp_path, _one_owner_of_101_and_102(),
                        {HER: "c1/1/1/101", OTHER_FLAT: "c1/1/1/102"})
    vote = street_lights_vote(repo)
    repo.cast_vote(pid(repo, OTHER_FLAT), vote.id, "disagree")  # the owner's earlier vote
    repo.close()
    with kill_restart(data, held_to, HER) as run:
        with run.cut_short():
            run.api.press(HER, f"vote:{vote.id}:agree")
        with run.restarted():
            run.api.wait_for(lambda c: c.chat_id == HER and c.method == "sendMessage",
                             since=run.again)
    [said] = run.texts_to(HER, run.again)
    # what the press says: the vote it replaced, one vote for the owner's flats, turnout
    assert f"已记录：您对提议 #{vote.id} 投“同意”" in said, said
    assert "这一票取代了那套房此前的“反对”" in said, said
    # she said she owns her home: her own flats, named (test_bot_vote_two_flats)
    assert "一位业主只有一票：您这一票代表您名下的 2 套房（包括 102）" in said, said
    assert "24时投票截止前，可以改投" in said, said
    assert "目前参与：" in said and "已有 1 位投票" in said, said
