"""A resident who voted online as the owner (or the owner's family) and then says they
are a tenant did not cast the owner's vote (Civil Code art. 278): their online votes
on joint matters still being voted stop counting, kept in the record with the reason,
and the owner votes again (a replaced vote never counts again); closed votes, votes whose
deadline passed and everyday matters are untouched. Every change of relation is
audited (who, when, from what to what) and the person sees it in their data."""

from __future__ import annotations

from conftest import CONSENT_VERSION, close_when_due, confirmed_resident, past_deadline, pid

from db.entries import Status
from db.relation import NOT_COUNTED
from db.repository import Repository

HOME, OTHER = "c1/1/1/101", "c1/1/1/102"


def _proposal(repo, matter="use_maintenance_fund", deadline="2025-12-31"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter=matter, deadline=deadline)


def test_a_tenant_s_votes_on_open_joint_matters_stop_counting_and_stay_in_the_record(
        repo, tmp_path, clock):
    who = confirmed_resident(repo, 5001, HOME, 101, relation="owner")
    neighbour = confirmed_resident(repo, 5002, OTHER, 101, relation="owner")
    joint, everyday = _proposal(repo), _proposal(repo, "everyday")
    closed = _proposal(repo, deadline="2025-01-02")
    election = repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                                  candidates=["甲", "乙"], deadline="2025-12-31")
    vote, _ = repo.cast_vote(who, joint.id, "agree")
    repo.cast_vote(neighbour, joint.id, "disagree")
    repo.cast_vote(who, everyday.id, "agree")
    repo.cast_vote(who, closed.id, "agree")
    ballot, _ = repo.cast_ballot(who, election.id, [1])
    close_when_due(repo, closed.id, pid(repo, 101))
    assert repo.tally(joint.id).owners_voted == 2

    change = repo.change_relation(who, "tenant")

    assert change.before == "owner" and change.person["relation"] == "tenant"
    assert sorted(v.id for v in change.voided) == sorted([vote.id, ballot.id])
    for voided in (vote, ballot):
        stored = repo.entry(voided.id)
        assert stored.status == Status.REJECTED
        assert stored.history[-1]["note"] == NOT_COUNTED and stored.data["choice"]
    assert repo.household_vote(joint.id, HOME) is None
    assert repo.ballot_of(election.id, HOME) is None
    t = repo.tally(joint.id)
    assert (t.owners_voted, t.agree, t.disagree) == (1, 0, 1)
    assert repo.household_vote(everyday.id, HOME) == "agree"  # everyday: open to all
    assert repo.household_vote(closed.id, HOME) == "agree"  # a closed vote is not reopened
    assert repo.entry(closed.id).data["result"]["agree"] == 1
    assert repo.change_relation(who, "tenant").voided == []  # said again: nothing more
    # the count is the same once read again from the disk
    repo.close()
    again = Repository.open(tmp_path / "data", clock=clock)
    try:
        assert again.tally(joint.id).owners_voted == 1
        assert again.household_vote(joint.id, HOME) is None
    finally:
        again.close()


def test_the_owner_votes_again_after_and_the_deadline_ends_the_change(repo):
    owner = confirmed_resident(repo, 5001, HOME, 101, relation="owner")
    guest = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    joint = _proposal(repo)
    first, _ = repo.cast_vote(owner, joint.id, "disagree")
    repo.cast_vote(guest, joint.id, "agree")  # replaces the owner's vote
    repo.cast_vote(guest, joint.id, "abstain")  # and changes it again
    [voided] = repo.change_relation(guest, "tenant").voided
    assert voided.data["choice"] == "abstain"
    assert repo.entry(first.id).status == Status.REPLACED  # a replaced vote stays so
    assert repo.household_vote(joint.id, HOME) is None
    assert repo.tally(joint.id).owners_voted == 0
    _, replaced = repo.cast_vote(owner, joint.id, "disagree")  # the owner votes again
    assert replaced is None and repo.household_vote(joint.id, HOME) == "disagree"
    assert repo.tally(joint.id).owners_voted == 1


