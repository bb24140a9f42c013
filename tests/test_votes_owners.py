"""Who casts a home's vote online (Civil Code art. 278: the owners decide their joint
matters): the owner, or the owner's family for them. A tenant is refused on a joint
matter and in an election, and so is a resident who has not said how they stand to
their home; every confirmed resident votes on an everyday matter; a volunteer's paper
ballot is the owner's and is not asked about. A new home forgets the answer."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid

from db.errors import DomainError, PermissionDenied
from db.people import Relation, joint_vote_refusal

EAST_101, EAST_102, EAST_201 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"


def _proposal(repo, matter: str):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter=matter, deadline="2025-01-20")


def _election(repo):  # type: ignore[no-untyped-def]
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲", "候选人乙"], deadline="2025-01-20")


@pytest.mark.parametrize("relation, code", [("tenant", "tenant_no_vote"),
                                            (None, "relation_unknown")])
def test_a_tenant_or_a_resident_who_did_not_say_is_refused_on_joint_matters(repo, relation,
                                                                           code):
    who = confirmed_resident(repo, 5001, EAST_101, 101, relation=relation)
    joint, election = _proposal(repo, "use_maintenance_fund"), _election(repo)
    with pytest.raises(PermissionDenied) as err:
        repo.cast_vote(who, joint.id, "agree")
    assert err.value.code == code and str(err.value)
    with pytest.raises(PermissionDenied) as err:
        repo.cast_ballot(who, election.id, [1])
    assert err.value.code == code
    assert repo.household_vote(joint.id, EAST_101) is None
    assert repo.ballot_of(election.id, EAST_101) is None
    assert repo.tally(joint.id).owners_voted == 0
    # an everyday matter stays open to every confirmed resident
    everyday = _proposal(repo, "everyday")
    vote, _ = repo.cast_vote(who, everyday.id, "agree")
    assert repo.household_vote(everyday.id, EAST_101) == "agree" and vote.data["voter"]


@pytest.mark.parametrize("relation", ["owner", "family"])
def test_the_owner_or_the_owners_family_casts_the_homes_vote(repo, relation):
    who = confirmed_resident(repo, 5001, EAST_101, 101, relation=relation)
    joint, election = _proposal(repo, "rebuild"), _election(repo)
    repo.cast_vote(who, joint.id, "disagree")
    repo.cast_ballot(who, election.id, [2])
    assert repo.household_vote(joint.id, EAST_101) == "disagree"
    assert repo.ballot_of(election.id, EAST_101) == [2]


def test_saying_it_first_then_voting_and_a_tenant_of_a_flat_whose_owner_votes(repo):
    tenant = confirmed_resident(repo, 5001, EAST_102, 101, relation=None)
    joint = _proposal(repo, "other_major")
    with pytest.raises(PermissionDenied):
        repo.cast_vote(tenant, joint.id, "agree")
    assert repo.set_relation(tenant, "tenant")["relation"] == "tenant"
    assert repo.person(tenant)["relation"] == "tenant"  # kept in the store
    with pytest.raises(PermissionDenied) as err:
        repo.cast_vote(tenant, joint.id, "agree")
    assert err.value.code == "tenant_no_vote"
    owner = confirmed_resident(repo, 5002, EAST_102, 101, relation=None)  # same flat
    repo.set_relation(owner, Relation.OWNER)
    repo.cast_vote(owner, joint.id, "agree")
    assert repo.household_vote(joint.id, EAST_102) == "agree"


def test_a_paper_ballot_is_the_owners_whatever_the_volunteer_said_of_their_own_home(repo):
    joint, election = _proposal(repo, "manager_hiring"), _election(repo)
    volunteer = pid(repo, 101)  # has no home, never said anything
    repo.cast_vote(volunteer, joint.id, "agree", household=EAST_201, paper=True)
    repo.cast_ballot(volunteer, election.id, [1], household=EAST_201, paper=True)
    assert repo.household_vote(joint.id, EAST_201) == "agree"
    assert repo.ballot_of(election.id, EAST_201) == [1]


def test_only_a_confirmed_resident_says_it_and_a_new_home_forgets_it(repo):
    with pytest.raises(PermissionDenied) as err:
        repo.set_relation(pid(repo, 7777), "owner")
    assert err.value.code == "not_confirmed"
    with pytest.raises(DomainError) as err:
        repo.set_relation(pid(repo, 7777), "landlord")
    assert err.value.code == "bad_choice"
    who = confirmed_resident(repo, 5001, EAST_101, 101, relation="owner")
    confirmed_resident(repo, 5001, EAST_101, 101, relation=None)  # the same home again
    assert repo.person(who)["relation"] == "owner"
    confirmed_resident(repo, 5001, EAST_201, 101, relation=None)  # moved to another flat
    assert "relation" not in repo.person(who)
    assert joint_vote_refusal(repo.person(who)) == "relation_unknown"
    assert joint_vote_refusal({"relation": "family"}) is None
    assert joint_vote_refusal({"relation": "boss"}) == "relation_unknown"


def test_the_relation_is_in_the_persons_own_data_and_nowhere_public(repo):
    who = confirmed_resident(repo, 5001, EAST_101, 101, relation="family")
    assert repo.export_person(who)["person"]["relation"] == "family"
    repo.forget(who)
    assert "relation" not in repo.person(who)
