"""A restore says which signing key signs the heads from now on, and warns when the
public's head log names a newer one (``db.restore_heads.key_in_use``).

An older backup restored on a new machine brought back the key of its day: after a
``steward key rotate`` since, that is the retired key, and the bot went on signing with
it. The restore said nothing of it; only ``steward key show``'s key id told. Now every
restore says the key in use (its id, since when), and, where the public's head log is
known (the folder replaced, or ``--from-site``) and names a newer key, says the backup's
key was replaced then and what to do before the bot starts."""

from __future__ import annotations

from heads_support import publish
from test_restore_found_lines import _restore
from test_restore_from_site import _from_site
from test_restore_heads_kept import _rotated

from db import keys as keyfiles
from db.witness import key_id


def _id(data):  # type: ignore[no-untyped-def]
    return key_id(keyfiles.public_hex(keyfiles.load(data)))  # type: ignore[arg-type]


def test_a_backup_from_before_a_rotation_restored_from_the_site_warns_of_the_newer_key(
        tmp_path):
    data, _ = _rotated(tmp_path)  # the key changed 2025-04-01 09:00, after the backup
    new = _id(data)
    site = publish(data, tmp_path / "project")
    restored, result = _from_site(tmp_path, "older.tar.gz", site, None, "--replace-head-log")
    assert result.exit_code == 0, result.output
    out = result.output
    old = _id(restored)
    assert old != new  # the backup's key, retired: what the bot would sign with
    assert f"签名密钥：恢复后签链头用的是密钥 {old}" in out, out
    assert f"公开的链头记录里，2025-04-01 09:00 起用的是新密钥 {new}" in out, out
    assert "恢复一个 2025-04-01 09:00 之后做的备份" in out, out
    assert "If the key is lost" in out and "keys/signing.key" in out, out
    assert f"Signing key: heads are now signed with key {old}" in out, out


def test_into_a_new_folder_without_the_site_the_key_is_said_and_how_to_check_it(tmp_path):
    _rotated(tmp_path)
    restored = tmp_path / "new-machine" / "data"
    out = _restore(tmp_path, restored, "older.tar.gz")
    old = _id(restored)
    assert f"签名密钥：恢复后签链头用的是密钥 {old}" in out, out
    assert "steward key rotate" in out and "downloads/heads.json" in out, out
    assert "--from-site" in out, out
    assert "起用的是新密钥" not in out  # nothing known of a newer one: no warning


def test_over_the_folder_the_key_kept_is_said_without_a_warning(tmp_path):
    data, _ = _rotated(tmp_path)
    new = _id(data)
    out = _restore(tmp_path, data, "older.tar.gz")
    assert _id(data) == new  # kept, as before
    assert f"签名密钥：恢复后签链头用的是密钥 {new}" in out, out
    assert "起用的是新密钥" not in out and "steward key rotate" not in out, out