def test_a_vote_whose_deadline_passed_is_untouched(repo):
    guest = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    due = _proposal(repo, deadline="2025-01-02")
    repo.cast_vote(guest, due.id, "agree")
    repo.clock.now = repo.clock.now.replace(day=3)  # due: voting ended, not closed yet
    assert repo.change_relation(guest, "tenant").voided == []
    assert repo.household_vote(due.id, HOME) == "agree"


def test_every_change_of_relation_is_audited_and_shown_to_the_person_only(repo):
    who = confirmed_resident(repo, 5001, HOME, 101, relation=None)
    repo.set_relation(who, "owner")
    repo.set_relation(who, "owner")  # the same again: not a change
    repo.change_relation(who, "tenant")
    changes = repo.relation_changes(who)
    assert [(c["from"], c["to"]) for c in changes] == [
        (None, "relation:owner"), ("relation:owner", "relation:tenant")]
    assert all(c["by"] == who and c["at"] and c["subject"] == who for c in changes)
    data = repo.export_person(who)
    assert [c["to"] for c in data["relation_changes"]] == ["relation:owner", "relation:tenant"]
    assert data["relation_changes"][0]["by"] == who
    assert all(c["note"] != "relation" for c in data["role_changes"])
    assert repo.relation_changes(confirmed_resident(repo, 5002, OTHER, 101)) != []
    assert all(c["subject"] != who for c in repo.relation_changes(pid(repo, 5002)))


def test_the_votes_the_latest_change_voided_are_found_again_while_still_being_voted(repo):
    """What the bot tells the home after a restart (bot.handlers.relation.finish_saved)."""
    who = confirmed_resident(repo, 5001, HOME, 101, relation="owner")
    joint, later = _proposal(repo), _proposal(repo)
    vote, _ = repo.cast_vote(who, joint.id, "agree")
    other, _ = repo.cast_vote(who, later.id, "agree")
    assert repo.voided_by_last_change(who) == []  # the latest change was to owner
    repo.change_relation(who, "tenant")
    assert sorted(v.id for v in repo.voided_by_last_change(who)) == sorted([vote.id, other.id])
    repo.change_relation(who, "owner")
    assert repo.voided_by_last_change(who) == []  # the latest change was to owner again
    repo.change_relation(who, "tenant")
    assert repo.voided_by_last_change(who) == []  # this change voided nothing


def test_votes_voided_are_not_found_again_once_their_voting_has_ended(repo):
    who = confirmed_resident(repo, 5001, HOME, 101, relation="owner")
    joint = _proposal(repo, deadline="2025-06-30")
    repo.cast_vote(who, joint.id, "agree")
    repo.change_relation(who, "tenant")
    assert len(repo.voided_by_last_change(who)) == 1
    past_deadline(repo, joint.id)
    assert repo.voided_by_last_change(who) == []  # nobody is told of a vote now due


def test_an_owner_who_moved_out_and_rents_elsewhere_keeps_the_vote_of_the_flat_she_left(
        repo):
    """She voted as the owner of her flat, sold it and moved out while the vote ran, and
    now rents another flat of the area: saying she is a tenant *there* says nothing of the
    flat she left, whose vote (hers, as its owner then) counts until its new owner votes."""
    joint = _proposal(repo, "raise_maintenance_fund")
    owner = confirmed_resident(repo, 5001, HOME, 101, relation="owner")
    vote, _ = repo.cast_vote(owner, joint.id, "agree")
    repo.move_out(owner)
    repo.approve(repo.register(owner, OTHER, consent=CONSENT_VERSION).id, pid(repo, 101))
    change = repo.change_relation(owner, "tenant")
    assert change.voided == []
    assert repo.entry(vote.id).status == Status.COUNTED
    assert repo.household_vote(joint.id, HOME) == "agree"
    assert repo.tally(joint.id).owners_voted == 1
    assert repo.voided_by_last_change(owner) == []
