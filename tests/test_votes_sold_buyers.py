"""Flats that change hands while a vote is open, and who their buyers are (Civil Code
art. 278; the SPC's interpretation on building ownership art. 9: one who owns several
flats counts once in the headcount). What the street file says of a buyer counts only
when it was corrected since voting opened: a file as it was still lists the seller's
flats under her key, and says nothing of who bought them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository
from db.votes import VoteConflict

A101, A102, A201 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"  # 60, 80, 100 m²

# 101 and 102 are one owner's (key k)
OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


def _repo(tmp_path, street: str) -> Repository:  # type: ignore[no-untyped-def]
    return Repository.init(tmp_path / "data", parse_street(street), clock=StepClock())


def _merge(repo: Repository, street: str) -> None:
    """The admin merges a corrected street file, accepting every change."""
    plan = repo.merge_plan(parse_street(street))
    assert plan
    repo.merge_street(parse_street(street), list(range(len(plan))))


def _moves_in(repo: Repository, tid: int, flat: str, relation: str) -> int:
    """``tid`` registers in ``flat``, confirmed as its former residents having moved out."""
    reg = repo.register(pid(repo, tid), flat, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, tid), relation)
    return pid(repo, tid)


def _open(repo: Repository, matter: str = "use_maintenance_fund"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter=matter, deadline="2025-12-31")


def test_a_stale_street_file_does_not_make_two_buyers_one_owner(tmp_path):
    """She owned 101 and 102 (one key) and sold them to two people during the vote: A lives
    in 102 and says he owns it; 101's buyer lives elsewhere, 101 is empty. The street file
    was not corrected. A's vote counts for 102 alone; the paper signature a volunteer
    collects from 101's buyer stands for 101 (her last flat, so it replaces her vote) and
    never replaces A's."""
    repo = _repo(tmp_path, OWNED)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        son = confirmed_resident(repo, 7005, A101, 101, relation="family")
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        repo.move_out(son)
        a = _moves_in(repo, 7002, A102, "owner")
        his, _ = repo.cast_vote(a, p.id, "disagree")
        with pytest.raises(VoteConflict) as asked:  # her online vote, not A's
            repo.cast_vote(pid(repo, 101), p.id, "agree", household=A101, paper=True)
        assert asked.value.params["earlier"] == hers.id
        repo.cast_vote(pid(repo, 101), p.id, "agree", household=A101, paper=True,
                       replaces=hers.id)
        assert repo.entry(his.id).status == Status.COUNTED
        t = repo.tally(p.id)
        # heads: A (102), 101's buyer, 201: three owners, two voted
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
        assert (t.area_agree, t.area_disagree, t.area_total) == (60, 80, 240)
        assert t.participation_owners == Fraction(2, 3)  # two thirds: met
        assert t.participation_area == Fraction(140, 240)  # short of two thirds
        assert not t.passed
    finally:
        repo.close()


# 201's owner buys 102, a flat of one owner, during the vote: the file corrected lists
# both under his key
PRIOR = SMALL_STREET.replace('{room: "102", area_m2: 80}',
                             '{room: "102", area_m2: 80, owner: m}').replace(
    '{room: "201", area_m2: 100}', '{room: "201", area_m2: 100, owner: m}')


@pytest.mark.parametrize("how", ["family", "paper"])
def test_a_buyer_who_already_owned_a_flat_counts_once(tmp_path, how):
    """He lives in 201 and voted 同意; he buys 102 during the vote (its seller voted 反对)
    and the admin corrects the street file. A vote for 102 now (his son living there, or
    a paper signature) is his one owner's vote: it replaces his own for 201, her vote ends,
    and the headcount is two. 101 agrees, he disagrees: 1 of 2 owners is not more than
    half, so the proposal does not pass (counted twice, 2 of 3 owners and 160 of 240 m²
    agreed and it passed)."""
    repo = _repo(tmp_path, SMALL_STREET)
    try:
        neighbour = confirmed_resident(repo, 7001, A101, 101)
        seller = confirmed_resident(repo, 7002, A102, 101)
        buyer = confirmed_resident(repo, 7003, A201, 101)
        p = _open(repo)
        repo.cast_vote(neighbour, p.id, "agree")
        hers, _ = repo.cast_vote(seller, p.id, "agree")
        mine, _ = repo.cast_vote(buyer, p.id, "agree")
        assert repo.tally(p.id).owners_total == 3
        _merge(repo, PRIOR)
        if how == "family":
            son = _moves_in(repo, 7004, A102, "family")
            vote, replaced = repo.cast_vote(son, p.id, "disagree")
        else:
            repo.move_out(seller)
            with pytest.raises(VoteConflict) as asked:  # his online vote, from 201
                repo.cast_vote(pid(repo, 101), p.id, "disagree", household=A102, paper=True)
            assert asked.value.params["earlier"] == mine.id
            vote, replaced = repo.cast_vote(pid(repo, 101), p.id, "disagree", household=A102,
                                            paper=True, replaces=mine.id)
        assert replaced is not None and replaced.id == mine.id
        assert repo.entry(hers.id).status == Status.REPLACED  # she owns nothing here now
        now = repo.counting_vote(hers.id)  # her 我的: the vote counting for 102 now
        assert now is not None and now.id == vote.id
        assert repo.household_vote(p.id, A201) == "disagree"
        assert repo.vote_households(p.id, A102) == [A102, A201]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (2, 2, 1, 1)
        assert (t.households_total, t.households_voted) == (3, 3)
        assert (t.area_agree, t.area_disagree) == (60, 180)
        assert t.participation_owners == 1 and t.participation_area == 1
        assert Fraction(t.agree, t.owners_voted) == Fraction(1, 2)  # not more than half
        assert not t.passed
        before = t
        repo.close()
        again = Repository.open(tmp_path / "data", clock=StepClock())
        try:
            assert again.tally(p.id) == before
            assert again.vote_households(p.id, A201) == [A102, A201]
        finally:
            again.close()
    finally:
        repo.close()


