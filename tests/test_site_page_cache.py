"""The page cache: a whole build takes the pages whose Markdown (and everything
else a page depends on) did not change from the last build, instead of
converting them again, and the site is the same as one built from nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import pid
from test_site_helpers import make_project, search_docs

from db.entries import Kind
from site_builder import build_site


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def _pages(project: Path) -> int:
    """The Markdown pages MkDocs builds: the generated ones and the hand-written."""
    return len(list((project / "content").rglob("*.md")))



def _approve_expense(repo) -> None:
    expense = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 4321_00, "category": "cleaning", "payee": "清掏队", "purpose": "化粪池清掏"})
    repo.approve(expense.id, pid(repo, 102))


def test_a_second_whole_build_reuses_every_page_and_gives_the_same_site(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    first = build_site(repo, project)
    assert first.reused == 0 and first.pages > 10
    html, search = _html(project / "site"), search_docs(project / "site")
    assert any("化粪池" in text for _, _, text in search)  # the compact entries are there

    second = build_site(repo, project)
    assert second.reused == _pages(project)  # no page converted again
    assert _html(project / "site") == html
    assert search_docs(project / "site") == search
    records = list((project / ".cache" / "pages").glob("*.page"))
    assert len(records) == _pages(project)  # one record per page, nothing left over


def test_after_a_change_only_the_changed_pages_are_built_and_the_site_matches_a_fresh_one(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    _approve_expense(repo)
    second = build_site(repo, project)
    changed = [p for p in second.written if p.endswith(".md")]
    assert "areas/east/accounts.md" in changed
    assert second.reused == _pages(project) - len(changed) > 0
    assert "¥4,321.00" in (project / "site/areas/east/accounts/index.html").read_text("utf-8")

    fresh = make_project(tmp / "fresh")
    assert build_site(repo, fresh).reused == 0
    assert _html(fresh / "site") == _html(project / "site")
    assert search_docs(fresh / "site") == search_docs(project / "site")
    # The old record of the changed page is gone; one record per page remains.
    assert len(list((project / ".cache" / "pages").glob("*.page"))) == _pages(project)


def test_an_edited_theme_override_rebuilds_every_page(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text("utf-8") + "\n{# a change #}\n", "utf-8")
    assert build_site(repo, project).reused == 0


def test_a_page_whose_html_file_changed_on_disk_is_built_again(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    page = project / "site" / "areas" / "east" / "accounts" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"<html>tampered</html>")
    os.utime(page, ns=(1, 1))
    second = build_site(repo, project)
    assert second.reused == _pages(project) - 1
    assert page.read_bytes() == good


def test_a_page_added_is_built_and_every_other_page_is_reused(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    (project / "content" / "notes.md").write_text("# 说明\n\n见[首页](index.md)。\n", "utf-8")
    second = build_site(repo, project)
    assert second.reused == _pages(project) - 1
    assert "首页" in (project / "site" / "notes" / "index.html").read_text("utf-8")


def test_a_cached_page_linking_to_a_removed_page_fails_the_strict_build(street):
    from mkdocs.exceptions import Abort

    repo, tmp = street
    project = make_project(tmp / "cached")
    (project / "content" / "notes.md").write_text("# 说明\n\n见[附录](appendix.md)。\n", "utf-8")
    (project / "content" / "appendix.md").write_text("# 附录\n", "utf-8")
    build_site(repo, project)
    (project / "content" / "appendix.md").unlink()
    with pytest.raises(Abort):
        build_site(repo, project)  # notes.md is not taken from the cache: MkDocs warns


def test_links_to_anchors_are_checked_between_cached_and_rebuilt_pages(street):
    from mkdocs.exceptions import Abort

    repo, tmp = street
    project = make_project(tmp / "cached")
    notes, appendix = project / "content" / "notes.md", project / "content" / "appendix.md"
    notes.write_text("# 说明\n\n见[步骤](appendix.md#steps)。\n", "utf-8")
    appendix.write_text("# 附录\n\n## 步骤 {#steps}\n\n## 其他 {#other}\n", "utf-8")
    build_site(repo, project)
    # A rebuilt page's link into a cached page: checked against the cached page's anchors.
    notes.write_text("# 说明\n\n见[其他](appendix.md#other)。\n", "utf-8")
    assert build_site(repo, project).reused == _pages(project) - 1
    notes.write_text("# 说明\n\n见[没有](appendix.md#gone)。\n", "utf-8")
    with pytest.raises(Abort, match="gone"):
        build_site(repo, project)
    # A cached page's link into a rebuilt page that no longer has the anchor.
    notes.write_text("# 说明\n\n见[步骤](appendix.md#steps)。\n", "utf-8")
    assert build_site(repo, project).reused == _pages(project) - 1
    appendix.write_text("# 附录\n\n## 其他 {#other}\n", "utf-8")
    with pytest.raises(Abort, match="steps"):
        build_site(repo, project)


def test_kept_anchors_are_looked_up_as_they_were_given():
    from site_builder.page_parts import Anchors, pack_anchors

    plain = Anchors(pack_anchors(["issue-2", "issue-10", "步骤"]))
    odd = Anchors(pack_anchors(["a\nb", "c"]))  # a line break: kept as JSON, not lines
    empty = Anchors(pack_anchors([]))
    for _ in range(2):  # and again once another page's were unpacked in between
        assert "issue-10" in plain and "步骤" in plain and "issue-1" not in plain
        assert "" not in plain and "issue-2\nissue-10" not in plain and 10 not in plain
        assert "a\nb" in odd and "c" in odd and "a" not in odd
        assert "issue-2" not in empty and len(empty) == 0 and list(empty) == []
    assert sorted(plain) == ["issue-10", "issue-2", "步骤"] and len(plain) == 3
    assert sorted(odd) == ["a\nb", "c"] and len(odd) == 2


def test_anchor_links_are_checked_a_target_at_a_time_and_warned_as_mkdocs_does(
        monkeypatch, caplog):
    """Pages whose links go to one target and another in turn: each target's anchors
    are unpacked once, not once a page; a link to an anchor not there is still warned
    of in MkDocs' own words, for that page, in page order."""
    import logging
    import zlib

    from mkdocs.structure.pages import Page

    from site_builder.page_parts import Anchors, pack_anchors, validate_anchor_links

    unpacked: list[bytes] = []
    before_checks: list[int] = []  # unpacked when MkDocs' own check is first called

    class File:
        def __init__(self, name: str, page: Fake) -> None:
            self.src_uri, self.page = name, page

    class Fake:
        def __init__(self, name: str, anchors: list[str]) -> None:
            self.file = File(name, self)
            self.present_anchor_ids = Anchors(pack_anchors(anchors))
            self.links_to_anchors: dict = {}

        def validate_anchor_links(self, *, files, log_level) -> None:
            before_checks.append(len(unpacked))
            Page.validate_anchor_links(self, files=files, log_level=log_level)

    one, two = Fake("one.md", ["x", "y"]), Fake("two.md", ["z"])
    pages = [Fake(f"p{n}.md", ["top"]) for n in range(6)]
    for page in pages:
        page.links_to_anchors = {one.file: {"x": "one.md#x"}, two.file: {"z": "two.md#z"},
                                 page.file: {"top": "#top"}}
    pages[4].links_to_anchors[two.file] = {"z": "two.md#z", "gone": "two.md#gone"}
    pages[1].links_to_anchors[one.file] = {"nope": "one.md#nope"}
    real = zlib.decompress
    monkeypatch.setattr(zlib, "decompress", lambda data: unpacked.append(data) or real(data))
    with caplog.at_level(logging.WARNING, logger="mkdocs.structure.pages"):
        validate_anchor_links([*pages, one, two], None, logging.WARNING)
    said = [r.getMessage() for r in caplog.records if r.name == "mkdocs.structure.pages"]
    assert said == [
        "Doc file 'p1.md' contains a link 'one.md#nope', but the doc 'one.md' does not "
        "contain an anchor '#nope'.",
        "Doc file 'p4.md' contains a link 'two.md#gone', but the doc 'two.md' does not "
        "contain an anchor '#gone'."]
    # one.md, two.md and the own anchors of the four pages not already found wrong,
    # once each (page by page: 18, every link's target another than the last one's)
    assert before_checks[0] == 6


