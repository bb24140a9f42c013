"""The demo street's site in Debian's chromium at a desk (1280 x 900) and on a phone (390 x
844), at the browser's usual text size and with the text at twice its size (a phone's
"large text", a browser's larger default font): what is read as one thing stays on one
line, and what is written inside a chart grows with the text around it. The wider walk of
every page type is test_site_readers."""

from __future__ import annotations

import pytest
from browser_support import chromium, serve

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
TEXT = {"usual": None, "twice": 32}  # the browser's standard font size, px


@pytest.fixture(scope="module")
def demo_site(demo_year):
    """The demo year's site (``conftest.demo_year``), served on 127.0.0.1."""
    with serve(demo_year["site"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser(demo_site):  # after the demo: its asyncio.run needs no Playwright loop running
    with chromium() as b:
        yield b


def _page(browser, base: str, size: str, text: str):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    if TEXT[text]:
        context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": TEXT[text], "fixed": 26}})
    page.base = base
    return context, page


LINES = "el => new Set([...el.getClientRects()].map(r => Math.round(r.top))).size"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_home_pages_balance_at_the_start_of_the_year_is_one_line(browser, demo_site,
                                                                      size):
    """At 1280 px the home page's table read "2025 年初" on one line and its amount on the
    next, under the balance, as if they were two figures."""
    context, page = _page(browser, demo_site, size, "usual")
    page.goto(demo_site)
    notes = page.locator(".steward-areas td[data-label=余额] .steward-sub")
    assert notes.count() >= 1
    for n in range(notes.count()):
        assert notes.nth(n).evaluate(LINES) == 1, (size, notes.nth(n).inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    context.close()


# A chart's labels, in CSS px as the reader sees them (the SVG's font-size units times its
# shown width over its viewBox width), against the text of the paragraph above it.
CHART_TEXT = """() => {
  const out = [];
  for (const img of document.querySelectorAll('img.steward-chart')) {
    const text = parseFloat(getComputedStyle(img.closest('.md-typeset')).fontSize);
    out.push({label: 12 * img.getBoundingClientRect().width / 360, text});
  }
  return out;
}"""


@pytest.mark.parametrize("text", list(TEXT))
@pytest.mark.parametrize("size", list(SIZES))
def test_a_charts_labels_grow_with_the_readers_text(browser, demo_site, size, text):
    """With the text at twice its size, a phone's chart still wrote its months and amounts
    at 11 px beside words of 36 px (and 18 px beside 36 at a desk): the chart was as wide
    as the screen, whatever the text. Its labels are now about two thirds of the text at
    any size; on a phone a chart wider than the screen scrolls sideways in its own box,
    the page does not."""
    context, page = _page(browser, demo_site, size, text)
    page.goto(demo_site + "areas/lvcheng-wuguan/accounts/")
    charts = page.evaluate(CHART_TEXT)
    assert len(charts) == 2
    for chart in charts:
        assert chart["label"] >= 0.6 * chart["text"], (size, text, chart)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    context.close()


# Each ledger line whose number, date or amount (the text inside each cell, as drawn)
# overlaps another of the three or runs out of the line's card.
OVERLAPS = """() => {
  const out = [];
  const box = td => { const r = document.createRange(); r.selectNodeContents(td);
                      return r.getBoundingClientRect(); };
  for (const tr of document.querySelectorAll('.steward-ledger-table tr[id^=line-]')) {
    if (!tr.getClientRects().length) continue;  // in a folded month
    const cells = ['seq', 'date', 'amount'].map(c => tr.querySelector(':scope > td.' + c));
    const r = cells.filter(Boolean).map(box), card = tr.getBoundingClientRect();
    if (r.some(b => b.width && (b.right > card.right + 1 || b.left < card.left - 1)))
      out.push(tr.id + ' runs out of its card: ' + tr.innerText.slice(0, 40));
    for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
      if (r[i].width && r[j].width && r[i].right > r[j].left + 1 && r[j].right > r[i].left + 1
          && r[i].bottom > r[j].top + 1 && r[j].bottom > r[i].top + 1)
        out.push(tr.id + ': ' + tr.innerText.slice(0, 40));
  }
  return [...new Set(out)];
}"""


@pytest.mark.parametrize("font", [16, 18, 20, 24, 28, 32])  # to 200%
@pytest.mark.parametrize("width", [320, 360, 390])
def test_a_ledger_lines_date_and_amount_never_overlap_with_larger_text(browser, demo_site,
                                                                        width, font):
    """A phone of 360 px with its text at 125% (20 px) drew a line's amount "-¥500.00" on
    top of its date "2025-12-26", and at 150% on every line of the year: the number, the
    date and the amount were kept on one row whatever their width. With larger text the
    date goes under the number, the amount beside it, or under them both when even the
    two are too wide (at 200%, "+¥3,000.00" ran out of its card)."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes",
                                       {"fontSizes": {"standard": font, "fixed": 13}})
    page.goto(demo_site + "areas/lvcheng-wuguan/accounts/")
    assert page.locator(".steward-ledger-table tr[id^=line-]").count() > 10
    assert page.evaluate(OVERLAPS) == [], (width, font)
    context.close()


@pytest.mark.parametrize("width,font", [(800, 16), (900, 16), (1000, 20), (1100, 20),
                                        (1280, 24)])
@pytest.mark.parametrize("path", ["areas/lvcheng-wuguan/accounts/",
                                  "areas/chengjian/accounts-2024/"])
def test_a_years_lines_fit_a_tablet_or_a_desk_with_larger_text(browser, demo_site, width,
                                                                font, path):
    """A tablet of 800 px, or a desk of 1280 px whose browser's text is set to 150% (24 px),
    is a little over 50em wide: the lines were a table there, not cards, and its columns
    were 1316 px wide in 1232: the page scrolled sideways and each line's hash was cut at
    the screen's edge. There a line's hash is two halves of 8 characters and its purpose
    a little narrower, and the table fits."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes",
                                       {"fontSizes": {"standard": font, "fixed": 13}})
    page.goto(demo_site + path)
    assert page.locator(".steward-ledger-table thead").first.is_visible()  # a table here
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, font)
    context.close()
