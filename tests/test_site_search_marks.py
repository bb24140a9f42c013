"""The site's search as a resident on a phone uses it (Debian's chromium, 390 x 844): what
the results mark, and what a question typed beside a word finds. The first search tests
are in test_site_browser; this small street has a few more things in it: a 13号楼 beside
the 3号楼 of the blocked septic tank, and corridor lights (楼道灯) mended, never reported."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browser_support import chromium, phone_page, serve
from conftest import pid
from test_site_browser import _search
from test_site_helpers import fill_street, make_project, new_repo

from db.entries import Kind
from site_builder import build_site

NUMBERS: dict[str, int] = {}  # the entries' numbers the fixture made, by what they are


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-marks")
    repo = new_repo(tmp / "data")
    fill_street(repo)
    v1, v2 = pid(repo, 101), pid(repo, 102)
    puddle = repo.submit(v1, Kind.ISSUE, "east", {"category": "other",
                                                 "text": "13号楼门口下雨积水"})
    repo.approve(puddle.id, v2)
    NUMBERS["puddle"] = puddle.id
    lights = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 18000, "category": "repair", "payee": "电工",
        "purpose": "更换楼道灯开关"})
    repo.approve(lights.id, v2)
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    with serve(project / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, served):
    with phone_page(browser, served) as page:
        yield page
        assert page.outside == [] and page.errors == []


def _marked_words(page) -> set[str]:
    """The words the results show marked: marks with only the index's word break (U+200B)
    between them are one word, as the page a result opens takes them."""
    html = page.locator(".md-search-result__list").inner_html().replace("\u200b", "")
    html = html.replace("</mark><mark>", "")
    return {re.sub(r"<[^>]*>", "", m) for m in re.findall(r"<mark>(.*?)</mark>", html)}


@pytest.mark.parametrize("query", ["1号楼", "3号楼", "化粪池"])
def test_a_search_result_marks_the_whole_word_searched_not_a_piece_of_it(page, served, query):
    # 1号楼 at 390 px marked 号楼 inside the report's 3号楼 (and 1 in 18）, 1%）): a reader
    # read 3号楼 as a match for her building. Only what she typed, whole, is marked.
    meta, items = _search(page, served, query)
    assert items, meta
    assert _marked_words(page) == {query}


def test_a_building_searched_is_not_found_inside_another_buildings_number(page, served):
    # 3号楼 listed the report about 13号楼, its 3号楼 marked inside 13号楼.
    meta, items = _search(page, served, "3号楼")
    assert items, meta
    assert any("3号楼化粪池堵了" in text for text in items), items
    assert not [text for text in items if not re.search("(?<![0-9])3号楼", text)], items


@pytest.mark.parametrize("query", ["楼道灯 修好了吗", "楼道灯修好了吗"])
def test_a_question_beside_a_word_on_no_report_finds_what_the_word_finds(page, served, query):
    # No report says 楼道灯; the ledger does (更换楼道灯开关). 楼道灯 修好了吗 was searched
    # as 楼道灯 and 报事 both on one result, and read 没有找到符合条件的结果.
    words, _ = _search(page, served, "楼道灯")
    meta, items = _search(page, served, query)
    assert items and meta != "没有找到符合条件的结果", meta
    assert all("楼道灯" in text for text in items), items
    assert any("更换楼道灯开关" in text for text in items), items
    assert meta == words


def test_a_month_searched_is_marked_whole_not_its_year_and_its_number_apart(page, served):
    # 物业费 2025-01 marked every 2025 and every 01 of the results (the time 09:01 too):
    # the month was searched as 2025 and 01, cut at its hyphen as the index cuts words.
    meta, items = _search(page, served, "物业费 2025-01")
    assert items, meta
    assert all("2025-01" in text and "物业费" in text for text in items), items
    assert _marked_words(page) == {"物业费", "2025-01"}


def test_the_page_a_month_searched_opens_marks_that_month_not_every_year(page, served):
    # The accounts page opened from 物业费 2025-01 marked every 2025 of it ("2025 年每月
    # 收支", the year's figures) and every 01: Material cuts the words it marks at hyphens.
    page.goto(served + "areas/east/accounts/?h=" + quote("2025-01 物业费"))
    marks = page.locator(".md-content mark[data-md-highlight]")
    marks.first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    found = marks.evaluate_all("ms => ms.map(m => [m.textContent, m.parentNode.textContent])")
    assert {text for text, _ in found} >= {"物业费", "2025"}, found
    assert [(text, around) for text, around in found
            if text in ("2025", "01") and "2025-01" not in around] == [], found


@pytest.mark.parametrize("typed", ["{n}", "#{n}", "报事 {n}", "报事{n}", "第{n}号", "报事第{n}号"])
def test_a_report_is_found_by_its_number_typed_with_or_without_its_hash(page, served, typed):
    # The bot tells "报事 #160 已受理", the paper notice "第 498 号": a neighbour typed 160
    # and read 没有找到符合条件的结果 (or only the volunteers' guide): the index held
    # "#160", which no "160" matched; 第498号, as the notice prints it, found nothing.
    number = NUMBERS["puddle"]
    meta, items = _search(page, served, typed.format(n=number))
    assert any(f"#{number}" in text and "13号楼门口下雨积水" in text for text in items), \
        (meta, items)
    assert [w for w in _marked_words(page) if str(number) in w], _marked_words(page)


@pytest.mark.parametrize("query", ["投票结果", "表决 结果", "投票", "投票情况"])
def test_a_residents_words_for_the_votes_find_the_votes_page_first(page, served, query):
    # 投票结果 (the site says 表决) read 没有找到符合条件的结果; 表决 结果 and 投票 listed
    # the volunteers' or the residents' guide above the area's votes page.
    meta, items = _search(page, served, query)
    assert items and meta != "没有找到符合条件的结果", meta
    assert items[0].split("\n")[0].endswith("· 表决"), items


def test_the_ledger_searched_as_a_book_lists_the_accounts_first(page, served):
    # 账本 listed 如何核对账本 and 账本核验 above the area's 账目.
    meta, items = _search(page, served, "账本")
    assert items, meta
    assert items[0].split("\n")[0].endswith("· 账目"), items