def test_a_docs_file_is_looked_up_as_mkdocs_looks_it_up_without_a_path_made_each_time(
        monkeypatch):
    from mkdocs.structure.files import File, Files

    from site_builder.page_parts import file_at

    files = Files([File(p, "/docs", "/site", True) for p in ("index.md", "areas/a/x.md")])
    made = []
    real = Files.get_file_from_path
    monkeypatch.setattr(Files, "get_file_from_path",
                        lambda self, path: made.append(path) or real(self, path))
    assert file_at(files, "areas/a/x.md") is files.src_uris["areas/a/x.md"]
    assert made == []  # found as it is: no PurePath made
    assert file_at(files, "areas/./a/x.md") is files.src_uris["areas/a/x.md"]
    assert file_at(files, "areas/a/gone.md") is None
    assert made == ["areas/./a/x.md", "areas/a/gone.md"]  # else as MkDocs looks it up


def test_a_reused_page_takes_its_front_matter_from_its_record_not_from_yaml(street,
                                                                            monkeypatch):
    from mkdocs.utils import meta

    repo, tmp = street
    project = make_project(tmp / "cached")
    (project / "content" / "notes.md").write_text(
        "---\ntitle: 说明\nhide:\n  - toc\n---\n\n# 说明\n", "utf-8")
    (project / "content" / "dated.md").write_text(  # a date: not JSON, read again
        "---\ntitle: 日期\ndate: 2025-01-02\n---\n\n# 日期\n", "utf-8")
    build_site(repo, project)
    read: list[str] = []
    get_data = meta.get_data
    monkeypatch.setattr(meta, "get_data", lambda text: read.append(text) or get_data(text))
    from site_builder.mkdocs_session import MkDocsSession

    pages: dict[str, dict] = {}
    build = MkDocsSession.build

    def keep_meta(self):
        site = build(self)
        pages.update({f.src_uri: f.page.meta for f in self.files.documentation_pages()})
        return site

    monkeypatch.setattr(MkDocsSession, "build", keep_meta)
    assert build_site(repo, project).reused == _pages(project)
    assert pages["notes.md"] == {"title": "说明", "hide": ["toc"]}
    assert str(pages["dated.md"]["date"]) == "2025-01-02"
    assert [text for text in read if "title: 日期" in text] and \
        not [text for text in read if "title: 说明" in text]


