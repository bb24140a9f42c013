"""Durable write latency of approving one entry, as the store grows.

    python -m bench.store_latency [N ...]      (default: 5000 250000)

For each N: a fresh store in a temporary folder gets N entries spread over
5 areas and five years (bulk-loaded in batches, as a migration would), then
200 times a volunteer records a fee and another approves it; the approve
call (journal append + fsync + ledger line) is timed. Prints median and p99.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.synthetic import Clock, street_yaml, volunteer_tid
from db.config import parse_street
from db.entries import Kind, Status
from db.repository import Repository

AREAS = 5


def bulk_load(repo: Repository, clock: Clock, n: int, areas: int) -> None:
    authors = [repo.person_by_telegram(volunteer_tid(a, 0)) for a in range(areas)]
    step = timedelta(days=5 * 365) / max(n, 1)
    batch = 1000
    for start in range(0, n, batch):
        def run(tx, start=start):  # noqa: ANN001
            for i in range(start, min(n, start + batch)):
                a = i % areas
                clock.now += step
                repo._records.new(tx, Kind.ISSUE, f"a{a}", authors[a],
                                {"category": "other", "text": f"synthetic issue {i}"},
                                status=Status.RESOLVED)
        repo.core.commit(run)


def measure(n: int, rounds: int = 200) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        repo = Repository.init(Path(tmp) / "data", parse_street(street_yaml(AREAS)),
                               clock=clock)
        bulk_load(repo, clock, n, AREAS)
        repo.store.checkpoint()
        maker = repo.person_by_telegram(volunteer_tid(0, 0))["id"]
        checker = repo.person_by_telegram(volunteer_tid(0, 1))["id"]
        times = []
        for i in range(rounds):
            entry = repo.submit(maker, Kind.FEE_INCOME, "a0", {
                "amount_fen": 1000 + i, "fee_type": "sanitation", "period": "2025"})
            t0 = time.perf_counter()
            repo.approve(entry.id, checker)
            times.append((time.perf_counter() - t0) * 1000)
        repo.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [5000, 250000]
    print("| entries in store | approve median (ms) | approve p99 (ms) |")
    print("|---:|---:|---:|")
    for n in sizes:
        med, p99 = measure(n)
        print(f"| {n:,} | {med:.2f} | {p99:.2f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
