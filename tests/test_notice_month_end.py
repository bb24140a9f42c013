"""The running month's notice on the site says it is as of a day: on the month's last
day 本月未完，截至 4月30日 read as a contradiction; it reads 截至 … 出单时 then."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from conftest import CHINA_TZ
from heads_support import street_with_history
from test_site_helpers import DATE, fill_street, make_project, new_repo

from site_builder import build_site


def _april(tmp_path: Path, day: int) -> str:
    repo, clock = street_with_history(tmp_path / "data")
    try:
        clock.at(4, day)
        project = tmp_path / "project"
        build_site(repo, project, run_mkdocs=False)
    finally:
        repo.close()
    accounts = (project / "content/areas/east/accounts.md").read_text("utf-8")
    row = accounts.split('<tr id="notice-2025-04">', 1)[1].split("</tr>", 1)[0]
    return row


def test_the_notice_of_a_month_on_its_last_day_is_not_said_unfinished_up_to_that_day(
        tmp_path: Path):
    row = _april(tmp_path, 30)
    assert "本月未完" not in row and f"（截至 {DATE}2025-04-30</span> 出单时）" in row


def test_the_notice_of_a_month_before_its_last_day_says_it_is_unfinished(tmp_path: Path):
    row = _april(tmp_path, 20)
    assert f"（本月未完，截至 {DATE}2025-04-20</span>）" in row


def test_the_overview_offers_the_running_notice_on_the_months_last_day_without_unfinished(
        tmp_path: Path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    month = repo.ledger("east")[-1]["published_at"][:7]
    last = date.fromisoformat(f"{month}-01").replace(day=28)
    while (last + timedelta(days=1)).month == last.month:
        last += timedelta(days=1)
    repo.clock.now = datetime.combine(last, time(20, 0), CHINA_TZ)  # type: ignore[attr-defined]
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    east = (project / "content/areas/east/index.md").read_text("utf-8")
    assert (f'最新一期公示单（<span class="steward-date">{month[:4]}年{int(month[5:])}月，</span>'
            f"截至 {DATE}{last}</span> "
            f"出单时，A4 PDF）") in east
