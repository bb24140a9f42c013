"""The demo street's site in a real browser, as its readers meet it: an elderly
resident on a phone (390x844) and a journalist at a desk (1280x900).

`steward demo` plays the demo year through the bot and builds the site; the site
is served on 127.0.0.1 and Debian's chromium opens every page type at both
sizes, checks that nothing is cut off or runs off the side, runs axe-core on
each (no problem of any impact), and writes a full-page screenshot of each
into ``site-shots/`` (ignored by git) for people to look at. Then, one check each:
ledger amounts inside the screen, charts legible on a phone, search finding
expenses by their purpose, issues by year with the photos under the text, the
QR codes read back from the screen, printing, and the files people download.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from browser_support import serve

from bot.demo import expected_totals
from db.money import format_fen
from site_builder.charts import BOTTOM, HEIGHT

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "site-shots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
from playwright import sync_api  # noqa: E402  (after CHROMIUM, which the fixture needs)

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
AREAS = ("xinguotu", "lvcheng-wuguan", "chengjian", "yixinyuan")
# One page of every type the site has.
PAGES = {
    "home": "",
    "areas": "areas/",
    "stats": "stats/",
    "integrity": "integrity/",
    "downloads": "downloads/",
    "verify": "verify/",
    "guide": "guides/residents/",
    "stewards": "stewards/",
    "area": "areas/chengjian/",
    "accounts": "areas/lvcheng-wuguan/accounts/",
    "accounts-year": "areas/chengjian/accounts-2024/",
    "fees": "areas/lvcheng-wuguan/fees/",
    "projects": "areas/lvcheng-wuguan/projects/",
    "issues": "areas/chengjian/issues/",
    "issues-year": "areas/chengjian/issues-2024/",
    "opinions": "areas/lvcheng-wuguan/opinions/",
    "votes": "areas/lvcheng-wuguan/votes/",
    "announcements": "areas/lvcheng-wuguan/announcements/",
    "meetings": "areas/lvcheng-wuguan/meetings/",
    "questions": "areas/lvcheng-wuguan/questions/",
    "poster": "areas/lvcheng-wuguan/poster-yanye/",
}


@pytest.fixture(scope="module")
def demo_site(demo_year):
    """The demo year's site (``conftest.demo_year``, built once for every module that
    reads it), served."""
    site = demo_year["site"]
    SHOTS.mkdir(exist_ok=True)
    with serve(site) as base:
        yield base, site


@pytest.fixture(scope="module")
def browser(demo_site):  # after the demo: its asyncio.run needs no Playwright loop running
    assert CHROMIUM is not None, "Debian's chromium is missing: apt-get install chromium"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class _Tabs:
    """Browser tabs of each size, opened once for the module; none may ask anything of
    another host."""

    def __init__(self, browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.tabs: dict[str, tuple[object, object, list[str]]] = {}

    def __call__(self, size: str):
        if size not in self.tabs:
            width, height = SIZES[size]
            context = self.browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            outside: list[str] = []

            def guard(route, outside=outside):
                if route.request.url.startswith(self.base):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.size, page.base = size, self.base
            self.tabs[size] = (context, page, outside)
        return self.tabs[size][1]

    def close(self) -> None:
        for context, _page, outside in self.tabs.values():
            context.close()
            assert outside == [], "the site asked another host for something"


@pytest.fixture(scope="module")
def tabs(browser, demo_site):
    opened = _Tabs(browser, demo_site[0])
    yield opened
    opened.close()


@pytest.fixture(params=list(SIZES))
def screen(request, tabs):
    """A tab of each size in turn."""
    return tabs(request.param)


@pytest.fixture
def phone(tabs):
    return tabs("phone")


@pytest.fixture
def desktop(tabs):
    return tabs("desktop")


# What is cut off: anything in the page's content that reaches past its right
# edge (or the screen's), and any box whose content is wider than the box. What
# only screen readers get (the visually hidden captions and, on a phone, the
# card tables' header rows) is not looked at.
CUT_OFF = """() => {
  const out = [];
  const content = document.querySelector('.md-content');
  const edge = Math.min(content.getBoundingClientRect().right,
                        document.documentElement.clientWidth) + 1;
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
    out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
  const hidden = el => el.closest('.steward-sr') ||
    (el.closest('thead') && getComputedStyle(el.closest('thead')).position === 'absolute');
  for (const el of content.querySelectorAll('*')) {
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    const where = () => el.tagName.toLowerCase() + '.' + el.className + ' "' +
      (el.textContent || '').trim().slice(0, 30) + '"';
    if (r.width > 0 && r.right > edge) out.push(where() + ' ends at ' + Math.round(r.right));
    if (el.scrollWidth > el.clientWidth + 1 &&
        ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX))
      out.push(where() + ' scrolls: ' + el.scrollWidth + ' > ' + el.clientWidth);
  }
  return out.slice(0, 10);
}"""


def axe_violations(page) -> list[str]:
    """Every problem axe-core finds, of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result.response["violations"]]


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_type_fits_the_screen_passes_axe_and_is_photographed(screen, kind):
    screen.goto(screen.base + PAGES[kind])
    assert screen.locator("h1").count() == 1
    cut = screen.evaluate(CUT_OFF)
    assert cut == [], f"{kind} at {screen.size}: {cut}"
    assert axe_violations(screen) == []
    screen.screenshot(path=str(SHOTS / f"{kind}-{screen.size}.png"), full_page=True)


