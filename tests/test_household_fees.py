"""What a household has paid (``Repository.household_fees``, shown by 我的) comes from
the fee index, the same as reading the entries, and without reading old years'
partitions from disk: /mine costs what one household's fees cost, not a
partition of every year it paid in."""

from __future__ import annotations

from datetime import datetime

from conftest import pid

from db.entries import Kind
from db.repository import CHINA_TZ, Repository

HOME = "c1/1/1/101"


def _pay(repo, period, amount_fen):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": amount_fen, "fee_type": "sanitation", "period": period,
        "household": HOME})
    return repo.approve(fee.id, pid(repo, 102))


def _from_entries(repo, household):
    """What the household paid, read from the entries themselves."""
    return [{"fee_type": e.data["fee_type"], "period": e.data["period"],
             "amount_fen": e.data["amount_fen"], "seq": e.data["ledger_seq"], "id": e.id}
            for e in repo.entries(kind=Kind.FEE_INCOME, status="approved")
            if e.data.get("household") == household]


def test_what_a_household_paid_is_told_without_reading_old_years(repo, clock):
    clock.now = datetime(2023, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    _pay(repo, "2023", 11000)
    clock.now = datetime(2024, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    _pay(repo, "2024", 11500)
    clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    _pay(repo, "2025", 12000)
    booked = repo.household_fees(HOME)  # the fees published in this process
    assert [(f["period"], f["amount_fen"], f["seq"]) for f in booked] == [
        ("2023", 11000, 1), ("2024", 11500, 2), ("2025", 12000, 3)]
    assert booked == _from_entries(repo, HOME)
    root = repo.store.root
    repo.store.checkpoint()
    repo.close()

    again = Repository.open(root, clock=clock)  # the fees read on opening
    try:
        again.store.max_loaded_docs = 1
        again.store.checkpoint()
        old = [p for p in again.store.loaded_partitions() if "entries-2023" in p]
        assert old == []  # 2023's entries are on disk only
        # run_inline refuses (WouldBlock) any read that would need the disk
        assert again.store.run_inline(again.household_fees, HOME) == booked
    finally:
        again.close()
