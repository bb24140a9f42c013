"""/accounts' "this month" is net of the month's reversals, as the site's months are:
a November fee reversed in December makes December's income negative. A volunteer
trying it read 本月：收入 -¥400.00 with nothing to say why; a line now says why."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import CHINA_TZ, confirmed_resident, pid

from db.entries import Kind


async def test_a_month_below_zero_says_it_is_a_reversal_of_an_earlier_month(repo, clock):
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    clock.now = datetime(2025, 11, 20, 9, 0, tzinfo=CHINA_TZ)
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 40000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        [november] = await bot.send(201, "/accounts")
        clock.now = datetime(2025, 12, 3, 9, 0, tzinfo=CHINA_TZ)
        reversal = repo.reverse("east", 1, pid(repo, 101), "记错了住户")
        repo.approve(reversal.id, pid(repo, 102))
        [december] = await bot.send(201, "/accounts")
    assert "收入 ¥400.00" in november.text and "冲正" not in november.text
    assert "本月（2025年12月）：收入 -¥400.00" in december.text, december.text
    assert "冲正了以前月份的账" in december.text


async def test_the_month_and_a_fees_period_are_said_as_people_write_them(repo, clock):
    """/accounts said 本月（2025-12） and /pay offered buttons 2025-12 and 2025 and a
    summary 期间：2025-12: the way a database writes a month, not an elderly reader.
    Now 2025年12月, 2025年 (English: December 2025); the period stored stays 2025-12."""
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    clock.now = datetime(2025, 12, 3, 9, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        [accounts] = await bot.send(201, "/accounts")
        await bot.send(201, "/pay")
        periods = await bot.press(201, "pay:fee:property")
        await bot.press(201, "pay:per:2025-12")
        await bot.send(201, "120")
        summary = await bot.press(201, "pay:skip")
        await bot.send(201, "/language")
        await bot.press_label(201, "English")
        [english] = await bot.send(201, "/accounts")
    assert "本月（2025年12月）" in accounts.text
    labels = [label for label, data in periods[-1].buttons() if data.startswith("pay:per:")]
    assert "2025年12月" in labels and all("-" not in label for label in labels), labels
    assert "期间：2025年12月" in summary[-1].text
    assert "This month (December 2025)" in english.text


async def test_a_balance_below_zero_says_what_it_usually_means(repo, clock):
    """Before: a new street's first expense, paid from money held before, showed a
    resident 结余：-¥340.00 under 账目 and nothing more (read as a debt, or a theft); now
    the line after it says what a balance below zero usually means. Above zero: nothing."""
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        [empty] = await bot.send(201, "/accounts")
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 34000, "payee": "五金店", "purpose": "更换路灯",
            "category": "lighting"})
        repo.approve(spent.id, pid(repo, 102))
        [below] = await bot.send(201, "/accounts")
    assert "结余是负数" not in empty.text
    assert "结余：-¥340.00\n（结余是负数：记下的支出多于记下的收入" in below.text, below.text
