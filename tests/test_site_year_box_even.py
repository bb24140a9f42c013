"""The demo's site in Debian's chromium (walk191): the accounts page's year box of 7
figures (城建小区, with the year before's balance and its paper ledger's opening) wrapped
5 + 2 at 1280 px, two half-page boxes under five narrow ones; now 4 + 3, each row full,
and on a phone still one box, a figure a line. A vote closed early said 提前结束：原定
2025-11-20 截止 broken across lines on a narrow phone (原定 at a line's end, the date
and 截止 on the next); now kept together."""

from __future__ import annotations

import pytest
from browser_support import chromium, serve

ACCOUNTS = "areas/chengjian/accounts/"
VOTES = "areas/yixinyuan/votes/"

ROWS = r"""sel => {
  const box = document.querySelector(sel);
  const outer = box.getBoundingClientRect();
  const rows = new Map();
  for (const c of box.children) {
    const r = c.getBoundingClientRect();
    const top = Math.round(r.top);
    if (!rows.has(top)) rows.set(top, {n: 0, right: 0, left: 1e9});
    const row = rows.get(top);
    row.n += 1; row.right = Math.max(row.right, r.right); row.left = Math.min(row.left, r.left);
  }
  return {rows: [...rows.values()].map(r => r.n),
          gaps: [...rows.values()].map(r => Math.round(outer.right - r.right)),
          lefts: [...rows.values()].map(r => Math.round(r.left - outer.left))};
}"""

LINES_OF_EARLY = r"""() => {
  const p = [...document.querySelectorAll('.md-content p')]
    .find(e => e.textContent.includes('提前结束'));
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  const start = nodes.find(n => n.textContent.includes('原定'));
  const end = nodes.find(n => n.textContent.includes('截止'));
  const r = document.createRange();
  r.setStart(start, start.textContent.indexOf('原定'));
  r.setEnd(end, end.textContent.indexOf('截止') + 2);
  return new Set([...r.getClientRects()].filter(x => x.width > 0)
                 .map(x => Math.round(x.top))).size;
}"""


@pytest.fixture(scope="module")
def demo_site(demo_year):
    with serve(demo_year["site"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser(demo_site):  # after the demo: its asyncio.run needs no Playwright loop running
    with chromium() as b:
        yield b


def _page(browser, width: int, height: int):  # type: ignore[no-untyped-def]
    return browser.new_context(viewport={"width": width, "height": height}).new_page()


def test_a_years_seven_figures_lie_in_even_full_rows(browser, demo_site):
    page = _page(browser, 1280, 900)
    page.goto(demo_site + ACCOUNTS)
    shown = page.evaluate(ROWS, ".steward-year-figures")
    assert shown["rows"] == [4, 3], shown
    assert all(abs(g) <= 2 for g in shown["gaps"] + shown["lefts"]), shown
    page.context.close()


def test_a_years_figures_on_a_phone_are_one_box_a_figure_a_line(browser, demo_site):
    page = _page(browser, 390, 844)
    page.goto(demo_site + ACCOUNTS)
    assert page.evaluate(ROWS, ".steward-year-figures")["rows"] == [1] * 7
    page.context.close()


def test_a_vote_closed_early_keeps_its_first_deadline_on_one_line(browser, demo_site):
    page = _page(browser, 390, 844)
    page.goto(demo_site + VOTES)
    for width in (*range(300, 430, 3), 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(LINES_OF_EARLY) == 1, width
    page.context.close()
