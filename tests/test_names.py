"""A resident corrects the name kept for her (db.names): kept, checked, masked on the
site, dropped by /forget; someone with no name kept has none to correct."""

from __future__ import annotations

import pytest
from conftest import pid

from db.errors import DomainError, PermissionDenied
from db.names import NAME_CORRECTED
from db.privacy import CONSENT_VERSION
from db.redact import person_names

LETTER = "我的名字写错了，应该是王秀英，不是王秀兰，谢谢志愿者们，辛苦了，麻烦改一下"


def _registered(repo, name="王秀兰"):
    """A resident who registered under her Telegram name ``name``, confirmed."""
    me = pid(repo, 7001)
    reg = repo.register(me, "c1/1/1/101", consent=CONSENT_VERSION, name=name)
    repo.approve(reg.id, pid(repo, 101), shared=True)
    return me


def test_a_resident_corrects_her_name_and_the_new_one_is_kept_and_masked(repo):
    me = _registered(repo)
    person = repo.correct_name(me, "  王秀英 ")
    assert person["name"] == "王秀英" and repo.person(me)["name"] == "王秀英"
    assert repo.person(me)[NAME_CORRECTED].startswith(repo.clock().date().isoformat())
    assert "王秀英" in person_names(repo.people())


def test_what_is_no_name_is_refused_and_nothing_changes(repo):
    me = _registered(repo)
    for bad in ("13912345678", "😀👍", "", LETTER):
        with pytest.raises(DomainError) as err:
            repo.correct_name(me, bad)
        assert err.value.code == "bad_name"
    assert repo.person(me)["name"] == "王秀兰" and NAME_CORRECTED not in repo.person(me)


def test_someone_with_no_name_kept_has_none_to_correct(repo):
    passer_by = repo.ensure_person(7999)["id"]
    with pytest.raises(PermissionDenied):
        repo.correct_name(passer_by, "王秀英")
    assert not repo.person(passer_by).get("name")


def test_forget_drops_the_corrected_name_and_its_day(repo):
    me = _registered(repo)
    repo.correct_name(me, "王秀英")
    repo.forget(me)
    kept = repo.person(me)
    assert kept["name"] == "" and NAME_CORRECTED not in kept
    assert "王秀英" not in person_names(repo.people())


def test_invisible_and_direction_characters_typed_in_a_name_are_not_kept(repo):
    me = _registered(repo)
    # a right-to-left override turns what follows it round in every message naming her;
    # a zero-width space makes a name that reads 王秀英 and masks nothing that says it
    person = repo.correct_name(me, "王\u200b秀\u202e英\u0007")
    assert person["name"] == "王秀英"
    with pytest.raises(DomainError) as err:
        repo.correct_name(me, "\u200b\u202e\u2066")
    assert err.value.code == "bad_name"
    assert repo.person(me)["name"] == "王秀英"


def test_a_telegram_name_kept_at_registration_is_cleaned_as_a_corrected_one(repo):
    """A direction override or a zero-width character in the Telegram name reversed the
    words after it in the volunteers' messages, and the site masked another string than
    the name people read; a name given with a role is kept the same way."""
    me = _registered(repo, name="王\u202e秀兰\u200b ")
    assert repo.person(me)["name"] == "王秀兰"
    assert "王秀兰" in person_names(repo.people())
    staff = repo.ensure_person(7002)["id"]
    assert repo.keep_name(staff, "\u200b张\u2066建华\u2069")["name"] == "张建华"
