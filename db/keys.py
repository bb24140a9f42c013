"""The street office's Ed25519 signing key, kept in the data folder.

``keys/signing.key`` holds the private key (PKCS#8 PEM, mode 600, in a
folder of mode 700). It signs every record of the head log
(``db.heads``); it is never published: the site, the feed and the paper
notice carry only the public key. A backup of the data folder holds it too,
so a backup must be kept as safe as the key itself.

A rotation (``db.heads.rotate_key``) first writes the new key beside the old
one as ``keys/signing.next.key``, then has the old key sign a record
announcing the new one, then renames the new key into place; ``load`` finishes
or undoes a rotation that a crash interrupted, by what the head log says.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .errors import StoreError
from .storage import fsync_dir

__all__ = ["KEY_FILE", "NEXT_KEY_FILE", "load", "load_next", "create", "public_hex",
           "write_private", "promote_next", "discard_next"]

KEY_FILE = "keys/signing.key"
NEXT_KEY_FILE = "keys/signing.next.key"


def public_hex(key: Ed25519PrivateKey) -> str:
    """The public key as 64 hex digits (what the site and the notice show)."""
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw).hex()


def _read(path: Path) -> Ed25519PrivateKey | None:
    if not path.exists():
        return None
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: not a readable signing key ({exc}); bring it back from a "
                         f"backup", code="bad_key", path=str(path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise StoreError(f"{path}: not an Ed25519 key", code="bad_key", path=str(path))
    return key


def load(root: str | Path) -> Ed25519PrivateKey | None:
    """The signing key of a data folder, or None if it has none yet."""
    return _read(Path(root) / KEY_FILE)


def load_next(root: str | Path) -> Ed25519PrivateKey | None:
    """The new key of a rotation that did not finish, if any."""
    return _read(Path(root) / NEXT_KEY_FILE)


def write_private(root: str | Path, key: Ed25519PrivateKey, rel: str) -> None:
    """Write ``key`` to ``root/rel`` durably, readable by its owner only."""
    path = Path(root) / rel
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    tmp = folder / f".{path.name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(folder)
    fsync_dir(folder.parent)


def create(root: str | Path) -> Ed25519PrivateKey:
    """Make the data folder's first signing key (refused if it has one)."""
    if load(root) is not None:
        raise StoreError(f"{Path(root) / KEY_FILE}: a signing key exists already",
                         code="key_exists", path=str(root))
    key = Ed25519PrivateKey.generate()
    write_private(root, key, KEY_FILE)
    return key


def promote_next(root: str | Path) -> None:
    """The announced new key becomes the signing key."""
    folder = Path(root) / "keys"
    os.replace(folder / "signing.next.key", folder / "signing.key")
    fsync_dir(folder)


def discard_next(root: str | Path) -> None:
    """Forget the new key of a rotation that was never announced."""
    (Path(root) / NEXT_KEY_FILE).unlink(missing_ok=True)
    fsync_dir(Path(root) / "keys")
