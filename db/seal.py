"""Passphrase-encrypted backups (``steward backup --encrypt``).

A backup holds everything about every resident (names, rooms, phone numbers,
receipts), so one copied off the machine should be unreadable without the
passphrase. A sealed file is::

    STEWARD-SEALED-BACKUP 1\\n
    {"cipher": "AES-256-GCM", "kdf": "scrypt", "n": 32768, "r": 8, "p": 1,
     "salt": "<base64>", "nonce": "<base64>"}\\n
    <ciphertext and its 16-byte tag>

The key is derived from the passphrase with scrypt (a fresh random salt each
time) and the archive is encrypted with AES-256-GCM, both from the
``cryptography`` library; the two header lines are authenticated with it, so
neither the parameters nor the data can be changed unnoticed. A wrong
passphrase and a damaged file are told apart as well as GCM allows: both fail
the tag, and the message says so. The scrypt parameters a file asks for are
bounded, so a crafted file cannot make a restore spend gigabytes on them.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import StoreError

__all__ = ["MAGIC", "seal", "unseal", "is_sealed", "PASSPHRASE_ENV"]

MAGIC = b"STEWARD-SEALED-BACKUP 1\n"
PASSPHRASE_ENV = "STEWARD_BACKUP_PASSPHRASE"  # where the CLI looks before it asks
_N, _R, _P = 2 ** 15, 8, 1  # scrypt: 32 MB and about 0.1 s on a small machine
_MAX_N, _MAX_R, _MAX_P = 2 ** 20, 16, 4
_MAX_HEADER = 1024
MIN_PASSPHRASE = 8


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a sealed backup."""
    return head.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(data: bytes, passphrase: str) -> bytes:
    """``data`` encrypted under ``passphrase``."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(f"the passphrase must have at least {MIN_PASSPHRASE} characters",
                         code="weak_passphrase")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({"cipher": "AES-256-GCM", "kdf": "scrypt", "n": _N, "r": _R, "p": _P,
                         "salt": base64.b64encode(salt).decode(),
                         "nonce": base64.b64encode(nonce).decode()},
                        sort_keys=True).encode() + b"\n"
    key = _key(passphrase, salt, _N, _R, _P)
    return MAGIC + header + AESGCM(key).encrypt(nonce, data, MAGIC + header)


def unseal(blob: bytes, passphrase: str) -> bytes:
    """The data of a sealed backup; ``StoreError`` for a wrong passphrase or a damaged
    file."""
    if not is_sealed(blob):
        raise StoreError("not a sealed Steward backup", code="bad_backup")
    end = blob.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
    if end < 0:
        raise StoreError("the sealed backup's header is damaged", code="bad_backup")
    header = blob[len(MAGIC):end + 1]
    try:
        params: dict[str, Any] = json.loads(header)
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        salt = base64.b64decode(params["salt"], validate=True)
        nonce = base64.b64decode(params["nonce"], validate=True)
        if params.get("cipher") != "AES-256-GCM" or params.get("kdf") != "scrypt":
            raise ValueError("unknown cipher")
        if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and
                1 <= p <= _MAX_P and len(salt) >= 16 and len(nonce) == 12):
            raise ValueError("parameters out of bounds")
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the sealed backup's header is damaged ({exc})",
                         code="bad_backup") from None
    try:
        return AESGCM(_key(passphrase, salt, n, r, p)).decrypt(nonce, blob[end + 1:],
                                                               MAGIC + header)
    except InvalidTag:
        raise StoreError("wrong passphrase, or the sealed backup is damaged",
                         code="bad_passphrase") from None
