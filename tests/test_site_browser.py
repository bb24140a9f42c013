"""The built site in a real browser: Debian's chromium driven by Playwright.

Opens the home page, an area's accounts page and a Chinese search over a
local HTTP server, checks the figures against the store, blocks and records
any request to another host, saves screenshots, and runs axe-core (shipped
inside the axe-playwright-python package) for serious or critical
accessibility problems. Needs Debian's chromium (`make test` installs it when
run as root; otherwise `apt-get install chromium`); the Python packages are in
the test extras. Without chromium these tests fail, they are not skipped.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from browser_support import chromium, phone_page, serve
from test_site_helpers import fill_street, make_project, new_repo

from db.core import CHINA_TZ
from db.money import format_fen
from site_builder import build_site


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    repo = new_repo(tmp / "data")
    fill_street(repo, hostile="<script>alert('x')</script><img src=x onerror=alert(2)>")
    figures = {"east": format_fen(repo.balance("east")), "west": format_fen(repo.balance("west")),
               "east_lines": len(repo.ledger("east"))}
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    with serve(project / "site") as base:
        yield base, figures, tmp


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, served):
    with phone_page(browser, served[0]) as page:
        yield page
        assert page.outside == [], "the site asked another host for something"
        assert page.dialogs == [], "a script from user text ran"


def serious_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in result.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_home_page_in_a_browser_shows_every_area_with_its_balance(page, served):
    base, figures, tmp = served
    page.goto(base)
    table = page.locator("table").first.inner_text()
    assert "东小区" in table and "西小区" in table
    assert figures["east"] in table and figures["west"] in table
    page.screenshot(path=str(tmp / "home.png"), full_page=True)
    assert serious_axe_violations(page) == []


def test_accounts_page_in_a_browser_matches_the_store(page, served):
    base, figures, tmp = served
    page.goto(base + "areas/east/accounts/")
    assert figures["east"] in page.locator(".steward-figures").first.inner_text()
    assert page.locator(".steward-ledger tr[id^=line-]").count() == figures["east_lines"]
    assert page.locator("img[src$='months-2025.svg']").count() == 1
    page.screenshot(path=str(tmp / "accounts.png"), full_page=True)
    assert serious_axe_violations(page) == []


def test_chinese_search_in_a_browser_finds_the_issue(page, served):
    base, _, tmp = served
    page.goto(base)
    box = page.locator("input[data-md-component=search-query]")
    page.locator("label[for=__search]").first.click()
    box.fill("化粪池")
    box.press("End")  # Material searches on key events, as when a person types
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=10_000)
    assert "areas/east/issues/" in first.get_attribute("href")
    page.screenshot(path=str(tmp / "search.png"))


def test_open_issue_waits_are_counted_to_today_by_the_page_and_read_whole(page, served):
    base, _, _ = served
    page.goto(base + "areas/east/issues/")
    waits = page.locator("[data-since]")
    assert waits.count() >= 2  # the list and the details of at least one open issue
    for n in range(waits.count()):
        el = waits.nth(n)
        since = date.fromisoformat(el.get_attribute("data-since"))
        days = max((datetime.now(CHINA_TZ).date() - since).days, 0)  # China's today
        expected = ((el.get_attribute("data-prefix") or "") + str(days)
                    + (el.get_attribute("data-unit") or ""))
        # "，已等待 602 天": the days never on a line apart from their words (the comma
        # just before the element, where a line may break)
        lead = el.evaluate("e => e.previousSibling && e.hasAttribute('data-lead') ? "
                           "e.previousSibling.textContent.slice(-1) : ''")
        assert lead + el.inner_text().strip() == expected.strip().replace(" ", "\u00a0")
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_a_search_result_opens_its_page_with_the_searched_word_marked(browser, served, width,
                                                                      height):
    base = served[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(base)
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():  # a phone: the search box opens from the header's icon
        page.locator("label[for=__search]").first.click()
    box.fill("化粪池")
    box.press("End")
    heading = page.locator(".md-search-result__item > a").first  # the page, above its results
    heading.wait_for(timeout=10_000)
    links = page.locator("a.md-search-result__link")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert len(hrefs) >= 2
    for href in hrefs:  # every result, the page's heading too, carries the word
        assert "h=%E5%8C%96%E7%B2%AA%E6%B1%A0" in href, href
    assert "areas/east/issues/" in heading.get_attribute("href")
    heading.click()
    page.wait_for_url("**/areas/east/issues/**")
    marked = page.locator(".md-content mark[data-md-highlight]")
    marked.first.wait_for(timeout=10_000)
    assert {marked.nth(n).inner_text() for n in range(marked.count())} == {"化粪池"}
    context.close()


def _search(page, base: str, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the site's search as a person does; the result count line and
    the text of each result (a page with its sections)."""
    page.goto(base + "areas/east/")
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():  # a phone: the search box opens from the header's icon
        page.locator("label[for=__search]").first.click()
    box.fill(query)
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "el => !/正在初始化|键入以开始搜索|Initializing|Type to start/.test(el.textContent)",
        arg=meta.element_handle(), timeout=10_000)
    items = page.locator(".md-search-result__item")
    return meta.inner_text().strip(), [items.nth(n).inner_text().replace("\u200b", "")
                                       for n in range(items.count())]


