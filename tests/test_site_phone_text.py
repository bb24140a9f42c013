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
from typer.testing import CliRunner

DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# What steward.css keeps on one line: the date wrapper, the table columns of dates,
# numbers and hashes (.steward-table td.date / .n / td.hash), and code blocks.
WHOLE_CLASSES = {"steward-date", "steward-whole"}
WHOLE_CELLS = {"date", "n", "hash"}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    from steward_cli import app

    tmp = tmp_path_factory.mktemp("phone")
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--data", str(tmp / "data"),
                                      "--project", str(tmp / "project")])
    assert result.exit_code == 0, result.output
    return tmp / "project" / "site"


class _Dates(HTMLParser):
    """Each date in the text of a page's article, with whether an element around it
    keeps it on one line."""

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
        for m in DATE.finditer(data):
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


@pytest.mark.parametrize("page, text", [
    ("areas/lvcheng-wuguan/meetings/index.html", "审核发布：物管会委员乙（"),  # a card's last line
    ("areas/yixinyuan/votes/index.html", "原定 "),  # a vote closed early
    ("areas/lvcheng-wuguan/questions/index.html", "第 61 笔账（"),  # a question's heading
])
def test_a_date_in_running_text_is_wrapped_whole_where_a_phone_broke_it(demo_site, page, text):
    source = (demo_site / page).read_text("utf-8")
    at = source.index(text) + len(text)
    after = html.unescape(source[at:at + 80])  # Markdown pages print "-" as &#45;
    assert re.match(r'<span class="steward-date">\d{4}-\d{2}-\d{2}</span>', after), after
