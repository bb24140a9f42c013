"""A whole build of a project built before takes the areas whose data did not change
from the project's area cache (``site_builder.area_cache``): it neither collects nor
renders them and leaves their files as they are, and the content is the same as a
build from nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import pid
from test_site_helpers import collected_areas, make_project, photo_bytes

from db.entries import Kind
from db.repository import Repository
from site_builder import build_site
from site_builder.area_cache import FOLDER, INDEX
from site_builder.build import IncrementalBuilder
from site_builder.collect import YEAR_FEE


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _stats(root: Path, prefixes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Each generated file of some areas: its inode and time (a rewrite changes both)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and rel.startswith(prefixes):
            st = p.stat()
            out[rel] = (st.st_ino, st.st_mtime_ns)
    return out


def _approve_expense(repo: Repository, area: str, fen: int, purpose: str) -> None:
    v1, v2 = (pid(repo, 101), pid(repo, 102)) if area == "east" else \
        (pid(repo, 103), pid(repo, 104))
    expense = repo.submit(v1, Kind.EXPENSE, area, {
        "amount_fen": fen, "category": "cleaning", "payee": "清掏队", "purpose": purpose})
    repo.approve(expense.id, v2)


WEST = ("areas/west/", "downloads/west/")


def test_a_whole_build_collects_only_the_changed_area_and_matches_a_fresh_build(street,
                                                                                 monkeypatch):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    west = _stats(project / "content", WEST)
    assert any(p.endswith("accounts.md") for p in west) and \
        any(p.endswith("ledger.json") for p in west)
    _approve_expense(repo, "east", 4321_00, "化粪池清掏")
    repo.store.checkpoint()  # the partitions as files, listed in the manifest
    calls = collected_areas(monkeypatch)
    report = build_site(repo, project, run_mkdocs=False)  # a new builder, as a new process
    assert calls == ["east"]
    assert "areas/east/accounts.md" in report.written
    assert not [p for p in report.written + report.removed if p.startswith(WEST)]
    assert _stats(project / "content", WEST) == west  # not one file of west touched
    assert "化粪池清掏" in (project / "content/areas/east/accounts.md").read_text("utf-8")
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")
    calls.clear()
    build_site(repo, project, run_mkdocs=False)  # nothing changed: nothing collected
    assert calls == []
    assert _tree(fresh / "content") == _tree(project / "content")


def test_the_journal_a_snapshot_replays_is_part_of_the_key(street, monkeypatch):
    """A read-only snapshot whose partitions the journal changed since their files were
    written (the bot wrote and did not checkpoint yet): the changed area is collected."""
    repo, tmp = street
    project = make_project(tmp / "p")
    snapshot = Repository.open(tmp / "data", readonly=True)
    build_site(snapshot, project, run_mkdocs=False)
    snapshot.close()
    _approve_expense(repo, "west", 800, "换灯泡")  # in the journal only
    calls = collected_areas(monkeypatch)
    snapshot = Repository.open(tmp / "data", readonly=True)
    try:
        build_site(snapshot, project, run_mkdocs=False)
        assert calls == ["west"]
        assert "换灯泡" in (project / "content/areas/west/accounts.md").read_text("utf-8")
        fresh = make_project(tmp / "fresh")
        build_site(snapshot, fresh, run_mkdocs=False)
        assert _tree(fresh / "content") == _tree(project / "content")
    finally:
        snapshot.close()


def test_a_damaged_area_cache_means_a_whole_correct_build(street, monkeypatch):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    made = _tree(project / "content")
    records = sorted((project / FOLDER).glob("*.data"))
    assert [p.name.split("-")[0] for p in records] == ["east", "west"]
    for record in records:
        record.write_bytes(record.read_bytes()[:100])  # cut short
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert sorted(calls) == ["east", "west"]
    assert _tree(project / "content") == made
    (project / FOLDER / INDEX).write_text("{not json", "utf-8")
    calls.clear()
    build_site(repo, project, run_mkdocs=False)
    assert sorted(calls) == ["east", "west"]
    assert _tree(project / "content") == made
    calls.clear()
    build_site(repo, project, run_mkdocs=False)  # the cache made again: used again
    assert calls == []


def test_a_file_of_a_kept_area_changed_or_removed_makes_the_area_again(street, monkeypatch):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    made = _tree(project / "content")
    content = project / "content"
    (content / "areas/west/accounts.md").write_text("edited by hand", "utf-8")
    (content / "downloads/east/ledger.json").unlink()
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert sorted(calls) == ["east", "west"]
    assert _tree(content) == made


def test_a_build_that_keeps_every_area_leaves_the_index_and_a_damaged_entry_makes_its_area(
        street, monkeypatch):
    """The index of kept areas (every file of every year of every area) is not written
    again by a build that changed none of it; an entry of a file that is not its size
    and time (damaged) makes that area again, and only that one."""
    import json

    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    made = _tree(project / "content")
    index = project / FOLDER / INDEX
    before = index.stat()
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert calls == []
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    doc = json.loads(index.read_text("utf-8"))
    west = doc["areas"]["west"]["files"]
    west[sorted(west)[0]] = ["damaged", 0]
    index.write_text(json.dumps(doc), "utf-8")
    build_site(repo, project, run_mkdocs=False)
    assert calls == ["west"]
    assert _tree(project / "content") == made
    calls.clear()
    build_site(repo, project, run_mkdocs=False)  # the entry made again: kept again
    assert calls == []


def test_an_incremental_build_after_a_kept_area_matches_a_whole_build(street):
    """The build worker's first build takes west from the cache; an approval in west
    then rebuilds it incrementally, as a whole build from nothing would make it."""
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    builder = IncrementalBuilder(repo, project)
    try:
        builder.build(run_mkdocs=False)
        _approve_expense(repo, "west", 1500, "修门禁")
        report = builder.build({"west"}, run_mkdocs=False)
        assert "areas/west/accounts.md" in report.written
    finally:
        builder.close()
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")
    build_site(repo, project, run_mkdocs=False)  # a restart after it: the same again
    assert _tree(fresh / "content") == _tree(project / "content")


def test_a_whole_build_with_kept_areas_builds_the_same_site(street):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project)
    _approve_expense(repo, "east", 2600, "买扫帚")
    report = build_site(repo, project)
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh)
    assert report.site_dir is not None
    assert _tree(fresh / "content") == _tree(project / "content")
    html = {k: v for k, v in _tree(fresh / "site").items() if k.endswith(".html")}
    assert html and html == {k: v for k, v in _tree(report.site_dir).items()
                             if k.endswith(".html")}


def test_the_page_runs_of_the_ledger_answer_as_a_page_per_line_would():
    from site_builder.heads import _page_of, page_runs

    lines = [{"seq": s, "page": "accounts-2024" if s <= 4 else "accounts"} for s in range(1, 9)]
    runs = page_runs(lines)
    assert runs == [(1, 4, "accounts-2024"), (5, 8, "accounts")]
    by_line = {x["seq"]: x["page"] for x in lines}
    page = _page_of(runs)
    for seq in (*range(-1, 11), 3.0, 3.5, True, None, "3", float("inf"), float("nan")):
        assert page(seq) == by_line.get(seq, "accounts"), seq
    gap = [{"seq": 1, "page": "a"}, {"seq": 3, "page": "a"}]
    assert _page_of(page_runs(gap))(2) == "accounts"
    unordered = [{"seq": 2, "page": "a"}, {"seq": 1, "page": "b"}]
    assert page_runs(unordered) == {2: "a", 1: "b"}


def test_the_worker_holds_of_each_area_what_does_not_grow_with_its_history(street):
    """Between builds the build worker keeps each area's slim data: its ledger's
    pages as runs, each year's totals and each fee period's figures only, its open
    issues only (with counts by category), its Open311 items compressed; the
    street's pages are still the same (tests above)."""
    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "p"))
    try:
        builder.build(run_mkdocs=False)
        east = builder._cache["east"][0]
    finally:
        builder.close()
    assert east["line_pages"] == [(1, len(repo.ledger("east")), "accounts")]
    assert east["issues"] and all(i["open"] for i in east["issues"])
    assert sum(row[2] for row in east["issue_stats"]) > len(east["issues"])  # and finished ones
    assert isinstance(east["open311"], bytes) and east["open311"]
    assert east["years"] and all(set(y) == {"year", "income_fen", "expense_fen", "balance_fen"}
                                 for y in east["years"])
    assert east["fees"] and all(set(p) == set(YEAR_FEE) for p in east["fees"])
    assert east["month_totals"] == {} and east["months"] == [] == east["issue_years"]


