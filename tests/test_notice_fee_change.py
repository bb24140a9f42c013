"""A fee's amount changed from a period on (``steward fees set``, ``db.fee_changes``) is
news for the notice board: the paper notice of the month it was decided in, and of the
month it takes effect in, says the new amount, from when, the amount before, who
recorded it and why."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime

import pytest
from conftest import StepClock, pid
from test_bot_ledger import SCHEDULED, paid

from db.config import parse_street
from db.core import CHINA_TZ
from db.repository import Repository
from site_builder.notice import notice_for, render_pdf


@pytest.fixture
def repo(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                        clock=StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TZ)))
    paid(r, period="2025")  # line 1, January 2026: the month's notice has a line
    r.change_fee(pid(r, 101), "east", "parking", 4500, "2026-02", note="业主大会决定")
    yield r
    r.close()


def read(repo, month, tmp_path) -> str:
    out = tmp_path / f"east-{month}.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", month)))
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], check=True,
                                             capture_output=True, text=True).stdout)


def test_the_notice_of_the_month_a_fee_was_changed_in_says_the_new_amount(repo, tmp_path):
    """Before, January's notice listed the fees paid and nothing of the 停车费 going up
    from February: a resident learnt it from the site's fees page, if at all."""
    text = read(repo, "2026-01", tmp_path)
    said = "收费标准调整：停车费2026年2月起每月¥45.00（此前¥30.00）。2026-01-05"
    assert said in text, text
    assert text.index(said) > text.index("三、收费情况") and "登记：业主大会决定。" in text


def test_the_notice_of_the_month_it_takes_effect_says_it_again_and_others_do_not(repo):
    repo.clock = StepClock(datetime(2026, 3, 5, 9, 0, tzinfo=CHINA_TZ))
    [row] = notice_for(repo, "east", "2026-02")["fee_changes"]
    assert (row["fee"], row["from"], row["amount_fen"], row["before_fen"]) == (
        "停车费", "2026 年 2 月", 4500, 3000)
    assert "fee_changes" not in notice_for(repo, "east", "2026-03")  # its content as was
