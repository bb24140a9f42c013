"""Deleting the photos and voice notes nothing refers to any more (PIPL art. 6 and
19: personal data kept no longer than its purpose needs).

A photo is stored as soon as it arrives (``MediaStore.save_photo``), while its flow's
draft, which names it, lives in the bot's saved state (``bot/state``: ``user_data``,
with its kept and held drafts). A draft cancelled, discarded (放弃) or ended idle
(its draft emptied, ``bot.app._tell_timed_out``) leaves the file behind: a picture
of someone's home or receipt that nothing names. ``sweep`` deletes such files.

Losing a photo something names would be far worse than keeping one too long, so a
file goes only when all of these hold:

* no document of the store names it: every table of every partition is read, as it
  stands now (entries with their history, ledger lines, people, the bot's saved
  state with every draft, kept draft and held draft, and whatever a later table
  holds), in text, and any 64-hex-digit word in it keeps the file of that hash, in
  whatever field or form it is written. The bot's state is read first: a submitted
  draft's entry is committed before the draft is cleared, so one of the two is seen;
  the tables are listed again after reading, and any new one read too;
* nor does ``keep`` (the bot passes the text of its ``user_data`` and ``chat_data``
  in memory, which may be a step ahead of what is saved);
* it was last written more than ``GRACE_SECONDS`` ago (two days). A draft lives
  minutes (15 idle, two hours a step for a meeting's minutes; kept or held, as long
  again); the grace also covers the moment between a photo being stored and its
  step being saved, a step whose save failed and is tried again (a full disk), and
  clocks a little apart. A photo stored again (the same picture sent again) is
  touched (``MediaStore._write``), so its grace starts again before any draft
  names it; the file is looked at again under the media store's write lock just
  before it is deleted, so a photo stored meanwhile is never deleted.

Media files are not in the manifest (``db.manifest``): deleting one leaves the
folder verifying as before. A file is deleted with its thumbnail first, then the
photo (a crash between leaves the photo, deleted by the next sweep, and a photo
without its thumbnail is shown by itself); the folders are fsynced once done. A
file that vanished meanwhile is skipped. Anything that goes wrong while the
references are read deletes nothing.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, NamedTuple

from .journal import JOURNAL_NAME, Journal, old_journals
from .locks import checkpoint_lock
from .media import MediaStore

__all__ = ["GRACE_SECONDS", "Swept", "sweep", "referenced", "hashes_in"]

# Two days: far beyond any draft's life (see above), and short enough that a
# photo left in an abandoned draft is gone within days.
GRACE_SECONDS = 2 * 24 * 3600

_HASH = re.compile(r"[0-9a-fA-F]{64}")


class Swept(NamedTuple):
    """What one sweep deleted: photos and voice notes (thumbnails counted in the
    bytes, not the files)."""

    files: int
    bytes: int


def hashes_in(value: Any) -> set[str]:
    """Every 64-hex-digit word in ``value`` written as JSON (lowercase)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    return {m.lower() for m in _HASH.findall(text)}


def _tables(root: Path) -> dict[str, set[str]]:
    """The tables of every partition, from the partition files and the journals
    (a table made since the last checkpoint), read under the checkpoint lock so
    that a checkpoint does not move a table from one to the other meanwhile."""
    found: dict[str, set[str]] = {}
    with checkpoint_lock(root):
        for path in root.rglob("*.json"):
            rel = path.relative_to(root)
            if rel.parts[0] in ("media", "keys") or rel.parts[0].startswith(".") or \
                    len(rel.parts) == 1 and rel.name in ("manifest.json", "meta.json"):
                continue
            try:
                data = json.loads(path.read_bytes().decode("utf-8"))
            except FileNotFoundError:
                continue
            if isinstance(data, dict):
                found.setdefault(rel.with_suffix("").as_posix(), set()).update(
                    k for k, v in data.items() if isinstance(v, dict))
        journals = [p for _, p in old_journals(root)] + [root / JOURNAL_NAME]
        for path in journals:
            if not path.exists():
                continue
            for record in Journal(root, path).read(truncate=False):
                for partition, table, *_ in record.get("ops") or []:
                    found.setdefault(str(partition), set()).add(str(table))
    return found


def referenced(store: Any) -> set[str]:
    """The hashes every document of ``store`` (a ``db.store.Store``) names."""
    root = Path(store.root)
    hashes: set[str] = set()
    read: set[tuple[str, str]] = set()
    while True:
        known = set(store.partitions())
        tables = {(p, t) for p, names in _tables(root).items() if p in known
                  for t in names} - read
        if not tables:
            return hashes
        # The bot's state first: a draft's entry is committed before the draft goes.
        for partition, table in sorted(tables, key=lambda pt: (not pt[0].startswith("bot/"),
                                                               pt)):
            for doc in store.peek(partition, table, None):
                hashes |= hashes_in(doc)
            read.add((partition, table))


def sweep(store: Any, keep: set[str] | None = None, *, grace: float = GRACE_SECONDS,
          now: float | None = None) -> Swept:
    """Delete the media files of ``store``'s folder that nothing names and that were
    last written more than ``grace`` seconds before ``now``; ``keep``: hashes named
    elsewhere (the bot's memory)."""
    media = MediaStore(store.root)
    before = (time.time() if now is None else now) - grace
    stale = media.stale(before)
    if not stale:
        return Swept(0, 0)
    named = referenced(store) | (keep or set())
    files = size = 0
    for name in sorted(stale):
        if name.split(".", 1)[0] in named:
            continue
        removed = media.remove_stale(name, before)
        if removed is not None:
            files += removed[0]
            size += removed[1]
    media.sync()
    return Swept(files, size)
