"""A resident who deletes their personal data (/forget) withdraws the consent their
words were published on (PIPL arts. 15 and 47): at the next build the site no
longer shows the words and photos of their reports, opinions, questions and
corrections, nor does the paper notice downloaded from it. What the record needs
stays: each report's number, category, place and status, the volunteers' steps and
answers, signed by role."""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history
from test_site_helpers import photo_bytes

from db.entries import Kind
from db.media import MediaStore
from db.privacy import WITHHELD_ZH as WITHHELD
from site_builder.collect import collect
from site_builder.notice import notice_for
from site_builder.render import render

HOME = "c1/1/1/101"
NAME = "罗小燕"


def test_forgetting_takes_the_residents_words_and_photos_off_the_site(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer, checker = pid(repo, 101), pid(repo, 102)
    resident = confirmed_resident(repo, 5001, HOME, 101)
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    photo = MediaStore(repo.store.root).save_photo(photo_bytes("green"))
    issue = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "lighting", "text": f"2单元门口路灯坏了，我{NAME}晚上摔了一跤",
        "photos": [photo]})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已联系电工")
    opinion = repo.submit(resident, Kind.OPINION, "east", {"text": f"{NAME}建议公开保洁员工资"})
    repo.approve(opinion.id, volunteer)
    line = repo.ledger("east")[0]["seq"]
    question = repo.ask(resident, "east", "line", line, f"{NAME}想问这笔钱给了谁")
    repo.approve(question.id, volunteer)
    repo.answer_question(question.id, volunteer, "付给了保洁公司")
    fix = repo.correct(resident, issue.id, f"2单元门口路灯坏了（{NAME}）", "补充")
    repo.approve(fix.id, checker)
    other = repo.submit(neighbour, Kind.OPINION, "east", {"text": "楼道灯也该换了"})
    repo.approve(other.id, volunteer)
    money(repo, "east", 300)
    with repo.store.lock:
        before = render(collect(repo))
    assert any(NAME in body.decode("utf-8", "replace") for body in before.values())

    repo.forget(resident)
    with repo.store.lock:
        data = collect(repo)
    files = render(data)
    april = notice_for(repo, "east", "2025-04")
    repo.close()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        assert NAME not in text, path
        assert photo not in text, path
    assert NAME not in str(april)
    assert photo not in data["photos"]
    issues = files["areas/east/issues.md"].decode()
    shown = issues[issues.index(f'id="issue-{issue.id}"'):]
    assert WITHHELD in shown and "路灯照明" in shown and "已联系电工" in shown
    opinions = files["areas/east/opinions.md"].decode()
    assert WITHHELD in opinions and "楼道灯也该换了" in opinions  # a neighbour's stays
    questions = files["areas/east/questions.md"].decode()
    assert WITHHELD in questions and "付给了保洁公司" in questions
    assert [i["text"] for i in april["issues"]] == [WITHHELD]


def test_forgetting_masks_their_name_in_a_neighbours_report_and_a_volunteers_step(tmp_path):
    """The site masks the names the store knows; once hers is deleted it no longer
    knows to mask it where a neighbour or a volunteer wrote it. Forgetting her replaces
    it in those entries themselves."""
    from db.redact import NAME_MASK

    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5001, name=NAME)
    resident = confirmed_resident(repo, 5001, HOME, 101)
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    issue = repo.submit(neighbour, Kind.ISSUE, "east", {
        "category": "lighting", "text": f"{NAME}家门口的路灯坏了"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", f"已去{NAME}家看过")
    repo.forget(resident)
    kept = repo.entry(issue.id)
    assert kept.data["text"] == f"{NAME_MASK}家门口的路灯坏了" and not kept.data.get("withheld")
    assert kept.history[-1]["note"] == f"已去{NAME_MASK}家看过"
    with repo.store.lock:
        files = render(collect(repo))
    repo.close()
    for path, body in files.items():
        assert NAME not in body.decode("utf-8", "replace"), path
    assert f"{NAME_MASK}家门口的路灯坏了" in files["areas/east/issues.md"].decode()


def test_someone_forgotten_before_entries_were_marked_has_their_words_withheld_too(
        tmp_path, monkeypatch):
    """A store where a resident was forgotten by an earlier Steward (their entries not
    marked): the site withholds their own words all the same, by their author."""
    import db.withheld

    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    resident = confirmed_resident(repo, 5001, HOME, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": f"我是{NAME}，路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 300)
    with monkeypatch.context() as old:  # as forgetting was: nothing marked
        old.setattr(db.withheld, "WITHHOLDABLE", frozenset())
        repo.forget(resident)
    assert not repo.entry(issue.id).data.get("withheld")
    with repo.store.lock:
        files = render(collect(repo))
    april = notice_for(repo, "east", "2025-04")
    repo.close()
    for path, body in files.items():
        assert NAME not in body.decode("utf-8", "replace"), path
    assert WITHHELD in files["areas/east/issues.md"].decode()
    assert [i["text"] for i in april["issues"]] == [WITHHELD]
