"""The head log a restore keeps when the backup's ledger parts from the published one
(``db.found_lines``).

The backup's head log (``db.heads``) holds heads signed on lines the restore does not
keep (the backup's real line 80 where the public last saw a lost line 80): the bot would
refuse to start on it, and rightly. The folder replaced holds the log the public saw
last, signed on the lines kept as published. So the restore keeps that log, up to its
first head the restored ledgers do not hold (a line published since the backup, marked
lost now): a record taken off the end, as when any older backup is restored, never one
rewritten. When that log cannot serve (unreadable, or signed with another key than the
backup's key file), the backup's own log is cut the same way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import keys as keyfiles
from .heads import HEAD_LOG, HeadLog
from .storage import dumps_canonical, fsync_dir
from .witness import check_log

__all__ = ["keep_heads"]


def _held(records: Sequence[dict[str, Any]],
          ledgers: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
    """How many of ``records`` come before the first head the ledgers do not hold."""
    for n, record in enumerate(records):
        if record.get("type") != "head":
            continue
        lines = ledgers.get(str(record.get("area")), ())
        seq = record.get("seq")
        if not isinstance(seq, int) or not 1 <= seq <= len(lines) or \
                lines[seq - 1].get("hash") != record.get("head"):
            return n
    return len(records)


def _sound(records: Sequence[dict[str, Any]], key: str | None) -> bool:
    """A log that checks out, signed last with the key ``key`` (the folder's)."""
    checker = check_log(records)
    return not checker.problems and (key is None or checker.key in (None, key))


def keep_heads(root: Path, replaced: Sequence[dict[str, Any]]) -> tuple[str, int]:
    """Write the head log of ``root`` (a restore's, staged, its ledgers final): the
    ``replaced`` folder's, or else its own, up to the first head its ledgers do not
    hold. Which was kept ("published" or "backup") and how many of its records were
    left off its end."""
    from .repository import Repository

    repo = Repository.open(root, readonly=True)
    try:
        ledgers = {a.id: repo.ledger(a.id) for a in repo.street.areas}
    finally:
        repo.close()
    key = keyfiles.load(root)
    mine = keyfiles.public_hex(key) if key is not None else None
    own = HeadLog(root).read()
    for records in (list(replaced), own):
        kept = records[:_held(records, ledgers)]
        if records and _sound(kept, mine):
            break
    else:
        records, kept = own, own[:_held(own, ledgers)]
    if kept != own:
        _write(root / HEAD_LOG, kept)
    return ("published" if records is not own else "backup"), len(records) - len(kept)


def _write(path: Path, records: Sequence[dict[str, Any]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(dumps_canonical(r) + "\n" for r in records))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