def _tree(site: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file of a site with its bytes, and every folder."""
    return ({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
             if p.is_file()},
            sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()))


def test_a_whole_build_fills_the_folders_of_the_site_before_and_matches_a_fresh_one(street):
    """The site the last whole build replaced is kept aside; the next whole build
    deletes its files and builds into its folders: the same site as from nothing,
    no folder of a page gone left behind, the live site untouched until the swap."""
    repo, tmp = street
    project = make_project(tmp / "cached")
    notes = project / "content" / "notes.md"
    notes.write_text("# 说明\n", "utf-8")
    build_site(repo, project)
    build_site(repo, project)  # the first site kept aside
    spare = project / ".site.spare"
    assert (spare / "notes" / "index.html").is_file()
    live = project / "site" / "notes" / "index.html"
    before = live.read_bytes()
    notes.unlink()
    _approve_expense(repo)
    build_site(repo, project)  # into the folders of the spare, now without notes/
    assert not (project / "site" / "notes").exists()
    assert (spare / "notes" / "index.html").read_bytes() == before  # never written into
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh)
    assert _tree(project / "site") == _tree(fresh / "site")


def test_a_whole_build_keeps_the_files_of_the_site_before_that_already_are_the_right_ones(
        street):
    """The third whole build is made in the folder of the first site: a page unchanged
    since then is the same file there (one inode, linked from build to build), so it
    is kept, not deleted and linked again; a page that changed is a new file, and the
    first site's copy of it, never written into, is gone from the new site."""
    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    site, spare = project / "site", project / ".site.spare"
    first = {p.relative_to(site).as_posix(): p.stat().st_ino
             for p in site.rglob("*.html")}
    build_site(repo, project)  # the first site kept aside: the next is made in it
    assert {p.relative_to(spare).as_posix(): p.stat().st_ino
            for p in spare.rglob("*.html")} == first
    # An inode's change time moves when it is linked or unlinked anywhere.
    changed = {p.relative_to(spare).as_posix(): p.stat().st_ctime_ns
               for p in spare.rglob("*.html")}
    east = "areas/east/accounts/index.html"
    old_east = (spare / east).read_bytes()
    _approve_expense(repo)  # east's accounts page changes
    build_site(repo, project)
    now = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    # (404.html is written anew by every build: its inode may be one just freed.)
    same = [page for page, inode in now.items() if first.get(page) == inode
            and page != "404.html"]
    assert len(same) > len(now) // 2  # the unchanged pages: the same files as the first
    assert [page for page in same if (site / page).stat().st_ctime_ns != changed[page]] == []
    assert east not in same and (site / east).read_bytes() != old_east
    assert (spare / east).read_bytes() == old_east  # the live site before: untouched
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh)
    assert _tree(site) == _tree(fresh / "site")


