"""A paper signature recorded at the wrong door, taken back (bot.handlers.paper_struck,
``Repository.strike_paper``). Before, a grid worker who recorded 101's signature meaning
102 could only change 101 to 反对 or 弃权, both still counted in the turnout: a signature
nobody gave could make an art. 278 vote reach its two thirds of owners taking part."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Status
from db.errors import DomainError, PermissionDenied


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


async def test_the_receipts_button_takes_the_signature_back_after_asking(repo):
    resident = confirmed_resident(repo, 7001, "c1/1/1/101", 102)
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/paper {vote.id} 1/1/101 同意")
        receipt = [c for c in calls if c.chat_id == 102][0]
        buttons = dict(receipt.buttons())
        assert "记错了门？撤销这张签字" in buttons, buttons
        asked = [c for c in await bot.press(102, buttons["记错了门？撤销这张签字"])
                 if c.chat_id == 102]
        assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}  # asked first
        assert "撤销" in asked[-1].text and "同意" in asked[-1].text, asked[-1].text
        done = await bot.press(102, dict(asked[-1].buttons())["撤销"])
    assert repo.current_votes(vote.id) == {}
    [signature] = [e for e in repo.entries(kind="vote") if e.data["proposal"] == vote.id]
    assert signature.status == Status.REJECTED  # kept, never deleted
    said = [c.text for c in done if c.chat_id == 102]
    assert any("已撤销" in s and "不再计入" in s for s in said), said
    told = [c.text for c in done if c.chat_id == 7001]
    assert len(told) == 1 and "记错了门" in told[0] and "已撤销" in told[0], told
    assert resident


async def test_typed_strike_word_asks_then_takes_back_and_a_second_press_changes_nothing(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 102)
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 反对")
        await bot.send(102, f"/paper {vote.id} 1/1/102 同意")
        asked = [c for c in await bot.send(102, f"/paper {vote.id} 1/1/101 撤销")
                 if c.chat_id == 102]
        yes = dict(asked[-1].buttons())["撤销"]
        first = await bot.press(102, yes)
        again = await bot.press(102, yes)  # a double tap, or the press after a kill
    assert repo.current_votes(vote.id) == {"c1/1/1/102": "agree"}
    assert len([c for c in first if c.chat_id == 7001]) == 1
    assert not [c for c in again if c.chat_id == 7001]  # told once
    assert any("已撤销" in c.text for c in again if c.chat_id == 102)


async def test_keep_it_changes_nothing(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 同意")
        asked = [c for c in await bot.send(102, f"/paper {vote.id} 1/1/101 撤销")
                 if c.chat_id == 102]
        kept = await bot.press(102, dict(asked[-1].buttons())["不撤销"])
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}
    assert any("没有改动" in c.text for c in kept if c.chat_id == 102)


async def test_nothing_to_take_back_and_an_online_vote_are_said_plainly(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 102)
    vote = _vote(repo)
    repo.cast_vote(pid(repo, 7001), vote.id, "agree")
    async with BotHarness(repo) as bot:
        none = [c.text for c in await bot.send(102, f"/paper {vote.id} 1/1/102 撤销")
                if c.chat_id == 102]
        online = [c.text for c in await bot.send(102, f"/paper {vote.id} 1/1/101 撤销")
                  if c.chat_id == 102]
    assert "没有可撤销" in none[0], none
    assert "网上" in online[0] and "同意" not in online[0], online  # never which way
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}


async def test_a_forged_press_by_a_resident_takes_nothing_back(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 102)
    vote = _vote(repo)
    signature, _ = repo.cast_vote(pid(repo, 102), vote.id, "agree", household="c1/1/1/102",
                                  paper=True)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"ps:y:{signature.id}")
        # a volunteer of the other area: not even asked (the signature's door and choice)
        asked = await bot.press(103, f"ps:a:{signature.id}")
        await bot.press(103, f"ps:y:{signature.id}")
    assert not [c for c in asked if c.chat_id == 103 and "1单元 102" in (c.text or "")], \
        [c.text for c in asked]
    assert repo.current_votes(vote.id) == {"c1/1/1/102": "agree"}


def test_the_domain_refuses_what_the_bot_refuses(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 102)
    vote = _vote(repo)
    online, _ = repo.cast_vote(pid(repo, 7001), vote.id, "agree")
    with pytest.raises(PermissionDenied):
        repo.strike_paper(pid(repo, 102), online.id)  # only its resident changes it
    first, _ = repo.cast_vote(pid(repo, 102), vote.id, "agree", household="c1/1/1/102",
                              paper=True)
    with pytest.raises(PermissionDenied):
        repo.strike_paper(pid(repo, 7001), first.id)  # a resident is no volunteer
    second, _ = repo.cast_vote(pid(repo, 102), vote.id, "disagree", household="c1/1/1/102",
                               paper=True, replaces=first.id)
    with pytest.raises(DomainError) as replaced:
        repo.strike_paper(pid(repo, 102), second.id)
    assert replaced.value.code == "struck_replaces"
    with pytest.raises(DomainError) as gone:
        repo.strike_paper(pid(repo, 102), first.id)
    assert gone.value.code == "struck_not_counted"
    assert repo.current_votes(vote.id)["c1/1/1/102"] == "disagree"


def test_a_struck_signature_stays_struck_after_the_store_is_opened_again(tmp_path,
                                                                          street_config,
                                                                          clock):
    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", street_config, clock=clock)
    vote = _vote(repo)
    signature, _ = repo.cast_vote(pid(repo, 102), vote.id, "agree", household="c1/1/1/101",
                                  paper=True)
    assert repo.tally(vote.id).owners_voted == 1
    repo.strike_paper(pid(repo, 102), signature.id)
    tally = repo.tally(vote.id)
    assert (tally.owners_voted, tally.households_voted, tally.agree) == (0, 0, 0)
    repo.close()
    again = Repository.open(tmp_path / "data", clock=clock)
    try:
        assert again.current_votes(vote.id) == {}
        assert again.entry(signature.id).status == Status.REJECTED
    finally:
        again.close()
