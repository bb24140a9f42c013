"""A page built while a vote was open, read after its deadline day (the bot down, the
site not built again): the page's script no longer says voting is on. In Debian's
chromium, like tests/test_site_browser.py (fails, not skipped, without it)."""

from __future__ import annotations

from pathlib import Path

from browser_support import chromium, phone_page, serve
from conftest import SMALL_STREET, StepClock, pid
from test_site_helpers import make_project

from db.config import parse_street
from db.repository import Repository
from site_builder import build_site


def test_a_page_read_after_a_votes_deadline_says_it_waits_for_its_count(tmp_path: Path):
    """The heading, the list of open votes and the text say it waits for its count, and
    so does the heading's entry in the table of contents (at 1280 px it read 提议 #N ·
    表决中 beside the relabelled heading)."""
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    p = repo.create_proposal(pid(repo, 101), "east", title="更换单元门", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2025-01-15")
    project = make_project(tmp_path)
    build_site(repo, project)
    repo.close()
    site = project / "site"
    shown, toc = {}, {}
    for today in ("2025-01-15", "2025-01-16"):  # the deadline day, the day after
        (site / "steward_today.js").write_text(f'var stewardToday = "{today}";\n', "ascii")
        with chromium() as browser, serve(site) as base, phone_page(browser, base) as page:
            page.goto(f"{base}/areas/east/votes/")
            page.wait_for_timeout(300)
            heading = page.locator(f"#proposal-{p.id}").inner_text()
            listed = page.locator("#open + ul").inner_text()
            body = page.locator("article").inner_text()
            shown[today] = (heading, listed, body)
            assert page.errors == []
            page.set_viewport_size({"width": 1280, "height": 900})  # the TOC on the right
            toc[today] = page.locator(f'.md-sidebar--secondary a[href="#proposal-{p.id}"]'
                                      ).inner_text()
    heading, listed, body = shown["2025-01-15"]
    assert "表决中" in heading and "等待计票" not in listed + body
    heading, listed, body = shown["2025-01-16"]
    assert "已过截止日，等待计票" in heading and "表决中" not in heading
    assert "24 时截止，已过截止日，等待计票" in listed.replace("\u00a0", " ")
    assert "已过截止日，等待计票。" in body and "表决中。" not in body
    assert toc["2025-01-15"].strip().endswith("表决中")
    assert toc["2025-01-16"].strip() == f"提议 #{p.id} · 已过截止日，等待计票"


def test_the_heading_over_votes_read_after_their_deadline_says_they_wait_for_the_count(
        tmp_path: Path):
    """The votes page's heading over its list, and its entry in the table of contents,
    read 正在表决 over a vote the script relabelled 已过截止日，等待计票 (the demo's 城建小区
    read on 2026-02-01); with one vote still under way beside it, both."""
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    for deadline, title in (("2025-01-15", "更换单元门"), ("2025-01-31", "安装路灯")):
        repo.create_proposal(pid(repo, 101), "east", title=title, description="",
                             budget_fen=0, matter="use_maintenance_fund", deadline=deadline)
    project = make_project(tmp_path)
    build_site(repo, project)
    repo.close()
    site = project / "site"
    read = {}
    for today in ("2025-01-15", "2025-01-16", "2025-02-01"):
        (site / "steward_today.js").write_text(f'var stewardToday = "{today}";\n', "ascii")
        with chromium() as browser, serve(site) as base, phone_page(browser, base) as page:
            page.goto(f"{base}/areas/east/votes/")
            page.wait_for_timeout(300)
            heading = page.locator("#open").inner_text()
            page.set_viewport_size({"width": 1280, "height": 900})
            toc = page.locator('.md-sidebar--secondary a[href="#open"]').inner_text()
            read[today] = (heading.strip(), toc.strip())
            assert page.errors == []
    assert read["2025-01-15"] == ("正在表决", "正在表决")
    assert read["2025-01-16"] == ("正在表决与等待计票", "正在表决与等待计票")
    assert read["2025-02-01"] == ("等待计票的表决", "等待计票的表决")
