"""A report closed as a duplicate links, on the public site, the report it repeats
when the volunteer's closing note names it; otherwise it says only 重复报事."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL_STREET, StepClock, confirmed_resident, pid
from test_site_helpers import make_project

from db.config import parse_street
from db.entries import Kind, Status
from db.repository import Repository
from site_builder import build_site


def _article(page: str, issue: int) -> str:
    start = page.index(f'id="issue-{issue}"')
    return page[start:page.index("</article>", start)]


def test_a_report_closed_as_a_duplicate_links_the_report_its_closing_note_names(
        tmp_path: Path):
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    first = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    second = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    vol = pid(repo, 101)
    original = repo.approve(repo.submit(first, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, vol)
    named = repo.approve(repo.submit(second, Kind.ISSUE, "east", {
        "category": "lighting", "text": "二楼灯坏了"}).id, vol)
    unnamed = repo.approve(repo.submit(second, Kind.ISSUE, "east", {
        "category": "lighting", "text": "灯还是坏的"}).id, vol)
    repo.issue_step(named.id, vol, Status.CLOSED, f"与 #{original.id} 是同一件事",
                    close_reason="duplicate")
    repo.issue_step(unnamed.id, vol, Status.CLOSED, "已合并处理", close_reason="duplicate")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/issues.md").read_text("utf-8")
    assert (f'（重复报事，见 <a href="#issue-{original.id}">#{original.id}</a>）'
            in _article(page, named.id))
    assert "（重复报事）" in _article(page, unnamed.id)


def test_an_older_closing_note_naming_a_report_without_its_mark_links_it(tmp_path: Path):
    """A report closed before ``duplicate_of`` was kept, its note 同148 (no #): the page
    said only 重复报事."""
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    first = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    vol = pid(repo, 101)
    original = repo.approve(repo.submit(first, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, vol)
    again = repo.approve(repo.submit(first, Kind.ISSUE, "east", {
        "category": "lighting", "text": "二楼灯坏了"}).id, vol)
    repo.issue_step(again.id, vol, Status.CLOSED, f"同{original.id}", close_reason="duplicate")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/issues.md").read_text("utf-8")
    assert (f'（重复报事，见 <a href="#issue-{original.id}">#{original.id}</a>）'
            in _article(page, again.id))
