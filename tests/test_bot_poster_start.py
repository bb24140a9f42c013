"""A compound's poster (the site's poster-<compound>.md) has its own QR code into the bot,
``t.me/<bot>?start=c-<compound id>``: a resident who scans it at her building's door is
asked for her room in that compound at once. Before, every poster opened the bot at the
street's list of compounds, and an old resident had to find hers among them (found on a
field walk: 盐业小区's poster, five compounds to choose from)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


async def test_a_poster_scanned_asks_for_a_room_in_its_compound_not_for_the_compound(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start c-c2")
        rooms = [text for text, _ in calls[-1].buttons()]
        back = await bot.press_label(7001, "上一步")  # another compound's poster, at a friend's
    assert "西小区" in calls[-1].text, calls[-1].text
    assert "101" in rooms and "102" in rooms and "东小区" not in rooms, rooms
    assert [text for text, _ in back[-1].buttons()] == ["东小区", "西小区"]


async def test_a_start_naming_no_compound_of_the_street_shows_every_compound(repo):
    async with BotHarness(repo) as bot:
        for said in ("/start c-nowhere", "/start c-", "/start xyz", "/start c-c1 c-c2"):
            calls = await bot.send(7001, said)
            assert [text for text, _ in calls[-1].buttons()] == ["东小区", "西小区"], said


async def test_a_registered_resident_scanning_a_poster_sees_her_home_as_at_start(repo):
    confirmed_resident(repo, 7002, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7002, "/start c-c2")
    assert "您的住户：东小区" in calls[-1].text, calls[-1].text
