"""A fee or expense dated before its area's last signed head is booked the day it is
published, its own date said on the line (补记：发生于 …): dated as given it changed the
totals of a month whose signed head (and paper notice at the gate) the public had seen,
and every check passed, the signer's too."""

from __future__ import annotations

from heads_support import money, street_with_history

from db.heads import record_heads
from db.ledger import totals_by_month


def test_a_line_dated_before_the_last_signed_head_is_booked_today_with_its_date_said(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")  # heads signed on 1-28, 2-28, 3-28
    january = totals_by_month(repo.ledger("east"))["2025-01"]
    clock.at(4, 2)
    entry = money(repo, "east", 99900, expense=True, purpose="补交的发票", date="2025-01-15")
    line = repo.ledger("east")[-1]
    assert line["date"] == "2025-04-02" and line["published_at"] == "2025-04-02"
    assert line["note"] == "补记：发生于 2025-01-15"
    assert repo.entry(entry).data["occurred_on"] == "2025-01-15"
    assert "date" not in repo.entry(entry).data
    months = totals_by_month(repo.ledger("east"))
    assert months["2025-01"] == january  # the month the public saw signed is as it was
    assert months["2025-04"]["expense"] == 99900
    assert record_heads(repo) and repo.verify()  # the line is what its entry makes of it
    repo.close()


def test_a_line_dated_after_the_last_signed_head_keeps_its_date(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    money(repo, "east", 5000, expense=True, date="2025-04-01")  # after 3-28: no month signed
    line = repo.ledger("east")[-1]
    assert line["date"] == "2025-04-01" and not line["note"]
    repo.close()
