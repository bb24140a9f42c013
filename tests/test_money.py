"""Amounts residents type: every accepted form becomes exact fen, everything
else is refused with a stable code; formatting round-trips through parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.errors import DomainError, MoneyError
from db.money import DEFAULT_CEILING_FEN, format_fen, format_yuan, parse_amount


def code_of(text: str, **kwargs: int) -> str:
    with pytest.raises(MoneyError) as info:
        parse_amount(text, **kwargs)
    return info.value.code


# -- accepted -------------------------------------------------------------------

@pytest.mark.parametrize("text,fen", [
    ("120", 12000), ("120.5", 12050), ("120.50", 12050), ("0.5", 50), ("0.05", 5),
    ("1,200", 120000), ("1,200.50", 120050), ("1,000,000", 100_000_000),
    ("  120  ", 12000), ("１２０", 12000), ("１２０．５０", 12050), ("1，200", 120000),
])
def test_arabic_numbers_become_fen(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("¥120.50", 12050), ("￥120.50", 12050), ("¥ 120", 12000), ("RMB 120", 12000),
    ("rmb120", 12000), ("CNY 120", 12000), ("人民币120元", 12000), ("120元", 12000),
    ("120块", 12000), ("120块钱", 12000), ("120.5元", 12050), ("120 元", 12000),
    ("120元整", 12000),
])
def test_currency_words_around_a_number_are_accepted(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("1.5万", 1_500_000), ("3万元", 3_000_000), ("3万块", 3_000_000),
    ("0.0001万", 100), ("1.234567万", 1_234_567), ("¥2万", 2_000_000),
])
def test_wan_multiplies_an_arabic_number_exactly(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("一百二十元", 12000), ("三千五百元", 350000), ("两百", 20000), ("十五元", 1500),
    ("一十五", 1500), ("一万二千", 1_200_000), ("一万零五十", 1_005_000),
    ("一千零五十", 105000), ("一百零五", 10500), ("十万", 10_000_000),
    ("两万两千", 2_200_000), ("两块", 200), ("人民币一百二十元", 12000),
])
def test_chinese_numerals_are_read(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("一百二十点五", 12050), ("一百二十点五元", 12050), ("一百二十点零五", 12005),
    ("十二点五块", 1250), ("零点五", 50), ("一百二十点五零", 12050), ("壹佰贰拾点伍", 12050),
])
def test_a_decimal_said_with_dian_is_read(text, fen):
    """一百二十点五, as an amount is read aloud, was 无法识别这个金额 at /pay's amount."""
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("120。50", 12050), ("120。5", 12050), ("１２０。５", 12050), ("¥1,200。50元", 120050),
    ("120元。", 12000), ("一百二十元。", 12000), ("120。", 12000), ("120｡5", 12050),
])
def test_a_chinese_keyboards_point_is_the_decimal_point(text, fen):
    """120。50, the 。 of a pinyin keyboard's 123 keys, was 无法识别这个金额."""
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,code", [
    ("120。555", "too_many_decimals"), ("1。200", "too_many_decimals"),
    ("120。。", "not_a_number"), ("。5", "not_a_number"), ("1。2。3", "not_a_number"),
    ("。", "empty"), ("-120。5", "negative"),
])
def test_a_chinese_keyboards_point_is_held_to_the_same_rules(text, code):
    assert code_of(text) == code


@pytest.mark.parametrize("text", ["一百二十点", "点五", "一百二十点五六七", "一百二十点两",
                                  "一百二点五", "一百二十点五毛", "一百二十点五点五"])
def test_a_dian_without_one_or_two_decimal_digits_is_not_a_number(text):
    assert code_of(text) == "not_a_number"


