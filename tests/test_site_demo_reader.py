"""The demo street's site read as its public reads it, in Debian's chromium: a resident's
grown-up child searching where the money went, an older reader with the phone's text at
150 % or 200 %, a street official comparing compounds. The demo is the street where these
were seen (its votes pages hold no word 表决结果, its fees pages no 物业费)."""

from __future__ import annotations

import pytest
from browser_support import chromium, phone_page, serve

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def demo_site(demo_year):
    """The demo year's site (``conftest.demo_year``), served on 127.0.0.1."""
    with serve(demo_year["site"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser(demo_site):  # after the demo: its asyncio.run needs no Playwright loop running
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, demo_site):
    with phone_page(browser, demo_site) as page:
        yield page
        assert page.outside == [] and page.errors == []


def test_a_page_fetches_neither_the_sitemap_nor_the_ledger_checks_script(page, demo_site):
    # Every page fetched sitemap.xml (Material took the feed's link, rel="alternate", for
    # another language's copy of the site) and steward_verify.js (33 KB, for the check
    # only the 账本核验 page offers): on a phone, more than the page's own text.
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in ("", "areas/chengjian/", "areas/chengjian/accounts/", "guides/residents/"):
        page.goto(demo_site + path)
        page.wait_for_load_state("networkidle")
    assert len(fetched) > 10
    assert [url for url in fetched if "sitemap" in url or "steward_verify" in url] == []
    feed = page.locator('link[type="application/atom+xml"]')  # feed readers still find it
    assert feed.count() == 1 and "alternate" in feed.get_attribute("rel").split()


def _search(page, base: str, query: str) -> tuple[str, list[str]]:
    """``query`` typed into the search on a phone: the count line and each result's text."""
    page.goto(base + "areas/chengjian/")
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():  # a phone: the search box opens from the header's icon
        page.locator("label[for=__search]").first.click()
    box.fill(query)
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "el => !/正在初始化|键入以开始搜索/.test(el.textContent)",
        arg=meta.element_handle(), timeout=10_000)
    items = page.locator(".md-search-result__item")
    return meta.inner_text().strip(), [items.nth(n).inner_text().replace("\u200b", "")
                                       for n in range(items.count())]


def _titles(items: list[str]) -> list[str]:
    return [item.split("\n")[0].strip() for item in items]


@pytest.mark.parametrize("query", ["表决结果", "选举结果", "投票结果"])
def test_a_search_for_vote_results_lists_the_votes_pages_first(page, demo_site, query):
    # 表决结果 listed only two areas' home pages (their 最近动态 says 表决结果：未通过) and
    # 选举结果 one, never a votes page, where each vote's result and tally are.
    meta, items = _search(page, demo_site, query)
    titles = _titles(items)
    assert titles and titles[0].endswith("· 表决"), (meta, titles)
    votes = [t for t in titles if t.endswith("· 表决")]
    assert titles[:len(votes)] == votes, titles  # the votes pages before any other


def test_an_election_result_searched_lists_the_votes_page_with_the_election(page, demo_site):
    meta, items = _search(page, demo_site, "选举结果")
    assert "城建小区 · 表决" in _titles(items), (meta, _titles(items))
    first = items[0]
    assert "选举" in first, first


def test_the_property_fee_searched_lists_the_fees_pages_first(page, demo_site):
    # 物业费 (what residents call what they pay) listed the data downloads page and the
    # residents' guide: no compound of the demo collects a fee named 物业费, and the fees
    # pages, where what each collects is, were not listed at all.
    meta, items = _search(page, demo_site, "物业费")
    titles = _titles(items)
    fees = [t for t in titles if t.endswith("· 收费情况")]
    assert len(fees) == 4, (meta, titles)
    assert titles[:4] == fees, titles


def test_the_property_fee_and_a_compound_lists_that_compounds_fees_first(page, demo_site):
    meta, items = _search(page, demo_site, "物业费 怡馨苑")
    assert _titles(items)[:1] == ["怡馨苑小区 · 收费情况"], (meta, _titles(items))