def _missing_notes(page) -> list[str]:
    """Material's "缺少: ..." (words it says a result lacks) under the results shown."""
    notes = page.locator(".md-search-result__terms")
    return [notes.nth(n).inner_text() for n in range(notes.count())]


@pytest.mark.parametrize("query", ["小区游泳池漏水", "化粪池漏水"])
def test_a_search_for_a_phrase_on_no_page_says_nothing_was_found(page, served, query):
    """Material matched any piece of a Chinese query ("小区"), so a phrase on no page
    listed every page with one of its pieces."""
    base, _, tmp = served
    meta, items = _search(page, base, query)
    page.screenshot(path=str(tmp / "search-none.png"))
    assert items == [], items
    assert meta == "没有找到符合条件的结果"


@pytest.mark.parametrize("query, words", [
    ("化粪池", ["化粪池"]), ("化粪池 堵了", ["化粪池", "堵了"]), ("东小区", ["东小区"]),
    ("化粪池堵了", ["化粪池堵了"])])
def test_every_search_result_holds_every_word_searched(page, served, query, words):
    base, _, _ = served
    meta, items = _search(page, base, query)
    assert items, meta
    assert meta != "没有找到符合条件的结果"  # Material lists ten, then more as one scrolls
    for text in items:
        for word in words:
            assert word in text, (word, text)
    # nor does a result say it lacks a piece of the query (Material: "缺少: 化粪池*")
    assert _missing_notes(page) == []


# A pinyin keyboard's tapped candidate, as Chrome tells it: an input still composing,
# then the composition's end; a voice input, a handwriting pad or a paste: an input.
_PINYIN_TAPPED = """box => {
    box.value = "化粪池";
    box.dispatchEvent(new InputEvent("input", {isComposing: true, data: "化粪池"}));
    box.dispatchEvent(new CompositionEvent("compositionend", {data: "化粪池"}));
}"""


@pytest.mark.parametrize("arrives", ["input", "pinyin"])
def test_a_search_typed_without_a_key_event_is_searched(page, served, arrives):
    """Words that reach the box with no key pressed (voice input, a handwriting pad, a
    candidate tapped on a pinyin keyboard, a paste) arrive as an input event alone.
    Material reads the box on a key's release: the box said 键入以开始搜索 under
    化粪池 until another key was pressed, and a resident took it for nothing found."""
    base, _, _ = served
    page.goto(base + "areas/east/")
    page.locator("label[for=__search]").first.click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("el => /键入以开始搜索/.test(el.textContent)",
                           arg=meta.element_handle(), timeout=10_000)  # the index is ready
    box = page.locator("input[data-md-component=search-query]")
    if arrives == "input":
        box.fill("化粪池")  # an input event only
    else:
        box.evaluate(_PINYIN_TAPPED)
    page.wait_for_function("el => /符合条件的结果/.test(el.textContent)",
                           arg=meta.element_handle(), timeout=10_000)
    items = page.locator(".md-search-result__item")
    assert items.count() and "化粪池" in items.first.inner_text().replace("\u200b", "")


