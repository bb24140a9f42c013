"""The signer never signs with a key the public's head log shows was replaced.

A backup made before a ``steward key rotate`` holds the key of its day. Restored where
the public's head log (the folder replaced's, or the site's ``downloads/heads.json``
with ``--from-site``) names a newer key, ``steward restore`` warned, but the bot then
signed new heads with the retired key, which every witness's verifier sees as a key
going backwards (and the key may have been retired because it leaked).

Now the restore leaves a note beside the key, ``keys/retired.note``: the retired key's
public key and the one that replaced it, since when. The signer (``db.heads``), the
bot's start and a build by hand refuse while the key file holds that key, saying what
to do: restore a backup holding the new key, or, if none does, the README's lost-key
procedure (moving ``keys/signing.key`` aside makes a new key; the note then names a key
no longer there and is ignored). The same is refused, without a note, when the folder's
own head log, or the site's ``downloads/heads.json`` beside it, shows the key replaced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import keys as keyfiles
from .errors import StoreError
from .storage import fsync_dir
from .witness import check_log, key_id

__all__ = ["RETIRED_FILE", "mark_retired", "refuse_retired", "replaced_by", "retired_text"]

RETIRED_FILE = "keys/retired.note"  # not .json: the store takes those for its own


def replaced_by(public_hex: str, records: Sequence[dict[str, Any]]) -> dict[str, str] | None:
    """When ``records`` (a head log) announce ``public_hex`` and later another key: the
    last key in force ({"id", "at"}); else None."""
    if not records:
        return None
    keys = check_log(list(records)).keys
    if not keys or keys[-1].get("public_key") == public_hex or \
            not any(k.get("public_key") == public_hex for k in keys[:-1]):
        return None
    return {"id": str(keys[-1].get("id") or ""), "at": str(keys[-1].get("at") or "")}


def mark_retired(root: Path, public_hex: str, newer: dict[str, str], *,
                 other: bool = False) -> None:
    """Note in ``root`` (a restore's folder, staged) that its key ``public_hex`` was
    replaced by ``newer`` in the public's head log; ``other``: the public's log never
    named it (it names ``newer`` in force), so it is not the public's key either."""
    path = root / RETIRED_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"public_key": public_hex, "by": newer.get("id", ""),
                   "since": newer.get("at", ""), **({"other": True} if other else {})}, f,
                  sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def _noted(root: Path, public_hex: str) -> dict[str, str] | None:
    try:
        note = json.loads((root / RETIRED_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        note = None
    if not isinstance(note, dict):  # unreadable: refuse rather than sign on
        return {"id": "?", "at": ""}
    if note.get("public_key") != public_hex:
        return None  # another key is in place now (the lost-key procedure)
    return {"id": str(note.get("by") or "?"), "at": str(note.get("since") or ""),
            **({"other": "1"} if note.get("other") else {})}


def refuse_retired(root: str | Path, own: Sequence[dict[str, Any]] | None = None,
                   public: Sequence[dict[str, Any]] | None = None, *,
                   key: Ed25519PrivateKey | None = None) -> None:
    """Raise StoreError (code ``retired_key``) when the key file of ``root`` holds a key
    the public's head log shows replaced: noted at a restore, or shown by ``own`` (the
    folder's head log, as read) or ``public`` (the site's records). Reads one small
    file at most."""
    root = Path(root)
    key = key if key is not None else keyfiles.load(root)
    if key is None:
        return
    mine = keyfiles.public_hex(key)
    newer = _noted(root, mine) or replaced_by(mine, own or ()) or \
        replaced_by(mine, public or ())
    if newer is not None:
        raise StoreError(retired_text(root, key_id(mine), newer), code="retired_key",
                         path=str(root / keyfiles.KEY_FILE))


def retired_text(root: Path, old: str, newer: dict[str, str]) -> str:
    """What to do, in Chinese and English, when the key file holds a retired key."""
    from .core import china_minute

    since = china_minute(newer["at"]) if newer.get("at") else "?"
    new, data = newer.get("id") or "?", Path(root)
    if newer.get("other"):
        return _other_text(data, old, new, since)
    return (f"签名密钥 {data / keyfiles.KEY_FILE}（密钥 {old}）已经在 {since} 被新密钥 {new} "
            f"换掉了（公开的链头记录里是这样），不能再用它签链头：链头没有签名，也没有发布。"
            f"这通常是恢复了换密钥之前做的备份。请恢复一个 {since} 之后做的备份（它有新密钥）："
            f"steward restore 那个备份 --data {data}。没有任何备份有新密钥时，按 README 的"
            f"“If the key is lost”：停掉机器人，把 {data}/heads.jsonl 和 "
            f"{data}/keys/signing.key 都移开保存，下次发布会生成新密钥，然后公告新的公钥和原因。"
            f" / The signing key {data / keyfiles.KEY_FILE} (key {old}) was replaced by key "
            f"{new} at {since} (so says the public's head log): it signs no more heads. No "
            f"head was signed or published. This usually means a backup from before the key "
            f"rotation was restored. Restore a backup made after {since} (it holds the new "
            f"key): `steward restore THAT_BACKUP --data {data}`. If no backup holds the new "
            f"key, see the README's 'If the key is lost': stop the bot, move "
            f"{data}/heads.jsonl and {data}/keys/signing.key aside (keep them); the next "
            f"publish makes a new key; announce the new public key and why.")


def _other_text(data: Path, old: str, new: str, since: str) -> str:
    """What to do, in Chinese and English, when the key file holds a key the public's head
    log never named (it names ``new``, in force since ``since``): signing with it would
    start a history of its own beside the one the public saw (a key swapped to sign a
    rewritten ledger looks just so)."""
    return (f"签名密钥 {data / keyfiles.KEY_FILE}（密钥 {old}）不是公开的链头记录里的密钥："
            f"公众看到的是 {since} 起使用的密钥 {new}，从没有 {old}。不能用它签链头：链头没有"
            f"签名，也没有发布。请恢复一个有密钥 {new} 的备份：steward restore 那个备份 "
            f"--data {data}。没有任何备份有它时，按 README 的“If the key is lost”：停掉机器人，"
            f"把 {data}/heads.jsonl 和 {data}/keys/signing.key 都移开保存，下次发布会生成新"
            f"密钥，然后公告新的公钥和原因。 / The signing key {data / keyfiles.KEY_FILE} (key "
            f"{old}) is not the public's: the public's head log names key {new}, in force "
            f"since {since}, and never {old}. It signs no heads: no head was signed or "
            f"published. Restore a backup holding key {new}: `steward restore THAT_BACKUP "
            f"--data {data}`. If no backup holds it, see the README's 'If the key is lost': "
            f"stop the bot, move {data}/heads.jsonl and {data}/keys/signing.key aside (keep "
            f"them); the next publish makes a new key; announce the new public key and why.")
