"""The head log a restore keeps: the one the public saw last, never one cut.

The head log (``db.heads``) is a chain of signed records that the site publishes whole
(``downloads/heads.json``) and witnesses save: a record the public saw must stay, or a
witness's saved log no longer starts today's, and the next head signed takes the number
of the one dropped (two different record #8, as two different line 80 before
``db.lost_lines``). A restore of an older backup brings back the backup's own log, which
ends before the heads signed since; before, those records were simply gone.

Now a restore keeps the log of the folder it replaces (the one the public saw last),
whole, when it is sound and signed last with the restored folder's key; a head in it
that the restored ledgers do not hold signed lines published since the backup, which
the restore marks lost (``db.lost_lines``; or, restoring a newer backup over published
lost lines, a line entered again between the restores: ``db.found_lines``). For those
heads the restore appends one signed record of type ``restore`` (``witness.RESTORE``):
when, of which backup, and the numbers of the head records it supersedes. Every check
(``witness.check_heads``, the bot's start, the site's in-browser check) then holds a
superseded head's line to read 恢复备份时遗失, and the next head signed follows on.

When that log cannot serve (unreadable, another key, a superseded head whose line is
not a lost line), the backup's own log is used the same way, and as a last resort cut
before its first head the ledgers do not hold (said by ``steward restore``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import keys as keyfiles
from .heads import HEAD_LOG, HeadLog
from .heads_cut import remember
from .storage import dumps_canonical, fsync_dir
from .witness import RESTORE, check_log, key_id, superseded

__all__ = ["keep_heads", "extends", "KeptHeads", "KeyInUse", "key_in_use", "retire_restored"]


def _held(records: Sequence[dict[str, Any]],
          ledgers: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
    """How many of ``records`` come before the first head the ledgers do not hold (a
    head a restore record supersedes aside)."""
    first = {id(r) for r in _not_held(records, ledgers)}
    return next((n for n, r in enumerate(records) if id(r) in first), len(records))


def _sound(records: Sequence[dict[str, Any]], key: str | None) -> bool:
    """A log that checks out, signed last with the key ``key`` (the folder's)."""
    checker = check_log(records)
    return not checker.problems and (key is None or checker.key in (None, key))


class KeptHeads(NamedTuple):
    """Which head log a restore kept ("published", "backup"; "" when the backup's was
    left as it was), how many records were cut off its end (the last resort), and the
    head records a restore record now supersedes."""

    log: str = ""
    cut: int = 0
    superseded: tuple[int, ...] = ()
    # the signing key in force in the log kept was the folder replaced's (changed since
    # the backup), and is the restored folder's now
    key_kept: bool = False
    # records of the log replaced (the public's) not in the log kept: signed with a key
    # the restore does not hold (changed since the backup, the folder replaced lost)
    unkept: int = 0


def _not_held(records: Sequence[dict[str, Any]],
              ledgers: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The head records the ledgers do not hold, but those a restore record already
    supersedes (their lines lost in an earlier restore)."""
    gone = superseded(records)
    out = []
    for record in records:
        if record.get("type") != "head" or record.get("n") in gone:
            continue
        lines = ledgers.get(str(record.get("area")), ())
        seq = record.get("seq")
        if not isinstance(seq, int) or not 1 <= seq <= len(lines) or \
                lines[seq - 1].get("hash") != record.get("head"):
            out.append(record)
    return out


def _lost_at(record: Mapping[str, Any],
             ledgers: Mapping[str, Sequence[Mapping[str, Any]]]) -> bool:
    """Whether the line a head record signed now reads 恢复备份时遗失."""
    lines = ledgers.get(str(record.get("area")), ())
    seq = record.get("seq")
    return isinstance(seq, int) and 1 <= seq <= len(lines) and \
        lines[seq - 1].get("kind") == "lost"


def keep_heads(root: Path, replaced: Sequence[dict[str, Any]], *, at: str,
               backup: str, replaced_key: Ed25519PrivateKey | None = None) -> KeptHeads:
    """Write the head log of ``root`` (a restore's, staged, its ledgers final, made at
    ``at`` of the backup made at ``backup``): the ``replaced`` folder's whole, or else
    its own, with a signed restore record superseding its heads on lines now lost; as a
    last resort its own cut before the first head its ledgers do not hold. The replaced
    log signed last with ``replaced_key`` (the folder replaced's, the key changed since
    the backup) is kept with that key, which becomes the restored folder's."""
    from .repository import Repository

    repo = Repository.open(root, readonly=True)
    try:
        ledgers = {a.id: repo.ledger(a.id) for a in repo.street.areas}
    finally:
        repo.close()
    key = keyfiles.load(root)
    own = HeadLog(root).read()
    for which, records in (("published", list(replaced)), ("backup", own)):
        signer = key
        if which == "published" and replaced_key is not None and \
                not _sound(records, _hex(key)) and _sound(records, _hex(replaced_key)):
            signer = replaced_key  # the key in force the public knows, changed since
        if not records or not _sound(records, _hex(signer)):
            continue
        gone = _not_held(records, ledgers)
        if gone and (signer is None or not all(_lost_at(r, ledgers) for r in gone)):
            continue
        unkept = _unkept(replaced, records)
        if records == own and not gone:
            return KeptHeads(unkept=unkept)
        if signer is not key and signer is not None:
            keyfiles.write_private(root, signer, keyfiles.KEY_FILE)
        _write(root / HEAD_LOG, records)
        if gone:
            assert signer is not None
            HeadLog(root).append([{"type": RESTORE, "at": at, "backup": backup,
                                   "superseded": [int(r["n"]) for r in gone]}], signer)
        return KeptHeads(which, 0, tuple(int(r["n"]) for r in gone), signer is not key,
                         unkept)
    for records in (list(replaced), own):  # the last resort: a log cut
        kept = records[:_held(records, ledgers)]
        if records and _sound(kept, _hex(key)):
            break
    else:
        records, kept = own, own[:_held(own, ledgers)]
    if kept != own:
        _write(root / HEAD_LOG, kept)
    return KeptHeads("published" if records is not own else "backup",
                     len(records) - len(kept), unkept=_unkept(replaced, kept))


def extends(longer: Sequence[dict[str, Any]], shorter: Sequence[dict[str, Any]]) -> bool:
    """Whether ``longer`` holds every record of ``shorter`` at its place, and more: the
    folder replaced lost the end of its log (cut by hand, ``db.heads_cut``) that a
    backup made after it was signed, or the published site, still holds."""
    return len(longer) > len(shorter) and list(longer[:len(shorter)]) == list(shorter)


def _hex(key: Ed25519PrivateKey | None) -> str | None:
    return keyfiles.public_hex(key) if key is not None else None


def _unkept(replaced: Sequence[dict[str, Any]], kept: Sequence[dict[str, Any]]) -> int:
    """How many records of ``replaced`` are not at their place in ``kept``."""
    same = 0
    for old, new in zip(replaced, kept, strict=False):
        if old != new:
            break
        same += 1
    return len(replaced) - same


def _write(path: Path, records: Sequence[dict[str, Any]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(dumps_canonical(r) + "\n" for r in records))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
    remember(path.parent, list(records))  # the log as written is the one to hold


class KeyInUse(NamedTuple):
    """The key a restored folder signs heads with (its id, since when its head log says
    it is in force), and, when the public's head log (the folder replaced's, or the
    site's) names another key last, that one (a key changed since the backup, which
    the restore does not hold): ``retired`` when the restored key is one it replaced."""

    id: str = ""
    since: str = ""
    public_id: str = ""
    public_since: str = ""
    retired: bool = False


def key_in_use(root: Path, published: Sequence[dict[str, Any]]) -> KeyInUse:
    """The signing key of the restored folder ``root``, beside the last key of the
    ``published`` head log (empty: none known, a new folder restored without the site).
    An older backup brought back the key of its day silently: after a rotation since,
    the retired one."""
    key = keyfiles.load(root)
    if key is None:
        return KeyInUse()
    mine = keyfiles.public_hex(key)
    since = next((str(k.get("at") or "") for k in reversed(check_log(HeadLog(root).read()).keys)
                  if k.get("public_key") == mine), "")
    public = check_log(list(published)).keys if published else []
    if not public or public[-1].get("public_key") == mine:
        return KeyInUse(key_id(mine), since)
    return KeyInUse(key_id(mine), since, str(public[-1]["id"]), str(public[-1].get("at") or ""),
                    any(k.get("public_key") == mine for k in public[:-1]))


def retire_restored(root: Path, published: Sequence[dict[str, Any]]) -> None:
    """Note in the restored folder ``root`` that its key is one the ``published`` log
    shows replaced, or never names while it names another in force (``db.key_retired``):
    the signer then refuses it. Before, a key the public never saw was only warned
    about, and signed on: a key swapped in a backup to sign a rewritten ledger."""
    from .key_retired import mark_retired, replaced_by

    key = keyfiles.load(root)
    if key is None:
        return
    mine = keyfiles.public_hex(key)
    newer = replaced_by(mine, published)
    if newer is not None:
        mark_retired(root, mine, newer)
        return
    public = check_log(list(published)).keys if published else []
    if public and public[-1].get("public_key") != mine:
        mark_retired(root, mine, {"id": str(public[-1].get("id") or ""),
                                  "at": str(public[-1].get("at") or "")}, other=True)
