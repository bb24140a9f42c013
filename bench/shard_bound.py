"""The most a split of the chats over N bot processes could give on this machine: N
processes, each with a copy of its own of the bench street (no store shared, no
coordination, no publishing: an upper bound for any design that puts the handlers on
several cores), run the mix at once; their updates per second together, against the bare
echo in one process. Used for issue 23's point 5 (bench/results.md's preface).

    python -m bench.shard_bound N [STREET]

STREET: a copy of the 50-area street kept by ``python -m bench --streets DIR`` (DIR/a50y5).
Each process: its copy, a warm batch, a barrier, then 5 batches of the mix (3450 updates
each, as ``bench.throughput``); the echo afterwards in this process, 5 batches of 3450.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STREET = "/tmp/p23/streets/a50y5"
BATCH_ROUNDS = 150  # 23 kinds of update each: 3450 updates, as the bench's batches


def worker(i: int, barrier: Any, q: Any, street: str) -> None:
    """One bot process over a copy of its own of ``street``: its batches' rate."""
    from bench.mix import PHOTO_ID, photo
    from bench.synthetic import Clock
    from bench.throughput import bot_mix, run_updates
    from bot.app import build_application, settle_memory
    from bot.offline import RecordingRequest
    from bot.settings import Settings
    from db.repository import Repository

    work = Path(tempfile.gettempdir()) / f"steward-shard-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(street, work / "data", ignore=shutil.ignore_patterns(".*.lock"))

    async def main() -> None:
        repo = Repository.open(work / "data", clock=Clock())
        settings = Settings(token="123:BENCH", data_dir=work / "data", persistence=False,
                            site_url="https://example.org/", project_dir=None,
                            send_rate=0, send_rate_per_chat=0, rate_limit_per_hour=0)
        req = RecordingRequest(keep=False)
        app = build_application(settings, repo=repo, request=req)
        app.bot_data["register_commands"] = False
        app.bot_data["owns_repo"] = False
        app.bot_data["build_site"] = lambda *a, **k: None
        req.files[PHOTO_ID] = photo()
        settle_memory(repo)
        async with app:
            await app.post_init(app)
            await app.job_queue.start()
            warm = bot_mix(repo, 50, BATCH_ROUNDS, seed=100 + i, first_update=0,
                           first_newcomer=50_000 + i * 10_000)
            await run_updates(app, warm)
            batches = [bot_mix(repo, 50, BATCH_ROUNDS, seed=7 + r + 10 * i,
                               first_update=len(warm) + r * 10**5,
                               first_newcomer=r * BATCH_ROUNDS + i * 1000) for r in range(5)]
            barrier.wait()
            t0 = time.perf_counter()
            for batch in batches:
                await run_updates(app, batch)
            q.put((sum(len(b) for b in batches), time.perf_counter() - t0))
            await app.job_queue.stop(wait=False)
            await app.post_shutdown(app)

    asyncio.run(main())
    shutil.rmtree(work, ignore_errors=True)


def echo_rate() -> float:
    """The bare echo's median rate, as ``bench.throughput`` takes it."""
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    from bench.throughput import Updates, run_updates
    from bot.offline import RecordingRequest

    async def main() -> float:
        echo = ApplicationBuilder().token("123:ECHO").request(RecordingRequest(keep=False)) \
            .get_updates_request(RecordingRequest()).build()

        async def reply(update: Any, context: Any) -> None:
            await update.effective_message.reply_text(update.effective_message.text)

        echo.add_handler(MessageHandler(filters.TEXT, reply))
        rates = []
        async with echo:
            for _ in range(5):
                make = Updates()
                ups = [make.text(1000 + i % 200, f"echo {i}") for i in range(3450)]
                rates.append(len(ups) / await run_updates(echo, ups))
        return statistics.median(rates)

    return asyncio.run(main())


def main() -> None:
    n = int(sys.argv[1])
    street = sys.argv[2] if len(sys.argv) > 2 else STREET
    ctx = mp.get_context("spawn")
    barrier, q = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(i, barrier, q, street)) for i in range(n)]
    for p in procs:
        p.start()
    done = [q.get() for _ in procs]
    for p in procs:
        p.join()
    rate = sum(u for u, _ in done) / max(s for _, s in done)
    echo = echo_rate()
    print(f"{n} process(es): the mix {rate:,.0f} updates/s together; the echo {echo:,.0f}; "
          f"{rate / echo:.1%} of the echo (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
