"""Concurrency: many people at once lose no write.

The bot runs every store call in a worker thread (``bot.context.call``), so two
handlers can be inside the repository at the same moment. The first tests
force the worst interleaving of two writers on one document; the last one
feeds 1,400 updates from 200 residents and 4 volunteers through the real
Application concurrently (``asyncio.gather`` of ``process_update``: each
person's updates in order, everyone's interleaved) and checks that every
acknowledged fee and vote is stored once, on disk too.
"""

from __future__ import annotations

import asyncio
import re
import threading

from conftest import confirmed_resident, pid
from robust_support import RobustHarness, check_invariants, new_repo

from db.entries import Kind, Status
from db.errors import DomainError
from db.repository import Repository


def _meet_at(repo: Repository, method: str, parties: int = 2) -> None:
    """Make ``parties`` threads wait for each other inside ``method`` of the
    repository's core (after their reads, before their write), so that without a
    lock both act on what they read."""
    barrier = threading.Barrier(parties)
    original = getattr(repo.core, method)

    def waiting(*args, **kwargs):
        try:
            barrier.wait(timeout=0.3)
        except threading.BrokenBarrierError:
            pass  # the other thread is (rightly) held back by the store's lock
        return original(*args, **kwargs)

    setattr(repo.core, method, waiting)


async def test_two_volunteers_approving_one_fee_at_once_publish_it_once(repo):
    maker = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    fee = repo.submit(maker, Kind.FEE_INCOME, "east",
                      {"amount_fen": 5000, "fee_type": "property", "period": "2025-01"})
    _meet_at(repo, "require_steward")
    results = await asyncio.gather(
        asyncio.to_thread(repo.approve, fee.id, pid(repo, 101)),
        asyncio.to_thread(repo.approve, fee.id, pid(repo, 102)), return_exceptions=True)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and refused[0].code == "illegal_transition"
    assert [line["entry"] for line in repo.ledger("east")] == [fee.id]
    assert repo.balance("east") == 5000
    check_invariants(repo, site=False)


async def test_me_too_from_many_residents_at_once_keeps_every_one(repo):
    author = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    backers = [confirmed_resident(repo, 7100 + k, "c1/1/1/102", 101) for k in range(6)]
    _meet_at(repo, "require_person", parties=len(backers))
    await asyncio.gather(*(asyncio.to_thread(repo.me_too, issue.id, b) for b in backers))
    assert sorted(repo.entry(issue.id).data["me_too"]) == sorted(backers)


async def test_a_household_voting_twice_at_once_keeps_one_counted_vote(repo):
    a = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    b = confirmed_resident(repo, 7003, "c1/1/1/101", 101)  # same household
    p = repo.create_proposal(pid(repo, 101), "east", title="路灯", description="",
                             budget_fen=0, rule="simple_majority", deadline="2025-12-31")
    _meet_at(repo, "require_person")
    await asyncio.gather(asyncio.to_thread(repo.cast_vote, a, p.id, "agree"),
                         asyncio.to_thread(repo.cast_vote, b, p.id, "disagree"))
    votes = repo.entries(kind=Kind.VOTE)
    assert sorted(str(v.status) for v in votes) == [Status.COUNTED, Status.REPLACED]
    assert len(repo.current_votes(p.id)) == 1
    check_invariants(repo, site=False)


# -- 1,400 updates from 200 residents and 4 volunteers ----------------------------

def _big_street(per_area: int) -> str:
    def rooms(n: int) -> str:
        return "\n".join(f"                  - {{room: \"{i + 1:03d}\", area_m2: 70}}"
                         for i in range(n))
    return f"""
street: {{id: big, name: 大街道, city: 测试市}}
admins: [900]
communities:
  - id: east-c
    name: 东社区
    compounds:
      - id: c1
        name: 东小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households:
{rooms(per_area)}
  - id: west-c
    name: 西社区
    compounds:
      - id: c2
        name: 西小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households:
{rooms(per_area)}
areas:
  - {{id: east, name: 东小区, mode: committee, steward: 物管会, compounds: [c1]}}
  - {{id: west, name: 西小区, mode: trusteeship, steward: 社区党委, compounds: [c2]}}
volunteers:
  - {{telegram_id: 101, name: 甲, title: 主任, areas: [east]}}
  - {{telegram_id: 102, name: 乙, title: 委员, areas: [east]}}
  - {{telegram_id: 103, name: 丙, title: 网格员, areas: [west]}}
  - {{telegram_id: 104, name: 丁, title: 网格员, areas: [west]}}
"""