@pytest.mark.parametrize("said, site_word", [("报修", "报事"), ("交钱", "缴费")])
def test_a_word_residents_say_finds_what_the_site_calls_it(page, served, said, site_word):
    # "报修" and "交钱" are on no page (the site says 报事 and 缴费): a resident searching
    # for her repair or her fee read 没有找到符合条件的结果.
    base, _, _ = served
    meta, items = _search(page, base, said)
    assert items and meta != "没有找到符合条件的结果", meta
    assert all(site_word in text for text in items), items


@pytest.mark.parametrize("query", ["1号楼1单元", "1号楼 1单元", "东小区1号楼"])
def test_a_building_and_unit_typed_as_residents_write_them_are_found(page, served, query):
    # "2号楼2单元" found nothing: the index holds "2" and "号楼" apart, and Material
    # looked for "2号楼" whole, though the unit was on the area's page and its reports.
    base, _, _ = served
    meta, items = _search(page, base, query)
    assert items and meta != "没有找到符合条件的结果", meta
    for text in items:
        assert all(word in text.replace(" ", "") for word in query.split()), (query, text)


def test_a_building_searched_marks_the_building_not_every_number(page, served):
    # "2号楼2单元" is searched as "2", "号楼", "2", "单元" (as the index holds it): every
    # 2025 of the results was marked, and the page a result opened marked every 2 of it,
    # amounts and hashes included.
    from urllib.parse import parse_qs, urlparse

    base, _, _ = served
    meta, items = _search(page, base, "1号楼1单元")
    assert items, meta
    marks = page.locator(".md-search-result__item mark")
    texts = [marks.nth(n).inner_text().replace("\u200b", "") for n in range(marks.count())]
    # the building and the unit, each whole (test_site_search_marks), no number alone; the
    # two side by side as the volunteers' guide quotes /unpaid's button (登记 1号楼1单元) in
    # one mark
    assert {"1号楼", "1单元"} <= set(texts) <= {"1号楼", "1单元", "1号楼1单元"}, texts
    links = page.locator("a.md-search-result__link")
    for n in range(links.count()):
        href = links.nth(n).get_attribute("href") or ""
        for words in parse_qs(urlparse(href).query).get("h", []):
            assert not [w for w in words.split() if w.isdigit()], href
    hrefs = [links.nth(n).get_attribute("href") or "" for n in range(links.count())]
    assert any("1号楼" in parse_qs(urlparse(h).query).get("h", [""])[0].split() for h in hrefs)


@pytest.mark.parametrize("asked, site_word, first", [
    ("修好了吗", "报事", "报事"), ("我交的钱", "收费情况", "收费情况"),
    ("钱花哪了", "花到哪里去", "账目"), ("报修进度", "报事", "报事")])
def test_a_question_typed_as_said_finds_the_pages_it_asks_about(page, served, asked, site_word,
                                                                first):
    # 修好了吗, 我交的钱 and 钱花哪了, typed as a resident says them, read
    # 没有找到符合条件的结果 at 390x844: the site says 报事, 收费情况 and 钱从哪里来、花到哪里去.
    base, _, _ = served
    meta, items = _search(page, base, asked)
    assert items and meta != "没有找到符合条件的结果", meta
    assert all(site_word in text for text in items), items
    # an area's reports, fees or accounts page first, not a guide
    assert items[0].split("\n")[0].endswith("小区 · " + first), items[0]


