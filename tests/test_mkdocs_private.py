"""The private MkDocs behaviour ``site_builder.mkdocs_private`` relies on: if the
pinned MkDocs (or Material) changes it, these fail loudly, naming what moved."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from pathlib import Path

import pytest

from site_builder import mkdocs_private as private


def test_installed_mkdocs_is_the_version_the_adapter_was_read_from():
    assert version("mkdocs") == private.MKDOCS_VERSION, (
        "MkDocs changed: check every function of site_builder/mkdocs_private.py against "
        "mkdocs/commands/build.py of the new version, then update MKDOCS_VERSION")


@pytest.mark.parametrize(("name", "params"), [
    ("_populate_page", ["page", "config", "files", "dirty"]),
    ("_build_page", ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]),
    ("_build_theme_template", ["template_name", "env", "files", "config", "nav"]),
    ("_build_extra_template", ["template_name", "files", "config", "nav"]),
])
def test_mkdocs_build_helpers_keep_their_signatures(name, params):
    from mkdocs.commands import build

    fn = getattr(build, name, None)
    assert fn is not None, f"mkdocs.commands.build.{name} is gone"
    assert list(inspect.signature(fn).parameters) == params


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n\n化粪池清掏\n", "utf-8")
    (docs / "b.md").write_text("# 第二页\n\n路灯\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nnav: [index.md, b.md]\ntheme: {name: mkdocs}\nplugins: []\n", "utf-8")
    return tmp_path


def _load(project: Path, site: Path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config = config.plugins.on_config(config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    nav = get_navigation(files, config)
    return config, files, nav, env


def test_build_page_writes_converted_markdown_through_the_atomic_writer(tiny_project, tmp_path,
                                                                        monkeypatch):
    config, files, nav, env = _load(tiny_project, tmp_path / "site")
    written: list[str] = []
    import site_builder.files

    real = site_builder.files.replace_file

    def recording(path, data):
        written.append(str(path))
        real(path, data)

    monkeypatch.setattr(private, "replace_file", recording)
    page = files.get_file_from_path("b.md").page
    private.populate_page(page, config, files)
    assert "路灯" in page.content
    with private.atomic_writes():
        private.build_page(page, config, files.documentation_pages(), nav, env)
    out = tmp_path / "site" / "b" / "index.html"
    assert written == [str(out)], "MkDocs no longer writes pages through utils.write_file"
    assert "路灯" in out.read_text("utf-8")
    from mkdocs import utils

    assert utils.write_file.__module__ == "mkdocs.utils"  # put back after the block


def test_theme_templates_are_built_by_the_helper(tiny_project, tmp_path):
    config, files, nav, env = _load(tiny_project, tmp_path / "site")
    for file in files.documentation_pages():
        private.populate_page(file.page, config, files)
    private.build_theme_template("404.html", env, files, config, nav)
    assert (tmp_path / "site" / "404.html").read_text("utf-8").strip()


def test_move_output_points_cached_destinations_at_the_new_folder(tiny_project, tmp_path):
    _, files, _, _ = _load(tiny_project, tmp_path / "staging")
    page = files.get_file_from_path("index.md")
    assert page.abs_dest_path.startswith(str(tmp_path / "staging"))  # now cached
    private.move_output(files, str(tmp_path / "live"))
    assert page.abs_dest_path == str(tmp_path / "live" / "index.html")


def test_search_entries_of_one_page_are_dropped_from_materials_index():
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    assert isinstance(index.entries, list), "Material's SearchIndex.entries changed"
    index.entries = [{"location": "a/", "title": "A", "text": ""},
                     {"location": "a/#x", "title": "A x", "text": ""},
                     {"location": "b/", "title": "B", "text": ""}]

    class Plugin:
        search_index = index

    private.drop_search_entries(Plugin, "a/")
    assert [e["location"] for e in index.entries] == ["b/"]
