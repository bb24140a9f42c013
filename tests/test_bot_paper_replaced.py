"""Two volunteers recording the same owner's paper signature at about the same moment
(the door walk's buttons, or /paper typed): the later replaced the earlier silently; its
recorder read "它取代了…", the earlier one was never told. Now the domain refuses the
later one until its recorder has seen the earlier and confirmed (``db.votes``), and the
earlier recorder is told what replaced hers (``bot.handlers.paper_replaced``)."""

from __future__ import annotations

import asyncio

from bot_harness import BotHarness
from conftest import pid

from bot.handlers import paper_doors
from db.entries import Kind, Status

FIRST, SECOND = 101, 102  # 物管会主任甲, 物管会委员乙 of the area "east"


def _vote(repo):
    return repo.create_proposal(pid(repo, FIRST), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


def _to(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.text]


async def _at_the_door(bot, who, vote, room="101"):
    """The door walk up to the choices of ``room``: the buttons 同意 / 反对 / 弃权."""
    await bot.send(who, f"/paper {vote.id}")
    await bot.press_label(who, "1号楼1单元")
    await bot.press_label(who, room, exact=True)
    return dict(bot.current_buttons(who)[1])


async def test_two_volunteers_pressing_at_the_same_door_at_once_record_one_and_ask_the_other(repo, monkeypatch):  # noqa: E501
    """Both presses handled at the same moment (the bot handles updates concurrently):
    each found the room still to visit, then each recorded; the later replaced the
    earlier silently. Here each waits at the recording until the other is there too."""
    vote = _vote(repo)
    real, arrived, both = paper_doors.record_paper, [], asyncio.Event()

    async def at_once(*args, **kwargs):
        arrived.append(1)
        if len(arrived) == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 5)
        return await real(*args, **kwargs)

    monkeypatch.setattr(paper_doors, "record_paper", at_once)
    async with BotHarness(repo) as bot:
        first = await _at_the_door(bot, FIRST, vote)
        second = await _at_the_door(bot, SECOND, vote)
        before = len(bot.request.calls)
        await asyncio.gather(bot.press(FIRST, first["同意"]), bot.press(SECOND, second["反对"]))
        calls = bot.request.calls[before:]
    votes = [e for e in repo.entries(kind=Kind.VOTE) if e.data["proposal"] == vote.id]
    assert len(votes) == 1 and votes[0].status == Status.COUNTED  # nothing replaced
    said = "\n".join(_to(calls, FIRST) + _to(calls, SECOND))
    assert said.count(f"已登记 #{vote.id} 的纸质签字") == 1, said
    assert "取代" not in said, said  # nobody told of a replacement that did not happen
    assert "已在" in said and "纸质签字" in said  # the later one is shown the earlier


async def test_a_signature_over_another_volunteers_is_asked_and_once_confirmed_she_is_told(repo):  # noqa: E501
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(FIRST, f"/paper {vote.id} 1/1/101 同意")
        asked = await bot.send(SECOND, f"/paper {vote.id} 1/1/101 反对")
        assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}  # not yet
        buttons = asked[-1].buttons()
        done = await bot.press(SECOND, buttons[0][1])
    question = _to(asked, SECOND)[-1]
    assert "纸质签字" in question and "“同意”" in question and "物管会主任甲" in question
    assert [label for label, _ in buttons] == ["登记纸质签字", "保留纸质签字"]
    assert _to(asked, FIRST) == []
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "disagree"}
    assert "取代" in _to(done, SECOND)[-1]
    [told] = _to(done, FIRST)
    assert f"为 #{vote.id} 登记的 东小区 1号楼 1单元 101 纸质签字“同意”已不再计入" in told
    assert "物管会委员乙随后为同一业主登记了纸质签字“反对”" in told


async def test_keeping_the_earlier_signature_changes_nothing_and_tells_nobody_else(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(FIRST, f"/paper {vote.id} 1/1/101 同意")
        asked = await bot.send(SECOND, f"/paper {vote.id} 1/1/101 反对")
        kept = await bot.press(SECOND, asked[-1].buttons()[1][1])
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}
    assert "没有登记" in _to(kept, SECOND)[-1] and _to(kept, FIRST) == []


