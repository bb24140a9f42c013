"""The whole build, MkDocs included (`mkdocs build --strict`), on the small
street filled with hostile text: safety, privacy, no external requests, and
Chinese search. One build serves the module; it takes about a second."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from test_site_helpers import (
    PENDING_TEXT,
    PHONE,
    RESIDENT_NAME,
    RESIDENT_TID,
    RESIDENT_USERNAME,
    fill_street,
    make_project,
    new_repo,
)

from site_builder import build_site

HOSTILE_PARTS = [
    "<script>alert('x1')</script>",
    "[click](javascript:alert('x2'))",
    "<img src=x onerror=alert('x3')>",
    "{: onclick=\"alert('x4')\" }",
    "<a href='javascript:alert(5)'>x5</a>",
    "&lt;b&gt;entity&lt;/b&gt; &#60;i&#62;",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %}",
    "| a | b |",
    "---",
    "# heading-x6",
    "<!-- comment-x7 -->",
    "![img](http://evil.invalid/x.png)",
    "<style>body{display:none}</style>",
    "\u202eevil-bidi",
    "a" * 2000,
]
HOSTILE = "\n".join(HOSTILE_PARTS)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    repo = new_repo(tmp / "data")
    ids = fill_street(repo, hostile=HOSTILE)
    project = make_project(tmp)
    report = build_site(repo, project)
    repo.close()
    return project / "site", ids, report


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text("utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_full_mkdocs_strict_build_of_a_small_street(built):
    site, _, report = built
    assert report.site_dir == site
    for rel in ("index.html", "areas/east/accounts/index.html", "areas/west/issues/index.html",
                "stats/index.html", "integrity/index.html", "stewards/index.html",
                "downloads/index.html",
                "verify/index.html", "feed.xml", "downloads/east/ledger.json",
                "downloads/open311/requests.json", "search/search_index.json"):
        assert (site / rel).is_file(), rel
    assert report.pages == 6 + 2 * 10  # the street's pages, ten per area


def test_hostile_text_is_escaped_everywhere(built):
    site, _, _ = built
    for page in pages(site):
        parsed = parse(page)
        # the theme's one style element: the header's title on a row of its own where
        # the screen is narrow (overrides/main.html); no other style comes into a page
        ours = [a for t, a in parsed.tags if t == "style" and a == {"id": "steward-title-fit"}]
        assert len(ours) == 1, page
        for tag, attrs in parsed.tags:
            if (tag, attrs) == ("style", {"id": "steward-title-fit"}):
                continue
            for name, value in attrs.items():
                assert not name.startswith("on"), (page, tag, name)
                assert "javascript:" not in value.lower(), (page, tag, name, value)
            if tag in ("img", "script", "link", "iframe", "style"):
                src = attrs.get("src") or attrs.get("href") or ""
                assert src != "x" and "evil.invalid" not in src, (page, tag, src)
            assert tag != "style", page
        for script in parsed.scripts:
            assert "alert(" not in script, page
        raw = page.read_text("utf-8")
        assert "<!-- comment-x7" not in raw
        assert "heading-x6</h" not in raw


def test_hostile_text_is_shown_as_typed(built):
    site, ids, _ = built
    page = site / "areas/east/issues/index.html"
    text = "".join(parse(page).text)
    for part in HOSTILE_PARTS[:12]:
        assert part in text, part
    assert "\u202e" not in page.read_text("utf-8")
    raw = page.read_text("utf-8")
    assert f'id="issue-{ids["septic"]}"' in raw


def test_front_matter_and_titles_carry_no_user_text(built):
    site, _, _ = built
    for page in pages(site):
        head = page.read_text("utf-8").split("</head>")[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S)
        assert title and "<" not in title.group(1) and "alert" not in title.group(1)
        assert "alert" not in head


def test_search_index_holds_no_markup_from_user_text(built):
    site, _, _ = built
    index = (site / "search/search_index.json").read_text("utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index
    assert PENDING_TEXT not in index


def test_site_never_shows_names_telegram_ids_usernames_or_phones(built):
    site, _, _ = built
    secrets = [RESIDENT_NAME, RESIDENT_USERNAME, str(RESIDENT_TID), PHONE,
               "甲志愿者", "乙志愿者", "丙志愿者", "c1/1/1/101"]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".svg", ".txt"):
            body = path.read_text("utf-8", errors="replace")
            for secret in secrets:
                assert secret not in body, (path, secret)
            assert "1单元 101" not in body and "1单元 102" not in body, path


def test_published_photos_have_no_exif(built):
    site, ids, _ = built
    photos = sorted((site / "media").rglob("*.jpg"))
    assert photos
    for path in photos:
        with Image.open(path) as img:
            assert not img.getexif(), path
    assert not (site / "media" / ids["hidden_photo"]).exists()


_EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def test_viewing_the_site_requests_nothing_from_another_host(built):
    site, _, _ = built
    for page in pages(site):
        for tag, attrs in parse(page).tags:
            if tag == "a":
                continue  # a link is followed only when clicked
            for name in ("src", "href", "srcset", "data", "poster"):
                value = attrs.get(name, "")
                if tag == "link" and {"canonical", "alternate"} & set(
                        (attrs.get("rel") or "").split()):
                    continue
                assert not _EXTERNAL.match(value), (page, tag, name, value)
    for css in site.rglob("*.css"):
        body = css.read_text("utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", body), css
        assert "@import" not in body or not re.search(r"@import\s+['\"]?(?:url\()?https?:", body)



def test_every_page_links_the_feed_of_this_site(built):
    site, _, _ = built
    for page in pages(site):
        feeds = [attrs["href"] for tag, attrs in parse(page).tags
                 if tag == "link" and "alternate" in (attrs.get("rel") or "").split()
                 and attrs.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, page
        href = feeds[0]  # "//feed.xml" would be the host "feed.xml"
        assert not href.startswith("//") and not _EXTERNAL.match(href), (page, href)
        target = site / href.lstrip("/") if href.startswith("/") else page.parent / href
        assert target.resolve() == (site / "feed.xml").resolve(), (page, href)


def test_the_not_found_page_speaks_chinese_and_leads_home(built):
    site, _, _ = built
    page = parse(site / "404.html")
    text = "".join(page.text)
    assert "Not found" not in text and "找不到这一页" in text
    content = text[text.index("找不到这一页"):]
    assert "首页" in content and "搜索" in content
    homes = [attrs["href"] for tag, attrs in page.tags if tag == "a" and
             attrs.get("class") == "steward-home"]
    assert homes == ["/"]  # the 404 page is served at any depth: a link from the root


def test_every_page_ends_with_what_the_site_shows_and_never_shows(built):
    """The footer was an empty black bar under every page."""
    site, _, _ = built
    for rel in ("index.html", "areas/east/accounts/index.html", "404.html"):
        html_text = (site / rel).read_text("utf-8")
        footer = html_text[html_text.index('<footer class="md-footer">'):]
        footer = footer[:footer.index("</footer>")]
        assert "经过小区志愿者审核后才公开" in footer and "不出现任何居民的姓名" in footer, rel

def _tokens(text: str, separator: str) -> set[str]:
    return {t.lower() for t in re.split(separator, html.unescape(re.sub("<[^>]+>", " ", text)))
            if t}


def _segment(query: str, index: set[str]) -> set[str]:
    """Material's query segmentation (search/query/segment), ported to Python."""
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in index:
                wordcuts[i] = j - i
    segments: set[str] = set()
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if p + q < len(query) and wordcuts[p + q] > wordcuts[p] - q:
                segments.add(query[p:p + q])
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < len(query) and wordcuts[q] and q < len(query) - 1:
            stack.append(q)
        segments.add(query[p:q])
    return {query} if "" in segments else segments


