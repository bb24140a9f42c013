"""A name a volunteer hid (db.hidden_names) is in no file of the built site: not its
pages, not its search index, not its feed, not its downloads (CSV, JSON, Open311),
not the copies of earlier sites the build keeps beside the live one; whether hidden
before the entry was approved or once it was public (the next build takes it off)."""

from __future__ import annotations

from pathlib import Path

from conftest import pid
from test_privacy_site_copies import _holding
from test_site_helpers import RESIDENT_TID, make_project

from db.entries import Kind
from site_builder import build_site
from site_builder.build import IncrementalBuilder

NAME = "钱满仓"  # not a name any hand-written page of the site shows (the guides: 李建国)
OTHER = "孙有福"
TEXT = f"{NAME}把垃圾堆在楼道，请联系{OTHER}"


def _files(project: Path) -> set[str]:
    site = project / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_a_name_hidden_before_approval_is_in_no_built_file(street):
    repo, tmp = street
    report = repo.submit(pid(repo, RESIDENT_TID), Kind.ISSUE, "east",
                         {"category": "sanitation", "text": TEXT})
    opinion = repo.submit(pid(repo, RESIDENT_TID), Kind.OPINION, "east", {"text": TEXT})
    for e in (report, opinion):
        repo.hide_words(e.id, pid(repo, 101), [NAME])
        repo.approve(e.id, pid(repo, 102))
    project = make_project(tmp / "p")
    build_site(repo, project)
    files = _files(project)
    # what the public reads: pages, search, the feed, the downloads
    assert {"search/search_index.json", "feed.xml"} <= files, sorted(files)[:40]
    assert any(f.endswith(".csv") for f in files) and any("open311" in f or f.endswith(
        "requests.json") for f in files)
    assert _holding(project, NAME) == []
    said = _holding(project, OTHER)  # the rest of her words are there
    assert "search/search_index.json" in [f.removeprefix("site/") for f in said]
    assert any(f.startswith("site/areas/east/") for f in said)


def test_a_name_hidden_on_a_published_report_comes_off_at_the_next_build(street):
    repo, tmp = street
    report = repo.submit(pid(repo, RESIDENT_TID), Kind.ISSUE, "east",
                         {"category": "sanitation", "text": TEXT})
    repo.approve(report.id, pid(repo, 102))
    project = make_project(tmp / "p")
    build_site(repo, project)
    builder = IncrementalBuilder(repo, project)
    try:
        builder.build()  # the bot's first build: whole, the earlier site kept aside
        assert "site/search/search_index.json" in _holding(project, NAME)
        assert ".site.spare/search/search_index.json" in _holding(project, NAME)
        repo.hide_words(report.id, pid(repo, 101), [NAME])  # a neighbour complained
        builder.build({"east"})  # her area's pages, as the bot builds after a change
        assert _holding(project, NAME) == []
        assert "site/search/search_index.json" in _holding(project, OTHER)
    finally:
        builder.close()


def test_a_name_hidden_in_a_question_and_in_minutes_is_in_no_built_file(street):
    repo, tmp = street
    question = repo.ask(pid(repo, RESIDENT_TID), "east", "line", 1,
                        f"这笔钱是不是给了{NAME}？")
    minutes = repo.record_meeting(pid(repo, 101), "east", meeting_kind="council",
                                  date="2025-01-02", place="活动室", roles=["网格员"],
                                  residents=3, topics=f"{OTHER}家门口堆物",
                                  decisions=f"请{OTHER}三天内清走")
    repo.hide_words(question.id, pid(repo, 102), [NAME])
    repo.hide_words(minutes.id, pid(repo, 102), [OTHER])
    repo.approve(question.id, pid(repo, 102))
    repo.approve(minutes.id, pid(repo, 102))
    project = make_project(tmp / "p")
    build_site(repo, project)
    assert _holding(project, NAME) == [] and _holding(project, OTHER) == []
    said = _holding(project, "这笔钱是不是给了")  # the question itself is published
    assert "site/areas/east/questions/index.html" in said
    assert any(f.endswith("civic.json") for f in said), said
