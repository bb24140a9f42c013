"""The repository: domain operations with their permission checks and audit trail."""

from __future__ import annotations

import itertools
import json

import pytest
from conftest import close_when_due, confirmed_resident, past_deadline, pid, reseal

from db.entries import Kind, Status
from db.errors import DomainError, IllegalTransition, IntegrityError, PermissionDenied, StoreError
from db.privacy import CONSENT_VERSION
from db.repository import Repository

EAST_101 = "c1/1/1/101"
EAST_102 = "c1/1/1/102"
EAST_201 = "c1/1/1/201"
WEST_101 = "c2/1/1/101"


_MONTHS = itertools.count()


def income(repo, maker_tid=101, amount=12000, area="east"):
    """A fee of a household, each for the next month (the same month twice would be
    a possible double payment)."""
    n = next(_MONTHS)
    return repo.submit(pid(repo, maker_tid), Kind.FEE_INCOME, area, {
        "amount_fen": amount, "fee_type": "property", "period": f"{2025 + n // 12}-"
        f"{n % 12 + 1:02d}", "household": EAST_101 if area == "east" else WEST_101})


def test_registration_binds_household_only_after_a_volunteer_confirms(repo):
    resident = pid(repo, 5001)
    reg = repo.register(resident, EAST_101, consent=CONSENT_VERSION)
    assert reg.status == Status.PENDING
    assert repo.person(resident)["household"] is None
    repo.approve(reg.id, pid(repo, 101))
    assert repo.person(resident)["household"] == EAST_101
    assert any(r["role"] == "resident" and r["area"] == "east"
               for r in repo.person(resident)["roles"])


def test_volunteer_of_another_area_cannot_confirm_a_registration(repo):
    reg = repo.register(pid(repo, 5001), EAST_101, consent=CONSENT_VERSION)
    with pytest.raises(PermissionDenied):
        repo.approve(reg.id, pid(repo, 103))
    assert repo.entry(reg.id).status == Status.PENDING


def test_registering_the_same_household_twice_returns_the_pending_request(repo):
    resident = pid(repo, 5001)
    first = repo.register(resident, EAST_101, consent=CONSENT_VERSION)
    assert repo.register(resident, EAST_101).id == first.id  # consent is on record


def test_registration_without_consent_to_the_publication_notice_is_refused(repo):
    resident = pid(repo, 5001)
    with pytest.raises(DomainError) as refused:
        repo.register(resident, EAST_101)
    assert refused.value.code == "no_consent"
    assert repo.pending_for(pid(repo, 101)) == []
    assert repo.register(resident, EAST_101, consent=CONSENT_VERSION).status == Status.PENDING


def test_a_person_who_declined_publication_registers_unpublished_with_no_consent_recorded(repo):
    resident = pid(repo, 5001)
    reg = repo.register(resident, EAST_101, unpublished=True)
    assert reg.status == Status.PENDING and repo.person(resident).get("consents") in (None, [])


def test_unknown_household_is_refused(repo):
    with pytest.raises(DomainError):
        repo.register(pid(repo, 5001), "c1/9/9/999", consent=CONSENT_VERSION)


def test_every_change_is_in_the_entry_audit_trail_with_role(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                       "text": "3号楼路灯不亮"})
    repo.approve(issue.id, pid(repo, 101))
    repo.issue_step(issue.id, pid(repo, 102), "in_progress", "已联系电工")
    history = repo.entry(issue.id).history
    assert [(h["from"], h["to"], h["role"]) for h in history] == [
        (None, "pending", "居民"), ("pending", "approved", "物管会主任甲"),
        ("approved", "in_progress", "物管会委员乙")]
    assert all(h["at"] and h["by"] for h in history)


def test_illegal_transition_through_the_repository_raises_and_changes_nothing(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "x"})
    with pytest.raises(IllegalTransition):
        repo.issue_step(issue.id, pid(repo, 101), "resolved", "done")
    assert repo.entry(issue.id).status == Status.PENDING


