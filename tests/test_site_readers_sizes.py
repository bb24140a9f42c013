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
