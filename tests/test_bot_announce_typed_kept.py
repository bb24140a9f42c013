"""The text typed with /announce counts as entered: left by a menu button (at the areas,
for a volunteer of two areas, or at the preview), it is kept with 继续填写 as any draft
left in the middle is. Before, 账目 pressed at 哪个管理区域？ after /announce 明天上午停水
dropped the text without a word (the start that took it counted as nothing entered), and
/announce again asked for the text afresh."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

TITLE = "公告（/announce）"


def _kept_note(calls):
    [note] = [c for c in calls if f"您没填完的“{TITLE}”先为您保留" in c.text]
    return note


async def _go_on(bot: BotHarness, tid: int, note):
    [data] = [d for label, d in note.buttons() if label == "继续填写"]
    return await bot.press(tid, data)


async def test_text_typed_with_announce_is_kept_when_a_menu_button_is_pressed_at_the_areas(
        repo):
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    async with BotHarness(repo) as bot:
        areas = await bot.send(103, "/announce 明天上午停水")
        assert "哪个管理区域" in areas[-1].text
        note = _kept_note(await bot.send(103, "账目"))
        calls = await _go_on(bot, 103, note)
        assert "明天上午停水" in "".join(c.text for c in calls)
        assert "哪个管理区域" in calls[-1].text
        [east] = [d for label, d in calls[-1].buttons() if label == "东小区"]
        preview = await bot.press(103, east)
        assert "明天上午停水" in preview[-1].text and "确认发送" in preview[-1].text
        [send] = [d for label, d in preview[-1].buttons() if label.startswith("📢")]
        await bot.press(103, send)
    [a] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert a.data["text"] == "明天上午停水" and a.area == "east"


async def test_text_typed_with_announce_is_kept_when_a_menu_button_is_pressed_at_the_preview(
        repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 明天上午停水")
        assert "确认发送" in preview[-1].text
        note = _kept_note(await bot.send(101, "账目"))
        calls = await _go_on(bot, 101, note)
        assert "明天上午停水" in calls[-1].text and "确认发送" in calls[-1].text


async def test_announce_alone_left_at_once_keeps_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/announce")
        quiet = await bot.send(101, "账目")
    assert TITLE not in "".join(c.text for c in quiet)


async def test_a_volunteer_of_two_areas_names_the_area_first(repo):
    """/announce 东小区 明天上午停水 by a volunteer of 东小区 and 西小区: 东小区 is the area,
    明天上午停水 the text. Before, only the area's id (east) was taken there; its name went
    into the announcement (东小区 明天上午停水) and the areas were asked anyway."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    async with BotHarness(repo) as bot:
        preview = await bot.send(103, "/announce 东小区 明天上午停水")
    assert "公告预览（东小区）" in preview[-1].text, preview[-1].text
    assert "：\n明天上午停水" in preview[-1].text and "东小区 明天上午停水" not in preview[-1].text
