"""The demo street's headings on a phone (Debian's chromium, 320 to 430 px wide): where a
page's title and its sections' headings break. The rest of the phone's reading is in
test_site_readers_phone."""

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


# Each line break inside a run of a heading's text (h1 to h3 of the page's text) that falls
# between two Chinese characters: the heading's text up to the break, " / ", the rest.
WORD_CUT = r"""() => {
  const out = [];
  const headings = document.querySelectorAll('.md-content :is(h1, h2, h3)');
  for (const heading of headings) {
    if (!heading.getClientRects().length) continue;
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let last = null, said = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      last = null;  // within one run of text: a part of its own may stand on its own line
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = [...range.getClientRects()].find(r => r.width > 0);
        const ch = node.data[i];
        if (rect && last && rect.top > last.top + 2
            && /[\u4e00-\u9fff]/.test(last.ch) && /[\u4e00-\u9fff]/.test(ch))
          out.push(said + ' / ' + heading.textContent.slice(said.length).trim());
        if (rect) last = {top: rect.top, ch: ch};
        said += ch;
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["", "areas/yixinyuan/announcements/",
                                  "areas/lvcheng-wuguan/accounts/", "areas/chengjian/votes/",
                                  "areas/lvcheng-wuguan/questions/", "stats/"])
def test_a_heading_breaks_between_words_not_inside_one_on_a_phone(browser, demo_site, path):
    """At 390 px the titles read '怡馨苑小区 · 公告与进 / 展' and '孝义市新义街道 · 老旧 /
    小区公开账本', a section '2025 年钱从哪里来、花到哪 / 里去': a heading breaks at its
    spaces and after its punctuation, as its words are."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_site + path)
    cut = set()
    for width in range(320, 432, 6):
        page.set_viewport_size({"width": width, "height": 844})
        cut |= {f"{width}: {said}" for said in page.evaluate(WORD_CUT)}
    sideways = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert sorted(cut) == []
    assert sideways <= 430
