"""Charts drawn at build time as small, self-contained SVG files.

No script and no web font: the chart is a picture with a title and a
description for screen readers, and the page shows the same numbers in a
table beside it. Every coordinate is an integer, so the same data always
gives the same bytes.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

__all__ = ["monthly_chart"]

INCOME = "#2e7d32"
EXPENSE = "#c62828"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 28, 40


def _yuan_label(fen: int) -> str:
    yuan = fen // 100
    return f"{yuan // 10000}万" if yuan >= 10000 and yuan % 10000 == 0 else f"{yuan:,}"


def _nice_max(fen: int) -> int:
    """The top of the axis: 1, 2 or 5 times a power of ten yuan, at least the data."""
    step = 100
    while True:
        for m in (1, 2, 5):
            if step * m >= fen:
                return step * m
        step *= 10


def monthly_chart(months: list[dict[str, Any]], title: str) -> str:
    """Income and expense per month as grouped bars (``months``: month, income, expense)."""
    months = months[-24:]  # two years fit a phone's width
    top = _nice_max(max([1] + [max(m["income"], m["expense"]) for m in months]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    t = xml_escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="t d" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="t">{t}</title>',
        f'<desc id="d">{xml_escape(_describe(months))}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i // 4
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                     f'stroke="#dddddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" fill="#333333">'
                     f'{_yuan_label(value)}</text>')
    parts.append(f'<text x="{LEFT}" y="16" fill="#333333">元</text>')
    parts.append(f'<rect x="{WIDTH - 150}" y="6" width="12" height="12" fill="{INCOME}"/>'
                 f'<text x="{WIDTH - 134}" y="16" fill="#333333">收入</text>'
                 f'<rect x="{WIDTH - 90}" y="6" width="12" height="12" fill="{EXPENSE}"/>'
                 f'<text x="{WIDTH - 74}" y="16" fill="#333333">支出</text>')
    if not months:
        parts.append(f'<text x="{WIDTH // 2}" y="{TOP + plot_h // 2}" text-anchor="middle" '
                     f'fill="#666666">尚无账目</text>')
    slot = plot_w // max(len(months), 1)
    bar = max(min(slot * 2 // 5, 28), 2)
    for i, m in enumerate(months):
        x0 = LEFT + i * slot + (slot - 2 * bar) // 2
        for j, (key, colour) in enumerate((("income", INCOME), ("expense", EXPENSE))):
            h = plot_h * max(m[key], 0) // top  # a month of reversals only: the table says
            parts.append(f'<rect x="{x0 + j * bar}" y="{TOP + plot_h - h}" width="{bar}" '
                         f'height="{h}" fill="{colour}"/>')
        if len(months) <= 12 or i % 2 == 0:
            parts.append(f'<text x="{LEFT + i * slot + slot // 2}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle" fill="#333333">{xml_escape(m["month"])}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
                 f'y2="{TOP + plot_h}" stroke="#333333"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _describe(months: list[dict[str, Any]]) -> str:
    if not months:
        return "尚无已公开的收支。"
    return "；".join(f"{m['month']} 收入 {m['income'] // 100} 元，支出 {m['expense'] // 100} 元"
                    for m in months)
