"""One owner buys a flat and sells another of his during the same vote (Civil Code art.
278; the SPC's interpretation on building ownership art. 9: one who owns several flats
counts once in the headcount). He owned 201 and 202 when voting opened (one key) and voted
from 201; during the vote he buys 102 from its owner and sells 202 to a newcomer, and the
admin corrects the street file. He counts once, for 201 and 102; 202 follows the rule of
any flat sold during a vote: his vote counts for it until its buyer votes, then it is its
buyer's alone; 102's seller, holding nothing else, leaves the headcount."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository

A101, A102, A201, A202 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201", "c1/1/1/202"

# 60, 80, 100, 70 m²: 101 and 102 of one owner each, 201 and 202 his (key m)
STREET = SMALL_STREET.replace(
    '{room: "201", area_m2: 100}',
    '{room: "201", area_m2: 100, owner: m}\n'
    '                  - {room: "202", area_m2: 70, owner: m}')
# corrected during the vote: 102 his (key m), 202 its buyer's own
CORRECTED = STREET.replace('{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: m}'
                           ).replace('area_m2: 70, owner: m}', 'area_m2: 70}')


def _moves_in(repo: Repository, tid: int, flat: str, relation: str) -> int:
    reg = repo.register(pid(repo, tid), flat, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, tid), relation)
    return pid(repo, tid)


@pytest.mark.parametrize("order", ["bought_first", "sold_first"])
@pytest.mark.parametrize("matter", ["use_maintenance_fund", "raise_maintenance_fund"])
def test_an_owner_who_buys_one_flat_and_sells_another_during_a_vote_counts_once(
        tmp_path, order, matter):
    repo = Repository.init(tmp_path / "data", parse_street(STREET), clock=StepClock())
    try:
        neighbour = confirmed_resident(repo, 7001, A101, 101)
        seller = confirmed_resident(repo, 7002, A102, 101)
        him = confirmed_resident(repo, 7003, A201, 101)
        confirmed_resident(repo, 7004, A202, 101, relation="tenant")  # his tenant
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter=matter, deadline="2025-12-31")
        assert repo.tally(p.id).owners_total == 3  # 101, 102, him (201 and 202)
        repo.cast_vote(neighbour, p.id, "disagree")
        hers, _ = repo.cast_vote(seller, p.id, "disagree")
        his, _ = repo.cast_vote(him, p.id, "agree")
        repo.merge_street(parse_street(CORRECTED),
                          list(range(len(repo.merge_plan(parse_street(CORRECTED))))))
        repo.move_out(seller)
        steps = ["buy", "sell"] if order == "bought_first" else ["sell", "buy"]
        for step in steps:
            if step == "buy":  # his son moves into 102 and votes for him
                son = _moves_in(repo, 7005, A102, "family")
                _, replaced = repo.cast_vote(son, p.id, "agree")
                assert replaced is not None and replaced.id == his.id
                his = repo.household_vote_entry(p.id, A102)  # his one vote now
            else:  # 202's buyer moves in, says he owns it, votes
                buyer = _moves_in(repo, 7006, A202, "owner")
                before = repo.tally(p.id)
                assert before.owners_total == (3 if step == steps[0] else 2)
                _, replaced = repo.cast_vote(buyer, p.id, "disagree")
                assert replaced is None  # his vote still counts, for the flats he holds
        assert repo.entry(hers.id).status == Status.REPLACED  # she holds nothing now
        assert repo.household_vote(p.id, A201) == "agree"
        assert repo.household_vote(p.id, A102) == "agree"
        assert repo.household_vote(p.id, A202) == "disagree"
        assert repo.vote_households(p.id, A201) == [A102, A201]
        assert repo.vote_households(p.id, A202) == [A202]
        t = repo.tally(p.id)
        # heads: 101, him (201 + 102), 202's buyer: three owners, all voted, he once
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 3, 1, 2)
        assert (t.area_total, t.area_agree, t.area_disagree) == (310, 180, 130)
        assert t.participation_owners == 1 and t.participation_area == 1
        assert not t.passed  # 1 of 3 owners agree
        again = t
        repo.close()
        repo = Repository.open(tmp_path / "data", clock=StepClock())
        assert repo.tally(p.id) == again
        assert Fraction(repo.tally(p.id).area_agree, 310) == Fraction(18, 31)
    finally:
        repo.close()


# corrected during the vote: 102 his (key m), 201, the flat he lived in and voted from, its
# buyer's own; he keeps 202
SOLD_HOME = STREET.replace('{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: m}'
                           ).replace('area_m2: 100, owner: m}', 'area_m2: 100}')


@pytest.mark.parametrize("order", ["bought_first", "sold_first", "two_corrections"])
def test_an_owner_who_buys_one_flat_and_sells_the_one_he_voted_from_counts_once(tmp_path,
                                                                              order):
    """As above, but the flat he sells is 201, where he lived and voted from: he keeps 202
    (let) and 102 (his son's); 201's buyer counts for 201 alone. The admin may correct
    the file once for both, or for each sale when it is known (``two_corrections``)."""
    repo = Repository.init(tmp_path / "data", parse_street(STREET), clock=StepClock())
    try:
        neighbour = confirmed_resident(repo, 7001, A101, 101)
        seller = confirmed_resident(repo, 7002, A102, 101)
        him = confirmed_resident(repo, 7003, A201, 101)
        confirmed_resident(repo, 7004, A202, 101, relation="tenant")  # his tenant
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="raise_maintenance_fund",
                                 deadline="2025-12-31")
        repo.cast_vote(neighbour, p.id, "disagree")
        hers, _ = repo.cast_vote(seller, p.id, "disagree")
        repo.cast_vote(him, p.id, "agree")
        files = [CORRECTED.replace('area_m2: 70}', 'area_m2: 70, owner: m}'), SOLD_HOME] \
            if order == "two_corrections" else [SOLD_HOME]
        repo.move_out(seller)
        steps = ["sell", "buy"] if order == "sold_first" else ["buy", "sell"]
        for step in steps:
            if files and (step == "buy" or len(files) == 1):
                street = files.pop(0)
                repo.merge_street(parse_street(street),
                                  list(range(len(repo.merge_plan(parse_street(street))))))
            if step == "buy":  # his son moves into 102 and votes for him
                son = _moves_in(repo, 7005, A102, "family")
                repo.cast_vote(son, p.id, "agree")
            else:  # he moves out of 201; its buyer moves in, says he owns it, votes
                buyer = _moves_in(repo, 7006, A201, "owner")
                _, replaced = repo.cast_vote(buyer, p.id, "disagree")
                assert replaced is None  # his vote still counts, for the flats he holds
        assert repo.entry(hers.id).status == Status.REPLACED  # she holds nothing now
        assert repo.household_vote(p.id, A202) == "agree"
        assert repo.household_vote(p.id, A102) == "agree"
        assert repo.household_vote(p.id, A201) == "disagree"
        assert repo.vote_households(p.id, A102) == [A102, A202]
        assert repo.vote_households(p.id, A201) == [A201]
        t = repo.tally(p.id)
        # heads: 101, him (202 + 102), 201's buyer: three owners, all voted, he once
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (3, 3, 1, 2)
        assert (t.area_total, t.area_agree, t.area_disagree) == (310, 150, 160)
        again = t
        repo.close()
        repo = Repository.open(tmp_path / "data", clock=StepClock())
        assert repo.tally(p.id) == again
    finally:
        repo.close()


def test_an_owner_of_one_flat_who_buys_another_and_sells_his_own_keeps_the_one_he_bought(
        tmp_path):
    """He owned only 201 when voting opened and voted from it; he buys 102 (his son moves
    in and votes for him: one vote for both) and then sells 201, the file corrected each
    time. 201's buyer counts for 201 alone; he still counts once, for 102; 102's seller
    not at all."""
    alone = STREET.replace(", owner: m}", "}")
    bought = alone.replace('{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: m}'
                           ).replace('area_m2: 100}', 'area_m2: 100, owner: m}')
    repo = Repository.init(tmp_path / "data", parse_street(alone), clock=StepClock())
    try:
        neighbour = confirmed_resident(repo, 7001, A101, 101)
        seller = confirmed_resident(repo, 7002, A102, 101)
        him = confirmed_resident(repo, 7003, A201, 101)
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="raise_maintenance_fund",
                                 deadline="2025-12-31")
        assert repo.tally(p.id).owners_total == 4
        repo.cast_vote(neighbour, p.id, "disagree")
        hers, _ = repo.cast_vote(seller, p.id, "disagree")
        repo.cast_vote(him, p.id, "agree")
        for street in (bought, alone.replace('area_m2: 80}', 'area_m2: 80, owner: m}')):
            repo.merge_street(parse_street(street),
                              list(range(len(repo.merge_plan(parse_street(street))))))
            if street == bought:
                repo.move_out(seller)
                son = _moves_in(repo, 7005, A102, "family")
                _, replaced = repo.cast_vote(son, p.id, "agree")
                assert replaced is not None
                assert repo.tally(p.id).owners_total == 3  # 101, him (201 + 102), 202
        buyer = _moves_in(repo, 7006, A201, "owner")
        _, replaced = repo.cast_vote(buyer, p.id, "disagree")
        assert replaced is None  # his vote still counts, for 102
        assert repo.entry(hers.id).status == Status.REPLACED
        assert repo.household_vote(p.id, A102) == "agree"
        assert repo.household_vote(p.id, A201) == "disagree"
        assert repo.vote_households(p.id, A102) == [A102]
        assert repo.vote_households(p.id, A201) == [A201]
        t = repo.tally(p.id)
        # heads: 101, him (102), 201's buyer, 202 (not voted)
        assert (t.owners_total, t.owners_voted, t.agree, t.disagree) == (4, 3, 1, 2)
        assert (t.area_total, t.area_agree, t.area_disagree) == (310, 80, 160)
        again = t
        repo.close()
        repo = Repository.open(tmp_path / "data", clock=StepClock())
        assert repo.tally(p.id) == again
    finally:
        repo.close()