def test_rejection_needs_a_reason_which_is_kept(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    op = repo.submit(resident, Kind.OPINION, "east", {"text": "建议装监控"})
    with pytest.raises(DomainError):
        repo.reject(op.id, pid(repo, 101), "  ")
    repo.reject(op.id, pid(repo, 101), "重复提交")
    entry = repo.entry(op.id)
    assert entry.status == Status.REJECTED and entry.history[-1]["note"] == "重复提交"


def test_unconfirmed_person_cannot_report_an_issue(repo):
    with pytest.raises(PermissionDenied):
        repo.submit(pid(repo, 5009), Kind.ISSUE, "east", {"category": "other", "text": "x"})


def test_resolved_issue_reopened_by_its_author(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "septic", "text": "堵了"})
    repo.approve(issue.id, pid(repo, 101))
    repo.issue_step(issue.id, pid(repo, 101), "resolved", "已疏通")
    with pytest.raises(PermissionDenied):
        repo.reopen(issue.id, confirmed_resident(repo, 5002, EAST_102, 101))
    assert repo.reopen(issue.id, resident, "还是堵").status == Status.REOPENED


def test_me_too_counts_each_resident_once_and_not_the_author(repo):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    other = confirmed_resident(repo, 5002, EAST_102, 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "x"})
    assert repo.me_too(issue.id, other)[1] is True
    assert repo.me_too(issue.id, other)[1] is False
    assert repo.me_too(issue.id, author)[1] is False
    assert len(repo.entry(issue.id).data["me_too"]) == 1


# -- money -------------------------------------------------------------------

def test_volunteer_money_entry_needs_a_different_volunteer(repo):
    entry = income(repo, 101)
    with pytest.raises(PermissionDenied, match="different volunteer"):
        repo.approve(entry.id, pid(repo, 101))
    assert repo.ledger("east") == []
    repo.approve(entry.id, pid(repo, 102))
    [line] = repo.ledger("east")
    assert line["amount_fen"] == 12000
    assert (line["recorded_by"], line["approved_by"]) == ("物管会主任甲", "物管会委员乙")


def test_residents_fee_report_needs_one_volunteer(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    report = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 6000, "fee_type": "sanitation", "period": "2025"})
    repo.approve(report.id, pid(repo, 101))
    assert repo.balance("east") == 6000


def test_public_ledger_line_shows_building_and_unit_never_the_room(repo):
    repo.approve(income(repo).id, pid(repo, 102))
    line = repo.ledger("east")[0]
    assert line["household_ref"] == "东小区 1号楼 1单元"
    assert "101" not in json.dumps(line, ensure_ascii=False).replace('"seq"', "")


def test_float_or_negative_amounts_are_refused(repo):
    for bad in (120.5, -100, 0, True):
        with pytest.raises(DomainError):
            repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
                "amount_fen": bad, "category": "repair", "payee": "x", "purpose": "y"})


def test_reversal_is_a_new_line_and_the_original_is_untouched(repo):
    expense = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "category": "repair", "payee": "王师傅", "purpose": "修水管"})
    repo.approve(expense.id, pid(repo, 102))
    original_line = repo.ledger("east")[0]
    rev = repo.reverse("east", 1, pid(repo, 102), "金额录错")
    with pytest.raises(PermissionDenied):
        repo.approve(rev.id, pid(repo, 102))
    repo.approve(rev.id, pid(repo, 101))
    lines = repo.ledger("east")
    assert lines[0] == original_line
    assert lines[1]["kind"] == "reversal" and lines[1]["amount_fen"] == 35000
    assert lines[1]["reverses"] == 1
    assert repo.balance("east") == 0
    assert repo.entry(expense.id).status == Status.REVERSED
    with pytest.raises(DomainError):
        repo.reverse("east", 1, pid(repo, 102), "again")


