"""The site's project folder: what `steward site init` copies is what a wheel installs."""

from __future__ import annotations

import tomllib
from pathlib import Path

from site_builder.project import init_project, sources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_every_source_of_a_project_folder_is_installed_with_the_wheel(tmp_path):
    copied = {p.relative_to(tmp_path).as_posix() for p in init_project(tmp_path)}
    assert sources_dir() == ROOT and "mkdocs.yml" in copied and "hooks/steward_search.py" in copied
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    installed = set()
    for target, patterns in config["tool"]["setuptools"]["data-files"].items():
        assert target.startswith("share/steward/site")
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                installed.add(path.relative_to(ROOT).as_posix())
                where = target.removeprefix("share/steward/site").strip("/")
                assert path.parent.relative_to(ROOT).as_posix() == (where or "."), path
    assert copied == installed