@pytest.mark.parametrize("query", ["1月", "2025年1月", "1月份"])
def test_a_month_typed_as_residents_say_it_finds_the_lines_of_that_month(page, served, query):
    # "12月" typed without a space found no line of December: the site writes a line's day
    # as 2025-12-26 and a fee's month as 2025-12, and a result had to hold "12月" itself
    # (the months table's row did). A month typed so finds the days and months written so.
    base, _, _ = served
    meta, items = _search(page, base, query)
    assert items and meta != "没有找到符合条件的结果", meta
    links = page.locator("a.md-search-result__link")
    hrefs = [links.nth(n).get_attribute("href") or "" for n in range(links.count())]
    assert any("/accounts/" in href and "#line-" in href for href in hrefs), hrefs
    # what is marked: the month as typed, or a day or a month of January 2025
    marks = page.locator(".md-search-result__item mark")
    marked = [marks.nth(n).text_content().replace("\u200b", "") for n in range(marks.count())]
    month = re.compile(r"(2025年)?1月(份)?|2025-01(-[0-9]{2})?")
    assert [m for m in marked if not month.fullmatch(m)] == []
    assert any(m.startswith("2025-01") for m in marked), marked


@pytest.mark.parametrize("query", ["路灯 修好了吗", "路灯修好了吗", "什么时候修路灯"])
def test_a_question_beside_a_word_finds_what_both_say(page, served, query):
    # Typed as one word (路灯修好了吗), the question was searched as 报事 alone: every
    # report was listed, the street light's among them, its subject lost.
    base, _, _ = served
    meta, items = _search(page, base, query)
    assert items, meta
    assert all("路灯" in text for text in items), items
    # the pages with both first (a page without 报事 after: what 路灯 alone finds, as the
    # ledger's 路灯材料; test_site_search_marks), the report itself first of all
    both = ["报事" in text for text in items]
    assert both[0] and both == sorted(both, reverse=True), items
    assert "2单元路灯不亮" in items[0], items


# -- For older eyes and fingers: tap targets, zoom, reflow -------------------------------

_BIG_TEXT = "html { font-size: 250% !important; }"  # the browser's text at 200% (Material: 125%)


def _area_nav_boxes(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.steward-areanav a')].map(a => {
        const r = a.getBoundingClientRect();
        return {text: a.textContent, w: r.width, h: r.height, lines: a.getClientRects().length};
    })""")


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_area_menu_links_are_big_enough_to_tap_with_a_finger(browser, served, width, height):
    """The menu at the top of an area's pages was a line of 20 px high words ("账目 · 收费")
    a finger could not hit one by one; each link is now a 44 x 44 CSS px target."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(served[0] + "areas/east/accounts/")
    boxes = _area_nav_boxes(page)
    assert len(boxes) >= 5
    for box in boxes:
        assert box["w"] >= 44 and box["h"] >= 44, box
    context.close()


@pytest.mark.parametrize("width, shown", [(390, False), (1280, True)])
def test_area_menu_dots_never_start_a_line_on_a_phone(browser, served, width, shown):
    """On a phone the menu wrapped as '… 收费 / · 项目 · 报事': the dots between its words
    are left out there (the tap boxes keep the words apart); a wide screen keeps them."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(served[0] + "areas/east/accounts/")
    dots = page.evaluate("""() => [...document.querySelectorAll('.steward-areanav .steward-sep')]
        .map(s => s.getClientRects().length > 0)""")
    assert len(dots) >= 4 and set(dots) == {shown}
    context.close()


def test_area_menu_dots_stay_on_the_line_of_the_word_before_them(browser, served):
    """At 1280 px the menu under 盐业小区·市药材小区 wrapped as '… 表决 / · 会议 · 提问':
    a dot shown began a line. Every width that shows the dots, with larger text so that
    the menu wraps, here and there."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served[0] + "areas/east/accounts/")
    page.add_style_tag(content="html { font-size: 180% !important; }")
    wrapped, below = 0, []
    for width in range(720, 1300, 8):
        page.set_viewport_size({"width": width, "height": 900})
        lines = page.evaluate("""() => [...document.querySelectorAll(
            '.steward-areanav .steward-sep')].filter(s => s.getClientRects().length)
            .map(s => [s.getBoundingClientRect().top,
                       s.previousElementSibling.getBoundingClientRect().top,
                       s.previousElementSibling.getBoundingClientRect().height])""")
        wrapped += len({round(t) for _dot, t, _h in lines}) > 1
        below += [width for dot, word, height in lines if not word - 2 <= dot <= word + height]
    assert wrapped > 10  # the menu wraps at many of these widths
    assert below == []  # each dot beside its word, never starting the next line
    context.close()