def test_a_signed_head_of_a_past_year_links_its_page_from_kept_areas(tmp_path, monkeypatch):
    """The feed's signed heads link the page of their line (a past year's here) when
    the areas come from the cache as when they are collected."""
    from datetime import datetime

    from conftest import SMALL_STREET, StepClock

    from db.config import parse_street
    from db.heads import record_heads
    from db.repository import CHINA_TZ

    clock = StepClock(datetime(2024, 3, 1, 8, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    try:
        repo.grant(pid(repo, 900), 104, "west", "网格辅助员")  # west's second volunteer
        _approve_expense(repo, "west", 700, "旧年灯泡")
        record_heads(repo)
        clock.now = datetime(2025, 2, 1, 8, 0, tzinfo=CHINA_TZ)
        _approve_expense(repo, "east", 900, "今年扫帚")
        project = make_project(tmp_path / "p")
        build_site(repo, project, run_mkdocs=False)
        calls = collected_areas(monkeypatch)
        build_site(repo, project, run_mkdocs=False)
        assert calls == []
        feed = (project / "content/feed.xml").read_text("utf-8")
        assert "areas/west/accounts/#line-1" in feed  # west's only year is its current one
        _approve_expense(repo, "west", 800, "今年灯泡")  # west's 2024 is now a past year
        build_site(repo, project, run_mkdocs=False)
        assert calls == ["west"]
        feed = (project / "content/feed.xml").read_text("utf-8")
        assert "areas/west/accounts-2024/#line-1" in feed
        fresh = make_project(tmp_path / "fresh")
        build_site(repo, fresh, run_mkdocs=False)
        assert _tree(fresh / "content") == _tree(project / "content")
    finally:
        repo.close()


def test_a_photo_missing_at_the_last_build_and_found_now_makes_its_area_again(street,
                                                                             monkeypatch):
    """A published photo not in the media store (a data folder restored without its
    media) is left out; once it is back, the next whole build shows it."""
    from db.media import MediaStore

    repo, tmp = street
    media = MediaStore(repo.store.root)
    photo = media.save_photo(photo_bytes("orange"))
    v1, v2 = pid(repo, 103), pid(repo, 104)
    issue = repo.submit(v1, Kind.ISSUE, "west", {"category": "lighting", "text": "路灯坏了",
                                                 "photos": [photo]})
    repo.approve(issue.id, v2)
    saved = media.path(photo).read_bytes()
    media.path(photo).unlink()
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    assert not (project / "content/media" / photo).exists()
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert calls == []  # still missing: nothing to collect
    media.path(photo).write_bytes(saved)
    build_site(repo, project, run_mkdocs=False)
    assert calls == ["west"]
    assert (project / "content/media" / photo).is_file()
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")


def test_a_change_to_the_street_makes_every_area_again(street, monkeypatch):
    """The street's partition (names, households, settings, modes) is part of every
    area's key: a new mode for west is shown, and east is collected again too."""
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主大会决定成立物管会")
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert sorted(calls) == ["east", "west"]
    assert "业主大会决定成立物管会" in (project / "content/areas/west/index.md").read_text("utf-8")
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")
