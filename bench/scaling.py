"""What a street costs as it grows: in areas (5, 20, 50, 100) and in years (5 and 10
of history at each).

    python -m bench.scaling [--sizes 5x5,5x10,20x5,20x10,50x5,50x10,100x5,100x10]
                            [--streets DIR]

For each size, on the synthetic street (``bench/synthetic.py``, 200 households
an area): the data folder on disk, the bot's start and its memory once ready
(``bench/botstart.py``), and a whole site build in a fresh process with its
peak memory (``bench/site.py``). Streets are generated into ``--streets``
(a temporary folder by default) and reused from there when already present.

Writes ``bench/scaling.md`` and puts it into ``bench/results.md`` under
"## Scaling by street size" (``make bench`` keeps that section).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.botstart import bot_start, describe, echo_start
from bench.site import one_build, project_copy
from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
SCALING_MD = ROOT / "bench" / "scaling.md"
HEADING = "## Scaling by street size"
SIZES = "5x5,5x10,20x5,20x10,50x5,50x10,100x5,100x10"


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(street: Path, work: Path) -> dict[str, Any]:
    start = bot_start(street)
    project = project_copy(work / "project")
    try:
        build = one_build(street, project)
        site_mb = disk_mb(project / "site") if (project / "site").is_dir() else 0.0
        again = one_build(street, project)  # what a restart of the bot costs
    finally:
        shutil.rmtree(project, ignore_errors=True)
    return {"disk": disk_mb(street), "site": site_mb, "start": start, "build": build,
            "again": again}


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0] if Path("/proc/loadavg").exists() \
        else "?"


def build_mb(build: dict[str, Any]) -> int:
    """A build's memory: its own peak and, beside it, its largest child's (the second
    process of a build on both cores, or the notices' drawing; the child's peak counts
    the pages it shares with the build, so this is an upper bound)."""
    return int(build["rss_mb"]) + int(build.get("children_mb") or 0)


def table(results: list[tuple[int, int, dict[str, Any]]], echo: dict[str, Any]) -> str:
    lines = ["| areas | years | households | entries | data on disk | site on disk | bot start "
             "(ready to answer) | bot RSS once ready (peak) | whole site build, fresh "
             "project | build peak RSS | whole rebuild, project built before (peak RSS) "
             "| load then |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for areas, years, r in results:
        s, b = r["start"], r["build"]
        lines.append(
            f"| {areas} | {years} | {s['households']:,} | {s['entries']:,} "
            f"| {r['disk']:.0f} MB | {r['site']:.0f} MB "
            f"| {s['start']:.1f} s ({s['cpu']:.1f} s CPU) "
            f"| {s['rss_mb']} MB ({s['peak_mb']} MB) "
            f"| {b['seconds']:.1f} s ({b['cpu']:.1f} s CPU) | {b['rss_mb']} MB "
            f"(+{b.get('children_mb', 0)} MB) "
            f"| {r['again']['seconds']:.1f} s ({r['again']['cpu']:.1f} s CPU; "
            f"{r['again']['rss_mb']} MB, +{r['again'].get('children_mb', 0)} MB) "
            f"| {r['load']} |")
    lines += ["", "A build's CPU counts its child processes' too (a whole build runs on both "
              "cores); \"+N MB\" is the peak of its largest child process beside it (its "
              "second process or the notices' drawing; that peak counts the memory it shares "
              "with the build).", ""]
    lines += [f"Baseline, same run: python-telegram-bot alone (an echo bot started the "
              f"same way) is ready in {echo['start']:.1f} s ({echo['cpu']:.1f} s CPU) with "
              f"{echo['rss_mb']} MB."]
    lines += ["", "Where the bot's start goes:", ""]
    for areas, years, r in results:
        lines.append(f"- {areas} areas, {years} years: {describe(r['start'])}")
    return "\n".join(lines)


CITY_HOUSEHOLDS = 150_000


def city(results: list[tuple[int, int, dict[str, Any]]]) -> str:
    """What one instance per street costs for a city, from the measured street of
    50 areas (10,000 households) and its growth from 5 to 10 years."""
    by = {(a, y): r for a, y, r in results}
    street = by.get((50, 5))
    if street is None:
        return ""
    homes = street["start"]["households"]
    n = -(-CITY_HOUSEHOLDS // homes)
    bot = street["start"]["rss_mb"]
    build = max(build_mb(street["build"]), build_mb(street.get("again") or street["build"]))
    per = bot + build
    disk = street["disk"]
    older = by.get((50, 10))
    small5, small10 = by.get((5, 5)), by.get((5, 10))
    if older is not None:
        per_year = (older["disk"] - disk) / 5
        grow = (f"{per_year:.0f} MB a year each (50 areas over 10 years: "
                f"{older['disk']:.0f} MB, bot {older['start']['rss_mb']} MB, "
                f"start {older['start']['start']:.0f} s)")
    elif small5 is not None and small10 is not None:
        per_year = (small10["disk"] - small5["disk"]) / 5 * 10
        grow = (f"about {per_year:.0f} MB a year each (ten times the 5-area street's "
                f"{(small10['disk'] - small5['disk']) / 5:.1f} MB a year)")
    else:
        per_year, grow = 0.0, "(not measured)"
    start = street["start"]["start"]
    return f"""### One instance per street, for a city of {CITY_HOUSEHOLDS:,} households

