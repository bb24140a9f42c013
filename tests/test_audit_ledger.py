"""`steward verify` holds every line against the entry it was made from: it
catches lines cut off the end, a field rewritten with the chain computed
again, and a number re-used, naming the area and the line; lines of the
older format still verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import confirmed_resident, pid, reseal
from typer.testing import CliRunner

from db import lines as line_rules
from db.entries import Kind
from db.errors import IntegrityError
from db.ledger import line_hash
from db.repository import Repository
from steward_cli import app

HOUSEHOLDS = ["c1/1/1/101", "c1/1/1/102", "c1/1/1/201"]


def book(repo) -> None:
    """Five lines in east: three fees, an expense with a receipt, its reversal."""
    for n, home in enumerate(HOUSEHOLDS):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 12000 + n, "fee_type": "sanitation", "period": "2025",
            "household": home})
        repo.approve(fee.id, pid(repo, 102))
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting",
        "receipt": "2025/ab/abcdef0123456789.jpg"})
    repo.approve(spent.id, pid(repo, 102))
    rev = repo.reverse("east", 4, pid(repo, 102), "金额记错了")
    repo.approve(rev.id, pid(repo, 101))


@pytest.fixture
def booked(repo) -> Path:
    book(repo)
    assert len(repo.ledger("east")) == 5 and repo.verify()
    root = repo.store.root
    repo.close()
    return root


def ledger_file(root: Path) -> Path:
    return next(root.glob("areas/east/ledger-*.json"))


def rewrite(root: Path, change) -> None:
    """Change the stored lines with ``change(lines by seq)``, then compute the chain
    again from the first line, as someone who knows how would."""
    path = ledger_file(root)
    data = json.loads(path.read_text("utf-8"))
    lines = {int(k): v for k, v in data["ledger"].items()}
    change(lines)
    prev = "0" * 64
    for seq in sorted(lines):
        lines[seq]["prev"] = prev
        lines[seq]["hash"] = prev = line_hash(lines[seq])
    data["ledger"] = {str(k): v for k, v in lines.items()}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    reseal(root)  # and the manifest's checksums too


def verify_fails(root: Path) -> IntegrityError:
    repo = Repository.open(root)
    try:
        with pytest.raises(IntegrityError) as err:
            repo.verify()
        return err.value
    finally:
        repo.close()


def test_an_untouched_ledger_verifies_line_by_line(booked):
    repo = Repository.open(booked)
    try:
        head, none = repo.ledger("east")[-1]["hash"], "0" * 64
        assert repo.verify() == [f"东小区（east）：5 笔，链头 {head} / east: 5 lines, head {head}",
                                 f"西小区（west）：0 笔，链头 {none} / west: 0 lines, head {none}"]
    finally:
        repo.close()


def test_deleting_the_last_line_is_caught(booked):
    rewrite(booked, lambda lines: lines.pop(5))
    err = verify_fails(booked)
    assert "area east, ledger line 5" in str(err) and "missing" in str(err)


def test_deleting_the_last_lines_is_caught(booked):
    rewrite(booked, lambda lines: [lines.pop(n) for n in (3, 4, 5)])
    assert "area east, ledger line 3" in str(verify_fails(booked))


@pytest.mark.parametrize("field,value,seq", [
    ("payee", "我表弟的公司", 4),
    ("purpose", "灯泡和电线", 4),
    ("date", "2024-12-31", 2),
    ("category", "repair", 4),
    ("receipt", "2025/cd/cdef012345678901.jpg", 4),
    ("recorded_by", "物管会委员乙", 1),
    ("household_ref", "东小区 1号楼 2单元", 3),
    ("note", "另行缴费：多收的", 1),
    ("issue", 99, 4),  # an expense said to have paid for a report it did not name
    ("replaces", 2, 4),  # a line said to replace a line its entry did not name
])
def test_a_rewritten_field_is_caught_although_the_chain_was_computed_again(booked, field,
                                                                          value, seq):
    before = {}
    rewrite(booked, lambda lines: (before.update(lines[seq]), lines[seq].update({field: value})))
    err = verify_fails(booked)
    assert f"area east, ledger line {seq}: {field}" in str(err)
    # what steward verify says of it is read from these, not out of the English text
    assert err.code == "chain_field"
    assert (err.params["field"], err.params["now"], err.params["was"]) == \
        (field, value, before[field])


def test_a_field_no_line_has_is_caught(booked):
    rewrite(booked, lambda lines: lines[2].update({"bonus": 1}))
    assert "area east, ledger line 2: fields no line has" in str(verify_fails(booked))


def test_a_line_that_no_entry_made_is_caught(booked):
    def forge(lines):
        lines[6] = dict(lines[5], seq=6, entry=999, amount_fen=100)
    rewrite(booked, forge)
    assert "area east, ledger line 6: no approved entry has this line" in \
        str(verify_fails(booked))


def test_a_lost_line_number_is_not_given_again(booked):
    rewrite(booked, lambda lines: lines.pop(5))
    repo = Repository.open(booked)
    try:
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 100, "fee_type": "parking", "period": "2025-05"})
        with pytest.raises(IntegrityError, match="refers to ledger line 5"):
            repo.approve(fee.id, pid(repo, 102))
        assert len(repo.ledger("east")) == 4
    finally:
        repo.close()


def test_a_number_claimed_by_two_entries_is_caught(booked):
    path = next(booked.glob("areas/east/entries-*.json"))
    data = json.loads(path.read_text("utf-8"))
    fees = [d for d in data["entries"].values() if d["kind"] == "fee_income"]
    fees[2]["data"]["ledger_seq"] = 2  # the third fee says it is line 2 too
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    reseal(booked)
    err = verify_fails(booked)
    assert "area east, ledger line 2" in str(err) and "re-used" in str(err)


def test_steward_verify_exits_1_naming_the_area_and_line(booked):
    rewrite(booked, lambda lines: lines[4].update({"payee": "我表弟的公司"}))
    result = CliRunner().invoke(app, ["verify", "--data", str(booked)])
    assert result.exit_code == 1
    assert "area east, ledger line 4: payee" in result.output


def test_lines_of_the_first_format_still_verify_beside_new_ones(repo, monkeypatch):
    import db.accounts
    import db.ledger

    def first(entry, **kw):  # as lines were made then: published when read from the clock
        return {**line_rules.line_fields(entry, line_format=1, **kw), "published_at": kw["at"]}

    monkeypatch.setattr(db.accounts, "line_fields", first)
    monkeypatch.setattr(db.ledger, "LINE_FIELDS", tuple(
        k for k in db.ledger.LINE_FIELDS if k not in ("note", "format")))
    book(repo)
    old = repo.ledger("east")
    assert all("format" not in line for line in old)
    assert old[-1]["purpose"] == "冲正 #4: 金额记错了"  # as lines said then
    monkeypatch.undo()
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 300, "fee_type": "parking", "period": "2025-06"})
    repo.approve(fee.id, pid(repo, 102))
    assert repo.ledger("east")[-1]["format"] == line_rules.LINE_FORMAT
    assert repo.verify()


def test_a_line_removed_and_the_rest_renumbered_is_named_where_it_was_removed(booked):
    # The demo's 化粪池清掏 (line 61 of 79) deleted and lines 62-79 renumbered: verify
    # said "ledger line 79: … is missing", the end, not where the line was taken out.
    def remove_second(lines):
        del lines[2]
        for seq in range(3, 6):
            lines[seq - 1] = dict(lines.pop(seq), seq=seq - 1)
    rewrite(booked, remove_second)
    err = str(verify_fails(booked))
    assert "area east, ledger line 2:" in err, err
    assert "line 3" in err and "renumbered" in err, err


def _spent(repo, purpose: str, payee: str) -> None:
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 3000, "payee": payee, "purpose": purpose, "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


def test_a_room_typed_into_a_ledger_line_is_masked_before_it_is_chained_and_still_verifies(repo):
    _spent(repo, "给2单元502修水管，垫付100元", "101室")
    [line] = repo.ledger("east")
    assert line["purpose"] == "给2单元[房号已隐藏]修水管，垫付100元"  # the amount stays
    assert line["payee"] == "[房号已隐藏]" and line["format"] >= 3
    [entry] = repo.entries(kind=Kind.EXPENSE)
    assert entry.data["purpose"] == "给2单元502修水管，垫付100元"  # as typed, for volunteers
    assert repo.verify()


def test_lines_of_format_2_keep_their_rooms_and_verify_beside_format_3(repo, monkeypatch):
    import db.accounts

    def second(entry, **kw):  # as lines were made before rooms were masked in them
        return line_rules.line_fields(entry, **{**kw, "line_format": 2})

    monkeypatch.setattr(db.accounts, "line_fields", second)
    _spent(repo, "3号楼301室换锁", "锁匠")
    monkeypatch.undo()
    _spent(repo, "3号楼301室换锁", "锁匠")
    old, new = repo.ledger("east")
    assert (old["format"], old["purpose"]) == (2, "3号楼301室换锁")
    assert (new["format"], new["purpose"]) == (line_rules.LINE_FORMAT, "3号楼[房号已隐藏]换锁")
    assert repo.verify()


def test_lines_of_format_3_without_a_report_verify_beside_lines_naming_one(repo, monkeypatch):
    import db.accounts
    import db.ledger

    def third(entry, **kw):  # as lines were made before an expense named its report
        return line_rules.line_fields(entry, **{**kw, "line_format": 3})

    monkeypatch.setattr(db.accounts, "line_fields", third)
    monkeypatch.setattr(db.ledger, "LINE_FIELDS", tuple(
        k for k in db.ledger.LINE_FIELDS if k != "issue"))
    _spent(repo, "换锁", "锁匠")
    rev = repo.reverse("east", 1, pid(repo, 102), "记错了")
    repo.approve(rev.id, pid(repo, 101))
    monkeypatch.undo()
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "safety", "text": "井盖坏了"})
    repo.approve(issue.id, pid(repo, 101))
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 4000, "payee": "五金店", "purpose": "换井盖", "category": "repair",
        "issue": issue.id})
    repo.approve(spent.id, pid(repo, 102))
    rev = repo.reverse("east", 3, pid(repo, 102), "重复了")
    repo.approve(rev.id, pid(repo, 101))
    old, old_rev, new, new_rev = repo.ledger("east")
    assert "issue" not in old and "issue" not in old_rev and old["format"] == 3
    assert new["issue"] == new_rev["issue"] == issue.id  # its reversal names it too
    assert new["format"] == new_rev["format"] == line_rules.LINE_FORMAT
    assert repo.verify()


def test_lines_of_format_4_without_replaces_verify_beside_a_line_replacing_one(repo,
                                                                                monkeypatch):
    import db.accounts
    import db.ledger

    def fourth(entry, **kw):  # as lines were made before a line named the one it replaces
        return line_rules.line_fields(entry, **{**kw, "line_format": 4})

    monkeypatch.setattr(db.accounts, "line_fields", fourth)
    monkeypatch.setattr(db.ledger, "LINE_FIELDS", tuple(
        k for k in db.ledger.LINE_FIELDS if k != "replaces"))
    _spent(repo, "路灯", "电工")
    rev = repo.reverse("east", 1, pid(repo, 102), "金额记错了")
    repo.approve(rev.id, pid(repo, 101))
    monkeypatch.undo()
    right = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 1800, "payee": "电工", "purpose": "路灯", "category": "repair",
        "replaces": 1})
    repo.approve(right.id, pid(repo, 102))
    old, old_rev, new = repo.ledger("east")
    assert "replaces" not in old and "replaces" not in old_rev and old["format"] == 4
    assert new["replaces"] == 1 and new["format"] == line_rules.LINE_FORMAT == 5
    assert repo.verify()
