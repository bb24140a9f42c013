"""The heading over the votes listed on a compound's overview, its votes page and the
street's home page fits what is under it: 正在表决 for votes under way, 等待计票的表决
when each one listed is past its deadline day and not counted yet (the bot down), 正在
表决与等待计票 for both. It read 正在表决 over a list of 已过截止日，等待计票 alone."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SMALL_STREET, StepClock, past_deadline, pid
from test_site_helpers import make_project
from test_site_votes import generated

from db.config import parse_street
from db.repository import Repository
from site_builder import build_site

PAGES = {"areas/east/votes.md": "open", "areas/east/index.md": "votes", "index.md": "votes"}


def _headings(project: Path) -> dict[str, str]:
    """The words of each page's heading over its list of votes."""
    files = generated(project)
    out = {}
    for page, anchor in PAGES.items():
        [heading] = re.findall(rf"^## (.*?) {{ #{anchor}(?: [^}}]*)? }}$", files[page],
                               re.MULTILINE)
        out[page] = heading
    return out


def _vote(repo: Repository, deadline: str, title: str = "更换单元门"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title=title, description="",
                                budget_fen=0, matter="use_maintenance_fund", deadline=deadline)


def test_the_heading_over_votes_past_their_deadline_alone_says_they_wait_for_the_count(
        tmp_path: Path):
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    p = _vote(repo, "2025-01-15")
    past_deadline(repo, p.id)  # the day is over; the bot has not closed the vote
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    assert set(_headings(project).values()) == {"等待计票的表决"}


def test_the_heading_over_votes_under_way_and_past_their_deadline_says_both(tmp_path: Path):
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    p = _vote(repo, "2025-01-15")
    _vote(repo, "2025-03-31", title="安装路灯")
    past_deadline(repo, p.id)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    assert set(_headings(project).values()) == {"正在表决与等待计票"}


def test_the_heading_over_votes_under_way_or_none_says_voting_now(tmp_path: Path):
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    project = make_project(tmp_path / "none")
    build_site(repo, project, run_mkdocs=False)
    assert set(_headings(project).values()) == {"正在表决"}
    _vote(repo, "2025-01-15")
    project = make_project(tmp_path / "open")
    build_site(repo, project, run_mkdocs=False)
    assert set(_headings(project).values()) == {"正在表决"}
