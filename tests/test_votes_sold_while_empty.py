"""Flats of an owner of several sold while a vote is open (Civil Code art. 278; the SPC's
interpretation on building ownership art. 9: one who owns several flats counts once): a
flat nobody had registered in when voting opened is noticed when its buyer comes or the
street file says so, and a buyer of two of her flats counts once when he votes again after
the street file groups them."""

from __future__ import annotations

from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository

A101, A102, A201 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"  # 60, 80, 100 m²

# 101 and 102 are one owner's (key k)
OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')
BOTH_TO_B = OWNED.replace("owner: k", "owner: b")  # she sold both to one buyer
ONE_TO_B = OWNED.replace("area_m2: 60, owner: k", "area_m2: 60, owner: b")  # 101 only


def _repo(tmp_path) -> Repository:  # type: ignore[no-untyped-def]
    return Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())


def _merge(repo: Repository, street: str) -> None:
    plan = repo.merge_plan(parse_street(street))
    assert plan
    repo.merge_street(parse_street(street), list(range(len(plan))))


def _registers(repo: Repository, tid: int, flat: str, relation: str,
               moved_out: bool = False) -> int:
    reg = repo.register(pid(repo, tid), flat, consent=CONSENT_VERSION)
    if moved_out:
        repo.approve(reg.id, pid(repo, 101), moved_out=True)
    else:
        repo.approve(reg.id, pid(repo, 101))
    repo.set_relation(pid(repo, tid), relation)
    return pid(repo, tid)


def _open(repo: Repository):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, matter="use_maintenance_fund",
                                deadline="2025-12-31")


def test_the_buyer_of_a_flat_nobody_lived_in_votes_for_it_alone(tmp_path):
    """She lives in 102 and owns 101 (one key), where nobody had registered; she voted 同意.
    She sells 101 during the vote; its buyer registers there (no former resident to move
    out), says he owns it and votes 反对. Before, his vote replaced hers for both flats
    (140 m²): her voice was gone and he spoke for her flat. Now two people each say they own
    theirs: he counts for 101 alone, her vote still for 102, and /vote tells neither of
    them the other's choice."""
    repo = _repo(tmp_path)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        neighbour = confirmed_resident(repo, 7003, A201, 101)
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        repo.cast_vote(neighbour, p.id, "agree")
        buyer = _registers(repo, 7004, A101, "owner")
        assert repo.households_told(p.id, A102) == [A102]  # her choice is not his to hear
        his, replaced = repo.cast_vote(buyer, p.id, "disagree")
        assert replaced is None
        assert repo.entry(hers.id).status == Status.COUNTED
        assert repo.vote_households(p.id, A101) == [A101]
        assert repo.vote_households(p.id, A102) == [A102]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 3, 2, 1)
        assert (t.area_agree, t.area_disagree, t.area_total) == (180, 60, 240)
    finally:
        repo.close()


def test_the_buyer_of_an_empty_flat_the_file_says_was_sold_votes_for_it_alone(tmp_path):
    """Nobody lives in 101 or 102 (hers); her paper signature 同意 counts for both. She
    sells 101 and the admin corrects the street file; its buyer registers, says he owns it
    and votes 反对. Before, he was asked to replace her paper signature (for both flats).
    Now he counts for 101 alone."""
    repo = _repo(tmp_path)
    try:
        p = _open(repo)
        hers, _ = repo.cast_vote(pid(repo, 101), p.id, "agree", household=A102, paper=True)
        _merge(repo, ONE_TO_B)
        buyer = _registers(repo, 7004, A101, "owner")
        _, replaced = repo.cast_vote(buyer, p.id, "disagree")
        assert replaced is None
        assert repo.entry(hers.id).status == Status.COUNTED
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
    finally:
        repo.close()


def test_her_family_moving_into_her_empty_flat_still_votes_for_her(tmp_path):
    """As above, but her son registers in 101 and says he is the owner's family: his vote
    is hers, for both flats (replacing her paper signature once confirmed)."""
    repo = _repo(tmp_path)
    try:
        p = _open(repo)
        hers, _ = repo.cast_vote(pid(repo, 101), p.id, "agree", household=A102, paper=True)
        son = _registers(repo, 7004, A101, "family")
        vote, replaced = repo.cast_vote(son, p.id, "disagree", replaces=hers.id)
        assert replaced is not None and replaced.id == hers.id
        assert repo.vote_households(p.id, A101) == [A101, A102]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.disagree) == (2, 1, 1)
    finally:
        repo.close()