def test_resident_cannot_record_an_expense(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    with pytest.raises(PermissionDenied):
        repo.submit(resident, Kind.EXPENSE, "east", {
            "amount_fen": 100, "category": "repair", "payee": "x", "purpose": "y"})


def test_ledgers_of_areas_are_separate_chains(repo):
    repo.approve(income(repo).id, pid(repo, 102))
    west = repo.submit(pid(repo, 103), Kind.EXPENSE, "west", {
        "amount_fen": 500, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.grant(pid(repo, 900), 104, "west", "网格辅助员")
    repo.approve(west.id, pid(repo, 104))
    assert [line["seq"] for line in repo.ledger("west")] == [1]
    assert repo.balance("west") == -500
    assert len(repo.verify()) == 2


def test_verify_names_the_first_altered_line(tmp_path, repo):
    for _ in range(3):
        repo.approve(income(repo).id, pid(repo, 102))
    root = repo.store.root
    repo.close()
    path = next(root.glob("areas/east/ledger-*.json"))
    data = json.loads(path.read_text())
    data["ledger"]["2"]["amount_fen"] = 99999
    path.write_text(json.dumps(data, ensure_ascii=False))
    reseal(root)  # the manifest's checksum computed again: the chain catches it
    reopened = Repository.open(root)
    with pytest.raises(IntegrityError, match="area east, ledger line 2"):
        reopened.verify()
    reopened.close()


def test_failed_write_leaves_indexes_and_store_as_they_were(repo, monkeypatch):
    entry = income(repo)
    before = repo.ledger("east")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("db.fsio.os.fsync", disk_full)
    with pytest.raises(StoreError):
        repo.approve(entry.id, pid(repo, 102))
    with pytest.raises(StoreError):
        income(repo)
    monkeypatch.undo()
    assert repo.entry(entry.id).status == Status.PENDING
    assert repo.ledger("east") == before
    assert repo.approve(entry.id, pid(repo, 102)).data["ledger_seq"] == 1
    assert income(repo).id == entry.id + 1


# -- votes -------------------------------------------------------------------

def proposal(repo, matter="other_major", area="east", deadline="2099-01-01"):
    tid = 101 if area == "east" else 103
    return repo.create_proposal(pid(repo, tid), area, title="安装楼宇门", description="单元门",
                                budget_fen=1_200_000, matter=matter, deadline=deadline)


def test_second_vote_from_same_household_replaces_first(repo):
    p = proposal(repo)
    r1 = confirmed_resident(repo, 5001, EAST_101, 101)
    first, replaced = repo.cast_vote(r1, p.id, "disagree")
    assert replaced is None
    second, replaced = repo.cast_vote(r1, p.id, "agree")
    assert replaced.id == first.id
    assert repo.entry(first.id).status == Status.REPLACED
    assert repo.current_votes(p.id) == {EAST_101: "agree"}


def test_two_people_of_one_household_have_one_vote(repo):
    p = proposal(repo)
    a = confirmed_resident(repo, 5001, EAST_101, 101)
    b = confirmed_resident(repo, 5002, EAST_101, 101)
    repo.cast_vote(a, p.id, "agree")
    repo.cast_vote(b, p.id, "disagree")
    assert repo.current_votes(p.id) == {EAST_101: "disagree"}


def test_only_confirmed_residents_vote_and_only_in_their_area(repo):
    p = proposal(repo)
    with pytest.raises(PermissionDenied):
        repo.cast_vote(pid(repo, 5003), p.id, "agree")
    west = confirmed_resident(repo, 5004, WEST_101, 103)
    with pytest.raises(PermissionDenied):
        repo.cast_vote(west, p.id, "agree")
    assert repo.current_votes(p.id) == {}


def test_paper_signature_is_marked_and_needs_a_volunteer_of_the_area(repo):
    p = proposal(repo)
    vote, _ = repo.cast_vote(pid(repo, 102), p.id, "agree", household=EAST_201, paper=True)
    assert vote.data["paper"] is True and vote.author_role == "物管会委员乙"
    with pytest.raises(PermissionDenied):
        repo.cast_vote(pid(repo, 103), p.id, "agree", household=EAST_102, paper=True)


def test_vote_after_deadline_or_close_is_refused(repo):
    with pytest.raises(DomainError, match="in the past"):  # the clock reads 2025-01-01
        proposal(repo, deadline="2024-12-31")
    late = proposal(repo, deadline="2025-01-01")
    p = proposal(repo, deadline="2025-01-02")
    r1 = confirmed_resident(repo, 5001, EAST_101, 101)
    past_deadline(repo, late.id)  # the morning after its deadline day
    with pytest.raises(DomainError, match="deadline"):
        repo.cast_vote(r1, late.id, "agree")
    close_when_due(repo, p.id, pid(repo, 101))
    with pytest.raises(DomainError, match="closed"):
        repo.cast_vote(r1, p.id, "agree")


def test_a_deadline_in_the_past_is_refused(repo):
    with pytest.raises(DomainError) as info:
        proposal(repo, deadline="2024-12-31")  # the test clock is in 2025
    assert info.value.code == "bad_deadline"
    with pytest.raises(DomainError) as info:
        repo.create_proposal(pid(repo, 101), "east", title="x", description="", budget_fen=0,
                             deadline="2025-02-01")
    assert info.value.code == "missing_field"  # a proposal names its matter


def test_close_vote_applies_civil_code_rule_and_passed_proposal_becomes_project(repo):
    p = proposal(repo, deadline="2025-01-05")
    # 3 households (60, 80, 100 m²): 101 and 201 agree -> 2/3 households, 160/240 m².
    repo.cast_vote(confirmed_resident(repo, 5001, EAST_101, 101), p.id, "agree")
    repo.cast_vote(pid(repo, 101), p.id, "agree", household=EAST_201, paper=True)
    closed, result = close_when_due(repo, p.id, pid(repo, 102))
    assert result.passed and closed.status == Status.PASSED
    assert closed.data["stage"] == "planned" and closed.data["result"]["passed"] is True
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "施工队进场")
    assert repo.entry(p.id).data["stage"] == "in_progress"
    with pytest.raises(IllegalTransition):
        repo.set_stage(p.id, pid(repo, 101), "planned")


def test_proposal_failing_participation_fails(repo):
    p = proposal(repo, deadline="2025-01-05")
    repo.cast_vote(confirmed_resident(repo, 5001, EAST_101, 101), p.id, "agree")
    _, result = close_when_due(repo, p.id, pid(repo, 101))
    assert not result.passed
    assert repo.entry(p.id).status == Status.FAILED


def test_votes_survive_reopening_the_store(repo, tmp_path):
    p = proposal(repo)
    r1 = confirmed_resident(repo, 5001, EAST_101, 101)
    repo.cast_vote(r1, p.id, "agree")
    root = repo.store.root
    repo.store._journal.close()
    repo.store._writer.close()  # crash: no checkpoint
    again = Repository.open(root)
    second, replaced = again.cast_vote(r1, p.id, "disagree")
    assert replaced is not None
    assert again.current_votes(p.id) == {EAST_101: "disagree"}
    again.close()


# -- roles -------------------------------------------------------------------

def test_only_admins_grant_and_revoke_and_both_are_audited(repo):
    admin = pid(repo, 900)
    with pytest.raises(PermissionDenied):
        repo.grant(pid(repo, 101), 777, "east", "网格员")
    person = repo.grant(admin, 777, "east", "网格员")
    assert {"role": "volunteer", "area": "east", "title": "网格员", "mark": "丁"} in person["roles"]
    repo.revoke(admin, 777, "east")
    assert not any(r["role"] == "volunteer" for r in repo.person_by_telegram(777)["roles"])
    trail = [(a["to"], a["from"], a["note"]) for a in repo.role_audit()
             if a["subject"] == person["id"]]
    assert trail == [("volunteer:east", None, "grant"), (None, "volunteer:east", "revoke")]


def test_pending_queue_lists_own_areas_oldest_first(repo):
    e1 = income(repo, 101)
    confirmed_resident(repo, 5004, WEST_101, 103)
    reg = repo.register(pid(repo, 5001), EAST_102, consent=CONSENT_VERSION)
    queue = repo.pending_for(pid(repo, 102))
    assert [e.id for e in queue] == [e1.id, reg.id]
    assert all(e.area == "east" for e in queue)
    assert len(repo.pending_for(pid(repo, 900))) == 2


def test_people_query_finds_volunteers_residents_and_admins_of_an_area(repo):
    east_volunteers = {p["telegram_id"] for p in repo.people(volunteer_of="east")}
    assert east_volunteers == {101, 102}
    assert {p["telegram_id"] for p in repo.people(admins=True)} == {900}
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    assert [p["id"] for p in repo.people(resident_of="east")] == [resident]
    assert repo.people(resident_of="west") == []


def test_filtered_queries_follow_status_changes(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "other", "text": "灯坏了"})
    assert [e.id for e in repo.entries(area="east", status=Status.PENDING)] == [issue.id]
    repo.approve(issue.id, pid(repo, 101))
    assert repo.entries(area="east", kind=Kind.ISSUE, status=Status.PENDING) == []
    assert [e.id for e in repo.entries(kind=Kind.ISSUE, author=resident)] == [issue.id]
    assert repo.entries(area="west", kind=Kind.ISSUE) == []


def test_kept_balance_and_month_totals_follow_publications_and_reversals(repo, clock):
    checker = pid(repo, 102)
    first = income(repo)
    repo.approve(first.id, checker)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 3500, "payee": "清掏队", "purpose": "化粪池清掏", "category": "cleaning"})
    repo.approve(spent.id, checker)
    month = repo.ledger("east")[0]["date"][:7]
    assert repo.balance("east") == 12000 - 3500
    assert repo.month_totals("east", month) == (12000, 3500)
    rev = repo.reverse("east", 2, pid(repo, 101), "重复录入")
    repo.approve(rev.id, checker)
    assert repo.balance("east") == sum(line["amount_fen"] for line in repo.ledger("east"))
    assert repo.balance("east") == 12000
    assert [line["seq"] for line in repo.ledger_tail("east", 2)] == [2, 3]
    assert repo.verify()