def test_chinese_search_finds_a_word_on_the_right_page(built):
    site, _, _ = built
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["zh"]
    separator = index["config"]["separator"]
    assert re.match(separator, "\u200b")  # the mark jieba's words are joined with
    by_page: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page.setdefault(page, set()).update(_tokens(doc["title"] + " " + doc["text"],
                                                       separator))
    assert "化粪池" in by_page["areas/east/issues/"]
    assert "化粪池" not in by_page["areas/west/issues/"]
    vocabulary = set().union(*by_page.values())
    for query, word in (("化粪池堵了", "化粪池"), ("路灯不亮", "路灯"), ("物业费", "物业费")):
        terms = _segment(query, vocabulary)
        assert word in terms, (query, terms)
        hits = [p for p, tokens in by_page.items() if word in tokens]
        assert hits, query
    assert "路灯" in by_page["areas/east/issues/"]


def test_search_finds_a_units_fees_by_its_building_and_unit(built):
    # "did my fee get recorded?": fees were left out of the index (many and alike) and
    # the fees page counts households by building, so "1号楼1单元" found none of them.
    site, _, _ = built
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    ledger = json.loads((site / "downloads/east/ledger.json").read_text("utf-8"))["lines"]
    fees = [x for x in ledger if x["kind"] == "income"]
    assert len(fees) == 2 and {x["household_ref"] for x in fees} == {"东小区 1号楼 1单元"}
    [doc] = [d for d in docs if "的收费" in d["title"].replace("\u200b", "")
             and "areas/east/" in d["location"]]
    assert doc["location"] == f"areas/east/accounts/#line-{fees[-1]['seq']}"
    title, text = (doc[k].replace("\u200b", "") for k in ("title", "text"))
    assert title == "东小区 1号楼 1单元 的收费（2025 年）", title
    assert text == (f"物业费 2025-01 · 共 2 笔，最近一笔是第 {fees[-1]['seq']} 笔"
                    f"（{fees[-1]['date'][:10]}）"), text
    assert "101" not in title + text and "102" not in title + text  # never a room
    # and the guide to checking the ledger tells a resident she can
    guide = (site / "guides" / "ledger-check" / "index.html").read_text("utf-8")
    assert "在网站的搜索框里输入小区和楼栋单元" in guide


