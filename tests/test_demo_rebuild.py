"""A demo's site built again later shows what it showed when the year was played.

`steward demo` plays 2025 on a clock of its own and draws the site as of 31 December;
a later `steward build` of the same folders drew it on the real clock, and the notices
ran on to today: an empty notice (没有新的入账) for every month from 2026-01 to the
month of the build, a PDF each, and the running month said 本月未完，截至 <today>.
The demo marks its folder with the day it was played to (``db.played``); a street's
own folder (not marked) still has a notice for every month up to today, and a line
added to a demo's folder later (with ``steward chat``) runs its notices to its month."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

from conftest import CHINA_TZ, pid
from test_site_helpers import fill_street, make_project, new_repo
from typer.testing import CliRunner

from db.entries import Kind
from db.played import mark_played, played_until
from site_builder import build_site
from site_builder.heads import collect_heads
from site_builder.notice_content import area_notices
from steward_cli import app


def _notices(repo):
    return area_notices(repo, "east", repo.ledger("east"), repo.entries(area="east"),
                        collect_heads(repo))


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_steward_build_later_draws_the_demos_site_as_the_demo_drew_it(demo_year, tmp_path):
    data, project = tmp_path / "data", tmp_path / "project"
    shutil.copytree(demo_year["data"], data)
    shutil.copytree(demo_year["project"], project)
    first = _files(project / "content")
    result = CliRunner().invoke(app, ["build", "--data", str(data), "--project", str(project)])
    assert result.exit_code == 0, result.output
    again = _files(project / "content")
    assert sorted(again) == sorted(first)  # no notice-2026-01.pdf … added
    assert [name for name in again if again[name] != first[name]] == []
    assert str(played_until(data)) == "2025-12-31"
    assert "网站按演示播放到的那天（2025-12-31）生成，不按今天的日期" in result.output


def test_a_demos_folder_built_a_year_on_keeps_its_notices_to_the_month_played(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    mark_played(repo.store.root, repo.clock())
    project = make_project(tmp_path / "p")
    build_site(repo, project)
    first = _files(project / "content")
    months = [n["month"] for n in _notices(repo)]
    repo.clock = lambda: datetime(2026, 11, 20, 9, 0, tzinfo=CHINA_TZ)
    assert [n["month"] for n in _notices(repo)] == months == ["2025-01"]
    build_site(repo, project)
    assert _files(project / "content") == first


def test_a_line_added_to_a_demos_folder_later_runs_its_notices_to_that_month(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    mark_played(repo.store.root, repo.clock())
    later = datetime(2025, 3, 10, 9, 0, tzinfo=CHINA_TZ)
    repo.clock = lambda: later
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.approve(spent.id, pid(repo, 102))
    repo.clock = lambda: later + timedelta(days=300)
    notices = _notices(repo)
    assert [n["month"] for n in notices] == ["2025-01", "2025-02", "2025-03"]
    assert notices[-1]["as_of_day"] == "2025-03-10"


def test_a_streets_own_folder_has_a_notice_for_every_month_up_to_today(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    repo.clock = lambda: datetime(2025, 4, 2, 9, 0, tzinfo=CHINA_TZ)
    notices = _notices(repo)
    assert [n["month"] for n in notices] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert notices[-1]["as_of_day"] == "2025-04-02"


def test_steward_notice_refuses_a_month_after_the_demo_was_played(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    mark_played(repo.store.root, datetime(2025, 1, 20, 18, 0, tzinfo=CHINA_TZ))
    repo.close()
    data = tmp_path / "data"
    later = CliRunner().invoke(app, ["notice", "east", "--month", "2025-02", "--data", str(data),
                                     "--out", str(tmp_path / "n.pdf")])
    assert later.exit_code == 2
    assert later.output.startswith("steward: --month 2025-02：这是演示数据，只播放到 2025-01-20，"
                                   "网站上的公示单到 2025-01 为止"), later.output
    played = CliRunner().invoke(app, ["notice", "east", "--month", "2025-01", "--data", str(data),
                                      "--out", str(tmp_path / "n.pdf")])
    assert played.exit_code == 0, played.output
