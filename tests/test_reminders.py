"""Reminders in the domain: the daily digest (entries waiting more than a day,
reports without progress for a week, votes closing within three days with
their participation against the quorum), the households that have not paid a
fee as the fees page counts them, the households that have not voted, and the
record that makes each reminder go once, across restarts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import SMALL_STREET, confirmed_resident, pid

from db.config import parse_street
from db.entries import Kind
from db.errors import DomainError, PermissionDenied
from db.fees import collection
from db.reminders import reminders_on
from db.repository import Repository


def later(repo, **delta) -> None:
    repo.clock.now += timedelta(**delta)


def test_the_digest_lists_entries_waiting_more_than_a_day_only(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    old = repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    later(repo, days=1, hours=2)
    repo.submit(resident, Kind.OPINION, "east", {"text": "刚提的意见"})
    digest = repo.digest("east")
    assert [w["id"] for w in digest["waiting"]] == [old.id]
    assert digest["waiting"][0]["days"] >= 1 and digest["waiting"][0]["kind"] == "opinion"
    assert repo.digest("west")["waiting"] == []


def test_the_digest_lists_reports_without_progress_for_seven_days(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    stale = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    moving = repo.submit(resident, Kind.ISSUE, "east", {"category": "sanitation",
                                                         "text": "垃圾没人收"})
    repo.approve(stale.id, pid(repo, 101))
    repo.approve(moving.id, pid(repo, 101))
    later(repo, days=6)
    repo.issue_step(moving.id, pid(repo, 101), "in_progress", "已联系环卫")
    later(repo, days=2)
    digest = repo.digest("east")
    assert [(s["id"], s["text"]) for s in digest["stale"]] == [(stale.id, "路灯坏了")]
    assert digest["stale"][0]["days"] == 8


def test_the_digest_lists_votes_closing_within_three_days_with_the_quorum(repo):
    v1 = pid(repo, 101)
    residents = [confirmed_resident(repo, 5000 + n, f"c1/1/1/{room}", 101)
                 for n, room in enumerate(("101", "102"))]
    soon = repo.create_proposal(v1, "east", title="加装电梯", description="", budget_fen=0,
                                rule="civil_code_278", deadline="2025-01-03")
    repo.create_proposal(v1, "east", title="远期提议", description="", budget_fen=0,
                         rule="simple_majority", deadline="2025-03-01")
    repo.cast_vote(residents[0], soon.id, "agree")
    [closing] = repo.digest("east")["closing"]
    assert closing["id"] == soon.id and closing["deadline"] == "2025-01-03"
    assert (closing["voted"], closing["total"]) == (1, 3)
    assert closing["participation"] == "33.3%" and closing["quorum"] == "2/3"
    assert closing["area_participation"] == "25.0%"  # 60 of 240 m²
    assert closing["quorum_met"] is False
    # two thirds: 2 of 3 households and 160 of 240 m²; one more and 100 m² more to go
    assert (closing["owners_needed"], closing["area_needed"]) == (2, "160.0")
    assert (closing["owners_short"], closing["area_short"]) == (1, "100.0")


OWNED = SMALL_STREET.replace(
    '''                  - {room: "101", area_m2: 60}
                  - {room: "102", area_m2: 80}''',
    '''                  - {room: "101", area_m2: 60, owner: k7}
                  - {room: "102", area_m2: 80, owner: k7}''')


def test_the_digest_counts_owners_not_flats_and_what_the_quorum_still_needs(tmp_path, clock):
    # 101 and 102 have one owner: 2 owners, 3 flats, 240 m². 201 (100 m²) votes.
    repo = Repository.init(tmp_path / "owned", parse_street(OWNED), clock=clock)
    try:
        voter = confirmed_resident(repo, 5001, "c1/1/1/201", 101)
        soon = repo.create_proposal(pid(repo, 101), "east", title="筹集维修资金",
                                    description="", budget_fen=0,
                                    matter="raise_maintenance_fund", deadline="2025-01-03")
        repo.cast_vote(voter, soon.id, "agree")
        [closing] = repo.digest("east")["closing"]
        assert closing["by_owner"] is True
        assert (closing["voted"], closing["total"]) == (1, 2)  # owners
        assert (closing["households_voted"], closing["households_total"]) == (1, 3)
        assert closing["participation"] == "50.0%"
        # two thirds of 2 owners is 2; of 240 m², 160 m²: the owner of 101 and 102 is missing
        assert (closing["owners_needed"], closing["area_needed"]) == (2, "160.0")
        assert (closing["owners_short"], closing["area_short"]) == (1, "60.0")
        assert closing["quorum_met"] is False
        owner = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
        repo.cast_vote(owner, soon.id, "disagree")
        [closing] = repo.digest("east")["closing"]
        assert (closing["owners_short"], closing["area_short"], closing["quorum_met"]) == (
            0, "0.0", True)
    finally:
        repo.close()


def test_unpaid_lists_the_households_the_fees_page_counts_as_not_paid(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    fee = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    month = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-03",
        "household": "c1/1/1/102"})
    repo.approve(month.id, pid(repo, 102), separate="另一笔")
    basis, unpaid = repo.unpaid(pid(repo, 101), "east", "sanitation", "2025")
    assert basis == "household" and unpaid == ["c1/1/1/102", "c1/1/1/201"]
    [row] = [r for r in collection(repo.street, "east", repo.entries(area="east"))
             if r["period"] == "2025"]
    assert row["payers"] - row["paid"] == len(unpaid)
    assert repo.unpaid(pid(repo, 101), "east", "sanitation", "2026")[1] == [
        "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"]


def test_unpaid_is_for_the_areas_volunteers_only(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    for who in (resident, pid(repo, 103)):
        with pytest.raises(PermissionDenied):
            repo.unpaid(who, "east", "sanitation", "2025")


def test_not_voted_lists_households_whose_owner_has_not_voted(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装门", description="",
                                    budget_fen=0, rule="simple_majority",
                                    deadline="2025-02-01")
    repo.cast_vote(resident, proposal.id, "disagree")
    assert repo.not_voted(proposal.id) == ["c1/1/1/102", "c1/1/1/201"]


def test_a_reminder_is_claimed_once_even_after_a_restart(repo, tmp_path):
    a, b = pid(repo, 101), pid(repo, 102)
    assert repo.claim_reminder("digest:east:2025-01-02", [a, b, a]) == [a, b]
    assert repo.claim_reminder("digest:east:2025-01-02", [a, b]) == []
    assert repo.claim_reminder("digest:east:2025-01-03", [a]) == [a]
    root = repo.store.root
    repo.close()
    again = Repository.open(root)
    try:
        assert again.claim_reminder("digest:east:2025-01-02", [a, b]) == []
        assert again.reminded("digest:east:2025-01-03") == {a}
        assert again.claim_reminder("vote:7", [b]) == [b]
    finally:
        again.close()


def test_a_resident_turns_reminders_off_and_on(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    assert reminders_on(repo.person(resident))
    repo.set_reminders(resident, False)
    assert not reminders_on(repo.person(resident))
    repo.set_reminders(resident, True)
    assert reminders_on(repo.person(resident))


def test_doors_to_visit_lists_the_households_yet_to_vote_to_the_areas_volunteers(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装门", description="",
                                    budget_fen=0, matter="raise_maintenance_fund",
                                    deadline="2025-02-01")
    repo.cast_vote(resident, proposal.id, "agree")
    repo.cast_vote(pid(repo, 102), proposal.id, "agree", household="c1/1/1/201", paper=True)
    assert repo.doors_to_visit(pid(repo, 102), proposal.id) == ["c1/1/1/102"]
    for outsider in (resident, pid(repo, 103)):  # a resident; a volunteer of the west
        with pytest.raises(PermissionDenied):
            repo.doors_to_visit(outsider, proposal.id)
    repo.withdraw_proposal(proposal.id, pid(repo, 101), "方案有变")
    with pytest.raises(DomainError) as closed:
        repo.doors_to_visit(pid(repo, 102), proposal.id)
    assert closed.value.code == "vote_closed"


def test_the_overview_counts_waiting_entries_open_reports_and_every_vote_under_way(repo):
    # The street office's Monday question, asked in the bot: the digest names only
    # the votes closing within three days and goes to the area's volunteers, never
    # to an admin of a street whose areas have volunteers.
    v1 = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.approve(first.id, v1)
    later(repo, days=3)
    moving = repo.submit(resident, Kind.ISSUE, "east", {"category": "sanitation",
                                                         "text": "垃圾没人收"})
    repo.approve(moving.id, v1)
    far = repo.create_proposal(v1, "east", title="加装电梯", description="", budget_fen=0,
                               rule="civil_code_278", deadline="2025-06-01")
    repo.cast_vote(resident, far.id, "agree")
    repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    later(repo, days=6)
    repo.issue_step(moving.id, v1, "in_progress", "已联系环卫")
    repo.submit(resident, Kind.OPINION, "east", {"text": "刚提的意见"})
    o = repo.overview(v1, "east")
    assert (o["pending"], o["pending_late"]) == (2, 1)
    assert (o["open_issues"], o["oldest_days"], o["stale"]) == (2, 9, 1)
    [vote] = o["votes"]  # months from its deadline: not in the digest
    assert repo.digest("east")["closing"] == []
    assert vote["id"] == far.id and vote["voted"] == 1 and vote["total"] == 3
    assert vote["quorum_met"] is False and vote["owners_short"] == 1
    admin = repo.overview(pid(repo, 900), "west")
    assert (admin["pending"], admin["open_issues"], admin["oldest_days"], admin["votes"]) == \
        (0, 0, None, [])
    with pytest.raises(PermissionDenied):
        repo.overview(pid(repo, 103), "east")  # a volunteer of 西小区
