"""Photos kept for her expire: those sent before her household was confirmed were dropped
after 24 hours while her registration could wait days, she read "press 报事 and send it
again" while 报事 refused her, and the confirmation that promised to offer them said
nothing (walk141). Now they are kept a week, and when they are gone what she expected
them under says so."""

from __future__ import annotations

import time
import types

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from bot import kept, said_photos
from bot.settings import Settings
from db.entries import Kind

DAY = 24 * 3600


def _data(calls, label_part: str) -> str:
    for call in calls:
        for text, data in call.buttons():
            if label_part in text:
                return data
    raise AssertionError(f"no button with {label_part!r}")


async def _register(bot, uid: int) -> None:
    calls = await bot.send(uid, "/start")
    calls = await bot.press(uid, _data(calls, "东小区"))
    calls = await bot.press(uid, _data(calls, "102"))
    await bot.press(uid, _data(calls, "同意，这是我家"))


def _settings(repo) -> Settings:
    return Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                    site_url="https://example.org/")


async def test_photos_sent_while_waiting_are_kept_a_week_then_told_gone_and_again_when_confirmed(
        repo, monkeypatch):
    async with BotHarness(repo, settings=_settings(repo)) as bot:
        await _register(bot, 7001)
        sent = await bot.send_photo(7001, jpeg_bytes((40, 30)))
        assert "已留 1 张，保留 7 天" in sent[-1].text
        job = types.SimpleNamespace(application=bot.app)
        now = [time.time() + DAY + 3600]  # a day and an hour on: the registration waits
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: now[0]))
        told = len(bot.texts_to(7001))
        await kept.sweep_kept(job)
        assert said_photos.KEPT in bot.app.user_data[7001]
        assert len(bot.texts_to(7001)) == told  # nothing said: kept still
        now[0] = time.time() + 7 * DAY + 60
        await kept.sweep_kept(job)
        assert said_photos.KEPT not in bot.app.user_data[7001]
        said = bot.texts_to(7001)[-1]
        assert "您在住户确认之前发来的 1 张照片，已替您留了 7 天，现在删掉了" in said, said
        assert "等住户确认后" in said
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
        texts = [c.text for c in calls if c.chat_id == 7001]
        assert "已确认" in texts[0]
        assert any("您之前发来的 1 张照片只替您留了 7 天，已经删掉了" in t for t in texts), texts


async def test_report_with_photo_pressed_after_its_photo_was_dropped_says_it_is_gone(
        repo, monkeypatch):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=_settings(repo)) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        job = types.SimpleNamespace(application=bot.app)
        later = time.time() + DAY + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        await kept.sweep_kept(job)
        calls = await bot.press(7001, "rep:said")  # 📝 用照片报事, under the photo, next day
        text = "\n".join(c.text for c in calls)
        assert "您之前发来的 1 张照片只替您留了 24 小时，已经删掉了" in text, text
        assert "是什么问题" in calls[-1].text
        again = await bot.press(7001, "rep:cancel")
        calls = await bot.press(7001, "rep:said")
    assert again and "删掉了" not in "\n".join(c.text for c in calls)  # said once


async def test_receipt_button_pressed_after_its_photo_was_dropped_says_it_is_gone(
        repo, monkeypatch):
    """💰 这是缴费收据 under a photo dropped since: the fee started with no receipt and no
    word of it; now it says the photo is gone and to send it again when asked."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=_settings(repo)) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        job = types.SimpleNamespace(application=bot.app)
        later = time.time() + DAY + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        await kept.sweep_kept(job)
        calls = await bot.press(7001, "go:pay:photo")
    text = "\n".join(c.text for c in calls)
    assert "您之前发来的照片只替您留了 24 小时，已经删掉了：问到收据照片时" in text, text
    assert "哪项费用" in calls[-1].text