def _ledger_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/"
                  for area in AREAS
                  for p in (site / "areas" / area).glob("accounts*/index.html"))


# On a phone the accounts page folds (steward.js): each month but the last, and each
# line's details, open at a tap. This presses every such button: every line whole.
UNFOLD = """() => document.querySelectorAll(
  '.steward-folded .steward-month-toggle, .steward-line-toggle[aria-expanded=false]')
  .forEach(b => b.click())"""


def test_ledger_lines_show_date_amount_and_purpose_inside_the_screen(screen, demo_site):
    _, site = demo_site
    pages = _ledger_pages(site)
    assert "areas/chengjian/accounts-2024/" in pages and len(pages) == 5
    width = SIZES[screen.size][0]
    for path in pages:
        screen.goto(screen.base + path)
        screen.evaluate(UNFOLD)
        lines = screen.locator(".steward-ledger tr[id^=line-]")
        assert lines.count() > 0, path
        # the left and right edges of the date, amount and purpose of the first 20 lines
        boxes = lines.evaluate_all("""rows => rows.slice(0, 20).map(row =>
            ['td.date', 'td.amount', 'td.purpose'].map(part => {
              const r = row.querySelector(part).getBoundingClientRect();
              return [r.left, r.right, r.width, row.querySelector(part).textContent];
            }))""")
        # each line's short hash is read (and compared) whole: on one line, never broken
        broken = lines.evaluate_all("""rows => rows.map(row => row.querySelector('td.hash code'))
            .filter(code => code.getClientRects().length !== 1)  // a box per line it is on
            .map(code => code.textContent)""")
        assert broken == [], (path, broken[:5])
        for n, parts in enumerate(boxes):
            for (left, right, w, _text), part in zip(parts, ("date", "amount", "purpose"),
                                                     strict=True):
                assert w > 0 and 0 <= left and right <= width, (path, n, part, left, right)
            amount = parts[1][3].strip()
            assert re.fullmatch(r"[+-]¥[\d,]+\.\d\d", amount), amount
    # on a phone a line is a card: the amount on the first row, the purpose below it
    if screen.size == "phone":
        first = screen.locator(".steward-ledger tr[id^=line-]").first
        amount, purpose = (first.locator(p).bounding_box() for p in ("td.amount", "td.purpose"))
        assert amount["y"] + amount["height"] <= purpose["y"] + 1


def test_charts_are_legible_on_a_phone_with_every_month_on_the_axis(phone, demo_site):
    screen = phone  # the desktop shows them larger
    _, site = demo_site
    for path, months_svg in (("areas/lvcheng-wuguan/accounts/", "months-2025.svg"),
                             ("areas/chengjian/accounts-2024/", "months-2024.svg")):
        screen.goto(screen.base + path)
        charts = screen.locator("img.steward-chart")
        assert charts.count() == 2
        for n in range(charts.count()):
            img = charts.nth(n)
            src = img.evaluate("e => e.currentSrc").removeprefix(screen.base)
            svg = ET.fromstring((site / src).read_bytes())
            view_width = float(svg.get("viewBox").split()[2])
            font = float(svg.get("font-size"))
            shown = img.bounding_box()["width"]
            assert font * shown / view_width >= 11, (path, src, shown)
        svg = ET.fromstring((site / path).parent.joinpath(months_svg).read_bytes())
        ns = "{http://www.w3.org/2000/svg}"
        axis = [t.text for t in svg.iter(f"{ns}text") if t.get("y") == str(HEIGHT - BOTTOM + 16)]
        assert axis == [str(m) for m in range(1, 13)], (path, axis)


def test_home_page_shows_each_areas_balance_this_years_money_and_fee_rate(screen):
    screen.goto(screen.base)
    totals = expected_totals()
    rows = screen.locator(".steward-areas tbody tr")
    assert rows.count() == len(AREAS)
    text = screen.locator(".steward-areas").inner_text()
    for area, figures in totals.items():
        assert format_fen(figures["balance"]) in text, area
    committee = rows.nth(1).inner_text()
    this_year = totals["lvcheng-wuguan"]  # the committee's ledger is all in 2025
    assert "盐业小区·市药材小区" in committee
    assert format_fen(this_year["income"]) in committee
    assert format_fen(this_year["expense"]) in committee
    assert "93.1%" in committee and "卫生费 2025" in committee
    assert "（按单元）" in rows.nth(0).inner_text()  # 新国土: its schedule says per unit


# A JavaScript function for the tests' scripts below: the words of an element's text
# (the matches of a regular expression) that a line break cuts in two, added to a list.
CUT_IN = """const cutIn = (el, re, cut) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(re)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) cut.push(m[0]);
    }
  }
};"""


