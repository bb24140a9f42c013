"""The demo street's site read on a phone, from its built HTML and CSS: what a
390 px screen does to text. A date (2025-10-01), a month (2025-03) or a date and
time is never broken over two lines at its hyphen, wherever the site prints one:
in running text, cards and tables, on every page."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# What steward.css keeps on one line: the date wrapper, the table columns of dates,
# numbers and hashes (.steward-table td.date / .n / td.hash), and code blocks.
WHOLE_CLASSES = {"steward-date", "steward-whole"}
WHOLE_CELLS = {"date", "n", "hash"}


@pytest.fixture(scope="module")
def demo_site(demo_year) -> Path:
    """The demo year's site (``conftest.demo_year``, built once for every module that
    reads it)."""
    return demo_year["site"]


class _Dates(HTMLParser):
    """Each date in the text of a page's article, with whether an element around it
    keeps it on one line."""

    pattern = DATE

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str], str]] = []
        self.found: list[tuple[str, bool, str]] = []  # (date, kept whole, text around)
        self.depth = -1  # the stack's depth at the article, -1 outside it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag not in VOID:
            self.stack.append((tag, classes, a.get("style") or ""))
        if tag == "article" and "md-content__inner" in classes:
            self.depth = len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if self.depth > len(self.stack):
            self.depth = -1

    def handle_data(self, data: str) -> None:
        if self.depth < 0 or any(t in ("script", "style") for t, _, _ in self.stack):
            return
        for m in self.pattern.finditer(data):
            around = data[max(0, m.start() - 20):m.end() + 20]
            self.found.append((m.group(0), self._whole(), around))

    def _whole(self) -> bool:
        for tag, classes, style in self.stack:
            if classes & WHOLE_CLASSES or tag == "pre" or "nowrap" in style:
                return True
            if tag == "td" and classes & WHOLE_CELLS:
                return True
        return False


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name == "index.html")


def test_every_date_the_site_prints_is_kept_on_one_line_on_a_phone(demo_site):
    css = (demo_site / "assets" / "steward.css").read_text("utf-8")
    assert re.search(r"\.md-typeset \.steward-date[^{]*\{[^}]*white-space: nowrap", css)
    seen, broken = 0, []
    for page in _pages(demo_site):
        parser = _Dates()
        parser.feed(page.read_text("utf-8"))
        seen += len(parser.found)
        broken += [f"{page.relative_to(demo_site)}: {text!r}"
                   for _date, whole, text in parser.found if not whole]
    assert seen > 500  # the demo year's pages print hundreds of dates
    assert broken == []


class _Figures(_Dates):
    """Each floor area with its m², each count of flats or owners with its unit, and
    each building or unit number (2号楼, 1单元), in a page's text."""

    pattern = re.compile(r"\d[\d,]*(?:\.\d+)?(?:/\d[\d,]*(?:\.\d+)?)? ?(?:m²|位业主|户|人)"
                         r"|\d+(?:号楼|单元)")


def test_a_votes_figures_keep_their_units_and_its_buildings_their_numbers_on_a_phone(
        demo_site):
    """'专有部分面积 2,960.0/3,492.0' ended a line and 'm²（84.8%）' began the next one;
    '市药材小区 2号' ended one and '楼 1单元' began the next (screenshots at 390 px)."""
    pages = sorted(demo_site.glob("areas/*/votes/index.html"))
    seen, broken = 0, []
    for page in pages:
        parser = _Figures()
        parser.feed(page.read_text("utf-8"))
        seen += len(parser.found)
        broken += [f"{page.relative_to(demo_site)}: {text!r}"
                   for _figure, whole, text in parser.found if not whole]
    assert seen > 100
    assert broken == [], "\n".join(broken)
    text = html.unescape(re.sub(r"<[^>]+>", "", (demo_site / "areas" / "lvcheng-wuguan" /
                                                  "votes" / "index.html").read_text("utf-8")))
    # a unit a line, spaces kept; one of its flats has no floor area recorded (0 m²)
    assert "\n市药材小区 2号楼 1单元：8 户，387.8 m²（其中 1 户尚未登记面积）\n" in text
    assert "：58 户，业主 57 人（其中 1 位业主各有多套房，共 2 户，" in text


