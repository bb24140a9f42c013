"""Walked as the demo's resident 7000001, whose 卫生费 2025 is line 59: 缴费登记, 卫生费,
typed 2025年上半年 (the period step's own example), ¥60: the summary said nothing, though
the whole year was paid, and the volunteer approving it was not warned either. A part of
a year in words now overlaps the year (``db.fees.overlap``), so both are told (walk191)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db import fees
from db.entries import Kind

HOME = "c1/1/1/101"


def test_a_part_of_a_year_in_words_overlaps_the_year_only():
    assert fees.overlap("2025", "2025年上半年") and fees.overlap("2025上半年", "2025")
    assert fees.overlap("2025", "2025年第一季度")
    assert not fees.overlap("2024", "2025年上半年")
    assert not fees.overlap("2025上半年", "2025下半年")  # words: only themselves
    assert not fees.overlap("2025", "20251")


async def test_a_half_year_typed_for_a_year_paid_already_is_said_at_the_summary(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025", "amount_fen": 12000, "household": HOME})
    repo.approve(fee.id, pid(repo, 101))
    seq = repo.entry(fee.id).data["ledger_seq"]
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.send(7001, "2025年上半年")
        await bot.send(7001, "60")
        summary = await bot.press(7001, "pay:skip")
    assert f"已经记在公开账目第 {seq} 笔" in summary[-1].text, summary[-1].text
    half = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025年上半年", "amount_fen": 6000, "household": HOME})
    assert [d["id"] for d in repo.fee_duplicates(half.id)] == [fee.id]
