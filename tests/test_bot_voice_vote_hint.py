"""我同意 said aloud while a vote is open (an elderly resident who speaks rather than press):
the voice was kept and offered as a report or an opinion, nothing said of the vote she
believed she had cast. Now she reads that a voice is no vote, and where to press."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

HOME = "c1/1/1/101"
HINT = "语音不能算作投票"


async def test_a_voice_while_a_vote_is_open_says_it_is_no_vote(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换成 LED",
                         budget_fen=360000, matter="everyday", deadline="2025-12-31")
    async with BotHarness(repo) as bot:
        told = await bot.send_voice(7001, duration=4)
    said = "\n".join(c.text or "" for c in told)
    assert HINT in said and any("用这条语音报事" in t for c in told for t, _ in c.buttons()), said


async def test_a_voice_with_no_vote_open_says_nothing_of_votes(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send_voice(7001, duration=4)
    assert HINT not in "\n".join(c.text or "" for c in told)