def test_a_line_break_of_the_source_between_chinese_words_shows_no_space(demo_site):
    """A paragraph written over several source lines showed a space at each break
    ('离任后也不会再给别人。 所以', '保留两位小数 （收入为正'): Chinese has none."""
    cjk = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"
    gaps = []
    for page in _pages(demo_site):
        source = page.read_text("utf-8")
        article = source.split('<article class="md-content__inner', 1)[-1].split("</article>")[0]
        article = re.sub(r"<pre[\s>].*?</pre>", "", article, flags=re.S)
        gaps += [f"{page.relative_to(demo_site)}: {m.group(0)!r}"
                 for m in re.finditer(f"[{cjk}]\\s*\n\\s*[{cjk}]", article)]
    assert gaps == [], "\n".join(gaps[:20])
    downloads = (demo_site / "downloads" / "index.html").read_text("utf-8")
    assert "保留两位小数（收入为正、支出为负）" in html.unescape(downloads)


@pytest.mark.parametrize("page, text", [
    ("areas/lvcheng-wuguan/meetings/index.html",  # a card's last line (the code kept whole)
     '审核发布：<span class="steward-date">物管会委员乙</span>（'),
    ("areas/yixinyuan/votes/index.html", "原定 "),  # a vote closed early
    ("areas/lvcheng-wuguan/questions/index.html", "第 61 笔账（"),  # a question's heading
])
def test_a_date_in_running_text_is_wrapped_whole_where_a_phone_broke_it(demo_site, page, text):
    source = (demo_site / page).read_text("utf-8")
    at = source.index(text) + len(text)
    after = html.unescape(source[at:at + 80])  # Markdown pages print "-" as &#45;
    assert re.match(r'<span class="steward-date">\d{4}-\d{2}-\d{2}</span>', after), after


def _css(site: Path) -> str:
    return (site / "assets" / "steward.css").read_text("utf-8")


@pytest.mark.parametrize("page", ["integrity", "verify", "security"])
def test_a_markdown_table_of_three_columns_is_a_card_per_row_on_a_phone(demo_site, page):
    """Three columns of Chinese in 390 px were four characters a line (--sa|ve broken)."""
    source = (demo_site / page / "index.html").read_text("utf-8")
    tables = [t for t in re.findall(r"<table[^>]*>.*?</table>", source, re.S)
              if "<caption" not in t]  # the page's own Markdown tables, not the builder's
    assert tables
    for table in tables:
        heads = re.findall(r"<th[^>]*>(.*?)</th>", table)
        assert table.startswith('<table class="steward-table steward-cards">'), table[:80]
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
        assert rows
        for row in rows:  # the subject heads the card, every other cell says its column
            cells = re.findall(r"<td([^>]*)>", row)
            assert cells[0] == ' class="title"'
            labels = [re.search(r'data-label="([^"]*)"', c) for c in cells[1:]]
            assert [m.group(1) if m else None for m in labels] == \
                [re.sub(r"<[^>]+>", "", h) for h in heads[1:len(cells)]]
    assert "<table>" not in source
    assert ".md-typeset .steward-cards td[data-label]::before" in _css(demo_site)


def test_an_issues_status_stands_apart_from_its_category_on_a_card(demo_site):
    source = (demo_site / "areas" / "chengjian" / "issues" / "index.html").read_text("utf-8")
    assert '<td class="title">其他</td><td class="title status-open">已受理</td>' in source
    css = _css(demo_site)
    rule = re.search(r"\.steward-cards td\.status-open, \.md-typeset \.steward-cards "
                     r"td\.status-done \{([^}]*)\}", css)
    assert rule and "border: 1px solid" in rule.group(1)
    assert re.search(r"td\.status-open \{ color: #[0-9a-f]{6}; \}", css)


def test_a_buildings_name_breaks_at_its_space_not_inside_its_number(demo_site):
    # (a period paid in full lists no buildings since 674776ef: 城建小区's is not)
    source = (demo_site / "areas" / "chengjian" / "fees" / "index.html").read_text("utf-8")
    assert '<tr><td class="place">城建小区 1号楼</td>' in source
    assert ".md-typeset .steward-table td.place { word-break: keep-all; }" in _css(demo_site)