A street office runs one instance (one bot and its build worker) for its
street. With streets like the bench street ({homes:,} households in 50 areas,
five years of history) a city of {CITY_HOUSEHOLDS:,} households is {n} instances:

- memory: {bot} MB for the bot and {build} MB at the build worker's peak, {per} MB an
  instance, {n * per / 1024:.1f} GB for the city (with ~250 MB for the system, a
  machine of {per + 250} MB an instance);
- disk: {disk:.0f} MB of data and {street['site']:.0f} MB of built site an instance,
  {n * (disk + street['site']) / 1024:.1f} GB for the city; the data grows {grow},
  {n * per_year / 1024:.1f} GB a year for the city; backups add what they keep;
- CPU: a restart takes {start:.0f} s an instance before the bot answers on this
  shared machine ({street['start']['cpu']:.0f} s of CPU), and a whole build
  {street['build']['cpu']:.0f} s of CPU; between them the
  instances are idle but for their writes (about a millisecond each).

Beyond that (a city-wide instance, or a street much larger or older than the
bench street), what still grows with the whole history would have to stop doing
so. The bot no longer does: it reads back the indexes saved at the last checkpoint
and checks the ledger from the last verified head ({street['start']['entries']:,}
entries here). The build worker's read-only snapshot no longer does: it reads
a partition when asked and lets it go after its area, and a whole build takes an
area whose data did not change since the last build from its cache. A build still
collects every year of an area whose data changed (past years' pages, notices and
MkDocs pages are kept by content, but their data is read again). It would take
past years' collected data kept by the content key of their partitions, and, for more
than one street per instance, a store that several bot processes can write (one
writer today). A city-wide site would be one site per street linked from an
index page.
"""


README = ROOT / "README.md"
SIZING_START, SIZING_END = "<!-- sizing: python -m bench.scaling -->", "<!-- /sizing -->"


def sizing(results: list[tuple[int, int, dict[str, Any]]], when: str) -> str:
    """The README's sizing table: memory and disk by street size, as measured."""
    lines = [f"Measured by `python -m bench.scaling` ({when}; the synthetic street of "
             "`bench/synthetic.py`, 200 households an area, every kind of entry):", "",
             "| street | households | history | bot, once started | build worker, at "
             "its peak | data folder | built site | plan for |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for areas, years, r in results:
        bot = r["start"]["rss_mb"]
        build = max(build_mb(r["build"]), build_mb(r.get("again") or r["build"]))
        plan = -(-(bot + build + 250) // 256) * 256
        lines.append(f"| {areas} areas | {r['start']['households']:,} | {years} years "
                     f"| {bot} MB | {build} MB | {r['disk']:.0f} MB | {r['site']:.0f} MB "
                     f"| {plan / 1024:.2f} GB RAM, {2 * (r['disk'] + r['site']) / 1024:.1f} GB "
                     "disk |")
    lines += ["", "\"Plan for\" adds about 250 MB for the system to the bot and the build "
              "worker, which run side by side, and twice the data and the site on disk "
              "(room for a backup). The data folder holds the printed notices of closed "
              "months too (about 77 KB an area a month, `.notices/`, left out of backups). "
              "One CPU is enough for either; the bot's start and a "
              "whole build take longer as the history grows (see "
              "[`bench/results.md`](bench/results.md))."]
    return "\n".join(lines)


def put_into_readme(table_md: str, readme: Path = README) -> None:
    text = readme.read_text("utf-8")
    if SIZING_START not in text or SIZING_END not in text:
        return
    head, rest = text.split(SIZING_START, 1)
    _old, tail = rest.split(SIZING_END, 1)
    readme.write_text(f"{head}{SIZING_START}\n{table_md}\n{SIZING_END}{tail}", encoding="utf-8")


def put_into_results(section: str, results_md: Path) -> None:
    """Replace (or add) the scaling section of ``results_md``."""
    text = results_md.read_text("utf-8") if results_md.exists() else "# Benchmark results\n"
    if HEADING in text:
        head, rest = text.split(HEADING, 1)
        after = rest.find("\n## ")
        tail = rest[after:] if after >= 0 else ""
        text = head + section.rstrip() + "\n" + tail
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    results_md.write_text(text, encoding="utf-8")


def section_text() -> str:
    """The scaling section as last measured (for ``make bench`` to keep), or ''."""
    return SCALING_MD.read_text("utf-8") if SCALING_MD.exists() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling")
    parser.add_argument("--sizes", default=SIZES, help="areas x years, comma-separated")
    parser.add_argument("--streets", type=Path, help="keep the generated streets here")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="steward-scaling-"))
    streets = args.streets or work / "streets"
    started = time.perf_counter()
    results: list[tuple[int, int, dict[str, Any]]] = []
    try:
        echo = echo_start()
        for areas, years in sizes:
            street = streets / f"a{areas}y{years}"
            if not (street / "meta.json").exists():
                shutil.rmtree(street, ignore_errors=True)
                print(f"... generating {areas} areas, {years} years", file=sys.stderr)
                repo, _ = generate(street, areas=areas, years=years)
                repo.close()
            print(f"... measuring {areas} areas, {years} years", file=sys.stderr, flush=True)
            result = measure(street, work)
            result["load"] = load()
            results.append((areas, years, result))
            print(f"    {areas}x{years}: start {result['start']['start']:.1f} s, "
                  f"{result['start']['rss_mb']} MB; build {result['build']['seconds']:.1f} s, "
                  f"{result['build']['rss_mb']} MB", file=sys.stderr, flush=True)
            write(results, echo, started, args.results)  # each size as soon as it is known
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(section_text())
    return 0


def write(results: list[tuple[int, int, dict[str, Any]]], echo: dict[str, Any],
          started: float, results_md: Path) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    section = (f"{HEADING}\n\nMeasured by `python -m bench.scaling` on "
               f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z} at commit {commit}, "
               f"{os.cpu_count()} CPUs shared with other work (the load average, the "
               f"number of processes wanting a CPU, is in the last column); "
               f"{time.perf_counter() - started:.0f} s in all. 200 households an area.\n\n"
               + table(results, echo) + "\n\n" + city(results))
    SCALING_MD.write_text(section, encoding="utf-8")
    put_into_results(section, results_md)
    put_into_readme(sizing(results, f"{datetime.now().astimezone():%Y-%m-%d}, commit {commit}"))


if __name__ == "__main__":
    raise SystemExit(main())
