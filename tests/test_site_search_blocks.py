"""What the builder writes as raw HTML (tables, figures, lists) is found by the site's
search as the rest of a page is: a resident who types the name of her community, a
volunteer's code read on a ledger line, or the words a volunteer wrote when a report
was mended, found nothing, since those words were only in raw HTML. The ledger's and the
reports' own tables stay out (their compact entries find each line and report), or the
index a phone downloads would grow with every line of every year."""

from __future__ import annotations

import pytest
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-blocks")
    repo = new_repo(tmp / "data")
    made = fill_street(repo)
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    import json

    docs = json.loads((project / "site" / "search" / "search_index.json")
                      .read_text("utf-8"))["docs"]
    found = [(d["location"], (d["title"] + " " + d["text"]).replace("\u200b", ""))
             for d in docs]
    return made, found, project / "site"


def _where(found, words: str) -> list[str]:
    return [location for location, text in found if words in text]


def test_a_compounds_community_in_the_areas_table_is_found_on_the_areas_page(built):
    # 东社区 is written only in the area page's table of its compounds (所属社区).
    _made, found, _site = built
    assert any(where.startswith("areas/east/") for where in _where(found, "东社区")), \
        _where(found, "东社区")


def test_a_volunteers_code_is_found_on_the_page_of_codes(built):
    # A reader sees "网格辅助员丙" as the approver of a ledger line and searches for it.
    _made, found, _site = built
    assert any(where.startswith("stewards/") for where in _where(found, "网格辅助员丙"))


def test_what_a_volunteer_wrote_when_a_report_was_mended_is_found_under_the_report(built):
    made, found, _site = built
    assert f"areas/east/issues/#issue-{made['septic']}" in _where(found, "已清掏完毕")


def test_the_ledgers_table_itself_stays_out_of_the_index(built):
    # Each line is found by its own compact entry; the table's text (hashes, "按序号"
    # captions of every month) is not copied into the index a phone downloads.
    _made, found, site = built
    page = (site / "areas" / "east" / "accounts" / "index.html").read_text("utf-8")
    assert "的账目，按序号" in page
    assert _where(found, "的账目，按序号") == []


def test_a_tables_cells_are_separate_words_in_the_index(built):
    # The page of codes read "物管会主任甲物管会主任2025-01-01至今" in the results (and
    # jieba cut the Chinese of two cells as one run): each cell is a word of its own.
    _made, found, _site = built
    texts = [text for where, text in found if where.startswith("stewards/")]
    assert any("物管会主任甲 物管会主任 2025-01-01 至今" in " ".join(t.split()) for t in texts), \
        texts
    assert not any("物管会主任甲物管会主任" in t for t in texts)
