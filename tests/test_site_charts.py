"""The charts as a reader sees them: every amount written on a chart says it is yuan."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from site_builder.charts import category_chart

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
