"""A flat changes hands (sold, or the tenant moved out): a volunteer confirms the
newcomer *as the former residents having moved out*, or a resident says she moved out
herself. Her tie to the flat ends in one durable write, audited (when, by whom);
nothing is deleted: her own entries and her data stay hers, she may register elsewhere.
She no longer votes for the flat nor sees what is recorded for it. A vote she cast for
the flat while she lived there stands until someone of the flat votes again (its new
owner), whose vote replaces it: the flat is counted once; closed votes are untouched."""

from __future__ import annotations

import pytest
from conftest import close_when_due, confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.moving import MOVED_OUT_NOTE
from db.privacy import CONSENT_VERSION
from db.repository import Repository

HOME, OTHER = "c1/1/1/101", "c1/1/1/102"


def _newcomer(repo, telegram_id=5009, home=HOME):  # type: ignore[no-untyped-def]
    return repo.register(pid(repo, telegram_id), home, consent=CONSENT_VERSION)


def _joint(repo, deadline="2025-12-31"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter="use_maintenance_fund", deadline=deadline)


def test_confirming_a_newcomer_as_the_former_residents_moved_out_unbinds_them_in_one_write(
        repo, tmp_path, clock):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    neighbour = confirmed_resident(repo, 5003, OTHER, 101)
    mine = repo.submit(mother, Kind.ISSUE, "east", {"category": "safety", "text": "井盖坏了"})
    reg = _newcomer(repo)
    with pytest.raises(DomainError) as err:  # as before: confirmed only by saying which
        repo.approve(reg.id, pid(repo, 102))
    assert err.value.code == "household_bound"

    done = repo.approve(reg.id, pid(repo, 102), moved_out=True)

    assert done.status == Status.APPROVED
    assert sorted(done.data["moved_out"]) == sorted([mother, son])
    assert "moved out" in done.history[-1]["note"]
    assert [p["id"] for p in repo.residents_of(HOME)] == [pid(repo, 5009)]
    for who in (mother, son):
        person = repo.person(who)
        assert person["household"] is None and "relation" not in person
        assert person["telegram_id"] and person["name"] is not None  # her record stays
        [line] = [a for a in repo.role_audit()
                  if a["subject"] == who and str(a.get("note", "")).startswith(MOVED_OUT_NOTE)]
        assert line["from"] == f"resident:{HOME}" and line["to"] is None
        assert line["by"] == pid(repo, 102) and line["at"]
    assert repo.person(neighbour)["household"] == OTHER  # the next flat is not touched
    assert repo.entry(mine.id).author == mother  # her own entries stay hers
    assert any(e["id"] == mine.id for e in repo.export_person(mother)["entries"])
    # she may register another home
    again = repo.register(mother, OTHER, consent=CONSENT_VERSION)
    assert again.status == Status.PENDING
    # durable: the same once read again from the disk
    repo.close()
    reopened = Repository.open(tmp_path / "data", clock=clock)
    try:
        assert reopened.person(mother)["household"] is None
        assert [p["id"] for p in reopened.residents_of(HOME)] == [pid(reopened, 5009)]
    finally:
        reopened.close()


