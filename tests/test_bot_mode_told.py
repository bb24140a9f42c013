"""A change of an area's mode is told to its volunteers: when the admin recorded that
城建小区 is now managed by its committee (/mode chengjian 物管会 #396 …), its grid workers,
who run it, heard nothing of it (steward demo, then /mode as the admin)."""

from __future__ import annotations

from bot_harness import BotHarness

ADMIN = 900


async def test_the_areas_volunteers_are_told_the_new_mode_once(repo):
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, "/mode west 物管会 居民推选物管会")
        await bot.press(ADMIN, "mode:body")
        await bot.send(ADMIN, "西小区物管会")
        done = await bot.press_label(ADMIN, "记录这一变化")
        again = await bot.press_label(ADMIN, "记录这一变化")  # an old button: nothing more
    told = [c.text for c in done if c.chat_id == 103]
    assert told and "西小区自" in told[0] and "起的管理方式为物管会，管理主体：西小区物管会" in \
        told[0] and "理由：居民推选物管会" in told[0], told
    assert not [c for c in done if c.chat_id in (101, 102)]  # east's volunteers: not theirs
    assert not [c for c in again if c.chat_id == 103]
    assert repo.mode_history("west")[-1]["mode"] == "committee"
