"""A registered person's Telegram id typed bare into a text, on the public site.

The site masked a Telegram id only where its words said it was one ("Telegram id
7000001", "id 7000001", "TG: 918273645": ``db.redact.mask_contacts``). A resident who
wrote "找 7000001 问" or "有事发给7000001" (the number a neighbour sees in the bot, or
copied from a forwarded message) had that number, which the bot knows a person by,
published as typed, on the pages, in the search index and in every download.

Now the site's names mask (``db.redact.NameMask`` with ``ids``: ``person_ids``) masks
the Telegram id of every person the store knows wherever it stands alone, as
``ACCOUNT_MASK``; an amount, a year, a room, a longer number containing it, or a number
that is nobody's id is kept.
"""

from __future__ import annotations

import json

import pytest
from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.errors import DomainError
from db.public_words import public_words
from db.redact import ACCOUNT_MASK, NAME_MASK, NameMask, person_ids
from site_builder.collect import collect
from site_builder.collect_base import mask_state, masks_alike, words_heard
from site_builder.exports import open311_requests
from site_builder.render import render

PEOPLE = [{"name": "王秀兰", "telegram_id": 7000001},
          {"name": "李大爷", "telegram_id": 918273645},
          {"name": "张三", "telegram_id": 101}]  # a short id (a test street's): kept


def test_only_ids_of_six_digits_or_more_are_looked_for():
    assert person_ids(PEOPLE) == {"7000001", "918273645"}
    assert person_ids([{"name": "x", "telegram_id": None}, {"name": "y"}]) == frozenset()
    assert person_ids([{"telegram_id": True}, {"telegram_id": "7000001"},
                       {"telegram_id": -7000001}, {"telegram_id": 99999},
                       {"telegram_id": 100000}]) == {"100000"}  # six digits and more


def test_a_registered_persons_telegram_id_typed_bare_is_masked():
    mask = NameMask.of(PEOPLE, strangers=True)
    for typed, shown in (("找 7000001 问", f"找 {ACCOUNT_MASK} 问"),
                         ("有事发给7000001", f"有事发给{ACCOUNT_MASK}"),
                         ("7000001家的水管漏了", f"{ACCOUNT_MASK}家的水管漏了"),
                         ("联系918273645，王秀兰", f"联系{ACCOUNT_MASK}，{NAME_MASK}"),
                         ("找７０００００１", f"找{ACCOUNT_MASK}"),  # typed full-width
                         ("(7000001)", f"({ACCOUNT_MASK})"),
                         # in groups or in Chinese numerals, as the sweep found them shown
                         ("7 000 001 是她的号", f"{ACCOUNT_MASK} 是她的号"),
                         ("700-0001 是她的号", f"{ACCOUNT_MASK} 是她的号"),
                         ("七零零零零零一 是我的号", f"{ACCOUNT_MASK} 是我的号")):
        assert mask(typed) == shown, typed


def test_a_registered_persons_username_typed_bare_is_masked():
    """"问 user7000001" (a neighbour's username, copied without its @) was published."""
    people = [{"name": "王秀兰", "telegram_id": 7000001, "username": "user7000001"},
              {"name": "李四", "username": "sunny"}]  # letters alone: an ordinary word
    assert person_ids(people) == {"7000001", "user7000001"}
    mask = NameMask.of(people, strangers=True)
    assert mask("问 user7000001") == f"问 {ACCOUNT_MASK}"
    assert mask("USER7000001说的") == f"{ACCOUNT_MASK}说的"
    for kept in ("user7000001x", "xuser7000001", "user7000001@qq.com", "sunny day",
                 "www.user7000001.com"):
        assert mask(kept) == kept, kept


def test_amounts_years_rooms_and_other_numbers_are_not_taken_for_an_id():
    mask = NameMask.of(PEOPLE, strangers=True)
    for kept in ("共7000001元", "¥7000001", "7000001.50", "7,000,001", "17000001",
                 "70000012", "A7000001", "7000001块", "2025年101室修好了", "101",
                 "第7000002号", "7000002", "预算 120000 元", "user7000001x",
                 "一二三四五六七", "2025-07-01", "共 1,700,000 元"):
        assert mask(kept) == kept, kept


def test_a_new_id_is_looked_for_whole_in_an_areas_words():
    """An area's words are collected again for a newly registered person only when the
    id may stand in them as a run of its own (``words_heard``), not whenever its digits
    stand somewhere in pairs: nearly every area has 70, 00 and 01 among its numbers."""
    before = mask_state((NameMask.of([]), frozenset()))
    now = mask_state((NameMask.of(PEOPLE[:1]), frozenset()))
    assert masks_alike(words_heard(["2017年7月1日，花了1000元，共70户"]), before, now)
    assert not masks_alike(words_heard(["请找 7000001 问"]), before, now)


def test_a_bare_telegram_id_is_masked_on_every_page_and_download(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(7000001, name="王秀兰")
    repo.ensure_person(918273645, name="李大爷")
    resident = confirmed_resident(repo, 7000001, "c1/1/1/101", 101)
    texts = ("路灯坏了，找 7000001 问", "有事发给918273645", "共花了7000001元吗？不是")
    ids = []
    for text in texts:
        issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": text})
        repo.approve(issue.id, volunteer)
        ids.append(issue.id)
    repo.issue_step(ids[0], volunteer, "in_progress", "已联系7000001本人")
    money(repo, "east", 300)
    shown = public_words(repo, [repo.entry(ids[0])])[ids[0]]  # the bot's preview
    with repo.store.lock:
        data = collect(repo)
        files = render(data)
    repo.close()
    east = next(a for a in data["areas"] if a["id"] == "east")
    files["open311"] = json.dumps(open311_requests(east, ""), ensure_ascii=False).encode()
    assert "7000001" not in shown and ACCOUNT_MASK in shown
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        assert "918273645" not in text, path
        assert "7000001" not in text.replace("7000001元", ""), path
    issues = files["areas/east/issues.md"].decode()
    assert f"找 {ACCOUNT_MASK} 问" in issues and f"已联系{ACCOUNT_MASK}本人" in issues
    assert "共花了7000001元吗" in issues  # an amount is kept
    assert f"有事发给{ACCOUNT_MASK}" in files["open311"].decode()


def test_a_persons_telegram_id_is_refused_in_the_words_of_a_ledger_line(repo):
    """A ledger line is chained as typed, so nothing masks it later: "电工 7000001" as an
    expense's payee was published in the accounts and every download (found by the
    privacy sweep of the demo with adversarial inputs). It is refused as a name is."""
    repo.ensure_person(7000001, name="王秀兰", username="user7000001")
    for payee, purpose in (("电工 7000001", "更换路灯灯泡"), ("电工", "找7000001报销"),
                           ("电工", "付给 user7000001")):
        with pytest.raises(DomainError) as refused:
            repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
                "amount_fen": 35000, "payee": payee, "purpose": purpose,
                "category": "lighting"})
        assert refused.value.code == "names_a_person"
        assert refused.value.params["name"] in ("7000001", "user7000001")
    kept = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {  # an amount, a number
        "amount_fen": 35000, "payee": "电工", "purpose": "灯泡 7000001元以内，发票号 17000001",
        "category": "lighting"})
    assert kept.data["purpose"] == "灯泡 7000001元以内，发票号 17000001"
