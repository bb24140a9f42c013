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

import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.media import MediaStore
from db.storage import atomic_write_bytes

from .collect import collect
from .escape import title_text
from .render import render

__all__ = ["build_site", "BuildReport", "GENERATED_DIRS", "GENERATED_FILES", "run_mkdocs"]

log = logging.getLogger(__name__)

# What the builder owns inside content/; everything else there is hand-written.
GENERATED_DIRS = ("areas", "downloads", "media")
GENERATED_FILES = ("index.md", "stats.md", "integrity.md", "feed.xml")

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
    site_dir: Path | None = None


def build_site(repo: Any, project_dir: Path, *, run_mkdocs: bool = True,
               site_dir: Path | None = None) -> BuildReport:
    """Regenerate ``project_dir/content`` from ``repo`` and (optionally) build the site.

    Safe to call from a worker thread while the bot writes: the store's lock
    is held only while the data is collected.
    """
    started = time.perf_counter()
    project_dir = Path(project_dir)
    content = project_dir / "content"
    with _BUILD_LOCK:
        with repo.store.lock:  # collect: plain dicts, nothing else
            data = collect(repo)
        files = render(data, project_dir)
        report = BuildReport(pages=sum(1 for p in files if p.endswith(".md")),
                             photos=len(data["photos"]))
        _write(content, files, MediaStore(repo.store.root), data["photos"], report)
        if run_mkdocs:
            t = time.perf_counter()
            street = data["street"]
            report.site_dir = _mkdocs(project_dir, site_dir or project_dir / "site",
                                      street["site_url"],
                                      f"{street['city']}{street['name']} 公开账本")
            report.mkdocs_seconds = time.perf_counter() - t
    report.seconds = time.perf_counter() - started
    log.info("site built: %d pages, %d files changed, %.2fs", report.pages,
             len(report.written), report.seconds)
    return report


def _write(content: Path, files: dict[str, bytes], media: MediaStore, photos: list[str],
           report: BuildReport) -> None:
    wanted = set(files)
    for rel, body in sorted(files.items()):
        path = content / rel
        if path.is_file() and path.read_bytes() == body:
            continue
        atomic_write_bytes(path, body)
        report.written.append(rel)
    # Photos are named by their content's hash: an existing file of the same
    # size is the same photo, so it is not read again.
    for ref in photos:
        for rel, source in ((f"media/{ref}", media.path(ref)),
                            (f"media/thumbs/{ref}", media.thumb_path(ref))):
            wanted.add(rel)
            target = content / rel
            if target.is_file() and target.stat().st_size == source.stat().st_size:
                continue
            atomic_write_bytes(target, source.read_bytes())
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
        root = content / name
        if root.is_dir():
            out += [p.relative_to(content).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(out)


def _prune_empty(root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()


def run_mkdocs(project_dir: Path, site_dir: Path, site_url: str = "",
               site_name: str = "") -> Path:
    """``mkdocs build --strict`` of ``project_dir/mkdocs.yml`` into ``site_dir``."""
    with _BUILD_LOCK:
        return _mkdocs(project_dir, site_dir, site_url, site_name)


def _mkdocs(project_dir: Path, site_dir: Path, site_url: str, site_name: str = "") -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = project_dir / "mkdocs.yml"
    if not config_file.is_file():
        raise FileNotFoundError(f"{config_file}: no MkDocs configuration here")
    site_dir = Path(site_dir).resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    overrides: dict[str, Any] = {"site_dir": str(staging), "strict": True}
    if site_url:
        overrides["site_url"] = site_url
    if site_name:
        overrides["site_name"] = title_text(site_name)  # the theme writes it raw into <head>
    config = load_config(config_file=str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    # Swap the new site in: a server reading site/ sees the old or the new one.
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return site_dir