@pytest.mark.parametrize("step", ["write_body", "sync"])
def test_a_failed_publication_leaves_the_kept_balance_alone(repo, monkeypatch, step):
    entry = income(repo)
    before = repo.balance("east")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    assert repo.ledger_tail("east", 5) == []
    monkeypatch.setattr(repo.store._journal, step, broken)
    with pytest.raises(OSError):
        repo.approve(entry.id, pid(repo, 102))
    assert repo.balance("east") == before == 0
    assert repo.ledger("east") == repo.ledger_tail("east", 5) == []
    assert repo.entry(entry.id).status == Status.PENDING
    monkeypatch.undo()
    repo.approve(entry.id, pid(repo, 102))
    assert [line["seq"] for line in repo.ledger_tail("east", 5)] == [1]
    repo.verify()  # raises IntegrityError if the chain, entries and balance disagree


def test_readonly_repository_refresh_sees_the_writers_new_entries_and_ledger(repo, tmp_path):
    reader = Repository.open(tmp_path / "data", readonly=True)
    assert reader.refresh() == set()
    entry = income(repo)
    repo.approve(entry.id, pid(repo, 102))
    changed = reader.refresh()
    assert any(p.startswith("areas/east/") for p in changed)
    assert not any(p.startswith("areas/west/") for p in changed)
    assert reader.entry(entry.id).status == Status.APPROVED
    assert reader.balance("east") == repo.balance("east") == 12000
    assert [x["seq"] for x in reader.ledger("east")] == [1]
    repo.store.checkpoint()
    second = income(repo, amount=500)
    repo.approve(second.id, pid(repo, 102))
    reader.refresh()
    assert reader.balance("east") == 12500
    assert [e.id for e in reader.entries(area="east", kind=Kind.FEE_INCOME)] == [
        entry.id, second.id]
    reader.close()


