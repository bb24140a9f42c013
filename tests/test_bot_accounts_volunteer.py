"""账目 pressed by a volunteer of one area who lives elsewhere shows that area's accounts:
it asked 账目是公开的。您想看哪个小区？ with every area of the street, hers among them
(found with steward chat as 盐业小区·市药材小区's grid worker). A volunteer of several
areas, or someone of none, is still asked which."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid


async def test_a_volunteer_of_one_area_sees_its_accounts_at_once(repo):
    pid(repo, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "账目")
        stranger = await bot.send(4242, "账目")
    said = [c.text for c in calls if c.chat_id == 101]
    assert said and said[-1].startswith("东小区账目"), said
    assert "您想看哪个小区" in [c.text for c in stranger if c.chat_id == 4242][-1]
