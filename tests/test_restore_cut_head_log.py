"""A restore is no way to cut the public head log quietly (``db.backup``, ``db.heads_cut``).

``steward verify`` refuses a head log whose last records were deleted and says to bring
it back with ``steward restore BACKUP --data DIR``. Before, that very restore kept the
cut log of the folder it replaced (it is the log "the public saw last") and rewrote
``heads.seen`` to match: the backup's own log, which held the records cut, was thrown
away, and from then on every check passed. Now the restore keeps the fuller log (the
backup's, or the site's with ``--from-site``); when none holds the records cut, it
refuses, naming them, unless told ``--accept-cut-head-log``, and then says so loudly."""

from __future__ import annotations

from heads_support import publish
from test_restore_found_lines import _two_backups
from typer.testing import CliRunner

import steward_cli
from db.heads import HEAD_LOG, HeadLog

runner = CliRunner()


def _cut_last(data, n=1):  # type: ignore[no-untyped-def]
    path = data / HEAD_LOG
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-n]))


def _restore(tmp_path, data, which, *more):  # type: ignore[no-untyped-def]
    return runner.invoke(steward_cli.app, ["restore", str(tmp_path / which), "--data",
                                           str(data), *more])


def _verify(data):  # type: ignore[no-untyped-def]
    return runner.invoke(steward_cli.app, ["verify", "--data", str(data)])


def test_restoring_a_backup_that_holds_the_records_cut_brings_them_back(tmp_path):
    data, _clock, _before, _real, _balance = _two_backups(tmp_path)
    signed = HeadLog(data).read()
    _cut_last(data, 2)
    assert _verify(data).exit_code == 1
    restored = _restore(tmp_path, data, "newer.tar.gz")  # as the refusal says to
    assert restored.exit_code == 0, restored.output
    assert HeadLog(data).read() == signed  # before: the cut log kept, 2 records gone
    checked = _verify(data)
    assert checked.exit_code == 0, checked.output


def test_a_restore_that_would_keep_a_cut_log_is_refused_and_names_the_records(tmp_path):
    data, _clock, _before, _real, _balance = _two_backups(tmp_path)
    signed = HeadLog(data).read()
    _cut_last(data)  # the head of the lines since the older backup
    before = (data / HEAD_LOG).read_bytes()
    refused = _restore(tmp_path, data, "older.tar.gz")
    assert refused.exit_code == 1, refused.output
    out = refused.output
    assert f"曾有 {len(signed)} 条签过名的记录" in out and f"第 #{len(signed)} 条" in out, out
    assert "--from-site" in out and "--accept-cut-head-log" in out, out
    assert "没有恢复，数据目录没有改动" in out, out
    assert (data / HEAD_LOG).read_bytes() == before  # the folder as it was
    assert not list(tmp_path.glob("data.before-restore-*"))


def test_from_site_brings_back_the_records_cut_from_the_folder(tmp_path):
    data, _clock, _before, _real, _balance = _two_backups(tmp_path)
    site = publish(data, tmp_path / "project")  # the public's copy of the whole log
    signed = HeadLog(data).read()
    _cut_last(data)
    restored = _restore(tmp_path, data, "older.tar.gz", "--from-site", str(site))
    assert restored.exit_code == 0, restored.output
    records = HeadLog(data).read()
    assert records[:len(signed)] == signed  # the cut record is back, then a restore record
    assert records[len(signed)]["type"] == "restore"
    checked = _verify(data)
    assert checked.exit_code == 0, checked.output


def test_accepting_the_cut_restores_and_says_it_loudly(tmp_path):
    data, _clock, _before, _real, _balance = _two_backups(tmp_path)
    signed = HeadLog(data).read()
    _cut_last(data)
    restored = _restore(tmp_path, data, "older.tar.gz", "--accept-cut-head-log")
    assert restored.exit_code == 0, restored.output
    assert f"原来的数据目录签过 {len(signed)} 条" in restored.output, restored.output
    assert "Witnesses who saved them will see the log cut" in restored.output
    checked = _verify(data)
    assert checked.exit_code == 0, checked.output  # accepted: the folder's memory follows
