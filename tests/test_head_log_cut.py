"""A head log whose last records were deleted is refused, not signed on (``db.heads_cut``).

Before, deleting the last record of ``heads.jsonl`` passed ``steward verify``, the bot's
start check quietly started over when the record it remembered was gone, and the next
build signed a new record in the place of the one cut: only a witness who had saved the
heads saw it. Now each of them says, in Chinese and English, what was found, that nothing
was signed or published, and to restore a backup; the README's lost-key procedure (the
log moved aside with keys/signing.key) still starts a new log."""

from __future__ import annotations

import shutil

import pytest
from heads_support import money, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import keys as keyfiles
from db.errors import IntegrityError
from db.heads import HEAD_LOG, HeadLog, record_heads, verify_heads
from db.heads_cut import SEEN_FILE
from db.repository import Repository

runner = CliRunner()


@pytest.fixture
def history(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    repo.close()
    return tmp_path / "data", clock


def _cut_last(data, n=1):  # type: ignore[no-untyped-def]
    path = data / HEAD_LOG
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-n]))
    return path.read_bytes()


def _said_cut(output: str) -> None:
    assert "被截短了" in output and "没有签名，也没有发布任何东西" in output, output
    assert "was cut" in output and "Nothing was signed or published" in output, output
    assert "steward restore" in output and "--from-site" in output, output


def test_steward_verify_refuses_a_head_log_whose_last_record_was_deleted(history):
    data, _clock = history
    _cut_last(data)
    caught = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert caught.exit_code == 1, caught.output
    _said_cut(caught.output)


def test_a_build_by_hand_signs_nothing_in_the_place_of_a_cut_record(history, tmp_path):
    data, clock = history
    repo = Repository.open(data, clock=clock)
    money(repo, "west", 4200)  # a head to sign: it would take the cut record's number
    repo.close()
    before = _cut_last(data)
    project = tmp_path / "project"
    built = runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                            "--project", str(project)])
    assert built.exit_code == 1, built.output
    _said_cut(built.output)
    assert "not building" in built.output
    assert (data / HEAD_LOG).read_bytes() == before  # nothing signed
    assert not (project / "content" / "index.md").exists()  # nothing published


