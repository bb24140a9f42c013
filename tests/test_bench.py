"""``make bench`` on a tiny street: every measure runs and the report says where the
bot mix's time goes (the full-size run takes minutes; this keeps the code working)."""

from __future__ import annotations

import gc
import re

import pytest

from bench.__main__ import KINDS, main


@pytest.fixture
def own_gc():
    """The benchmark tunes the collector as the bot does: put it back afterwards."""
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_the_benchmark_runs_on_a_one_area_street_and_writes_its_report(tmp_path, own_gc):
    out = tmp_path / "results.md"
    assert main(["--areas", "1", "--rounds", "10", "--bot-rounds", "4", "--no-site",
                 "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    for row in ("approve, 1 area (median / p99)", "sqlite3 WAL synchronous=FULL insert",
                "bot mix through Application.process_update", "bare echo handler, same run",
                "bot mix / echo", "bot start, whole street (launch → ready to answer)",
                "bot RSS once ready, whole street (peak)",
                "durable write across checkpoints (median / p99 / max)",
                "bot peak RSS while a 9999 × 9999 PNG of 291 KB is sent as a file"):
        assert f"| {row}" in report
    upload = re.search(r"9999 × 9999 PNG .* as a file \(demo street\) \| (\d+) MB \| ≤ 200 MB \| "
                       r"(met|\*\*missed\*\*) \| .*太大", report)
    assert upload is not None and int(upload.group(1)) > 0
    # The mix's own batches, not the one taken update by update afterwards.
    assert "median of 5 batches, " in report and " reports, " in report
    assert re.search(r"bare echo handler, same run \| [\d,]+ updates/s .* 1\.0 Bot API calls",
                     report)
    breakdown = report.split("## Where the bot mix's time goes", 1)[1]
    for label in KINDS.values():
        assert f"| {label} | " in breakdown
    assert re.search(r"\| all \| 100% \| \d\.\d \| [\d,]+ µs \| [\d,]+ µs \| 100% \|", breakdown)


def test_the_scaling_section_replaces_the_last_one_and_keeps_the_rest(tmp_path):
    from bench.scaling import HEADING, put_into_results

    results = tmp_path / "results.md"
    results.write_text("# Benchmark results\n\n| a | b |\n\n## Where the bot mix's time goes\n"
                       "\nmix\n", encoding="utf-8")
    put_into_results(f"{HEADING}\n\nfirst table\n", results)
    put_into_results(f"{HEADING}\n\nsecond table\n", results)
    text = results.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1 and "second table" in text and "first table" not in text
    assert "## Where the bot mix's time goes\n\nmix" in text


def test_the_readme_sizing_table_is_replaced_between_its_markers(tmp_path):
    from bench.scaling import SIZING_END, SIZING_START, put_into_readme, sizing

    readme = tmp_path / "README.md"
    readme.write_text(f"# S\n\n### Sizing\n\n{SIZING_START}\nstale row\n{SIZING_END}\n\n"
                      "### 1. Next\n", encoding="utf-8")
    measured = {"start": {"rss_mb": 120, "households": 1_000},
                "build": {"rss_mb": 250, "children_mb": 50}, "disk": 17.0, "site": 40.0}
    put_into_readme(sizing([(5, 5, measured)], "today"), readme)
    text = readme.read_text(encoding="utf-8")
    assert "stale row" not in text and text.endswith("### 1. Next\n")
    # the build worker's peak counts its largest child's beside its own (250 + 50 MB)
    assert "| 5 areas | 1,000 | 5 years | 120 MB | 300 MB | 17 MB | 40 MB | 0.75 GB RAM" in text


def test_writes_across_checkpoints_count_each_checkpoint_made_even_the_last_in_flight(tmp_path):
    from bench.checkpoints import writes_across_checkpoints
    from bench.synthetic import generate

    repo, _ = generate(tmp_path / "s", areas=2, households_per_area=10, years=1)
    try:
        out = writes_across_checkpoints(repo, 2, 40, every=20)
        assert len(out["times"]) == 80 and all(t > 0 for t in out["times"])
        # 80 writes with a checkpoint due every 20 journal records: one at least, and
        # the one still being written when the writes ended is waited for and counted
        # (on a loaded machine the first checkpoint may outlast the 80 writes: it is
        # that one, in flight at the end; >= 2 failed so in CI under helpers' load)
        assert len(out["checkpoints"]) >= 1
        assert all(held <= whole and files > 0 for held, whole, files in out["checkpoints"])
        assert 0 <= out["during"] <= 80
        assert repo.store.checkpoint_every != 20  # put back as it was
    finally:
        repo.close()


def test_the_mixs_report_descriptions_are_never_offered_to_each_other_as_the_same_problem():
    """Else a report of the mix stops at "Me too" and its next buttons are dead ones."""
    import random

    from bench.throughput import description
    from db.similar import THRESHOLD, _grams

    rng = random.Random(7)
    texts = [description(rng) for _ in range(600)]
    grams = [_grams(t) for t in texts]
    assert len(set(texts)) == len(texts) and all(len(g) >= 8 for g in grams)
    closest = max(len(a & b) / min(len(a), len(b))
                  for i, a in enumerate(grams) for b in grams[i + 1:])
    assert 0 < closest < THRESHOLD


def test_a_mix_whose_flows_stopped_short_is_not_reported_as_the_bots_rate():
    from bench.throughput import MixWentAstray, went_through

    went_through({"issue": 20, "registration": 20, "fee_income": 20, "vote": 3}, 20)
    with pytest.raises(MixWentAstray, match=r"issue 6/20"):
        went_through({"issue": 6, "registration": 20, "fee_income": 20}, 20)


def test_the_missed_mix_target_is_put_as_the_time_left_for_the_bots_own_work():
    from bench.throughput import budget_words

    # echo 100 µs; python-telegram-bot alone at 50 % of it: 200 µs of the 250 µs that
    # 40 % allows, so 50 µs are left, against the 300 µs the bot's work takes now
    said = budget_words(500e-6, 100e-6, 0.5)
    assert "may cost the event loop 250 µs, 200 µs of which" in said
    assert "leaves 50 µs for the bot's own work, which takes 300 µs now (6.0 × as much)" in said
    assert "would leave nothing" in budget_words(500e-6, 100e-6, 0.3)


def test_the_mixs_share_is_rounded_down_so_a_miss_never_reads_as_the_target():
    from bench.__main__ import percent_below

    assert percent_below(0.3997) == "39.9%"
    assert percent_below(0.40) == "40.0%" and percent_below(0.29) == "29.0%"