def test_a_paper_signature_for_an_empty_flat_the_file_says_was_sold_counts_for_it_alone(
        tmp_path):
    """Nobody lives in 101 or 102 (hers); her paper signature 同意 counts for both. She
    sells 101, the admin corrects the street file (101 its buyer's), and a volunteer brings
    the buyer's paper signature for 101. Before, it was taken for hers (the volunteer asked
    to replace her signature for both flats). Now it counts for 101 alone."""
    repo = _repo(tmp_path)
    try:
        p = _open(repo)
        hers, _ = repo.cast_vote(pid(repo, 101), p.id, "agree", household=A102, paper=True)
        _merge(repo, ONE_TO_B)
        _, replaced = repo.cast_vote(pid(repo, 101), p.id, "disagree", household=A101,
                                     paper=True)
        assert replaced is None
        assert repo.entry(hers.id).status == Status.COUNTED
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 2, 1, 1)
        assert (t.area_agree, t.area_disagree) == (80, 60)
    finally:
        repo.close()


def test_a_buyer_of_two_of_her_flats_counts_once_when_the_file_groups_them(tmp_path):
    """She lives in 102 and owns 101 (her tenant's); she sells both to one buyer. He moves
    into 101, says he owns it and votes 反对 while the file still lists both as hers: 101
    is his alone, her 同意 still stands for 102 (nothing says yet who bought it). She moves
    out, the admin corrects the file (101 and 102 his) and he votes again: he counts once
    for both, her vote ends. Before, he stayed two owners (101, and 102 under her name)
    until someone voted for 102."""
    repo = _repo(tmp_path)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        confirmed_resident(repo, 7002, A101, 101, relation="tenant")
        neighbour = confirmed_resident(repo, 7003, A201, 101)
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        repo.cast_vote(neighbour, p.id, "agree")
        buyer = _registers(repo, 7004, A101, "owner", moved_out=True)
        first, _ = repo.cast_vote(buyer, p.id, "disagree")
        assert repo.tally(p.id).owners_total == 3
        repo.move_out(her)
        _merge(repo, BOTH_TO_B)
        again, replaced = repo.cast_vote(buyer, p.id, "disagree")
        assert replaced is not None and replaced.id == first.id
        assert repo.entry(hers.id).status == Status.REPLACED  # she owns neither now
        assert repo.vote_households(p.id, A101) == [A101, A102]
        assert repo.household_vote(p.id, A102) == "disagree"
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (2, 2, 1, 1)
        assert (t.area_agree, t.area_disagree) == (100, 140)
        before = t
        repo.close()
        repo = Repository.open(tmp_path / "data", clock=StepClock())
        assert repo.tally(p.id) == before
        assert repo.vote_households(p.id, A102) == [A101, A102]
    finally:
        repo.close()


def test_a_buyer_of_two_of_her_flats_counts_once_as_soon_as_the_file_groups_them(tmp_path):
    """As above, but he does not vote again: the admin's merge of the corrected file joins
    102 to his share at once (SPC art. 9), her vote ends, and the vote closing now counts
    him once. Before, he stayed two owners (3 instead of 2) until someone voted again."""
    repo = _repo(tmp_path)
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        confirmed_resident(repo, 7002, A101, 101, relation="tenant")
        neighbour = confirmed_resident(repo, 7003, A201, 101)
        p = _open(repo)
        hers, _ = repo.cast_vote(her, p.id, "agree")
        repo.cast_vote(neighbour, p.id, "agree")
        buyer = _registers(repo, 7004, A101, "owner", moved_out=True)
        first, _ = repo.cast_vote(buyer, p.id, "disagree")
        repo.move_out(her)
        assert repo.tally(p.id).owners_total == 3
        _merge(repo, BOTH_TO_B)
        assert repo.entry(hers.id).status == Status.REPLACED
        assert repo.entry(first.id).status == Status.COUNTED
        assert repo.vote_households(p.id, A102) == [A101, A102]
        t = repo.tally(p.id)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (2, 2, 1, 1)
        assert (t.area_agree, t.area_disagree) == (100, 140)
        before = t
        repo.close()
        repo = Repository.open(tmp_path / "data", clock=StepClock())
        assert repo.tally(p.id) == before
        again, replaced = repo.cast_vote(buyer, p.id, "agree")  # his one vote, changed
        assert replaced is not None and replaced.id == first.id
        assert repo.tally(p.id).owners_total == 2
    finally:
        repo.close()
