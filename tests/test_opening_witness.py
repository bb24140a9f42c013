"""What a witness compares around an area's opening balance (``steward opening-balance``,
``db.opening``) booked after months of notices: the accounts page's table of the paper
notices' figures, the year's totals, the recorder of the line and the downloads."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from conftest import SMALL_STREET, StepClock, pid
from test_site_helpers import make_project

from db.config import parse_street
from db.core import CHINA_TZ
from db.entries import Kind
from db.repository import Repository
from site_builder import build_site


@pytest.fixture
def repo(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(SMALL_STREET, "street.yaml"),
                        clock=StepClock(datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)))
    yield r
    r.close()


def spend(repo, fen=800):
    e = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": fen, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    return repo.approve(e.id, pid(repo, 102))


@pytest.fixture
def booked_late(repo, tmp_path):
    """East's accounts begin in March 2025 (line 1, on March's notice); in April the paper
    book's ¥860.00 of 2024-12-31 is booked as line 2. The site built: its content."""
    spend(repo)
    repo.clock = StepClock(datetime(2025, 4, 2, 9, 0, tzinfo=CHINA_TZ))
    repo.record_opening(pid(repo, 101), "east", 86000, "2024-12-31", note="手写账本")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    return project / "content" / "areas" / "east"


def _row(page: str, month: str) -> str:
    found = re.search(rf'<tr id="notice-{month}">.*?</tr>', page, re.S)
    assert found, month
    return found.group(0)


def test_the_notices_row_of_the_month_an_opening_balance_is_booked_in_adds_up(booked_late):
    """Before, April's row read 期初余额 -¥8.00, 本月收入 ¥0.00, 本月支出 ¥0.00, 期末余额
    ¥852.00 with nothing saying where ¥860.00 came from (the paper notice says it under
    its figures; the row its QR code leads to did not)."""
    page = (booked_late / "accounts.md").read_text("utf-8")
    april = _row(page, "2025-04")
    assert "¥852.00" in april
    assert "含本月记入的期初结转（第 2 笔）¥860.00，不算收入" in april, april
    assert "期初结转" not in _row(page, "2025-03")


def test_the_notices_table_says_why_earlier_notices_hold_less_than_the_accounts(booked_late):
    """The accounts count the opening balance from its date (2024-12-31), the notices from
    the month it was booked in: March's notice ends at -¥8.00 where the accounts by date
    say ¥852.00. The table of the notices says so, and by how much."""
    page = (booked_late / "accounts.md").read_text("utf-8")
    said = page[page.index("## 每月公示单"):]
    assert "是 2025\u00a0年 4\u00a0月才记入账本的" in said, said[:1500]
    assert "比按日期算的余额相差 ¥860&#46;00，不是账错了" in said, said[:1500]


def test_the_year_page_says_why_its_year_end_balance_is_not_the_paper_notices(booked_late):
    """城建小区's 2024 page read 年末余额 ¥1,590.00 where the January 2025 paper notice
    said ¥730.00 (the ¥860.00 from the paper book booked only in December 2025), and only
    the current year's page said why, under its notices. The year's own page says it."""
    page = (booked_late / "accounts-2024.md").read_text("utf-8")
    assert ("2025\u00a0年 4\u00a0月以前的每月公示单都不含期初结转 ¥860&#46;00"
            "（第 2 笔，那个月才记入账本），"
            "所以那些公示单上的余额（例如 2024 年末余额）与这里按日期算的余额相差 ¥860&#46;00，"
            "不是账错了（见[每月公示单](accounts.md#notices)）") in page, \
        page[page.find("每月收入"):][:3000]
    assert "月以前的每月公示单都不含" not in (booked_late / "accounts.md").read_text("utf-8")


def test_the_opening_line_says_no_second_volunteer_approved_it(booked_late):
    """Before, the line read 记录 / 审核 东小区志愿者甲 / 东小区志愿者甲 on the page and in
    the residents' CSV, where 如何核对账本 says a line is approved by *another* volunteer:
    a witness read it as a line its recorder approved himself."""
    page = (booked_late / "accounts-2024.md").read_text("utf-8")
    row = re.search(r'<tr id="line-2">.*?</tr>', page, re.S)
    assert row and "/ 不经审核（期初结转）</td>" in row.group(0), row and row.group(0)
    downloads = booked_late.parent.parent / "downloads" / "east"
    people = (downloads / "accounts-east.csv").read_text("utf-8-sig").splitlines()
    assert people[2].endswith(",不经审核（期初结转）"), people[2]
    doc = json.loads((downloads / "ledger.json").read_text("utf-8"))
    assert "no second approval" in doc["opening"]
    assert "期初结转" in doc["lines"][1]["purpose"]  # the line itself as chained
    guide = (booked_late.parent.parent / "verify.md").read_text("utf-8")  # 如何核对账本
    assert "“审核”一栏写“不经审核（期初结转）”" in guide


def test_the_downloads_say_what_an_opening_lines_approver_is(tmp_path):
    from db.exports import ledger_json
    from site_builder.columns import COLUMN_NOTES

    assert "不经第二人审核" in COLUMN_NOTES["approved_by"]
    plain = json.loads(ledger_json("east", [{"seq": 1, "kind": "income"}], "0" * 64))
    assert "opening" not in plain  # an area without one: its file as it was


def test_the_residents_csv_says_why_the_balance_jumps_on_the_opening_row(booked_late):
    """Before, the row of line 2 (dated 2024-12-31, booked in April after line 1 of March)
    read ¥852.00 in 余额 with nothing in 冲正 (the notes): the row above read -¥8.00 on
    2025-03, the site's balance at 2024's end ¥860.00, and the note typed (手写账本) was
    not in the file."""
    downloads = booked_late.parent.parent / "downloads" / "east"
    people = (downloads / "accounts-east.csv").read_text("utf-8-sig").splitlines()
    assert people[1].split(",")[5] == "-8.00"
    row = people[2].split(",")
    assert row[5] == "852.00"
    assert row[10] == ("纸质账本到 2024-12-31 结存的钱，不算收入；2025-04-02 才记入账本，排在"
                       "第 2 笔：上面各行的余额都不含这笔；手写账本"), row


def test_the_month_an_opening_balance_is_dated_in_says_it_under_its_row(booked_late):
    """Before, 2024's table read 12月 ¥0.00 ¥0.00 and 全年合计（年初余额 ¥860.00，年末余额
    ¥860.00）: nothing said the ¥860.00 came in on 12-31 from the paper book."""
    page = (booked_late / "accounts-2024.md").read_text("utf-8")
    assert re.search(r'<tr class="steward-note-row"><td colspan="3" class="steward-month-note">'
                     r'12月：<span class="steward-date">2024-12-31</span> 期初结转（纸质账本，第 2 '
                     r'笔）¥860\.00，不算收入，计入余额</td></tr>', page), \
        page[page.find("每月收入"):][:2000]
    assert "期初结转（纸质账本，第 2 笔）" not in (booked_late / "accounts.md").read_text("utf-8")


def test_an_opening_balance_booked_before_any_line_needs_no_word_on_earlier_notices(
        repo, tmp_path):
    """Booked first (in March, dated February), it is on the first notice: there is no
    earlier notice to hold less than the accounts by date."""
    repo.record_opening(pid(repo, 101), "east", 86000, "2025-02-28")
    spend(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    assert "含本月记入的期初结转（第 1 笔）¥860.00，不算收入" in _row(page, "2025-03")
    assert "才记入账本的" not in page
