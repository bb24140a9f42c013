"""The one redaction (db/redact.py): what it masks, that ledger lines are redacted
before they are chained (so the downloads still verify), that pages, feed, CSV,
JSON and Open311 carry the same redacted text while the volunteers keep what was
typed, and the CSV formula neutraliser."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db import ledger as ledger_rules
from db.config import parse_street
from db.entries import Kind
from db.exports import ledger_csv
from db.redact import ID_MASK, NUMBER_MASK, PHONE_MASK, csv_cell, public_line, redact, redactor
from db.repository import Repository
from site_builder.collect import collect
from site_builder.render import render

MOBILE = "13912345678"
LANDLINE = "0358-7654321"
ID_NUMBER = "14112319800101123X"
DOOR_CODE = "8806-4421"


@pytest.mark.parametrize("typed", [
    "13912345678", "139 1234 5678", "139-1234-5678", "+86 139 1234 5678", "8613912345678",
    "１３９１２３４５６７８", "电话13912345678谢谢",
])
def test_mobile_numbers_are_masked_however_they_are_typed(typed):
    out = redact(f"联系 {typed} 李师傅")
    assert PHONE_MASK in out
    assert not any(ch.isdigit() for ch in out)


@pytest.mark.parametrize("typed", ["0358-7654321", "03587654321", "010-12345678",
                                   "(0358)7654321", "（0358）7654321", "0358 7654321",
                                   "0358-7654321转12"])
def test_landlines_with_their_area_code_are_masked(typed):
    out = redact(f"物业电话{typed}。")
    assert out == f"物业电话{PHONE_MASK}。"


@pytest.mark.parametrize("typed", ["14112319800101123X", "14112319800101123x",
                                   "141123198001011234", "141123800101123"])
def test_id_numbers_are_masked(typed):
    assert redact(f"身份证{typed}号") == f"身份证{ID_MASK}号"


@pytest.mark.parametrize("kept", [
    "合计 13,500 元", "2025-03-01", "第 12 笔", "a13912345678b",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "2025年上半年",
    "1号楼2单元301", "卫生费 120.50",
])
def test_amounts_dates_hashes_and_places_are_left_alone(kept):
    assert redact(kept) == kept


def test_numbers_the_street_lists_are_masked_with_any_separators():
    clean = redactor({"redact_numbers": [DOOR_CODE, "6222 0202 0000 1234"]})
    assert clean("门禁密码 88064421，卡号 6222020200001234") == \
        f"门禁密码 {NUMBER_MASK}，卡号 {NUMBER_MASK}"
    assert clean("门禁 8806 4421") == f"门禁 {NUMBER_MASK}"
    assert clean("门禁 88064422") == "门禁 88064422"  # another number
    assert redactor({}) is redactor(None)


def test_a_ledger_line_is_redacted_and_public_to_the_day_before_it_is_chained():
    fields = {"purpose": f"维修 {LANDLINE}", "payee": f"电工李师傅 {MOBILE}",
              "period": "2025", "published_at": "2025-03-01T10:11:12+08:00", "amount_fen": -5}
    line = public_line(fields, {})
    assert line["payee"] == f"电工李师傅 {PHONE_MASK}" and line["purpose"] == f"维修 {PHONE_MASK}"
    assert line["published_at"] == "2025-03-01"
    assert fields["payee"].endswith(MOBILE)  # the caller's dict is not changed


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"点\")", "+1", "-2", "@SUM(A1)",
                                  "\tx", "\rx", "＝1+1"])
def test_csv_cells_that_start_a_formula_are_neutralised(cell):
    assert csv_cell(cell) == "'" + cell


def test_csv_numbers_and_plain_text_stay_as_they_are():
    assert csv_cell(-35000) == -35000 and csv_cell("路灯材料") == "路灯材料"
    assert csv_cell(None) is None


# -- through the repository and the site ------------------------------------------------

STREET_WITH_LIST = SMALL_STREET.replace(
    "admins: [900]", f"admins: [900]\nsettings: {{redact_numbers: [\"{DOOR_CODE}\"]}}")


@pytest.fixture
def street(tmp_path, monkeypatch):
    # lines recorded before a phone or ID number in their words was refused
    # (db.private_words): the chain's redaction still masks them, as they were made
    monkeypatch.setattr("db.ledger_names.private_words", lambda text: None)
    repo = Repository.init(tmp_path / "data", parse_street(STREET_WITH_LIST), clock=StepClock())
    v1, v2 = pid(repo, 101), pid(repo, 102)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "lighting", "text": f"路灯坏了，物业电话 {LANDLINE}，门禁 {DOOR_CODE}"})
    repo.approve(issue.id, v1)
    repo.issue_step(issue.id, v2, "in_progress", f"已联系电工 {MOBILE}")
    expense = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 20000, "category": "repair", "payee": f"电工李师傅 {MOBILE}",
        "purpose": f"修路灯（身份证 {ID_NUMBER} 开票）"})
    repo.approve(expense.id, v2)
    fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": f"=HYPERLINK(\"x\") {MOBILE}",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, v2)
    yield repo, issue.id, expense.id
    repo.close()


def test_the_ledger_keeps_redacted_text_that_verifies_and_the_entry_keeps_what_was_typed(
        street):
    repo, _issue, expense_id = street
    lines = repo.ledger("east")
    ledger_rules.verify_chain("east", lines)
    repo.verify()
    expense_line = next(x for x in lines if x["entry"] == expense_id)
    assert expense_line["payee"] == f"电工李师傅 {PHONE_MASK}"
    assert ID_MASK in expense_line["purpose"] and ID_NUMBER not in expense_line["purpose"]
    assert all(len(x["published_at"]) == 10 for x in lines)  # to the day
    entry = repo.entry(expense_id)
    assert entry.data["payee"] == f"电工李师傅 {MOBILE}"  # private, for the volunteers


def test_pages_feed_downloads_and_open311_carry_the_same_redacted_text(street):
    repo, issue_id, _expense = street
    with repo.store.lock:
        data = collect(repo)
    files = render(data)
    everything = {path: body.decode("utf-8") for path, body in files.items()}
    assert len(everything) > 10
    for path, text in everything.items():
        for secret in (MOBILE, "7654321", "88064421", DOOR_CODE, ID_NUMBER):
            assert secret not in text, f"{secret} in {path}"
    assert PHONE_MASK in everything["downloads/east/ledger.csv"]
    doc = json.loads(everything["downloads/east/ledger.json"])
    assert ledger_rules.verify_chain("east", doc["lines"]) == doc["head"]
    [request] = [r for r in json.loads(everything["downloads/open311/requests.json"])
                 if r["service_request_id"] == f"east-{issue_id}"]
    assert request["description"] == f"路灯坏了，物业电话 {PHONE_MASK}，门禁 {NUMBER_MASK}"
    assert PHONE_MASK in request["status_notes"]
    assert "[电话已隐藏]" in everything["feed.xml"]
    assert "电话已隐藏" in everything["areas/east/issues.md"]
    assert "电话已隐藏" in everything["areas/east/accounts.md"]


def test_the_csv_download_neutralises_a_formula_typed_into_a_fee_period(street):
    repo, _issue, _expense = street
    rows = list(csv.DictReader(io.StringIO(ledger_csv(repo.ledger("east")))))
    fee = next(r for r in rows if r["kind"] == "income")
    assert fee["period"] == f"'=HYPERLINK(\"x\") {PHONE_MASK}"
    expense = next(r for r in rows if r["kind"] == "expense")
    assert expense["amount_fen"] == "-20000"  # a negative amount stays a number
