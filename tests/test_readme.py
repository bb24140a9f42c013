"""The README's links lead somewhere, and it warns that Telegram is not reachable
everywhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_every_link_in_the_readme_to_a_file_of_the_repository_exists():
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t)]
    assert local, "no links found"
    for target in local:
        assert (ROOT / target).exists(), target
    # and no path that leaves the repository, as ../shared/seed/ once did
    assert not re.search(r"`\.\./|\]\(\.\./", README)


def test_the_readme_says_telegram_is_blocked_in_mainland_china():
    assert "blocked in mainland China" in README
    assert "must check" in README
