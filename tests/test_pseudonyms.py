"""Maker-checker in public: each volunteer acts under a pseudonym per area (their
title and a mark, 物管会主任甲), given when the role is granted, stable, never
given twice, on every ledger line; the list of pseudonyms is public, who they
are is not."""

from __future__ import annotations

import json

from conftest import pid

from db.entries import Kind
from db.repository import Repository


def expense(repo, tid=101, amount=5000):
    return repo.submit(pid(repo, tid), Kind.EXPENSE, "east", {
        "amount_fen": amount, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})


def test_volunteers_seeded_from_the_street_file_take_the_first_marks_of_their_area(repo):
    east = {p["pseudonym"] for p in repo.pseudonyms("east")}
    west = {p["pseudonym"] for p in repo.pseudonyms("west")}
    assert {"物管会主任甲", "物管会委员乙", "管理员丙"} == east
    assert {"网格员甲", "管理员乙"} == west


def test_every_ledger_line_shows_recorder_and_approver_pseudonyms_that_differ(repo):
    entry = expense(repo)
    repo.approve(entry.id, pid(repo, 102))
    line = repo.ledger("east")[-1]
    assert (line["recorded_by"], line["approved_by"]) == ("物管会主任甲", "物管会委员乙")


def test_two_volunteers_with_one_title_read_apart_on_a_line(repo):
    admin = pid(repo, 900)
    repo.grant(admin, 201, "west", "网格员")
    entry = repo.submit(pid(repo, 103), Kind.EXPENSE, "west", {
        "amount_fen": 100, "payee": "保洁", "purpose": "清运", "category": "cleaning"})
    repo.approve(entry.id, pid(repo, 201))
    line = repo.ledger("west")[-1]
    assert (line["recorded_by"], line["approved_by"]) == ("网格员甲", "网格员丙")


def test_a_mark_stays_with_its_volunteer_after_revoke_and_is_never_given_again(repo):
    admin = pid(repo, 900)
    repo.grant(admin, 301, "east", "网格员")
    repo.revoke(admin, 301, "east")
    repo.grant(admin, 302, "east", "网格员")
    again = repo.grant(admin, 301, "east", "楼长")
    marks = {(p["pseudonym"], p["until"] is None) for p in repo.pseudonyms("east")}
    assert ("楼长丁", True) in marks and ("网格员戊", True) in marks
    assert [r["mark"] for r in again["roles"] if r["role"] == "volunteer"] == ["丁"]


def test_the_public_list_names_no_person(repo):
    listed = json.dumps(repo.pseudonyms(), ensure_ascii=False)
    for person in repo.people():
        assert str(person["telegram_id"]) not in listed
        if person.get("name"):
            assert person["name"] not in listed
    assert set(repo.pseudonyms()[0]) == {"area", "pseudonym", "title", "mark", "since", "until"}


def test_a_data_folder_from_before_pseudonyms_gets_them_when_opened(tmp_path, repo):
    entry = expense(repo)
    repo.approve(entry.id, pid(repo, 102))
    old_line = repo.ledger("east")[-1]
    with repo.store.transaction() as tx:  # as it was before marks existed
        for person in repo.people():
            for role in person["roles"]:
                role.pop("mark", None)
                role.pop("marks", None)
            tx.put("people", "people", person["id"], person)
        tx.remove("people", "marks", 1)
    root = repo.store.root
    repo.close()
    reopened = Repository.open(root)
    try:
        assert {p["pseudonym"] for p in reopened.pseudonyms("east")} >= {"物管会主任甲",
                                                                         "物管会委员乙"}
        assert reopened.ledger("east")[-1] == old_line  # published lines stay as they were
        assert reopened.verify()
    finally:
        reopened.close()