def test_recent_entries_are_this_years_and_the_still_open_ones_of_earlier_years(
        tmp_path, street_config):
    from datetime import datetime

    from db.repository import CHINA_TZ

    class Clock:
        now = datetime(2024, 6, 1, 9, 0, tzinfo=CHINA_TZ)

        def __call__(self):
            return self.now

    clock = Clock()
    repo = Repository.init(tmp_path / "d", street_config, clock=clock)
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    old_open = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "旧"})
    repo.approve(old_open.id, pid(repo, 101))
    old_done = repo.submit(resident, Kind.OPINION, "east", {"text": "去年的意见"})
    repo.approve(old_done.id, pid(repo, 101))
    clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    new = [repo.submit(resident, Kind.OPINION, "east", {"text": f"意见{n}"}) for n in range(3)]
    shown = [s for s in Status if s != Status.REPLACED]
    got = [e.id for e in repo.recent_entries(resident, status=shown, limit=10)]
    assert got == [old_open.id] + [e.id for e in new]  # last year's approved opinion is left out
    assert [e.id for e in repo.recent_entries(resident, status=shown, limit=2)] == [
        e.id for e in new[1:]]
    assert repo.count_entries(author=resident, status=shown) >= 5
    repo.close()


def test_the_tally_follows_every_new_and_replaced_vote(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="simple_majority",
                                    deadline="2025-12-31")
    assert repo.tally(proposal.id).households_voted == 0
    repo.cast_vote(resident, proposal.id, "agree")
    assert (repo.tally(proposal.id).agree, repo.tally(proposal.id).disagree) == (1, 0)
    repo.cast_vote(neighbour, proposal.id, "disagree")
    assert (repo.tally(proposal.id).agree, repo.tally(proposal.id).disagree) == (1, 1)
    repo.cast_vote(resident, proposal.id, "disagree")  # replaces the first
    t = repo.tally(proposal.id)
    assert (t.agree, t.disagree, t.households_voted) == (0, 2, 2)


