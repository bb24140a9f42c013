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
        # (or, a fee's receipt: 💰 这是缴费收据, test_bot_elderly_phone_walk)
        assert [d for _, d in told[-1].buttons()] == ["rep:said", "go:pay:photo"]
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


async def test_a_photo_never_reported_is_dropped_after_its_day_and_she_is_told(repo,
                                                                             monkeypatch):
    """Kept a day for the report started from it, then dropped (her data saved without
    it, so the media sweep deletes the file), and she is told once; it stayed named in
    her data for good."""
    import time
    import types

    from bot import kept, said_photos
    from bot.settings import Settings

    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        assert said_photos.KEPT in bot.app.user_data[7001]
        assert said_photos.KEPT in repo.store.get("bot/state", "users", 7001)["data"]
        job = types.SimpleNamespace(application=bot.app)
        now = [time.time() + said_photos.WINDOW - 60]
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: now[0]))
        await kept.sweep_kept(job)
        assert said_photos.KEPT in bot.app.user_data[7001]  # within its day: kept
        now[0] += 120
        await kept.sweep_kept(job)
        assert said_photos.KEPT not in bot.app.user_data[7001]
        assert "您发来的 1 张照片没有用来报事" in bot.texts_to(7001)[-1]
        told = len(bot.texts_to(7001))
        await kept.sweep_kept(job)
        assert len(bot.texts_to(7001)) == told  # told once
        started = await bot.send(7001, "报事")
        assert "是什么问题" in started[-1].text
    saved = repo.store.get("bot/state", "users", 7001) or {}
    assert said_photos.KEPT not in (saved.get("data") or {})


async def test_a_volunteer_living_in_the_area_has_their_photo_kept_too(repo):
    # found in the real steward run: a volunteer who is also a resident read "not kept,
    # press 报事 and send this photo again when asked"
    confirmed_resident(repo, 102, HOME, 101)  # 102 volunteers for east and lives there
    async with BotHarness(repo) as bot:
        told = await bot.send_photo(102, jpeg_bytes((40, 30)))
        assert "照片先替您留着（现在有 1 张）" in told[-1].text
        assert "报事编号" in told[-1].text  # how it goes with a report's progress instead
        # (or, a fee's receipt: 💰 这是缴费收据, test_bot_elderly_phone_walk)
        assert [d for _, d in told[-1].buttons()] == ["rep:said", "go:pay:photo"]
        await bot.press(102, "rep:said")
        await bot.press(102, "rep:cat:pipes")
        photos = await bot.send(102, "厨房水管漏水")
        assert "已收到 1 张照片" in photos[-1].text
        await bot.press(102, "rep:photos")
        await bot.press(102, "rep:pn")
        await bot.press(102, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1 and issue.data["text"] == "厨房水管漏水"
