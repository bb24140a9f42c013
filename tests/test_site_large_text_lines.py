"""The demo street's site on a small phone with the text at twice its size (320 px at
200 %, Debian's chromium), and on phones at 150 % and 200 %: how wide a card's lines are,
and where a line begins. Measured in the browser: the text's lines as drawn."""

from __future__ import annotations

import pytest
from browser_support import chromium, serve


@pytest.fixture(scope="module")
def demo_site(demo_year):
    """The demo year's site (``conftest.demo_year``), served on 127.0.0.1."""
    with serve(demo_year["site"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser(demo_site):  # after the demo: its asyncio.run needs no Playwright loop running
    with chromium() as b:
        yield b


def _sized(browser, width: int, font: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    if font != 16:
        context.new_cdp_session(page).send("Page.setFontSizes",
                                           {"fontSizes": {"standard": font, "fixed": font}})
    return context, page


# Each visible card (a row of a table shown as cards): the width of its widest cell against
# the page's text, and its left border.
CARDS = """() => {
  const text = document.querySelector('article.md-content__inner').getBoundingClientRect();
  return [...document.querySelectorAll(
      '.md-content :is(.steward-cards, .steward-reflow) tbody tr')]
    .filter(tr => tr.checkVisibility())
    .map(tr => [Math.max(...[...tr.querySelectorAll('td')].filter(td => td.checkVisibility())
                              .map(td => td.getBoundingClientRect().width)),
                text.width, getComputedStyle(tr).borderLeftWidth,
                tr.textContent.trim().slice(0, 16)]);
}"""


@pytest.mark.parametrize("path", ["integrity/", "areas/chengjian/accounts/"])
def test_a_card_has_the_pages_width_at_twice_the_text_on_a_small_phone(browser, demo_site,
                                                                       path):
    """At 320 px with 200 % text the integrity page's cards (哈希链 / 证明什么 / 不能证明什么)
    and the paper notices' were five or six characters a line beside paragraphs of eight:
    a card's border and side padding took 40 of the line's 256 px. There a card is now the
    text's width between two rules; at the usual size it keeps its border."""
    context, page = _sized(browser, 320, 32)
    page.goto(demo_site + path)
    cards = page.evaluate(CARDS)
    assert len(cards) >= 5
    narrow = [(text, round(cell), round(width)) for cell, width, _left, text in cards
              if cell < width - 1]
    assert narrow == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
    context, page = _sized(browser, 390, 16)
    page.goto(demo_site + path)
    borders = page.locator(".md-content .steward-cards tbody tr").evaluate_all(
        "rows => rows.filter(r => r.checkVisibility())"
        ".map(r => getComputedStyle(r).borderLeftWidth)")
    assert borders and set(borders) == {"1px"}
    context.close()


# Each line of the page's text that begins with a closing mark (，。；：、）), and each
# month (2025 年 10 月, 12 月) or word of the site's (管理区域) that a line break cuts,
# with the text around it.
LINES = r"""(marks) => {
  const out = [];
  const cut = /\d+[\s\u00a0]+[年月]|管理区域/g;
  const blocks = new Map();  // each block's text, and each character's line
  const walker = document.createTreeWalker(document.querySelector('.md-content'),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest('.steward-sr, pre, code, script, style') || !el.checkVisibility()) continue;
    const block = el.closest('p, li, td, th, h1, h2, h3, h4, dd, dt, figcaption, div');
    if (!blocks.has(block)) blocks.set(block, {text: '', tops: []});
    const b = blocks.get(block);
    for (let i = 0; i < node.data.length; i++) {
      const r = document.createRange();
      r.setStart(node, i); r.setEnd(node, i + 1);
      const box = [...r.getClientRects()].find(x => x.width > 0);
      b.text += node.data[i];
      b.tops.push(box ? Math.round(box.top) : null);
    }
  }
  for (const {text, tops} of blocks.values()) {
    let last = null;
    for (let i = 0; i < text.length; i++) {
      if (tops[i] === null) continue;
      // (a date kept whole with the marks after it may be wider than the line: "（2025-05-28）："
      // in a reply's box, 308 px in 230 at 360 px with 200 % text)
      if (last !== null && tops[i] > last + 4 && /[，。；：、）]/.test(text[i])
          && (marks || !/\d{4}-\d{2}-\d{2}[，。；：、）]*$/.test(text.slice(0, i))))
        out.push('begins: ' + text.slice(Math.max(0, i - 8), i) + ' / ' + text.slice(i, i + 8));
      last = tops[i];
    }
    for (const m of text.matchAll(cut)) {
      const seen = new Set(tops.slice(m.index, m.index + m[0].length).filter(t => t !== null));
      if (seen.size > 1) out.push('cut: ' + text.slice(Math.max(0, m.index - 8),
                                                       m.index + m[0].length + 8));
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, font, marks", [(320, 32, False), (360, 32, False),
                                               (390, 24, True)])
def test_no_line_begins_with_a_closing_mark_nor_cuts_a_month_with_large_text(
        browser, demo_site, width, font, marks):
    """With the text at 150 % and 200 % the pages read "已参与：24/60 户（40.0%）/ ；面积"
    (the open votes), "2025 年 10 / 月" (each month's heading of the accounts), "（4 个管理区
    / 域）" (the street's totals), "33/43 户 / ，参与面积的", "截止 2025-10-27 10:00 / ，截止日
    过后", "这本账怎么记 / 、怎么核对" and "每月公示单（可打印 / ）"."""
    context, page = _sized(browser, width, font)
    found = []
    for path in ("", "areas/chengjian/", "areas/chengjian/votes/", "areas/yixinyuan/votes/",
                 "areas/chengjian/accounts/", "areas/lvcheng-wuguan/accounts/",
                 "areas/yixinyuan/fees/", "areas/chengjian/opinions/", "stats/", "stewards/"):
        page.goto(demo_site + path)
        found += [f"{path}: {said}" for said in page.evaluate(LINES, marks)]
    context.close()
    assert found == []
