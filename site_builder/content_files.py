"""What the builder writes into a site project's ``content/`` (``site_builder.build``): the
files whose bytes changed, the published photos, the generated files no longer made
removed; which files it owns there (``GENERATED_DIRS``, ``GENERATED_FILES``) and the
stamp of the hand-made ones (MkDocs' configuration, hooks, overrides, pages). Split from
``site_builder.build``, which re-exports the names it had.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from db.media import MediaStore

from .files import holds, replace_file

if TYPE_CHECKING:
    from .build import BuildReport

__all__ = ["GENERATED_DIRS", "GENERATED_FILES", "generated_files", "of_areas", "project_stamp",
           "project_changes", "save_project_seen", "write_files", "write_media"]


# What the builder owns inside content/; everything else there is hand-written.
GENERATED_DIRS = ("areas", "downloads", "media", "qr")


GENERATED_FILES = ("index.md", "stats.md", "integrity.md", "stewards.md", "feed.xml",
                   "steward_today.js")


def project_stamp(project_dir: Path) -> dict[str, int]:
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


# The hand-made files (``project_stamp``) as the last build saw them: each one's time and
# SHA-256, so a build can tell which changed since (an upgrade's stylesheet, security.md).
PROJECT_SEEN = Path(".cache") / "project-files.json"


def project_changes(project_dir: Path, stamp: dict[str, int]
                    ) -> tuple[list[str], dict[str, list[object]]]:
    """The hand-made files added, edited or removed since the last build saved what it
    saw (``save_project_seen``; all of them when none did), and what to save now. A file
    of the same time is not read; one touched but of the same bytes is not changed."""
    try:
        seen = json.loads((project_dir / PROJECT_SEEN).read_text("utf-8"))
    except (OSError, ValueError):
        seen = {}
    seen = seen if isinstance(seen, dict) else {}
    now: dict[str, list[object]] = {}
    changed = []
    for rel, mtime in stamp.items():
        before = seen.get(rel)
        before = before if isinstance(before, list) and len(before) == 2 else [None, None]
        if before[0] == mtime:
            now[rel] = before
            continue
        try:
            digest = hashlib.sha256((project_dir / rel).read_bytes()).hexdigest()
        except OSError:
            continue
        now[rel] = [mtime, digest]
        if digest != before[1]:
            changed.append(rel)
    changed += [rel for rel in seen if rel not in stamp]
    return sorted(changed), now


def save_project_seen(project_dir: Path, now: dict[str, list[object]]) -> None:
    """What ``project_changes`` gave to save, once the build that read it succeeded."""
    replace_file(project_dir / PROJECT_SEEN,
                 json.dumps(now, sort_keys=True, separators=(",", ":")).encode())


def of_areas(path: str, areas: set[str]) -> bool:
    """Whether a generated file belongs to one of ``areas`` (made again with them)."""
    parts = path.split("/")
    return len(parts) > 2 and parts[0] in ("areas", "downloads") and parts[1] in areas


def write_files(content: Path, files: dict[str, bytes], report: BuildReport) -> None:
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


def write_media(content: Path, media: MediaStore, photos: list[str], report: BuildReport,
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
    folders: list[str] = []
    for rel in generated_files(content, folders):
        if rel not in wanted:
            (content / rel).unlink()
            report.removed.append(rel)
    # The generated folders left empty, deepest first (their listing above: a whole
    # build lists every past year's page and notice once, not once more for this).
    for rel in sorted(folders, reverse=True):
        path = content / rel
        if not os.listdir(path):
            os.rmdir(path)


def generated_files(content: Path, folders: list[str] | None = None) -> list[str]:
    """The generated files under ``content`` (sorted); their folders (below
    ``GENERATED_DIRS``) appended to ``folders``."""
    out = [name for name in GENERATED_FILES if (content / name).is_file()]
    for name in GENERATED_DIRS:
        _walk(content / name, name, out, folders if folders is not None else [])
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