def test_the_signer_refuses_a_cut_log(history):
    data, clock = history
    before = _cut_last(data, 2)
    repo = Repository.open(data, clock=clock)
    try:
        money(repo, "east", 1500)
        with pytest.raises(IntegrityError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "head_log_cut"
    _said_cut(str(found.value))
    assert (data / HEAD_LOG).read_bytes() == before


def test_steward_run_refuses_a_cut_log(history, monkeypatch):
    data, _clock = history
    _cut_last(data)
    started = []
    monkeypatch.setattr("cli.run._start_bot", lambda settings, repo: started.append(1))
    env = {"TELEGRAM_BOT_TOKEN": "123:ABC", "TELEGRAM_API_BASE_URL": "",
           "TELEGRAM_API_FILE_URL": "", "STEWARD_WEBHOOK_URL": "", "STEWARD_WEBHOOK_SECRET": ""}
    refused = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert refused.exit_code != 0 and started == [], refused.output
    _said_cut(refused.output)
    assert "not starting" in refused.output


def test_the_start_check_does_not_start_over_when_the_record_it_verified_is_gone(history):
    data, _clock = history
    repo = Repository.open(data)
    repo.check_at_start()  # remembers the last record it verified (saved at close)
    repo.close()
    (data / SEEN_FILE).unlink()  # only the start check's memory is left
    _cut_last(data)
    repo = Repository.open(data)
    try:
        with pytest.raises(IntegrityError) as found:
            repo.check_at_start()
        _checker, problems = verify_heads(repo)
    finally:
        repo.store.abandon()
    assert found.value.code == "head_log_cut"
    assert [p.code for p in problems][:1] == ["head_log_cut"]


def test_the_log_deleted_while_its_key_stays_is_a_cut(history):
    data, clock = history
    (data / HEAD_LOG).unlink()
    repo = Repository.open(data, clock=clock)
    try:
        with pytest.raises(IntegrityError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "head_log_cut"
    assert not (data / HEAD_LOG).exists()


def test_the_log_moved_aside_with_its_key_starts_a_new_log(history, tmp_path):
    data, clock = history
    repo = Repository.open(data)
    repo.check_at_start()
    repo.close()
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(data / HEAD_LOG, aside / HEAD_LOG)
    shutil.move(data / keyfiles.KEY_FILE, aside / "signing.key")
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        records = record_heads(repo)
        repo.check_at_start()
        _checker, problems = verify_heads(repo)
    finally:
        repo.close()
    log = HeadLog(data).read()
    assert log[0]["type"] == "key" and log[0]["public_key"] == keyfiles.public_hex(
        keyfiles.load(data))  # type: ignore[arg-type]
    assert records and records[-1] == log[-1] and problems == []
    checked = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert checked.exit_code == 0, checked.output


def test_a_head_signed_while_a_backup_copies_the_folder_leaves_the_backup_sound(history,
                                                                                 tmp_path,
                                                                                 monkeypatch):
    from pathlib import Path

    from db.backup import backup, restore
    from db.heads import rotate_key

    data, _clock = history
    read = Path.read_bytes
    signed = []

    def read_and_sign(path):  # type: ignore[no-untyped-def]
        got = read(path)
        if path.name in (HEAD_LOG, SEEN_FILE) and not signed:
            signed.append(rotate_key(data, "2025-06-01T09:00:00+08:00"))  # the bot, meanwhile
        return got

    monkeypatch.setattr(Path, "read_bytes", read_and_sign)
    backup(data, tmp_path / "b.tar.gz")
    monkeypatch.setattr(Path, "read_bytes", read)
    assert signed
    restored = tmp_path / "restored"
    restore(tmp_path / "b.tar.gz", restored)
    repo = Repository.open(restored)
    try:
        repo.check_at_start()
        _checker, problems = verify_heads(repo)
    finally:
        repo.close()
    assert [p.code for p in problems] == []


def test_the_signer_asks_the_start_checks_mark_when_heads_seen_is_gone(history):
    data, clock = history
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        before = _cut_last(data)
        (data / SEEN_FILE).unlink()  # removed with the records cut
        money(repo, "east", 1500)
        with pytest.raises(IntegrityError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "head_log_cut"
    assert (data / HEAD_LOG).read_bytes() == before


def test_steward_run_names_a_swapped_key_in_chinese(history, monkeypatch):
    """Before, the start refused a key file swapped for another key with
    "账本与审核通过的记录对不上" (a ledger line against its entry): only the English said
    what was wrong."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data, _clock = history
    (data / keyfiles.KEY_FILE).unlink()
    keyfiles.write_private(data, Ed25519PrivateKey.generate(), keyfiles.KEY_FILE)
    monkeypatch.setattr("cli.run._start_bot", lambda settings, repo: None)
    env = {"TELEGRAM_BOT_TOKEN": "123:ABC", "TELEGRAM_API_BASE_URL": "",
           "TELEGRAM_API_FILE_URL": "", "STEWARD_WEBHOOK_URL": "", "STEWARD_WEBHOOK_SECRET": ""}
    refused = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert refused.exit_code != 0, refused.output
    assert "keys/signing.key 不是链头记录里正在使用的密钥" in refused.output, refused.output
    assert "账本与审核通过的记录对不上" not in refused.output


def test_the_signer_refuses_a_clock_set_back_before_the_last_head(history):
    """Before, a clock set back to February signed a head dated then, after April's,
    and a line dated in a month whose notice was printed: every check passed."""
    from datetime import datetime

    from db.repository import CHINA_TZ

    data, _clock = history
    before = (data / HEAD_LOG).read_bytes()
    repo = Repository.open(data, clock=lambda: datetime(2025, 2, 10, 10, 0, tzinfo=CHINA_TZ))
    try:
        money(repo, "east", 55555, expense=True, purpose="倒拨时钟")
        with pytest.raises(IntegrityError) as found:
            record_heads(repo)
    finally:
        repo.close()
    assert found.value.code == "clock_behind"
    assert "时钟被往回拨了" in str(found.value) and "set back" in str(found.value)
    assert (data / HEAD_LOG).read_bytes() == before
