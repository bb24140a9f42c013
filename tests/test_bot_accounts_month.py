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
    assert "本月（2025-12）：收入 -¥400.00" in december.text, december.text
    assert "冲正了以前月份的账" in december.text
