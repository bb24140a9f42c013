"""A line reversed in a later month than it was entered (bought in December, the
mistake found in January): the reversal counts in its own month, which may then read
支出 -¥500.00 with nothing saying why. The site's month (its heading, the monthly table),
the year, the reversal's row, and the paper notice of the month name the line taken
back and its month."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime

from conftest import SMALL_STREET, StepClock, pid
from heads_support import street_with_history
from test_site_helpers import make_project

from db.config import parse_street
from db.entries import Kind
from db.repository import CHINA_TZ, Repository
from site_builder import build_site
from site_builder.notice import notice_for, render_pdf
from site_builder.render import TEMPLATES


def test_a_month_that_reversed_a_line_of_an_earlier_month_says_which(tmp_path):
    clock = StepClock(datetime(2025, 12, 26, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "payee": "保洁队", "purpose": "第4季度垃圾清运",
        "category": "cleaning"})
    repo.approve(spent.id, pid(repo, 102))
    clock.now = datetime(2026, 1, 6, 9, 0, tzinfo=CHINA_TZ)
    rev = repo.reverse("east", 1, pid(repo, 101), "金额记错了，应为450元")
    repo.approve(rev.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    said = "本月冲正 2025 年 12 月第 1 笔，扣除 ¥500.00"
    # the month's heading: its negative total and why
    assert f"支出&nbsp;-¥500.00（{said}） · 1&nbsp;笔</span></h3>" in page, page
    # the monthly table: a line under January's row
    assert f'<td colspan="3" class="steward-month-note">1月支出：{said}</td>' in page, page
    # the reversal's row names the month of the line it reverses
    row = re.search(r'<tr id="line-2">.*?</tr>', page).group(0)
    assert '冲正 2025 年 12 月的第 <a href="../accounts-2025/#line-1">1</a> 笔' in row, row
    # the year's figures (2026 年支出 -¥500.00)
    assert "2026 年支出已扣除往年记的账：冲正 2025 年 12 月第 1 笔，扣除 ¥500&#46;00" in page
    # the year's categories: the row below zero says it is a reversal, no share, no count
    assert ('<td data-label="类别">保洁清运<br><span class="steward-sub">冲正往年的账</span></td>'
            '<td class="n" data-label="金额">-¥500.00</td><td class="n" data-label="占比">—</td>'
            '<td class="n" data-label="笔数">—</td>') in page, page
    # the street's home page: the area's 2026 年支出 -¥500.00, and why
    home = (project / "content" / "index.md").read_text("utf-8")
    assert ('-¥500.00<br><span class="steward-sub">冲正 2025 年 12 月第 1 笔，扣除 ¥500.00'
            '</span></td>') in home, home
    overview = (project / "content" / "areas" / "east" / "index.md").read_text("utf-8")
    assert "支出 &#45;¥500&#46;00（冲正 2025 年 12 月第 1 笔，扣除 ¥500&#46;00）" in overview, \
        overview
    # December, where the line is, still counts it, and says where it was taken back
    december = (project / "content" / "areas" / "east" / "accounts-2025.md").read_text("utf-8")
    later = "其中第 1 笔后来在 2026 年 1 月冲正，从冲正的那个月扣除"
    assert f"支出&nbsp;¥500.00（{later}） · 1&nbsp;笔</span></h3>" in december, december
    assert f'class="steward-month-note">12月支出：{later}</td>' in december, december
    assert '已被 2026 年 1 月的第 <a href="../accounts/#line-2">2</a> 笔冲正' in december
    assert "本月冲正" not in december
    # a deployment's own copy of the templates gives the same page as the Python twin
    (project / "templates").mkdir()
    shutil.copy(TEMPLATES / "_ledger.html.j2", project / "templates")
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    assert (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8") == page
    assert (project / "content" / "areas" / "east" / "accounts-2025.md").read_text("utf-8") \
        == december


def test_a_reversal_within_its_month_adds_no_note(tmp_path):
    clock = StepClock(datetime(2025, 12, 6, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "payee": "保洁队", "purpose": "清运", "category": "cleaning"})
    repo.approve(spent.id, pid(repo, 102))
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "记错了").id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    assert "本月冲正" not in page and "steward-month-note" not in page
    assert '<br>冲正第 <a href="#line-1">1</a> 笔' in page


def test_the_notice_of_the_month_says_which_earlier_notices_line_it_reversed(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    [spent] = [e for e in repo.entries(kind=Kind.EXPENSE) if e.data["purpose"] == "2月第2笔"]
    seq = spent.data["ledger_seq"]
    clock.at(4, 2)
    repo.approve(repo.reverse("east", seq, pid(repo, 101), "记错了").id, pid(repo, 102))
    april = notice_for(repo, "east", "2025-04")
    assert april["expense_fen"] == -8000
    assert april["undone"] == {"expense": f"冲正 2025 年 2 月公示第 {seq} 笔，扣除 ¥80.00"}
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(april))
    printed = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"],
                                                capture_output=True, text=True,
                                                check=True).stdout)
    assert f"本月支出为负数，因为本月冲正2025年2月公示第{seq}笔，扣除¥80.00" in printed, printed
    assert f"（第{seq}笔见2月公示）" in printed, printed
    # a notice without such a line has no such key (its content and drawing as before)
    assert "undone" not in notice_for(repo, "east", "2025-03")
    repo.close()
