"""A vote closed at its deadline, then a stop (a kill, or a stop that cancels the job)
before anyone was told its result: the next start told nobody, ever. ``resume_results``
took a result nobody had been told as one "not begun here" and left it; the close is
written first and its telling follows, so a stop between the two lost the telling for
good. Now such a result, closed within ``RESUME_DAYS``, is told at the next start as it
would have been: by day to the residents and volunteers, at night to the volunteers
(the residents' telling is the morning's), each once."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.handlers.vote_results import resume_results
from db.repository import CHINA_TZ


def _closed_untold(repo, hour: int):  # type: ignore[no-untyped-def]
    voted = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.clock.now = datetime(2024, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="加装电梯", description="",
                                    budget_fen=0, rule="civil_code_278",
                                    deadline="2025-01-01")
    repo.cast_vote(voted, proposal.id, "agree")
    repo.clock.now = datetime(2025, 1, 2, hour, 2, tzinfo=CHINA_TZ)
    [(closed, _)] = repo.close_overdue()  # written; the stop came before any telling
    return closed


def _told(bot, proposal_id: int) -> list[int]:
    return sorted(c.chat_id for c in bot.sent("sendMessage") if f"#{proposal_id}" in c.text)


async def test_a_result_closed_by_day_and_told_to_nobody_is_told_at_the_next_start(repo):
    proposal = _closed_untold(repo, 9)
    async with BotHarness(repo) as bot:
        context = CallbackContext(bot.app)
        await resume_results(context)
        await resume_results(context)  # a second start tells nobody again
    assert _told(bot, proposal.id) == [101, 102, 5001, 5002]


async def test_a_result_closed_at_night_and_told_to_nobody_goes_to_the_volunteers(repo):
    proposal = _closed_untold(repo, 0)
    async with BotHarness(repo) as bot:
        await resume_results(CallbackContext(bot.app))
    assert _told(bot, proposal.id) == [101, 102]  # the residents: in the morning


async def test_a_result_closed_after_the_clocks_now_is_not_told_at_a_start(repo):
    """A clock set back (or a street generated ahead of it, as the benchmark's): a vote
    "closed" later than now is no result cut short; telling every such one at each start
    sent the benchmark street's 116,000 old results again."""
    proposal = _closed_untold(repo, 9)
    repo.clock.now = datetime(2025, 1, 1, 9, 0, tzinfo=CHINA_TZ)  # before the close
    async with BotHarness(repo) as bot:
        await resume_results(CallbackContext(bot.app))
    assert _told(bot, proposal.id) == []
