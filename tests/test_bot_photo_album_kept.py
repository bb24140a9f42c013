"""Photos sent straight into the chat outside a flow (kept for the report she starts
from them, ``bot.said_photos``), found trying the bot as an elderly resident: an album
(several photos at once; Telegram sends one message per photo, with one
``media_group_id``) got one answer per photo, each with its own buttons, 现在有 1 张,
现在有 2 张…; and a photo the same as one kept already was dropped in silence, the
count left as it was. Now an album gets one answer, its count changed as its photos
come, and a photo not added is said so."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


def _album_photo(bot, data: bytes, group: str) -> dict:
    file_id = f"album{len(bot.request.files) + 1}"
    bot.request.files[file_id] = data
    return {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 64,
                       "height": 48, "file_size": len(data)}], "media_group_id": group}


async def test_an_album_gets_one_answer_with_its_count(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = []
        for size in ((40, 30), (50, 40), (60, 50)):
            calls += await bot.send_raw(7001, **_album_photo(bot, jpeg_bytes(size), "a1"))
        sent = [c for c in calls if c.method == "sendMessage"]
        assert len(sent) == 1, [c.text for c in sent]
        assert "现在有 1 张" in sent[0].text
        edits = [c for c in calls if c.method == "editMessageText"]
        assert edits and "现在有 3 张" in edits[-1].text
        assert [d for _, d in edits[-1].buttons()] == ["rep:said", "go:pay:photo"]
        # another album later gets its own answer
        later = await bot.send_raw(7001, **_album_photo(bot, jpeg_bytes((70, 60)), "a2"))
        assert [c.method for c in later].count("sendMessage") == 1
        assert "现在有 4 张" in later[-1].text
        await bot.press(7001, "rep:said")
        await bot.press(7001, "rep:cat:pipes")
        await bot.send(7001, "厨房水管漏水")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 4


async def test_the_same_photo_twice_is_said_not_to_be_added(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        again = await bot.send_photo(7001, jpeg_bytes((40, 30)))
        assert "现在有 1 张" in again[-1].text
        assert "有 1 张和已经留着的照片一样，没有重复添加" in again[-1].text
        calls = []  # in an album: counted in its one answer
        for size in ((50, 40), (50, 40)):
            calls += await bot.send_raw(7001, **_album_photo(bot, jpeg_bytes(size), "b1"))
        assert "现在有 2 张" in calls[-1].text and "有 1 张和已经留着" in calls[-1].text