PER_AREA = 100
RECEIPT = re.compile(r"#(\d+)")


async def test_1400_updates_from_200_users_at_once_lose_no_fee_and_no_vote(tmp_path):
    repo = new_repo(tmp_path / "data", _big_street(PER_AREA), checkpoint_every=200)
    residents = {}
    for area, compound, volunteer in (("east", "c1", 101), ("west", "c2", 103)):
        for i in range(PER_AREA):
            tid = 20_000 + len(residents)
            household = f"{compound}/1/1/{i + 1:03d}"
            confirmed_resident(repo, tid, household, volunteer)
            residents[tid] = (area, household)
    proposals = {area: repo.create_proposal(pid(repo, v), area, title="修路", description="",
                                            budget_fen=0, rule="simple_majority",
                                            deadline="2025-12-31").id
                 for area, v in (("east", 101), ("west", 103))}
    receipts: dict[int, int] = {}
    done = asyncio.Event()

    async with RobustHarness(repo) as bot:
        async def resident(tid: int) -> None:
            area, _ = residents[tid]
            await bot.press(tid, f"vote:{proposals[area]}:{'agree' if tid % 3 else 'disagree'}")
            await bot.send(tid, "/pay")
            await bot.press(tid, "pay:fee:property")
            await bot.press(tid, "pay:per:2025-01")
            await bot.send(tid, f"{tid - 19_000}")  # a distinct amount per person, in yuan
            await bot.press(tid, "pay:skip")
            calls = await bot.press(tid, "pay:ok")
            mine = [c.text for c in calls if c.chat_id == tid and RECEIPT.search(c.text)]
            assert mine, f"{tid} got no receipt: {[c.text for c in calls]}"
            receipts[tid] = int(RECEIPT.search(mine[0]).group(1))

        async def volunteer(tid: int) -> None:
            person = pid(repo, tid)
            while True:
                finished = done.is_set()
                for entry in await asyncio.to_thread(repo.pending_for, person):
                    if entry.kind == Kind.FEE_INCOME:
                        await bot.press(tid, f"q:a:{entry.id}")
                if finished:
                    return
                await asyncio.sleep(0.01)

        workers = [asyncio.create_task(volunteer(v)) for v in (101, 102, 103, 104)]
        await asyncio.gather(*(resident(tid) for tid in residents))
        done.set()
        await asyncio.gather(*workers)
    assert bot.errors == []

    fees = repo.entries(kind=Kind.FEE_INCOME)
    assert sorted(e.id for e in fees) == sorted(receipts.values())  # each receipt, once
    for tid, eid in receipts.items():
        entry = repo.entry(eid)
        assert entry.data["amount_fen"] == (tid - 19_000) * 100
        assert entry.data["household"] == residents[tid][1]
        assert entry.status == Status.APPROVED
    for area, proposal in proposals.items():
        assert len(repo.current_votes(proposal)) == PER_AREA
        expected = sum((tid - 19_000) * 100 for tid, (a, _) in residents.items() if a == area)
        assert repo.balance(area) == expected
        assert len(repo.ledger(area)) == PER_AREA
    check_invariants(repo, site=False)
    repo.close()

    again = Repository.open(tmp_path / "data")  # and all of it is on disk
    try:
        assert sorted(e.id for e in again.entries(kind=Kind.FEE_INCOME)) == \
            sorted(receipts.values())
        assert sum(len(again.current_votes(p)) for p in proposals.values()) == 2 * PER_AREA
        check_invariants(again, site=False)
    finally:
        again.close()
