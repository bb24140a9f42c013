"""A bot killed outright while drawing a paper notice (SIGKILL, a power cut) never cleaned
its drawing's folder, and the orphaned ``steward notice`` finished its PDF into it: one
folder of ~73 KB in /tmp for each such kill, never removed (18 found after a crash soak).
``steward run`` now removes at its start those no drawing can still be using."""

from __future__ import annotations

import os
import time

from bot import drawings


def _folder(root, name: str, age: float) -> None:
    path = root / (drawings.FOLDER_PREFIX + name)
    path.mkdir()
    (path / "notice.pdf").write_bytes(b"%PDF-1.4 left")
    then = time.time() - age
    os.utime(path / "notice.pdf", (then, then))
    os.utime(path, (then, then))


def test_a_folder_a_killed_drawing_left_is_removed_and_one_in_use_is_kept(tmp_path):
    _folder(tmp_path, "left", drawings.LEFT_AFTER + 60)
    _folder(tmp_path, "drawing", 5)  # another bot's drawing under way
    (tmp_path / "unrelated").mkdir()
    old = time.time() - drawings.LEFT_AFTER - 60
    os.utime(tmp_path / "unrelated", (old, old))

    assert drawings.sweep_left_folders(tmp_path) == 1

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        drawings.FOLDER_PREFIX + "drawing", "unrelated"]


def test_a_folder_whose_pdf_was_written_lately_is_kept_though_the_folder_is_old(tmp_path):
    _folder(tmp_path, "late", drawings.LEFT_AFTER + 60)
    os.utime(tmp_path / (drawings.FOLDER_PREFIX + "late") / "notice.pdf", None)  # just now

    assert drawings.sweep_left_folders(tmp_path) == 0
    assert (tmp_path / (drawings.FOLDER_PREFIX + "late") / "notice.pdf").exists()


async def test_steward_runs_start_sweeps_the_folders(tmp_path, monkeypatch):
    import tempfile

    from robust_support import make_data, settings_for

    from bot.app import build_application
    from bot.offline import RecordingRequest
    from db.repository import Repository

    data = make_data(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _folder(tmp_path, "left", drawings.LEFT_AFTER + 60)
    repo = Repository.open(data)
    app = build_application(settings_for(data), repo=repo, request=RecordingRequest())
    app.bot_data["register_commands"] = False
    app.bot_data["owns_repo"] = False
    app.bot_data["build_site"] = lambda *a, **k: None
    try:
        async with app:
            await app.post_init(app)
            assert not (tmp_path / (drawings.FOLDER_PREFIX + "left")).exists()
            await app.post_shutdown(app)
    finally:
        repo.close()