@pytest.mark.parametrize("zoom", ["text", "page"])
def test_area_menu_words_are_never_broken_when_the_text_is_zoomed(browser, served, zoom):
    """At 200% a menu word broke over two lines ("项 / 目", "意 / 见")."""
    if zoom == "page":  # the browser zoomed to 200%: half as many CSS px on the phone
        context = browser.new_context(viewport={"width": 195, "height": 422},
                                      device_scale_factor=2)
    else:
        context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served[0] + "areas/east/accounts/")
    if zoom == "text":
        page.add_style_tag(content=_BIG_TEXT)
    boxes = _area_nav_boxes(page)
    assert len(boxes) >= 5
    assert [b["text"] for b in boxes if b["lines"] != 1] == []
    context.close()


def _wide_context(browser, zoom: str):
    """A phone whose reader zoomed the page to 200% (half as many CSS px) or set the
    browser's text to twice its size (Chrome's font-size setting, over DevTools)."""
    if zoom == "page":
        context = browser.new_context(viewport={"width": 195, "height": 422},
                                      device_scale_factor=2)
        return context, context.new_page()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes",
                                       {"fontSizes": {"standard": 32, "fixed": 26}})
    return context, page


@pytest.mark.parametrize("zoom", ["text", "page"])
@pytest.mark.parametrize("path", ["areas/east/accounts/", "areas/east/fees/", "stewards/",
                                  "areas/east/issues/", "areas/east/votes/", ""])
def test_pages_never_scroll_sideways_when_zoomed_to_twice_the_size(browser, served, zoom,
                                                                   path):
    """At 200% a year's categories, its months and a fee's buildings were tables wider
    than the phone: the whole page scrolled sideways, the header cut. Their rows now
    become cards, each figure with its column's name."""
    context, page = _wide_context(browser, zoom)
    page.goto(served[0] + path)
    assert page.locator(".md-content h1").count() == 1
    width = page.evaluate("document.documentElement.clientWidth")
    wide = page.evaluate("""w => [...document.querySelectorAll('.md-content *')]
        .filter(el => el.getBoundingClientRect().right > w + 1
                      && !el.closest('.steward-sr, .md-typeset__scrollwrap, .steward-chartbox, '
                                     + '[hidden]')
                      && !(el.closest('thead')  // a card table's header, for screen readers
                           && getComputedStyle(el.closest('thead')).position === 'absolute'))
        .map(el => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 20))""", width)
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_a_printed_accounts_page_is_in_type_an_older_reader_can_read(browser, served):
    """Printed, the ledger was 8.5 pt (11 px) and the text 10 pt; a notice-board copy is
    read by older residents: text at least 11 pt, tables at least 9.5 pt, and nothing
    wider than the A4 page (794 px less the 12 mm margins)."""
    context = browser.new_context(viewport={"width": 703, "height": 1000})
    page = context.new_page()
    page.goto(served[0] + "areas/east/accounts/")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => {
        const px = sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
        return {text: px('.md-typeset p'), ledger: px('.steward-ledger-table td.purpose'),
                nav: getComputedStyle(document.querySelector('.steward-areanav')).display};
    }""")
    assert sizes["text"] >= 11 * 96 / 72 - 0.01, sizes
    assert sizes["ledger"] >= 9.5 * 96 / 72 - 0.01, sizes
    assert sizes["nav"] == "none"  # the site around the document is not printed
    assert page.evaluate("document.documentElement.scrollWidth") <= 703
    context.close()
