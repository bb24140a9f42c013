"""What an elderly resident met recording a fee and asking about the money, trying the
real bot on a phone (``steward run`` against the Bot API emulator, the demo street,
December 2026): each test is one thing that went wrong for her, and what she gets now
(the rest: ``test_bot_elderly_phone_walk``)."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from db.entries import Kind


async def test_an_amount_said_after_paid_without_yuan_is_kept(repo):
    """At 您交的是哪项费用？ she typed 卫生费交了一百二: the fee was taken, but after the
    period she was asked 交了多少钱？ again, her 一百二 lost (only an amount with 元 or 块
    was kept). An amount right after 交了 at the end (交了一百二, 交了120) is kept now; a
    year there (交了2025) is not taken for one."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        for said, shown in (("卫生费交了一百二", "¥120.00"), ("卫生费 交了120", "¥120.00"),
                            ("交卫生费了 交了二百", "¥200.00")):
            await bot.send(7001, "缴费登记")
            await bot.send(7001, said)
            receipt = await bot.send(7001, year)
            assert shown in receipt[-1].text and "收据" in receipt[-1].text, said
            await bot.press(7001, "pay:cancel")
        await bot.send(7001, "缴费登记")
        await bot.send(7001, "卫生费交了2025")
        asked = await bot.send(7001, year)
        assert "多少" in asked[-1].text


async def test_a_receipt_photo_sent_before_the_fee_steps_is_the_fees_receipt(repo):
    """She typed 交钱, got the 💰 缴费登记 button and sent the receipt's photo instead of
    pressing it: 照片先替您留着…要用它报事, with only 📝 用照片报事. Now 💰 这是缴费收据 is
    under it too; the fee steps then start with that photo kept as the receipt, to keep
    with one press at the receipt step."""
    from db.entries import Kind

    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "交钱")
        kept = await bot.send_photo(7001, jpeg_bytes((40, 30)))
        assert "go:pay:photo" in [d for _, d in kept[-1].buttons()]
        assert "缴费收据" in kept[-1].text
        await bot.press(7001, "go:pay:photo")
        await bot.send(7001, "卫生费")
        await bot.send(7001, year)
        asked = await bot.send(7001, "120")
        assert "收据照片已保留" in asked[-1].text
        summary = await bot.press(7001, next(d for _, d in asked[-1].buttons() if "keep" in d))
        assert "收据照片：有" in summary[-1].text
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("pay:ok")))
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["receipt"]


async def test_the_fee_button_elsewhere_does_not_take_a_photo_kept_for_a_report(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))  # the broken light
        await bot.press(7001, "go:pay")  # under 交钱, say
        await bot.send(7001, "卫生费")
        await bot.send(7001, year)
        asked = await bot.send(7001, "120")
        assert "收据照片已保留" not in asked[-1].text and "请发一张收据照片" in asked[-1].text
        from bot import said_photos
        assert len(bot.app.user_data[7001][said_photos.KEPT]) == 2  # still kept: one photo


async def test_a_question_on_the_money_typed_is_offered_the_accounts_first(repo):
    """上个月的钱都花哪了 got three ways to send it (a public question, an opinion, a
    report), not the accounts that answer it: 📒 先看看账目 is the first button now, the
    public question next."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "上个月的钱都花哪了")
        data = [d for _, d in offered[-1].buttons()]
        assert data[:2] == ["go:accounts", "ask:said"]
        shown = await bot.press(7001, "go:accounts")
    assert "结余" in shown[-1].text


async def test_a_receipt_photo_sent_before_its_step_is_kept_as_the_receipt(repo):
    """At 交了多少钱？ she sent the receipt's photo (she had it in hand): 这张照片没有保存：
    这一步不收照片, and the ¥120 button a scroll away. It is kept as the receipt now, the
    question asked again with its buttons; at the receipt step one press keeps it."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "缴费登记")
        await bot.send(7001, "卫生费")
        await bot.send(7001, year)
        early = await bot.send_photo(7001, jpeg_bytes((40, 30)))
        told = "\n".join(c.text for c in early)
        assert "收据照片先收下了" in told and "没有保存" not in told
        assert "交了多少钱" in early[-1].text and early[-1].buttons()  # asked again, buttons
        asked = await bot.send(7001, "120")
        assert "收据照片已保留" in asked[-1].text
        summary = await bot.press(7001, "pay:keep:receipt")
        assert "收据照片：有" in summary[-1].text
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("pay:ok")))
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["receipt"]


async def test_yes_typed_at_the_receipt_step_keeps_the_receipt_sent(repo):
    """Her receipt photo kept, asked 您发的收据照片已保留：不改请点“不改，继续”, she typed
    好的 and read 金额还是 ¥120.00，没有改。请发一张收据照片: asked for the photo she had
    sent. 好的 there keeps it now (the summary), and other words say it is kept."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "缴费登记")
        await bot.send(7001, "卫生费")
        await bot.send(7001, year)
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        await bot.send(7001, "120")
        other = await bot.send(7001, "嗯嗯嗯这个")
        assert "请发一张收据照片" not in other[-1].text and "收据照片已保留" in other[-1].text
        summary = await bot.send(7001, "好的")
    assert "收据照片：有" in summary[-1].text
