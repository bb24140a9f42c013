"""The private MkDocs behaviour ``site_builder.mkdocs_private`` relies on: if the
pinned MkDocs (or Material) changes it, these fail loudly, naming what moved."""

from __future__ import annotations

import inspect
import os
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


def test_static_files_are_hard_linked_into_the_site_inside_linked_copies(tiny_project, tmp_path):
    (tiny_project / "docs" / "chart.svg").write_text("<svg/>", "utf-8")
    config, files, _, _ = _load(tiny_project, tmp_path / "site")
    with private.linked_copies():
        files.copy_static_files()
    source, out = tiny_project / "docs" / "chart.svg", tmp_path / "site" / "chart.svg"
    assert out.read_text("utf-8") == "<svg/>"
    assert out.stat().st_ino == source.stat().st_ino, "MkDocs no longer copies via utils.copy_file"
    from mkdocs import utils

    assert utils.copy_file.__module__ == "mkdocs.utils"  # put back after the block


def test_theme_files_are_the_ones_mkdocs_lists_without_walking_hidden_folders(tmp_path):
    import inspect

    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    root = Path(__file__).resolve().parents[1]
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "s"))
    theirs, ours = Files([]), Files([])
    theirs.add_files_from_theme(config.theme.get_env(), config)
    private.add_theme_files(ours, config)
    assert [(f.src_uri, f.abs_src_path) for f in ours] == \
        [(f.src_uri, f.abs_src_path) for f in theirs]
    assert len(ours) > 10  # Material's assets: CSS, JavaScript
    # What makes skipping hidden folders the same: MkDocs drops every hidden path.
    source = inspect.getsource(Files.add_files_from_theme)
    assert "'.*', '*/.*'" in source, "MkDocs no longer drops hidden theme files by name"


def _hook():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
    import steward_search

    return steward_search


SEGMENTED = ("化粪池堵了，路灯不亮 #12 已解决 · 物业费 ¥1,200.00 疏通下水道 "
             "由网格员乙代为登记 𠀀〇々 mixed 中文and English 报事 报事")


def test_the_hooks_segmenter_cuts_chinese_as_materials_search_index_does():
    import jieba
    from material.plugins.search.plugin import SearchIndex

    hook = _hook()

    jieba.load_userdict(str(hook.WORDS))
    jieba._steward_words = True
    segment = hook.Segmenter()
    material = SearchIndex()._segment_chinese
    for text in (SEGMENTED, "", "abc", "路灯", " 路灯 "):
        assert segment(text) == material(text), text
    assert segment(SEGMENTED) == material(SEGMENTED)  # the second time from its memory


def test_materials_search_index_segments_through_the_attribute_the_hook_sets(tmp_path):
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["zh"], separator=".", pipeline=[], fields={})
    assert isinstance(index.entries, list), "Material's SearchIndex.entries changed"
    seen: list[str] = []

    def segment(text):
        seen.append(text)
        return text.upper()

    index._segment_chinese = segment

    class Section:
        id, title, text = "s", ["Title"], ["body"]

    class Page:
        meta: dict = {}
        title = "T"

    index.create_entry_for_section(Section, [], "p/", Page)
    assert seen == ["Title", "body"], "Material no longer segments through _segment_chinese"
    assert index.entries == [{"location": "p/#s", "title": "TITLE", "text": "BODY"}]


def test_the_search_index_is_materials_with_the_pages_json_put_in():
    import json

    from material.plugins.search.plugin import SearchIndex

    from site_builder.search_index import search_index, search_json

    index = SearchIndex(lang=["zh"], separator="[\\s\u200b]+", pipeline=["stemmer"],
                        fields={"title": {"boost": 1000.0}})
    pages = [[{"location": "a/", "title": "路灯", "text": "x"}], [],
             [{"location": "b/#c", "title": "B", "text": "化粪池", "boost": 2}]]

    class Plugin:
        search_index = index

    index.entries = [{"location": "kept/", "title": "", "text": ""}]
    ours = json.loads(b"".join(search_index(Plugin, [search_json(p) for p in pages])))
    assert index.entries == [{"location": "kept/", "title": "", "text": ""}]  # left as it was
    index.entries = [e for p in pages for e in p]
    assert ours == json.loads(index.generate_search_index(None))