@pytest.mark.parametrize("text,fen", [
    ("壹佰贰拾元", 12000), ("壹佰贰拾元整", 12000), ("叁仟伍佰元", 350000),
    ("壹万零伍拾元", 1_005_000), ("玖拾玖元", 9900), ("陆佰柒拾捌元", 67800),
])
def test_financial_numerals_are_read(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("五元三角", 530), ("十二块五毛", 1250), ("三元零五分", 305), ("三元五分", 305),
    ("五角", 50), ("两毛", 20), ("五分", 5), ("一块两毛五分", 125), ("五块钱", 500),
    ("五毛钱", 50),
])
def test_jiao_and_fen_add_to_the_yuan(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text,fen", [
    ("5角", 50), ("3毛", 30), ("５角", 50), ("5毛5", 55), ("5角5分", 55), ("5毛钱", 50),
    ("5角5分钱", 55), ("¥5角", 50), ("5 毛", 50), ("1元5角", 150), ("9毛9", 99),
])
def test_arabic_digits_before_jiao_are_read_like_chinese_ones(text, fen):
    got = parse_amount(text)
    assert got == fen and isinstance(got, int)


@pytest.mark.parametrize("text", [
    "0角", "0毛5", "15角", "5.5角", "5角50", "5毛5钱", "5角角", "5角元", "5毛5毛", "5分",
    "5角0分", "05角", "5角5分5",
])
def test_arabic_jiao_that_could_mean_two_things_is_not_guessed(text):
    assert code_of(text) == "not_a_number"


@pytest.mark.parametrize("text,fen", [
    # the ones residents typed in the trial, refused before
    ("一万二", 1_200_000), ("三百五", 35000), ("一千二", 120000), ("一百二", 12000),
    ("两块五", 250), ("一块二毛五", 125), ("八十八块八", 8880), ("1万2", 1_200_000),
    # the rule: the last digit right after 万/千/百 counts the next place down ...
    ("一百五", 15000), ("两百五", 25000), ("一千二百五", 125000), ("一万二千五", 1_250_000),
    ("十万五", 10_500_000), ("两万二", 2_200_000), ("三百五元", 35000), ("三百五块", 35000),
    ("人民币三百五", 35000), ("壹佰伍", 15000), ("2万5", 2_500_000), ("1万2元", 1_200_000),
    # ... after 块/元 it counts 角, after 毛/角 it counts 分
    ("十二块五", 1250), ("三元五", 350), ("五毛五", 55), ("两块五毛五", 255),
    ("一百五块五", 15050), ("三块零五", 305), ("3块5", 350), ("12块5", 1250),
    ("88块8", 8880), ("3元5角", 350), ("3块5毛5", 355), ("3块5毛5分", 355),
    # where there is nothing to abbreviate, or 零 spells the number out
    ("十二", 1200), ("一十二", 1200), ("二万零五", 2_000_500), ("一万零二", 1_000_200),
    ("一千零五", 100500), ("一百一十", 11000),
])
def test_spoken_abbreviations_are_read_the_one_way_they_are_said(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text", [
    "一百五万",      # 150万 or 105万: only the last digit may be abbreviated
    "一万零一百五",  # 零 says "in full", the trailing 五 says "abbreviated"
    "一万五十", "一万二百",  # a 零 is missing, or 一万二千 was meant
    "一千两", "一万两", "两块两", "五毛两", "一块零两",  # 两 is no last digit
    "三百五元整",    # 整 closes an amount written in full
    "1万25", "1万0", "1.5万2", "1万2千", "3千",  # mixed forms beyond 1万2
    "两块五钱", "三块五五", "十二块五五", "五五", "零五分", "五角五角", "1万2.5",
    "3块50", "3块05", "3块0", "3.5块5", "3块5毛50", "1万2块5",  # 3.50, or 3 and 50 分?
])
def test_what_an_abbreviation_could_mean_two_ways_is_not_guessed(text):
    assert code_of(text) == "not_a_number"


DIGITS = "一二三四五六七八九"


@pytest.mark.parametrize("place,spoken_unit,full_unit", [
    ("百", "", "十"), ("千", "", "百"), ("万", "", "千"), ("块", "", "毛"), ("毛", "", "分"),
    ("元", "", "角"), ("百", "元", "十元"), ("千", "块", "百块"),
])
def test_an_abbreviated_digit_is_the_next_place_down(place, spoken_unit, full_unit):
    for high in DIGITS:
        for low in DIGITS:
            spoken = f"{high}{place}{low}{spoken_unit}"
            assert parse_amount(spoken) == parse_amount(f"{high}{place}{low}{full_unit}"), spoken


