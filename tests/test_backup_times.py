"""When a backup was made, as the operator reads it: `steward backup` and `steward
restore` say it to the minute in the street's clock (China, +08:00), and the admins'
privacy messages say the minute of each /forget, so that after a restore onto a new
machine the operator can tell which of them came after the backup (the README's
"each message dated after the backup was made")."""

from __future__ import annotations

import json

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident
from typer.testing import CliRunner

from db.core import china_minute
from db.repository import Repository
from steward_cli import app


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("made", ["2026-12-06T03:15:09+08:00",
                                  "2026-12-05T19:15:09+00:00"])  # an older backup's UTC
def test_backup_and_restore_say_when_the_backup_was_made_in_the_streets_time(
        tmp_path, street_config, monkeypatch, made):
    """Before: 'Backed up 10 files to steward-Sat.tar.gz' and, restored into a new folder,
    'find each message dated after the backup was made', never saying when that was
    (the crontab's file names say only the weekday)."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    monkeypatch.setattr("db.backup._now", lambda: made)
    backup = tmp_path / "steward-Sat.tar.gz"
    out = _invoke("backup", str(backup), "--data", str(data)).output
    assert "2026-12-06 03:15（北京时间）" in out and "2026-12-06 03:15 China time" in out, out

    new = tmp_path / "new" / "data"
    restored = _invoke("restore", str(backup), "--data", str(new)).output
    assert "这个备份做于 2026-12-06 03:15（北京时间）" in restored, restored
    assert "made at 2026-12-06 03:15 China time (+08:00)" in restored, restored
    assert "2026-12-06 03:15 之后的每条“🔒 隐私：#N 号用户…”消息" in restored, restored
    assert "dated after 2026-12-06 03:15" in restored, restored

    again = _invoke("restore", str(backup), "--data", str(data)).output
    assert "这个备份做于 2026-12-06 03:15（北京时间）" in again, again


def test_china_minute_reads_any_stored_time_in_the_streets_clock():
    assert china_minute("2026-12-05T19:15:09+00:00") == "2026-12-06 03:15"
    assert china_minute("2026-12-06T03:15:09+08:00") == "2026-12-06 03:15"
    assert china_minute("not a time") == "not a time"


async def test_the_admins_privacy_message_says_the_minute_of_the_forget(repo):
    """Before: '#7 号用户于 2025-01-01 删除了个人信息' — the day alone, so a /forget on
    the day of a nightly backup could not be told before or after it."""
    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
    forgotten = next(p for p in repo.people() if p["id"] == person)["forgotten"]
    [told] = [c.text for c in done if c.chat_id == 900 and c.method == "sendMessage"]
    assert f"#{person} 号用户于 {china_minute(forgotten)} 删除了个人信息" in told, told
    assert len(china_minute(forgotten)) == len("2025-01-01 08:00")


def test_the_files_in_a_backup_bear_the_time_it_was_made(tmp_path, street_config):
    """`tar tzvf steward-Sat.tar.gz` listed every file as made 1970-01-01 00:00, so the
    archive itself did not tell when it was made; now each file bears the moment of the
    snapshot, the manifest's time (+08:00), shown by tar in the machine's zone."""
    import tarfile
    from datetime import datetime

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    backup = tmp_path / "steward-Sat.tar.gz"
    assert _invoke("backup", str(backup), "--data", str(data)).exit_code == 0
    with tarfile.open(backup) as tar:
        members = tar.getmembers()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    made = datetime.fromisoformat(manifest["created"])
    assert made.utcoffset() is not None and made.utcoffset().total_seconds() == 8 * 3600
    assert {m.mtime for m in members} == {int(made.timestamp())}
