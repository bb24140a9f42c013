"""The paper notice's fee collection (三、收费情况) against the month's lines: a fee of
an earlier period approved this month, or reversed this month, is listed with its
period, so the fee lines of every month are in some notice's collection, and what
the collection says was booked in the month is the month's income."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from conftest import pid
from heads_support import street_with_history

from db.entries import Kind
from db.repository import CHINA_TZ
from site_builder.notice import notice_for, render_pdf


@pytest.fixture
def history(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    yield repo, clock
    repo.close()


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def fee(repo, household: str, period: str, amount: int):  # type: ignore[no-untyped-def]
    return repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": amount, "fee_type": "sanitation", "period": period,
        "household": household})


def test_a_december_fee_approved_in_january_is_on_januarys_notice_with_its_period(
        history, tmp_path):
    """The trial: December's fee of room 102, handed in on 28 December and approved on
    5 January, was in the ledger of January but in the collection of no notice (not
    December's, drawn before it was approved; not January's, which looked only at
    2026-01 and 2026)."""
    repo, clock = history
    clock.now = datetime(2025, 12, 20, 10, tzinfo=CHINA_TZ)
    on_time = fee(repo, "c1/1/1/201", "2025-12", 2000)
    repo.approve(on_time.id, pid(repo, 102))
    late = fee(repo, "c1/1/1/102", "2025-12", 2000)
    clock.now = datetime(2026, 1, 5, 10, tzinfo=CHINA_TZ)
    repo.approve(late.id, pid(repo, 102))
    # and a payment of last year's fee (2025, 120 yuan in January 2025) taken back
    first = repo.ledger("east")[0]
    reversal = repo.reverse("east", first["seq"], pid(repo, 101), "重复登记")
    repo.approve(reversal.id, pid(repo, 102))
    clock.now = datetime(2026, 2, 3, 10, tzinfo=CHINA_TZ)

    december = notice_for(repo, "east", "2025-12")
    [dec] = [f for f in december["fees"] if f["period"] == "2025-12"]
    assert (dec["period"], dec["paid"], dec["fen"], dec["month_fen"], dec["when"]) == (
        "2025-12", 1, 2000, 2000, "")
    january = notice_for(repo, "east", "2026-01")
    rows = {f["period"]: f for f in january["fees"]}
    assert set(rows) == {"2025", "2025-12"}
    assert (rows["2025-12"]["paid"], rows["2025-12"]["fen"], rows["2025-12"]["month_fen"],
            rows["2025-12"]["when"]) == (2, 4000, 2000, "earlier")
    assert rows["2025"]["month_fen"] == -first["amount_fen"]
    assert rows["2025"]["when"] == "earlier"
    # what the collection booked in the month is the month's income, net of reversals
    assert january["income_fen"] == 2000 - first["amount_fen"]
    assert sum(f["month_fen"] for f in january["fees"]) == january["income_fen"]
    assert sum(f["month_fen"] for f in december["fees"]) == december["income_fen"]

    out = tmp_path / "january.pdf"
    out.write_bytes(render_pdf(january))
    text = pdftotext(out)
    assert ("卫生费 2025-12（往期补缴）：已交 2 户 / 应交 3 户（66.7%），共 ¥40.00，"
            "本月入账 ¥20.00") in text, text
    assert "本月入账 -¥120.00" in text
    assert "本月收费入账合计-¥100.00，即上面的“本月收入”" in text.replace(" ", ""), text


def test_a_fee_paid_ahead_for_next_year_is_on_the_notice_of_the_month_it_was_paid(history):
    repo, clock = history
    clock.at(11, 20)
    ahead = fee(repo, "c1/1/1/201", "2026", 24000)
    repo.approve(ahead.id, pid(repo, 102))
    november = notice_for(repo, "east", "2025-11")
    [row] = [f for f in november["fees"] if f["period"] == "2026"]
    assert (row["paid"], row["fen"], row["month_fen"], row["when"]) == (1, 24000, 24000, "ahead")
    assert sum(f["month_fen"] for f in november["fees"]) == november["income_fen"] == 24000


def test_every_fee_line_is_booked_on_exactly_one_notice(history):
    """Over all the months, the collections' bookings add up to the ledger's income."""
    repo, clock = history
    clock.at(4, 2)
    late = fee(repo, "c1/1/1/102", "2025-03", 1500)
    clock.at(5, 2)
    repo.approve(late.id, pid(repo, 102))
    booked = 0
    for month in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05"):
        content = notice_for(repo, "east", month)
        assert sum(f["month_fen"] for f in content["fees"]) == content["income_fen"], month
        booked += content["income_fen"]
    assert booked == sum(x["amount_fen"] for x in repo.ledger("east") if x["kind"] == "income")


@pytest.mark.parametrize("period, month, when", [
    ("2025-12", "2026-01", "earlier"), ("2026-02", "2026-01", "ahead"),
    ("2026-01", "2026-01", ""), ("2026", "2026-01", ""), ("2025", "2026-01", "earlier"),
    ("2027", "2026-12", "ahead"),
    # periods typed in words (not a year or a month) are placed by their year only
    ("2025-H2", "2025-12", ""), ("2025年上半年", "2025-12", ""),
    ("2025-H2", "2026-01", "earlier"), ("2026年上半年", "2025-12", "ahead"),
    ("上半年", "2025-12", ""),
])
def test_a_fee_period_is_earlier_or_ahead_of_the_notices_month_only_when_it_is(
        period, month, when):
    from site_builder.notice_content import _period_when

    assert _period_when(period, month) == when


UNITS_STREET = """
street: {id: test, name: 测试街道, city: 测试市}
admins: [900]
communities:
  - id: east-c
    name: 东社区
    compounds:
      - id: c1
        name: 东小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}, {room: "102"}]
              - id: "2"
                households: [{room: "101"}, {room: "102"}]
          - id: "2"
            units:
              - id: "1"
                households: [{room: "101"}]
