"""Charts drawn at build time as small, self-contained SVG files.

No script and no web font: the chart is a picture with a title and a
description for screen readers, and the page shows the same numbers in a
table beside it. Every coordinate is an integer, so the same data always
gives the same bytes.

Sized for a phone: a chart is ``WIDTH`` (360) units wide, the width of a
phone's page, and its text is ``FONT`` (12) units high, so on a 390 px
screen (358 px of page) a label is about 12 CSS px; the stylesheet lets a
chart grow to at most 1.5 times that on a wide screen, never shrink below
the phone's width, both in em: with the reader's text larger, a chart is as
much wider (scrolling sideways in its own box on a phone), its labels as much
larger. ``FONT * shown width / WIDTH`` is the size a reader sees (the
browser tests check it is at least 11 px, and two thirds of the text's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

__all__ = ["monthly_chart", "category_chart", "WIDTH", "FONT"]

INCOME = "#2e7d32"
EXPENSE = "#c62828"
INK = "#333333"
WIDTH = 360
FONT = 12
# The monthly chart: room for the amounts on the left, the months below.
HEIGHT = 230
LEFT, RIGHT, TOP, BOTTOM = 46, 6, 30, 36


def _yuan_label(fen: int, top: int) -> str:
    """An axis tick (whole yuan, round by construction), written as every tick of an
    axis up to ``top`` is: in plain yuan ("15,000") up to 50,000 yuan, which fit left
    of the axis, in 万 above ("2.5万"), never the two on one axis ("2万, 15,000, 1万")."""
    yuan = fen // 100
    if top < 10_000_000:
        return f"{yuan:,}"
    if not yuan:
        return "0"
    wan, rest = divmod(yuan, 10000)
    return f"{wan}.{rest:04d}".rstrip("0").rstrip(".") + "万"


def _amount(fen: int) -> str:
    """An amount written on a chart, to the fen as the table beside it says it: whole
    yuan without decimals (``6,930``, ``2万``), else with them (``1,650.50``), never
    rounded."""
    if fen >= 1_000_000 and fen % 1_000_000 == 0:
        return f"{fen // 1_000_000}万"
    sign, whole, cents = "-" if fen < 0 else "", abs(fen) // 100, abs(fen) % 100
    return f"{sign}{whole:,}" + (f".{cents:02d}" if cents else "")


def _in_yuan(fen: int) -> str:
    """``_amount`` with its unit: ``1,650.50 元``, ``2万元``."""
    amount = _amount(fen)
    return amount + ("元" if amount.endswith("万") else " 元")


def _nice_max(fen: int) -> int:
    """The top of the axis: 1, 2 or 5 times a power of ten yuan, at least the data."""
    step = 100
    while True:
        for m in (1, 2, 5):
            if step * m >= fen:
                return step * m
        step *= 10


def _svg(height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="t d" '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<title id="t">{xml_escape(title)}</title>',
        f'<desc id="d">{xml_escape(desc)}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]


def _legend(parts: list[str]) -> None:
    parts.append(f'<rect x="{WIDTH - 112}" y="8" width="12" height="12" fill="{INCOME}"/>'
                 f'<text x="{WIDTH - 96}" y="19" fill="{INK}">收入</text>'
                 f'<rect x="{WIDTH - 56}" y="8" width="12" height="12" fill="{EXPENSE}"/>'
                 f'<text x="{WIDTH - 40}" y="19" fill="{INK}">支出</text>')


def monthly_chart(months: list[dict[str, Any]], title: str, ahead: Sequence[str] = ()) -> str:
    """Income and expense per month as grouped bars (``months``: month "YYYY-MM",
    income, expense); every month given is on the axis, empty ones too. ``ahead``: the
    months ("YYYY-MM") after them with nothing booked yet, on the axis in grey under a
    band saying so, with no bars (not months of nothing)."""
    months = months[-12:]
    ahead = list(ahead)[: 12 - len(months)]
    top = _nice_max(max([1] + [max(m["income"], m["expense"]) for m in months]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = _svg(HEIGHT, title, _describe(months) + (f"；{_span(ahead)}尚无记账" if ahead else ""))
    # nothing above zero (a year of a reversal of an earlier year's line only): no scale
    # to draw (it read 0, 0, 0, 0, 1 up an empty chart), and words saying why it is empty
    bars = any(m["income"] > 0 or m["expense"] > 0 for m in months)
    for i in range(5 if bars else 1):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i // 4
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                     f'stroke="#dddddd"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4}" text-anchor="end" fill="{INK}">'
                     f'{_yuan_label(value, top)}</text>')
    parts.append(f'<text x="2" y="19" fill="{INK}">元</text>')
    _legend(parts)
    if not bars:
        words = "只有冲正（为负），见下表" if any(m["income"] or m["expense"] for m in months) \
            else "尚无账目"
        parts.append(f'<text x="{LEFT + plot_w // 2}" y="{TOP + plot_h // 2}" '
                     f'text-anchor="middle" fill="#555555">{words}</text>')
    slot = plot_w // max(len(months) + len(ahead), 1)
    bar = max(min(slot * 2 // 5, 24), 2)
    if ahead:
        x = LEFT + len(months) * slot
        parts.append(f'<rect x="{x}" y="{TOP}" width="{slot * len(ahead)}" height="{plot_h}" '
                     f'fill="#f0f0f0"/>')
        if slot * len(ahead) >= 4 * FONT + 4:  # room for the words
            parts.append(f'<text x="{x + slot * len(ahead) // 2}" y="{TOP + plot_h // 2}" '
                         f'text-anchor="middle" fill="#555555">尚无记账</text>')
        for i, month in enumerate(ahead, start=len(months)):
            parts.append(f'<text x="{LEFT + i * slot + slot // 2}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle" fill="#767676">{int(month[5:7])}</text>')
    for i, m in enumerate(months):
        x0 = LEFT + i * slot + (slot - 2 * bar) // 2
        for j, (key, colour) in enumerate((("income", INCOME), ("expense", EXPENSE))):
            h = plot_h * max(m[key], 0) // top  # a month of reversals only: the table says
            if h:
                parts.append(f'<rect x="{x0 + j * bar}" y="{TOP + plot_h - h}" width="{bar}" '
                             f'height="{h}" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + i * slot + slot // 2}" y="{HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="middle" fill="{INK}">{int(m["month"][5:7])}</text>')
    parts.append(f'<text x="{LEFT + plot_w // 2}" y="{HEIGHT - 4}" text-anchor="middle" '
                 f'fill="{INK}">月份</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
                 f'y2="{TOP + plot_h}" stroke="{INK}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _span(months: list[str]) -> str:
    """``["2025-10", "2025-11", "2025-12"]`` -> ``10—12 月``."""
    first, last = int(months[0][5:7]), int(months[-1][5:7])
    return f"{first}—{last} 月" if last != first else f"{first} 月"


def _describe(months: list[dict[str, Any]]) -> str:
    if not any(m["income"] or m["expense"] for m in months):
        return "尚无已公开的收支。"
    return "；".join(f"{m['month']} 收入 {_in_yuan(m['income'])}，支出 {_in_yuan(m['expense'])}"
                    for m in months)


# The category chart: one row per category, its name, a bar and the amount.
ROW, LABEL_W, VALUE_W = 26, 86, 92


def category_chart(rows: list[dict[str, Any]], title: str) -> str:
    """Income by fee type and spending by category as horizontal bars (``rows``:
    side "income"/"expense", label, fen), one scale for both sides."""
    shown = [r for r in rows if r["fen"] > 0]
    groups = [(side, name, colour, [r for r in shown if r["side"] == side])
              for side, name, colour in (("income", "收入", INCOME), ("expense", "支出", EXPENSE))]
    groups = [g for g in groups if g[3]]
    height = 12 + sum(ROW + ROW * len(g[3]) for g in groups) + (ROW if not groups else 0)
    desc = "；".join(f"{name} {r['label']} {_in_yuan(r['fen'])}"
                    for _side, name, _c, items in groups for r in items) or "尚无已公开的收支。"
    parts = _svg(height, title, desc)
    top = max([1] + [r["fen"] for r in shown])
    bar_w = WIDTH - LABEL_W - VALUE_W
    y = 6
    if not groups:
        parts.append(f'<text x="{WIDTH // 2}" y="{y + 17}" text-anchor="middle" '
                     f'fill="#555555">尚无账目</text>')
    for _side, name, colour, items in groups:
        parts.append(f'<text x="2" y="{y + 18}" fill="{INK}" font-weight="bold">{name}</text>')
        y += ROW
        for r in items:
            w = max(bar_w * r["fen"] // top, 2)
            parts.append(f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" '
                         f'fill="{INK}">{xml_escape(str(r["label"])[:7])}</text>')
            parts.append(f'<rect x="{LABEL_W}" y="{y + 5}" width="{w}" height="{ROW - 10}" '
                         f'fill="{colour}"/>')
            amount = _in_yuan(r["fen"])  # with its unit: the chart has no axis saying it
            parts.append(f'<text x="{LABEL_W + w + 4}" y="{y + 17}" fill="{INK}">'
                         f'{amount}</text>')
            y += ROW
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
