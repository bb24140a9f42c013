"""The public site shows how long each thing nobody answered yet has waited, the same
way for all: an issue, a resident's question, a resident's opinion (the page's script
counts the days from ``data-since``, the day it was made public)."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL_STREET, StepClock, confirmed_resident, pid
from test_site_helpers import make_project

from db.config import parse_street
from db.entries import Kind
from db.opinions import reply_to_opinion
from db.repository import Repository
from site_builder import build_site


def test_an_unanswered_opinion_shows_its_waiting_days_as_a_question_does(tmp_path: Path):
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    author = confirmed_resident(repo, 5003, "c1/1/1/201", 101)
    waiting = repo.submit(author, Kind.OPINION, "east", {"text": "希望楼道里装扶手"})
    repo.approve(waiting.id, pid(repo, 102))
    answered = repo.submit(author, Kind.OPINION, "east", {"text": "希望晚上路灯亮一些"})
    repo.approve(answered.id, pid(repo, 102))
    reply_to_opinion(repo, pid(repo, 101), answered.id, "已报修路灯")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/opinions.md").read_text("utf-8")
    start = page.index(f'id="opinion-{waiting.id}"')
    mine = page[start:page.index("</article>", start)]
    assert ('志愿者尚未回复<span data-since="2025-01-01" data-prefix="，已等待 " '
            'data-unit=" 天"></span>。') in mine
    start = page.index(f'id="opinion-{answered.id}"')
    assert "data-since" not in page[start:page.index("</article>", start)]


def test_the_waits_of_a_demo_site_count_to_the_day_it_was_played_to(tmp_path: Path):
    # A demo played to 2025-12-31 said 数据截至 2025-12-30 beside 已等待 603 天: the
    # page's script counted to the reader's today. Its pages now count to the day played
    # to (steward_today.js); a street's own site still counts to the reader's today.
    from datetime import datetime

    from db.played import mark_played
    from db.repository import CHINA_TZ

    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    own = make_project(tmp_path / "own")
    build_site(repo, own, run_mkdocs=False)
    assert (own / "content/steward_today.js").read_text("ascii") == "var stewardToday = null;\n"
    mark_played(tmp_path / "data", datetime(2025, 12, 31, 20, 0, tzinfo=CHINA_TZ))
    demo = make_project(tmp_path / "demo")
    build_site(repo, demo, run_mkdocs=False)
    assert (demo / "content/steward_today.js").read_text("ascii") == \
        'var stewardToday = "2025-12-31";\n'
    config = (Path(__file__).parents[1] / "mkdocs.yml").read_text("utf-8")
    assert "  - steward_today.js" in config.split("extra_javascript:", 1)[1].split("\n\n")[0]
