"""A closed month's notice kept beside the data (``.notices/``) is published only when it
is the notice drawn from that month's content: one put there by hand, or damaged, in
place of another (February's paper under January's name) was linked into a site built
afresh as it was, and the public downloaded it as January's notice. Now it is drawn
again, and the kept copy replaced."""

from __future__ import annotations

from heads_support import street_with_history

from site_builder import build_site


def test_a_notice_swapped_in_the_archive_is_drawn_again_not_published(tmp_path):
    repo, _clock = street_with_history(tmp_path / "data")
    try:
        first = tmp_path / "first"
        build_site(repo, first, run_mkdocs=False)
        archive = tmp_path / "data" / ".notices" / "east"
        [january] = archive.glob("2025-01.*.pdf")
        [february] = archive.glob("2025-02.*.pdf")
        january.write_bytes(february.read_bytes())  # by hand: February's under January's name
        second = tmp_path / "second"
        build_site(repo, second, run_mkdocs=False)
        rel = "downloads/east/notice-2025-01.pdf"
        published = (second / "content" / rel).read_bytes()
        assert published != february.read_bytes()
        assert published == (first / "content" / rel).read_bytes()
        assert january.read_bytes() == published  # the archive holds January's again
    finally:
        repo.close()
