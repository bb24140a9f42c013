"""Names the store knows are masked in public text (db/redact.py ``NameMask``): the
notice promises the site never shows a resident's name, but a resident writes
"我是罗小燕" into a report, or names a neighbour, and a volunteer's progress note
names the household it visited. Every name of a person in the store (residents and
volunteers, as Telegram gave it, and its parts) becomes "[姓名已隐藏]" in the words
the site and the paper notice show, once collected."""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.redact import NAME_MASK, NameMask, person_names
from site_builder.collect import collect
from site_builder.notice import notice_for
from site_builder.render import render


def test_known_names_are_masked_wherever_they_stand_and_other_words_are_not():
    mask = NameMask(person_names([{"name": "罗小燕"}, {"name": "秀兰 王"},
                                  {"name": "Wang Wei"}, {"name": "A"}, {"name": ""}]))
    assert mask("我是罗小燕，门口路灯坏了") == f"我是{NAME_MASK}，门口路灯坏了"
    assert mask("王秀兰家漏水，秀兰说的") == f"{NAME_MASK}家漏水，{NAME_MASK}说的"
    assert mask("Call Wang Wei or wang wei") == f"Call {NAME_MASK} or {NAME_MASK}"
    assert mask("A栋路灯坏了，小区保洁") == "A栋路灯坏了，小区保洁"  # a one-letter name
    assert mask("") == "" and mask(None) == ""


def test_names_in_reports_notes_questions_and_notices_are_masked_on_the_site(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5001, name="罗小燕")  # as Telegram gives it, at first contact
    repo.ensure_person(5002, name="王秀兰")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "lighting", "text": "我是罗小燕，王秀兰家门口路灯坏了"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已去王秀兰家看过")
    repo.submit(volunteer, Kind.PROGRESS_NOTE, "east", {"issue": issue.id,
                                                        "text": "罗小燕说灯又灭了"})
    line = repo.ledger("east")[0]["seq"]
    question = repo.ask(neighbour, "east", "line", line, "王秀兰想问这笔钱给了谁")
    repo.approve(question.id, volunteer)
    money(repo, "east", 300)
    with repo.store.lock:
        files = render(collect(repo))
    april = notice_for(repo, "east", "2025-04")
    repo.close()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        assert "罗小燕" not in text and "王秀兰" not in text, path
    issues = files["areas/east/issues.md"].decode()
    assert f"我是{NAME_MASK}" in issues and f"已去{NAME_MASK}家看过" in issues
    assert NAME_MASK in files["areas/east/questions.md"].decode()
    assert "罗小燕" not in str(april) and NAME_MASK in str(april)