def test_the_integrity_page_counts_the_signed_heads_it_lists_apart_from_the_key_records(
        demo_site):
    import json

    records = json.loads((demo_site / "downloads" / "heads.json").read_text("utf-8"))["records"]
    heads = sum(1 for r in records if r["type"] == "head")
    assert 0 < heads < len(records)  # the demo's key record is not a head
    text = html.unescape(re.sub(r"<[^>]+>", "", (demo_site / "integrity" / "index.html")
                                .read_text("utf-8")))
    assert f"最新的在前（共 {heads}\u00a0个）" in text
    assert f"加上街道办公布密钥的记录，共 {len(records)}\u00a0条）见 heads.json" in text
    assert "最近 44 个" not in text and f"最近 {heads} 个；" not in text


def test_search_knows_qingtao_as_one_word_so_it_finds_the_septic_line_and_not_every_qing(
        demo_site):
    """清掏 (emptying a septic tank) was cut into 清 and 掏: a search for it found 清楚,
    清理 and 清运 on every page, and marked each 清 on the page it opened."""
    import json

    docs = json.loads((demo_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    [line] = [d for d in docs if "accounts/#line-" in d["location"] and "化粪池" in d["text"]]
    assert line["text"].startswith("化粪池\u200b清掏\u200b")


def test_a_category_whose_issues_were_only_closed_says_its_days_count_resolved_ones(demo_site):
    """卫生保洁 showed 已解决或关闭 1 beside a median of —, as if a number were missing:
    its one issue was closed (#116), and only resolved issues are timed."""
    source = (demo_site / "stats" / "index.html").read_text("utf-8")
    rows = {m.group(1): m.group(0) for m in
            re.finditer(r'<tr>\s*<td class="title">([^<]+)</td>.*?</tr>', source, re.S)}
    assert 'data-label="已解决或关闭">1 件<' in rows["卫生保洁"]
    assert 'data-label="解决用时中位数（天）">—（关闭的不计）</td>' in rows["卫生保洁"]
    # none reported at all: named in one line, not a row of dashes (0e24b1c2)
    assert "邻里纠纷" not in rows and "没有报事的类别：管线维修、邻里纠纷。" in source
    assert 'data-label="解决用时中位数（天）">51</td>' in rows["化粪池/下水道"]


def test_an_issues_step_keeps_its_status_word_whole(demo_site):
    """'2025-04-15 16:02 · 物管会主任甲 · 已受|理' ended a line on a phone."""
    source = (demo_site / "areas" / "yixinyuan" / "issues" / "index.html").read_text("utf-8")
    steps = source.split('<ol class="steward-steps">', 1)[1].split("</ol>", 1)[0]
    assert "<strong>已受理</strong>" in steps
    assert ".md-typeset .steward-steps strong { white-space: nowrap; }" in _css(demo_site)


def test_an_issues_me_too_count_and_the_receipt_column_are_said_in_plain_words(demo_site):
    """An issue's card read '附议（户）：0', a word of meetings the bot's residents never
    see (their button says 我也遇到); the downloads page said the receipt photos come
    '附有地址', which an elderly reader takes for a home address, not a web address."""
    issues = (demo_site / "areas" / "chengjian" / "issues" / "index.html").read_text("utf-8")
    assert 'data-label="我也遇到（户）">0</td>' in issues and "附议（户）" not in issues
    downloads = html.unescape((demo_site / "downloads" / "index.html").read_text("utf-8"))
    assert "“收据照片”一栏是支出收据照片的网址，复制到浏览器就能打开" in downloads
    assert "附有地址" not in downloads


def test_a_compounds_buildings_and_households_are_counted_with_their_units(demo_site):
    """The area page's card of a compound read '楼栋：2' and '户数：48' below '户数：48 户'."""
    source = (demo_site / "areas" / "yixinyuan" / "index.html").read_text("utf-8")
    assert re.search(r'<td class="n" data-label="楼栋">2 栋</td>\s*'
                     r'<td class="n" data-label="户数">48 户</td>', source)


def test_a_word_of_inline_code_with_a_hyphen_is_kept_on_one_line(demo_site):
    """The ledger-check guide's '--check' broke after '--' on a phone; an option or a
    file name with a hyphen in running text is one word for whoever types it."""
    loose, seen = [], 0
    for page in _pages(demo_site):
        source = re.sub(r"<pre[\s>].*?</pre>", "", page.read_text("utf-8"), flags=re.S)
        for attrs, inner in re.findall(r"<code([^>]*)>(.*?)</code>", source, re.S):
            if "steward-" in attrs or "-" not in inner:
                continue
            seen += 1
            bare = re.sub(r'<span class="steward-whole">(?:[^<\s]|<wbr>)*</span>', "", inner)
            if re.search(r"[^\s<>]*-[^\s<>]*", bare):
                loose.append(f"{page.relative_to(demo_site)}: {inner}")
    assert seen > 20 and loose == [], loose
    guide = (demo_site / "guides" / "ledger-check" / "index.html").read_text("utf-8")
    assert '<code><span class="steward-whole">--check</span></code>' in guide


def _article(page: Path) -> str:
    """The text of a page's article, tags removed and characters unescaped."""
    source = page.read_text("utf-8").split('<article class="md-content__inner', 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", source.split(">", 1)[1].split("</article>")[0]))


def test_the_guides_promise_no_receipt_a_line_lacks_and_name_only_columns_the_accounts_have(
        demo_site):
    """The ledger-check guide said 每笔账都有收据 and 支出都附收据或发票照片，点账目里的
    “收据”就能看到, the about page 每一笔收费、每一笔支出，附收据照片; the accounts show
    无收据 on most fee lines and 收据已核验 where the photo is kept from the public, with
    no word of either. The guide sent readers to the '住户' column, which the accounts
    table does not have (the building and unit are under the purpose)."""
    accounts = (demo_site / "areas" / "chengjian" / "accounts" / "index.html").read_text("utf-8")
    shown = set(re.findall(r'<td class="receipt"><span[^>]*>(无收据|收据已核验)</span>', accounts))
    assert shown == {"无收据", "收据已核验"}
    guide = _article(demo_site / "guides" / "ledger-check" / "index.html")
    about = _article(demo_site / "about" / "index.html")
    for word in shown:
        assert f"“{word}”" in guide, word
    assert "每笔账都有收据" not in guide and "“收据已核验”" in about
    columns = set(re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', accounts))
    named = re.findall(r"“([^”]+)”一栏", guide)
    assert [c for c in named if c not in columns] == []


def test_the_guides_examples_of_a_votes_fractions_are_ones_the_votes_pages_print(demo_site):
    """Both guides said each choice of a closed vote is written like '39/58 户', a share
    of every household; the votes pages write a choice as a share of those who voted
    ('同意 37/43 人'), and '39/58 户' is on none of them."""
    votes = "".join(_article(p) for p in demo_site.glob("areas/*/votes/index.html"))
    for guide in ("residents", "volunteers"):
        text = _article(demo_site / "guides" / guide / "index.html")
        examples = [e.replace("\u00a0", " ")
                    for e in re.findall(r"“(\d+/\d+[ \u00a0][户人])”", text)]
        assert examples, guide
        assert [e for e in examples if e not in votes.replace("\u00a0", " ")] == [], guide


def test_the_monthly_notices_are_listed_by_month_as_the_accounts_table_says_them(demo_site):
    """The accounts page listed the paper notices as '10月 · 09月 · 08月', the table above
    them as '9月', '8月'."""
    source = (demo_site / "areas" / "chengjian" / "accounts" / "index.html").read_text("utf-8")
    notices = source.split('id="notices"', 1)[1]
    months = re.findall(r'notice-2025-(\d\d)\.pdf">([^<]+)</a>', notices)
    assert len(months) == 12
    assert [text for _, text in months] == [f"2025年{int(m)}月" for m, _ in months]
    assert '>2025年9月</a>' in notices and "09月" not in notices


def test_the_posters_call_to_scan_is_never_split_on_a_phone(demo_site):
    """The poster's heading broke as '盐业小区居民，请扫' and '码' alone on the next line
    (390 px); 请扫码 is one unbreakable phrase, the compound's name may still wrap."""
    for poster in demo_site.glob("areas/*/poster-*/index.html"):
        source = poster.read_text("utf-8")
        heading = source.split('class="steward-poster-title"', 1)[1].split("</h1>", 1)[0]
        assert '居民，<span class="steward-whole">请扫码</span>' in heading, poster


def test_the_statistics_say_in_plain_words_what_a_median_is(demo_site):
    """The statistics page gave '解决用时中位数' with no word of what a median is, a term
    many older readers never met; it is said where the page first gives one."""
    text = _article(demo_site / "stats" / "index.html")
    first = text.index("中位数")
    assert "排在正中间的那个数：一半的报事比它快，一半比它慢" in text[first:first + 120]


def test_the_votes_page_says_in_plain_words_what_exclusive_floor_area_is(demo_site):
    """Every vote's rule and tally count '专有部分面积', the law's word, which the page
    never explained: it is a household's flat, the area its property certificate gives;
    a flat with no area recorded counts 0 m² and one owner."""
    text = _article(demo_site / "areas" / "chengjian" / "votes" / "index.html")
    rules = text.split("怎样表决", 1)[1].split("下面各个提议和选举", 1)[0]
    assert "“专有部分面积”就是各户房子的面积，按房产证（不动产登记）上写的面积算" in rules
    assert "没有登记面积的户，面积按 0 m² 计，人数照算" in rules.replace("\u00a0", " ")


def test_a_command_kept_whole_on_one_line_is_short_enough_for_a_phone_at_larger_text(demo_site):
    """The volunteers' guide kept 'steward notice 区域 --month 2025-03' on one line
    ({: .steward-whole }): with the phone's text at 130% it ran 60 px off the screen
    and the whole page scrolled sideways. A command that long may break at its spaces;
    each word with a hyphen in it is still kept whole (the hook does that)."""
    long = []
    for page in _pages(demo_site):
        for inner in re.findall(r'<code class="steward-whole">(.*?)</code>',
                                page.read_text("utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", inner))
            width = sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in text)
            if width > 16:
                long.append(f"{page.relative_to(demo_site)}: {text}")
    assert long == []
    guide = (demo_site / "guides" / "volunteers" / "index.html").read_text("utf-8")
    # (its last word with the 。 after it, test_site_demo_reader: never "。" alone)
    assert ('<code>steward notice 区域 <span class="steward-whole">--month</span></code> '
            '<span class="steward-codemark"><code><span class="steward-whole">2025-<wbr>03'
            '</span></code>。</span>') in guide


@pytest.mark.parametrize("page", ["accounts", "accounts-2024"])
def test_the_accounts_say_in_plain_words_what_a_hash_and_a_head_are_with_a_link(
        demo_site, page):
    """The accounts page's ledger has a column 哈希（前 16 位）and its table of the paper
    notices one of 月底链头: neither word was explained on the page, only on the
    integrity and verify pages, with no link to them where a resident met the words."""
    source = (demo_site / "areas" / "chengjian" / page / "index.html").read_text("utf-8")
    text = _article(demo_site / "areas" / "chengjian" / page / "index.html")
    lines = text.split("\u00a0年账目明细", 1)[1].split("哈希（前 16 位）", 1)[0]  # before the table
    assert "每笔的“哈希”是由这笔账的全部内容和上一笔的哈希算出的一串字母和数字" in lines
    assert "哪一笔被改过，它和它后面每一笔的哈希就都对不上了" in lines
    ledger = source.split('id="lines"', 1)[1].split("<table", 1)[0]
    assert '<a href="../../../integrity/">账本核验</a>' in ledger, ledger
    if page != "accounts":
        return  # the paper notices are listed on the latest year's page
    notices = text.split("每月公示单（可打印）", 1)[1].split("月份（点开是公示单）", 1)[0]
    assert "“月底链头”是到月底为止最后一笔账的序号和它的哈希（前 16 位）" in notices
    assert "之前哪一笔被改过，链头就变了" in notices
    table = source.split('id="notices"', 1)[1].split("<table", 1)[0]
    assert '<a href="../../../integrity/">账本核验</a>' in table, table


def test_the_guides_balance_check_holds_for_an_area_begun_from_its_paper_book(demo_site):
    """The ledger-check guide said the balance is 累计收入 − 累计支出: 城建小区's page reads
    ¥7,920.00 and ¥5,290.50 above a balance of ¥3,489.50 (its paper book's ¥860.00 is
    carried over), and a reader checking as told found the accounts wrong."""
    accounts = _article(demo_site / "areas" / "chengjian" / "accounts" / "index.html")

    def figure(label: str) -> int:
        found = re.search(label + r"[^¥]*?¥([\d,]+)\.(\d\d)", accounts)
        assert found, label
        return int(found.group(1).replace(",", "")) * 100 + int(found.group(2))

    balance, income, expense = figure("账户余额"), figure("累计收入"), figure("累计支出")
    opening = figure("期初结转 ")
    assert balance != income - expense and balance == opening + income - expense
    guide = _article(demo_site / "guides" / "ledger-check" / "index.html")
    rule = guide[guide.index("余额对不对"):].split("。")[0]
    assert "“累计收入”减去“累计支出”" in rule and "加上“期初结转”" in rule, rule