# The words of each note under a figure or a name on the home page ("物管会 · 58 户",
# "2025-12-25 公开", "最早 2025-04-10 受理，已等 602 天") that a line break cuts in two.
WORDS_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  for (const note of document.querySelectorAll('.steward-areas .steward-sub')) {
    cutIn(note, /[^\\s\u00a0，·]+/g, cut);
  }
  return cut;
}"""


def test_home_page_notes_break_between_words_and_an_areas_line_stays_whole(screen):
    """At 1280 px the name column was squeezed to '物管会 · 58 / 户', a day to '2025-12-25
    公 / 开' and a wait to '已等 / 602 天' (what a person saw); on a phone too."""
    screen.goto(screen.base)
    screen.locator(".steward-areas [data-since]").first.wait_for()
    assert screen.evaluate(WORDS_CUT) == [], screen.size
    for n in range(screen.locator(".steward-areas td.title .steward-sub").count()):
        note = screen.locator(".steward-areas td.title .steward-sub").nth(n)
        tops = note.evaluate("el => new Set([...el.getClientRects()].map(r => r.top)).size")
        assert tops == 1, (screen.size, note.inner_text())
    waits = screen.locator(".steward-areas [data-since]")
    for n in range(waits.count()):
        lines = waits.nth(n).evaluate("""el => {  // '已等 602 天', after its comma
          const text = el.firstChild, range = document.createRange();
          range.setStart(text, text.data.search(/[^，]/));
          range.setEnd(text, text.data.length);
          return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }""")
        assert lines == 1, (screen.size, waits.nth(n).inner_text())


def test_search_finds_expense_lines_by_their_purpose(screen):
    screen.goto(screen.base)
    for query, purpose in (("化粪池", "化粪池清掏"), ("路灯", "更换院内路灯"),
                           ("保洁", "院内保洁"), ("3500", "化粪池清掏")):
        screen.goto(screen.base)
        box = screen.locator("input[data-md-component=search-query]")
        if not box.is_visible():  # on a phone the search opens from the header's button
            screen.locator("label.md-header__button[for=__search]").click()
        box.fill(query)
        box.press("End")  # Material searches on key events, as when a person types
        results = screen.locator(".md-search-result__item a")
        results.first.wait_for(timeout=10_000)
        hrefs = [results.nth(n).get_attribute("href") for n in range(results.count())]
        lines = [h for h in hrefs if re.search(r"/accounts(-\d{4})?/(\?[^#]*)?#line-\d+$", h)]
        assert lines, (query, hrefs)
        found = screen.locator(".md-search-result").inner_text()
        assert purpose in found.replace("\u200b", ""), (query, found[:300])
        if query == "化粪池":
            assert "¥3,500.00" in found
            screen.screenshot(path=str(SHOTS / f"search-{screen.size}.png"))
    # following a result lands on the line
    screen.locator(".md-search-result__item a[href*='#line-']").first.click()
    screen.wait_for_url(re.compile(r"#line-\d+$"))
    target = screen.url.rsplit("#", 1)[1]
    assert screen.locator(f"#{target}").is_visible()


def test_issues_by_year_with_open_ones_on_the_overview_and_photos_under_the_text(screen):
    screen.goto(screen.base + "areas/chengjian/")
    overview = screen.locator(".steward-issue-list").inner_text()
    assert "电线裸露" in overview and "下水井盖" not in overview  # only the open one
    screen.goto(screen.base + "areas/chengjian/issues/")
    years = screen.locator("p", has_text="按年份").inner_text()
    assert years.index("2025 年") < years.index("2024 年")  # the current year first
    issues_2025 = screen.locator("article.steward-issue")
    assert issues_2025.count() == 3  # the grid worker's 代办 report, the septic tank, the wires
    shown = "".join(issues_2025.nth(n).inner_text() for n in range(3))
    assert "顶楼漏水" in shown and "化粪池满了" in shown and "电线裸露" in shown
    assert "下水井盖" not in shown  # 2024's report is on its own year's page
    screen.goto(screen.base + "areas/chengjian/issues-2024/")
    issue = screen.locator("article.steward-issue").first
    text = issue.locator(".steward-issue-text")
    photo = issue.locator(".steward-photos a").first
    assert "下水井盖松了" in text.inner_text()
    href, src = photo.get_attribute("href"), photo.locator("img").get_attribute("src")
    assert "/media/thumbs/" in src and "/media/" in href and "/thumbs/" not in href
    text_box, photo_box = text.bounding_box(), photo.bounding_box()
    assert photo_box["y"] >= text_box["y"] + text_box["height"]  # under the text
    heading = issue.locator("h4", has_text="处理经过").bounding_box()
    assert heading["y"] >= photo_box["y"] + photo_box["height"]
    assert heading["height"] < 40  # one line: 处理经过 does not wrap


def test_qr_codes_read_back_to_the_page_and_to_the_bot(screen):
    import zxingcpp
    from PIL import Image

    from db.config import load_street
    from steward_cli import DEMO_CONFIG

    street = load_street(DEMO_CONFIG).street
    bot = f"https://t.me/{street.bot_username}"
    area = street.site_url + "areas/lvcheng-wuguan/"
    for path, wanted in (("areas/lvcheng-wuguan/", {area, bot}), ("", {street.site_url, bot}),
                         # a compound's poster opens the bot at its buildings
                         ("areas/lvcheng-wuguan/poster-yanye/", {area, bot + "?start=c-yanye"})):
        screen.goto(screen.base + path)
        found = set()
        codes = screen.locator(".steward-qr img, .steward-poster-codes img")
        assert codes.count() == 2, path
        for n in range(codes.count()):
            codes.nth(n).scroll_into_view_if_needed()
            shot = Image.open(io.BytesIO(codes.nth(n).screenshot())).convert("L")
            found |= {r.text for r in zxingcpp.read_barcodes(shot)}
        assert found == wanted, (path, found)


