"""A receipt photo sent at 缴费登记's summary: the same one again (the network was slow)
is said received already; one found after 没有收据 was pressed becomes the receipt. Each
was 这张照片没有保存：这一步不收照片, as if her receipt were missing."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _fees(repo):
    return repo.entries(kind=Kind.FEE_INCOME)


async def _to_receipt(bot):
    await bot.send(7001, "/pay")
    await bot.press(7001, "pay:fee:property")
    await bot.press(7001, "pay:per:2025-01")
    return await bot.send(7001, "120")


async def test_the_same_receipt_sent_again_at_the_summary_is_said_received(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    photo = jpeg_bytes()
    async with BotHarness(repo) as bot:
        await _to_receipt(bot)
        first = await bot.send_photo(7001, photo)
        assert "收据照片：有" in first[-1].text
        calls = await bot.send_photo(7001, photo)
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "这张收据刚才已经收到了，不用再发。"
        assert "请核对您的缴费登记" in texts[-1] and calls[-1].buttons()
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["receipt"]


async def test_a_receipt_found_after_no_receipt_was_pressed_is_taken(repo):
    """She pressed 没有收据，继续, then found it in her bag and sent its photo at the
    summary: 这张照片没有保存, to start again from the fee to attach it."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_receipt(bot)
        summary = await bot.press(7001, "pay:skip")
        assert "收据照片：无" in summary[-1].text
        calls = await bot.send_photo(7001, jpeg_bytes())
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "收据照片已附上，还没有提交。"
        assert "收据照片：有" in texts[-1]
        await bot.press(7001, [d for _, d in calls[-1].buttons() if d.startswith("pay:ok")][0])
    [fee] = _fees(repo)
    assert fee.data["receipt"]


async def test_a_receipt_at_the_summary_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await _to_receipt(bot)
        await bot.press(7001, "pay:skip")
        calls = await bot.send_photo(7001, jpeg_bytes())
    assert [c.text for c in calls if c.text][0] == ("The receipt photo is attached; nothing "
                                                   "is sent yet.")
