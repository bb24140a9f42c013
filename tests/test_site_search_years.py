"""Search on a site of more than one year: an earlier year's accounts page is kept out
of the search as a whole, but its lines are found, each under an entry of its page
(Material's search drops an entry "page#anchor" whose page is not in the index)."""

from __future__ import annotations

import json
from datetime import datetime

from conftest import SMALL_STREET, StepClock, pid
from test_site_helpers import make_project

from db.config import parse_street
from db.entries import Kind
from db.repository import CHINA_TZ, Repository
from site_builder import build_site


def test_an_earlier_years_lines_are_found_under_their_page(tmp_path):
    """An auditor's trial: 城建小区's 2024 line "更换1号楼门口下水井盖 ¥260.00" was found
    by no query, "下水井盖" nor "260": its entry was in the index, its page was not."""
    clock = StepClock(datetime(2024, 12, 18, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 26000, "payee": "管道维修部", "purpose": "更换下水井盖",
        "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "买灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project)
    repo.close()
    docs = json.loads((project / "site" / "search" / "search_index.json")
                      .read_text("utf-8"))["docs"]
    pages = [d["location"] for d in docs if "#" not in d["location"]]
    orphans = [d["location"] for d in docs
               if "#" in d["location"] and d["location"].split("#")[0] not in pages]
    assert orphans == []
    at = [d["location"] for d in docs].index("areas/east/accounts-2024/#line-1")
    page = docs[[d["location"] for d in docs].index("areas/east/accounts-2024/")]
    assert docs.index(page) < at and page["text"] == ""  # the page's title, not its text
    assert page["title"].replace("\u200b", "") == "东小区 · 2024 年账目"  # as the page's h1
    assert "下水" in docs[at]["text"]
