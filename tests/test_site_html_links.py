"""Links inside the raw HTML blocks (tables, the area menu, the year links) are
checked as MkDocs checks Markdown links under ``--strict`` (hooks/steward_search.py):
a link to no file of the site, or to an anchor its page does not have, fails the
build; the site's own links pass."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site
from site_builder.mkdocs_session import MkDocsSession
from site_builder.notice import is_notice


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


def _session_with(written: Path, tmp_path: Path, block: str,
                  pending: frozenset[str] = frozenset(), **kw: Any) -> MkDocsSession:
    project = tmp_path / "project"
    shutil.copytree(written, project)
    (project / "content" / "notes.md").write_text(
        f"# 说明\n\n<!--steward:html\n{block}\n-->\n\n正文。\n", "utf-8")
    session = MkDocsSession(project, project / "site", {"strict": True}, **kw)
    session.pending = set(pending)
    session.build()
    return session


def _build_with(written: Path, tmp_path: Path, block: str,
                pending: frozenset[str] = frozenset(), **kw: Any) -> Path:
    return _session_with(written, tmp_path, block, pending, **kw).site_dir


def test_a_link_to_a_file_the_builder_copies_in_after_mkdocs_passes(written, tmp_path):
    # The monthly notices of a big street are drawn by a child process while MkDocs
    # runs, and copied into the site after it: pages link to them before they exist.
    block = '<p><a href="../downloads/east/notice-2031-01.pdf">通知</a></p>'
    site = _build_with(written, tmp_path, block, pending={"downloads/east/notice-2031-01.pdf"})
    assert block in (site / "notes" / "index.html").read_text("utf-8")


def test_the_sites_own_links_in_raw_html_pass_and_are_written_as_they_are(written, tmp_path):
    block = ('<p id="here"><a href="../areas/east/accounts/">账目</a> '
             '<a href="../downloads/east/ledger.json">下载</a> <a href="#here">这里</a> '
             '<a href="../areas/east/accounts/#lines">明细</a> <a href="https://example.org/">外</a></p>')
    site = _build_with(written, tmp_path, block)
    assert block in (site / "notes" / "index.html").read_text("utf-8")
    menu = (site / "areas" / "east" / "accounts" / "index.html").read_text("utf-8")
    assert '<p class="steward-areanav"><a href="../../">全部小区</a>' in menu  # checked too


@pytest.mark.parametrize("link", ["../areas/nowhere/", "../areas/east/accounts/#line-999999",
                                  "#missing", "../media/none.jpg",
                                  "../downloads/east/notice-2031-01.pdf"])
def test_a_broken_link_in_raw_html_fails_the_strict_build(written, tmp_path, link):
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        _build_with(written, tmp_path, f'<p><a href="{link}">坏链接</a></p>')


def test_notices_kept_out_of_mkdocs_files_are_linked_into_the_site_and_pass(written, tmp_path):
    # The builder keeps the monthly notices (thousands over years of history) out of
    # MkDocs' file list and links them into the site itself: a link to one passes
    # --strict, and the site has it with the same bytes.
    notices = sorted((written / "content" / "downloads").glob("*/notice-*.pdf"))
    assert notices, "the street has monthly notices"
    rel = notices[0].relative_to(written / "content").as_posix()
    block = f'<p><a href="../{rel}">通知</a></p>'
    session = _session_with(written, tmp_path, block, outside=is_notice)
    assert block in (session.site_dir / "notes" / "index.html").read_text("utf-8")
    assert session.files.get_file_from_path(rel) is None  # MkDocs was not told of it
    for notice in notices:
        at = notice.relative_to(written / "content")
        assert (session.site_dir / at).read_bytes() == notice.read_bytes()
    # A notice changed since is replaced in the live site page by page.
    (session.project_dir / "content" / rel).write_bytes(b"%PDF-1.4 changed")
    assert session.update([rel])
    assert (session.site_dir / rel).read_bytes() == b"%PDF-1.4 changed"


def test_a_link_to_a_missing_notice_fails_with_notices_kept_out_of_mkdocs(written, tmp_path):
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        _build_with(written, tmp_path,
                    '<p><a href="../downloads/east/notice-2031-01.pdf">坏</a></p>',
                    outside=is_notice)
