"""The site's figures for ``make bench``, each beside a baseline measured in the same run.

* the first build of a fresh project (once per deployment: nothing cached);
* the whole build, as the bot starts it (``steward build --follow`` from a
  fresh read-only snapshot, over the project built before, after new entries in
  a few areas), its time and peak RSS, beside the baseline: the
  stock ``mkdocs build`` of the very pages the builder wrote, in a process of
  its own (what MkDocs with this theme and search costs for them, nothing of
  ours);
* approvals, each published by the running worker: approval → Markdown page,
  → HTML page;
* the build worker's peak RSS after the whole build and after the approvals;
* history: the same street over 5 and over 10 years, each built whole in a
  fresh process (cold: nothing cached) and then again (warm: what a bot's
  restart or a whole rebuild after a new page costs), time and peak RSS.

Every build here runs in a child process, so that each peak RSS is that
build's alone (``VmHWM``, not ``ru_maxrss``, which Linux keeps across exec).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synthetic import generate, volunteer_tid
from db.entries import Kind
from db.money import format_fen
from db.privacy import CONSENT_VERSION

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "hooks", "overrides")

FULL_TARGET_S = 15
RSS_TARGET_MB = 400
HTML_TARGET_S = 1.5
HISTORY_TARGET = 1.2
WARM_RUNS = 5  # warm builds of each size in the history row (the fastest kept: see below)
APPROVALS = 9  # each in another area (as far as there are areas); the median is reported


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT))


def project_copy(dest: Path) -> Path:
    """A fresh site project: the repository's MkDocs configuration, hooks, theme
    overrides and hand-written pages."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy2(src, dest / name)
    tracked = subprocess.run(["git", "ls-files", "content"], cwd=ROOT, capture_output=True,
                             text=True, check=False).stdout.split()
    for rel in tracked or []:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return dest


def _hwm_mb(pid: int | str = "self") -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")][0]
    return int(hwm.split()[1]) // 1024


