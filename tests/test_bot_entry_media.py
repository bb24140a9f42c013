"""Approvers see and hear what they approve: a report's photos reach every
volunteer's chat and the linked group as one album before the post with the
buttons, a fee's receipt as a photo, a voice report as a voice message; the
same when a volunteer opens the entry from /pending. Each file is uploaded
once and sent by its file_id to the other chats."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.offline import jpeg_bytes
from db.entries import Kind

HOME = "c1/1/1/101"
GROUP = -700


async def report_with_photos(bot, n: int) -> list:
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:lighting")
    await bot.send(7001, "路灯坏了三天了")
    for i in range(n):
        await bot.send_photo(7001, jpeg_bytes((60 + i, 40), label=str(i)))
    await bot.press(7001, "rep:photos")
    await bot.press(7001, "rep:pn")
    return await bot.press(7001, "rep:ok")


def to_chat(calls, chat):
    return [c for c in calls if c.chat_id == chat]


async def test_a_reports_photos_reach_each_approver_and_the_group_as_one_album(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    async with BotHarness(repo) as bot:
        calls = await report_with_photos(bot, 3)
    [issue] = repo.entries(kind=Kind.ISSUE)
    for chat in (101, 102, GROUP):
        mine = to_chat(calls, chat)
        methods = [c.method for c in mine]
        assert methods == ["sendMediaGroup", "sendMessage"], (chat, methods)
        album = mine[0].params["media"]
        assert len(album) == 3 and all(m["type"] == "photo" for m in album)
        assert f"#{issue.id}" in album[0]["caption"] and "3" in album[0]["caption"]
        assert mine[1].buttons()[0][1] == f"q:a:{issue.id}"
        assert "照片见上：3 张" in mine[1].text
    first = to_chat(calls, 101)[0]
    uploads = [m["media"] for m in first.params["media"]]
    assert all(str(u).startswith("attach://") for u in uploads)
    later = [m["media"] for m in to_chat(calls, GROUP)[0].params["media"]]
    assert not any(str(u).startswith("attach://") for u in later)  # sent by file_id
    assert len(set(later)) == 3


async def test_a_single_photo_goes_as_a_photo_with_the_post_after_it(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await report_with_photos(bot, 1)
    mine = to_chat(calls, 102)
    assert [c.method for c in mine] == ["sendPhoto", "sendMessage"]
    assert "#" in mine[0].text


async def test_a_voice_report_reaches_approvers_as_a_voice_message_with_its_length(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:septic")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=23)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["voice_seconds"] == 23
    mine = to_chat(calls, 101)
    assert [c.method for c in mine] == ["sendVoice", "sendMessage"]
    assert mine[0].params["duration"] == 23 and "0:23" in mine[0].text
    name, content = next(iter(mine[0].params["_files"].values()))
    assert content == b"OggS" + b"\1" * 300
    assert "语音留言见上（0:23）" in mine[1].text and "摘要" in mine[1].text
    assert "（语音留言）" not in mine[1].text


async def test_pending_page_shows_the_album_and_the_voice_at_their_buttons(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await report_with_photos(bot, 2)
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:septic")
        await bot.send_voice(7001, duration=5)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        calls = await bot.send(102, "/pending")
        album = await bot.press_label(102, "📷 看照片")  # the page's button of each
        sound = await bot.press_label(102, "🔊 听语音")
    assert [c.method for c in calls] == ["sendMessage", "sendMessage"]  # one page of both
    assert [c.method for c in album] == ["answerCallbackQuery", "sendMediaGroup",
                                         "sendMessage"]
    assert len(album[1].params["media"]) == 2
    assert [c.method for c in sound] == ["answerCallbackQuery", "sendVoice", "sendMessage"]
    assert "语音留言（0:05）：点下面的“#" in calls[1].text and "见上" not in calls[1].text


async def test_a_fees_receipt_photo_goes_before_its_post(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press_label(101, "卫生费")
        buttons = bot.current_buttons(101)[1]
        await bot.press(101, buttons[0][1])  # the first unit / household button
        buttons = bot.current_buttons(101)[1]
        if any(":hh:" in b for _, b in buttons):
            await bot.press(101, next(b for _, b in buttons if ":hh:" in b))
        await bot.send(101, "2025-01")
        await bot.send(101, "120")
        await bot.send_photo(101, jpeg_bytes((90, 60)))
        calls = await bot.press_label(101, "确认登记", exact=True)
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data.get("receipt")
    mine = to_chat(calls, 102)
    assert [c.method for c in mine] == ["sendPhoto", "sendMessage"]
    assert "仅志愿者可见" in mine[0].text
