"""The same paper signature typed twice (/paper 532 1/1/101 同意, then again: the sheet
read out once more, or a second volunteer with the same sheet) asked 要改为登记纸质签字
“同意”（#532）吗？以后一次为准… over a signature “同意”, and its 登记纸质签字 recorded a
second one and told the household's residents of a change that was none. Found playing
a grid worker in steward chat on the demo."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


async def test_the_same_signature_typed_again_is_said_recorded_and_nothing_is_asked(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id} 1/1/101 同意")
        again = await bot.send(101, f"/paper {vote.id} 1/1/101 同意")
        other = await bot.send(101, f"/paper {vote.id} 1/1/101 反对")
    [said] = [c for c in again if c.text]
    assert said.chat_id == 101 and not said.buttons(), said.text
    assert said.text.startswith("东小区 1号楼 1单元 101 的纸质签字“同意”已在 ") and \
        said.text.endswith("由物管会委员乙登记过，这次没有改动。"), said.text
    assert not any(c.chat_id == 5001 for c in again)  # nobody told of a change
    votes = [e for e in repo.entries(area="east", kind=Kind.VOTE)]
    assert [e.status for e in votes] == [Status.COUNTED], votes  # one signature
    # another choice is still asked about, with its buttons
    [asked] = [c for c in other if c.text]
    assert "要改为登记纸质签字“反对”" in asked.text and asked.buttons(), asked.text


async def test_the_same_paper_ballot_typed_again_is_said_recorded_and_nothing_is_asked(repo):
    from test_bot_election import _election

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    e = _election(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {e.id} 1/1/101 1,3")
        again = await bot.send(101, f"/paper {e.id} 1/1/101 3,1")  # the same, read otherwise
        other = await bot.send(101, f"/paper {e.id} 1/1/101 2")
    [said] = [c for c in again if c.text]
    assert said.chat_id == 101 and not said.buttons(), said.text
    assert said.text.startswith("东小区 1号楼 1单元 101 的纸质选票（1 候选人甲（退休教师）、"
                                "3 候选人丙（楼长））已在 "), said.text
    assert said.text.endswith("由物管会委员乙登记过，这次没有改动。"), said.text
    assert not any(c.chat_id == 5001 for c in again)
    assert [v.status for v in repo.entries(area="east", kind=Kind.VOTE)] == [Status.COUNTED]
    [asked] = [c for c in other if c.text]
    assert asked.buttons(), asked.text  # another ballot is still asked about