class Follower:
    """``steward build --follow`` as the bot runs it: a child process over a
    read-only snapshot, one build per line sent, one JSON answer per build."""

    def __init__(self, data: Path, project: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "steward_cli", "build", "--follow", "--data", str(data),
             "--project", str(project)], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())

    def answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        from bot.publisher import build_answer

        for line in self.proc.stdout:
            doc = build_answer(line)
            if doc is not None:
                if not doc["ok"]:
                    raise RuntimeError(doc.get("error"))
                return doc
        raise RuntimeError(f"steward build --follow exited {self.proc.wait()}")

    def build(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        return self.answer()

    def peak_rss_mb(self) -> int:
        return _hwm_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        """User and system CPU of the worker so far, with that of the child processes
        it waited for (the processes a whole build forks, the notices' drawing)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=120)


# A whole build in a process of its own: its wall and CPU time and its peak RSS.
BUILD_SCRIPT = """
import json, sys, time
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
from db.repository import Repository
from site_builder.build import build_site
repo = Repository.open(sys.argv[1], readonly=True)
report = build_site(repo, Path(sys.argv[2]))
repo.close()
import resource
from site_builder.build import children_peak_mb
from site_builder.shared import forked_memory
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "cpu": time.process_time() - c0 + kids.ru_utime + kids.ru_stime,
                  "mkdocs_seconds": report.mkdocs_seconds, "pages": report.pages,
                  "reused": report.reused, "children_mb": children_peak_mb(),
                  "forked_mb": forked_memory()["private"],
                  "rss_mb": int(hwm.split()[1]) // 1024}))
"""

# The baseline: stock ``mkdocs build --strict`` of a project's content, in-process.
MKDOCS_SCRIPT = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "--quiet", "-f", sys.argv[1], "-d", sys.argv[2]],
        standalone_mode=False)
finally:
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                      "rss_mb": int(hwm.split()[1]) // 1024}))
"""


def _child(script: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                         cwd=ROOT, env=_env())
    if out.returncode != 0:
        raise RuntimeError(f"build failed ({out.returncode}): {out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def one_build(data: Path, project: Path) -> dict[str, Any]:
    """A whole build of ``data`` into ``project`` in a fresh process."""
    return _child(BUILD_SCRIPT, str(data), str(project))


def mkdocs_baseline(project: Path) -> dict[str, Any]:
    """Stock ``mkdocs build`` of what the builder wrote into ``project/content``."""
    out = project.parent / f"{project.name}-mkdocs-site"
    try:
        return _child(MKDOCS_SCRIPT, str(project / "mkdocs.yml"), str(out))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def expense(repo: Any, a: int, n: int) -> Callable[[], Any]:
    """A volunteer of area ``a`` records an expense: the approval by another, to call."""
    maker = repo.person_by_telegram(volunteer_tid(a, 0))["id"]
    checker = repo.person_by_telegram(volunteer_tid(a, 1))["id"]
    entry = repo.submit(maker, Kind.EXPENSE, f"a{a}", {
        "amount_fen": 350000 + n, "payee": "清掏队", "purpose": "化粪池清掏",
        "category": "cleaning"})
    return lambda: repo.approve(entry.id, checker)


# A newcomer's name (``site_times``): in no synthetic text, so the site masks it nowhere yet.
NEWCOMER = "欧阳振华"


def newcomer_registers(repo: Any, a: int) -> None:
    """Someone new registers a household of area ``a`` under ``NEWCOMER``: a name the
    site masks from now on in every area's words."""
    person = repo.ensure_person(9_900_000 + a)
    home = min(h.id for h in repo.street.area_households(f"a{a}"))
    repo.register(person["id"], home, consent=CONSENT_VERSION, name=NEWCOMER)


def site_times(repo: Any, data: Path, project: Path, areas: int,
               approvals: int = APPROVALS) -> dict[str, Any]:
    """The first build of a fresh project (once per deployment, in a process of its
    own); then, after approved entries in the areas the approvals below are in, made
    while no build worker ran, the whole build the bot's build worker makes when the
    bot starts; then approvals each followed by the incremental publish the bot asks
    for; then the first approval of the year in an area none of these touched; then
    a newcomer's registration in one area and an approval in another. Times are from
    the approval to the files being on disk.

    The synthetic street's history ends the year before this one: an area's first
    entry of this year turns its last year into a past year's pages (a page added,
    so MkDocs builds the whole site from its page cache). A street in use meets that
    once a year per area; the entries made before the restart take it for the areas
    the approvals are in, and it is measured on its own at the end."""
    first = one_build(data, project)
    spread = [(n * 7) % areas for n in range(approvals)]
    changed = sorted(set(spread))
    for n, a in enumerate(changed):
        expense(repo, a, 1000 + n)()
    follower = Follower(data, project)

    def publish(a: int, n: int) -> tuple[float, dict[str, Any]]:
        approve = expense(repo, a, n)
        t0 = time.perf_counter()
        approve()
        answer = follower.build()
        wall = time.perf_counter() - t0
        page = project / "site" / "areas" / f"a{a}" / "accounts" / "index.html"
        if format_fen(-(350000 + n)).lstrip("-") not in page.read_text("utf-8"):
            raise RuntimeError(f"{page} does not show the approved expense")
        return wall, answer

    try:
        t0 = time.perf_counter()
        whole = follower.answer()  # the whole site, from a fresh snapshot of the store
        children = int(whole.get("children_peak_mb") or 0)
        forked = int(whole.get("forked_mb") or 0)
        full = time.perf_counter() - t0
        full_rss, full_cpu = follower.peak_rss_mb(), follower.cpu_seconds()
        markdown, html = [], []
        for n, a in enumerate(spread):
            wall, answer = publish(a, n)
            html.append(wall)
            markdown.append(wall - float(answer["mkdocs_seconds"]))
        untouched = [a for a in range(areas) if a not in changed]
        new_year = publish(untouched[0], approvals)[0] if untouched else None
        newcomer_registers(repo, spread[0])
        named = publish(spread[-1], approvals + 1)[0]
        rss = follower.peak_rss_mb()
    finally:
        follower.close()
    return {"first": first, "changed": len(changed), "full": full, "full_cpu": full_cpu,
            "children": children, "forked": forked,
            "pages": int(whole["pages"]), "full_rss": full_rss, "rss": rss,
            "markdown": markdown, "html": html, "new_year": new_year, "named": named}


def kept_streets(streets: Path | None, areas: int,
                 years: tuple[int, ...] = (5, 10)) -> dict[int, Path] | None:
    """The streets of ``areas`` areas over each of ``years`` kept in ``streets``
    (``a<areas>y<years>``, as ``python -m bench.scaling`` keeps them), if all are there."""
    if streets is None:
        return None
    found = {y: (streets / f"a{areas}y{y}").resolve() for y in years}
    return found if all((path / "meta.json").is_file() for path in found.values()) else None


def history_builds(folder: Path, areas: int, years: tuple[int, int] = (5, 10),
                   households: int = 200, streets: Path | None = None
                   ) -> dict[int, list[dict[str, Any]]]:
    """The same street over 5 and over 10 years: years -> [cold build, warm build]. The
    streets are copies of those kept in ``streets`` when both are there
    (``kept_streets``: never opened where they are, others may use them), else
    generated (``households`` per area)."""
    kept = kept_streets(streets, areas, years)
    out = {}
    for years_ in years:
        data = folder / f"y{years_}"
        if kept is not None:
            shutil.copytree(kept[years_], data, ignore=shutil.ignore_patterns(".*.lock"))
        else:
            repo, _ = generate(data, areas=areas, years=years_,
                               households_per_area=households)
            repo.close()
        project = project_copy(folder / f"y{years_}-project")
        out[years_] = [one_build(data, project)]
    # The warm builds take about a second, so that another process on the machine
    # moves one by a third (runs of 1.1 and 1.7 s of the same build were seen side by
    # side): each size is built WARM_RUNS times, in turn with the other, after the
    # cold builds' writes are flushed (``os.sync``: the disk's work for them is not
    # the warm builds'). What another process takes can only add to a run, so the
    # fastest run is the build's own cost, as ``timeit`` reads its repeats; the
    # row's note gives every run and the CPU time of the fastest.
    os.sync()
    warm: dict[int, list[dict[str, Any]]] = {y: [] for y in years}
    for _ in range(WARM_RUNS):
        for years_ in years:
            warm[years_].append(one_build(folder / f"y{years_}", folder / f"y{years_}-project"))
    for years_, runs in warm.items():
        fastest = min(runs, key=lambda b: b["seconds"])
        out[years_].append({**fastest, "runs": [b["seconds"] for b in runs],
                            "rss_mb": sorted(b["rss_mb"] for b in runs)[len(runs) // 2]})
    return out


def _fmt_build(b: dict[str, Any]) -> str:
    return f"{b['seconds']:.1f} s ({b['cpu']:.1f} s CPU) / {b['rss_mb']} MB"


def site_rows(repo: Any, work: Path, areas: int, *, history_areas: int,
              history: tuple[int, int] = (5, 10), households: int = 200,
              approvals: int = APPROVALS, streets: Path | None = None
              ) -> list[dict[str, Any]]:
    """The site's rows of the results table (``Row`` keyword arguments): ``repo`` is
    the open store of ``work / "big"``; the history is measured on copies of the
    streets of ``areas`` areas kept in ``streets`` over ``history`` years when both
    are there (``kept_streets``), else on streets of ``history_areas`` areas of
    ``households`` homes generated here."""
    project = project_copy(work / "project")
    times = site_times(repo, work / "big", project, areas, approvals)
    base = mkdocs_baseline(project)
    full, rss = times["full"], times["full_rss"]
    m_md, m_html = statistics.median(times["markdown"]), statistics.median(times["html"])
    first = times["first"]
    rows = [
        {"what": "first build of a fresh project (once per deployment)",
         "value": _fmt_build(first),
         "note": f"{first['pages']} Markdown pages; nothing cached: every area collected, "
                 "every page rendered and built by MkDocs, in a process of its own; "
                 f"{first['seconds'] / base['seconds']:.1f} × the baseline below"},
        {"what": "full site build at a bot start (Markdown + MkDocs)", "value": f"{full:.1f} s",
         "target": f"≤ {FULL_TARGET_S} s", "ok": full <= FULL_TARGET_S, "key": "full",
         "note": f"{times['full_cpu']:.1f} s CPU; {times['pages']} Markdown pages; the build "
                 "worker's first build (`steward build --follow` from a fresh read-only "
                 "snapshot) over a project built before, after new approved entries in "
                 f"{times['changed']} of the {areas} areas; "
                 f"{full / base['seconds']:.1f} × the baseline below"},
        {"what": "build worker peak RSS after the full build", "value": f"{rss} MB",
         "target": f"≤ {RSS_TARGET_MB} MB", "ok": rss <= RSS_TARGET_MB, "key": "build_rss",
         "note": f"{rss / base['rss_mb']:.1f} × the baseline below; its largest child "
                 f"process: {times['children']} MB beside it (peak RSS: a process forked "
                 "to build on the other core counts the pages it shares with the worker), "
                 f"of its own at most {times['forked']} MB; the first "
                 f"build of a fresh project: {first['rss_mb']} MB (child: "
                 f"{first['children_mb']} MB, forked: {first.get('forked_mb', 0)} MB "
                 "of its own)"},
        {"what": "baseline: stock `mkdocs build --strict` of the same content/",
         "value": f"{base['seconds']:.1f} s / {base['rss_mb']} MB",
         "note": f"{base['cpu']:.1f} s CPU; MkDocs, Material and jieba search alone, "
                 "on the pages the builder wrote"},
        {"what": "one approval → updated Markdown page on disk (median / max)",
         "value": f"{m_md:.1f} / {max(times['markdown']):.1f} s", "key": "markdown",
         "note": f"{len(times['markdown'])} approvals in different areas with entries of "
                 "this year already, each published by the running `steward build --follow`"},
        {"what": "one approval → updated HTML page on disk (median / max)",
         "value": f"{m_html:.2f} / {max(times['html']):.2f} s",
         "target": f"median ≤ {HTML_TARGET_S} s", "ok": m_html <= HTML_TARGET_S, "key": "html",
         "note": "incremental MkDocs: only the changed pages and the search index; "
                 f"baseline: the full build, {full:.1f} s"},
        *([{"what": "the first approval of the year in an area → updated HTML page on disk",
            "value": f"{times['new_year']:.2f} s",
            "note": "once a year per area: its last year becomes a past year's pages, a page "
                    "added to the site, so MkDocs builds the whole site from its page cache "
                    "(the synthetic history ends last year)"}]
          if times["new_year"] is not None else []),
        {"what": "an approval after a registration → updated HTML page on disk",
         "value": f"{times['named']:.2f} s",
         "note": "a newcomer registers in one area (a name the site masks from then on in "
                 "every area's words), then an approval in another: the build collects "
                 "again only the areas whose published words hold the new name (until "
                 "2026-12-05 every area, 15–40 s on this street: after any registration, "
                 "the next build collected the whole street)"},
        {"what": "build worker (`steward build --follow`) peak RSS after the approvals",
         "value": f"{times['rss']} MB",
         "note": "a process of its own beside the bot, kept between builds"},
    ]
    kept = kept_streets(streets, areas, history) is not None
    if kept:
        history_areas = areas  # the bench street's size
    built = history_builds(work / "history", history_areas, history, households,
                           streets if kept else None)
    five, ten = built[history[0]], built[history[1]]
    for label, n in (("cold", 0), ("warm", 1)):
        t_ratio = ten[n]["seconds"] / five[n]["seconds"]
        m_ratio = ten[n]["rss_mb"] / five[n]["rss_mb"]
        ok = None if n == 0 else t_ratio <= HISTORY_TARGET and m_ratio <= HISTORY_TARGET
        rows.append({
            "what": f"{history_areas}-area street, {history[1]} years against {history[0]}, "
                    f"whole build {label} "
                    "(time / peak RSS)",
            "value": f"{t_ratio:.2f} × / {m_ratio:.2f} ×",
            "target": f"≤ {HISTORY_TARGET} × both" if n else "", "ok": ok,
            "key": "history" if n else "",
            "note": f"{history[1]} years {_fmt_build(ten[n])}, {history[0]} years "
                    f"{_fmt_build(five[n])}"
                    + (" (copies of the streets kept in --streets)" if kept else
                       f" (streets generated here, {households} households an area)")
                    + ("; each in a fresh process, nothing cached" if n == 0 else
                       "; each in a fresh process after a first build of the same project "
                       f"({ten[n]['reused']} and {five[n]['reused']} pages from the page "
                       f"cache), the fastest of {WARM_RUNS} taken in turn ("
                       + ", ".join(f"{a:.2f}" for a in ten[n]["runs"]) + " s and "
                       + ", ".join(f"{a:.2f}" for a in five[n]["runs"]) + " s; CPU "
                       f"{ten[n]['cpu'] / five[n]['cpu']:.2f} ×; peak RSS: the median run)")})
    return rows