@pytest.mark.parametrize(("matter", "relation"), [("everyday", "tenant"),
                                                  ("use_maintenance_fund", "family")])
def test_the_buyers_tenant_or_family_votes_for_the_sold_flat_alone(tmp_path, matter,
                                                                   relation):
    """She lives in 101 and owns 102 too; 102 is sold during the vote and the admin corrects
    the street file (102 its own owner now). The buyer's tenant (on an everyday matter) or
    his family moves in and votes: it counts for 102 alone, her vote still for 101."""
    repo = _repo(tmp_path, OWNED)
    try:
        her = confirmed_resident(repo, 7001, A101, 101)
        confirmed_resident(repo, 7006, A102, 101, relation="tenant")  # her tenant, then
        p = _open(repo, matter)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        _merge(repo, OWNED.replace("area_m2: 80, owner: k}", "area_m2: 80}"))
        new = _moves_in(repo, 7002, A102, relation)
        _, replaced = repo.cast_vote(new, p.id, "disagree")
        assert replaced is None
        assert repo.entry(hers.id).status == Status.COUNTED
        assert repo.household_vote(p.id, A101) == "agree"
        assert repo.household_vote(p.id, A102) == "disagree"
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
        assert (t.area_agree, t.area_disagree) == (60, 80)
        assert not t.passed  # 1 of 2: not more than half
    finally:
        repo.close()


def test_a_file_corrected_before_her_tenant_moves_in_keeps_her_flats_hers(tmp_path):
    """The admin wrote her key again (renamed) during the vote: 102 is still hers, and a new
    tenant's vote for it is her one owner's vote, as before."""
    repo = _repo(tmp_path, OWNED)
    try:
        her = confirmed_resident(repo, 7001, A101, 101)
        confirmed_resident(repo, 7006, A102, 101, relation="tenant")
        p = _open(repo, "everyday")
        hers, _ = repo.cast_vote(her, p.id, "agree")
        _merge(repo, OWNED.replace("owner: k}", "owner: k2}"))
        tenant = _moves_in(repo, 7002, A102, "tenant")
        _, replaced = repo.cast_vote(tenant, p.id, "disagree")
        assert replaced is not None and replaced.id == hers.id
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.disagree) == (2, 1, 1)
    finally:
        repo.close()


BOUGHT = OWNED.replace("owner: k}", "owner: b}")


def test_his_family_in_the_other_flat_he_bought_hears_of_his_vote(tmp_path):
    """She owned 101 and 102 and sold both to one buyer during the vote, the file corrected:
    he lives in 102, his wife in 101. His vote replaces hers for both flats, and his wife's
    flat is his household too: told (a flat sold to someone else is not)."""
    repo = _repo(tmp_path, OWNED)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        confirmed_resident(repo, 7005, A101, 101, relation="family")
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        he = _moves_in(repo, 7002, A102, "owner")
        _moves_in(repo, 7003, A101, "family")
        assert repo.households_told(p.id, A102) == [A102]  # the file as it was: unknown
        _merge(repo, BOUGHT)
        his, replaced = repo.cast_vote(he, p.id, "disagree")
        assert replaced is not None and replaced.id == hers.id
        assert repo.households_told(p.id, A102) == [A101, A102]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.disagree, t.area_disagree) == (2, 1, 1, 140)
        assert not repo.for_former_owner(p.id, A101, his.id)
        assert repo.for_former_owner(p.id, A101, hers.id)  # hers, cast before the sale
    finally:
        repo.close()


def test_the_flat_his_wife_moves_into_after_he_voted_joins_his_share_when_she_votes(tmp_path):
    """He bought both of her flats (the file corrected) and voted from 102 while her son
    still lived in 101: his vote counts for 102 alone, hers still for 101. His wife moves
    into 101: the vote counted for it is its former owner's (not told her which way), and
    hers, when she votes, is his one owner's vote for both flats (it replaces his)."""
    repo = _repo(tmp_path, OWNED)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        confirmed_resident(repo, 7005, A101, 101, relation="family")
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        he = _moves_in(repo, 7002, A102, "owner")
        _merge(repo, BOUGHT)
        his, _ = repo.cast_vote(he, p.id, "disagree")
        assert repo.households_told(p.id, A102) == [A102]
        assert repo.tally(p.id).owners_total == 3
        wife = _moves_in(repo, 7003, A101, "family")
        assert repo.household_vote(p.id, A101) == "agree"
        assert repo.for_former_owner(p.id, A101, hers.id)  # hers, cast before the sale
        _, replaced = repo.cast_vote(wife, p.id, "abstain")
        assert replaced is not None and replaced.id == his.id
        assert repo.entry(hers.id).status == Status.REPLACED  # she holds neither now
        assert repo.households_told(p.id, A101) == [A101, A102]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.abstain, t.area_abstain) == (2, 1, 1, 140)
    finally:
        repo.close()
