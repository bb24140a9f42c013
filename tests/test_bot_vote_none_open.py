"""投票 with nothing open: it said only "东小区目前没有正在表决的提议。" and stopped, a
dead end (found trying the real ``steward run`` as an elderly resident). Now it says
that a new one will be sent to her here, and where the past votes are."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

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
