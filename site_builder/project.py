"""The site's project folder: what ``steward build`` needs besides the store.

A project folder holds ``mkdocs.yml``, the MkDocs hook (``hooks/``), the
theme overrides (``overrides/``) and the hand-written pages and assets under
``content/``; the builder writes the generated pages beside them and the
site into ``site/``. ``init_project`` makes one from the sources shipped with
Steward: this repository's own files when Steward runs from a checkout, or
the copy a wheel installs under ``<prefix>/share/steward/site`` (see
``[tool.setuptools.data-files]`` in pyproject.toml). Files already there are
kept, so a street's own edits survive a second ``steward site init``; after an
upgrade, ``steward site init --update`` (``update_project``) brings this version's
sources in, replacing only the files the street did not edit.

The project folder is named by ``--project`` or the environment variable
``STEWARD_PROJECT`` everywhere (``steward build``, ``serve``, ``init``,
``site init`` and the bot). ``STEWARD_PROJECT_DIR``, the bot's old name for
it, is still read, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

__all__ = ["SOURCES", "ENV", "OLD_ENV", "RECORD", "NEW_DIR", "Updated", "init_project",
           "is_project", "project_from_env", "sources_dir", "update_project"]

log = logging.getLogger(__name__)

ENV = "STEWARD_PROJECT"
OLD_ENV = "STEWARD_PROJECT_DIR"
# What a project folder is made of, relative to it (and to the sources).
SOURCES = ("mkdocs.yml", "hooks", "overrides", "content")
# In a project: each source file as Steward copied it (sha256), so that an update
# replaces only what the street did not edit; and where an update puts this
# version's copy of a file the street edited (outside content/: never published).
RECORD = ".steward-sources.json"
NEW_DIR = ".steward-new"


def _generated() -> set[str]:
    from .build import GENERATED_DIRS, GENERATED_FILES

    return set(GENERATED_DIRS) | set(GENERATED_FILES)


def sources_dir() -> Path:
    """Where the project's sources are: the checkout Steward runs from, else the
    copy installed with it."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "mkdocs.yml").is_file() and (checkout / "content").is_dir():
        return checkout
    installed = Path(sysconfig.get_path("data")) / "share" / "steward" / "site"
    if (installed / "mkdocs.yml").is_file():
        return installed
    raise FileNotFoundError("the site's sources (mkdocs.yml, hooks/, overrides/, content/) "
                            f"are neither in {checkout} nor in {installed}: reinstall Steward")


def is_project(folder: Path) -> bool:
    return (Path(folder) / "mkdocs.yml").is_file()


def _pairs(source: Path, folder: Path) -> list[tuple[Path, Path]]:
    """Each source file and where it goes in ``folder`` (generated pages left out)."""
    skip = _generated()
    pairs: list[tuple[Path, Path]] = []
    for name in SOURCES:
        origin = source / name
        if origin.is_file():
            pairs.append((origin, folder / name))
        elif origin.is_dir():
            pairs += [(p, folder / p.relative_to(source)) for p in sorted(origin.rglob("*"))
                      if p.is_file() and not _skipped(p.relative_to(source), skip)]
    return pairs


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save_record(folder: Path, record: dict[str, str]) -> None:
    text = json.dumps(dict(sorted(record.items())), indent=1) + "\n"
    (folder / RECORD).write_text(text, "utf-8")


def init_project(folder: Path) -> list[Path]:
    """Give ``folder`` the site's sources; returns the files created (none when
    all were there already). Never overwrites a file, never copies generated pages.
    Each file copied is noted in ``RECORD`` as copied (for ``update_project``)."""
    folder = Path(folder)
    source = sources_dir()
    if source.resolve() == folder.resolve():
        return []
    created: list[Path] = []
    record = _record(folder)
    for src, dst in _pairs(source, folder):
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        record[dst.relative_to(folder).as_posix()] = _sha(dst.read_bytes())
        created.append(dst)
    if created:
        _save_record(folder, record)
    return created


class Updated(NamedTuple):
    """What ``update_project`` did: files added, files replaced by this version's
    (they were as Steward left them), and files kept because they were edited (or
    predate the record), with this version's beside them in ``NEW_DIR``."""

    added: list[Path]
    replaced: list[Path]
    kept: list[Path]
    # edited here, and this version's is the one Steward copied: kept, nothing to merge
    edited: list[Path]


def update_project(folder: Path) -> Updated:
    """After an upgrade: bring ``folder``'s sources to this version's (the theme's
    overrides, the search hook, mkdocs.yml, the stylesheet, the guides...) without
    losing a street's own edits. A file missing is added; a file whose bytes are
    those Steward copied (``RECORD``) is replaced; any other that differs is kept,
    and this version's is written to ``NEW_DIR`` under the same path, to compare."""
    folder = Path(folder)
    source = sources_dir()
    done = Updated([], [], [], [])
    if source.resolve() == folder.resolve():
        return done
    record = _record(folder)
    shutil.rmtree(folder / NEW_DIR, ignore_errors=True)  # what an earlier update left
    for src, dst in _pairs(source, folder):
        rel = dst.relative_to(folder).as_posix()
        new = src.read_bytes()
        if not dst.exists():
            done.added.append(dst)
        elif (current := _sha(dst.read_bytes())) == _sha(new):
            record[rel] = current
            continue
        elif record.get(rel) == current:
            done.replaced.append(dst)
        elif record.get(rel) == _sha(new):  # the street's edit of a page this version
            done.edited.append(dst)  # left as it was: nothing of it to compare
            continue
        else:
            beside = folder / NEW_DIR / rel
            beside.parent.mkdir(parents=True, exist_ok=True)
            beside.write_bytes(new)
            done.kept.append(dst)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.tmp")
        tmp.write_bytes(new)
        os.replace(tmp, dst)
        record[rel] = _sha(new)
    _save_record(folder, record)
    return done


def _skipped(rel: Path, generated: set[str]) -> bool:
    parts = rel.parts
    if any(p == "__pycache__" or p.endswith(".pyc") or p.startswith(".") for p in parts):
        return True
    # content/<generated page or folder>: made by the builder, not a source
    return len(parts) > 1 and parts[0] == "content" and parts[1] in generated


def project_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """The project folder named in the environment: ``STEWARD_PROJECT``, or the old
    ``STEWARD_PROJECT_DIR`` (with a warning); None when neither is set."""
    env = os.environ if env is None else env
    if env.get(ENV):
        return env[ENV]
    if env.get(OLD_ENV):
        log.warning("%s 是 %s 的旧名字：请改用 %s（例如在 /etc/steward.env 里），旧名字暂时"
                    "还能用 / %s is the old name of %s: please rename it (it is still read "
                    "for now)",
                    OLD_ENV, ENV, ENV, OLD_ENV, ENV)
        return env[OLD_ENV]
    return None