def test_printing_gives_the_accounts_alone_a_month_a_page_and_a_one_page_poster(desktop):
    screen = desktop
    screen.goto(screen.base + "areas/lvcheng-wuguan/accounts/")
    chrome = (".md-header", ".md-sidebar--primary", ".md-footer", ".steward-areanav")
    for part in chrome:
        assert screen.locator(part).first.is_visible(), part  # on the screen
    screen.emulate_media(media="print")
    for part in chrome:
        assert not screen.locator(part).first.is_visible(), part  # not on paper
    months = screen.locator(".steward-month")
    assert months.count() == 12
    assert months.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
    pdf = screen.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    # the year's summary and charts, then one page (or two) per month
    assert 13 <= pages <= 12 * 2 + 4, pages
    # tables fit the A4 width: at print width nothing runs off the side
    screen.set_viewport_size({"width": 720, "height": 1000})  # A4 less its margins, in px
    cut = screen.evaluate(CUT_OFF, False)
    assert cut == [], cut
    screen.set_viewport_size({"width": 1280, "height": 900})
    (SHOTS / "accounts-print.pdf").write_bytes(pdf)
    # the "scan to join" poster is one A4 page, its two codes side by side
    screen.goto(screen.base + "areas/lvcheng-wuguan/poster-yanye/")
    poster = screen.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", poster)) == 1
    codes = [screen.locator(".steward-poster-codes img").nth(n).bounding_box() for n in (0, 1)]
    assert codes[0]["y"] == codes[1]["y"] and codes[0]["width"] >= 280  # about 8 cm
    (SHOTS / "poster-print.pdf").write_bytes(poster)
    screen.emulate_media(media="screen")


def test_downloads_page_tells_which_file_is_for_whom_and_the_people_csv_opens(screen,
                                                                              demo_site):
    _, site = demo_site
    screen.goto(screen.base + "downloads/")
    text = screen.locator(".md-content").inner_text()
    assert "给居民看" in text and "给程序用" in text and "Excel" in text and "分" in text
    link = screen.locator("a[download]").first
    assert link.get_attribute("download").endswith("账目.csv")
    href = link.get_attribute("href")
    raw = (site / "downloads" / href).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:6] == ["序号", "日期", "类型", "类别", "金额（元）", "余额（元）"]
    area = href.split("/")[0]
    machine = json.loads((site / "downloads" / area / "ledger.json").read_text("utf-8"))
    assert [int(r[0]) for r in rows[1:]] == [x["seq"] for x in machine["lines"]]
    balance = expected_totals()[area]["balance"]
    assert rows[-1][5] == f"{balance // 100}.{balance % 100:02d}"


# Each short word of a command (code) and of a Markdown table's first column (a
# button, a status, a command) on one line: '/prog|ress', 'd|uplicate' and '缴费登|记'
# were cut on a phone. Words are cut apart at spaces, hyphens, slashes and
# underscores; a word longer than 20 characters (a hash) may break anywhere.
CUT_WORDS = """() => {
  const out = [];
  const els = document.querySelectorAll(
    '.md-content code:not(pre code), .md-content table:not([class]) td:first-child');
  for (const el of els) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /[^\\s\\-\\/_.,，、（）()]+/g;
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        if (m[0].length < 2 || m[0].length > 20) continue;
        const r = document.createRange();
        r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0] + ' in ' + el.textContent.trim().slice(0, 30));
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("guide", ["volunteers", "residents", "ledger-check"])
def test_commands_and_button_names_are_never_cut_inside_a_word_on_a_phone(phone, guide):
    phone.goto(phone.base + f"guides/{guide}/")
    assert phone.locator(".md-content code").count() > 0
    assert phone.evaluate(CUT_WORDS) == []


@pytest.mark.parametrize("path", ["", "areas/chengjian/", "areas/chengjian/votes/",
                                  "areas/lvcheng-wuguan/votes/", "integrity/"])
def test_vote_figures_and_signing_times_never_push_a_page_sideways_at_twice_the_text(
        browser, demo_site, path):
    """With the phone's text at 200%, a vote's '1,804.5/3,492.0 m²' (kept whole so that
    its unit stays with it) and a head's '2025-12-31 20:00' ran off the screen, and the
    home page, the area page, its votes and the integrity page scrolled sideways. There
    they may break after the slash or at the space; each part is still whole."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes",
                                       {"fontSizes": {"standard": 32, "fixed": 26}})
    page.goto(demo_site[0] + path)
    assert page.locator(".md-content .steward-parts").count() > 0
    assert page.evaluate(CUT_OFF) == []
    context.close()


