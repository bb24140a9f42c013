"""A writer the crash test kills with SIGKILL at random moments.

Usage: python crash_writer.py DATA_DIR START
Loops: a volunteer records a fee, another approves it (a ledger line), and a
resident reports an issue; after each call returns it prints ``ok <id>`` and
flushes, which is the receipt a user would have seen.
"""

from __future__ import annotations

import sys

from db.entries import Kind
from db.repository import Repository


def main() -> None:
    data, start = sys.argv[1], int(sys.argv[2])
    # Checkpoint often, so that kills also land mid-checkpoint.
    repo = Repository.open(data, checkpoint_every=7)
    maker = repo.ensure_person(101)["id"]
    checker = repo.ensure_person(102)["id"]
    print("ready", flush=True)
    i = start
    while True:
        i += 1
        fee = repo.submit(maker, Kind.FEE_INCOME, "east", {
            "amount_fen": 100 + i, "fee_type": "property", "period": f"n{i}"})
        repo.approve(fee.id, checker)
        print(f"ok {fee.id}", flush=True)
        issue = repo.submit(maker, Kind.ISSUE, "east", {"category": "other", "text": f"t{i}"})
        print(f"ok {issue.id}", flush=True)


if __name__ == "__main__":
    main()
