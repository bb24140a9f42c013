"""The site's part of ``make bench`` on a one-area street: the first build of a
fresh project, the whole build at a restart, the
approvals, the stock-MkDocs baseline and the history rows all run, for a street
smaller than the approvals' spread of areas (``--areas N`` for any N >= 1)."""

from __future__ import annotations

import re
from typing import Any

from bench import site
from bench.synthetic import generate


def test_the_site_figures_run_on_a_one_area_street_beside_their_baseline(tmp_path):
    repo, _ = generate(tmp_path / "big", areas=1, households_per_area=10, years=1)
    try:
        rows = site.site_rows(repo, tmp_path, 1, history_areas=1, history=(1, 2),
                              households=10, approvals=2)
    finally:
        repo.close()
    by_what = {row["what"]: row for row in rows}
    full = by_what["full site build at a bot start (Markdown + MkDocs)"]
    assert re.fullmatch(r"\d+\.\d s", full["value"]) and isinstance(full["ok"], bool)
    assert re.search(r"[\d.]+ s CPU; [1-9]\d* Markdown pages", full["note"])
    assert "new approved entries in 1 of the 1 areas" in full["note"]
    first = by_what["first build of a fresh project (once per deployment)"]
    assert re.fullmatch(r"\d+\.\d s \(\d+\.\d s CPU\) / [1-9]\d* MB", first["value"])
    base = by_what["baseline: stock `mkdocs build --strict` of the same content/"]
    assert re.fullmatch(r"\d+\.\d s / [1-9]\d* MB", base["value"])
    html = by_what["one approval → updated HTML page on disk (median / max)"]
    assert html["target"] == "median ≤ 1.5 s" and isinstance(html["ok"], bool)
    assert "2 approvals" in by_what[
        "one approval → updated Markdown page on disk (median / max)"]["note"]
    named = by_what["an approval after a registration → updated HTML page on disk"]
    assert re.fullmatch(r"\d+\.\d\d s", named["value"])
    assert "only the areas whose published words hold the new name" in named["note"]
    rss = by_what["build worker peak RSS after the full build"]
    assert int(rss["value"].split()[0]) > 0
    assert re.search(r"its largest child process: \d+ MB beside it", rss["note"])
    warm = by_what["1-area street, 2 years against 1, whole build warm (time / peak RSS)"]
    assert re.fullmatch(r"\d+\.\d\d × / \d+\.\d\d ×", warm["value"])
    assert "2 years" in warm["note"] and isinstance(warm["ok"], bool)
    assert re.search(r"\(([1-9]\d*) and ([1-9]\d*) pages from the page cache\)", warm["note"])


def test_the_history_is_built_on_copies_of_the_kept_streets_when_both_are_there(
        tmp_path, monkeypatch):
    kept = tmp_path / "streets"
    for years in (1, 2):
        generate(kept / f"a1y{years}", areas=1, households_per_area=10, years=years)[0].close()
    (tmp_path / "elsewhere").symlink_to(kept / "a1y2")  # as a kept street may be a link
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "a1y1").symlink_to(kept / "a1y1")
    (linked / "a1y2").symlink_to(tmp_path / "elsewhere")
    assert site.kept_streets(kept, 1, (1, 2)) == {1: kept / "a1y1", 2: kept / "a1y2"}
    assert site.kept_streets(linked, 1, (1, 2)) == {1: kept / "a1y1", 2: kept / "a1y2"}
    assert site.kept_streets(kept, 2, (1, 2)) is None  # not at that size
    assert site.kept_streets(kept, 1, (1, 3)) is None  # not over those years
    assert site.kept_streets(None, 1, (1, 2)) is None
    built: list[str] = []
    monkeypatch.setattr(site, "generate", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("generated")))
    # Each build "takes" as long as in the list below (its turn in ``built``), with
    # its peak RSS the other way round.
    seconds = [50.0, 60.0, 3.0, 1.0, 2.0, 9.0, 1.5, 1.2, 4.0, 1.1, 2.5, 8.0]
    synced: list[int] = []
    monkeypatch.setattr(site.os, "sync", lambda: synced.append(len(built)))

    def one_build(data: Any, project: Any) -> dict[str, float]:
        built.append(data.name)
        return {"seconds": seconds[len(built) - 1], "rss_mb": 200 - len(built)}

    monkeypatch.setattr(site, "one_build", one_build)
    monkeypatch.setattr(site, "WARM_RUNS", 5)
    before = {p: p.stat().st_mtime_ns for p in kept.rglob("*")}
    out = site.history_builds(tmp_path / "h", 1, (1, 2), 10, streets=linked)
    # Cold builds of each, their writes flushed, then the warm ones in turn, so that a
    # busy moment of the machine does not fall on one size only; the fastest warm run
    # of each is kept (a busy machine only adds), its peak RSS the median one.
    assert built == ["y1", "y2"] + ["y1", "y2"] * 5 and sorted(out) == [1, 2]
    assert synced == [2]  # after the two cold builds, before any warm one
    assert [b["seconds"] for b in out[1]] == [50.0, 1.5]  # warm runs 3.0, 2.0, 1.5, 4.0, 2.5
    assert [b["seconds"] for b in out[2]] == [60.0, 1.0]  # warm runs 1.0, 9.0, 1.2, 1.1, 8.0
    assert out[1][1]["runs"] == [3.0, 2.0, 1.5, 4.0, 2.5]
    assert out[2][1]["runs"] == [1.0, 9.0, 1.2, 1.1, 8.0]
    assert out[1][1]["rss_mb"] == 193 and out[2][1]["rss_mb"] == 192  # the median run's
    for years in (1, 2):
        copy, source = tmp_path / "h" / f"y{years}", kept / f"a1y{years}"
        assert (copy / "meta.json").read_bytes() == (source / "meta.json").read_bytes()
        assert not copy.is_symlink()
    assert {p: p.stat().st_mtime_ns for p in kept.rglob("*")} == before  # left as they were