# -- refused ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\t\n"])
def test_nothing_typed_is_empty(text):
    assert code_of(text) == "empty"


@pytest.mark.parametrize("text", [
    "-5", "－5", "﹣5", "−5", "–5", "负五元", "负120", "-0", "¥-5", "-¥5", "RMB -5",
    "人民币负五元",
])
def test_any_leading_minus_is_negative(text):
    assert code_of(text) == "negative"


@pytest.mark.parametrize("text", ["1.234", "1.200", "0.001", "¥1.999元", "1.2345671万"])
def test_more_than_two_decimals_is_refused(text):
    assert code_of(text) == "too_many_decimals"


@pytest.mark.parametrize("text", [
    "NaN", "nan", "inf", "Infinity", "∞", "abc", "1e3", "12..3", "1.2.3", "12abc",
    "12 13", "120元130元", "1,20", "1,2345", "12,00.5", ".5", "120.", "+5", "0120",
    "¥", "元", "钱", "(5)", "5-", "¥¥5", "٣",
])
def test_garbage_is_not_a_number(text):
    assert code_of(text) == "not_a_number"


@pytest.mark.parametrize("text", [
    "两十", "一百零两", "一百零", "一千五十", "一百零十",
    "零五元", "一二", "一百五角", "五角元", "3千", "1万2千", "一百20", "三元五角零分",
    "万", "一万万", "壹佰元整五角",
])
def test_chinese_elisions_and_malformed_numerals_are_not_guessed(text):
    assert code_of(text) == "not_a_number"


@pytest.mark.parametrize("text", ["0", "0.00", "零元", "¥0", "0万"])
def test_zero_is_refused(text):
    assert code_of(text) == "zero"


def test_above_the_default_ceiling_is_too_large_and_says_the_ceiling():
    with pytest.raises(MoneyError) as info:
        parse_amount("1,000,000.01")
    assert info.value.code == "too_large"
    assert info.value.params["ceiling_fen"] == DEFAULT_CEILING_FEN
    assert "¥1,000,000.00" in str(info.value)


@pytest.mark.parametrize("text", ["1000001", "101万", "一百万零一元", "9" * 5000])
def test_anything_above_the_ceiling_is_too_large(text):
    assert code_of(text) == "too_large"


def test_exactly_the_ceiling_is_accepted():
    assert parse_amount("1,000,000") == DEFAULT_CEILING_FEN
    assert parse_amount("一百万") == DEFAULT_CEILING_FEN
    assert parse_amount("100万元") == DEFAULT_CEILING_FEN


def test_the_ceiling_is_configurable():
    assert parse_amount("50", ceiling_fen=5000) == 5000
    assert parse_amount("0.5", ceiling_fen=50) == 50
    assert code_of("50.01", ceiling_fen=5000) == "too_large"
    assert parse_amount("2,000,000", ceiling_fen=10**9) == 200_000_000


def test_refusals_are_money_errors_with_a_bilingual_message():
    with pytest.raises(MoneyError) as info:
        parse_amount("abc")
    assert isinstance(info.value, DomainError) and isinstance(info.value, ValueError)
    assert " / " in str(info.value)
    assert info.value.params["text"] == "abc"


def test_a_non_string_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_amount(120.5)  # type: ignore[arg-type]


# -- formatting ------------------------------------------------------------------

def test_format_fen_shows_the_yuan_sign_and_groups():
    assert format_fen(120050) == "¥1,200.50"
    assert format_fen(-500) == "-¥5.00"
    assert format_fen(0) == "¥0.00"
    assert format_fen(5) == "¥0.05"


def test_format_yuan_has_no_symbol():
    assert format_yuan(120050) == "1,200.50"
    assert format_yuan(-120050) == "-1,200.50"
    assert format_yuan(100_000_000) == "1,000,000.00"


def test_formatting_refuses_floats():
    with pytest.raises(TypeError):
        format_fen(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_yuan(True)


@given(st.integers(min_value=1, max_value=DEFAULT_CEILING_FEN))
def test_formatted_amounts_parse_back_to_the_same_fen(fen):
    assert parse_amount(format_yuan(fen)) == fen
    assert parse_amount(format_fen(fen)) == fen
