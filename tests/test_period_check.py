"""A fee reported for a period not of the kind it is due by (half a year typed for a
yearly fee, as a resident did in the volunteers' week trial) is pointed out on the post
the volunteer approves it from: the fees page counts such a period apart, not as a
year paid, and it repeats no other; before, the post said nothing and it was approved,
then had to be reversed."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db import fees
from db.config import parse_street
from db.entries import Kind
from db.repository import Repository

SCHEDULED = SMALL_STREET.replace(
    "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
    "amount_fen: 12000, period: year}, {type: parking, per: household, amount_fen: 1000, "
    "period: month}, {type: other, per: household}]}")


@pytest.fixture
def scheduled(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "s.yaml"),
                        clock=StepClock())
    yield r
    r.close()


def test_a_period_is_unusual_only_when_not_of_the_kind_the_fee_is_due_by(scheduled):
    street = scheduled.street
    assert fees.unusual_period(street, "east", "sanitation", "2025") is None
    assert fees.unusual_period(street, "east", "sanitation", "2025年下半年") == "year"
    assert fees.unusual_period(street, "east", "sanitation", "2025-03") == "year"
    assert fees.unusual_period(street, "east", "parking", "2025-03") is None
    assert fees.unusual_period(street, "east", "parking", "2025") is None  # twelve months
    assert fees.unusual_period(street, "east", "parking", "2025上半年") == "month"
    assert fees.unusual_period(street, "east", "other", "2025上半年") is None  # no period
    assert fees.unusual_period(street, "west", "sanitation", "2025上半年") is None  # no list
    assert fees.unusual_period(street, "nowhere", "sanitation", "2025上半年") is None


async def test_the_volunteer_sees_a_half_year_reported_for_a_yearly_fee(scheduled):
    confirmed_resident(scheduled, 7001, "c1/1/1/101", 101)
    async with BotHarness(scheduled) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        await bot.send(7001, "2025年下半年")
        await bot.send(7001, "60")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
        [fee] = scheduled.entries(kind=Kind.FEE_INCOME)
        calls = await bot.send(101, "/pending")
    [post] = [c for c in calls if f"q:a:{fee.id}" in [d for _, d in c.buttons()]]
    assert ("⚠️ 这项费用按年收取（如 2025），这笔登记的期间是“2025年下半年”：网站的收费统计"
            "会把它单独列出，不算作哪一年已交。") in post.text, post.text
    assert fee.data["period"] == "2025年下半年"


async def test_the_warnings_period_example_is_of_the_year_the_fee_was_recorded(scheduled):
    """In 2026 the warning on a half year recorded for a yearly fee gave 2025 as the
    period to expect (按年收取（如 2025）), next to a fee of 2026."""
    scheduled.clock.now = scheduled.clock.now.replace(year=2026, month=12, day=4)
    fee = scheduled.submit(pid(scheduled, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2026年下半年", "amount_fen": 6000,
        "household": "c1/1/1/101"})
    async with BotHarness(scheduled) as bot:
        calls = await bot.send(102, "/pending")
    [post] = [c for c in calls if f"q:a:{fee.id}" in [d for _, d in c.buttons()]]
    assert "⚠️ 这项费用按年收取（如 2026），这笔登记的期间是“2026年下半年”" in post.text, post.text


async def test_a_usual_period_and_an_unscheduled_one_carry_no_such_warning(scheduled):
    year = scheduled.submit(pid(scheduled, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101"})
    words = scheduled.submit(pid(scheduled, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "other", "period": "2025上半年", "amount_fen": 500,
        "household": "c1/1/1/102"})
    async with BotHarness(scheduled) as bot:
        calls = await bot.send(102, "/pending")
    posts = {e.id: [c.text for c in calls if f"q:a:{e.id}" in [d for _, d in c.buttons()]]
             for e in (year, words)}
    assert all(len(p) == 1 and "收取（如" not in p[0] for p in posts.values()), posts


async def test_an_english_volunteer_reads_it_in_english(scheduled):
    fee = scheduled.submit(pid(scheduled, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "parking", "period": "2025上半年", "amount_fen": 6000,
        "household": "c1/1/1/101"})
    scheduled.set_language(pid(scheduled, 102), "en")
    async with BotHarness(scheduled) as bot:
        calls = await bot.send(102, "/pending")
    [post] = [c for c in calls if f"q:a:{fee.id}" in [d for _, d in c.buttons()]]
    assert ("⚠️ This fee is due by the month (e.g. 2025-03), and this one is for "
            "\"2025上半年\"") in post.text, post.text
