"""A volunteer hides words (the name of someone the street does not know) from the
public reading of an entry (db.hidden_names): kept once on the entry, bounded, only
words that stand in its text, only by a volunteer of its area; masked wherever the
public reads the entry: the site's collected data (pages, search, feeds, downloads),
the paper notice's rows, and what the bot shows neighbours (db.public_words)."""

from __future__ import annotations

import json

import pytest
from conftest import confirmed_resident, pid
from robust_support import public_text

from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.hidden_names import MAX_HIDDEN, MAX_WORD, hidden_of, hide_in
from db.public_words import public_words
from db.redact import NAME_MASK

TEXT = "李建国把垃圾堆在楼道，请联系王大明"


def _report(repo, text=TEXT):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "sanitation", "text": text})
    return author, entry


def test_the_words_hidden_are_kept_on_the_entry_once_and_its_text_as_typed(repo):
    _, entry = _report(repo)
    for _ in range(2):  # a press redelivered
        repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    kept = repo.entry(entry.id)
    assert hidden_of(kept) == ["李建国"] and kept.data["text"] == TEXT
    [word] = kept.data["hidden"]
    assert word["by"] == pid(repo, 101) and word["role"] and word["at"]
    repo.hide_words(entry.id, pid(repo, 102), ["  王大明 ", "李建国"])  # one more added
    assert hidden_of(repo.entry(entry.id)) == ["李建国", "王大明"]
    assert repo.entry(entry.id).status == Status.PENDING


def test_a_word_not_in_the_text_too_short_too_long_or_too_many_is_refused(repo):
    _, entry = _report(repo, TEXT + "".join(f"，住户{c}{c}家" for c in "甲乙丙丁戊己庚辛壬癸"))
    cases = {"word_not_in_text": ["张三丰"], "word_too_short": ["李"],
             "word_too_long": ["李" * (MAX_WORD + 1)], "no_words": ["  "],
             "bad_words": "李建国"}
    for code, words in cases.items():
        with pytest.raises(DomainError) as err:
            repo.hide_words(entry.id, pid(repo, 101), words)
        assert err.value.code == code, code
    many = [f"住户{c}{c}" for c in "甲乙丙丁戊己庚辛壬癸"]
    assert len(many) == MAX_HIDDEN
    repo.hide_words(entry.id, pid(repo, 101), many)
    with pytest.raises(DomainError) as err:
        repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    assert err.value.code == "too_many_words"
    assert hidden_of(repo.entry(entry.id)) == many  # nothing of a refused word kept


def test_only_a_volunteer_of_its_area_hides_words_of_an_entry_with_public_words(repo):
    author, entry = _report(repo)
    for who in (author, pid(repo, 103)):  # its author, another area's volunteer
        with pytest.raises(PermissionDenied):
            repo.hide_words(entry.id, who, ["李建国"])
    repo.reject(entry.id, pid(repo, 101), "重复")
    with pytest.raises(DomainError) as err:  # rejected: shown to nobody
        repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    assert err.value.code == "not_shown"
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "李建国五金店", "purpose": "螺丝", "category": "repair"})
    with pytest.raises(DomainError) as err:  # a ledger line's words are chained as made
        repo.hide_words(spent.id, pid(repo, 102), ["李建国"])
    assert err.value.code == "cannot_hide"
    assert hidden_of(repo.entry(entry.id)) == [] and hidden_of(repo.entry(spent.id)) == []


def test_the_site_reads_the_hidden_words_masked_and_the_rest_as_before(repo):
    _, entry = _report(repo)
    repo.hide_words(entry.id, pid(repo, 101), ["李建国", "王大明"])
    repo.approve(entry.id, pid(repo, 101))
    site = public_text(repo)
    assert "李建国" not in site and "王大明" not in site
    assert f"{NAME_MASK}把垃圾堆在楼道" in site


def test_words_hidden_on_a_published_entry_come_off_the_site_and_its_correction(repo):
    author, entry = _report(repo)
    repo.approve(entry.id, pid(repo, 101))
    fix = repo.correct(author, entry.id, "王大明把垃圾堆在三楼楼道")
    repo.approve(fix.id, pid(repo, 101))
    assert "王大明" in public_text(repo)
    repo.hide_words(entry.id, pid(repo, 102), ["王大明"])  # in its correction's words
    site = public_text(repo)
    assert "王大明" not in site and f"{NAME_MASK}把垃圾堆在三楼楼道" in site
    # the copies of earlier sites are let go of, as after a correction
    assert repo.person(pid(repo, 102)).get("hid") == 1


def test_a_neighbour_reads_the_hidden_words_masked_in_the_bot(repo):
    _, entry = _report(repo)
    repo.approve(entry.id, pid(repo, 101))
    repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    said = public_words(repo, [repo.entry(entry.id)])[entry.id]
    assert "李建国" not in said and said.startswith(NAME_MASK) and "王大明" in said


def test_a_hidden_word_is_masked_as_a_whole_latin_word_and_case_alike(repo):
    assert hide_in("Ask Lily or LI MING", ["Li Ming"]) == f"Ask Lily or {NAME_MASK}"
    assert hide_in("Lily", ["Li"]) == "Lily"
    assert hide_in("李建国和李建国家", ["李建国"]) == f"{NAME_MASK}和{NAME_MASK}家"


def test_a_forgotten_persons_name_is_masked_in_the_words_hidden_too(repo):
    _, entry = _report(repo)
    repo.hide_words(entry.id, pid(repo, 101), ["王大明"])
    neighbour = repo.ensure_person(6001, name="王大明")["id"]
    confirmed_resident(repo, 6001, "c1/1/1/102", 101)
    repo.forget(neighbour)
    assert "王大明" not in json.dumps(repo.entry(entry.id).data, ensure_ascii=False)


def test_the_paper_notice_printed_with_notice_shows_the_hidden_name_masked(repo):
    from site_builder.notice_content import notice_for

    _, entry = _report(repo)
    repo.approve(entry.id, pid(repo, 101))
    repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))  # a notice needs a ledger line
    month = repo.ledger("east")[0]["date"][:7]
    said = json.dumps(notice_for(repo, "east", month), ensure_ascii=False)
    assert "李建国" not in said and f"{NAME_MASK}把垃圾堆在楼道" in said
