"""Change events (db.changes): one per commit that changes the public record,
naming its areas and kinds, heard only once the commit is durable, outside the
store's locks, in the committing thread; nothing for private changes or for
writes that were undone."""

from __future__ import annotations

import logging
import threading

import pytest
from conftest import close_when_due, confirmed_resident, pid

from db.changes import NAMES, Change
from db.entries import INITIAL_STATUS, PUBLIC_STATUSES, TRANSITIONS, Kind, Status
from db.errors import DomainError, StoreError
from db.privacy import CONSENT_VERSION
from db.repository import Repository

EAST_101, EAST_102 = "c1/1/1/101", "c1/1/1/102"


class Heard:
    """A listener that records each change, the thread it came in, and whether the
    store's locks were free at that moment."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.changes: list[Change] = []
        self.threads: list[int] = []
        self.locks_free: list[bool] = []

    def __call__(self, change: Change) -> None:
        self.changes.append(change)
        self.threads.append(threading.get_ident())
        self.locks_free.append(self._free_elsewhere())

    def _free_elsewhere(self) -> bool:
        """Whether another thread can take both store locks now."""
        got: list[bool] = []

        def take() -> None:
            store = self.repo.store
            ok = store.commit_lock.acquire(timeout=1)
            if ok:
                ok = store.lock.acquire(timeout=1)
                if ok:
                    store.lock.release()
                store.commit_lock.release()
            got.append(ok)

        t = threading.Thread(target=take)
        t.start()
        t.join(5)
        return got == [True]

    def take(self) -> list[tuple[set[str], set[str]]]:
        out = [(set(c.areas), set(c.kinds)) for c in self.changes]
        self.changes.clear()
        return out


@pytest.fixture
def heard(repo):
    listener = Heard(repo)
    unsubscribe = repo.subscribe(listener)
    yield listener
    unsubscribe()


def issue(repo, author, text="楼道灯不亮"):
    return repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})


def fee(repo, amount=12000):
    return repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": amount, "fee_type": "sanitation", "period": "2025"})


def test_every_kind_has_its_public_statuses_among_those_it_can_reach():
    for kind in Kind:
        reachable = {INITIAL_STATUS[kind]} | set(TRANSITIONS[kind]) | {
            to for tos in TRANSITIONS[kind].values() for to in tos}
        assert PUBLIC_STATUSES[kind] <= reachable, kind
    assert PUBLIC_STATUSES[Kind.REGISTRATION] == frozenset()
    assert Status.PENDING not in set().union(*PUBLIC_STATUSES.values())
    assert Status.REJECTED not in set().union(*PUBLIC_STATUSES.values())


def test_approving_an_issue_is_one_change_of_its_area_heard_after_it_is_saved(repo, heard):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    entry = issue(repo, author)
    seen_status = []
    repo.subscribe(lambda change: seen_status.append(repo.entry(entry.id).status))
    repo.approve(entry.id, pid(repo, 101))
    assert heard.take() == [({"east"}, {"issue"})]
    assert seen_status == [Status.APPROVED]
    assert heard.threads == [threading.get_ident()] and heard.locks_free == [True]


def test_each_public_step_of_an_issue_is_a_change(repo, heard):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)
    vol = pid(repo, 101)
    entry = repo.approve(issue(repo, author).id, vol)
    heard.take()
    repo.me_too(entry.id, neighbour)
    repo.issue_step(entry.id, vol, Status.IN_PROGRESS, "已联系电工")
    repo.issue_step(entry.id, vol, Status.RESOLVED, "修好了")
    repo.reopen(entry.id, author, "还是不亮")
    repo.issue_step(entry.id, vol, Status.CLOSED, "重复", close_reason="duplicate")
    repo.submit(vol, Kind.PROGRESS_NOTE, "east", {"text": "灯泡已买", "issue": entry.id})
    assert heard.take() == [({"east"}, {"issue"})] * 5 + [({"east"}, {"progress_note"})]


def test_votes_paper_votes_results_and_projects_are_changes(repo, heard):
    voter = confirmed_resident(repo, 5001, EAST_101, 101)
    vol = pid(repo, 101)
    proposal = repo.create_proposal(vol, "east", title="换灯", description="", budget_fen=0,
                                    matter="everyday", deadline="2025-01-01")
    repo.cast_vote(voter, proposal.id, "disagree")
    repo.cast_vote(voter, proposal.id, "agree")  # replaces the first
    repo.cast_vote(vol, proposal.id, "agree", household=EAST_102, paper=True)
    close_when_due(repo, proposal.id, vol)
    repo.set_stage(proposal.id, vol, "in_progress", "开工")
    assert heard.take() == [({"east"}, {"proposal"}), ({"east"}, {"vote"}),
                            ({"east"}, {"vote"}), ({"east"}, {"vote"}),
                            ({"east"}, {"proposal"}), ({"east"}, {"proposal"})]


def test_money_reaches_the_public_record_only_with_its_ledger_line(repo, heard):
    income = fee(repo)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 3500, "payee": "清掏队", "purpose": "化粪池清掏", "category": "cleaning"})
    assert heard.take() == []  # pending: private
    repo.approve(income.id, pid(repo, 102))
    repo.approve(spent.id, pid(repo, 102))
    reversal = repo.reverse("east", repo.entry(spent.id).data["ledger_seq"], pid(repo, 101),
                            "重复录入")
    assert heard.take() == [({"east"}, {"fee_income", "ledger"}),
                            ({"east"}, {"expense", "ledger"})]
    repo.approve(reversal.id, pid(repo, 102))
    assert heard.take() == [({"east"}, {"reversal", "expense", "ledger"})]


def test_announcements_and_approved_opinions_are_changes_of_their_own_area(repo, heard):
    author = confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    repo.submit(pid(repo, 103), Kind.ANNOUNCEMENT, "west", {"text": "明天停水"})
    opinion = repo.submit(author, Kind.OPINION, "west", {"text": "多装路灯"})
    repo.approve(opinion.id, pid(repo, 103))
    assert heard.take() == [({"west"}, {"announcement"}), ({"west"}, {"opinion"})]


def test_private_changes_are_no_change(repo, heard):
    author = confirmed_resident(repo, 5001, EAST_101, 101)  # registration, its approval
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)
    pending = issue(repo, author)
    repo.me_too(pending.id, neighbour)  # on an issue nobody sees yet
    repo.reject(pending.id, pid(repo, 101), "不在本小区")
    repo.reject(fee(repo).id, pid(repo, 102), "金额不对")
    repo.set_language(author, "en")
    repo.grant(pid(repo, 900), 7777, "east", "网格员")
    repo.revoke(pid(repo, 900), 7777, "east")
    repo.link_group(pid(repo, 101), "east", -100)
    repo.ensure_admins([8888])
    repo.people(volunteer_of="east")
    assert repo.entry(pending.id).status == Status.REJECTED
    assert heard.changes == []


def test_a_name_kept_for_the_first_time_is_a_change_of_every_area(repo, heard):
    """The site masks it in the words already published in any area: built again at
    once, not at the next public change somewhere (a registration itself is private)."""
    named = repo.ensure_person(6101)
    repo.register(named["id"], EAST_101, consent=CONSENT_VERSION, name="欧阳振华")
    assert heard.take() == [({"east", "west"}, {NAMES})]
    repo.register(named["id"], EAST_102, consent=CONSENT_VERSION, name="另一个名字")
    volunteer = pid(repo, 7777)
    repo.keep_name(volunteer, "Zhang Wei")
    repo.keep_name(volunteer, "Li Lei")  # a name is kept once: nothing new to mask
    repo.ensure_person(6102, name="马")  # one character: the site masks no such name
    assert heard.take() == [({"east", "west"}, {NAMES})]


def full_disk(fd):
    raise OSError(28, "No space left on device")


def test_a_write_whose_fsync_fails_is_no_change(repo, heard, monkeypatch):
    entry = fee(repo)
    monkeypatch.setattr("db.fsio.os.fsync", full_disk)
    with pytest.raises(StoreError):
        repo.approve(entry.id, pid(repo, 102))
    assert heard.changes == []
    monkeypatch.undo()
    repo.approve(entry.id, pid(repo, 102))
    assert heard.take() == [({"east"}, {"fee_income", "ledger"})]


def test_a_batch_reports_each_commit_after_its_one_fsync(repo, heard, monkeypatch):
    import db.fsio

    author = confirmed_resident(repo, 5001, EAST_101, 101)
    first, second = issue(repo, author, "一"), issue(repo, author, "二")
    events: list[str] = []
    fsync = db.fsio.os.fsync

    def recorded(fd):
        events.append("fsync")
        return fsync(fd)

    monkeypatch.setattr("db.fsio.os.fsync", recorded)
    repo.subscribe(lambda change: events.append("change"))
    with repo.store.batch():
        repo.approve(first.id, pid(repo, 101))
        with pytest.raises(DomainError):
            repo.approve(first.id, pid(repo, 101))  # fails alone, reports nothing
        repo.approve(second.id, pid(repo, 102))
        assert heard.changes == [] and events == []
    assert events == ["fsync", "change", "change"]
    assert heard.take() == [({"east"}, {"issue"})] * 2
    assert heard.locks_free == [True, True]


def test_a_batch_whose_fsync_fails_reports_none_of_its_commits(repo, heard, monkeypatch):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    first, second = issue(repo, author, "一"), issue(repo, author, "二")
    vol = pid(repo, 101)
    with pytest.raises(StoreError):
        with repo.store.batch():
            repo.approve(first.id, vol)
            repo.approve(second.id, vol)
            monkeypatch.setattr("db.fsio.os.fsync", full_disk)
    assert heard.changes == []
    assert repo.entry(first.id).status == Status.PENDING


def test_a_listener_that_raises_is_logged_and_stops_nothing(repo, heard, caplog):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    entry = issue(repo, author)

    def broken(change):
        raise RuntimeError("listener bug")

    repo.subscribe(broken)
    after = Heard(repo)
    repo.subscribe(after)
    with caplog.at_level(logging.ERROR):
        repo.approve(entry.id, pid(repo, 101))
    assert repo.entry(entry.id).status == Status.APPROVED
    assert heard.take() == after.take() == [({"east"}, {"issue"})]
    assert "listener bug" in caplog.text


def test_an_unsubscribed_listener_hears_nothing_more(repo, heard):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    later = Heard(repo)
    unsubscribe = repo.subscribe(later)
    repo.approve(issue(repo, author, "一").id, pid(repo, 101))
    unsubscribe()
    unsubscribe()  # twice is harmless
    repo.approve(issue(repo, author, "二").id, pid(repo, 101))
    assert len(later.changes) == 1 and len(heard.changes) == 2


def test_a_change_made_in_a_worker_thread_is_heard_in_that_thread(repo, heard):
    author = confirmed_resident(repo, 5001, EAST_101, 101)
    entry = issue(repo, author)
    worker = threading.Thread(target=repo.approve, args=(entry.id, pid(repo, 101)))
    worker.start()
    worker.join(10)
    assert heard.threads == [worker.ident] and heard.locks_free == [True]