def test_search_has_a_compact_entry_for_each_expense_line_issue_and_opinion(built):
    site, ids, _ = built
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    ledger = json.loads((site / "downloads/east/ledger.json").read_text("utf-8"))["lines"]
    for line in ledger:
        doc = by_location.get(f"areas/east/accounts/#line-{line['seq']}")
        if line["kind"] == "income":
            # not line by line: a unit's fees in one entry, at its latest line
            latest = max(x["seq"] for x in ledger if x["kind"] == "income"
                         and x["household_ref"] == line["household_ref"])
            assert (doc is None) == (line["seq"] != latest), line["seq"]
            if doc is not None:
                assert line["household_ref"] in doc["title"].replace("\u200b", "")
            continue
        assert doc is not None, line["seq"]
        assert f"{line['seq']}" in doc["title"] and "¥" in doc["title"]
    lamp = next(line for line in ledger if str(line["purpose"]).startswith("路灯材料"))
    doc = by_location[f"areas/east/accounts/#line-{lamp['seq']}"]
    assert "路灯" in doc["text"].split("\u200b") and "¥350.00" in doc["title"]
    # found by the amount as people type it: "350", not only "¥350" or "350.00"
    separator = json.loads((site / "search/search_index.json").read_text("utf-8"))[
        "config"]["separator"]
    assert "350" in _tokens(doc["title"] + " " + doc["text"], separator)
    issue = by_location[f"areas/east/issues/#issue-{ids['septic']}"]
    assert "化粪池" in issue["text"].split("\u200b") and "#60;script" in issue["text"]
    # the comment that carried them is gone from the page
    assert "steward:find" not in (site / "areas/east/accounts/index.html").read_text("utf-8")