@pytest.mark.parametrize("path", ["downloads/", "verify/", "guides/volunteers/"])
def test_long_words_of_code_never_push_a_page_sideways_at_twice_the_text(browser, demo_site,
                                                                         path):
    """With the phone's text at 200%, words of code kept whole ('notice-年-月.pdf',
    'steward-head-log/1', 'volunteer:lvcheng-wuguan') were wider than the screen and the
    downloads, verify and volunteers' pages scrolled sideways; there they wrap where they
    must. At the usual size each stays whole (test_site_phone_text)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    context.new_cdp_session(page).send("Page.setFontSizes",
                                       {"fontSizes": {"standard": 32, "fixed": 26}})
    page.goto(demo_site[0] + path)
    assert page.locator(".md-content code .steward-whole").count() > 0
    width = page.evaluate("document.documentElement.clientWidth")
    wide = page.evaluate("""w => [...document.querySelectorAll('.md-content *')]
        .filter(el => el.getBoundingClientRect().right > w + 1
                      && !el.closest('.steward-sr, .md-typeset__scrollwrap, pre')
                      && !(el.closest('thead')  // a card table's header, for screen readers
                           && getComputedStyle(el.closest('thead')).position === 'absolute'))
        .map(el => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 30))""",
                         width)  # a two-column table of commands scrolls in its own box
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    context = browser.new_context(viewport={"width": 360, "height": 780})  # a smaller phone
    page = context.new_page()
    page.goto(demo_site[0] + path)
    lines = page.evaluate("""() => [...document.querySelectorAll('.md-content code .steward-whole')]
        .filter(s => new Set([...s.getClientRects()].map(r => Math.round(r.top))).size > 1)
        .map(s => s.textContent)""")  # (a <wbr> in it makes a box of its own: one line)
    assert lines == []
    context.close()


def test_the_verify_pages_commands_give_this_sites_own_address(demo_site):
    """A journalist copied `python3 steward_verify.py https://本站地址/` from the verify
    page and had to find the address herself; the site's own (the demo's site_url) is
    written there now."""
    page = (demo_site[1] / "verify" / "index.html").read_text("utf-8")
    assert "steward_verify.py http://127.0.0.1:8000/ --save" in page
    assert "本站地址/" not in page


ISSUE_WORDS_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  const shown = el => getComputedStyle(el.closest('thead') || el).position !== 'absolute';
  for (const cell of document.querySelectorAll(
      '.steward-issue-list td.title, .steward-issue-list th')) {
    if (!shown(cell)) continue;
    cutIn(cell, /[^\\s\u00a0/·]+/g, cut);
  }
  return cut;
}"""


@pytest.mark.parametrize("path", ["areas/lvcheng-wuguan/issues/", "areas/chengjian/issues/",
                                  "stats/"])
def test_a_reports_number_category_and_status_are_never_broken_inside(screen, path):
    """At 1280 px the reports' words squeezed the columns beside them: a number read
    '#14 / 7', a category '安全 / 隐患', a status '已受 / 理', the heading '编 / 号'."""
    screen.goto(screen.base + path)
    assert screen.locator(".steward-issue-list td.title").count() > 0
    assert screen.evaluate(ISSUE_WORDS_CUT) == [], screen.size


AREA_LIST_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  const table = document.querySelector('.md-content table.steward-table');
  for (const link of table.querySelectorAll('tbody td:last-child a')) {
    const r = link.getBoundingClientRect();
    const lines = new Set([...link.getClientRects()].map(r => Math.round(r.top))).size;
    if (lines > 1 || r.height < 44 || r.width < 44) cut.push(link.textContent + ' ' +
      Math.round(r.width) + 'x' + Math.round(r.height) + ' on ' + lines + ' lines');
  }
  const shown = el => getComputedStyle(el.closest('thead') || el).position !== 'absolute';
  for (const cell of table.querySelectorAll('th, td')) {
    if (!shown(cell)) continue;
    cutIn(cell, /[^\\s\u00a0·、（）]+/g, cut);
  }
  return cut;
}"""


def test_the_list_of_areas_menus_are_a_fingers_target_and_no_word_is_broken(screen):
    """The list of areas: on a phone its menus read '会 / 议' in links of the text's own
    size; at 1280 px the menus squeezed the columns beside them to '管理方 / 式' and
    '小区党 / 支部'."""
    screen.goto(screen.base + "areas/")
    assert screen.locator(".md-content table.steward-table tbody td:last-child a").count() \
        == 4 * 10
    assert screen.evaluate(AREA_LIST_CUT) == [], screen.size


def test_a_reader_on_a_phone_picks_a_month_reads_its_lines_and_gets_back(phone):
    """The accounts page is 25 to 30 phone screens long. A resident who came to see
    where February's money went found the monthly table five screens down, and from
    the middle or the end of February's 24 lines there was no way back but scrolling.
    Now the months are a finger's tap from the top; the month's heading (its totals)
    stays in sight while its lines go by; each month ends with the way back; and a
    line a link leads to is not hidden under that heading."""
    screen = phone
    screen.goto(screen.base + "areas/lvcheng-wuguan/accounts/")
    index = screen.locator("#by-month")
    assert index.bounding_box()["y"] < 2 * 844  # within the first two screens
    chips = index.locator("a")
    assert chips.count() == 12
    for n in range(chips.count()):
        box = chips.nth(n).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (chips.nth(n).inner_text(), box)
    index.get_by_role("link", name="2月", exact=True).click()
    screen.wait_for_url(re.compile(r"#month-2025-02$"))
    heading = screen.locator("#month-2025-02 h3")
    assert re.search(r"收入\s¥2,400\.00 · 支出\s¥1,330\.00 · 24\s笔", heading.inner_text())
    box = heading.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844
    # in the middle of the month's lines, the month and its totals are still in sight
    lines = screen.locator("#month-2025-02 tr[id^=line-]")
    lines.nth(12).scroll_into_view_if_needed()
    screen.mouse.wheel(0, 200)
    screen.wait_for_timeout(200)
    box = heading.bounding_box()
    header = screen.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] - 1 <= box["y"] <= header["y"] + header["height"] + 2
    # under its last line, the way back: to the month's head, and to the months
    back = screen.locator("#month-2025-02 .steward-back a")
    assert [back.nth(n).inner_text() for n in range(back.count())] == [
        "↑ 回到 2\u00a0月开头", "↑ 选别的月份"]
    for n in range(back.count()):
        assert back.nth(n).bounding_box()["height"] >= 44
    back.nth(1).click()
    screen.wait_for_url(re.compile(r"#by-month$"))
    box = index.bounding_box()
    assert 0 <= box["y"] < 844
    # the largest expense, followed from its link, is below the heading, not under it
    screen.locator(".steward-top a[href*='#line-']").first.click()
    screen.wait_for_url(re.compile(r"#line-\d+$"))
    line = screen.locator("#" + screen.url.rsplit("#", 1)[1])
    month = line.locator("xpath=ancestor::section[1]/h3").bounding_box()
    assert line.bounding_box()["y"] >= month["y"] + month["height"] - 1
    # on paper, nothing to press: no list of months, no links back
    screen.emulate_media(media="print")
    try:
        assert not index.is_visible()
        assert not screen.locator(".steward-back").first.is_visible()
    finally:
        screen.emulate_media(media="screen")


LEDGER_WORDS_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  for (const cell of document.querySelectorAll('.steward-ledger-table td.cat, '
                                               + '.steward-ledger-table td.who')) {
    cutIn(cell, /[^\\s\u00a0·/]+/g, cut);
  }
  return [...new Set(cut)];
}"""


