"""A bot killed during a site build leaves its build child (``steward build --follow``)
finishing that build from the store as it was; the next bot starts a child of its own
at once. The two must not write the site together: the new child waits for the old one,
so the newer build is the one that lands last."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Any

from site_builder import build


class SlowBuilder:
    """Stands in for IncrementalBuilder: a build that takes a while, noting when."""

    spans: list[tuple[float, float]] = []

    def __init__(self, repo: Any, project_dir: Path) -> None:
        pass

    def build(self, stale: Any = None) -> Any:
        start = time.monotonic()
        time.sleep(0.6)
        SlowBuilder.spans.append((start, time.monotonic()))
        raise RuntimeError("stand-in")  # follow answers {"ok": false}: enough here

    def close(self) -> None:
        pass


def test_a_second_follower_waits_for_the_build_of_the_first(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    monkeypatch.setattr(build, "IncrementalBuilder", SlowBuilder)
    SlowBuilder.spans = []
    answers = [io.StringIO(), io.StringIO()]

    def run(n: int) -> None:
        build.follow(object(), tmp_path, io.StringIO(""), answers[n])

    old = threading.Thread(target=run, args=(0,))
    old.start()
    time.sleep(0.2)  # the old child is mid-build when the new one starts
    new = threading.Thread(target=run, args=(1,))
    new.start()
    old.join(10)
    new.join(10)
    assert all('"ok": false' in a.getvalue() for a in answers)  # both built once
    (a_start, a_end), (b_start, b_end) = sorted(SlowBuilder.spans)
    assert b_start >= a_end, f"two builds wrote the site at once: {SlowBuilder.spans}"
