"""A person's rights in the domain (db/privacy.py): consent recorded with its time
and version, everything kept handed over, being forgotten (the published record
keeps the role only), and a published text corrected in public, never edited."""

from __future__ import annotations

import json

import pytest
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError
from db.privacy import CONSENT_VERSION, has_consent
from db.repository import Repository
from site_builder.collect import collect
from site_builder.render import render

HOME = "c1/1/1/101"


def test_consent_is_recorded_with_its_time_version_and_language(repo):
    person = pid(repo, 5001)
    assert not has_consent(repo.person(person))
    repo.register(person, HOME, consent=CONSENT_VERSION, language="en")
    [record] = repo.person(person)["consents"]
    assert record["version"] == CONSENT_VERSION and record["language"] == "en"
    assert record["at"].startswith("2025-01-01T")
    assert has_consent(repo.person(person))
    repo.consent(person, CONSENT_VERSION)  # agreeing again changes nothing
    assert len(repo.person(person)["consents"]) == 1
    with pytest.raises(DomainError) as err:
        repo.consent(person, "1999-0")
    assert err.value.code == "old_consent"


def test_export_holds_everything_kept_about_a_person_and_no_one_else(repo):
    person = repo.ensure_person(5001, name="王秘密", username="wang_secret")["id"]
    repo.register(person, HOME, consent=CONSENT_VERSION)
    repo.approve(repo.entries(kind=Kind.REGISTRATION)[0].id, pid(repo, 101))
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "门坏了"})
    repo.reject(issue.id, pid(repo, 101), "请写清楚是哪个门")
    other = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    theirs = repo.submit(other, Kind.ISSUE, "east", {"category": "other", "text": "灯坏了"})
    repo.approve(theirs.id, pid(repo, 102))
    repo.me_too(theirs.id, person)
    data = repo.export_person(person)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["name"] == "王秘密" and data["person"]["username"] == "wang_secret"
    assert data["person"]["household"] == HOME and data["consents"][0]["version"]
    mine = {e["id"]: e for e in data["entries"]}
    assert set(mine) == {issue.id, repo.entries(kind=Kind.REGISTRATION)[0].id}
    assert mine[issue.id]["status"] == "rejected" and mine[issue.id]["public"] is False
    assert "请写清楚是哪个门" in text  # the reason given to them
    assert data["me_too"] == [theirs.id] and "灯坏了" not in text  # not another's text
    volunteer = pid(repo, 101)
    assert all(h["by"] in (person, None) for e in data["entries"] for h in e["history"])
    assert f'"by": {volunteer}' not in text
    assert [c["to"] for c in data["role_changes"]] == [f"resident:{HOME}"]


def test_forgetting_deletes_personal_data_and_keeps_the_published_record_as_a_role(repo):
    person = repo.ensure_person(5001, name="王秘密", username="wang_secret")["id"]
    repo.register(person, HOME, consent=CONSENT_VERSION)
    repo.approve(repo.entries(kind=Kind.REGISTRATION)[0].id, pid(repo, 101))
    public = repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "门坏了"})
    repo.approve(public.id, pid(repo, 101))
    waiting = repo.submit(person, Kind.OPINION, "east", {"text": "我家电话 13912345678"})
    withdrawn = repo.forget(person)
    assert [e.id for e in withdrawn] == [waiting.id]
    gone = repo.person(person)
    assert gone["telegram_id"] is None and gone["name"] == "" and gone["username"] == ""
    assert gone["household"] is None and gone["roles"] == [] and gone["language"] is None
    assert gone["consents"] == [] and gone["forgotten"]
    assert repo.person_by_telegram(5001) is None
    assert person not in {p["id"] for p in repo.people(resident_of="east")}
    pending = repo.entry(waiting.id)
    assert pending.status == Status.REJECTED and pending.data == {"withdrawn": True}
    kept = repo.entry(public.id)  # the published record stays, under its role
    assert kept.status == Status.APPROVED and kept.author_role == "居民"
    # Writing to the bot again starts afresh, as a stranger.
    again = repo.ensure_person(5001)
    assert again["id"] != person and again["household"] is None