def test_moved_out_pressed_again_or_by_another_area_changes_nothing(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    reg = _newcomer(repo)
    with pytest.raises(PermissionDenied):  # west's volunteer
        repo.approve(reg.id, pid(repo, 103), moved_out=True)
    assert repo.entry(reg.id).status == Status.PENDING
    repo.approve(reg.id, pid(repo, 102), moved_out=True)
    audit = len(repo.role_audit())
    with pytest.raises(DomainError):  # a stale button: decided already
        repo.approve(reg.id, pid(repo, 101), moved_out=True)
    assert len(repo.role_audit()) == audit
    assert [p["id"] for p in repo.residents_of(HOME)] == [pid(repo, 5009)]


def test_the_former_owner_s_open_vote_stands_until_the_new_owner_votes_flat_counted_once(
        repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    neighbour = confirmed_resident(repo, 5003, OTHER, 101)
    joint, closed = _joint(repo), _joint(repo, deadline="2025-01-02")
    hers, _ = repo.cast_vote(mother, joint.id, "agree")
    repo.cast_vote(neighbour, joint.id, "disagree")
    repo.cast_vote(mother, closed.id, "agree")
    close_when_due(repo, closed.id, pid(repo, 101))
    result = repo.entry(closed.id).data["result"]

    repo.approve(_newcomer(repo).id, pid(repo, 102), moved_out=True)

    # her vote stands for the flat; she no longer votes for it
    assert repo.household_vote(joint.id, HOME) == "agree"
    assert repo.entry(hers.id).status == Status.COUNTED
    with pytest.raises(PermissionDenied) as err:
        repo.cast_vote(mother, joint.id, "disagree")
    assert err.value.code == "not_confirmed"
    t = repo.tally(joint.id)
    assert (t.owners_voted, t.agree, t.disagree) == (2, 1, 1)
    # the new owner votes: hers is replaced, the flat counted once
    newcomer = pid(repo, 5009)
    repo.set_relation(newcomer, "owner")
    _, replaced = repo.cast_vote(newcomer, joint.id, "disagree")
    assert replaced is not None and replaced.id == hers.id
    assert repo.entry(hers.id).status == Status.REPLACED
    t = repo.tally(joint.id)
    assert (t.owners_voted, t.agree, t.disagree) == (2, 0, 2)
    assert repo.entry(closed.id).data["result"] == result  # a closed vote is never touched
    assert repo.household_vote(closed.id, HOME) == "agree"


def test_a_resident_who_moved_out_no_longer_sees_the_flat_s_paper_votes_and_fees(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    joint = _joint(repo)
    repo.cast_vote(pid(repo, 101), joint.id, "agree", household=HOME, paper=True)
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 3000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    repo.approve(fee.id, pid(repo, 102))
    before = repo.export_person(mother)
    assert before["household_votes"] and before["household_records"]

    repo.move_out(mother)

    after = repo.export_person(mother)
    assert not after["household_votes"] and not after["household_records"]
    assert after["person"]["household"] is None


def test_a_resident_says_she_moved_out_herself(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    joint = _joint(repo)
    hers, _ = repo.cast_vote(mother, joint.id, "agree")

    left = repo.move_out(mother)

    assert left == HOME
    assert repo.person(mother)["household"] is None
    assert [p["id"] for p in repo.residents_of(HOME)] == [son]  # the others stay
    [line] = [a for a in repo.role_audit()
              if a["subject"] == mother and str(a.get("note", "")).startswith(MOVED_OUT_NOTE)]
    assert line["by"] == mother and line["from"] == f"resident:{HOME}"
    assert repo.household_vote(joint.id, HOME) == "agree"  # stands for the flat
    _, replaced = repo.cast_vote(son, joint.id, "disagree")  # until the flat votes again
    assert replaced is not None and replaced.id == hers.id
    assert repo.tally(joint.id).owners_voted == 1
    with pytest.raises(PermissionDenied) as err:  # said twice: nothing more
        repo.move_out(mother)
    assert err.value.code == "not_confirmed"


def test_who_moved_out_no_longer_follows_the_reports_recorded_for_the_flat(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    at_door = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                              {"category": "safety", "text": "楼道灯坏了"})
    backed = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                             {"category": "lighting", "text": "路灯不亮"})
    repo.approve(at_door.id, pid(repo, 102))
    repo.approve(backed.id, pid(repo, 102))
    repo.me_too(backed.id, mother)  # she said "me too" herself: hers to follow still
    assert mother in repo.followers(at_door.id) and son in repo.followers(at_door.id)

    repo.move_out(mother)

    assert repo.followers(at_door.id) == [son]
    assert mother in repo.followers(backed.id)


def test_a_vote_of_the_former_residents_is_known_as_theirs(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    joint, other = _joint(repo), _joint(repo)
    hers, _ = repo.cast_vote(mother, joint.id, "agree")
    paper, _ = repo.cast_vote(pid(repo, 101), other.id, "agree", household=HOME, paper=True)
    assert not repo.by_former(hers.id) and not repo.by_former(paper.id)
    repo.move_out(mother)  # her son stays: her vote is a former resident's, the paper one not
    assert repo.by_former(hers.id) and not repo.by_former(paper.id)
    repo.approve(_newcomer(repo).id, pid(repo, 102), moved_out=True)  # the flat is sold
    assert repo.by_former(paper.id)
    newcomer = pid(repo, 5009)
    repo.set_relation(newcomer, "owner")
    mine, _ = repo.cast_vote(newcomer, joint.id, "disagree")
    again, _ = repo.cast_vote(pid(repo, 101), other.id, "abstain", household=HOME, paper=True,
                              replaces=paper.id)
    assert not repo.by_former(mine.id) and not repo.by_former(again.id)
    assert son  # (unbound by the sale too)


def test_the_newcomer_s_data_lists_no_vote_of_the_former_residents(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    joint = _joint(repo)
    repo.cast_vote(mother, joint.id, "agree")
    reg = _newcomer(repo)
    repo.approve(reg.id, pid(repo, 102), moved_out=True)
    newcomer = pid(repo, 5009)
    assert repo.export_person(newcomer)["household_votes"] == []
    signed, _ = repo.cast_vote(pid(repo, 101), _joint(repo).id, "agree", household=HOME,
                               paper=True)  # recorded at his door since: his to see
    assert [v["id"] for v in repo.export_person(newcomer)["household_votes"]] == [signed.id]


def test_the_vote_of_one_forgotten_at_her_request_is_still_her_home_s(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    confirmed_resident(repo, 5002, HOME, 101, relation="family")
    joint = _joint(repo)
    hers, _ = repo.cast_vote(mother, joint.id, "agree")
    repo.forget(mother)  # "your household's votes still count": her son's home's vote
    assert not repo.by_former(hers.id)
    repo.approve(_newcomer(repo).id, pid(repo, 102), moved_out=True)  # then the flat is sold
    assert repo.by_former(hers.id)


def test_a_flat_that_changed_hands_is_known_after_a_restart(repo, tmp_path):
    """When a flat changed hands is kept in memory (``db.moving.HandsChanged``, asked on
    every /vote): after a restart it is found again from the registrations."""
    confirmed_resident(repo, 5001, HOME, 101)
    paper, _ = repo.cast_vote(pid(repo, 101), _joint(repo).id, "agree", household=HOME,
                              paper=True)
    assert not repo.by_former(paper.id)  # the area's flats read: none changed hands
    repo.approve(_newcomer(repo).id, pid(repo, 102), moved_out=True)
    assert repo.by_former(paper.id)
    root, clock = repo.store.root, repo.clock
    repo.close()
    again = Repository.open(root, clock=clock)
    try:
        assert again.by_former(paper.id)
        assert not again.by_former(again.cast_vote(pid(again, 101), _joint(again).id,
                                                    "agree", household=OTHER,
                                                    paper=True)[0].id)
    finally:
        again.close()
