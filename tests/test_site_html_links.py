"""Links inside the raw HTML blocks (tables, the area menu, the year links) are
checked as MkDocs checks Markdown links under ``--strict`` (hooks/steward_search.py):
a link to no file of the site, or to an anchor its page does not have, fails the
build; the site's own links pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site
from site_builder.mkdocs_session import MkDocsSession


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A small street's content, written but not built."""
    tmp = tmp_path_factory.mktemp("links")
    repo = new_repo(tmp / "data")
    fill_street(repo)
    project = make_project(tmp)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    return project


def _build_with(written: Path, tmp_path: Path, block: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(written, project)
    (project / "content" / "notes.md").write_text(
        f"# 说明\n\n<!--steward:html\n{block}\n-->\n\n正文。\n", "utf-8")
    MkDocsSession(project, project / "site", {"strict": True}).build()
    return project / "site"


def test_the_sites_own_links_in_raw_html_pass_and_are_written_as_they_are(written, tmp_path):
    block = ('<p id="here"><a href="../areas/east/accounts/">账目</a> '
             '<a href="../downloads/east/ledger.json">下载</a> <a href="#here">这里</a> '
             '<a href="../areas/east/accounts/#lines">明细</a> <a href="https://example.org/">外</a></p>')
    site = _build_with(written, tmp_path, block)
    assert block in (site / "notes" / "index.html").read_text("utf-8")
    menu = (site / "areas" / "east" / "accounts" / "index.html").read_text("utf-8")
    assert '<p class="steward-areanav"><a href="../../">全部小区</a>' in menu  # checked too


@pytest.mark.parametrize("link", ["../areas/nowhere/", "../areas/east/accounts/#line-999999",
                                  "#missing", "../media/none.jpg"])
def test_a_broken_link_in_raw_html_fails_the_strict_build(written, tmp_path, link):
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        _build_with(written, tmp_path, f'<p><a href="{link}">坏链接</a></p>')