def test_forgetting_survives_a_restart_of_the_store(tmp_path, street_config, clock):
    repo = Repository.init(tmp_path / "data", street_config, clock=clock)
    person = confirmed_resident(repo, 5001, HOME, 101)
    repo.forget(person)
    repo.close()
    again = Repository.open(tmp_path / "data", clock=clock)
    try:
        assert again.person_by_telegram(5001) is None
        assert again.person(person)["forgotten"]
    finally:
        again.close()


def test_a_volunteer_must_lose_their_role_before_being_forgotten(repo):
    with pytest.raises(DomainError) as err:
        repo.forget(pid(repo, 101))
    assert err.value.code == "staff_forget"


def test_a_published_text_is_corrected_in_public_never_edited(repo):
    person = confirmed_resident(repo, 5001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {
        "category": "lighting", "text": "张三家门口的路灯坏了"})
    with pytest.raises(DomainError) as err:
        repo.correct(person, issue.id, "门口的路灯坏了")  # not published yet
    assert err.value.code == "not_correctable"
    repo.approve(issue.id, pid(repo, 101))
    with pytest.raises(DomainError) as err:
        repo.correct(confirmed_resident(repo, 5002, "c1/1/1/102", 101), issue.id, "x")
    assert err.value.code == "not_author"
    fix = repo.correct(person, issue.id, "1单元门口的路灯坏了", "原文写了邻居的名字")
    with pytest.raises(DomainError) as err:
        repo.correct(person, issue.id, "again")
    assert err.value.code == "correction_pending"
    assert fix.status == Status.PENDING
    with repo.store.lock:
        before = render(collect(repo))["areas/east/issues.md"].decode()
    assert "张三家门口" in before and "已更正" not in before  # pending: nothing changes yet
    repo.approve(fix.id, pid(repo, 102))
    assert repo.entry(issue.id).data["text"] == "张三家门口的路灯坏了"  # kept, privately
    with repo.store.lock:
        data = collect(repo)
    files = render(data)
    page = files["areas/east/issues.md"].decode()
    assert "张三" not in page and "1单元门口的路灯坏了" in page
    assert "已更正" in page and "原文写了邻居的名字" in page
    feed = files["feed.xml"].decode()
    assert "更正：报事" in feed and "张三" not in files["downloads/open311/requests.json"].decode()


def test_the_paper_notice_of_an_earlier_month_shows_the_corrected_text(tmp_path):
    """The month's paper notice lists the open reports; a report corrected later
    because it named a neighbour is downloaded from the site with its corrected words,
    not the ones it was corrected for."""
    from heads_support import money, street_with_history

    from site_builder.notice import notice_for

    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    person = confirmed_resident(repo, 5001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {
        "category": "septic", "text": "化粪池满了，502王大爷家门口最严重"})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 300)
    clock.at(5, 3)
    fix = repo.correct(person, issue.id, "化粪池满了", "原文提到了邻居")
    repo.approve(fix.id, pid(repo, 102))
    money(repo, "east", 400)
    april = notice_for(repo, "east", "2025-04")
    repo.close()
    assert [i["text"] for i in april["issues"]] == ["化粪池满了"]


def test_the_export_says_a_vote_is_not_public_as_the_notice_promises(repo):
    """/mydata's file marked a household's vote "public": true (a counted vote is in
    the published tally), though the notice says how a household voted is never shown."""
    person = confirmed_resident(repo, 5001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装楼宇门",
                                    description="每个单元装门", budget_fen=0, matter="other_major",
                                    deadline="2099-01-01")
    repo.cast_vote(person, proposal.id, "agree")
    [vote] = [e for e in repo.export_person(person)["entries"] if e["kind"] == "vote"]
    assert vote["data"]["choice"] == "agree" and vote["public"] is False
