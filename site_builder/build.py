"""The build pipeline: load -> collect -> render -> write -> MkDocs.

* **collect** reads the store into plain dicts while holding the store's
  lock, and nothing else; the bot may go on writing as soon as it is done;
* **render** turns them into Markdown, SVG, JSON, CSV and Atom bytes;
* **write** puts into ``<project>/content/`` only the files whose bytes
  changed, copies the published photos, and removes generated files that are
  no longer produced;
* **mkdocs** builds ``content/`` with the project's ``mkdocs.yml`` (strict)
  into a fresh folder, then swaps it in, so a server never sees a half-built
  site.

The same store always gives byte-identical content (no clock is read).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from db.media import MediaStore
from db.memory import give_back_freed_memory
from db.storage import disk_fix

from .area_cache import AreaCache
from .collect import YEAR_FEE, collect, issue_summary, street_info
from .escape import forget_escaped, title_text
from .exports import FEED_SIZE, REQUESTS, pack_open311, requests_json
from .files import build_lock, holds, replace_file
from .filters import forget_links
from .heads import page_runs
from .kept import Kept, code_digest
from .notice import ARCHIVE, INLINE_MAX, NoticeDrawing, is_notice, notice_path
from .render import render_area, render_street
from .shared import forked_memory
from .tables import forget_printed

__all__ = ["build_site", "IncrementalBuilder", "BuildReport", "GENERATED_DIRS", "GENERATED_FILES"]

log = logging.getLogger(__name__)

# What the builder owns inside content/; everything else there is hand-written.
GENERATED_DIRS = ("areas", "downloads", "media", "qr")
GENERATED_FILES = ("index.md", "stats.md", "integrity.md", "stewards.md", "feed.xml")

# The ``withdrawn_mark`` of the store the site was last built from.
WITHDRAWN = Path(".cache") / "withdrawn.json"

# One build at a time in a process: MkDocs and its plugins keep global state.
_BUILD_LOCK = threading.Lock()


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)  # paths under content/ whose bytes changed
    removed: list[str] = field(default_factory=list)  # stale generated files deleted
    pages: int = 0  # Markdown pages generated
    photos: int = 0  # photos published
    seconds: float = 0.0  # the whole build
    mkdocs_seconds: float = 0.0
    reused: int = 0  # pages a whole build took from the page cache (``page_cache``)
    site_dir: Path | None = None


def build_site(repo: Any, project_dir: Path, *, run_mkdocs: bool = True,
               site_dir: Path | None = None, workers: int | None = None) -> BuildReport:
    """Regenerate ``project_dir/content`` from ``repo`` and (optionally) build the site:
    one whole build (``IncrementalBuilder``'s first).

    Safe to call from a worker thread while the bot writes: the store's lock
    is held only while the data is collected.
    """
    builder = IncrementalBuilder(repo, project_dir, site_dir=site_dir, workers=workers)
    try:
        return builder.build(run_mkdocs=run_mkdocs)
    finally:
        builder.close()


class IncrementalBuilder:
    """The pipeline for a long-lived process: the first ``build`` is whole; each
    later one is told which areas changed (``stale``) and

    * collects only those areas again (``collect``'s cache holds the others);
    * renders their files and the street's own pages;
    * writes the files whose bytes changed;
    * has MkDocs rebuild only the pages made from them (``MkDocsSession``),
      or the whole site when a page was added or removed.

    The site is the same as a whole build of the same store would give.
    """

    def __init__(self, repo: Any, project_dir: Path, *, site_dir: Path | None = None,
                 workers: int | None = None) -> None:
        self.repo = repo
        self.workers = workers  # processes of a whole build (None: as the CPUs; ``shared``)
        self.project_dir = Path(project_dir)
        self.site_dir = Path(site_dir or self.project_dir / "site")
        self._cache: dict[str, Any] = {}
        self._paths: set[str] = set()  # every generated file of the last build
        self._mkdocs: Any = None
        self._overrides: dict[str, Any] | None = None
        self._project: dict[str, int] = {}  # hand-made project files -> mtime at last build
        self._notices: NoticeDrawing | None = None
        self._kept: Kept | None = None  # the keys of files kept between builds (``kept``)

    def build(self, stale: set[str] | None = None, *, run_mkdocs: bool = True) -> BuildReport:
        """Build what changed since the last build: ``stale`` names the areas whose
        data changed (``None``: anything may have, build everything)."""
        try:
            return self._build(stale, run_mkdocs)
        except BaseException:
            # Whatever was half done, the next build starts from nothing.
            self._paths = set()
            self._cache.clear()
            self._kept = None  # read again from what is on disk
            self.close()
            if self._notices is not None:
                self._notices.close()  # stop drawing notices for a build that failed
            raise

    def _build(self, stale: set[str] | None, run_mkdocs: bool) -> BuildReport:
        from .mkdocs_session import MkDocsSession

        started = time.perf_counter()
        whole = stale is None or not self._paths
        content = self.project_dir / "content"
        with _BUILD_LOCK:
            kept = self._kept = self._kept or Kept(self.project_dir)
            kept.code = code_digest(self.project_dir)  # a project's templates may have changed
            # Areas an earlier build (maybe of another process) made from the same data.
            areas_kept = AreaCache(self.project_dir, kept.code)
            notices = self._notices = NoticeDrawing(  # the monthly PDFs
                {"areas": []}, self.project_dir, kept=kept,
                archive=self.repo.store.root / ARCHIVE)
            report = BuildReport()
            # read before the data: a forget after it is seen by the next build
            taken_off = withdrawn_mark(self.repo)
            made: set[str] = set()  # the files this build made (written when they changed)
            street_names = street_info(self.repo.street)

            def each(area: dict[str, Any]) -> None:
                """An area as soon as it is collected: render and write its files, then
                keep of it only what the street's pages read, so that a build holds
                one area's files and data at a time, not the whole street's."""
                files = render_area(area, street_names, self.project_dir, kept=kept)
                notices.add(area)
                _write_files(content, files, report)
                made.update(files)
                aid = area["id"]
                areas_kept.files(aid, set(files) | {
                    notice_path(aid, n["month"]) for n in area["notices"]} | {
                    p for p in kept.kept if _of_areas(p, {aid})})
                slim_area(area)

            def gathered() -> Any:
                """What ``each`` gathered in the other process (``collect``'s workers)."""
                return report.written, made, kept.state(), notices.state(), areas_kept.state()

            def merge(got: Any) -> None:
                written, files, *parts = got  # as ``gathered`` gave them
                known = set(report.written)
                report.written += [p for p in written if p not in known]
                made.update(files)
                kept.merge(parts[0])
                notices.merge(parts[1])
                areas_kept.merge(parts[2])

            data = collect(self.repo, cache=self._cache, stale=None if whole else stale,
                           each=each, lock=self.repo.store.lock, kept=areas_kept,
                           workers=self.workers, gather=(gathered, merge))
            areas = None if whole else set(stale or ()) | set(data["recollected"])
            files = render_street(data, self.project_dir, areas=areas, requests=False)
            notices.settle(most=0 if whole else INLINE_MAX)
            files.update(notices.ready)
            _write_files(content, files, report)
            made.update(files)
            files.clear()  # written: let go of them
            # Every issue ever reported (35 MB at 50 areas over ten years): left as it is
            # on disk when made from the same items (``kept``: not even read), else
            # compared and written an area's items at a time, never held whole.
            items = kept.key("requests", [a["open311"] for a in data["areas"]])
            if not kept.keep(REQUESTS, items) and \
                    not holds(content / REQUESTS, requests_json(data)):
                replace_file(content / REQUESTS, requests_json(data))
                report.written.append(REQUESTS)
            made.add(REQUESTS)
            # Photos: exactly those of this build (every area's, kept ones too), so
            # one no longer published (its author deleted their data) goes now.
            keep = set() if whole else {p for p in self._paths if p not in made
                                        and not _of_areas(p, areas or set())
                                        and not p.startswith("media/")}
            keep |= notices.pending | notices.unchanged | notices.linked | kept.kept
            keep.update(p for paths in areas_kept.kept.values() for p in paths)
            report.pages = sum(1 for p in made | keep if p.endswith(".md"))
            report.photos = len(data["photos"])
            _write_media(content, MediaStore(self.repo.store.root), data["photos"], report,
                         wanted=made | keep)
            report.written += sorted(notices.linked)  # from the data folder's archive
            self._paths = made | keep | {p for ref in data["photos"]
                                         for p in (f"media/{ref}", f"media/thumbs/{ref}")}
            # What was written is on disk: let go of it before MkDocs runs.
            street = data["street"]
            data.clear()
            forget_rendering()
            notices.start()  # draws many notices in a child process while MkDocs runs
            if run_mkdocs:
                t = time.perf_counter()
                overrides = _mkdocs_overrides(street["site_url"],
                                              f"{street['city']}{street['name']} 公开账本")
                project = _project_stamp(self.project_dir)
                if self._mkdocs is None or overrides != self._overrides or \
                        project != self._project:
                    # First build, a new street name or address, or someone edited
                    # mkdocs.yml, the theme overrides or a hand-written page.
                    self.close()
                    self._mkdocs = MkDocsSession(self.project_dir, self.site_dir, overrides,
                                                  workers=self.workers, outside=is_notice)
                    self._overrides, self._project = overrides, project
                    self._mkdocs.pending = set(notices.pending)
                    self._mkdocs.build()
                    report.reused = self._mkdocs.reused
                else:
                    self._mkdocs.pending = set(notices.pending)  # linked to, copied after
                    try:
                        done = self._mkdocs.update(report.written, report.removed)
                    except Exception:
                        log.exception("page-by-page update failed; building the whole site")
                        done = False
                    if not done:
                        self._mkdocs.build()
                        report.reused = self._mkdocs.reused
                report.site_dir = self._mkdocs.site_dir
                report.mkdocs_seconds = time.perf_counter() - t
            report.written += notices.finish(report.site_dir)
            if run_mkdocs and self._mkdocs is not None:
                self._mkdocs.outside_added(notices.pending)  # copied into its site now
                drop_withdrawn(self.project_dir, self._mkdocs.site_dir, taken_off)
            kept.save()  # what this build made is on disk: later builds may keep it
            areas_kept.save(whole)
        report.seconds = time.perf_counter() - started
        log.info("site built (%s): %d pages, %d files changed, %.2fs",
                 "whole" if whole else f"{len(stale or ())} areas", report.pages,
                 len(report.written), report.seconds)
        return report

    def close(self) -> None:
        if self._mkdocs is not None:
            self._mkdocs.close()
            self._mkdocs = None


def withdrawn_mark(repo: Any) -> str:
    """What changes when words the site showed are to come off it for good: someone
    forgotten (PIPL art. 47) or withdrawing their consent to publication (art. 15), a
    correction approved (art. 46: the text first published is no longer shown; counted
    on who asked for it, ``db.review``). From the people alone: a warm whole build of a
    snapshot never restores the entries' index (``db.core``)."""
    people = sorted([int(p["id"]), str(p.get("forgotten") or ""),
                     str(p.get("consent_withdrawn") or ""), int(p.get("corrected") or 0)]
                    for p in repo.people()
                    if p.get("forgotten") or p.get("consent_withdrawn") or p.get("corrected"))
    return hashlib.sha256(json.dumps(people).encode("utf-8")).hexdigest()


def drop_withdrawn(project_dir: Path, site_dir: Path, mark: str) -> None:
    """Once the site is built from a store whose ``withdrawn_mark`` is ``mark``: if
    that changed since the last build, delete the copies of earlier sites kept beside
    the live one (``mkdocs_session.spares``). They hold the pages, downloads, search
    index and photos as they were, and a forgotten person's words with them, until
    the next whole build or two replaced them; the next whole build makes its folders
    again instead."""
    from .mkdocs_session import drop_spares

    path = Path(project_dir) / WITHDRAWN
    try:
        seen = json.loads(path.read_text("utf-8")).get("mark")
    except (OSError, ValueError, AttributeError):
        seen = None
    if seen == mark:
        return
    if drop_spares(site_dir):
        log.info("a person forgotten, a consent withdrawn or a text corrected since the "
                 "last build: the copies of earlier sites beside %s are deleted", site_dir)
    replace_file(path, json.dumps({"mark": mark}).encode("utf-8"))


def forget_rendering() -> None:
    """Let go of what rendering remembered (escaped texts, printed values: up to some
    50 MB), and give the freed heap back, before MkDocs runs."""
    forget_escaped()
    forget_links()
    forget_printed()
    give_back_freed_memory()


def slim_area(area: dict[str, Any]) -> None:
    """Keep, of an area's collected data, only what the street's own pages and files
    read (the overview tables, statistics, integrity, downloads' summary and
    Open311 items, made by ``render_area``, the home page's latest changes, the
    feed and its signed heads) and what the area's overview page shows (its open
    issues, questions, minutes and modes; ``render_street`` makes it once the
    street's year is known): the builder renders an area's other pages as soon as
    it is collected and then holds only this of it (and the build worker every
    area's, between builds). Of what grows with the history it keeps each year's
    run of ledger lines (``heads.page_runs``, for the feed's signed heads), each
    year's income and spending and each fee period's collection figures (the
    home page shows the street's year: ``collect._year_figures``), its issues'
    counts by category (``collect.issue_summary``, for the statistics; its open
    issues whole, for its overview page) and its Open311 items compressed
    (``exports.pack_open311``). Idempotent."""
    if area.get("slim"):
        return
    area["line_pages"] = page_runs(area["lines"])
    area["events"] = area["events"][:FEED_SIZE]  # newest first: the street shows fewer
    area["issue_stats"] = issue_summary(area["issues"])
    area["issues"] = [i for i in area["issues"] if i["open"]]
    if isinstance(area.get("open311"), list):
        area["open311"] = pack_open311(area["open311"])
    area["years"] = [{"year": y["year"], "income_fen": y["income_fen"],
                      "expense_fen": y["expense_fen"],
                      **({"earlier": y["earlier"]} if y.get("earlier") else {})}
                     for y in area["years"]]
    area["fees"] = [{k: p[k] for k in YEAR_FEE} for p in area["fees"]]
    for key in ("lines", "raw_lines", "proposals", "announcements", "progress_notes",
                "opinions", "notices", "months", "notice_years", "issue_years"):
        area[key] = []
    area["month_totals"] = {}
    area["slim"] = True


def stale_areas(changed: set[str]) -> set[str] | None:
    """The areas whose pages changed partitions affect (``None``: all of them)."""
    if "street" in changed:  # names, households, areas themselves
        return None
    return {p.split("/")[1] for p in changed if p.startswith("areas/")}


def follow(repo: Any, project_dir: Path, requests: IO[str], answers: IO[str]) -> None:
    """Serve builds for a long-lived parent (the bot): build the whole site, then
    once per line read from ``requests``, catch the read-only ``repo`` up with the
    writer and build what changed. Each build answers one JSON line:
    ``{"ok": true, "pages": .., "written": .., "seconds": ..}`` or
    ``{"ok": false, "error": ".."}`` (the next build is then a whole one)."""
    # One at a time: a killed bot's child ends its build before the next bot's builds.
    lock = build_lock(project_dir)
    builder = IncrementalBuilder(repo, project_dir)

    def answer(stale: set[str] | None) -> None:
        try:
            report = builder.build(stale)
            doc: dict[str, Any] = {
                "ok": True, "pages": report.pages, "written": len(report.written),
                "removed": len(report.removed), "seconds": round(report.seconds, 3),
                "mkdocs_seconds": round(report.mkdocs_seconds, 3), "reused": report.reused,
                "areas": None if stale is None else sorted(stale),
                "children_peak_mb": children_peak_mb(),
                "forked_mb": forked_memory()["private"]}
        except Exception as exc:  # noqa: BLE001 - told to the parent, which tells the admins
            from mkdocs.exceptions import Abort

            if isinstance(exc, Abort):  # MkDocs' warnings (a page edited by hand), said in
                # Chinese first: the parent logs it in one line, no traceback to read
                doc = {"ok": False, "error": str(exc)[:1500]}
            else:
                if disk_fix(project_dir, exc) is None:
                    log.exception("site build failed")  # (a full disk: the parent's one line)
                doc = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[-1500:]}
        answers.write(json.dumps(doc, ensure_ascii=False) + "\n")
        answers.flush()

    try:
        answer(None)
        for _ in requests:
            try:
                changed = repo.refresh()
            except Exception as exc:  # noqa: BLE001
                log.exception("could not read the bot's changes")
                answers.write(json.dumps({"ok": False, "error": str(exc)[-1500:]},
                                         ensure_ascii=False) + "\n")
                answers.flush()
                continue
            # Even with nothing new in the store: a hand-written page may have changed.
            answer(stale_areas(changed))
    finally:
        builder.close()
        lock.close()


def children_peak_mb() -> int:
    """The largest peak RSS of the child processes this process has waited for (the
    notices' drawing, the processes a whole build forks: ``shared``, whose peak RSS
    counts the pages they share with this one; ``forked_memory`` tells their own),
    in MB: a build's memory is its own peak and, beside it, its children's."""
    import resource

    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024


def _project_stamp(project_dir: Path) -> dict[str, int]:
    """The hand-made files of the site project and their times: the MkDocs
    configuration, hooks, theme overrides, templates and hand-written pages
    (everything in content/ that the builder does not generate; the generated
    folders, with every photo, are not even walked)."""
    content = project_dir / "content"
    roots = [project_dir / name for name in ("mkdocs.yml", "hooks", "overrides", "templates")]
    if content.is_dir():
        roots += [p for p in content.iterdir()
                  if p.name not in GENERATED_FILES and p.name not in GENERATED_DIRS]
    out: dict[str, int] = {}
    for base in roots:
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            rel = path.relative_to(project_dir)
            if path.is_file() and not any(p.startswith(".") for p in rel.parts):
                out[rel.as_posix()] = path.stat().st_mtime_ns
    return out


def _of_areas(path: str, areas: set[str]) -> bool:
    """Whether a generated file belongs to one of ``areas`` (made again with them)."""
    parts = path.split("/")
    return len(parts) > 2 and parts[0] in ("areas", "downloads") and parts[1] in areas


def _mkdocs_overrides(site_url: str, site_name: str) -> dict[str, Any]:
    overrides: dict[str, Any] = {"strict": True}
    if site_url:
        overrides["site_url"] = site_url
    if site_name:
        overrides["site_name"] = title_text(site_name)  # the theme writes it raw into <head>
    return overrides


def _write_files(content: Path, files: dict[str, bytes], report: BuildReport) -> None:
    """Write the files whose bytes changed."""
    for rel, body in sorted(files.items()):
        path = content / rel
        if _size(path) == len(body) and holds(path, (body,)):
            continue
        replace_file(path, body)
        report.written.append(rel)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _write_media(content: Path, media: MediaStore, photos: list[str], report: BuildReport,
                 wanted: set[str]) -> None:
    """Copy the published photos; remove the generated files not ``wanted`` (nor photos)."""
    wanted = set(wanted)
    # Photos are named by their content's hash: an existing file of the same
    # size is the same photo, so it is not read again.
    for ref in photos:
        for rel, source in ((f"media/{ref}", media.path(ref)),
                            (f"media/thumbs/{ref}", media.thumb_path(ref))):
            wanted.add(rel)
            target = content / rel
            if target.is_file() and target.stat().st_size == source.stat().st_size:
                continue
            replace_file(target, source.read_bytes())
            report.written.append(rel)
    for rel in _generated(content):
        if rel not in wanted:
            (content / rel).unlink()
            report.removed.append(rel)
    for name in GENERATED_DIRS:
        _prune_empty(content / name)


def _generated(content: Path) -> list[str]:
    out = [name for name in GENERATED_FILES if (content / name).is_file()]
    for name in GENERATED_DIRS:
        _walk(content / name, name, out, [])
    return sorted(out)


def _walk(folder: Path, rel: str, files: list[str], dirs: list[str]) -> None:
    """The files (``is_file``: symlinks to files too) and folders (not symlinks) under
    ``folder``, as ``Path.rglob`` finds them, at a fraction of its cost: a whole
    build walks every generated file (thousands of past years' pages and notices)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        path = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            dirs.append(path)
            _walk(Path(entry.path), path, files, dirs)
        elif entry.is_file():
            files.append(path)


def _prune_empty(root: Path) -> None:
    dirs: list[str] = []
    _walk(root, str(root), [], dirs)
    for path in sorted(dirs, reverse=True):
        if not os.listdir(path):
            os.rmdir(path)
