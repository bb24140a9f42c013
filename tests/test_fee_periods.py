"""Periods residents type for a fee: a year or a month as the fees page counts it,
however it was said; anything else stays as typed (and counts only for itself)."""

from __future__ import annotations

from datetime import date

import pytest

from db.fees import months_said, normalise_period

MARCH = date(2026, 3, 15)
JANUARY = date(2026, 1, 5)


@pytest.mark.parametrize("text,today,period", [
    ("2025", None, "2025"), ("2025-3", None, "2025-03"), ("2025年3月", None, "2025-03"),
    ("２０２５年全年", None, "2025"), ("12月", MARCH, "2025-12"), ("三月份", MARCH, "2026-03"),
    # said relative to today, as an elderly resident typed it in a trial: 今年的
    ("今年", MARCH, "2026"), ("今年的", MARCH, "2026"), ("今年全年", MARCH, "2026"),
    ("本年度", MARCH, "2026"), ("去年", MARCH, "2025"), ("去年的", MARCH, "2025"),
    ("前年", MARCH, "2024"), ("本月", MARCH, "2026-03"), ("这个月的", MARCH, "2026-03"),
    ("本月份", MARCH, "2026-03"), ("上个月", MARCH, "2026-02"), ("上月", MARCH, "2026-02"),
    ("上个月", JANUARY, "2025-12"), (" 今年的 ", MARCH, "2026"),
    ("2026年的", None, "2026"), ("2025年3月的", None, "2025-03"), ("三月份的", MARCH, "2026-03"),
])
def test_a_period_typed_in_words_is_the_year_or_month_the_fees_count(text, today, period):
    assert normalise_period(text, today) == period


@pytest.mark.parametrize("text,period", [
    ("this year", "2026"), ("This year", "2026"), ("last year", "2025"), ("this month", "2026-03"),
    ("last month", "2026-02"), ("last year's", "2025"),
])
def test_a_period_typed_in_english_words_is_the_year_or_month_too(text, period):
    """A resident using the bot in English typed 'this year' at 'For which period?': it was
    kept as typed, the public ledger reading 卫生费（this year） for ever, counted for no
    year (found in the real ``steward run``)."""
    assert normalise_period(text, MARCH) == period


@pytest.mark.parametrize("text,today", [
    ("今年", None),  # no today, no relative word
    ("2025年上半年", MARCH), ("明年", MARCH), ("今年上半年", MARCH), ("今年今年", MARCH),
    ("上上个月", MARCH), ("十三月", MARCH), ("", MARCH), ("的", MARCH), ("今年的的", MARCH),
])
def test_what_is_no_year_or_month_is_none(text, today):
    assert normalise_period(text, today) is None


DECEMBER = date(2026, 12, 3)


@pytest.mark.parametrize("text,months", [
    ("11-12月", ["2026-11", "2026-12"]), ("11月到12月", ["2026-11", "2026-12"]),
    ("十一月和十二月", ["2026-11", "2026-12"]), ("11至12月份", ["2026-11", "2026-12"]),
    ("10、11、12月", ["2026-10", "2026-11", "2026-12"]), ("11月、12月的", ["2026-11", "2026-12"]),
    ("９－１２月", ["2026-09", "2026-10", "2026-11", "2026-12"]),
    ("2025年11-12月", ["2025-11", "2025-12"]),
])
def test_several_months_paid_at_once_are_read_as_those_months(text, months):
    """A household paying two months to the treasurer at the door (a month-end trial):
    '11-12月' stored as typed counted for neither month."""
    assert months_said(text, DECEMBER) == months


def test_months_said_before_this_month_are_last_years():
    assert months_said("11-12月", date(2027, 1, 5)) == ["2026-11", "2026-12"]


@pytest.mark.parametrize("text", ["12月", "2026", "2026-11", "11-12", "上半年", "13-14月",
                                  "11月和11月", "12月和11月和1月", "12-12月", "12、1、12月",
                                  "12、1、2、1月", "", "今年", "去年12月"])
def test_one_month_a_year_or_a_muddle_is_no_months_said(text):
    assert months_said(text, DECEMBER) is None


NEW_YEAR = date(2027, 1, 2)


@pytest.mark.parametrize("text,period", [
    ("去年12月", "2026-12"), ("去年十二月份的", "2026-12"), ("去年 12 月", "2026-12"),
    ("今年1月", "2027-01"), ("本年一月", "2027-01"), ("前年12月", "2025-12"),
])
def test_a_month_of_last_year_said_in_january_is_that_month(text, period):
    """On 1 January a resident paying December late types 去年12月: kept as typed, it
    counted for no month (the fees page and /unpaid still listed the household), and
    its words meant another year a year later."""
    assert normalise_period(text, NEW_YEAR) == period


@pytest.mark.parametrize("text", ["去年13月", "去年上半年", "明年1月", "去年12月12月"])
def test_a_year_word_with_no_month_of_it_is_none(text):
    assert normalise_period(text, NEW_YEAR) is None


@pytest.mark.parametrize("text,today,months", [
    ("12-1月", NEW_YEAR, ["2026-12", "2027-01"]),
    ("12月到1月", NEW_YEAR, ["2026-12", "2027-01"]),
    ("十二月和一月", NEW_YEAR, ["2026-12", "2027-01"]),
    ("11、12、1月", NEW_YEAR, ["2026-11", "2026-12", "2027-01"]),
    ("12-1月", DECEMBER, ["2026-12", "2027-01"]),  # paid ahead in December
    ("2025年12-2月", NEW_YEAR, ["2025-12", "2026-01", "2026-02"]),
    ("去年11-12月", NEW_YEAR, ["2026-11", "2026-12"]),
    ("去年11月和12月的", NEW_YEAR, ["2026-11", "2026-12"]),
])
def test_months_across_the_new_year_run_from_december_into_january(text, today, months):
    """December and January paid together at the door in January: '12-1月' was no
    months at all (refused by /income, kept as typed by /pay)."""
    assert months_said(text, today) == months
