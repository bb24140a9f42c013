"""The charts as a reader sees them: every amount written on a chart says it is yuan."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from site_builder.charts import category_chart, monthly_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_category_chart_amounts_carry_their_unit():
    svg = ET.fromstring(category_chart([
        {"side": "income", "label": "卫生费", "fen": 693000},
        {"side": "expense", "label": "保洁清运", "fen": 200000},
        {"side": "expense", "label": "维修", "fen": 2000000}], "城建小区 2025 年"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[:2] == ["收入", "卫生费"]
    # after each category's name, its amount: in yuan, and saying so
    amounts = [texts[i + 1] for i, t in enumerate(texts) if t in ("卫生费", "保洁清运", "维修")]
    assert amounts == ["6,930 元", "2,000 元", "2万元"]


def test_chart_amounts_keep_their_fen_as_the_table_beside_them_does():
    # 城建小区's 其他支出 ¥1,650.50 was drawn "1,650 元" beside a table saying
    # ¥1,650.50: a reader checking to the fen found 50 fen missing.
    svg = ET.fromstring(category_chart([
        {"side": "income", "label": "卫生费", "fen": 693000},
        {"side": "expense", "label": "其他支出", "fen": 165050}], "城建小区 2025 年"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[texts.index("其他支出") + 1] == "1,650.50 元"
    assert texts[texts.index("卫生费") + 1] == "6,930 元"
    assert svg.find(f"{SVG}desc").text == "收入 卫生费 6,930 元；支出 其他支出 1,650.50 元"


def test_the_monthly_charts_description_says_each_month_to_the_fen():
    months = [{"month": "2025-08", "income": 0, "expense": 165050},
              {"month": "2025-09", "income": -50, "expense": 50000}]  # a reversed fee
    svg = ET.fromstring(monthly_chart(months, "城建小区 2025 年每月收支"))
    assert svg.find(f"{SVG}desc").text == (
        "2025-08 收入 0 元，支出 1,650.50 元；2025-09 收入 -0.50 元，支出 500 元")


def _ticks(months: list[dict[str, int | str]]) -> list[str]:
    svg = ET.fromstring(monthly_chart(months, "2025 年每月收支"))
    return [t.text or "" for t in svg.iter(f"{SVG}text")
            if t.get("text-anchor") == "end"]  # the amounts left of the axis, from 0 up


def test_an_axis_writes_all_its_amounts_the_same_way():
    # 盐业小区·市药材小区's 2025 chart read "0, 5,000, 1万, 15,000, 2万" up its axis
    # (an auditor's trial): 1万 beside 15,000, two ways of writing on one scale.
    june = {"month": "2025-06", "income": 1_740_000, "expense": 25_000}
    assert _ticks([june]) == ["0", "5,000", "10,000", "15,000", "20,000"]
    big = {"month": "2025-06", "income": 9_000_000, "expense": 0}
    assert _ticks([big]) == ["0", "2.5万", "5万", "7.5万", "10万"]
    small = {"month": "2025-06", "income": 36_000, "expense": 0}
    assert _ticks([small]) == ["0", "125", "250", "375", "500"]


def test_a_year_of_reversals_only_draws_no_scale_and_says_why_it_is_empty():
    # 城建小区 2026: line 77 of December 2025 reversed in December 2026, the year's one
    # line: the chart read 0, 0, 0, 0, 1 up its axis, and no bar, no word.
    december = {"month": "2026-12", "income": 0, "expense": -50000}
    svg = ET.fromstring(monthly_chart([december], "2026 年每月收支"))
    assert _ticks([december]) == ["0"]
    words = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert "只有冲正（为负），见下表" in words, words
    empty = ET.fromstring(monthly_chart([{"month": "2026-12", "income": 0, "expense": 0}], "x"))
    assert "尚无账目" in [t.text for t in empty.iter(f"{SVG}text")]