async def test_her_own_signature_corrected_is_asked_and_tells_no_one_else(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(FIRST, f"/paper {vote.id} 1/1/101 同意")
        asked = await bot.send(FIRST, f"/paper {vote.id} 1/1/101 反对")
        done = await bot.press(FIRST, asked[-1].buttons()[0][1])
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "disagree"}
    assert not [c for c in done if c.chat_id == SECOND]
    assert len(_to(done, FIRST)) == 1 and "取代" in _to(done, FIRST)[0]


async def test_a_paper_ballot_over_another_volunteers_is_asked_and_she_is_told(repo):
    e = repo.open_election(pid(repo, FIRST), "east", title="第一届物管会选举", seats=2,
                           candidates=["候选人甲", "候选人乙", "候选人丙"],
                           deadline="2099-01-20")
    async with BotHarness(repo) as bot:
        await bot.send(FIRST, f"/paper {e.id} 1/1/101 1,2")
        asked = await bot.send(SECOND, f"/paper {e.id} 1/1/101 3")
        assert repo.ballot_of(e.id, "c1/1/1/101") == [1, 2]
        buttons = asked[-1].buttons()
        done = await bot.press(SECOND, buttons[0][1])
    assert "纸质选票" in _to(asked, SECOND)[-1]
    assert [label for label, _ in buttons][1] == "保留纸质签字"
    assert repo.ballot_of(e.id, "c1/1/1/101") == [3]
    [told] = _to(done, FIRST)
    assert "纸质选票（1 候选人甲、2 候选人乙）已不再计入" in told and "（3 候选人丙）" in told


async def _asked_in_the_walk(bot, vote):
    """FIRST at 101's choices in the door walk; SECOND types 101's signature meanwhile;
    FIRST presses 同意 and is asked (登记纸质签字 / 保留纸质签字)."""
    choices = await _at_the_door(bot, FIRST, vote)
    await bot.send(SECOND, f"/paper {vote.id} 1/1/101 反对")
    asked = await bot.press(FIRST, choices["同意"])
    return dict(asked[-1].buttons())


def _rooms(calls):
    return [label for label, _ in calls[-1].buttons()] if calls[-1].buttons() else []


async def test_confirming_over_an_earlier_signature_in_the_door_walk_brings_the_next_doors(repo):  # noqa: E501
    """She confirmed 登记纸质签字 and read that it was recorded, then nothing: the unit's
    other rooms came back after a plain signature, not after this one; she had to send
    /paper N again and find her unit."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        buttons = await _asked_in_the_walk(bot, vote)
        done = await bot.press(FIRST, buttons["登记纸质签字"])
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "agree"}
    assert any(f"已登记 #{vote.id} 的纸质签字" in said for said in _to(done, FIRST))
    rooms = _rooms(done)
    assert "102" in rooms and "101" not in rooms, rooms


async def test_keeping_the_earlier_signature_in_the_door_walk_brings_the_next_doors(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        buttons = await _asked_in_the_walk(bot, vote)
        kept = await bot.press(FIRST, buttons["保留纸质签字"])
    assert repo.current_votes(vote.id) == {"c1/1/1/101": "disagree"}
    assert any("没有登记" in said for said in _to(kept, FIRST)), _to(kept, FIRST)
    rooms = _rooms(kept)
    assert "102" in rooms and "101" not in rooms, rooms


async def test_confirming_over_an_earlier_signature_through_proxy_brings_the_next_doors(repo):
    """/proxy's paper vote goes on to the unit's next doors, as the walk does; over an
    earlier signature, confirmed, it ended at the recording."""
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(FIRST, f"/paper {vote.id} 1/1/102 同意")
        await bot.send(SECOND, "/proxy")
        await bot.press(SECOND, "px:b:0")
        await bot.press(SECOND, "px:u:0")
        await bot.press_label(SECOND, "102", exact=True)
        await bot.press(SECOND, "px:do:vote")
        await bot.press(SECOND, "px:p:0")
        asked = await bot.press(SECOND, "px:c:disagree")
        done = await bot.press(SECOND, dict(asked[-1].buttons())["登记纸质签字"])
    assert repo.current_votes(vote.id) == {"c1/1/1/102": "disagree"}
    rooms = _rooms(done)
    assert "101" in rooms and "102" not in rooms, rooms
