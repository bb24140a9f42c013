"""The signer, the bot's start and a build by hand refuse a key the public's head log
shows was replaced (``db.key_retired``).

A backup made before a ``steward key rotate``, restored into a new folder, brings back
the retired key with the backup's own head log. ``steward restore`` warned, but the bot
then signed new heads with it, which every witness's verifier sees as a key going
backwards. Now nothing is signed with it: the message says, in Chinese and English, to
restore a newer backup or follow the README's lost-key procedure; after that procedure
(heads.jsonl and keys/signing.key moved aside) a new key signs on."""

from __future__ import annotations

import shutil

import pytest
from heads_support import money, publish
from test_restore_found_lines import _restore
from test_restore_from_site import _from_site
from test_restore_heads_kept import _rotated
from typer.testing import CliRunner

import cli.run
import steward_cli
from db import keys as keyfiles
from db.errors import StoreError
from db.heads import HeadLog, record_heads, rotate_key
from db.key_retired import RETIRED_FILE
from db.repository import Repository
from db.witness import key_id
from site_builder.project import init_project


def _id(data):  # type: ignore[no-untyped-def]
    return key_id(keyfiles.public_hex(keyfiles.load(data)))  # type: ignore[arg-type]


def _a_line(data, clock):  # type: ignore[no-untyped-def]
    repo = Repository.open(data, clock=clock)
    clock.at(5, 2)
    money(repo, "east", 1200, expense=True, purpose="恢复之后")
    return repo


def test_restored_from_the_site_the_retired_key_signs_no_head(tmp_path):
    data, clock = _rotated(tmp_path)
    new = _id(data)
    site = publish(data, tmp_path / "project")
    restored, result = _from_site(tmp_path, "older.tar.gz", site, None,
                                  "--replace-head-log")
    assert result.exit_code == 0, result.output
    old = _id(restored)
    assert (restored / RETIRED_FILE).is_file()
    before = (restored / "heads.jsonl").read_bytes()
    repo = _a_line(restored, clock)
    try:
        with pytest.raises(StoreError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "retired_key"
    text = str(found.value)
    assert f"（密钥 {old}）已经在 2025-04-01 09:00 被新密钥 {new} 换掉了" in text, text
    assert "链头没有签名" in text and "No head was signed or published" in text, text
    assert "If the key is lost" in text and "keys/signing.key" in text, text
    assert (restored / "heads.jsonl").read_bytes() == before  # nothing signed
    with pytest.raises(StoreError):
        rotate_key(restored, "2025-05-03T09:00:00+08:00")  # nor a rotation by it


def test_after_the_lost_key_procedure_a_new_key_signs_on(tmp_path):
    data, clock = _rotated(tmp_path)
    site = publish(data, tmp_path / "project")
    restored, result = _from_site(tmp_path, "older.tar.gz", site, None,
                                  "--replace-head-log")
    assert result.exit_code == 0, result.output
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(restored / "heads.jsonl", aside / "heads.jsonl")
    shutil.move(restored / keyfiles.KEY_FILE, aside / "signing.key")
    repo = _a_line(restored, clock)
    try:
        records = record_heads(repo)
    finally:
        repo.close()
    log = HeadLog(restored).read()
    assert records and log[0]["type"] == "key"  # a new key announced, then heads
    assert _id(restored) not in (_id(data), key_id(keyfiles.public_hex(
        keyfiles._read(aside / "signing.key"))))  # type: ignore[arg-type]


def test_a_retired_key_put_back_beside_its_own_log_is_named_as_retired(tmp_path):
    data, clock = _rotated(tmp_path)
    older = tmp_path / "older"
    _restore(tmp_path, older, "older.tar.gz")  # the backup's key, in a folder aside
    shutil.copy(older / keyfiles.KEY_FILE, data / keyfiles.KEY_FILE)
    repo = _a_line(data, clock)
    try:
        with pytest.raises(StoreError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "retired_key", found.value
    assert "2025-04-01 09:00" in str(found.value)


def _new_machine(tmp_path):  # type: ignore[no-untyped-def]
    """The site built (key 2), the older backup restored into a new folder without
    --from-site: its own log names key 1 only, the built site key 2."""
    data, clock = _rotated(tmp_path)
    project = tmp_path / "project"
    init_project(project)
    publish(data, project)
    restored = tmp_path / "new-machine" / "data"
    _restore(tmp_path, restored, "older.tar.gz")
    assert not (restored / RETIRED_FILE).exists()
    return restored, project


def test_a_build_by_hand_refuses_the_key_the_built_site_shows_replaced(tmp_path):
    restored, project = _new_machine(tmp_path)
    before = (restored / "heads.jsonl").read_bytes()
    result = CliRunner().invoke(steward_cli.app, ["build", "--data", str(restored),
                                                  "--project", str(project)])
    assert result.exit_code != 0, result.output
    assert "已经在 2025-04-01 09:00 被新密钥" in result.output, result.output
    assert "网站没有生成，链头也没有签名 / not building, no head signed" in result.output, \
        result.output
    assert (restored / "heads.jsonl").read_bytes() == before


def test_the_bot_does_not_start_with_a_retired_key(tmp_path, monkeypatch):
    restored, project = _new_machine(tmp_path)
    started: list = []
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setattr(cli.run, "_start_bot", lambda s, r: started.append(s))
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(restored),
                                                  "--project", str(project)])
    assert result.exit_code != 0 and not started, result.output
    assert "不能再用它签链头" in result.output and "it signs no more heads" in result.output
    assert "机器人没有启动 / not starting" in result.output, result.output
