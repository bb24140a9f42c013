"""What ``steward build`` (and ``make demo``, which builds into this checkout) writes into
content/ is ignored by git, so that a built checkout shows nothing to commit: the day
script steward_today.js, added to the generated files, was left out of .gitignore and
showed as a new file after every demo."""

from __future__ import annotations

from pathlib import Path

from site_builder.content_files import GENERATED_DIRS, GENERATED_FILES

ROOT = Path(__file__).resolve().parent.parent


def test_every_file_and_folder_the_builder_writes_in_content_is_ignored_by_git():
    ignored = set(ROOT.joinpath(".gitignore").read_text("utf-8").split())
    wanted = {f"/content/{name}" for name in GENERATED_FILES} | \
        {f"/content/{name}/" for name in GENERATED_DIRS}
    assert wanted - ignored == set()