areas:
  - id: east
    name: 东小区
    mode: committee
    steward: 东小区物管会
    compounds: [c1]
    fees: [{type: sanitation, per: unit, period: month}]
volunteers:
  - {telegram_id: 101, name: 甲志愿者, title: 物管会主任, areas: [east]}
  - {telegram_id: 102, name: 乙志愿者, title: 物管会委员, areas: [east]}
"""


def test_a_fee_collected_by_unit_says_of_how_many_units_as_the_fees_page_does(tmp_path):
    """An auditor's trial: the fees page read "按单元收取：4 / 4 个单元已缴，缴费率
    100.0%" and the paper notice of the same month "按单元收取：4 个单元": of how many,
    the paper did not say (its households' line does: "已交 40 户 / 应交 58 户")."""
    from conftest import StepClock

    from db.config import parse_street
    from db.repository import Repository

    clock = StepClock(datetime(2025, 4, 10, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(UNITS_STREET), clock=clock)
    for unit in ("c1/1/1", "c1/1/2"):
        entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 36000, "fee_type": "sanitation", "period": "2025-04", "unit": unit})
        repo.approve(entry.id, pid(repo, 102))
    content = notice_for(repo, "east", "2025-04")
    repo.close()
    out = tmp_path / "east-2025-04.pdf"
    out.write_bytes(render_pdf(content))
    text = pdftotext(out)
    assert "卫生费 2025-04：按单元收取：已交 2 个单元 / 应交 3 个单元（66.7%），共 ¥720.00" \
        in text, text


def test_an_amount_is_never_cut_from_its_yuan_sign_at_the_end_of_a_line():
    """September's notice of 盐业小区·市药材小区 ended a line "…，本月入账 ¥" and began
    the next "400.00" (auditor's trial): the sign and its amount stay on one line."""
    from site_builder.notice_pdf import _wrap

    text = ("维修资金 2025-06（往期补缴）：按单元收取：已交 6 个单元 / 应交 6 个单元（100.0%），"
            "共 ¥17,800.00，本月入账 ¥400.00；冲正 -¥1,800.00，+¥1,800.00")
    amounts = ["¥17,800.00", "¥400.00", "-¥1,800.00", "+¥1,800.00"]
    for width in range(120, 520, 3):
        lines = _wrap(text, "Helvetica", 9, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line.rstrip().endswith(("¥", "-", "+")) for line in lines), (width, lines)
        shown = [a for line in lines for a in re.findall(r"[-+]?¥[0-9.,]+", line)]
        assert shown == amounts, (width, lines)
