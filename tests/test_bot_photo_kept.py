"""A photo sent straight into the chat by a resident, without a flow: it was "not
kept…press 报事 and send this photo again when asked", and she had to find it in her
gallery again (found trying the real ``steward run`` as an elderly resident). It is
kept, and 📝 用照片报事 starts the report with it."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_a_photo_sent_first_is_the_reports_photo_after_one_press(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send_photo(7001, jpeg_bytes((40, 30)))
        assert "照片先替您留着（现在有 1 张）" in told[-1].text
        assert [d for _, d in told[-1].buttons()] == ["rep:said"]
        again = await bot.send_photo(7001, jpeg_bytes((40, 30)))  # the same photo twice
        assert "现在有 1 张" in again[-1].text
        await bot.press(7001, "rep:said")
        await bot.press(7001, "rep:cat:pipes")
        photos = await bot.send(7001, "厨房水管漏水")
        assert "已收到 1 张照片" in photos[-1].text  # the photo sent first is there
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1 and issue.data["text"] == "厨房水管漏水"


async def test_a_photo_with_words_starts_the_report_with_both(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)), caption="楼道灯坏了")
        started = await bot.press(7001, "rep:said")
        assert any("类别：路灯照明" in c.text for c in started)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1 and issue.data["text"] == "楼道灯坏了"
