"""/report's place, the unit typed instead of pressed: at "东小区 1号楼：哪个单元？" a
resident types 1单元 (or 整栋楼) as she is asked. It went on the description's end and
the buildings were asked again, the building she had pressed forgotten (found trying
the real ``steward run`` as an elderly resident)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def _at_units(bot):
    """A report of a stair light taken to 东小区 1号楼's units."""
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:lighting")
    await bot.send(7001, "楼道灯坏了")
    await bot.press(7001, "rep:photos")
    return await bot.press(7001, "rep:pb:0:0")


async def test_a_unit_typed_at_the_units_question_is_that_buildings_unit(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        asked = await _at_units(bot)
        assert "哪个单元" in asked[-1].text
        summary = await bot.send(7001, "1单元")
        assert "请核对" in summary[-1].text
        assert "位置：东小区 1号楼 1单元" in summary[-1].text
        assert "描述：楼道灯坏了\n" in summary[-1].text  # nothing added to it
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道灯坏了"
    assert (issue.data["building"], issue.data["unit"]) == ("1", "1")


async def test_the_whole_building_typed_at_the_units_question_takes_the_building(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_units(bot)
        summary = await bot.send(7001, "整栋楼")
        assert "位置：东小区 1号楼\n" in summary[-1].text
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["building"] == "1" and "unit" not in issue.data


async def test_other_words_at_the_units_question_ask_the_same_buildings_units_again(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_units(bot)
        again = await bot.send(7001, "在三楼拐角")
        assert "您写的话已加在描述后面：在三楼拐角" in again[0].text
        assert "东小区 1号楼：哪个单元" in again[-1].text  # not the buildings again
        summary = await bot.send(7001, "一单元")
        assert "位置：东小区 1号楼 1单元" in summary[-1].text
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道灯坏了\n在三楼拐角"


async def test_her_own_unit_is_offered_and_taken_when_she_types_my_home(repo):
    """就在我家 typed at 在哪里？ went on the description's end and the buildings were
    asked again: a leak in her kitchen is in her own unit. 🏠 我家这个单元 is a button
    under the buildings, and 就在我家 typed is taken as it."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:pipes")
        await bot.send(7001, "厨房水管漏水")
        asked = await bot.press(7001, "rep:photos")
        assert ("🏠 我家这个单元：东小区 1号楼 1单元", "rep:pu:0:0:0") in asked[-1].buttons()
        summary = await bot.send(7001, "就在我家")
        assert "位置：东小区 1号楼 1单元" in summary[-1].text
        assert "描述：厨房水管漏水\n" in summary[-1].text
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert (issue.data["building"], issue.data["unit"], issue.data["text"]) == \
        ("1", "1", "厨房水管漏水")

