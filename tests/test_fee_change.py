"""A fee's amount changed from a period on (``steward fees set``, ``db.fee_changes``):
earlier periods keep the amount that applied then (what a household owed and paid
for 2025 does not change when 2026's does); the change is recorded with who and when;
a change from a period someone has paid for already is refused; the bot's /pay, the
volunteers' check of an amount and the fees page use the amount of the period paid."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bot_harness import BotHarness
from conftest import StepClock, confirmed_resident, pid
from test_bot_ledger import SCHEDULED, paid
from typer.testing import CliRunner

from db import fees
from db.config import parse_street
from db.core import CHINA_TZ
from db.entries import Kind
from db.errors import DomainError, PermissionDenied
from db.repository import Repository
from steward_cli import app

HOME = "c1/1/1/101"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                        clock=StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TZ)))
    yield r
    r.close()


def sanitation(repo):
    return fees.schedule(repo.street, "east", "sanitation")


def test_a_fee_changed_from_a_year_keeps_the_amount_of_the_years_before(repo):
    paid(repo, period="2025")
    [record] = repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, "2026",
                               note="业主大会决定")
    assert record["from"] == "2026" and record["before_fen"] == 12000
    assert fees.usual_amount(sanitation(repo), "2025") == 12000
    assert fees.usual_amount(sanitation(repo), "2026") == 15000
    assert fees.usual_amount(sanitation(repo), "2030") == 15000
    # a volunteer checking a 2025 fee of ¥150 is told 2025's ¥120, a 2026 one nothing
    assert fees.unusual_amount(repo.street, "east", "sanitation", "2025", 15000) == 12000
    assert fees.unusual_amount(repo.street, "east", "sanitation", "2026", 15000) is None
    # and the fees page counts 2025's unpaid households at 2025's amount
    from site_builder.collect_money import MoneyCollector

    collector = MoneyCollector.__new__(MoneyCollector)
    collector.street, collector.repo, collector.redact = repo.street, repo, str
    collector.words = str  # a note as typed (its masking: test_fee_change_note_masked)
    [year] = collector.fees("east", repo.entries(kind=Kind.FEE_INCOME))
    assert year["standard"] == "¥120.00/户/年" and year["owed_fen"] == 2 * 12000
    [row] = [f for f in collector.fee_schedule("east") if f["fee_type"] == "sanitation"]
    assert row["said"] == "每户每年 ¥120.00（2025 年及以前）；2026 年起 ¥150.00"
    assert row["changes"][0]["note"] == "业主大会决定"


def test_the_change_is_kept_with_who_made_it_and_when_after_the_folder_is_opened_again(
        repo, tmp_path):
    repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, "2026年")
    repo.close()
    again = Repository.open(tmp_path / "data")
    try:
        [change] = again.fee_changes("east")
        assert change["fee_type"] == "sanitation" and change["amount_fen"] == 15000
        assert change["role"].startswith("物管会主任") and change["at"].startswith("2026-01-05")
        assert "person" not in change  # who, as the public may see it: a role
        assert fees.usual_amount(fees.schedule(again.street, "east", "sanitation"),
                                 "2026") == 15000
        assert again.verify()
    finally:
        again.close()


def test_a_change_from_a_period_someone_has_paid_for_is_refused(repo):
    paid(repo, period="2026")
    waiting = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2027",
        "household": "c1/1/1/102"})
    for since in ("2026", "2025"):
        with pytest.raises(DomainError) as err:
            repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, since)
        assert err.value.code == "fee_paid_from" and err.value.params["count"] == 2
    repo.reject(waiting.id, pid(repo, 102), "重复")
    repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, "2027")  # nobody paid 2027
    assert fees.usual_amount(sanitation(repo), "2026") == 12000
    assert repo.fee_changes("east")[0]["from"] == "2027"


@pytest.mark.parametrize(("args", "code"), [
    (("east", "water", 15000, "2026"), "bad_fee_type"),
    (("east", "property", 15000, "2026"), "fee_not_scheduled"),
    (("east", "maintenance", 15000, "2026"), "fee_no_period"),
    (("east", "sanitation", 15000, "2026-03"), "yearly_from_month"),
    (("east", "sanitation", 15000, "明年"), "bad_period"),
    (("east", "sanitation", 12000, "2026"), "same_amount"),
    (("east", "sanitation", 0, "2026"), "bad_number"),
    (("east", "sanitation", 150.5, "2026"), "bad_number"),
    (("east", "sanitation", 10**9, "2026"), "too_large"),
    (("west", "sanitation", 15000, "2026"), "volunteer_only"),
])
def test_a_change_that_cannot_be_is_refused_and_nothing_is_written(repo, args, code):
    with pytest.raises(DomainError) as err:
        repo.change_fee(pid(repo, 101), *args)
    assert err.value.code == code
    assert repo.fee_changes("east") == [] and sanitation(repo).changes == ()


def test_a_resident_cannot_change_a_fee(repo):
    resident = confirmed_resident(repo, 7001, HOME, 101)
    with pytest.raises(PermissionDenied):
        repo.change_fee(resident, "east", "sanitation", 15000, "2026")


def test_a_monthly_fee_changes_from_a_month_and_a_year_sums_its_months(repo):
    repo.change_fee(pid(repo, 101), "east", "parking", 4500, "2026-07")
    parking = fees.schedule(repo.street, "east", "parking")
    assert fees.usual_amount(parking, "2026-06") == 3000
    assert fees.usual_amount(parking, "2026-07") == 4500
    assert fees.usual_amount(parking, "2026") == 6 * 3000 + 6 * 4500
    repo.change_fee(pid(repo, 101), "east", "parking", 5000, "2027")  # its January
    assert repo.fee_changes("east")[-1]["from"] == "2027-01"


async def test_pay_offers_the_amount_of_the_period_chosen(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, "2026")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        calls = await bot.press(7001, "pay:per:2025")
        assert ("¥120.00（通常金额）", "pay:amt:12000") in calls[-1].buttons()
        await bot.press(7001, "pay:cancel")
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        calls = await bot.press(7001, "pay:per:2026")
        assert ("¥150.00（通常金额）", "pay:amt:15000") in calls[-1].buttons()
        calls = await bot.press(7001, "pay:amt:12000")  # the old amount: not offered now
        assert "收据" not in calls[-1].text
        # a volunteer's /income for 2025 offers 2025's amount
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:1")
        calls = await bot.press(101, "inc:per:2025")
        assert "inc:amt:12000" in [d for _, d in calls[-1].buttons()]


# -- the command ---------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path) -> Path:
    street = tmp_path / "street.yaml"
    street.write_text(SCHEDULED, encoding="utf-8")
    data = tmp_path / "data"
    result = runner.invoke(app, ["init", "--config", str(street), "--data", str(data),
                                 "--project", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    return data


def test_fees_set_writes_the_change_and_fees_show_lists_it(folder):
    result = runner.invoke(app, ["fees", "set", "东小区", "卫生费", "150", "--from", "2030",
                                 "--by", "甲志愿者", "--note", "业主大会决定", "--yes",
                                 "--data", str(folder)])
    assert result.exit_code == 0, result.output
    assert "从 2030 年起 ¥120.00 → ¥150.00" in result.output
    shown = runner.invoke(app, ["fees", "show", "east", "--data", str(folder)])
    assert "每户每年 ¥120.00（2029 年及以前）；2030 年起 ¥150.00" in shown.output
    assert "业主大会决定" in shown.output


def test_fees_show_says_each_line_in_chinese_and_english_like_the_rest_of_the_cli(folder):
    # Before, every fee line was Chinese only (卫生费（sanitation）：每户每年 ¥120.00) while
    # the CLI's other messages read 中文 / English.
    runner.invoke(app, ["fees", "set", "东小区", "卫生费", "150", "--from", "2030",
                        "--by", "甲志愿者", "--yes", "--data", str(folder)])
    shown = runner.invoke(app, ["fees", "show", "east", "--data", str(folder)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()[1:]
    assert lines and all(" / " in line for line in lines), shown.output
    assert ("卫生费（sanitation）：每户每年 ¥120.00（2029 年及以前）；2030 年起 ¥150.00 / "
            "Sanitation fee: ¥120.00 per household a year (before 2030); from 2030 ¥150.00"
            ) in shown.output
    assert "Sanitation fee from 2030: ¥120.00 → ¥150.00" in shown.output, shown.output


@pytest.mark.parametrize(("amount", "said"), [
    ("150.555", "最多两位小数"), ("1,500", "最多两位小数"), ("一百五", "最多两位小数"),
    ("15000分", "最多两位小数"), ("0", "必须大于零"), ("0.00", "must be above zero")])
def test_fees_set_refuses_an_amount_not_in_yuan_and_writes_nothing(folder, amount, said):
    result = runner.invoke(app, ["fees", "set", "east", "sanitation", amount, "--from", "2030",
                                 "--by", "101", "--yes", "--data", str(folder)])
    assert result.exit_code == 2 and said in result.output
    repo = Repository.open(folder)
    try:
        assert repo.fee_changes("east") == []
    finally:
        repo.close()


def test_fees_set_names_an_unknown_fee_and_what_there_is(folder):
    result = runner.invoke(app, ["fees", "set", "east", "水费", "150", "--from", "2030",
                                 "--by", "101", "--yes", "--data", str(folder)])
    assert result.exit_code == 2 and "没有“水费”这个收费项目" in result.output
    assert "卫生费（sanitation）" in result.output


def test_merge_street_after_a_fee_change_still_merges_and_says_how_to_change_an_amount(
        folder, tmp_path):
    runner.invoke(app, ["fees", "set", "east", "sanitation", "150", "--from", "2030",
                        "--by", "101", "--yes", "--data", str(folder)])
    same = tmp_path / "same.yaml"
    same.write_text(SCHEDULED, encoding="utf-8")
    result = runner.invoke(app, ["merge-street", str(same), "--yes", "--data", str(folder)])
    assert result.exit_code == 0 and "Nothing to merge" in result.output, result.output
    dearer = tmp_path / "dearer.yaml"
    dearer.write_text(SCHEDULED.replace("amount_fen: 12000", "amount_fen: 15000"),
                      encoding="utf-8")
    result = runner.invoke(app, ["merge-street", str(dearer), "--yes", "--data", str(folder)])
    assert result.exit_code == 1 and "steward fees set east" in result.output
