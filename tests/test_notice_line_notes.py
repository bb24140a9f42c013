"""Every note a ledger line carries is printed on the paper notice, in the row of its line.

The notice at the gate printed a line's note only when it was 无收据 or an opening
balance's 补记: a fee approved as a separate payment (另行缴费：两口人分开交), a fee or
expense booked late (补记：发生于 2025-01-15) and the words of an opening balance
(社区托管时的手写账本，经居民代表核对) were on the site's accounts but not on the paper,
so a resident reading at the gate saw a second 卫生费 of the same household and no word
why (found printing 盐业小区·市药材小区's September 2025 notice of the demo, line 75)."""

from __future__ import annotations

from datetime import datetime

from conftest import pid

from db.core import CHINA_TZ
from db.entries import Kind
from db.heads import record_heads
from site_builder.notice_content import notice_for

HOME = "c1/1/1/101"


def _fee(repo, separate=""):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    return repo.approve(fee.id, pid(repo, 102), separate=separate)


def _row(repo, line):
    month = (line.get("published_at") or line["date"])[:7]
    [row] = [x for x in notice_for(repo, "east", month)["lines"] if x["seq"] == line["seq"]]
    return row["text"]


def test_every_note_of_a_line_is_printed_in_its_row_of_the_paper_notice(repo):
    repo.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo)
    _fee(repo, separate="两口人分开交")
    no_receipt = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 3500, "payee": "修锁师傅", "purpose": "更换单元门锁芯",
        "category": "repair", "no_receipt": "街边修锁师傅不开收据"})
    repo.approve(no_receipt.id, pid(repo, 102))
    assert record_heads(repo)  # the month's head signed, the notice at the gate
    repo.clock.now = datetime(2025, 4, 2, 9, 0, tzinfo=CHINA_TZ)
    late = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 99900, "payee": "五金店", "purpose": "补交的发票", "category": "repair",
        "date": "2025-01-15"})
    repo.approve(late.id, pid(repo, 102))
    repo.record_opening(pid(repo, 101), "east", 86000, "2024-09-30",
                        note="社区托管时的手写账本，经居民代表核对")
    noted = {x["seq"]: x["note"] for x in repo.ledger("east") if x.get("note")}
    assert sorted(noted) == [2, 3, 4, 5]
    rows = {line["seq"]: _row(repo, line) for line in repo.ledger("east")}
    assert "（另行缴费：两口人分开交）" in rows[2], rows[2]
    assert "（无收据：街边修锁师傅不开收据）" in rows[3], rows[3]
    assert "（补记：发生于 2025-01-15）" in rows[4], rows[4]
    assert "纸质账本截至 2024-09-30 的结存" in rows[5], rows[5]
    assert "（备注：社区托管时的手写账本，经居民代表核对）" in rows[5], rows[5]
    assert "另行缴费" not in rows[1]  # the first payment is no separate one


def test_a_long_purpose_is_cut_on_the_paper_but_its_note_is_printed_whole(repo):
    e = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 3500, "payee": "修锁师傅", "purpose": "更换单元门锁芯" * 25,
        "category": "repair", "no_receipt": "街边修锁师傅不开收据，已请两位居民代表在场见证"})
    repo.approve(e.id, pid(repo, 102))
    text = _row(repo, repo.ledger("east")[-1])
    assert "（无收据：街边修锁师傅不开收据，已请两位居民代表在场见证）" in text, text
    assert "…" in text and "全文见网站账目" in text
