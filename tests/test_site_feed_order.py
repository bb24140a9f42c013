"""The order of the latest changes (最新动态 on the home page and an area's overview, and
feed.xml) as a reader takes it: newest first. A ledger line is public to the day only
(``db.redact.public_line``), so it cannot be placed among the day's changes that have a
time: the day's lines come after them, newest line first, and the pages say so."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from conftest import pid
from test_site_helpers import make_project, new_repo, unwrapped

from db.entries import Kind
from site_builder import build_site

ATOM = "{http://www.w3.org/2005/Atom}"


def _street_with_a_busy_day(tmp_path):
    """Eleven expenses of 东小区 approved on one day (lines 1 to 11), and a notice
    announced later the same day."""
    repo = new_repo(tmp_path / "data")
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for n in range(1, 12):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 100 * n, "category": "office", "payee": "文具店",
            "purpose": f"第{n}次纸笔"})
        repo.approve(spent.id, v2)
    repo.submit(v1, Kind.ANNOUNCEMENT, "east", {"text": "周六大扫除"})
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    return project / "content"


def _latest(page: str, heading: str) -> tuple[list[str], str]:
    part = page[page.index(heading):]
    part = part[:part.index("\n## ")] if "\n## " in part else part
    return [line for line in part.splitlines() if line.startswith("- ")], part


def test_a_days_ledger_lines_follow_its_timed_changes_newest_line_first(tmp_path):
    # The lines were sorted by the text of their key: "ledger-9" after "ledger-11", so
    # the home page listed line 9, 8, … 2, then 11, 10, 1; and nothing told a reader
    # why a day's money lines, shown with a date and no time, come after its notices.
    content = _street_with_a_busy_day(tmp_path)
    for path, heading, shown in ((content / "index.md", "## 最新动态", 10),
                                 (content / "areas" / "east" / "index.md", "## 最近动态", 12)):
        items, part = _latest(unwrapped(path.read_text("utf-8")), heading)
        assert "[公告" in items[0], items[0]  # later the same day, and it has a time
        seqs = [int(m[1]) for line in items if (m := re.search(r"账目第\s(\d+)\s笔", line))]
        assert seqs == list(range(11, 11 - len(seqs), -1)), (path, seqs)
        assert len(seqs) == shown - 1
        assert "\n\n账目只公布日期，不公布几点几分" in part, part  # a paragraph of its own
        # numbers are an area's own: 怡馨苑小区's line 71 may come before 盐业小区's 79
        assert "同一个小区的账目，编号大的在前" in part, part


def test_the_atom_feed_lists_a_days_lines_newest_first_and_says_their_time_is_no_time(
        tmp_path):
    content = _street_with_a_busy_day(tmp_path)
    feed = ET.fromstring((content / "feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") or "" for e in entries]
    seqs = [int(m[1]) for t in titles if (m := re.search(r"账目第\s(\d+)\s笔", t))]
    assert seqs == list(range(11, 0, -1)), titles
    assert "公告" in titles[0], titles
    line = next(e for e in entries if "账目第 3 笔" in (e.findtext(f"{ATOM}title") or ""))
    assert (line.findtext(f"{ATOM}updated") or "").endswith("T00:00:00+08:00")
    summary = line.findtext(f"{ATOM}summary") or ""
    assert summary.startswith("第3次纸笔"), summary
    assert "账目只公布日期" in summary, summary


def test_a_fee_in_the_latest_changes_says_its_period_building_and_unit(tmp_path):
    # Nine lines of one day read "账目第 68 笔：收入 ¥120.00：卫生费", "第 69 笔 …：卫生费"…:
    # a resident asking "did my fee get recorded?" could not tell hers without opening
    # each. The accounts page says the period, the building and unit, and the payee.
    from test_site_helpers import EAST_101

    repo = new_repo(tmp_path / "data")
    v1, v2 = pid(repo, 101), pid(repo, 102)
    fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025-01",
        "household": EAST_101})
    repo.approve(fee.id, v2)
    spent = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 3000, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.approve(spent.id, v2)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    content = project / "content"
    for path, heading in ((content / "index.md", "## 最新动态"),
                          (content / "areas" / "east" / "index.md", "## 最近动态")):
        items, _ = _latest(unwrapped(path.read_text("utf-8")), heading)
        [income] = [html.unescape(line) for line in items if "收入" in line]
        assert income.endswith("：卫生费（2025-01）\u00a0· 东小区 1号楼 1单元"), income
        assert "101" not in income  # the room is never shown
        [expense] = [html.unescape(line) for line in items if "支出" in line]
        assert expense.endswith("：纸笔\u00a0· 收款方：文具店"), expense
    feed = (content / "feed.xml").read_text("utf-8")
    assert "卫生费（2025-01） · 东小区 1号楼 1单元（账目只公布日期" in feed


def test_a_days_fees_of_one_kind_are_one_item_so_the_days_other_changes_stay_in_sight(
        tmp_path):
    # 城建小区's 15 latest changes were 9 lines of 2025-10-18 reading 收入 ¥120.00：卫生费,
    # and its votes and reports fell off the list. Now a day's lines of one kind and
    # purpose (3 or more) are one item linked to the first of them; two stay two. The
    # feed, read by machines that keep an entry by its id, keeps a line an entry.
    from test_site_helpers import EAST_101

    repo = new_repo(tmp_path / "data")
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for month in range(1, 10):
        fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": f"2025-{month:02d}",
            "household": EAST_101})
        repo.approve(fee.id, v2)
    for _ in (1, 2):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 3000, "category": "office", "payee": "文具店", "purpose": "纸笔"})
        repo.approve(spent.id, v2)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    content = project / "content"
    for path, heading in ((content / "index.md", "## 最新动态"),
                          (content / "areas" / "east" / "index.md", "## 最近动态")):
        items, part = _latest(unwrapped(path.read_text("utf-8")), heading)
        items = [html.unescape(line) for line in items]
        fees = [line for line in items if "卫生费" in line]
        assert len(fees) == 1, fees
        assert "[卫生费 9\u00a0笔收入，共 ¥1,080.00](" in fees[0], fees[0]
        assert "accounts.md#line-1)：账目第\u00a01–9\u00a0笔" in fees[0], fees[0]
        assert len([line for line in items if "纸笔" in line]) == 2, items
        assert "账目只公布日期" in part
    feed = ET.fromstring((content / "feed.xml").read_bytes())
    titles = [e.findtext(f"{ATOM}title") or "" for e in feed.findall(f"{ATOM}entry")]
    assert sum("收入 ¥120.00" in t for t in titles) == 9, titles