def test_where_listed_inodes_are_not_the_files_own_every_file_is_linked_again(
        street, monkeypatch):
    """A file system whose folder listings give other numbers than the files' own (an
    overlay without xino): nothing is kept by its number (a download changed since
    would be kept stale); the site is the same as one built from nothing."""
    import site_builder.mkdocs_private as private
    import site_builder.mkdocs_session as session
    from site_builder.files import scan_files

    repo, tmp = street
    project = make_project(tmp / "cached")
    build_site(repo, project)
    build_site(repo, project)
    kept: list[int] = []
    sweep = private.Linker.sweep

    def counted(self):
        kept.append(self.kept)
        return sweep(self)

    def listing(root, bare=None):
        """The old site's files, each listed with the number of the file it would be
        linked from (the docs' or the live site's): a listing that says all is well."""
        files, folders = scan_files(root, bare)
        claimed = {}
        for path in files:
            rel = os.path.relpath(path, root)
            for source in (project / "content" / rel, project / "site" / rel):
                if source.is_file():
                    claimed[path] = source.stat().st_ino
                    break
            else:
                claimed[path] = files[path]
        return claimed, folders

    monkeypatch.setattr(session, "scan_files", listing)
    monkeypatch.setattr(private.Linker, "sweep", counted)
    _approve_expense(repo)
    build_site(repo, project)
    assert kept and set(kept) == {0}  # swept at once: nothing kept by a wrong number
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh)
    assert _tree(project / "site") == _tree(fresh / "site")


def test_a_page_untouched_since_the_last_build_is_not_read_again_and_an_edit_is_seen(
        street, monkeypatch):
    import time

    from mkdocs.structure.files import File

    repo, tmp = street
    project = make_project(tmp / "cached")
    notes = project / "content" / "notes.md"
    notes.write_text("# 说明\n\n旧的说明\n", "utf-8")
    build_site(repo, project)
    long_ago = time.time_ns() - 3_000_000_000  # settled: older than the file clock's tick
    for page in (project / "content").rglob("*.md"):
        os.utime(page, ns=(long_ago, long_ago))
    build_site(repo, project)  # each page's key kept with its file's time
    read: list[str] = []
    content_bytes = File.content_bytes
    monkeypatch.setattr(File, "content_bytes", property(
        lambda f: read.append(f.src_uri) or content_bytes.fget(f)))
    assert build_site(repo, project).reused == _pages(project)
    assert read == []  # every key from sources.json
    notes.write_text("# 说明\n\n新的说明\n", "utf-8")  # the same size, a new time
    assert build_site(repo, project).reused == _pages(project) - 1
    assert read == ["notes.md"]
    assert "新的说明" in (project / "site" / "notes" / "index.html").read_text("utf-8")


def test_the_search_index_is_kept_when_every_page_is_and_made_again_after_a_change(street):
    repo, tmp = street
    project = make_project(tmp / "cached")
    index = project / "site" / "search" / "search_index.json"
    build_site(repo, project)
    first = index.stat().st_ino, index.read_bytes()
    assert build_site(repo, project).reused == _pages(project)
    assert (index.stat().st_ino, index.read_bytes()) == first  # the same file, linked
    _approve_expense(repo)
    build_site(repo, project)  # a page made again: the index too
    assert index.stat().st_ino != first[0] and index.read_bytes() != first[1]
    assert build_site(repo, project).reused == _pages(project)
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh)
    assert index.read_bytes() == (fresh / "site" / "search" / "search_index.json").read_bytes()
