"""A Telegram id in the words of a ledger line chained before ids were refused there
(23fbe3e1), or before its person registered, or of a person since forgotten: the line is
chained as it was made and ``ledger.json`` must carry it so (``steward verify``), but the
accounts pages, the readable accounts CSV, the search index, the feed, ``ledger.csv`` and
the paper notice showed it as typed ("电工 7000123"). They mask it now, at render time;
the chain and ``ledger.json`` are as they were."""

from __future__ import annotations

import json

from conftest import confirmed_resident, pid

from db.entries import Kind
from db.redact import ACCOUNT_MASK
from site_builder.collect import collect
from site_builder.exports import downloads
from site_builder.render import render

ID = "7000123"


def _line_naming_an_id_not_known_then(repo) -> int:  # type: ignore[no-untyped-def]
    """An expense whose payee holds ``ID`` typed before its person registered (nothing
    refused it then), published; returns its entry's id."""
    expense = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": f"电工 {ID}", "purpose": f"换灯泡，找{ID}报销",
        "category": "lighting"})
    repo.approve(expense.id, pid(repo, 102))
    return expense.id


def _public(repo):  # type: ignore[no-untyped-def]
    with repo.store.lock:
        data = collect(repo)
        files = render(data)
    files.update(downloads(data))
    return data, files


def _check(data, files) -> None:  # type: ignore[no-untyped-def]
    east = next(a for a in data["areas"] if a["id"] == "east")
    assert any(ID in str(x.get("payee")) for x in east["raw_lines"])  # the chain: as made
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        if path == "downloads/east/ledger.json":
            assert ID in text, path  # chained as made, verifiable
            continue
        assert ID not in text, path
    accounts = files["downloads/east/ledger.csv"].decode()
    assert f"电工 {ACCOUNT_MASK}" in accounts
    page = files["areas/east/accounts.md"].decode()
    assert ACCOUNT_MASK in page


def test_an_id_in_a_line_made_before_its_person_registered_is_masked_where_shown(repo):
    _line_naming_an_id_not_known_then(repo)
    repo.ensure_person(int(ID), name="罗小燕")
    confirmed_resident(repo, int(ID), "c1/1/1/101", 101)
    data, files = _public(repo)
    repo.close()
    _check(data, files)


def test_an_id_in_a_line_of_someone_forgotten_is_masked_where_shown(repo):
    _line_naming_an_id_not_known_then(repo)
    repo.ensure_person(int(ID), name="罗小燕")
    her = confirmed_resident(repo, int(ID), "c1/1/1/101", 101)
    repo.forget(her)
    data, files = _public(repo)
    repo.close()
    _check(data, files)


def test_an_id_in_a_line_is_masked_on_the_paper_notice(repo):
    from site_builder.notice import notice_for

    _line_naming_an_id_not_known_then(repo)
    repo.ensure_person(int(ID), name="罗小燕")
    her = confirmed_resident(repo, int(ID), "c1/1/1/101", 101)
    month = "2025-01"  # the test clock's
    shown = json.dumps(notice_for(repo, "east", month), ensure_ascii=False)
    assert ID not in shown and f"电工 {ACCOUNT_MASK}" in shown
    repo.forget(her)
    shown = json.dumps(notice_for(repo, "east", month), ensure_ascii=False)
    repo.close()
    assert ID not in shown and f"电工 {ACCOUNT_MASK}" in shown


def test_a_name_typed_as_html_references_is_masked_on_the_paper_notice(repo):
    """&#29579;秀兰 in a report: the site read the reference as 王 before masking (23fbe3e1)
    but the paper notice printed "&#29579;秀兰", which anyone reads back as the name."""
    from site_builder.notice import notice_for

    repo.ensure_person(7000001, name="王秀兰")
    author = confirmed_resident(repo, 7000001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "&#29579;秀兰家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    _line_naming_an_id_not_known_then(repo)  # a notice needs a line
    shown = json.dumps(notice_for(repo, "east", "2025-01"), ensure_ascii=False)
    repo.close()
    assert "秀兰" not in shown and "&#29579;" not in shown
    assert "[姓名已隐藏]家门口路灯坏了" in shown
