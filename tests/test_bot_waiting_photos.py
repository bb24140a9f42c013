"""A photo sent while her registration waits for a volunteer: her typed words were kept
and offered once it was confirmed, but the photo got 您发的照片没有保存……再发一次
(found trying the real bot as an elderly resident). Now a few are kept, said so, and
offered with a report once her household is confirmed."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from bot.settings import Settings
from db.entries import Kind


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


def _photo(n: int) -> bytes:
    return jpeg_bytes(colour=(40 * n, 90, 200 - 30 * n), label=f"P{n}")


async def test_photos_sent_while_the_household_waits_are_kept_and_offered_with_a_report(repo):
    async with BotHarness(repo) as bot:
        await _register(bot, 7001)
        first = await bot.send_photo(7001, _photo(1), caption="楼道灯坏了")
        second = await bot.send_photo(7001, _photo(2))
        again = await bot.send_photo(7001, _photo(2))  # the same photo twice: kept once
        third = await bot.send_photo(7001, _photo(3))
        fourth = await bot.send_photo(7001, _photo(4))  # one more than is kept
        assert "没有保存" not in first[-1].text
        assert "照片先替您留着（已留 1 张，保留 7 天）" in first[-1].text
        assert "您写的话先替您留着" in first[-1].text  # the caption, as typed words are
        assert "已留 2 张" in second[-1].text and "已留 2 张" in again[-1].text
        assert "已留 3 张" in third[-1].text
        assert "这张照片没有保存：住户确认之前最多替您留 3 张照片" in fourth[0].text
        assert all("等待志愿者确认" in c[-1].text for c in (first, second, fourth))
        # nothing reached a volunteer but the registration's own notice
        assert not any(c.chat_id != 7001 for c in first + second + third + fourth
                       if c.method == "sendMessage")
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
        [told] = [c for c in calls if c.chat_id == 7001]
        assert "登记确认之前您写过：“楼道灯坏了”，还发了 3 张照片" in told.text, told.text
        assert [d for _, d in told.buttons()] == ["rep:said", "op:said"]
        await bot.press(7001, "rep:said")
        await bot.press(7001, "rep:cat:lighting")
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    assert "楼道灯坏了" in summary[-1].text
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.author == pid(repo, 7001) and len(issue.data["photos"]) == 3


async def test_a_photo_alone_while_waiting_is_offered_with_the_report_button(repo):
    async with BotHarness(repo) as bot:
        await _register(bot, 7001)
        await bot.send_photo(7001, _photo(1))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
        [told] = [c for c in calls if c.chat_id == 7001]
        assert "登记确认之前您发了 1 张照片，替您留着" in told.text, told.text
        assert told.buttons() == [("📝 用照片报事", "rep:said")]
        calls = await bot.press(7001, "rep:said")
        assert "是什么问题" in calls[-1].text


async def test_a_photo_too_large_while_waiting_is_said_not_kept(repo):
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        max_photo_bytes=2 * 1024 * 1024)
    async with BotHarness(repo, settings=settings) as bot:
        await _register(bot, 7001)
        calls = await bot.send_photo(7001, b"\xff" * (3 * 1024 * 1024))
        assert "这张照片没能保存（太大了，或者不是图片）" in calls[-1].text
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
    [told] = [c for c in calls if c.chat_id == 7001]
    assert "照片" not in told.text and not told.buttons()


async def test_photos_sent_before_choosing_the_household_are_kept_and_offered_once_confirmed(repo):
    """A photo sent before her household was chosen (her first message, at the picker
    deciding which of her two flats to register, or at 同意，这是我家) got 您发的照片没有保存
    ……再发一次 (walk141): the photo to be found in her gallery again once confirmed. Now
    it is kept as one sent while her registration waits, and offered with a report."""
    async with BotHarness(repo) as bot:
        first = await bot.send_photo(7001, _photo(1))  # her first message
        calls = await bot.send(7001, "/start")
        at_picker = await bot.send_photo(7001, _photo(2))
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        at_consent = await bot.send_photo(7001, _photo(3))
        fourth = await bot.send_photo(7001, _photo(4))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        for calls in (first, at_picker, at_consent):
            text = "\n".join(c.text for c in calls)
            assert "没有保存" not in text and "照片先替您留着" in text, text
            assert "等您的住户登记确认后" not in text
        assert "已留 1 张" in "".join(c.text for c in first)
        assert "已留 3 张" in "".join(c.text for c in at_consent)
        assert "这张照片没有保存：住户确认之前最多替您留 3 张照片" in fourth[0].text
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
        [told] = [c for c in calls if c.chat_id == 7001]
        assert "登记确认之前您发了 3 张照片，替您留着" in told.text, told.text
        await bot.press(7001, "rep:said")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道灯坏了")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 3


async def test_a_photo_at_the_consent_question_brings_the_question_again_not_the_rooms(repo):
    """A photo sent at 登记为…的住户吗？ (同意，这是我家) got the rooms of her unit again
    below what was said of it: the step before, her room to be found again (walk141). Now
    the question comes again with its buttons, and 同意 registers her, the photo kept."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        sent = await bot.send_photo(7001, _photo(1))
        text = "\n".join(c.text for c in sent)
        assert "照片先替您留着（已留 1 张" in text and "请选择房号" not in text, text
        assert "102" in sent[-1].text and "同意，这是我家" in str(sent[-1].buttons())
        back = await bot.press(7001, _data([sent[-1]], "上一步"))  # the rooms, pressed
        assert "请选择房号" in back[-1].text
        again = await bot.send_photo(7001, _photo(2))  # at the rooms: the rooms again
        assert "请选择房号" in again[-1].text
        calls = await bot.press(7001, _data(again, "102"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    assert reg.data["household"] == "c1/1/1/102"
