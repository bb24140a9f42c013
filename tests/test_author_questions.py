"""A volunteer's question to the author of a waiting entry and her answer are kept on
the entry (db.author_questions): only a volunteer of its area asks, only its author
answers, only while it waits, each once; never on the public site; her answer goes
when she is forgotten, and /mydata's export has both."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid
from robust_support import public_text

from db.author_questions import MAX_ASKED, asked_of
from db.entries import MAX_TEXT, Kind, Status
from db.errors import DomainError, PermissionDenied


def _report(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "楼道灯坏了"})
    return author, entry


def test_a_question_and_its_answer_are_kept_on_the_waiting_entry(repo):
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元的楼道？")
    assert repo.author_question(entry.id, author)["question"] == "哪个单元的楼道？"
    repo.answer_author(entry.id, author, 1, "3单元，二楼到三楼之间")
    [kept] = asked_of(repo.entry(entry.id))
    assert kept["question"] == "哪个单元的楼道？" and kept["answer"] == "3单元，二楼到三楼之间"
    assert kept["by"] == pid(repo, 101) and kept["role"] and kept["answered"]
    assert repo.entry(entry.id).status == Status.PENDING


def test_a_question_asked_or_answered_twice_is_kept_once(repo):
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元的楼道？")
    for asker in (101, 102):  # asked again, by her or another volunteer: refused, kept once
        with pytest.raises(DomainError) as err:
            repo.ask_author(entry.id, pid(repo, asker), "哪个单元的楼道？")
        assert err.value.code == "asked_already" and err.value.params["n"] == 1
        assert err.value.params["at"] == asked_of(repo.entry(entry.id))[0]["at"]
    assert len(asked_of(repo.entry(entry.id))) == 1
    for _ in range(2):  # a message redelivered
        repo.answer_author(entry.id, author, 1, "3单元")
    with pytest.raises(DomainError) as err:
        repo.answer_author(entry.id, author, 1, "4单元")
    assert err.value.code == "already_answered"
    with pytest.raises(DomainError) as err:  # her 回答 pressed again: nothing to answer
        repo.author_question(entry.id, author, 1)
    assert err.value.code == "already_answered"
    assert asked_of(repo.entry(entry.id))[0]["answer"] == "3单元"


def test_there_is_nothing_to_answer_when_nobody_asked(repo):
    author, entry = _report(repo)
    for call in (lambda: repo.author_question(entry.id, author),
                 lambda: repo.author_question(entry.id, author, 1),
                 lambda: repo.answer_author(entry.id, author, None, "3单元")):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "no_question"
    assert asked_of(repo.entry(entry.id)) == []


def test_only_a_volunteer_of_its_area_asks_and_only_its_author_answers(repo):
    author, entry = _report(repo)
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    for asker in (neighbour, author, pid(repo, 103)):  # a resident, the author, west's
        with pytest.raises(DomainError):
            repo.ask_author(entry.id, asker, "哪个单元？")
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元？")
    for other in (neighbour, pid(repo, 101)):
        with pytest.raises(PermissionDenied):
            repo.answer_author(entry.id, other, 1, "3单元")
        with pytest.raises(PermissionDenied):
            repo.author_question(entry.id, other, 1)
    assert "answer" not in asked_of(repo.entry(entry.id))[0]


def test_a_volunteer_does_not_ask_herself(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    with pytest.raises(DomainError) as err:
        repo.ask_author(spent.id, pid(repo, 101), "收据呢？")
    assert err.value.code == "own_entry"


def test_nothing_is_asked_or_answered_once_the_entry_is_decided(repo):
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元？")
    repo.approve(entry.id, pid(repo, 102))
    for call in (lambda: repo.ask_author(entry.id, pid(repo, 101), "几楼？"),
                 lambda: repo.author_question(entry.id, author, 1),
                 lambda: repo.answer_author(entry.id, author, 1, "3单元")):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "not_waiting"


def test_questions_and_answers_are_bounded(repo):
    author, entry = _report(repo)
    for words in ("", "   ", None, "问" * (MAX_TEXT + 1)):
        with pytest.raises(DomainError):
            repo.ask_author(entry.id, pid(repo, 101), words)
    for n in range(MAX_ASKED):
        repo.ask_author(entry.id, pid(repo, 101), f"第{n}个问题？")
    with pytest.raises(DomainError) as err:
        repo.ask_author(entry.id, pid(repo, 101), "还有一个？")
    assert err.value.code == "too_many_questions"
    for words in ("", "答" * (MAX_TEXT + 1)):
        with pytest.raises(DomainError):
            repo.answer_author(entry.id, author, 1, words)
    assert len(asked_of(repo.entry(entry.id))) == MAX_ASKED


def test_neither_the_question_nor_the_answer_reaches_the_public_site(repo):
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "您家是几单元几号？")
    repo.answer_author(entry.id, author, 1, "三单元五楼东户找我")
    repo.approve(entry.id, pid(repo, 102))
    site = public_text(repo)
    assert "楼道灯坏了" in site  # the report is public
    assert "您家是几单元几号" not in site and "三单元五楼东户找我" not in site


def test_her_export_has_both_the_volunteer_by_role_and_forgetting_drops_her_answer(repo):
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元的楼道？")
    repo.answer_author(entry.id, author, 1, "3单元，我家门口")
    repo.approve(entry.id, pid(repo, 102))
    [doc] = [d for d in repo.export_person(author)["entries"] if d["id"] == entry.id]
    [kept] = doc["data"]["asked"]
    assert kept["question"] == "哪个单元的楼道？" and kept["answer"] == "3单元，我家门口"
    assert kept["by"] is None and kept["role"]  # the volunteer by role only
    repo.forget(author)
    [kept] = asked_of(repo.entry(entry.id))
    assert "answer" not in kept and kept["question"] == "哪个单元的楼道？"


def test_a_forgotten_neighbours_name_is_masked_in_a_question_and_an_answer(repo):
    from db.redact import NAME_MASK

    repo.ensure_person(5002, name="王秀兰")  # as Telegram gives it, at first contact
    neighbour = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    author, entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "是王秀兰家门口吗？")
    repo.answer_author(entry.id, author, 1, "对，王秀兰家门口")
    repo.forget(neighbour)
    [kept] = asked_of(repo.entry(entry.id))
    assert kept["question"] == f"是{NAME_MASK}家门口吗？"
    assert kept["answer"] == f"对，{NAME_MASK}家门口"