def _sized(browser, base: str, width: int, font: int):
    """A page ``width`` CSS px wide with the browser's standard text ``font`` px (16 is
    the usual; 24 and 32 a phone's text at 150 % and 200 %)."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    if font != 16:
        context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": font, "fixed": font * 13 // 16}})
    return context, page


HEADER = """() => {
    const shown = el => { const r = el.getBoundingClientRect();
        return r.width > 0 && r.right <= innerWidth + 1 && r.left >= -1; };
    const title = document.querySelector('.md-header__topic .md-ellipsis');
    const buttons = [...document.querySelectorAll(
        '.md-header__inner > label[for="__drawer"], .md-header__inner > .md-logo, '
        + '.md-header__inner > label[for="__search"]')];
    return {text: title.textContent.trim(), width: title.clientWidth,
            whole: title.scrollWidth <= title.clientWidth + 1 && shown(title),
            buttons: buttons.filter(b => b.getBoundingClientRect().width > 0).length,
            cut: buttons.filter(b => b.getBoundingClientRect().width > 0 && !shown(b)).length,
            height: document.querySelector('.md-header').getBoundingClientRect().height,
            sideways: document.querySelector('.md-header').scrollWidth > innerWidth};
}"""


@pytest.mark.parametrize("width, font", [(390, 24), (390, 32), (320, 16), (320, 32),
                                         (768, 32), (1280, 32)])
def test_the_headers_site_title_is_read_whole_with_large_text(browser, demo_site, width,
                                                             font):
    # With the phone's text at 200 % the header read "孝." (46 px of 406): the menu, the
    # house and the search button, sized with the text, left one character's room.
    context, page = _sized(browser, demo_site, width, font)
    for path in ("", "areas/lvcheng-wuguan/accounts/"):
        page.goto(demo_site + path)
        header = page.evaluate(HEADER)
        assert header["text"] == "孝义市新义街道 公开账本", header
        assert header["whole"] and header["cut"] == 0, (width, font, header)
        assert header["buttons"] >= 2, header  # the house, and the menu or the search
        assert not header["sideways"], header  # nor the header wider than the page
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_stays_one_row_at_the_usual_text_size(browser, demo_site, width):
    context, page = _sized(browser, demo_site, width, 16)
    page.goto(demo_site)
    header = page.evaluate(HEADER)
    assert header["whole"] and header["cut"] == 0, header
    assert header["height"] < 60, header  # Material's 48 px header, as it was
    context.close()


CHARTS = """() => [...document.querySelectorAll('.steward-chartbox')].map(box => {
    const hint = box.previousElementSibling;
    const said = hint && hint.classList.contains('steward-scroll-hint') && !hint.hidden
        && hint.getClientRects().length > 0;
    return {scrolls: box.scrollWidth > box.clientWidth + 2,
            hint: said ? hint.textContent : null,
            fits: !said || hint.getBoundingClientRect().right <= innerWidth + 1};
})"""


@pytest.mark.parametrize("width, font", [(390, 32), (320, 24)])
def test_a_chart_wider_than_the_phone_says_it_scrolls_sideways(browser, demo_site, width,
                                                               font):
    # With the phone's text at 200 % a chart (sized in em, to grow with the text) is wider
    # than the screen and scrolls in its own box: its right part (the months after June,
    # the amounts) was out of sight, and nothing said a finger could bring it.
    context, page = _sized(browser, demo_site, width, font)
    page.goto(demo_site + "areas/chengjian/accounts/")
    charts = page.evaluate(CHARTS)
    assert charts and all(c["scrolls"] for c in charts), charts
    assert all(c["hint"] and "左右滑动" in c["hint"] and c["fits"] for c in charts), charts
    context.close()


@pytest.mark.parametrize("width, font", [(390, 16), (1280, 16), (1280, 32)])
def test_a_chart_that_fits_says_nothing_of_scrolling(browser, demo_site, width, font):
    context, page = _sized(browser, demo_site, width, font)
    page.goto(demo_site + "areas/chengjian/accounts/")
    charts = page.evaluate(CHARTS)
    assert charts and not any(c["scrolls"] for c in charts), charts
    assert [c for c in charts if c["hint"]] == [], charts
    context.close()


@pytest.mark.parametrize("path", ["", "areas/chengjian/", "areas/chengjian/votes/",
                                  "areas/chengjian/announcements/",
                                  "areas/chengjian/accounts/", "integrity/"])
def test_pages_never_scroll_sideways_on_a_360_px_phone_at_twice_the_text(browser, demo_site,
                                                                         path):
    # At 360 px (a common Android phone) with the text at 200 % these pages were 384 px
    # wide: a progress note's or a change's time stamp (2025-05-03 10:00, its hyphens
    # escaped, &#45;, so never cut at its space as filters.whole cuts a stamp there) and
    # the accounts page's link 怎么记账、怎么核对 kept on one line, 338 px; the integrity
    # page's signing times beside their label in a card (签名时间：2025-12-31 20:00), 379 px.
    context, page = _sized(browser, demo_site, 360, 32)
    page.goto(demo_site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("width, font", [(320, 32), (360, 24)])
def test_no_page_scrolls_sideways_on_a_small_phone_with_large_text(browser, demo_site,
                                                                   demo_year, width, font):
    # At 320 px with the text at 200 % twelve pages were 324 to 339 px wide: a vote's
    # figures (面积 1,804.5/3,492.0 m²) two lists deep, each list indented 1.9 em (135 px of
    # a 256 px line, the words three characters a line), an issue's 已等待 263 天 under its
    # bullet, and a month's chain head in its card (16 characters never broken). At 360 px
    # and 150 % the volunteers' guide's command (--as volunteer:lvcheng-wuguan) was 369.
    site = demo_year["site"]
    paths = sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                   for p in site.rglob("index.html"))
    assert len(paths) > 40
    context, page = _sized(browser, demo_site, width, font)
    wide = []
    for path in paths:
        page.goto(demo_site + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide.append(f"{path}: {scroll}")
    context.close()
    assert wide == []


# Each amount (¥1,680.00) in a month's heading, as the lines it is drawn on.
MONTH_AMOUNTS = """() => {
  const out = [];
  for (const sum of document.querySelectorAll('.steward-month-sum')) {
    const node = sum.firstChild, text = node.textContent;
    for (const m of text.matchAll(/¥[\\d,]+\\.\\d\\d/g)) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, font", [(320, 32), (360, 32), (390, 32)])
def test_a_months_totals_are_never_broken_inside_an_amount(browser, demo_site, width, font):
    # At 320 px with 200 % text a month's heading read "收入 / ¥1,6 / 80.00 · 支出" and
    # "¥0.0 / 0": the heading may break a word where it must, and beside the 点开看 button
    # it broke the amount.
    context, page = _sized(browser, demo_site, width, font)
    page.goto(demo_site + "areas/chengjian/accounts/")
    amounts = page.evaluate(MONTH_AMOUNTS)
    context.close()
    assert len(amounts) >= 20
    assert [a for a, lines in amounts if lines != 1] == []


MONTH_LABELS = """() => {
  const out = [];
  for (const sum of document.querySelectorAll('.steward-month-sum')) {
    const node = sum.firstChild, text = node.textContent;
    for (const m of text.matchAll(/(?:收入|支出)\\s*¥[\\d,]+\\.\\d\\d|\\d+\\s*笔/g)) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(b => b.width > 0)
        .map(b => Math.round(b.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, font", [(320, 32), (360, 32), (390, 32)])
def test_a_months_labels_stay_on_the_line_of_their_amounts(browser, demo_site, width, font):
    # At 320 px with 200 % text a month's heading read "收入 / ¥1,680.00 · 支出 / ¥0.00":
    # the label at a line's end, its amount at the next one's start.
    context, page = _sized(browser, demo_site, width, font)
    page.goto(demo_site + "areas/chengjian/accounts/")
    labels = page.evaluate(MONTH_LABELS)
    context.close()
    assert len(labels) >= 30
    assert [a for a, lines in labels if lines != 1] == []


MARKS_AFTER_LINKS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('.md-typeset p a, .md-typeset li a')) {
    const next = a.nextSibling;
    if (!next || next.nodeType !== 3 || !/^[，。、；：）]/.test(next.textContent)) continue;
    const texts = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    let last = null;
    while (texts.nextNode()) if (texts.currentNode.textContent.length) last = texts.currentNode;
    if (!last) continue;
    const top = (node, at) => { const r = document.createRange();
      r.setStart(node, at); r.setEnd(node, at + 1); return r.getBoundingClientRect().top; };
    out.push([a.textContent + next.textContent[0],
              Math.abs(top(next, 0) - top(last, last.textContent.length - 1)) < 2]);
  }
  return out;
}"""


@pytest.mark.parametrize("width, font", [(320, 32), (360, 32), (390, 24)])
def test_a_mark_after_a_link_never_starts_a_line(browser, demo_site, width, font):
    # At 320 px with 200 % text the votes page read "提议 #520：院内路面硬化 / ，2026-01-15":
    # the link's words kept whole were wider than the line with the comma, and the line
    # broke before it.
    context, page = _sized(browser, demo_site, width, font)
    seen = []
    for path in ("", "areas/chengjian/", "areas/chengjian/votes/"):
        page.goto(demo_site + path)
        seen += page.evaluate(MARKS_AFTER_LINKS)
    context.close()
    assert any(text.startswith("提议 #520") for text, _ in seen), seen
    assert [text for text, kept in seen if not kept] == []


def _results(page) -> list[dict]:
    """Each result of the search shown: its page, its words marked and what it says it
    searched besides the words typed."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
      .map(item => ({
        page: new URL(item.querySelector('a').href).pathname,
        marks: [...new Set([...item.querySelectorAll('mark')].map(m =>
          m.textContent.replace(/\\u200b/g, '')))],
        also: [...item.querySelectorAll('.steward-also')].map(s => s.textContent)}))""")


def test_a_word_searched_as_the_sites_word_says_so_and_marks_the_word_typed_where_it_is(
        page, demo_site):
    # 物业费 listed the four fees pages with 收费 marked, and nothing said why: the reader
    # looked for her word and found another. A result found by the site's word says
    # 也搜了：收费 under its title; one holding the word typed marks it, and says nothing.
    meta, items = _search(page, demo_site, "物业费")
    results = _results(page)
    fees = [r for r in results if r["page"].endswith("/fees/")]
    others = [r for r in results if not r["page"].endswith("/fees/")]
    assert len(fees) == 4 and others, (meta, results)
    assert all(r["marks"] == ["收费"] and r["also"] == ["也搜了：收费"] for r in fees), fees
    assert all(r["marks"] == ["物业费"] and r["also"] == [] for r in others), others


def test_a_word_on_no_page_searched_as_the_sites_word_says_so_in_each_result(page, demo_site):
    # 报修 is on no page: it is searched as 报事, which every result marked, unexplained.
    meta, items = _search(page, demo_site, "报修")
    results = _results(page)
    assert results, meta
    assert all(r["also"] == ["也搜了：报事"] and r["marks"] == ["报事"] for r in results), results


def test_a_list_two_levels_deep_leaves_the_words_most_of_a_small_phones_line(browser,
                                                                             demo_site):
    # At 320 px with 200 % text the open vote's 已参与 (a list in a list) began 135 px into
    # a 256 px line, Material's 1.9 em a level: 已参 / 与： / 24/60 户, three characters a
    # line. A level is .8 em there, the bullet's room.
    context, page = _sized(browser, demo_site, 320, 32)
    page.goto(demo_site + "areas/chengjian/votes/")
    indent = page.evaluate("""() => {
      const li = document.querySelector('.md-typeset li li');
      const text = parseFloat(getComputedStyle(li).fontSize);
      return [li.getBoundingClientRect().left - li.closest('.md-typeset')
              .getBoundingClientRect().left, text];
    }""")
    context.close()
    assert indent[0] <= 2 * 0.8 * indent[1] + 1, indent


# Each closing mark (）。、，；：) of the search results that begins a line, with the text
# before it: the index's word breaks (U+200B) stood before such marks.
LINE_START_MARKS = """() => {
  const out = [], top = (node, i) => { const r = document.createRange();
    r.setStart(node, i); r.setEnd(node, i + 1); const b = r.getClientRects()[0];
    return b ? Math.round(b.top) : null; };
  const list = document.querySelector('.md-search-result__list');
  const walk = document.createTreeWalker(list, NodeFilter.SHOW_TEXT);
  let prev = null;  // the last visible character before: [node, index]
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (!node.parentElement.getClientRects().length) continue;
    const text = node.textContent;
    for (let i = 0; i < text.length; i++) {
      if (/[\\s\\u200b]/.test(text[i])) continue;
      if (/[、，。；：？！）」』”’》]/.test(text[i]) && prev) {
        const a = top(...prev), b = top(node, i);
        if (a !== null && b !== null && b > a + 2)
          out.push(prev[0].textContent.slice(Math.max(0, prev[1] - 8), prev[1] + 1)
                   + '|' + text[i]);
      }
      prev = [node, i];
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, font", [(320, 32), (390, 16)])
def test_a_search_results_lines_never_begin_with_a_closing_mark(browser, demo_site, width,
                                                               font):
    # At 320 px with 200 % text a result of 物业费 read "…只计笔数 / ）。只统计…" and
    # "…已审核公开 / 、未被冲正": the index's word breaks stood before the marks.
    context, page = _sized(browser, demo_site, width, font)
    page.goto(demo_site + "areas/chengjian/")
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill("物业费")
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("el => /个符合条件/.test(el.textContent)",
                           arg=meta.element_handle(), timeout=10_000)
    starts = page.evaluate(LINE_START_MARKS)
    context.close()
    assert starts == []


# Each inline code a closing mark follows whose mark is drawn on a line below the code's
# last letter: the mark begins a line.
CODE_MARK_STARTS_A_LINE = r"""() => {
  const marks = '）)」』，。、；：！？”’》〉】,.;:!?', found = [];
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
      found.push(code.textContent + ' | ' + next.textContent.slice(0, 4));
  }
  return found;
}"""


@pytest.mark.parametrize("width, font", [(320, 16), (320, 24), (320, 32), (360, 32),
                                         (390, 32)])
def test_a_closing_mark_after_inline_code_never_begins_a_line(browser, demo_site, width,
                                                               font):
    # At 320 px the volunteers' guide read "/mydata、/forget、/unpublish" and then "）。"
    # alone at the next line's start, the verify page "--head" then "。", and with larger
    # text the security page's test names, the downloads page's notice-年-月.pdf and the
    # integrity page's head (4db52eeb568625e0, then "）") the same: code breaks anywhere
    # where it must, and the browser broke it at its very end. Its last word now goes to
    # the next line with its marks; and nothing scrolls sideways for it (the earlier way,
    # f38f0e20, kept words of 15 letters whole: 384 px wide at 320 px with 200 % text).
    context, page = _sized(browser, demo_site, width, font)
    found = []
    for path in ("guides/volunteers/", "guides/residents/", "guides/ledger-check/",
                 "verify/", "downloads/", "security/", "integrity/"):
        page.goto(demo_site + path)
        found += [f"{path}: {line}" for line in page.evaluate(CODE_MARK_STARTS_A_LINE)]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()
    assert found == []


# Each date followed by its hour (" 24 时截止", " 24 时"): whether the date's last digit and
# the hour's 时 are drawn on one line.
DEADLINES = r"""() => {
  const out = [];
  for (const date of document.querySelectorAll('.md-content .steward-date')) {
    const next = date.nextSibling;
    if (!next || next.nodeType !== 3 || !/^ 24 时/.test(next.textContent)) continue;
    const digits = date.firstChild, top = (node, at) => { const r = document.createRange();
      r.setStart(node, at); r.setEnd(node, at + 1); return r.getBoundingClientRect().top; };
    out.push([date.textContent + next.textContent.slice(0, 7),
              Math.abs(top(digits, digits.textContent.length - 1) - top(next, 4)) < 2]);
  }
  return out;
}"""


@pytest.mark.parametrize("width, font", [(390, 16), (375, 16), (360, 16), (412, 24),
                                         (390, 24)])
def test_a_votes_date_and_its_deadline_hour_are_read_on_one_line(browser, demo_site, width,
                                                                 font):
    # At 390 px the votes page read "提议 #520：院内路面硬化，2026-01-15" and then
    # "24 时截止" on the next line: the date at one line's end, what it is below.
    context, page = _sized(browser, demo_site, width, font)
    seen = []
    for path in ("areas/chengjian/votes/", "areas/chengjian/", ""):
        page.goto(demo_site + path)
        seen += page.evaluate(DEADLINES)
    context.close()
    assert len(seen) >= 4, seen
    assert [text for text, together in seen if not together] == []
