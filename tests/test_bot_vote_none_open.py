"""投票 with nothing open: it said only "东小区目前没有正在表决的提议。" and stopped, a
dead end (found trying the real ``steward run`` as an elderly resident). Now it says
that a new one will be sent to her here, and where the past votes are."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid

from bot.settings import Settings


async def test_vote_with_nothing_open_says_what_comes_next_and_where_past_votes_are(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as bot:
        told = await bot.send(7001, "投票")
    assert "东小区目前没有正在表决的提议。" in told[-1].text
    assert "有新的提议要表决时，我会在这里发给您" in told[-1].text
    assert "https://example.org/areas/east/votes/" in told[-1].text


async def test_vote_after_a_vote_ended_says_how_the_latest_one_came_out(repo):
    """Tried on the demo (vote #520 closed early, as resident 7000023): she pressed 投票 to
    see how it came out and read only that none is open and a web address."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="院内路面硬化", description="",
                             budget_fen=0, matter="everyday", deadline="2025-01-02")
    repo.cast_vote(pid(repo, 7001), p.id, "agree")
    closed, _ = close_when_due(repo, p.id, pid(repo, 101))
    day = next(h["at"] for h in reversed(closed.history) if h.get("to") == "passed")[:10]
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, "投票")
    assert f"最近一次表决：#{p.id} 院内路面硬化，{day} 结束，通过。" in told[-1].text, \
        told[-1].text
