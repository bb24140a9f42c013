"""/expense: a volunteer who sent the receipt's photo at the category step (the receipt
first, as it lies on the table) read 这张照片没有保存：这一步不收照片, and three steps on
was asked for the same photo again. Now a photo sent before the receipt's step is kept
as the receipt: she is told so, the step is asked again, and at the receipt's step only
whether it may be published is asked."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes

from db.entries import Kind, Status


async def _to_the_category(bot: BotHarness) -> list:
    await bot.send(101, "/expense")
    await bot.send(101, "35")
    await bot.send(101, "五金店")
    return await bot.send(101, "更换3号楼路灯灯泡")


async def test_a_photo_sent_at_the_category_step_is_kept_as_the_receipt(repo):
    async with BotHarness(repo) as bot:
        await _to_the_category(bot)
        said = await bot.send_photo(101, jpeg_bytes())
        text = "\n".join(c.text for c in said)
        assert "没有保存" not in text, text
        assert "收据" in text and "保存" in text, text
        assert "哪一类" in said[-1].text  # the category asked again, with its buttons
        assert any(d == "exp:cat:lighting" for _, d in said[-1].buttons())
        public = await bot.press(101, "exp:cat:lighting")
        assert "公开" in public[-1].text and "发票照片" not in public[-1].text.split("\n")[-1]
        assert any(d == "exp:pub:1" for _, d in public[-1].buttons())  # not the photo again
        summary = await bot.press(101, "exp:pub:1")
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["receipt"] and entry.data["receipt_public"] is True


async def test_a_second_photo_before_the_receipt_step_is_said_not_kept(repo):
    async with BotHarness(repo) as bot:
        await _to_the_category(bot)
        await bot.send_photo(101, jpeg_bytes())
        again = await bot.send_photo(101, jpeg_bytes())
        assert "没有保存" in again[0].text and "已经有" in again[0].text, again[0].text
        assert "哪一类" in again[-1].text


async def test_a_photo_sent_just_before_the_expense_is_its_receipt(repo):
    """The receipt photographed first, outside any flow (照片收到了，还没有保存…, kept for
    a note on site), then /expense: it was asked for again at the end, and the photo
    waited for a note never written. Now it is the expense's receipt, said so at once."""
    async with BotHarness(repo) as bot:
        kept = await bot.send_photo(101, jpeg_bytes())
        assert "/expense" in kept[-1].text  # the photo's answer says how to use it so
        said = await bot.send(101, "/expense")
        texts = [c.text for c in said if c.text]
        assert "刚才发的那张照片已作为这笔支出的收据" in texts[0], texts
        assert "花了多少钱" in said[-1].text
        await _to_the_category_from_the_amount(bot)
        public = await bot.press(101, "exp:cat:lighting")
        assert any(d == "exp:pub:0" for _, d in public[-1].buttons()), public[-1].text
        summary = await bot.press(101, "exp:pub:0")
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
        note = await bot.send(101, "12 已修好")  # no photo waits for a note any more
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["receipt"] and entry.data["receipt_public"] is False
    assert not any("照片" in c.text and "一起" in c.text for c in note)


async def _to_the_category_from_the_amount(bot: BotHarness) -> None:
    await bot.send(101, "35")
    await bot.send(101, "五金店")
    await bot.send(101, "更换3号楼路灯灯泡")
