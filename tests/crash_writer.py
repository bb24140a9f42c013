"""A writer the crash test kills with SIGKILL at random moments.

Usage: python crash_writer.py DATA_DIR START [bot]
Loops: a volunteer records a fee, another approves it (a ledger line), and a
resident reports an issue; after each call returns it prints ``ok <id>`` and
flushes, which is the receipt a user would have seen. With ``bot``, eight such
loops run at once through the bot's ``call`` (its writer thread), so that
writes share fsyncs (group commit) as they do in the running bot.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from db.entries import Kind
from db.repository import Repository


def main() -> None:
    data, start = sys.argv[1], int(sys.argv[2])
    # Checkpoint often, so that kills also land mid-checkpoint.
    repo = Repository.open(data, checkpoint_every=7)
    maker = repo.ensure_person(101)["id"]
    checker = repo.ensure_person(102)["id"]
    if sys.argv[3:] == ["bot"]:
        import bot.context  # noqa: F401 -- loaded before "ready", not during the run
    print("ready", flush=True)
    if sys.argv[3:] == ["bot"]:
        asyncio.run(through_the_bot(repo, maker, checker, start))
        return
    i = start
    while True:
        i += 1
        fee = repo.submit(maker, Kind.FEE_INCOME, "east", {
            "amount_fen": 100 + i, "fee_type": "property", "period": f"n{i}"})
        repo.approve(fee.id, checker)
        print(f"ok {fee.id}", flush=True)
        issue = repo.submit(maker, Kind.ISSUE, "east", {"category": "other", "text": f"t{i}"})
        print(f"ok {issue.id}", flush=True)


async def through_the_bot(repo: Any, maker: int, checker: int, start: int) -> None:
    from bot.context import call

    async def one(i: int) -> None:
        fee = await call(repo.submit, maker, Kind.FEE_INCOME, "east", {
            "amount_fen": 100 + i, "fee_type": "property", "period": f"n{i}"})
        await call(repo.approve, fee.id, checker)
        print(f"ok {fee.id}", flush=True)
        issue = await call(repo.submit, maker, Kind.ISSUE, "east",
                           {"category": "other", "text": f"t{i}"})
        print(f"ok {issue.id}", flush=True)

    i = start
    while True:
        await asyncio.gather(*(one(i + k) for k in range(8)))
        i += 8


if __name__ == "__main__":
    main()