def test_static_files_are_linked_each_folder_made_once_and_made_files_still_written(
        tiny_project, tmp_path, monkeypatch):
    import os

    from mkdocs.structure.files import File

    for name in ("a.svg", "b.svg"):
        (tiny_project / "docs" / "charts").mkdir(exist_ok=True)
        (tiny_project / "docs" / "charts" / name).write_text(name, "utf-8")
    config, files, _, _ = _load(tiny_project, tmp_path / "site")
    files.append(File.generated(config, "made.txt", content="made by a plugin"))
    made: list[str] = []
    makedirs = os.makedirs
    monkeypatch.setattr(os, "makedirs", lambda p, *a, **k: made.append(p) or makedirs(p, *a, **k))
    private.link_static_files(files, private.Linker())
    site = tmp_path / "site"
    for name in ("a.svg", "b.svg"):
        out, source = site / "charts" / name, tiny_project / "docs" / "charts" / name
        assert out.read_text("utf-8") == name and out.stat().st_ino == source.stat().st_ino
    assert made.count(str(site / "charts")) == 1
    assert (site / "made.txt").read_text("utf-8") == "made by a plugin"


def test_get_files_is_mkdocs_own_without_the_files_left_outside(tiny_project, tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    docs = tiny_project / "docs"
    (docs / "sub").mkdir()
    for name in ("README.md", "index.md", "x.pdf", "keep.pdf", ".hidden.pdf"):
        (docs / "sub" / name).write_text("x", "utf-8")
    config = load_config(config_file=str(tiny_project / "mkdocs.yml"),
                         site_dir=str(tmp_path / "site"))
    stock = get_files(config)
    ours, left, inodes = private.get_files(config, lambda path: path == "sub/x.pdf")
    assert left == ["sub/x.pdf"]
    docs = tiny_project / "docs"
    every = [p for p in docs.rglob("*") if p.is_file()]
    assert every and inodes == {str(p): p.stat().st_ino for p in every}  # those left out too
    assert [(f.src_uri, f.dest_uri, f.inclusion) for f in ours] == \
        [(f.src_uri, f.dest_uri, f.inclusion) for f in stock if f.src_uri != "sub/x.pdf"]
    assert "sub/README.md" not in {f.src_uri for f in ours}  # index.md wins, as in MkDocs


def test_linker_keeps_a_file_already_linked_and_replaces_another_without_writing_into_it(
        tmp_path):
    """A new site made in an old one's folder: a file there that is the source itself
    (the same inode) stays; one that is another file (maybe shared with the live site)
    is unlinked and the source linked in its place, never written into; what no link
    claims is swept."""
    source, other = tmp_path / "docs.pdf", tmp_path / "live.pdf"
    source.write_bytes(b"new")
    other.write_bytes(b"old")
    site = tmp_path / "site"
    site.mkdir()
    same, differs, unclaimed = site / "same.pdf", site / "differs.pdf", site / "gone.pdf"
    os.link(source, same)
    os.link(other, differs)
    os.link(other, unclaimed)
    linker = private.Linker()
    from site_builder.files import scan_files

    linker.present, linker.folders = scan_files(site)
    linker.device = site.stat().st_dev
    assert linker.link(str(source), str(same)) and linker.kept == 1
    assert linker.link(str(source), str(differs)) and linker.kept == 1
    assert differs.stat().st_ino == source.stat().st_ino and other.read_bytes() == b"old"
    assert linker.sweep() == 1 and not unclaimed.exists() and other.read_bytes() == b"old"
    assert sorted(p.name for p in site.iterdir()) == ["differs.pdf", "same.pdf"]