def test_a_ledger_lines_category_and_roles_are_never_broken_inside_a_word(screen):
    """At 1280 px the purpose beside them squeezed a line's category and its volunteers'
    roles to '卫生 / 费', '保洁 / 清运', '物管会主任 / 甲'; on a phone the receipt beside
    them cut '物管会委 / 员乙'."""
    screen.goto(screen.base + "areas/lvcheng-wuguan/accounts/")
    assert screen.locator(".steward-ledger-table td.who").count() > 0
    assert screen.evaluate(LEDGER_WORDS_CUT) == [], screen.size


FRACTIONS_CUT = """() => [...document.querySelectorAll('.md-content .steward-parts')]
  .filter(s => new Set([...s.getClientRects()].map(r => Math.round(r.top))).size > 1)
  .map(s => s.textContent)"""


@pytest.mark.parametrize("path", ["", "areas/chengjian/", "areas/chengjian/votes/",
                                  "areas/lvcheng-wuguan/votes/", "areas/xinguotu/votes/"])
def test_a_votes_fraction_stays_on_one_line_at_the_usual_text_size(phone, path):
    """At 390 px the votes pages read '涉及 44/' and '58 户' on two lines, '面积 2,960.0/'
    and '3,492.0 m²' (the break meant only for 200% text, a <wbr>, which Chromium takes
    even where the text is kept on one line)."""
    phone.goto(phone.base + path)
    assert phone.locator(".md-content .steward-parts").count() > 0
    assert phone.evaluate(FRACTIONS_CUT) == []


TARGETS = """sel => [...document.querySelectorAll(sel)].map(a => {
  const r = a.getBoundingClientRect(), cell = a.closest('td').getBoundingClientRect();
  return [a.textContent, Math.round(r.width), Math.round(r.height),
          Math.round(cell.width), Math.round(cell.height)];
})"""


@pytest.mark.parametrize("path", ["areas/chengjian/", "areas/chengjian/issues/",
                                  "areas/lvcheng-wuguan/issues/", "stats/"])
def test_a_reports_number_is_a_target_a_finger_can_hit(phone, path):
    """A report's number, the one link from its card to what was done about it, was a
    target of the text's size (36 x 17 px on a phone): an older finger missed it."""
    phone.goto(phone.base + path)
    numbers = phone.evaluate(TARGETS, ".steward-issue-list td.title a[href*='#issue-']")
    assert numbers
    assert [n for n in numbers if n[1] < 44 or n[2] < 44] == []


def test_a_month_of_the_monthly_table_is_a_target_as_big_as_its_cell(phone):
    """The link of a month in the monthly table (to its lines) was its word's size,
    34 x 17 px, in a row 38 px high and 180 px wide."""
    phone.goto(phone.base + "areas/chengjian/accounts/")
    months = phone.evaluate(TARGETS, ".steward-months td a")
    assert len(months) == 10
    assert [m for m in months if m[1] < m[3] - 1 or m[2] < m[4] - 2 or m[2] < 32] == []


@pytest.mark.parametrize("path", ["areas/chengjian/issues/", "areas/chengjian/issues-2024/"])
def test_a_reports_details_lead_back_to_the_list_of_reports(phone, path):
    """From a report's card a reader tapped its number and read what was done about it;
    under its last step the page went on to the next report, and the way back to the
    list was scrolling up past every report above it."""
    phone.goto(phone.base + path)
    articles = phone.locator("article.steward-issue")
    assert articles.count() > 0
    assert articles.locator(".steward-back a[href='#year']").count() == articles.count()
    last = phone.locator(".steward-issue-list").last  # the year's list
    number = last.locator("td.title a[href*='#issue-']").last
    target = number.get_attribute("href").rsplit("#", 1)[1]
    number.click()
    phone.wait_for_url(re.compile(f"#{target}$"))
    back = phone.locator(f"#{target} .steward-back a")
    assert back.inner_text() == "↑ 回到报事列表"
    assert back.bounding_box()["height"] >= 44
    back.click()
    phone.wait_for_url(re.compile(r"#year$"))
    box = phone.locator("#year").bounding_box()
    assert 0 <= box["y"] < 844


