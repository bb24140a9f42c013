"""The incremental builder: after a change it rebuilds only what changed, and the
site is the same as a whole build of the same store would give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pid
from test_site_helpers import make_project, photo_bytes, search_docs

from db.entries import Kind
from db.media import MediaStore
from site_builder import build_site
from site_builder.build import IncrementalBuilder
from site_builder.mkdocs_session import MkDocsSession


def _tree(root: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in suffixes}



def test_an_approval_rebuilds_only_its_areas_pages_and_matches_a_whole_build(street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    v1, v2 = pid(repo, 101), pid(repo, 102)
    expense = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 4321_00, "category": "cleaning", "payee": "清掏队", "purpose": "化粪池清掏"})
    repo.approve(expense.id, v2)

    report = builder.build({"east"})
    assert "areas/east/accounts.md" in report.written
    assert not [p for p in report.written if p.startswith(("areas/west/", "downloads/west/"))]
    site = builder.site_dir
    assert "¥4,321.00" in (site / "areas/east/accounts/index.html").read_text("utf-8")
    builder.close()

    whole = make_project(tmp / "whole")
    build_site(repo, whole)
    assert _tree(whole / "content", (".md", ".svg", ".csv", ".json", ".xml")) == \
        _tree(builder.project_dir / "content", (".md", ".svg", ".csv", ".json", ".xml"))
    assert _tree(whole / "site", (".html",)) == _tree(site, (".html",))
    assert search_docs(whole / "site") == search_docs(site)


def test_a_new_receipt_photo_is_published_by_an_incremental_build(street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    ref = MediaStore(repo.store.root).save_photo(photo_bytes("orange"))
    expense = repo.submit(pid(repo, 103), Kind.EXPENSE, "west", {
        "amount_fen": 800, "category": "office", "payee": "文具店", "purpose": "墨水",
        "receipt": ref, "receipt_public": True})
    repo.approve(expense.id, pid(repo, 104))
    report = builder.build({"west"})
    builder.close()
    assert f"media/{ref}" in report.written
    site = builder.site_dir
    assert (site / "media" / ref).read_bytes() == MediaStore(repo.store.root).path(ref).read_bytes()
    assert (site / "media" / "thumbs" / ref).is_file()
    assert f"media/thumbs/{ref}" in (site / "areas/west/accounts/index.html").read_text("utf-8")


def test_a_page_added_needs_a_whole_build(street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    assert MkDocsSession(tmp, tmp / "site", {}).update(["index.md"]) is False  # never built
    builder.build()
    assert builder._mkdocs.update(["areas/east/new-page.md"]) is False
    assert builder._mkdocs.update(["areas/east/index.md"]) is True
    builder.close()


def test_an_edited_hand_written_page_is_published_by_the_next_build(street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    about = builder.project_dir / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n本站由街道办维护。\n", "utf-8")
    builder.build(set())  # nothing in the store changed
    builder.close()
    assert "本站由街道办维护" in (builder.site_dir / "about" / "index.html").read_text("utf-8")


def test_follow_answers_each_request_with_the_areas_it_rebuilt(street):
    import io

    from db.repository import Repository
    from site_builder.build import follow

    repo, tmp = street
    project = make_project(tmp / "follow")
    reader = Repository.open(repo.store.root, readonly=True)
    v1, v2 = pid(repo, 101), pid(repo, 102)

    def requests():
        expense = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 777, "category": "office", "payee": "文具店", "purpose": "胶水"})
        repo.approve(expense.id, v2)
        yield "build\n"
        yield "build\n"  # nothing new in the store

    answers = io.StringIO()
    follow(reader, project, requests(), answers)
    reader.close()
    first, second, third = (json.loads(line) for line in answers.getvalue().splitlines())
    assert first["ok"] and first["areas"] is None and first["pages"] > 10
    assert second["ok"] and second["areas"] == ["east"] and second["written"] > 0
    assert third["ok"] and third["areas"] == [] and third["written"] == 0
    assert "¥7.77" in (project / "site" / "areas" / "east" / "accounts" / "index.html"
                       ).read_text("utf-8")


def test_a_build_from_a_snapshot_holds_one_areas_partitions_at_a_time(street, monkeypatch):
    import site_builder.build as builder
    from db.repository import Repository

    repo, tmp = street
    repo.store.checkpoint()
    reader = Repository.open(repo.store.root, readonly=True)
    held, real = [], builder.render_area

    def render_area(area, *args, **kwargs):
        held.append((area["id"], [p for p in reader.store.loaded_partitions()
                                  if p.startswith("areas/")]))
        return real(area, *args, **kwargs)

    monkeypatch.setattr(builder, "render_area", render_area)
    report = build_site(reader, make_project(tmp / "p"), run_mkdocs=False)
    left = reader.store.loaded_partitions()
    reader.close()
    assert report.pages > 10
    assert [area for area, _parts in held] == ["east", "west"]
    for area, parts in held:  # while an area renders: its partitions, none of another's
        assert parts and {p.split("/")[1] for p in parts} == {area}
    assert not [p for p in left if p.startswith("areas/")]  # each let go once built


def test_a_whole_build_leaves_its_notices_to_the_child_and_a_later_one_draws_its_few_here(
        street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build(run_mkdocs=False)
    drawn = builder._notices
    assert drawn.pending and not drawn.ready  # the font is not loaded in the worker
    assert all((builder.project_dir / "content" / p).is_file() for p in drawn.pending)
    v1, v2 = pid(repo, 101), pid(repo, 102)
    expense = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 1234, "category": "office", "payee": "文具店", "purpose": "墨水"})
    repo.approve(expense.id, v2)
    builder.build({"east"}, run_mkdocs=False)
    assert not builder._notices.pending and builder._notices.ready  # drawn here, at once
    builder.close()


def test_a_failed_build_is_reported_and_the_next_one_starts_from_nothing(street):
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    config = builder.project_dir / "mkdocs.yml"
    good = config.read_text("utf-8")
    config.write_text(good + "\nnot_a_setting: [\n", "utf-8")  # broken YAML
    with pytest.raises(Exception):  # noqa: B017 - whatever MkDocs raises is passed on
        builder.build({"east"})
    assert builder._mkdocs is None and builder._paths == set()
    config.write_text(good, "utf-8")
    report = builder.build({"east"})
    builder.close()
    assert report.pages > 10 and (builder.site_dir / "index.html").is_file()


def test_a_reply_to_an_opinion_rebuilds_the_opinions_page_as_a_whole_build_would(street):
    from conftest import confirmed_resident

    from db.opinions import reply_to_opinion

    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    author = confirmed_resident(repo, 5003, "c1/1/1/201", 101)
    opinion = repo.submit(author, Kind.OPINION, "east", {"text": "希望楼道里装扶手"})
    repo.approve(opinion.id, pid(repo, 102))
    builder.build({"east"})
    reply_to_opinion(repo, pid(repo, 101), opinion.id, "下个月装好扶手")
    report = builder.build({"east"})
    assert "areas/east/opinions.md" in report.written
    assert not [p for p in report.written if p.startswith("areas/west/")]
    page = (builder.site_dir / "areas/east/opinions/index.html").read_text("utf-8")
    assert "希望楼道里装扶手" in page and "物管会主任甲回复" in page and "下个月装好扶手" in page
    site = builder.site_dir
    builder.close()
    whole = make_project(tmp / "whole")
    build_site(repo, whole)
    assert _tree(whole / "site", (".html",)) == _tree(site, (".html",))
    assert search_docs(whole / "site") == search_docs(site)
    assert any(loc.endswith(f"#opinion-{opinion.id}") for loc, _, _ in search_docs(site))


def test_a_failed_strict_build_names_its_first_warnings(street):
    import io

    from db.repository import Repository
    from site_builder.build import follow

    repo, tmp = street
    project = make_project(tmp / "warned")
    notes = project / "content" / "notes.md"
    notes.write_text("# 说明\n\n见[首页](index.md)。\n", "utf-8")
    reader = Repository.open(repo.store.root, readonly=True)

    def requests():
        notes.write_text("# 说明\n\n见[附录](gone-appendix.md)和[表](gone-table.md)。\n", "utf-8")
        yield "build\n"  # the page-by-page update: notes.md links to pages that are not there
        yield "build\n"  # the whole build that follows a failed one fails the same way

    answers = io.StringIO()
    follow(reader, project, requests(), answers)
    reader.close()
    first, update, whole = (json.loads(line) for line in answers.getvalue().splitlines())
    assert first["ok"]
    for failed in (update, whole):
        assert not failed["ok"] and "strict mode" in failed["error"]
        assert "gone-appendix.md" in failed["error"] and "gone-table.md" in failed["error"]


def test_a_photo_no_longer_published_is_taken_off_by_an_incremental_build(street):
    """A resident deletes their data: their report's photo is no longer on any page,
    and the bot's next build (an incremental one) takes the file itself off the site
    too; it stayed downloadable at its old address until a whole build."""
    from conftest import confirmed_resident

    repo, tmp = street
    resident = confirmed_resident(repo, 5101, "c1/1/1/201", 101)
    ref = MediaStore(repo.store.root).save_photo(photo_bytes("purple"))
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "sanitation",
                                                      "text": "楼道堆物", "photos": [ref]})
    repo.approve(issue.id, pid(repo, 101))
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    site, content = builder.site_dir, builder.project_dir / "content"
    assert (site / "media" / ref).is_file() and (content / "media" / "thumbs" / ref).is_file()
    repo.forget(resident)
    report = builder.build({"east"})
    builder.close()
    for root in (site, content):
        assert not (root / "media" / ref).exists()
        assert not (root / "media" / "thumbs" / ref).exists()
    assert f"media/{ref}" in report.removed


def test_an_update_after_a_whole_build_takes_the_notices_drawn_meanwhile_as_present(
        street, caplog):
    """The monthly notices are drawn while MkDocs builds the whole site and copied in
    after it: an area's overview links to them. The next change that renders the
    overview again (an opinion: no notice redrawn) is built page by page, not failed
    by the strict link check and built whole."""
    from test_site_helpers import RESIDENT_TID

    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    builder.build()
    notice = builder.site_dir / "downloads/east/notice-2025-01.pdf"
    assert notice.is_file()
    resident = repo.person_by_telegram(RESIDENT_TID)["id"]
    opinion = repo.submit(resident, Kind.OPINION, "east", {"text": "希望楼道里装扶手"})
    repo.approve(opinion.id, pid(repo, 102))
    caplog.set_level("WARNING")
    report = builder.build({"east"})
    assert "areas/east/index.md" in report.written
    assert "notice-2025-01.pdf" in (builder.site_dir / "areas/east/index.html").read_text("utf-8")
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")], \
        [r.getMessage() for r in caplog.records]
    assert report.reused == 0  # page by page: no whole build from the page cache
    builder.close()
