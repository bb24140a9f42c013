"""January's paper notice sums up the year before (全年收支): residents who read
twelve notices on the board had no sheet saying what the whole year came to."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from heads_support import money, street_with_history

from db import ledger as ledger_rules
from db.money import format_fen
from db.repository import CHINA_TZ
from site_builder.notice import notice_for, render_pdf


@pytest.fixture
def history(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")  # January to March 2025
    yield repo, clock
    repo.close()


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_januarys_notice_sums_up_the_year_before_and_no_other_month_does(history, tmp_path):
    repo, clock = history
    clock.at(11, 10)
    money(repo, "east", 2500, expense=True, purpose="换灯泡")
    clock.now = datetime(2026, 1, 8, 10, tzinfo=CHINA_TZ)
    money(repo, "east", 600)
    clock.now = datetime(2026, 2, 8, 10, tzinfo=CHINA_TZ)
    money(repo, "east", 700)
    lines = repo.ledger("east")
    last_year = [x for x in lines if x["date"].startswith("2025")]
    figures = {y["year"]: y for y in ledger_rules.figures(lines)["years"]}["2025"]

    january = notice_for(repo, "east", "2026-01")
    year = january["year"]
    assert (year["year"], year["first_month"], year["last_month"]) == ("2025", "2025-01",
                                                                       "2025-11")
    assert (year["first_seq"], year["last_seq"]) == (1, len(last_year))
    # what the site's 2025 page says (every line here is dated in the month it was published)
    assert (year["opening_fen"], year["income_fen"], year["expense_fen"],
            year["closing_fen"]) == (0, figures["income"], figures["expense"],
                                     figures["balance"])
    assert year["closing_fen"] == january["opening_fen"]  # the year's end is January's start
    assert {c["category"]: c["fen"] for c in year["categories"]} == {
        "卫生费": sum(x["amount_fen"] for x in last_year if x["kind"] == "income"),
        "维修": sum(x["amount_fen"] for x in last_year if x["kind"] == "expense")}
    for month in ("2025-12", "2026-02", "2025-01"):
        assert notice_for(repo, "east", month)["year"] is None, month

    out = tmp_path / "january.pdf"
    out.write_bytes(render_pdf(january))
    text = pdftotext(out)
    assert "附：2025 年全年收支" in text, text
    assert (f"年初余额 ¥0.00，全年收入 {format_fen(figures['income'])}，全年支出 "
            f"{format_fen(figures['expense'])}，年末余额 {format_fen(figures['balance'])}。") \
        in text, text
    assert f"即 2025 年 1—11 月各张公示相加（第 1–{len(last_year)} 笔）" in text, text
    february = tmp_path / "february.pdf"
    february.write_bytes(render_pdf(notice_for(repo, "east", "2026-02")))
    assert "全年收支" not in pdftotext(february)
