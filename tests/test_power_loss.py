"""Power cuts: the store's file operations go through ``db.fsio``, which the test
replaces with a disk that keeps only what was fsynced (``power_loss``). A write
workload (fees recorded and approved into the ledger, issues reported, a group
commit, checkpoints) runs once; before 1,000 of its file operations, spread
over all of them, checkpoints included, the test takes what the disk would
hold after a power cut there, opens it, verifies every ledger and finds every
entry whose call had returned (the receipt a user would have seen).

Each cut is looked at one of three ways, in turn: only what was fsynced;
what was fsynced plus a random part of what was written since (a torn write);
what was fsynced with every folder's names as they are now (the file
system's journal committed the renames and new names, not the data)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from conftest import pid
from power_loss import PowerLossDisk
from robust_support import new_repo

from db import fsio
from db.entries import Kind, Status
from db.repository import Repository

CUTS = 1000
ROUNDS = 60


CHECKPOINTING = {"now": False}


def workload(repo: Repository, acked: list[tuple[str, int]]) -> None:
    """Writes as the bot makes them; ``acked`` gets each one once its call returned."""
    maker, checker, west = pid(repo, 101), pid(repo, 102), pid(repo, 103)
    for i in range(ROUNDS):
        fee = repo.submit(maker, Kind.FEE_INCOME, "east", {
            "amount_fen": 100 + i, "fee_type": "property", "period": f"2025-{i % 12 + 1:02d}"})
        acked.append(("entry", fee.id))
        repo.approve(fee.id, checker)
        acked.append(("approved", fee.id))
        if i % 5 == 4:
            with repo.store.batch():  # a group commit: three writes, one fsync
                issues = [repo.submit(maker, Kind.ISSUE, "east",
                                      {"category": "other", "text": f"批{i}-{k}"})
                          for k in range(3)]
            acked += [("entry", e.id) for e in issues]
        else:
            area, author = ("west", west) if i % 2 else ("east", maker)
            issue = repo.submit(author, Kind.ISSUE, area,
                                {"category": "lighting", "text": f"路灯{i}"})
            acked.append(("entry", issue.id))
        if i % 4 == 3:
            CHECKPOINTING["now"] = True
            repo.store.checkpoint()
            CHECKPOINTING["now"] = False


def run(data: Path, on_op=None) -> tuple[PowerLossDisk, list[tuple[str, int]]]:
    disk = PowerLossDisk(data)
    acked: list[tuple[str, int]] = []
    disk.on_op = on_op and (lambda n: on_op(n, disk, acked))
    with fsio.use(disk):
        repo = Repository.open(data, checkpoint_every=10**9)  # checkpoints: the workload's
        workload(repo, acked)
        repo.close()
    return disk, acked


def check(image: Path, acked: list[tuple[str, int]]) -> None:
    repo = Repository.open(image)
    try:
        repo.store.load_all()
        repo.verify()
        for what, eid in acked:
            entry = repo.entry(eid)
            if what == "approved":
                assert entry.status == Status.APPROVED and entry.data["ledger_seq"], eid
        fees = [e for e in repo.entries(area="east", kind="fee_income")
                if e.status == Status.APPROVED]
        assert len(repo.ledger("east")) == len(fees)  # each line once
    finally:
        repo.store.abandon()


def test_a_power_cut_at_any_of_1000_points_loses_no_acknowledged_entry(tmp_path):
    start = tmp_path / "start"
    new_repo(start).close()
    # A first run counts the operations; the workload is the same each time.
    shutil.copytree(start, tmp_path / "count")
    counted, _ = run(tmp_path / "count")
    total = counted.ops
    assert total > CUTS
    rng = random.Random(20261202)
    cuts = set(rng.sample(range(1, total + 1), CUTS))
    failures: list[str] = []
    seen = {"clean": 0, "torn": 0, "names now": 0}
    in_checkpoint = 0

    def cut(n: int, disk: PowerLossDisk, acked: list[tuple[str, int]]) -> None:
        nonlocal in_checkpoint
        if n not in cuts:
            return
        image = tmp_path / f"cut-{n:05d}"
        way = ("clean", "torn", "names now")[n % 3]
        disk.image(image, torn=rng if way == "torn" else None, names_now=way == "names now")
        in_checkpoint += CHECKPOINTING["now"]
        try:
            check(image, list(acked))
        except Exception as exc:  # noqa: BLE001 - every failing cut is listed
            failures.append(f"cut before operation {n} ({way}): {type(exc).__name__}: {exc}")
            return
        seen[way] += 1
        shutil.rmtree(image)

    data = tmp_path / "data"
    shutil.copytree(start, data)
    disk, acked = run(data, cut)
    assert disk.ops == total  # the same workload
    assert failures == [], "\n".join(failures[:10])
    assert sum(seen.values()) == CUTS and min(seen.values()) > CUTS // 4
    print(f"\npower cuts: {CUTS} of {total} file operations, {in_checkpoint} inside a checkpoint, "
          f"{len(acked)} acknowledged writes; {seen}")
    assert in_checkpoint > CUTS // 10  # the checkpoints were cut too
