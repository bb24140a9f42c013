"""``make bench``: build a synthetic street and measure what a street office feels.

    python -m bench [--areas 50] [--rounds 300] [--out bench/results.md]

Prints a table and writes it, with the machine and the date, to
``bench/results.md``. Every number comes from this run; the targets are those
of the performance issue. See ``bench/synthetic.py`` for the street.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import site, upload_memory
from bench.botstart import bot_start, describe, echo_start
from bench.checkpoints import writes_across_checkpoints
from bench.scaling import section_text
from bench.synthetic import Clock, generate, volunteer_tid
from bench.throughput import (
    BATCHES,
    BUTTON_STEPS,
    KINDS,
    MIX_TARGET,
    bot_throughput,
    kind_table,
    mix_explanation,
    step_share,
)
from db.entries import Kind
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
START_TARGET_S, RSS_TARGET_MB = 3.0, 150  # the bot's start and memory, whole street
CHECKPOINT_EVERY = 150  # journal records: several checkpoints among the measured writes


# -- helpers -------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def percent_below(share: float) -> str:
    """``share`` as a percentage with one decimal, rounded down: 0.3997 is 39.9 %, never
    "40 %" beside a target of 40 % it misses."""
    return f"{math.floor(round(share * 1000, 6)) / 10:.1f}%"


def _areas(n: int) -> str:
    return "1 area" if n == 1 else f"{n} areas"


def summary(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), pct(values, 0.99)


class Row:
    def __init__(self, what: str, value: str, target: str = "", ok: bool | None = None,
                 note: str = "", key: str = "") -> None:
        self.what, self.value, self.target, self.ok, self.note = what, value, target, ok, note
        self.key = key

    def md(self) -> str:
        verdict = "" if self.ok is None else ("met" if self.ok else "**missed**")
        return f"| {self.what} | {self.value} | {self.target} | {verdict} | {self.note} |"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- 1. durable approve latency ---------------------------------------------------


def approve_latency(repo: Repository, rounds: int, areas: int) -> list[float]:
    """A volunteer records a fee, another approves it; the approve is timed."""
    times = []
    for i in range(rounds):
        a = i % areas
        maker = repo.person_by_telegram(volunteer_tid(a, 0))["id"]
        checker = repo.person_by_telegram(volunteer_tid(a, 1))["id"]
        entry = repo.submit(maker, Kind.FEE_INCOME, f"a{a}", {
            "amount_fen": 1000 + i, "fee_type": "sanitation", "period": "2025-12"})
        t0 = time.perf_counter()
        repo.approve(entry.id, checker)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def sqlite_latency(folder: Path, rounds: int) -> list[float]:
    """The same durable insert with stdlib sqlite3 (WAL, synchronous=FULL)."""
    db = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, area TEXT, doc TEXT)")
    doc = {"kind": "fee_income", "area": "a0", "status": "approved", "data": {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-12"},
        "history": [{"at": "2025-12-01T09:00:00+08:00", "by": 1, "role": "主任",
                     "from": "pending", "to": "approved", "note": ""}]}
    times = []
    for i in range(rounds):
        body = json.dumps(dict(doc, id=i), ensure_ascii=False)
        t0 = time.perf_counter()
        db.execute("BEGIN")
        db.execute("INSERT INTO entries (id, area, doc) VALUES (?, ?, ?)", (i, "a0", body))
        db.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1000)
    db.close()
    return times


WHY_MISSED = {
    "approve": (
        "Approve latency: a spike is a checkpoint (every 10,000 journal records the dirty "
        "partitions are rewritten) or an older partition read back from disk. Fix: "
        "checkpoint in a background thread from a copy of the dirty partitions."),
    "checkpoint": (
        "Writes across checkpoints: a write waits for a checkpoint only while the changed "
        "partitions are copied and the journal moved aside; the files are written by a "
        "thread of its own, which shares the interpreter with the writer (a write's turn "
        "comes at most every 5 ms while it serialises documents). A p99 above the target "
        "on a loaded machine is the machine's: compare the approvals between "
        "checkpoints in the same run."),
    "ratio": (
        "Growth with the street: more areas mean more current partitions kept in memory "
        "and a larger journal replay, and older partitions beyond the budget "
        "(`max_loaded_docs`) are read back from disk. Fix: a larger budget on a machine "
        "with more memory."),
    "mix": (
        "Bot mix vs bare echo: see \"Where the bot mix's time goes\" above. {explain} "
        "Until 2026-12-02 17:30 the mix ran with the bot's own pacing of its messages "
        "(Telegram's one a second to a chat): its handlers slept while the volunteers' "
        "posts waited their turn, and the mix measured 25 updates/s (2 % of the echo); "
        "and /mine read the household's fees of every year from disk (53 ms). "
        "Already done: reads on the event loop without a thread, keyboards and menus "
        "made once, kept tallies, open issues and people, writes that wait for the disk "
        "without holding up reads, one fsync for the writes waiting together (group "
        "commit), idle flows ended by one sweep instead of a timer per step, and updates "
        "that wait for their sender's previous one without holding a slot; since "
        "2026-12-02 20:00, each update asked only of the handlers that may take it "
        "(bot/dispatch.py: a button no longer passes ~75 handlers), the messages the bot "
        "sends made into python-telegram-bot objects only when read (LazyBot: the parse "
        "of each answer was ~40 % of a flow step), the volunteers' posts sent in the "
        "background, several new entries for one volunteer in one message with one "
        "album of their receipts (bot/notices.py), and photos' thumbnails by block "
        "averaging (a quarter of the time); since 2026-12-02 23:00, a phone photo kept "
        "as Telegram sent it, its metadata segments dropped instead of its pixels decoded "
        "and encoded again (db/jpeg_segments.py: 2.6 ms of CPU instead of 9, 16 ms in "
        "the mix's threads; the mix went from 13 % to about 20 % of the echo), and "
        "household labels, a household's residents and similar reports found in place "
        "(27 % in the 00:39 run). The breakdown above sends each update's "
        "posts alone, right after it; the batches send them as the bot does (the "
        "entries of a two-second window together), inside the measured time. Fewer Bot "
        "API calls per update would not close the gap: python-telegram-bot alone making "
        "the mix's calls as the bot makes them (LazyBot) is faster than the bare echo, "
        "whose stock Bot makes each answer into a Message (the row above; until "
        "2026-12-04 23:00 that row used the stock Bot and read 59 %, which overstated "
        "python-telegram-bot's share of the mix). The cost is the handlers' "
        "own work (the street's records read and written, the texts, keyboards and "
        "posts), spread over every kind of update, none above about an eighth of the "
        "event loop. What would close it: handlers on both cores, i.e. a second bot "
        "process taking a share of the chats, which needs the store to take writes "
        "from two processes (it allows one writer today). With publishing on, the build "
        "worker's builds also take turns at the two cores during both the mix's and the "
        "echo's batches, so the ratio moves with when they fall."),
    "full": (
        "Full build at a bot start: the build worker takes every area whose data did not "
        "change since the project's last build from its cache (site_builder/area_cache.py, "
        "keyed by the manifest's checksums of its partitions: not even read), collects "
        "and renders the changed ones on both cores, and has MkDocs build every page from "
        "its page cache (only the changed pages are made). A miss here is the changed "
        "areas (each collected whole, every year of it) or MkDocs' whole-site pass over "
        "the page cache. The first build of a fresh project (its own row) still collects "
        "every area and makes every page, on both cores."),
    "build_rss": (
        "Build worker RSS: the read-only snapshot no longer holds the street (it reads a "
        "partition when asked for and lets it go after its area: about 100 MB at 50 "
        "areas, the indexes and people, where it held 840 MB); what remains is the "
        "builder's own: MkDocs' pages and search entries, and what the street's pages "
        "keep of each area."),
    "markdown": (
        "Approval to Markdown page: the running `steward build --follow` reads the bot's "
        "new journal records (now in milliseconds: only the changed documents), then "
        "collects the changed area's whole history again (its partition files read anew "
        "by the read-only snapshot) and renders its current year and the street's own "
        "pages."),
    "html": (
        "Approval to HTML page: on top of the Markdown (the changed area collected again, "
        "every year of it), MkDocs renders the changed pages and joins the search index "
        "from each page's kept entries (0.15–0.3 s)."),
    "history": (
        "History: a warm whole build takes unchanged areas from the area cache and every "
        "page (its key, front matter, anchors and search entries, kept compressed) from "
        "the page cache, links the search index and every file into the folders of the "
        "site before, and never holds requests.json whole; what still grows with the "
        "years is the saved indexes the read-only snapshot restores at open (which a warm "
        "build never consults: at 50 areas 15 MB and 0.15 s more over ten years than "
        "over five), MkDocs' objects for every file and page (8,700 files against 4,700) "
        "and the links made for each, and what the street's pages keep of each area."),
    "upload": (
        "Bot RSS while the 9999 × 9999 PNG arrives: the image's header is read before any "
        "pixel is decoded and an image over 40 megapixels is refused (db/media.py); a "
        "peak above the target means something decoded it anyway."),
    "rss": (
        "Bot RSS: the start reads back the indexes saved at the last checkpoint and "
        "checks only what changed since the last verified start; what stays is each "
        "area's current partitions, pinned in memory (more once residents use every "
        "area). What would fix it: a more compact form of the documents kept."),
    "start": (
        "Bot start: see its steps in the note (the first start over a street builds and "
        "saves its indexes and checks every ledger line; later starts check files by "
        "checksum and the chains from the last verified head). On a loaded machine the "
        "imports alone take seconds of wall time: compare the CPU time."),
}

# -- main -------------------------------------------------------------------------


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}){mem}, "
            f"Python {platform.python_version()}")


def timed(label: str, fn: Callable[[], Any]) -> Any:
    log(f"... {label}")
    t0 = time.perf_counter()
    result = fn()
    log(f"    {label}: {time.perf_counter() - t0:.1f} s")
    return result


def street(kept: Path | None, folder: Path, areas: int) -> tuple[Repository, Any]:
    """A copy of the street kept in ``kept`` (five years), or a new one."""
    source = kept / f"a{areas}y5" if kept is not None else None
    if source is None or not (source / "meta.json").exists():
        return generate(folder, areas=areas)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".*.lock"))
    clock = Clock()
    return Repository.open(folder, clock=clock), clock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--areas", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--bot-rounds", type=int, default=150)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--no-site", action="store_true", help="skip the site build")
    parser.add_argument("--no-site-rows", action="store_true",
                        help="publish during the bot mix, but skip the site's own measures")
    parser.add_argument("--streets", type=Path, help="take the streets from here when there "
                        "(a<areas>y5, as python -m bench.scaling keeps them) instead of "
                        "generating them; with a<areas>y10 too, the history row is "
                        "measured on copies of both (the bench street's size)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    breakdown = explain = "(not measured)"
    small_areas = max(1, args.areas // 10)
    work = Path(tempfile.mkdtemp(prefix="steward-bench-"))
    try:
        big, big_clock = timed(f"generate {args.areas}-area street",
                               lambda: street(args.streets, work / "big", args.areas))
        small, _ = timed(f"generate {small_areas}-area street",
                         lambda: street(args.streets, work / "small", small_areas))
        n_big = len(big.core.entries.meta)
        n_small = len(small.core.entries.meta)
        homes = sum(len(big.street.area_households(a.id)) for a in big.street.areas)
        rows.append(Row("synthetic street", f"{_areas(args.areas)}, {homes:,} households, "
                        f"{n_big:,} entries over 5 years ({small_areas}-area street: "
                        f"{n_small:,})"))

        # The clock stands just after the open proposals were announced.
        big_clock.now = datetime(2025, 9, 12, 10, 0, tzinfo=big_clock.now.tzinfo)
        small.clock = big.clock = big_clock

        t_small = timed("approve latency, small street",
                        lambda: approve_latency(small, args.rounds, small_areas))
        t_big = timed("approve latency, big street",
                      lambda: approve_latency(big, args.rounds, args.areas))
        t_sql = timed("sqlite baseline", lambda: sqlite_latency(work, args.rounds))
        m_small, p_small = summary(t_small)
        m_big, p_big = summary(t_big)
        m_sql, p_sql = summary(t_sql)
        ratio = m_big / m_small
        rows += [
            Row(f"approve, {_areas(small_areas)} (median / p99)",
                f"{m_small:.2f} / {p_small:.2f} ms",
                "≤ 5 / ≤ 25 ms", m_small <= 5 and p_small <= 25, key="approve"),
            Row(f"approve, {_areas(args.areas)} (median / p99)", f"{m_big:.2f} / {p_big:.2f} ms",
                "≤ 5 / ≤ 25 ms", m_big <= 5 and p_big <= 25, key="approve"),
            Row(f"approve median, {args.areas}-area / {small_areas}-area", f"{ratio:.2f}",
                "≤ 1.5", ratio <= 1.5, key="ratio"),
            Row("sqlite3 WAL synchronous=FULL insert (median / p99)",
                f"{m_sql:.2f} / {p_sql:.2f} ms", "", None,
                f"Steward approve / sqlite insert = {m_big / m_sql:.2f}"),
        ]
        small.close()

        # Four times the rounds above: a write now takes less than a millisecond and a
        # checkpoint of the 50-area street about one second, so that several checkpoints
        # are made while the writes go on.
        across = timed("writes across checkpoints", lambda: writes_across_checkpoints(
            big, args.areas, 4 * args.rounds, every=CHECKPOINT_EVERY))
        held = [c[0] for c in across["checkpoints"]]
        whole = [c[1] for c in across["checkpoints"]]
        m_cp, p_cp = summary(across["times"])
        rows += [
            Row("durable write across checkpoints (median / p99 / max)",
                f"{m_cp:.2f} / {p_cp:.2f} / {max(across['times']):.0f} ms", "p99 ≤ 50 ms",
                p_cp <= 50, f"{len(across['times'])} writes (a fee recorded, then approved) "
                f"back to back with a checkpoint due every {CHECKPOINT_EVERY} journal records; "
                f"{len(whole)} checkpoints made among them, {across['during']} of the writes "
                "made while one was being written; the approvals between checkpoints "
                f"above: p99 {p_big:.2f} ms", key="checkpoint"),
            Row("a checkpoint: writes held / whole checkpoint (max)",
                f"{max(held, default=0):.0f} / {max(whole, default=0):,.0f} ms", "", None,
                f"{max((c[2] for c in across['checkpoints']), default=0)} partition files "
                "written beside the writes; before, every write waited for the whole "
                "checkpoint"),
        ]

        bot_project = None if args.no_site else site.project_copy(work / "bot-project")
        rate, echo_rate, n_updates, made = timed(
            "bot throughput", lambda: asyncio.run(
                bot_throughput(big, work / "big", args.areas, args.bot_rounds,
                               project=bot_project)))
        share = rate / echo_rate
        rows += [
            Row("bot mix through Application.process_update", f"{rate:,.0f} updates/s", "", None,
                f"median of {BATCHES} batches, {n_updates} updates in all; made "
                f"{made.get('issue', 0)} reports, {made.get('vote', 0)} votes, "
                f"{made.get('registration', 0)} registrations, {made.get('fee_income', 0)} fee "
                f"reports with a receipt photo, and approvals; "
                f"{made['mix_calls'] / n_updates:.1f} Bot API calls per update, not paced "
                "(the stand-in Bot API has no limits, as for the echo); "
                + (f"publishing on: {made['builds']} site builds finished meanwhile"
                   if bot_project is not None else "publishing off (--no-site)")),
            Row("bare echo handler, same run", f"{echo_rate:,.0f} updates/s", "", None,
                f"median of {BATCHES} batches, each right after a batch of the mix; "
                f"{made['echo_calls'] / n_updates:.1f} Bot API calls per update"),
            Row("echo replying as often as the mix calls the Bot API, through the bot's "
                "own Bot (LazyBot: answers read only when used)",
                f"{made['many_rate']:,.0f} updates/s", "", None,
                "python-telegram-bot's own ceiling for the mix: "
                f"{made['many_rate'] / echo_rate:.0%} of the bare echo"),
            Row("a flow's button step in python-telegram-bot alone, through the bot's own Bot "
                "(ConversationHandler; answer the press, edit the message: two Bot API calls)",
                f"{made['step_rate']:,.0f} updates/s", "", None,
                f"{made['step_rate'] / echo_rate:.0%} of the bare echo: the floor for the "
                f"mix's {len(BUTTON_STEPS)} kinds of button step (of {len(KINDS)} kinds of "
                "update), before anything is read or written; the mix's own: "
                f"{step_share(made['kinds'], made['echo_cost'], made['step_rate'], echo_rate)}"),
            Row("bot mix / echo", percent_below(share), f"≥ {MIX_TARGET:.0%}",
                share >= MIX_TARGET, key="mix"),
        ]
        breakdown = kind_table(made["kinds"], made["echo_cost"], made["checkpoint"])
        explain = mix_explanation(made["kinds"], made["echo_cost"],
                                  made["many_rate"] / echo_rate)

        if not args.no_site and not args.no_site_rows:
            site_work = work
            rows += [Row(**row) for row in timed("site builds", lambda: site.site_rows(
                big, site_work, args.areas, history_areas=small_areas,
                streets=args.streets))]
        big.close()

        start = timed("bot start", lambda: bot_start(work / "big"))
        small_start = timed("bot start, small street", lambda: bot_start(work / "small"))
        echo = timed("echo bot start", echo_start)
        rows += [
            Row("bot start, whole street (launch → ready to answer)",
                f"{start['start']:.1f} s ({start['cpu']:.1f} s CPU)",
                f"≤ {START_TARGET_S} s", start["start"] <= START_TARGET_S,
                f"{describe(start)}; {small_areas}-area street: {small_start['start']:.1f} s; "
                f"baseline, python-telegram-bot alone (an echo bot): {echo['start']:.1f} s "
                f"({echo['cpu']:.1f} s CPU)",
                key="start"),
            Row("bot RSS once ready, whole street (peak)",
                f"{start['rss_mb']} MB ({start['peak_mb']} MB)", f"≤ {RSS_TARGET_MB} MB",
                max(start["rss_mb"], start["peak_mb"]) <= RSS_TARGET_MB,
                f"{small_areas}-area street: {small_start['rss_mb']} MB "
                f"({small_start['peak_mb']} MB); baseline, the echo bot: {echo['rss_mb']} MB",
                key="rss"),
        ]
        uploads = timed("bot RSS while images arrive", upload_memory.run)
        for n, (what, before, peak, answer) in enumerate(uploads):
            rows.append(Row(f"bot peak RSS while a {what} is sent as a file (demo street)",
                            f"{peak} MB", f"≤ {upload_memory.TARGET_MB} MB" if n == 0 else "",
                            peak <= upload_memory.TARGET_MB if n == 0 else None,
                            f"{before} MB before; the bot answered: {answer[:40]}",
                            key="upload" if n == 0 else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    total = time.perf_counter() - started
    table = ["| measure | result | target | | note |", "|---|---:|---|---|---|"]
    table += [r.md() for r in rows]
    table += ["", "## Where the bot mix's time goes", "", breakdown]
    missed = list(dict.fromkeys(r.key for r in rows if r.ok is False and r.key))
    if missed:
        table += ["", "## Targets missed in this run, why, and what would fix it", ""]
        table += [f"- {WHY_MISSED[key].replace('{explain}', explain)}" for key in missed]
    text = "\n".join(table)
    print(text)
    print(f"\n(total {total:.0f} s)")
    scaling = section_text()  # measured apart (python -m bench.scaling), kept here
    args.out.write_text(
        "# Benchmark results\n\n"
        f"Measured by `make bench` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}.\n\n"
        f"Machine: {machine()}.\n\n" + text + f"\n\nThe whole run took {total:.0f} s.\n"
        + (f"\n{scaling}" if scaling else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
