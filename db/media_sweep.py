"""Deleting the photos and voice notes nothing refers to any more (PIPL art. 6 and
19: personal data kept no longer than its purpose needs).

A photo is stored as soon as it arrives (``MediaStore.save_photo``), while its flow's
draft, which names it, lives in the bot's saved state (``bot/state``: ``user_data``,
with its kept and held drafts). A draft cancelled, discarded (放弃) or ended idle
(its draft emptied, ``bot.app._tell_timed_out``) leaves the file behind: a picture
of someone's home or receipt that nothing names. ``sweep`` deletes such files.

Losing a photo something names would be far worse than keeping one too long, so a
file goes only when all of these hold:

* no document of the store names it: every document of every partition, as it
  stands now (the partition files with the journals' later versions laid over
  them), is read as text (entries with their history, ledger lines, people, the
  bot's saved state with every draft, kept draft and held draft, and whatever a
  later table holds), and any 64-hex-digit word in it keeps the file of that hash, in
  whatever field or form it is written. The files are read under the checkpoint
  lock: partition files change only at a checkpoint, which waits, and a document
  written meanwhile (to the journal) either names a photo something named already
  when the reading began (a submitted draft's entry: the draft named it) or is a
  photo stored since, within its grace. Read as files, not through the store: on a
  50-area street of five years, 502 partition files, about 2 s of CPU, where reading
  them through the store took 16 s and held its lock, which every read and write of
  the bot waits for, up to 110 ms at a time;
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

_HASH = re.compile(rb"[0-9a-fA-F]{64}")


class Swept(NamedTuple):
    """What one sweep deleted: photos and voice notes (thumbnails counted in the
    bytes, not the files)."""

    files: int
    bytes: int


def hashes_in(value: Any) -> set[str]:
    """Every 64-hex-digit word in ``value`` written as JSON (lowercase)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    return _hashes_in_bytes(text.encode())


# A text is searched this many bytes at a time: a search of a whole partition of
# megabytes would hold the interpreter from the bot's event loop for tens of ms.
_CHUNK = 1 << 20


def _hashes_in_bytes(data: bytes) -> set[str]:
    """Every 64-hex-digit word in ``data`` (JSON text in UTF-8: its hex digits are ASCII,
    never part of a multi-byte character), a chunk at a time."""
    found: set[str] = set()
    for start in range(0, len(data), _CHUNK):  # chunks overlap by a hash less a digit
        found.update(m.decode().lower() for m in
                     _HASH.findall(data, start, min(len(data), start + _CHUNK + 63)))
    return found


def referenced(store: Any) -> set[str]:
    """The hashes the documents of ``store``'s folder (a ``db.store.Store``) name as
    they stand now: the partition files with the journals' later versions of their
    documents laid over them. Read as files, not through the store, whose lock every
    read and write of the bot waits for; under the checkpoint lock, so that a
    checkpoint does not move a document from a journal into a file meanwhile (it
    waits; writes go on, to the journal). A file no journal record changes is only
    searched, not parsed."""
    root = Path(store.root)
    hashes: set[str] = set()
    with checkpoint_lock(root):
        latest: dict[str, dict[tuple[str, str], Any]] = {}  # partition -> its changes
        for path in [p for _, p in old_journals(root)] + [root / JOURNAL_NAME]:
            if path.exists():
                for record in Journal(root, path).read(truncate=False):
                    for partition, table, doc_id, doc in record.get("ops") or []:
                        latest.setdefault(str(partition), {})[str(table), str(doc_id)] = doc
        for path in sorted(root.rglob("*.json")):
            rel = path.relative_to(root)
            if rel.parts[0] in ("media", "keys") or rel.parts[0].startswith("."):
                continue
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            changed = latest.get(rel.with_suffix("").as_posix())
            if not changed:
                hashes |= _hashes_in_bytes(data)
                continue
            tables = json.loads(data)  # without what the journal changed since
            for table, key in changed:
                docs = tables.get(table) if isinstance(tables, dict) else None
                if isinstance(docs, dict):
                    docs.pop(key, None)
            hashes |= hashes_in(tables)
        for changed in latest.values():  # the journal's documents, as they are now
            hashes |= hashes_in([doc for doc in changed.values() if doc is not None])
    return hashes


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