def test_ledger_tail_reads_across_a_block_boundary(repo, monkeypatch):
    import db.ledger_block

    monkeypatch.setattr(db.ledger_block, "LEDGER_BLOCK", 2)  # lines 1-2, 3-4, 5 per block
    for n in range(5):
        entry = income(repo, amount=100 + n)
        repo.approve(entry.id, pid(repo, 102))
    assert len(repo.store.partitions("areas/east/ledger-")) == 3
    assert [line["seq"] for line in repo.ledger_tail("east", 3)] == [3, 4, 5]
    assert [line["amount_fen"] for line in repo.ledger_tail("east", 10)] == [100, 101, 102,
                                                                             103, 104]
    assert repo.ledger_tail("east", 0) == [] and repo.ledger_tail("west", 3) == []


def test_ledger_tail_follows_new_lines_reading_only_those(repo, monkeypatch):
    import db.ledger_block

    monkeypatch.setattr(db.ledger_block, "LEDGER_BLOCK", 2)

    def publish(amount):
        repo.approve(income(repo, amount=amount).id, pid(repo, 102))

    for amount in (100, 101, 102):
        publish(amount)
    assert [line["amount_fen"] for line in repo.ledger_tail("east", 2)] == [101, 102]
    read = []
    real_some = repo.store.some
    monkeypatch.setattr(repo.store, "some", lambda part, table, ids: read.append(part) or
                        real_some(part, table, ids))
    publish(103)
    tail = repo.ledger_tail("east", 2)
    assert [line["amount_fen"] for line in tail] == [102, 103]
    assert read == ["areas/east/ledger-00001"]  # line 4 only, not block 0 again
    tail[0]["amount_fen"] = 0  # the caller's copy
    assert [line["amount_fen"] for line in repo.ledger_tail("east", 2)] == [102, 103]
    assert read == ["areas/east/ledger-00001"]


def test_household_vote_is_the_counted_choice(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="simple_majority",
                                    deadline="2025-12-31")
    assert repo.household_vote(proposal.id, EAST_101) is None
    repo.cast_vote(resident, proposal.id, "agree")
    repo.cast_vote(resident, proposal.id, "abstain")
    assert repo.household_vote(proposal.id, EAST_101) == "abstain"
    assert repo.household_vote(proposal.id, EAST_102) is None


