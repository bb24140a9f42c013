"""Backups: nothing in one is ever unpickled (a crafted ``bot-state.pickle`` in an
old backup is left out, with a note, and its code never runs), new backups leave
pickles out, and ``steward backup --encrypt`` writes an AES-256-GCM archive that
``steward restore`` reads with the passphrase from STEWARD_BACKUP_PASSPHRASE."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import pickle
import tarfile
from pathlib import Path

import pytest
from conftest import SMALL_STREET, StepClock, pid
from typer.testing import CliRunner

from db.config import parse_street
from db.entries import Kind
from db.errors import StoreError
from db.repository import Repository
from db.seal import MAGIC, seal, unseal
from steward_cli import app

PASS = "长城长 correct horse"


class Boom:
    """A pickle that writes a file when loaded: what a crafted backup would carry."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: D105
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    repo = Repository.init(folder, parse_street(SMALL_STREET), clock=StepClock())
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025"})
    repo.approve(fee.id, pid(repo, 102))
    repo.close()
    return folder


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env or {})


def _with_member(archive: Path, name: str, body: bytes) -> None:
    """Add a file to a backup, listed in its manifest as an older Steward would have."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    manifest["files"][name.split("/", 1)[1]] = hashlib.sha256(body).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    members[name] = body
    with tarfile.open(archive, "w:gz") as tar:
        for member, content in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_restore_leaves_out_a_pickle_in_an_old_backup_and_never_runs_it(data, tmp_path):
    archive = tmp_path / "old.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    marker = tmp_path / "code-ran"
    _with_member(archive, "data/bot-state.pickle", pickle.dumps(Boom(marker)))
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "bot-state.pickle" in result.output and "left out, not loaded" in result.output
    assert not marker.exists()
    assert not (data / "bot-state.pickle").exists()
    repo = Repository.open(data)
    try:
        assert repo.balance("east") == 12000
    finally:
        repo.close()


def test_a_new_backup_leaves_the_pickled_conversation_state_out(data, tmp_path):
    (data / "bot-state.pickle").write_bytes(pickle.dumps({"conversations": {}}))
    archive = tmp_path / "new.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
    assert "data/meta.json" in names and not any(n.endswith(".pickle") for n in names)


def test_an_encrypted_backup_is_unreadable_without_its_passphrase_and_restores_with_it(
        data, tmp_path):
    archive = tmp_path / "sealed.bin"
    env = {"STEWARD_BACKUP_PASSPHRASE": PASS}
    made = invoke("backup", str(archive), "--data", str(data), "--encrypt", env=env)
    assert made.exit_code == 0, made.output and "(encrypted)" in made.output
    blob = archive.read_bytes()
    assert blob.startswith(MAGIC) and b"manifest" not in blob and b"east" not in blob
    with pytest.raises(tarfile.TarError):
        tarfile.open(archive, "r:gz").getmembers()
    (data / "meta.json").write_text("{}")  # what the restore must put back
    wrong = invoke("restore", str(archive), "--data", str(data),
                   env={"STEWARD_BACKUP_PASSPHRASE": "not the passphrase"})
    assert wrong.exit_code == 1 and "wrong passphrase" in wrong.output
    assert (data / "meta.json").read_text() == "{}"  # nothing changed
    asked = invoke("restore", str(archive), "--data", str(data))  # no terminal to ask in
    assert asked.exit_code == 1 and "STEWARD_BACKUP_PASSPHRASE" in asked.output
    done = invoke("restore", str(archive), "--data", str(data), env=env)
    assert done.exit_code == 0, done.output
    repo = Repository.open(data)
    try:
        assert repo.balance("east") == 12000
    finally:
        repo.close()


def test_an_encrypted_backup_asks_for_the_passphrase_when_none_is_set(data, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr("cli.data._interactive", lambda: True)
    archive = tmp_path / "sealed.bin"
    made = CliRunner().invoke(app, ["backup", str(archive), "--data", str(data), "--encrypt"],
                              input=f"{PASS}\n{PASS}\n", env={})
    assert made.exit_code == 0, made.output
    assert unseal(archive.read_bytes(), PASS)[:2] == b"\x1f\x8b"  # a gzip inside


def test_a_sealed_file_is_authenticated_and_bounded(tmp_path):
    blob = seal(b"secret data", PASS)
    assert unseal(blob, PASS) == b"secret data"
    flipped = blob[:-3] + bytes([blob[-3] ^ 1]) + blob[-2:]
    with pytest.raises(StoreError) as err:
        unseal(flipped, PASS)
    assert err.value.code == "bad_passphrase"
    head, rest = blob[len(MAGIC):].split(b"\n", 1)
    params = json.loads(head)
    params["n"] = 2 ** 30  # a crafted file asking for 1 TB of scrypt memory
    crafted = MAGIC + json.dumps(params).encode() + b"\n" + rest
    with pytest.raises(StoreError) as err:
        unseal(crafted, PASS)
    assert err.value.code == "bad_backup"
    params["n"], params["salt"] = 2 ** 15, base64.b64encode(b"x" * 16).decode()
    tampered = MAGIC + json.dumps(params).encode() + b"\n" + rest  # header is authenticated
    with pytest.raises(StoreError):
        unseal(tampered, PASS)
    with pytest.raises(StoreError) as err:
        seal(b"x", "short")
    assert err.value.code == "weak_passphrase"


def test_a_backup_and_a_restored_signing_key_are_readable_by_their_owner_only(data, tmp_path):
    """The backup holds the residents' data and the street office's signing key: the
    file is written mode 600 whatever the umask, and a restore (on a new machine) puts
    the key back readable by its owner only (keys/ 700, signing.key 600), as init made it."""
    from db.heads import start_signing

    start_signing(data, "2025-01-01T00:00:00+08:00")
    old = os.umask(0o022)
    try:
        archive = tmp_path / "backup.tar.gz"
        assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
        sealed = tmp_path / "backup.bin"
        assert invoke("backup", str(sealed), "--data", str(data), "--encrypt",
                      env={"STEWARD_BACKUP_PASSPHRASE": PASS}).exit_code == 0
        assert archive.stat().st_mode & 0o777 == 0o600
        assert sealed.stat().st_mode & 0o777 == 0o600
        with tarfile.open(archive, "r:gz") as tar:
            assert tar.getmember("data/keys/signing.key").mode & 0o077 == 0
        fresh = tmp_path / "new-machine" / "data"
        done = invoke("restore", str(archive), "--data", str(fresh))
        assert done.exit_code == 0, done.output
    finally:
        os.umask(old)
    assert (fresh / "keys").stat().st_mode & 0o777 == 0o700
    assert (fresh / "keys" / "signing.key").stat().st_mode & 0o777 == 0o600
    assert (fresh / "keys" / "signing.key").read_bytes() == \
        (data / "keys" / "signing.key").read_bytes()


def test_a_restore_deletes_again_the_data_of_people_forgotten_since_the_backup(data, tmp_path):
    """A backup made before a resident deleted their data held her name, Telegram id and
    room: restoring it (after a disk failure, say) brought her back. The restore reads
    who was forgotten in the folder it replaces and forgets them again, and says so."""
    from conftest import confirmed_resident

    repo = Repository.open(data, clock=StepClock())
    person = confirmed_resident(repo, 7301, "c1/1/1/101", 101)
    repo.ensure_person(7301, name="罗小燕")
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "我是罗小燕，路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.close()
    archive = tmp_path / "before.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    repo = Repository.open(data, clock=StepClock())
    repo.forget(person)
    repo.close()
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "1 person forgotten or withdrawn since the backup" in result.output
    repo = Repository.open(data, readonly=True)
    try:
        again = repo.person(person)
        assert again["forgotten"] and again["name"] == "" and again["telegram_id"] is None
        assert repo.person_by_telegram(7301) is None
        assert repo.entry(report.id).data.get("withheld")
    finally:
        repo.close()


def test_a_backup_onto_a_disk_that_fills_half_way_says_so_and_leaves_no_part(
        data, tmp_path, monkeypatch):
    """The backup disk fills half way: one clear line naming the fix (no traceback),
    no part file left taking the disk's last space (and a copy of personal data),
    the backup made before kept whole."""
    import errno

    import db.backup

    out = tmp_path / "backups" / "street.tar.gz"
    assert invoke("backup", "--data", str(data), str(out)).exit_code == 0
    before = out.read_bytes()
    real_write = os.write
    written = {"n": 0}

    def fills(fd, view):
        if written["n"] > 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written["n"] += 1
        return real_write(fd, view[:100])

    monkeypatch.setattr(db.backup.os, "write", fills)
    result = invoke("backup", "--data", str(data), str(out))
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "free space on it" in result.output and str(out.parent) in result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["street.tar.gz"]
    assert out.read_bytes() == before


def test_a_restore_withdraws_again_an_agreement_to_publication_withdrawn_since(data, tmp_path):
    from conftest import confirmed_resident

    repo = Repository.open(data, clock=StepClock())
    person = confirmed_resident(repo, 7302, "c1/1/1/102", 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.close()
    archive = tmp_path / "before.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    repo = Repository.open(data, clock=StepClock())
    repo.withdraw_consent(person)
    repo.close()
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code == 0, result.output
    repo = Repository.open(data, readonly=True)
    try:
        assert repo.entry(report.id).data.get("withheld")
        assert repo.person(person)["consents"] == [] and repo.person(person)["household"]
    finally:
        repo.close()


def test_a_restore_leaves_alone_who_the_backup_already_holds_forgotten_or_withdrawn(
        data, tmp_path):
    # each is done again only where the backup predates it (db.forget_again.forget_again)
    from conftest import confirmed_resident

    repo = Repository.open(data, clock=StepClock())
    forgotten = confirmed_resident(repo, 7301, "c1/1/1/101", 101)
    withdrawn = confirmed_resident(repo, 7302, "c1/1/1/102", 101)
    repo.forget(forgotten)
    repo.withdraw_consent(withdrawn)
    repo.close()
    archive = tmp_path / "after.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "Privacy:" not in result.output
    repo = Repository.open(data, readonly=True)
    try:
        assert repo.person(forgotten)["forgotten"]
        assert repo.person(withdrawn)["consents"] == [] and repo.person(withdrawn)["household"]
    finally:
        repo.close()


def test_the_data_folder_that_init_or_a_restore_makes_is_its_owners_alone(tmp_path):
    """The data folder holds every resident's name, room and Telegram id in files made
    644; init made the folder 755 (umask 022), so every account on the machine could
    read them, and a restore onto a new machine the same."""
    from steward_cli import DEMO_CONFIG

    old = os.umask(0o022)
    try:
        data = tmp_path / "data"
        made = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(data),
                      "--project", str(tmp_path / "project"))
        assert made.exit_code == 0, made.output
        archive = tmp_path / "backup.tar.gz"
        assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
        fresh = tmp_path / "new-machine" / "data"
        assert invoke("restore", str(archive), "--data", str(fresh)).exit_code == 0
    finally:
        os.umask(old)
    assert data.stat().st_mode & 0o777 == 0o700
    assert fresh.stat().st_mode & 0o777 == 0o700
