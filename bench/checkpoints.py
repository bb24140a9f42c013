"""Durable writes while checkpoints are made: what a write waits for.

A checkpoint rewrites every partition changed since the last one (at 50 areas
about a hundred files). Writes wait only while the changed partitions are
copied and the journal moved aside (``db.transaction``); the files are written
by a thread of its own beside them. Here writes are made back to back on the
whole street with a checkpoint due every ``every`` journal records, so that
several checkpoints fall among them, and every write is timed.
"""

from __future__ import annotations

import time
from typing import Any

from bench.synthetic import volunteer_tid
from db.entries import Kind
from db.repository import Repository


def writes_across_checkpoints(repo: Repository, areas: int, rounds: int,
                              every: int) -> dict[str, Any]:
    """Each round a volunteer records a fee and another approves it (two durable
    writes, in turn over the areas); the write times (ms), for each checkpoint
    made meanwhile (ms writes were held, ms in all, partitions), counting the one
    still being written when the writes end, and how many writes ran while a
    checkpoint was being written (``during``)."""
    store = repo.store
    saved, store.checkpoint_every = store.checkpoint_every, every
    times: list[float] = []
    checkpoints: list[tuple[float, float, int]] = []
    last = store.last_checkpoint
    busy = getattr(store, "_checkpointing", None)  # held while a checkpoint is made
    during = 0
    try:
        for i in range(rounds):
            overlapping = busy is not None and busy.locked()
            a = i % areas
            maker = repo.person_by_telegram(volunteer_tid(a, 0))["id"]
            checker = repo.person_by_telegram(volunteer_tid(a, 1))["id"]
            t0 = time.perf_counter()
            entry = repo.submit(maker, Kind.FEE_INCOME, f"a{a}", {
                "amount_fen": 2000 + i, "fee_type": "sanitation", "period": "2025-11"})
            t1 = time.perf_counter()
            repo.approve(entry.id, checker)
            t2 = time.perf_counter()
            times += [(t1 - t0) * 1000, (t2 - t1) * 1000]
            if overlapping or (busy is not None and busy.locked()):
                during += 2
            if store.last_checkpoint is not last:
                last = store.last_checkpoint
                assert last is not None
                checkpoints.append((last[0] * 1000, last[1] * 1000, last[2]))
    finally:
        store.checkpoint_every = saved
    if busy is not None:
        with busy:  # the checkpoint still being written when the writes ended
            pass
    if store.last_checkpoint is not last and store.last_checkpoint is not None:
        done = store.last_checkpoint
        checkpoints.append((done[0] * 1000, done[1] * 1000, done[2]))
    return {"times": times, "checkpoints": checkpoints, "during": during}