HEADING_PARTS_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  for (const h of document.querySelectorAll(
      '.steward-meeting > h2, .steward-meeting > h3, .steward-issue > h3')) {
    cutIn(h, /[^\\s\u00a0·]+/g, cut);
  }
  return cut;
}"""


@pytest.mark.parametrize("path", ["areas/lvcheng-wuguan/meetings/", "areas/chengjian/",
                                  "areas/chengjian/meetings/", "areas/chengjian/issues/"])
def test_a_meetings_and_a_reports_heading_break_between_their_parts(phone, path):
    """On a phone the minutes' heading read '议事会 · 2025-06-12 · 盐业小 / 区物管会办公室'
    and '会诊 · 2025-05-20 · 城建小区党群服 / 务站': the place cut in two; and '纪要' and
    '#266' fell on two lines."""
    phone.goto(phone.base + path)
    assert phone.locator(".steward-meeting, .steward-issue").count() > 0
    assert phone.evaluate(HEADING_PARTS_CUT) == []


PLACES_CUT = """() => {
""" + CUT_IN + """
  const cut = [];
  for (const cell of document.querySelectorAll('.steward-table td.place')) {
    cutIn(cell, /[^\\s\u00a0]+/g, cut);
  }
  return cut;
}"""


@pytest.mark.parametrize("area", AREAS)
def test_a_fees_building_is_cut_at_its_space_only(phone, area):
    """On a phone the fees page's buildings read '市药材小 / 区 1号楼', '市药材小 / 区 2号楼':
    the numbers beside them squeezed the compound's name."""
    phone.goto(phone.base + f"areas/{area}/fees/")
    if phone.locator(".steward-table td.place").count() == 0:  # no building to list:
        assert "每一期都已缴齐" in phone.locator(".md-content").inner_text()  # all paid
    assert phone.evaluate(PLACES_CUT) == []
    assert phone.evaluate(CUT_OFF) == []


@pytest.mark.parametrize("path", ["areas/chengjian/accounts/", "areas/chengjian/accounts-2024/"])
def test_the_accounts_pages_own_links_at_its_top_are_targets_a_finger_can_hit(phone, path):
    """本页：钱花在哪里 · 每月收支 · 账目明细 and 按年份：2024 年 were links of the text's
    size (72 x 20 px) on a phone; and '（10 笔）' fell on two lines."""
    phone.goto(phone.base + path)
    links = phone.locator(".md-content .steward-pagenav a")
    assert links.count() >= 4
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (links.nth(n).inner_text(), box)
    counts = phone.evaluate("""() => [...document.querySelectorAll('.steward-pagenav *')]
        .filter(e => /\\d+ 笔/.test(e.textContent) && !e.children.length)
        .filter(e => new Set([...e.getClientRects()].map(r => Math.round(r.top))).size > 1)
        .map(e => e.textContent)""")
    assert counts == []


def test_a_years_lines_on_a_phone_are_a_few_screens_each_month_and_line_a_tap_away(phone):
    """A year's accounts were 33 phone screens (27,682 px at 390 px): each line a card of
    180 to 200 px, category, volunteers and hash included, every month open. Now each
    month but the last is its heading and totals, opened at a tap, and each line its
    number, date, amount and purpose, its 详情 a tap away; a link to a line (已被第 N 笔冲正,
    代替第 N 笔, a search result) opens what hides it; paper shows every line whole."""
    screen = phone
    screen.goto(screen.base + "areas/lvcheng-wuguan/accounts/")
    assert screen.evaluate("document.documentElement.scrollHeight") < 12 * 844
    months = screen.locator("section.steward-month")
    assert months.count() == 12
    lines = screen.locator(".steward-ledger tr[id^=line-]")
    shown = lines.evaluate_all("rows => rows.filter(r => r.checkVisibility()).length")
    last = months.last.locator("tr[id^=line-]").count()
    assert shown == last  # the last month's lines alone
    # February: its heading says what is folded, a tap opens it
    toggle = screen.locator("#month-2025-02 .steward-month-toggle")
    assert re.search(r"2025\s年\s2\s月.*收入\s¥2,400\.00 · 支出\s¥1,330\.00 · 24\s笔",
                     toggle.inner_text().replace("\n", " "))
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    feb = screen.locator("#month-2025-02 tr[id^=line-]")
    assert feb.count() == 24 and all(feb.nth(n).is_visible() for n in range(24))
    # a line: its number, date, amount and purpose; the rest at 详情
    heights = [feb.nth(n).bounding_box()["height"] for n in range(24)]
    assert max(heights) < 160 and sum(heights) / 24 < 110, heights  # 178 to 225 px were
    line = screen.locator("#line-36")
    for part in ("td.cat", "td.who", "td.hash"):
        assert not line.locator(part).is_visible(), part
    more = line.locator("button.steward-line-toggle")
    box = more.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    more.click()
    for part in ("td.cat", "td.who", "td.hash"):
        assert line.locator(part).is_visible(), part
    # 已被第 37 笔冲正，正确的一笔见第 39 笔: the link shows the right line whole
    assert not screen.locator("#line-39 td.hash").is_visible()
    line.locator("a[href='#line-39']").click()
    screen.wait_for_url(re.compile(r"#line-39$"))
    right = screen.locator("#line-39")
    assert right.is_visible() and right.locator("td.hash").is_visible()
    box = right.bounding_box()
    assert 0 <= box["y"] < 844
    # and back: 代替第 36 笔
    right.locator("a[href='#line-36']").click()
    screen.wait_for_url(re.compile(r"#line-36$"))
    assert 0 <= screen.locator("#line-36").bounding_box()["y"] < 844
    # the largest expense, in a folded month, from its link higher up the page
    top = screen.locator(".steward-top a[href*='#line-']").first
    target = top.get_attribute("href").rsplit("#", 1)[1]
    assert not screen.locator(f"#{target}").is_visible()
    top.click()
    screen.wait_for_url(re.compile(f"#{target}$"))
    assert screen.locator(f"#{target} td.hash").is_visible()
    assert 0 <= screen.locator(f"#{target}").bounding_box()["y"] < 844
    # arriving from elsewhere (a search result, the paper notice) at a folded line
    screen.goto(screen.base + "areas/lvcheng-wuguan/accounts/#line-3")
    screen.wait_for_function("document.querySelector('#line-3').checkVisibility()")
    assert 0 <= screen.locator("#line-3").bounding_box()["y"] < 844
    # on paper every line is there whole
    screen.emulate_media(media="print")
    try:
        hidden = lines.evaluate_all("""rows => rows.filter(r => ['td.hash', 'td.who', 'td.cat']
            .some(p => !r.querySelector(p).checkVisibility())).map(r => r.id)""")
        assert hidden == []
    finally:
        screen.emulate_media(media="screen")