def test_counting_vote_is_the_vote_itself_or_the_later_one_that_replaced_it(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="simple_majority",
                                    deadline="2025-12-31")
    first, _ = repo.cast_vote(resident, proposal.id, "agree")
    assert repo.counting_vote(first.id).id == first.id
    second, _ = repo.cast_vote(resident, proposal.id, "abstain")  # she changed her vote
    paper, _ = repo.cast_vote(pid(repo, 101), proposal.id, "disagree", household=EAST_101,
                              paper=True, replaces=second.id)  # a signature door to door
    assert [repo.counting_vote(v.id).id for v in (first, second, paper)] == [paper.id] * 3
    assert repo.counting_vote(paper.id).data["paper"] is True
    close_when_due(repo, proposal.id, pid(repo, 101))
    assert repo.counting_vote(first.id).id == paper.id  # still, once the vote closed


def test_entry_state_follows_every_change_of_an_entrys_status(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="simple_majority",
                                    deadline="2025-12-31")
    vote, _ = repo.cast_vote(resident, proposal.id, "agree")
    assert repo.entry_state(proposal.id) == (Kind.PROPOSAL, Status.OPEN)
    assert repo.entry_state(vote.id) == (Kind.VOTE, repo.entry(vote.id).status)
    close_when_due(repo, proposal.id, pid(repo, 101))
    closed = repo.entry(proposal.id).status
    assert closed != Status.OPEN and repo.entry_state(proposal.id) == (Kind.PROPOSAL, closed)


def test_open_issues_follow_acceptance_and_resolution(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "灯"})
    assert repo.open_issues("east") == []  # pending: not public yet
    repo.approve(issue.id, pid(repo, 101))
    assert [e.id for e in repo.open_issues("east")] == [issue.id]
    assert repo.open_issues("west") == []
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)
    repo.me_too(issue.id, neighbour)  # an open issue changed
    assert repo.open_issues("east")[0].data["me_too"]
    repo.submit(neighbour, Kind.ISSUE, "east", {"category": "lighting", "text": "也是灯"})
    assert [e.id for e in repo.open_issues("east")] == [issue.id]  # the new one is pending
    repo.issue_step(issue.id, pid(repo, 101), "resolved", "修好了")
    assert repo.open_issues("east") == []


def test_open_issues_kept_in_order_when_an_older_issue_reopens(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    older, newer = (repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                               "text": text})
                    for text in ("灯", "门"))
    for issue in (older, newer):
        repo.approve(issue.id, pid(repo, 101))
    repo.issue_step(older.id, pid(repo, 101), "resolved", "修好了")
    assert [e.id for e in repo.open_issues("east")] == [newer.id]
    repo.reopen(older.id, resident, "又坏了")
    assert [(e.id, e.status) for e in repo.open_issues("east")] == [
        (older.id, Status.REOPENED), (newer.id, Status.APPROVED)]


def test_a_failed_write_leaves_open_issues_as_they_were(repo, monkeypatch):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "灯"})
    repo.approve(issue.id, pid(repo, 101))
    assert [e.status for e in repo.open_issues("east")] == [Status.APPROVED]

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("db.fsio.os.fsync", disk_full)
    with pytest.raises(StoreError):
        repo.issue_step(issue.id, pid(repo, 101), "resolved", "修好了")
    monkeypatch.undo()
    assert [e.status for e in repo.open_issues("east")] == [Status.APPROVED]


def test_people_query_follows_roles_granted_revoked_and_households_confirmed(repo):
    admin = pid(repo, 900)
    assert {p["telegram_id"] for p in repo.people(volunteer_of="west")} == {103}
    repo.grant(admin, 101, "west")
    repo.revoke(admin, 102, "east")
    assert {p["telegram_id"] for p in repo.people(volunteer_of="west")} == {101, 103}
    assert {p["telegram_id"] for p in repo.people(volunteer_of="east")} == {101}
    assert repo.people(resident_of="east") == []
    newcomer = confirmed_resident(repo, 5001, EAST_101, 101)
    assert [p["id"] for p in repo.people(resident_of="east")] == [newcomer]
    assert [p["household"] for p in repo.people(resident_of="east")] == [EAST_101]
    everyone = [p["id"] for p in repo.people()]
    assert newcomer in everyone and everyone == sorted(everyone)


