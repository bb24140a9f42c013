"""A restored key the public's head log never named signs nothing (``db.key_retired``).

A backup whose signing key is not in the public's head log at all (one made before the
lost-key procedure started a new log, or one whose key and head log were swapped to sign
a rewritten ledger) was restored with a warning only: the public's log, signed with
another key, was dropped for the backup's own, and the bot then signed on with a key the
public never saw. Only a witness who had saved heads could tell. Now the restore notes
the key as not the public's, like a retired one: the signer, the bot's start and a build
by hand refuse it, saying to restore a backup that holds the public's key, or to follow
the README's lost-key procedure (which still signs on with a new key)."""

from __future__ import annotations

import shutil

import pytest
from heads_support import money, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import keys as keyfiles
from db.backup import backup
from db.errors import StoreError
from db.heads import HEAD_LOG, HeadLog, record_heads
from db.key_retired import RETIRED_FILE
from db.repository import Repository
from db.witness import key_id

runner = CliRunner()


def _id(data):  # type: ignore[no-untyped-def]
    return key_id(keyfiles.public_hex(keyfiles.load(data)))  # type: ignore[arg-type]


def _a_new_log_since_the_backup(tmp_path):  # type: ignore[no-untyped-def]
    """A backup; then the log and key moved aside (README, "If the key is lost") and a
    new key's log signed: the public's log names only the new key."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(data / HEAD_LOG, aside / HEAD_LOG)
    shutil.move(data / keyfiles.KEY_FILE, aside / "signing.key")
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 2)
        money(repo, "east", 900)
        record_heads(repo)  # the new key's log
    finally:
        repo.close()
    return data, clock


def test_a_restored_key_the_public_never_saw_signs_no_head(tmp_path):
    data, clock = _a_new_log_since_the_backup(tmp_path)
    public = _id(data)
    # the folder's key gone too (a disk lost, or taken out by whoever restores): the
    # public's log cannot be kept, the backup's own comes back with its key
    (data / keyfiles.KEY_FILE).unlink()
    # not without saying so, and an explicit flag: before, the public's log was replaced
    # with the backup's and the restore ended well (exit 0), one line saying it
    log = (data / HEAD_LOG).read_bytes()
    refused = runner.invoke(steward_cli.app, ["restore", str(tmp_path / "older.tar.gz"),
                                              "--data", str(data)])
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "公众看到的链头记录（3 条）会被备份里的换掉：第 #1–#3 条属于" in said, said
    assert f"密钥 {public}" in said and "--replace-head-log" in said, said
    assert "没有恢复，数据目录没有改动" in said and "would be replaced" in said, said
    assert (data / HEAD_LOG).read_bytes() == log
    restored = runner.invoke(steward_cli.app, ["restore", str(tmp_path / "older.tar.gz"),
                                               "--data", str(data), "--replace-head-log"])
    assert restored.exit_code == 0, restored.output
    assert "不是恢复的这把" in restored.output and "机器人不会启动" in restored.output
    old = _id(data)
    assert old != public and (data / RETIRED_FILE).is_file()
    before = (data / HEAD_LOG).read_bytes()
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(5, 2)
        money(repo, "east", 1200, expense=True, purpose="恢复之后")
        with pytest.raises(StoreError) as found:
            record_heads(repo)  # before: signed with the key the public never saw
    finally:
        repo.close()
    assert found.value.code == "retired_key"
    text = str(found.value)
    assert "不是公开的链头记录里的密钥：公众看到的是" in text and f"密钥 {public}" in text, text
    assert "is not the public's" in text and "If the key is lost" in text, text
    assert (data / HEAD_LOG).read_bytes() == before
    refused = runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                              "--project", str(tmp_path / "project")])
    assert refused.exit_code == 1 and "is not the public's" in refused.output, refused.output


def test_after_the_lost_key_procedure_the_restored_folder_signs_on(tmp_path):
    data, clock = _a_new_log_since_the_backup(tmp_path)
    (data / keyfiles.KEY_FILE).unlink()
    restored = runner.invoke(steward_cli.app, ["restore", str(tmp_path / "older.tar.gz"),
                                               "--data", str(data), "--replace-head-log"])
    assert restored.exit_code == 0, restored.output
    aside = tmp_path / "aside-again"
    aside.mkdir()
    shutil.move(data / HEAD_LOG, aside / HEAD_LOG)
    shutil.move(data / keyfiles.KEY_FILE, aside / "signing.key")
    repo = Repository.open(data, clock=clock)
    try:
        assert record_heads(repo)
    finally:
        repo.close()
    assert HeadLog(data).read()[0]["type"] == "key"