# Every link, button and label one presses that is less than 24 px high or wide (WCAG
# 2.5.8), with what it says. A link around a photo is as big as the photo; what is not
# shown, or not pressed (the drawer's overlay, a menu's title), is left out.
SMALL_TARGETS = """() => {
  const out = [];
  const sel = 'a[href], button, summary, label[for], select, input';
  for (const el of document.querySelectorAll(sel)) {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.pointerEvents === 'none' || +s.opacity === 0) continue;
    if (el.matches('.md-overlay, .md-nav__title, .steward-sr *')) continue;
    let r = el.getBoundingClientRect();
    const img = el.querySelector('img');
    if (img) r = img.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.width < 24 || r.height < 24)
      out.push(`${el.tagName} "${(el.textContent || '').trim().slice(0, 20)}" `
               + `${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}"""
# a photo further down the page has its size once loaded
LOAD_PHOTOS = """() => Promise.all([...document.images].map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_link_and_button_is_at_least_24_px_each_way(screen, kind):
    """Links in text were as tall as their letters (17 px in a table, 20 in a paragraph),
    a line's link to another line 19 px wide ('37'), the side menus' entries 18 px high:
    under the 24 px WCAG 2.5.8 asks, and an older finger missed them."""
    screen.goto(screen.base + PAGES[kind])
    screen.evaluate(UNFOLD)
    screen.evaluate(LOAD_PHOTOS)
    assert screen.evaluate(SMALL_TARGETS) == [], (kind, screen.size)


# The words of the links in running text, and each volunteer's code (and title, in
# ``codes``) wherever the page prints it, that a line break cuts in two.
NAMES_CUT = """codes => {
""" + CUT_IN + """
  const cut = [];
  for (const el of document.querySelectorAll('.md-content p a, .md-content li a')) {
    cutIn(el, /[^\\s\u00a0·，。：:；、（）()]+/g, cut);
  }
  const pattern = new RegExp(codes.join('|'), 'g');
  cutIn(document.querySelector('.md-content'), pattern, cut);
  return cut;
}"""


@pytest.mark.parametrize("path", ["stewards/"] + [f"areas/{a}/" for a in AREAS])
def test_a_volunteers_code_and_a_links_words_are_never_broken_on_a_phone(phone, path):
    """At 390 px the volunteers' page read '党支部委员 / 甲', '单元党小组 / 组长乙' and
    '单元党小 / 组组长'; the area page '管理员 / 丙记录', '城建小 / 区' (the poster's link) and
    '选举结 / 果：已选出' (a recent event's link)."""
    phone.goto(phone.base + "stewards/")
    cells = phone.locator(".md-content table tbody td:first-child")
    codes = {cells.nth(n).inner_text().strip() for n in range(cells.count())}
    assert "党支部委员甲" in codes and "管理员丙" in codes
    if path == "stewards/":  # the titles too, in their column (in a meeting's own words
        # "网格员" is a word of Chinese text like any other)
        cells = phone.locator(".md-content table tbody td:nth-child(2)")
        codes |= {cells.nth(n).inner_text().strip() for n in range(cells.count())}
    codes = sorted(codes, key=len, reverse=True)  # 单元党小组组长乙 before 单元党小组组长
    phone.goto(phone.base + path)
    assert phone.evaluate(NAMES_CUT, [re.escape(c) for c in codes]) == []
    cut = phone.evaluate(CUT_OFF)
    assert cut == [], cut
