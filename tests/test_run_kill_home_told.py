"""The real ``steward run`` killed with SIGKILL while it tells a household that a vote
was recorded for it, against the Bot API emulator on 127.0.0.1: the message reached
the resident as the kill landed (its answer lost). Started again, the update is
handled again (``bot.handlers.paper_saved``, ``vote.finish_recorded``), and the
resident is not told a second time: each is recorded as told just before the message
leaves (``bot.handlers.home_told.home_told_key``). Before, nothing was recorded, and
every resident of the household read the same signature twice (two signatures for
one)."""

from __future__ import annotations

from collections import Counter

from conftest import SMALL_STREET, pid
from kill_restart import (
    LATE,
    RESIDENTS,
    VOLUNTEER,
    held_after_delivery,
    kill_restart,
    street,
    street_lights_vote,
)

from db.config import parse_street
from db.entries import Kind


def test_a_paper_signature_told_to_the_household_as_the_bot_is_killed_is_told_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    repo.close()
    told = f"提议 #{vote.id}"
    with kill_restart(data, held_after_delivery, LATE) as run:  # 102's resident
        api = run.api
        with run.cut_short():
            api.message(VOLUNTEER, f"/paper {vote.id} 1/1/102 同意")
        assert run.texts_to(LATE, run.mark), "she was not told before the kill"
        with run.restarted():
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已登记" in c.text,
                         since=run.again)
    to_them = Counter(c.chat_id for c in api.calls[run.mark:] if c.method == "sendMessage"
                      and told in c.text and c.chat_id in RESIDENTS)
    assert to_them == {LATE: 1}, to_them
    with run.stored() as repo:
        assert len(repo.entries(kind=Kind.VOTE)) == 1  # stored once


HER, OTHER_FLAT = 7001, 7002  # 101 and 102, one owner's two flats


def _one_owner_of_101_and_102():  # type: ignore[no-untyped-def]
    owned = SMALL_STREET
    for room, area in (("101", 60), ("102", 80)):
        owned = owned.replace(f'{{room: "{room}", area_m2: {area}}}',
                              f'{{room: "{room}", area_m2: {area}, owner: k}}')
    return parse_street(owned, "small-street.yaml")


def test_an_online_vote_told_to_the_owners_other_flat_as_the_bot_is_killed_is_told_once(
        tmp_path):
    data, repo = street(tmp_path, _one_owner_of_101_and_102(),
                        {HER: "c1/1/1/101", OTHER_FLAT: "c1/1/1/102"})
    vote = street_lights_vote(repo)
    repo.cast_vote(pid(repo, OTHER_FLAT), vote.id, "disagree")  # the owner's earlier vote
    repo.close()
    with kill_restart(data, held_after_delivery, OTHER_FLAT) as run:
        api = run.api
        with run.cut_short():
            api.press(HER, f"vote:{vote.id}:agree")
        assert run.texts_to(OTHER_FLAT, run.mark), "102 was not told before the kill"
        with run.restarted():
            api.wait_for(lambda c: c.chat_id == HER and f"#{vote.id}" in c.text,
                         since=run.again)
    assert len(run.texts_to(OTHER_FLAT, run.mark)) == 1, run.texts_to(OTHER_FLAT, run.mark)
    with run.stored() as repo:
        assert len([v for v in repo.entries(kind=Kind.VOTE)
                    if v.author == pid(repo, HER)]) == 1  # stored once


def test_a_paper_signature_taken_back_as_the_bot_is_killed_is_told_once(tmp_path,
                                                                         street_config):
    """The wrong door's signature taken back (``bot.handlers.paper_struck``): the kill
    lands as its resident is told; started again, the volunteer reads it was taken back
    and the resident is not told twice (``struck_key``)."""
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo)
    signature, _ = repo.cast_vote(pid(repo, VOLUNTEER), vote.id, "agree",
                                  household="c1/1/1/102", paper=True)
    repo.close()
    with kill_restart(data, held_after_delivery, LATE) as run:
        api = run.api
        with run.cut_short():
            api.press(VOLUNTEER, f"ps:y:{signature.id}")
        assert run.texts_to(LATE, run.mark), "she was not told before the kill"
        with run.restarted():
            api.wait_for(lambda c: c.chat_id == VOLUNTEER and "已撤销" in c.text,
                         since=run.again)
    told = [t for t in run.texts_to(LATE, run.mark) if "记错了门" in t]
    assert len(told) == 1, told
    with run.stored() as repo:
        assert repo.current_votes(vote.id) == {}
        assert repo.entry(signature.id).status == "rejected"
