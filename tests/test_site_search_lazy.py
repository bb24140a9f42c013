"""The search index is fetched when a reader opens the search, not with every page.

The index (every page's text: hundreds of KB, more each year) was fetched on every page
load, with Material's search worker and its Chinese language files: half of what a phone
downloaded to show the home page, for a reader who seldom searches. Now a page loads
none of them; opening the search (the header's icon on a phone, the box at a desk) fetches
them, once, and the search works as before. A page opened from a search result (its
``?h=`` marks the words searched) fetches the index at once, for those marks.
"""

from __future__ import annotations

import pytest
from browser_support import chromium, serve
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site

SEARCH_FILES = ("search/search_index.json", "/workers/search.", "/lunr/")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lazy")
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


def _open(browser, base: str, path: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.asked = []
    page.on("request", lambda r: page.asked.append(r.url[len(base):]))
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    return context, page


def _search_files(page) -> list[str]:
    return [url for url in page.asked if any(part in url for part in SEARCH_FILES)]


@pytest.mark.parametrize("path, width, height", [("", 390, 844), ("areas/east/", 390, 844),
                                                 ("areas/east/accounts/", 1280, 900)])
def test_a_page_loads_without_the_search_index_until_the_reader_opens_the_search(
        browser, served, path, width, height):
    context, page = _open(browser, served, path, width, height)
    try:
        assert _search_files(page) == []
        box = page.locator("input[data-md-component=search-query]")
        if not box.is_visible():  # a phone: the search box opens from the header's icon
            page.locator("label[for=__search]").first.click()
        box.fill("化粪池")
        box.press("End")
        first = page.locator(".md-search-result__item > a").first
        first.wait_for(timeout=10_000)
        assert "areas/east/issues/" in first.get_attribute("href")
        assert [u for u in page.asked if "search_index.json" in u] == ["search/search_index.json"]
    finally:
        context.close()


def test_a_page_opened_from_a_search_result_marks_the_words_without_a_search_opened(
        browser, served):
    context, page = _open(browser, served, "areas/east/issues/?h=化粪池", 390, 844)
    try:
        marked = page.locator(".md-content mark[data-md-highlight]")
        marked.first.wait_for(timeout=10_000)
        assert {marked.nth(n).inner_text() for n in range(marked.count())} == {"化粪池"}
    finally:
        context.close()
