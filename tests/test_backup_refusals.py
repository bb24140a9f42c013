"""A backup or restore refused, as the operator meets it: said in Chinese first, then
English, naming the backup and what to do, with nothing of the backup left behind
(a restore stages it beside the data folder, every resident's data in it)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

from typer.testing import CliRunner

from db.repository import Repository
from steward_cli import app


def _invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=env)


def _altered(backup: Path, out: Path) -> None:
    """``backup`` with its people.json changed and the backup's own checksums made to
    match (a disk or a hand that changed it before the backup was made, or a copy
    of it rewritten since): only the data folder's manifest inside tells."""
    with tarfile.open(backup) as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    files["data/people.json"] = files["data/people.json"].replace(b"{", b"{ ", 1)
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["people.json"] = hashlib.sha256(files["data/people.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(out, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_damaged_backup_is_refused_in_chinese_first_and_leaves_nothing_behind(
        tmp_path, street_config):
    """Before: 'steward: …/.data.restoring/people.json: altered or damaged since it was
    saved …; bring back a backup with `steward restore`' — English only, naming a
    folder the operator never made, telling them to run the command they had just
    run, and that .data.restoring (every resident's data) stayed beside the folder."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    assert _invoke("backup", str(tmp_path / "good.tar.gz"), "--data", str(data)).exit_code == 0
    bad = tmp_path / "bad.tar.gz"
    _altered(tmp_path / "good.tar.gz", bad)

    for target in (tmp_path / "new" / "data", data):
        before = sorted(p.name for p in target.parent.iterdir()) \
            if target.parent.exists() else []
        refused = _invoke("restore", str(bad), "--data", str(target))
        assert refused.exit_code == 1, refused.output
        said = refused.output
        assert said.startswith(f"steward: 备份 {bad} 没有通过核对（其中的 people.json"), said
        assert "没有恢复，数据目录没有改动：请换一个备份（比如前一天的）" in said, said
        assert f" / {bad}: the backup does not check out" in said, said
        assert ".restoring" not in said and "bring back a backup" not in said, said
        after = sorted(p.name for p in target.parent.iterdir()) \
            if target.parent.exists() else []
        assert after == before, after  # no .data.restoring, no data folder made
    assert Repository.open(data, readonly=True) is not None  # the folder as it was


def test_a_wrong_or_short_passphrase_is_said_in_chinese_first(tmp_path, street_config):
    """Before: 'steward: wrong passphrase, or the sealed backup is damaged' and 'steward:
    the passphrase must have at least 8 characters', in English only."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    sealed = tmp_path / "b.bin"
    short = _invoke("backup", str(sealed), "--encrypt", "--data", str(data),
                    env={"STEWARD_BACKUP_PASSPHRASE": "short"})
    assert short.exit_code == 1 and not sealed.exists()
    assert short.output.startswith("steward: 备份口令太短：至少要 8 个字符"), short.output
    assert "at least 8 characters" in short.output
    made = _invoke("backup", str(sealed), "--encrypt", "--data", str(data),
                   env={"STEWARD_BACKUP_PASSPHRASE": "correct horse"})
    assert made.exit_code == 0, made.output
    wrong = _invoke("restore", str(sealed), "--data", str(tmp_path / "new"),
                    env={"STEWARD_BACKUP_PASSPHRASE": "wrong horse"})
    assert wrong.exit_code == 1 and not (tmp_path / "new").exists()
    assert wrong.output.startswith(f"steward: {sealed}：口令不对，或者这个加密备份已损坏"), \
        wrong.output
    assert "STEWARD_BACKUP_PASSPHRASE" in wrong.output and "wrong passphrase" in wrong.output


def test_a_restore_beside_a_running_bot_is_refused_and_leaves_nothing_behind(
        tmp_path, street_config):
    """The README says to stop the service first; a restore run while the bot ran was
    refused (另一个 Steward 进程…正在使用这个数据目录), but .data.restoring, every resident's
    data from the backup, stayed beside the folder."""
    from db.locks import writer_lock

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    backup = tmp_path / "b.tar.gz"
    assert _invoke("backup", str(backup), "--data", str(data)).exit_code == 0
    with writer_lock(data):  # the bot, running
        refused = _invoke("restore", str(backup), "--data", str(data))
    assert refused.exit_code == 1, refused.output
    assert "另一个 Steward 进程" in refused.output, refused.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.tar.gz", "data"]


def test_the_passphrase_is_asked_for_in_chinese_first(tmp_path, street_config, monkeypatch):
    """In a terminal, steward backup --encrypt asked 'Backup passphrase:' and 'Repeat for
    confirmation:', in English only."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    monkeypatch.setattr("cli.data._interactive", lambda: True)
    monkeypatch.delenv("STEWARD_BACKUP_PASSPHRASE", raising=False)
    made = CliRunner().invoke(app, ["backup", str(tmp_path / "b.bin"), "--encrypt", "--data",
                                    str(data)], input="correct horse\ncorrect horse\n")
    assert made.exit_code == 0, made.output
    assert "备份口令 / Backup passphrase:" in made.output, made.output
    assert "再输入一次 / Repeat for confirmation:" in made.output, made.output
    again = CliRunner().invoke(app, ["restore", str(tmp_path / "b.bin"), "--data",
                                     str(tmp_path / "new")], input="correct horse\n")
    assert again.exit_code == 0, again.output
    assert "备份口令 / Backup passphrase:" in again.output


def test_a_backup_that_cannot_be_written_says_why_in_chinese(tmp_path, street_config):
    """`steward backup /var/backups/steward` (the folder, no file name) said 备份没有写成
    （…所在的磁盘或文件夹有问题，下面有英文说明） and, in English only, 'Is a directory'."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    refused = _invoke("backup", str(folder), "--data", str(data))
    assert refused.exit_code == 1
    assert refused.output.startswith(f"steward: 备份没有写成：{folder} 是一个文件夹，请在后面"
                                     f"写上备份文件的名字（例如 {folder}/steward.tar.gz）"), \
        refused.output
    assert "Is a directory" in refused.output


def test_a_backup_into_a_folder_not_made_yet_says_the_command_that_makes_it(
        tmp_path, street_config, monkeypatch):
    """The README's crontab line run before its `sudo install -d -o steward -m 700
    /var/backups/steward`: the service's user may not make the folder, and it was told
    to run as the service's user (it was) and 'make it writable' of a folder that is
    not there (tried deploying by the README). Now the command that makes it."""
    import getpass
    import os

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    folder = tmp_path / "backups" / "steward"
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == folder:  # as /var/backups, root's, is to the service's user
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    refused = _invoke("backup", str(folder / "steward-Sun.tar.gz"), "--data", str(data))
    assert refused.exit_code == 1, refused.output
    me = getpass.getuser()
    make = f"sudo install -d -o {me} -m 700 {folder}"
    zh, _, en = refused.output.partition(" / ")
    assert zh.startswith(f"steward: 备份没有写成：文件夹 {folder} 还没有") and make in zh, zh
    assert f"the folder {folder} does not exist" in en and make in en, en
    assert not os.path.exists(folder)
