"""/unpaid for a year of a fee paid by the month, or a month of a fee paid by the year
(walk172, a grid worker of 城建小区 in steward chat on the demo): ``/unpaid 城建小区 卫生费
2025`` (and the help's own example, ``/unpaid 卫生费 今年``) answered 城建小区未交 2025
卫生费 的单元（5 个） and listed every unit, though each had paid every month of 2025; and
``/unpaid 盐业小区 卫生费 2025-12`` listed all 58 households of an area that pays 卫生费 by
the year, each of which had paid 2025. Only a fee recorded for exactly the period asked
counted. Now a year of a monthly fee counts the months due (up to this month), and a month
of a yearly fee counts its year paid; the bot says which months each unit still owes."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, pid

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


def _street(tmp_path, fee: str) -> Repository:
    text = SMALL_STREET.replace("compounds: [c1]}", "compounds: [c1], fees: [" + fee + "]}")
    return Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())


@pytest.fixture
def monthly(tmp_path):
    r = _street(tmp_path, "{type: sanitation, per: household, amount_fen: 1000, period: month}")
    yield r
    r.close()


@pytest.fixture
def yearly(tmp_path):
    r = _street(tmp_path, "{type: sanitation, per: household, amount_fen: 12000, period: year}")
    yield r
    r.close()


def paid(repo: Repository, household: str, period: str, amount_fen: int) -> None:
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": amount_fen, "fee_type": "sanitation", "period": period,
        "household": household})
    repo.approve(fee.id, pid(repo, 102))


def at_month(repo: Repository, month: int) -> None:
    repo.clock.now = repo.clock.now.replace(month=month, day=20)  # type: ignore[attr-defined]


def test_a_year_of_a_monthly_fee_counts_the_months_due_paid(monthly):
    at_month(monthly, 3)
    for m in ("01", "02", "03"):
        paid(monthly, "c1/1/1/101", f"2025-{m}", 1000)  # every month due so far
    paid(monthly, "c1/1/1/102", "2025-01", 1000)  # March and February still owed
    paid(monthly, "c1/1/1/201", "2025", 12000)  # the whole year at once
    basis, unpaid = monthly.unpaid(pid(monthly, 101), "east", "sanitation", "2025")
    assert (basis, unpaid) == ("household", ["c1/1/1/102"])
    _, owed = monthly.unpaid_months(pid(monthly, 101), "east", "sanitation", "2025")
    assert owed == {"c1/1/1/102": ["2025-02", "2025-03"]}


def test_a_month_of_a_yearly_fee_counts_its_year_paid(yearly):
    paid(yearly, "c1/1/1/101", "2025", 12000)
    basis, unpaid = yearly.unpaid(pid(yearly, 101), "east", "sanitation", "2025-12")
    assert unpaid == ["c1/1/1/102", "c1/1/1/201"]


async def test_unpaid_this_year_of_a_monthly_fee_names_the_months_each_still_owes(monthly):
    at_month(monthly, 3)
    for m in ("01", "02", "03"):
        paid(monthly, "c1/1/1/101", f"2025-{m}", 1000)
    paid(monthly, "c1/1/1/102", "2025-01", 1000)
    async with BotHarness(monthly) as bot:
        listed = await bot.send(101, "/unpaid 卫生费 今年")
    text = listed[-1].text
    assert "东小区未交 2025 卫生费 的住户（2 户）" in text, text
    assert "东小区 1号楼 1单元：102（欠 2、3月）、201（欠 1—3月）" in text.splitlines(), text
    assert "卫生费按月收" in text


async def test_a_grid_worker_of_several_areas_gets_each_areas_list_without_naming_one(monthly):
    """/unpaid or /unpaid 卫生费 from a grid worker of two areas answered the usage alone
    (用法：/unpaid 费用 期间……先写小区名), on her phone on the way to the doors (walk172)."""
    monthly.grant(pid(monthly, 900), 101, "west", title="网格员")
    async with BotHarness(monthly) as bot:
        bare = await bot.send(101, "/unpaid")
        fee = await bot.send(101, "/unpaid 卫生费")
        unknown = await bot.send(101, "/unpaid 暖气费")
    heads = [c.text.split("\n")[0] for c in bare]
    assert heads == ["东小区未交 2025-01 卫生费 的住户（3 户）："], heads  # west: no schedule
    assert [c.text.split("\n")[0] for c in fee] == ["东小区未交 2025-01 卫生费 的住户（3 户）："]
    assert "用法" in unknown[-1].text
