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

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from db.media import MediaStore
from db.storage import disk_fix

from .area_cache import AreaCache
from .collect import collect, street_info
from .content_files import (
    GENERATED_DIRS,
    GENERATED_FILES,
    of_areas,
    project_changes,
    project_stamp,
    save_project_seen,
    write_files,
    write_media,
)
from .escape import title_text
from .exports import REQUESTS, requests_json
from .files import build_lock, holds, replace_file
from .forgetting import (
    WITHDRAWN,
    drop_withdrawn,
    forget_rendering,
    slim_area,
    withdrawn_mark,
)
from .kept import Kept, code_digest
from .notice import ARCHIVE, INLINE_MAX, NoticeDrawing, is_notice, notice_path
from .page_cache import keep_jieba_cache
from .render import render_area, render_street
from .shared import forked_memory

__all__ = ["build_site", "IncrementalBuilder", "BuildReport", "GENERATED_DIRS", "GENERATED_FILES",
           "withdrawn_mark", "drop_withdrawn", "forget_rendering", "slim_area", "WITHDRAWN"]

log = logging.getLogger(__name__)


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
    # the project's hand-made files (stylesheets, security.md…) changed since the last
    # build: an upgrade's (``site init --update``), published by this build
    project_changed: list[str] = field(default_factory=list)
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
                write_files(content, files, report)
                made.update(files)
                aid = area["id"]
                areas_kept.files(aid, set(files) | {
                    notice_path(aid, n["month"]) for n in area["notices"]} | {
                    v["path"] for v in area.get("vote_notices") or []} | {
                    p for p in kept.kept if of_areas(p, {aid})})
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
            write_files(content, files, report)
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
                                        and not of_areas(p, areas or set())
                                        and not p.startswith("media/")}
            keep |= notices.pending | notices.unchanged | notices.linked | kept.kept
            keep.update(p for paths in areas_kept.kept.values() for p in paths)
            report.pages = sum(1 for p in made | keep if p.endswith(".md"))
            report.photos = len(data["photos"])
            write_media(content, MediaStore(self.repo.store.root), data["photos"], report,
                         wanted=made | keep)
            report.written += sorted(notices.linked)  # from the data folder's archive
            self._paths = made | keep | {p for ref in data["photos"]
                                         for p in (f"media/{ref}", f"media/thumbs/{ref}")}
            # What was written is on disk: let go of it before MkDocs runs.
            street = data["street"]
            data.clear()
            forget_rendering()
            notices.start()  # draws many notices in a child process while MkDocs runs
            seen: dict[str, list[object]] = {}
            if run_mkdocs:
                t = time.perf_counter()
                overrides = _mkdocs_overrides(street["site_url"],
                                              f"{street['city']}{street['name']} 公开账本")
                project = project_stamp(self.project_dir)
                report.project_changed, seen = project_changes(self.project_dir, project)
                if self._mkdocs is None or overrides != self._overrides or \
                        project != self._project:
                    # First build, a new street name or address, or someone edited
                    # mkdocs.yml, the theme overrides or a hand-written page.
                    self.close()
                    keep_jieba_cache(self.project_dir / ".cache")
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
            if run_mkdocs:
                save_project_seen(self.project_dir, seen)
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
                "project_changed": len(report.project_changed),
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


def _mkdocs_overrides(site_url: str, site_name: str) -> dict[str, Any]:
    overrides: dict[str, Any] = {"strict": True}
    if site_url:
        overrides["site_url"] = site_url
    if site_name:
        overrides["site_name"] = title_text(site_name)  # the theme writes it raw into <head>
    return overrides












