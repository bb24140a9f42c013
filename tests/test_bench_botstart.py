"""The bench's bot start: the first start over a fresh street checks every ledger line
and, when it stops, saves what it found sound, so that the start measured after it is
the start every later one makes (its check from where the last one left off)."""

from __future__ import annotations

from bench.botstart import _started_before, bot_start
from bench.synthetic import generate


def test_the_start_after_a_first_one_checks_only_what_changed(tmp_path):
    repo, _ = generate(tmp_path / "street", areas=2, households_per_area=20, years=2)
    repo.close()
    assert not _started_before(tmp_path / "street")
    result = bot_start(tmp_path / "street")
    assert _started_before(tmp_path / "street")  # the first one's stop saved its marks
    assert "verify" in result["first"]["steps"] and result["start"] > 0
