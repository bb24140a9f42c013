"""A head log cut at its end is found here, not only by a witness who saved heads.

Each time records are appended to the head log (``db.heads``) or a restore writes it,
how many it then holds and the hash of the last is kept beside it (``heads.seen``);
the bot's start check also remembers the last record it verified (``db.startcheck``).
A log that is there but holds fewer records, or not that record at that place, lost
its end: every check (``steward verify``, the bot's start, a build or the publisher
before it signs) refuses it, rather than starting the log over or signing a new
record in the place of the one cut.

A log moved aside whole (README, "If the key is lost": ``heads.jsonl`` and
``keys/signing.key`` moved aside) is no cut: the next publish starts a new log, and
the next append remembers it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import IntegrityError
from .storage import atomic_write_bytes, dumps_canonical
from .witness import GENESIS, key_id, record_hash

__all__ = ["SEEN_FILE", "remember", "cut_problem", "refuse_cut", "seen", "records_lost"]

SEEN_FILE = "heads.seen"
HEAD_LOG = "heads.jsonl"  # db.heads.HEAD_LOG (imported from here would be a cycle)


def remember(root: str | Path, records: list[dict[str, Any]]) -> None:
    """Keep how many records the log holds now, the hashes of its first and last, and
    the id of the key in force (its last key record's)."""
    public = next((str(r.get("public_key")) for r in reversed(records)
                   if r.get("type") == "key"), "")
    doc = {"count": len(records), "prev": record_hash(records[-1]) if records else GENESIS,
           "first": record_hash(records[0]) if records else GENESIS,
           "signer": key_id(public) if public else ""}
    atomic_write_bytes(Path(root) / SEEN_FILE, (dumps_canonical(doc) + "\n").encode())


def seen(root: str | Path) -> dict[str, Any] | None:
    """What ``heads.seen`` of ``root`` remembers (None: nothing kept, or unreadable)."""
    return _seen(Path(root))


def _seen(root: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads((root / SEEN_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None  # none kept (a folder from before), or unreadable: nothing to hold
    return doc if isinstance(doc, dict) else None


def _count(known: Any) -> int:
    count = known.get("count") if isinstance(known, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def _same_log(records: list[dict[str, Any]], known: dict[str, Any]) -> bool:
    """Whether ``records`` are the log ``known`` was taken of, not one begun anew after
    the old was moved aside with its key (its first record another, announcing a key
    that log never had). An emptied file is the same log, cut."""
    if not records:
        return True
    if isinstance(known.get("first"), str):
        return record_hash(records[0]) == known["first"]
    keys = known.get("keys")
    if isinstance(keys, list):
        return records[0].get("public_key") in {k.get("public_key") for k in keys
                                                if isinstance(k, dict)}
    return True


def _key_kept(root: Path, known: list[Any]) -> bool:
    """The log is gone, but the key that signed it is still in its place."""
    from . import keys as keyfiles

    try:
        key = keyfiles.load(root)
    except Exception:  # noqa: BLE001 - unreadable: the signer says so itself
        return False
    if key is None:
        return False
    public = keyfiles.public_hex(key)
    for memory in known:
        if not isinstance(memory, dict) or _count(memory) < 1:
            continue
        if memory.get("signer") == key_id(public) or public in {
                k.get("public_key") for k in memory.get("keys") or [] if isinstance(k, dict)}:
            return True
    return False


def records_lost(records: list[dict[str, Any]], known: list[Any]
                 ) -> tuple[int, int] | None:
    """(how many records a memory in ``known`` saw, how many ``records`` holds) when
    ``records`` lost some of those it saw at their end, or holds another record in the
    place of the last it saw (then both numbers are that count); None when it lost
    none, or is another log begun anew (``_same_log``)."""
    for memory in known:
        count = _count(memory)
        if count < 1 or not _same_log(records, memory):
            continue
        if count > len(records):
            return count, len(records)
        if record_hash(records[count - 1]) != memory.get("prev"):
            return count, count
    return None


def cut_problem(root: str | Path, records: list[dict[str, Any]],
                mark: Any = None) -> tuple[str, str] | None:
    """(Chinese, English) when the log of ``root`` lost records at its end that were
    signed (``heads.seen``) or that the start check verified (``mark``: ``{"count",
    "prev", "keys"}``), or is gone while the key that signed them stays; None
    otherwise, or when the log was moved aside with its key (README)."""
    root = Path(root)
    path = root / HEAD_LOG
    known = [_seen(root), mark]
    if not path.exists():
        if not _key_kept(root, known):
            return None  # moved aside whole: a new log starts (README, "If the key is lost")
        zh_found = f"文件不见了，但给它签名的密钥 {root}/keys/signing.key 还在"
        en_found = f"it is gone, but the key that signed it ({root}/keys/signing.key) is not"
    else:
        lost = records_lost(records, known)
        if lost is None:
            return None
        count, held = lost
        if count > held:
            zh_found = f"它曾有 {count} 条记录，现在只有 {held} 条"
            en_found = f"it held {count} records, now only {held}"
        else:
            zh_found = f"第 {count} 条记录不是当时签名的那一条"
            en_found = f"record #{count} is not the one signed then"
    return (f"链头记录 {path} 被截短了：{zh_found}（签过名的记录被删掉了）。没有签名，"
            f"也没有发布任何东西。请从备份取回：steward restore 备份文件 --data {root}"
            f"（机器没了时恢复到新目录，加 --from-site 公开网站地址，保留公众看到过的链头）。"
            f"按 README 的“If the key is lost”重新开始时，要把 heads.jsonl 和 "
            f"keys/signing.key 一起移开。",
            f"The head log {path} was cut: {en_found} (signed records were removed). "
            f"Nothing was signed or published. Bring it back from a backup: `steward "
            f"restore BACKUP --data {root}` (into a new folder, with --from-site SITE, to "
            f"keep the heads the public saw). To start anew as the README's 'If the key "
            f"is lost' says, move heads.jsonl and keys/signing.key aside together.")


def refuse_cut(root: str | Path, records: list[dict[str, Any]], mark: Any = None) -> None:
    """``cut_problem`` as an IntegrityError (code ``head_log_cut``), in both languages."""
    found = cut_problem(root, records, mark)
    if found is not None:
        raise IntegrityError(f"{found[0]} / {found[1]}", code="head_log_cut",
                             path=str(Path(root) / HEAD_LOG))
