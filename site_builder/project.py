"""The site's project folder: what ``steward build`` needs besides the store.

A project folder holds ``mkdocs.yml``, the MkDocs hook (``hooks/``), the
theme overrides (``overrides/``) and the hand-written pages and assets under
``content/``; the builder writes the generated pages beside them and the
site into ``site/``. ``init_project`` makes one from the sources shipped with
Steward: this repository's own files when Steward runs from a checkout, or
the copy a wheel installs under ``<prefix>/share/steward/site`` (see
``[tool.setuptools.data-files]`` in pyproject.toml). Files already there are
kept, so a street's own edits survive a second ``steward site init``.

The project folder is named by ``--project`` or the environment variable
``STEWARD_PROJECT`` everywhere (``steward build``, ``serve``, ``init``,
``site init`` and the bot). ``STEWARD_PROJECT_DIR``, the bot's old name for
it, is still read, with a warning.
"""

from __future__ import annotations

import logging
import os
import shutil
import sysconfig
from collections.abc import Mapping
from pathlib import Path

__all__ = ["SOURCES", "ENV", "OLD_ENV", "init_project", "is_project", "project_from_env",
           "sources_dir"]

log = logging.getLogger(__name__)

ENV = "STEWARD_PROJECT"
OLD_ENV = "STEWARD_PROJECT_DIR"
# What a project folder is made of, relative to it (and to the sources).
SOURCES = ("mkdocs.yml", "hooks", "overrides", "content")


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


def init_project(folder: Path) -> list[Path]:
    """Give ``folder`` the site's sources; returns the files created (none when
    all were there already). Never overwrites a file, never copies generated pages."""
    folder = Path(folder)
    source = sources_dir()
    if source.resolve() == folder.resolve():
        return []
    skip = _generated()
    created: list[Path] = []
    for name in SOURCES:
        origin = source / name
        if origin.is_file():
            pairs = [(origin, folder / name)]
        elif origin.is_dir():
            pairs = [(p, folder / p.relative_to(source)) for p in sorted(origin.rglob("*"))
                     if p.is_file() and not _skipped(p.relative_to(source), skip)]
        else:
            continue
        for src, dst in pairs:
            if dst.exists():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            created.append(dst)
    return created


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
        log.warning("%s is the old name of %s: please rename it (it is still read for now)",
                    OLD_ENV, ENV)
        return env[OLD_ENV]
    return None
