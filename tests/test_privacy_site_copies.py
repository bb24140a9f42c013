"""No copy of the site kept on the server shows what a person's /forget or /unpublish
took off it (PIPL arts. 15, 47). A whole build keeps the site it replaced beside the
live one (``.site.spare``: its folders are the next whole build's); the build after
a forget or a withdrawal of consent deletes it, whether a whole build (``steward
build`` after ``steward forget N``) or the bot's page-by-page update."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from conftest import pid
from test_site_helpers import RESIDENT_TID, make_project

from db.entries import Kind
from db.repository import Repository
from site_builder import build_site
from site_builder.build import IncrementalBuilder

WORDS = "污水外溢"  # of her published report (``test_site_helpers.fill_street``)


def _texts(raw: bytes) -> list[str]:
    """A file's text, and that of each zlib stream in it (the page cache keeps a
    page's search entries compressed), without the search index's word breaks."""
    out = [raw.decode("utf-8", "ignore")]
    start = raw.find(b"\x78\x01")
    while start >= 0:
        try:
            out.append(zlib.decompressobj().decompress(raw[start:]).decode("utf-8", "ignore"))
        except zlib.error:
            pass
        start = raw.find(b"\x78\x01", start + 1)
    return [text.replace("\u200b", "") for text in out]


def _holding(folder: Path, words: str) -> list[str]:
    """Every file under ``folder`` (hidden ones too) that holds ``words``."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and any(words in t for t in _texts(p.read_bytes())))


@pytest.mark.parametrize("how", ["forget", "withdraw_consent"])
def test_a_whole_build_after_she_is_forgotten_keeps_no_earlier_site_with_her_words(
        street, how):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project)
    build_site(repo, project)  # the first site kept aside
    assert ".site.spare/areas/east/issues/index.html" in _holding(project, WORDS)
    getattr(repo, how)(pid(repo, RESIDENT_TID))
    build_site(repo, project)
    assert _holding(project, WORDS) == []
    assert (project / "site" / "index.html").is_file()
    # with nobody's words taken off since, the next builds keep the spare again
    build_site(repo, project)
    assert (project / ".site.spare" / "index.html").is_file()
    build_site(repo, project)
    assert (project / ".site.spare" / "index.html").is_file()


def test_the_bots_page_by_page_update_after_a_forget_deletes_the_earlier_site(street):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project)  # the site of an earlier start of the bot
    builder = IncrementalBuilder(repo, project)
    try:
        builder.build()  # the build worker's first: whole, the earlier site kept aside
        assert ".site.spare/search/search_index.json" in _holding(project, WORDS)
        repo.forget(pid(repo, RESIDENT_TID))
        report = builder.build({"east"})  # her area's pages, one by one
        assert "areas/east/issues.md" in report.written
        assert not (project / ".site.spare").exists()
        assert _holding(project, WORDS) == []
    finally:
        builder.close()



def test_a_whole_build_after_a_correction_is_approved_keeps_no_earlier_site_with_its_first_text(
        street):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project)
    build_site(repo, project)  # the first site kept aside
    assert ".site.spare/areas/east/issues/index.html" in _holding(project, WORDS)
    septic = next(e for e in repo.entries(area="east", kind=Kind.ISSUE)
                  if WORDS in str(e.data.get("text")))
    fix = repo.correct(pid(repo, RESIDENT_TID), septic.id, "3号楼化粪池堵了，请尽快清掏")
    repo.approve(fix.id, pid(repo, 101))
    snapshot = Repository.open(tmp / "data", readonly=True, clock=repo.clock)
    build_site(snapshot, project)  # as steward build does
    assert _holding(project, WORDS) == []
    assert (project / "site" / "index.html").is_file()
    build_site(repo, project)  # nothing corrected since: the spare is kept again
    assert (project / ".site.spare" / "index.html").is_file()
