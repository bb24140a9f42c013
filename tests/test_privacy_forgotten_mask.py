"""After /forget, the masks no longer knew her: a neighbour's report written later naming
her given name (小燕, of the Telegram name "小燕 罗"), her Telegram id or her username was
published as typed, on the pages, in the downloads and in the volunteers' group posts
(a full name that reads as one was masked only as a stranger's). ``forget`` masked her
name in what the store held then, not in what others write afterwards.

Now her record keeps her names, id and username hashed with the street's salt
(``db.forgotten_forms``), never as they were, and the site's and the posts' masks look
them up."""

from __future__ import annotations

import json

import pytest
from conftest import confirmed_resident, pid
from heads_support import money

from db.entries import Kind
from db.errors import DomainError
from db.forgotten_forms import FORMS, HashedForms, forms_of
from db.public_words import public_words
from db.redact import ACCOUNT_MASK, NAME_MASK, NameMask
from site_builder.collect import collect
from site_builder.render import render

HER = {"name": "小燕 罗", "telegram_id": 7000123, "username": "luo_xy88"}


def test_the_forms_kept_are_hashes_that_mask_her_name_id_and_username():
    forms = forms_of(HER, "00" * 16)
    assert forms is not None
    kept = json.dumps(forms, ensure_ascii=False)
    for plain in ("小燕", "罗小燕", "7000123", "luo_xy88"):
        assert plain not in kept
    mask = NameMask.of([], strangers=False, hashed=HashedForms.of([{FORMS: forms}]))
    assert mask("小燕家门口路灯坏了") == f"{NAME_MASK}家门口路灯坏了"
    assert mask("罗小燕说找 7000123 或者 LUO_XY88 问") == \
        f"{NAME_MASK}说找 {ACCOUNT_MASK} 或者 {ACCOUNT_MASK} 问"
    assert mask("罗 小燕来过") == f"{NAME_MASK}来过"  # spaced out
    assert mask("七零零零一二三 是她的号") == f"{ACCOUNT_MASK} 是她的号"
    # a place named so, a longer number, another's id: kept
    assert mask("小燕路口的灯") == "小燕路口的灯"
    for kept_text in ("17000123", "共 7000123 元", "luo_xy889", "7000124"):
        assert mask(kept_text) == kept_text


def test_what_others_write_of_her_after_her_forget_is_masked_on_the_site(repo):
    volunteer = pid(repo, 101)
    repo.ensure_person(7000123, name=HER["name"], username=HER["username"])
    her = confirmed_resident(repo, 7000123, "c1/1/1/101", 101)
    neighbour = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.forget(her)
    record = json.dumps(repo.person(her), ensure_ascii=False)
    for plain in ("小燕", "7000123", "luo_xy88"):
        assert plain not in record
    texts = ("小燕家门口的路灯坏了", "有事找 7000123 或 luo_xy88", "罗小燕说水管漏了")
    ids = []
    for text in texts:
        issue = repo.submit(neighbour, Kind.ISSUE, "east", {"category": "lighting",
                                                            "text": text})
        repo.approve(issue.id, volunteer)
        ids.append(issue.id)
    repo.issue_step(ids[0], volunteer, "in_progress", "已告诉小燕本人")
    money(repo, "east", 300)
    posted = public_words(repo, [repo.entry(i) for i in ids])  # the group posts' words
    with repo.store.lock:
        files = render(collect(repo))
    repo.close()
    assert f"{NAME_MASK}家门口的路灯坏了" in posted[ids[0]]
    assert "7000123" not in posted[ids[1]] and "luo_xy88" not in posted[ids[1]]
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        for plain in ("小燕", "7000123", "luo_xy88"):
            assert plain not in text, (path, plain)
    issues = files["areas/east/issues.md"].decode()
    assert f"有事找 {ACCOUNT_MASK} 或 {ACCOUNT_MASK}" in issues
    assert f"已告诉{NAME_MASK}本人" in issues


def test_her_id_username_and_whole_name_are_refused_in_a_ledger_line_after_her_forget(repo):
    """"水电工 7100001" typed as an expense's payee after her /forget was chained with her
    id for good (the privacy sweep of the demo): nothing knew it any more. It is refused
    as while she was known; her given name alone is not (as before: 小燕 may be a word)."""
    repo.ensure_person(7000123, name=HER["name"], username=HER["username"])
    her = confirmed_resident(repo, 7000123, "c1/1/1/101", 101)
    repo.forget(her)
    for payee, purpose in (("水电工 7000123", "维修"), ("电工", "付给 LUO_XY88 垫付款"),
                           ("电工", "罗小燕垫付的材料费")):
        with pytest.raises(DomainError) as refused:
            repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
                "amount_fen": 35000, "payee": payee, "purpose": purpose,
                "category": "lighting"})
        assert refused.value.code == "names_a_person", (payee, purpose)
    kept = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "电工", "purpose": "小燕路路灯，发票号 17000123",
        "category": "lighting"})
    assert kept.data["purpose"] == "小燕路路灯，发票号 17000123"


def test_a_username_typed_full_width_is_masked_known_or_forgotten():
    """ｏｙ＿ｓｈｕｆｅｎ７ (a Chinese keyboard's full-width letters) was published as typed,
    for a person known as for one forgotten: only half-width usernames were looked for
    (the privacy sweep of walk190)."""
    known = NameMask.of([{"name": "王秀兰", "telegram_id": 7000001, "username": "wang_xl88"}])
    assert known("问 ｗａｎｇ＿ｘｌ８８ 吧") == f"问 {ACCOUNT_MASK} 吧"
    forgotten = NameMask.of([], hashed=HashedForms.of([{FORMS: forms_of(HER, "00" * 16)}]))
    assert forgotten("ｌｕｏ＿ｘｙ８８ 知道") == f"{ACCOUNT_MASK} 知道"
    assert forgotten("ｌｕｏ＿ｘｙ８８９") == "ｌｕｏ＿ｘｙ８８９"  # another's
