"""A vote button pressed after the vote ended (an old announcement's, or a minute after
midnight before the bot counted): the resident is told the press was not recorded and
how the vote ended, or that it is being counted; before, 这个提议的投票已经结束 alone."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, past_deadline, pid

from db.entries import Kind


def _proposal(repo):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="保洁排班", description="",
                                budget_fen=0, matter="everyday", deadline="2025-01-10")


async def test_a_press_after_the_deadline_before_the_count_is_told_it_is_being_counted(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        past_deadline(repo, p.id)  # the day is over; the bot has not counted it yet
        late = await bot.press(7001, f"vote:{p.id}:agree")
    text = late[-1].text
    assert text == (f"提议 #{p.id} 的投票已经结束，这次点的没有记录。"
                    "2025-01-10 24 时已经截止，正在计票，结果会在这里发给您。"), text
    assert not repo.entries(kind=Kind.VOTE)


async def test_a_press_after_the_close_says_how_it_ended_in_chinese_and_english(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.set_language(pid(repo, 7002), "en")
    p = _proposal(repo)
    repo.cast_vote(pid(repo, 7001), p.id, "agree")
    close_when_due(repo, p.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        zh = await bot.press(7001, f"vote:{p.id}:disagree")
        en = await bot.press(7002, f"vote:{p.id}:agree")
    assert zh[-1].text == f"提议 #{p.id} 的投票已经结束，这次点的没有记录。结果：通过。"
    assert en[-1].text == (f"Voting on proposal #{p.id} has ended; this press was not "
                           "recorded. Result: it passed.")
    assert len(repo.entries(kind=Kind.VOTE)) == 1
