"""A closing mark after inline code stays on the line of the code.

On a phone, "（也可以发送 /mydata、/forget、/unpublish）。" showed "）。" alone at the
start of a line, and the checking page's "--head。", the downloads page's
"notice-年-月.pdf）：" and the security page's test names followed by "、" the same: code
that may break anywhere (a 64-character hash must) let the browser break at its very end,
before the mark. Code a mark follows now breaks only at its spaces and, when long, after
its "_" and "/", and its last word stays with the mark.
"""

from __future__ import annotations

import pytest
from browser_support import chromium, serve
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site

PAGES = ("verify/", "guides/volunteers/", "guides/ledger-check/", "downloads/", "integrity/",
         "security/")
MARKS = "）)」』，。、；：！？”’》〉】,.;:!?"

# Each inline code followed by a closing mark whose mark begins a line of its own.
_MARK_STARTS_A_LINE = r"""marks => {
  const found = [];
  for (const code of document.querySelectorAll('.md-content code')) {
    if (code.closest('pre')) continue;
    let last = code; while (last.lastChild) last = last.lastChild;
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    walk.currentNode = last;
    let next = walk.nextNode();
    while (next && !next.textContent.length) next = walk.nextNode();
    if (!next || !marks.includes(next.textContent[0]) || !last.textContent.length) continue;
    const end = document.createRange();
    end.setStart(last, last.textContent.length - 1); end.setEnd(last, last.textContent.length);
    const mark = document.createRange(); mark.setStart(next, 0); mark.setEnd(next, 1);
    if (mark.getBoundingClientRect().top - end.getBoundingClientRect().top > 4)
      found.push(code.textContent + ' | ' + next.textContent.slice(0, 6));
  }
  return found;
}"""


# What runs off the screen's right side (a table in its own scrolling box aside, and a
# card table's header, there for screen readers).
_WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('.md-content *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                && !el.closest('.md-typeset__scrollwrap, .steward-sr, [hidden]')
                && !(el.closest('thead')
                     && getComputedStyle(el.closest('thead')).position === 'absolute'))
  .map(el => el.tagName + ' ' + el.textContent.slice(0, 40))"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("marks")
    repo = new_repo(tmp / "data")
    fill_street(repo)
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    with serve(project / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("large_text", [False, True])
@pytest.mark.parametrize("width", [320, 360, 375, 412])
def test_a_closing_mark_after_inline_code_never_begins_a_line(browser, served, width,
                                                               large_text):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    if large_text:  # the phone's text set larger (150 %)
        context.new_cdp_session(page).send("Page.setFontSizes",
                                           {"fontSizes": {"standard": 24, "fixed": 20}})
    found, wide = [], []
    try:
        for path in PAGES:
            page.goto(served + path)
            found += [f"{path}: {line}" for line in page.evaluate(_MARK_STARTS_A_LINE, MARKS)]
            wide += [f"{path}: {el}" for el in page.evaluate(_WIDER_THAN_THE_SCREEN)]
    finally:
        context.close()
    assert found == []
    assert wide == []  # and no page scrolls sideways for it