def test_linked_group_follows_each_new_link(repo):
    assert repo.linked_group("east") is None
    repo.link_group(pid(repo, 101), "east", -100)
    assert (repo.linked_group("east"), repo.linked_group("west")) == (-100, None)
    repo.link_group(pid(repo, 101), "east", -200)
    assert repo.linked_group("east") == -200


def test_a_group_upgraded_to_a_supergroup_keeps_its_areas_under_its_new_id(repo, tmp_path):
    repo.link_group(pid(repo, 101), "east", -100)
    repo.link_group(pid(repo, 103), "west", -100)
    assert repo.move_group(-100, -1009) == ["east", "west"]
    assert (repo.linked_group("east"), repo.linked_group("west")) == (-1009, -1009)
    assert repo.move_group(-100, -1009) == []  # said again (both service messages): no-op
    repo.close()
    again = Repository.open(tmp_path / "data")
    assert again.linked_group("east") == -1009
    again.close()


def test_a_vote_that_failed_on_disk_leaves_no_trace_in_counts_read_meanwhile(repo, monkeypatch):
    import threading

    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="simple_majority",
                                    deadline="2099-12-31")
    started, go = threading.Event(), threading.Event()

    def slow_full_disk(fd):
        if not started.is_set():
            started.set()
            assert go.wait(10)
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("db.fsio.os.fsync", slow_full_disk)
    errors = []

    def vote():
        try:
            repo.cast_vote(resident, proposal.id, "agree")
        except StoreError as exc:
            errors.append(exc)

    thread = threading.Thread(target=vote)
    thread.start()
    assert started.wait(10)
    # A reader while the vote waits for the disk sees it and keeps the count...
    assert (repo.tally(proposal.id).agree, repo.household_vote(proposal.id, EAST_101)) == (
        1, "agree")
    go.set()
    thread.join(10)
    assert len(errors) == 1
    monkeypatch.undo()
    # ...which is forgotten with the vote: the neighbour's vote reuses its entry id.
    assert repo.household_vote(proposal.id, EAST_101) is None
    repo.cast_vote(neighbour, proposal.id, "disagree")
    t = repo.tally(proposal.id)
    assert (t.agree, t.disagree, t.households_voted) == (0, 1, 1)
    assert repo.current_votes(proposal.id) == {EAST_102: "disagree"}


def test_warm_up_builds_the_household_and_people_indexes_without_writing(repo):
    journal = (repo.store.root / "journal.log").read_bytes()
    repo.warm_up()
    assert repo.street._index and EAST_101 in repo.street._index
    assert repo.core.people.by_role
    assert (repo.store.root / "journal.log").read_bytes() == journal


def test_a_kept_tally_moved_vote_by_vote_equals_a_count_from_scratch(repo):
    import random

    from db.tally import tally

    homes = [EAST_101, EAST_102, EAST_201]
    voters = [confirmed_resident(repo, 5001 + n, home, 101) for n, home in enumerate(homes)]
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换灯", description="",
                                    budget_fen=1000, rule="civil_code_278",
                                    deadline="2099-12-31")
    repo.tally(proposal.id)  # kept from here on
    rng = random.Random(3)
    for _ in range(40):
        repo.cast_vote(rng.choice(voters), proposal.id,
                       rng.choice(["agree", "disagree", "abstain"]))
        kept = repo.tally(proposal.id)
        fresh = tally(repo.street.area_households("east"), repo.current_votes(proposal.id),
                      "civil_code_278")
        assert kept == fresh


def test_entries_after_one_are_those_made_later_with_or_without_other_filters(repo):
    resident = confirmed_resident(repo, 5001, EAST_101, 101)
    made = [repo.submit(resident, Kind.OPINION, "east", {"text": f"意见{n}"}) for n in range(4)]
    later = [e.id for e in made[2:]]
    assert [e.id for e in repo.entries(kind=Kind.OPINION, after=made[1].id)] == later
    assert [e.id for e in repo.entries(kind=Kind.OPINION, after=made[1].id, limit=1)] == \
        later[-1:]
    assert [e.id for e in repo.entries(area="east", after=made[1].id)
            if e.kind == Kind.OPINION] == later
