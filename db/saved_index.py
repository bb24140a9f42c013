"""The repository's indexes saved beside the partitions (``indexes.dat``), so that
opening a data folder reads them back instead of reading every partition of
every year to build them again.

Written at each checkpoint (``WritePath.checkpoint``) like a partition file:
atomically, through ``db.fsio``, and listed with its sha256 in the manifest,
inside the manifest's old-or-new step. It says which version (sha256) of each
area's partition files it was made from; it is used only if the manifest
lists exactly those versions now and its own checksum matches, and the
journal's records since are then applied to it (``Core``). Otherwise (a data
folder from before it, a checkpoint cut short, a file damaged or edited) the
indexes are built from the partitions as before, with a log line, and the
next checkpoint writes the file again: it is never trusted silently, and
losing it loses nothing.

A read-only snapshot (the site builder) holds the file open at opening and
restores it, with the journal's records since, only when it first uses one of
these indexes (``Core.restore_put_off``): a warm whole build never does.

It also keeps what the start-up check found sound (``verified``: each ledger
block checked, by the version of its file; see ``db.startcheck``).

The file is JSON lines (``format`` 3), one section a line (each read and made
by a call of its own; a long base64 text on a line of its own, after a ``=``):
the entry table's columns in base64 (``db.entry_table``),
the lists of ids by area and kind, by author and by the household a report was
recorded for (/proxy; since format 3: a file of format 2 is not used, the
indexes are built again once), the fee entries by payer and
each booked fee's line and amount, the counted votes (as columns), and each
area's ledger head, month totals, opening balance and highest line referred to.
"""

from __future__ import annotations

import io
import json
import sys
from array import array
from collections.abc import Callable
from typing import Any

from .deferred import defer
from .entry_table import EntryTable, pack_ids, unpack_ids
from .indexes import EntryIndex, UndoLog, VoteIndex
from .manifest import INDEX_NAME, summarised
from .money_index import FeeIndex, LedgerIndex
from .partitions import MISSING

__all__ = ["INDEX_NAME", "FORMAT", "Saver", "Shadow", "capture", "reindex", "restore",
           "summarised"]

FORMAT = 3


class Shadow:
    """The indexes as the documents of the last checkpoint make them, kept by the
    writer beside its own: the saved file is made from these, brought up to date
    at each checkpoint from the documents it writes (``advance``), so that it is
    always what a build from the partition files would give, whatever a write did
    to the repository's live indexes."""

    def __init__(self) -> None:
        undo = UndoLog()
        self.entries = EntryIndex(undo)
        self.ledger = LedgerIndex(undo)
        self.fees = FeeIndex(undo)
        self.votes = VoteIndex(undo)
        self.sound = True  # False: a change it cannot follow; nothing is saved

    @classmethod
    def copy_of(cls, core: Any) -> Shadow:
        shadow = cls()
        ix = core.entries
        shadow.entries.meta = EntryTable.load(ix.meta.dump())
        shadow.entries.by_area = {a: {k: array("q", ids) for k, ids in kinds.items()}
                                  for a, kinds in ix.by_area.items()}
        shadow.entries.by_author = {a: array("q", ids) for a, ids in ix.by_author.items()}
        shadow.entries.by_household = {h: array("q", ids)
                                       for h, ids in ix.by_household.items()}
        shadow.entries.ids = dict(ix.ids)
        shadow.fees.by_payer = {k: list(v) for k, v in core.fees.by_payer.items()}
        shadow.fees.booked = dict(core.fees.booked)
        shadow.votes.counted = {k: dict(v) for k, v in core.votes.counted.items()}
        shadow.ledger.head = dict(core.ledger.head)
        shadow.ledger.months = {a: dict(m) for a, m in core.ledger.months.items()}
        shadow.ledger.referenced = dict(core.ledger.referenced)
        shadow.ledger.carried = dict(core.ledger.carried)
        return shadow

    def advance(self, changed: dict[tuple[str, str, str], Any],
                snapshot: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Follow the documents ``changed`` since the last checkpoint to what this
        checkpoint's ``snapshot`` holds (outside the store's lock)."""
        if not self.sound:
            return

        def new(part: str, table: str, key: str) -> Any:
            if part not in snapshot:
                return MISSING  # not dirty: the write was undone, nothing changed
            return snapshot[part].get(table, {}).get(key)

        self.sound = reindex(self, changed, new)


class Saver:
    """What a checkpoint calls (``WritePath.index_capture``, under the store's lock)
    with the documents changed since the last one and its snapshot: the function
    that makes the new file (outside the lock). It starts from the file the last
    checkpoint saved, read again then (so that the writer does not keep a second
    copy of its indexes in memory between checkpoints), or from ``shadow`` (the
    indexes just built, when there was no file to use)."""

    def __init__(self, store: Any, marks: Callable[[], dict[str, Any]],
                 shadow: Shadow | None) -> None:
        self.store = store
        self.marks = marks
        self.shadow = shadow

    def __call__(self, changed: dict[tuple[str, str, str], Any],
                 snapshot: dict[str, Any]) -> Callable[[dict[str, str]], list[bytes] | None]:
        marks = self.marks()

        def make(versions: dict[str, str]) -> list[bytes] | None:
            shadow, self.shadow = self.shadow, None
            if shadow is None:
                saved = self.store.saved_index()
                shadow = Shadow()
                if saved is None or restore(shadow, list(saved)) is None:
                    return None  # nothing to start from: built again at the next opening
            shadow.advance(changed, snapshot)
            if not shadow.sound:
                return None
            return capture(shadow, marks)(versions)

        return make


def reindex(ix: Any, changed: dict[tuple[str, str, str], Any],
            new_of: Callable[[str, str, str], Any]) -> bool:
    """Bring the indexes ``ix`` (``entries``, ``ledger``, ``fees``, ``votes``) up to
    date with the documents ``changed`` since they were made: (partition, table,
    id) -> the document before (``MISSING``: none); ``new_of`` gives it now (None:
    gone; ``MISSING``: unchanged). Each entry's old version out and its new one in,
    each new ledger line counted: the cost follows the change. False if that
    cannot be done (a ledger line changed or removed): build them again."""
    for (part, table, key), old in sorted(changed.items(), key=_by_id):
        if not summarised(part):
            continue
        new = new_of(part, table, key)
        if new is MISSING:
            continue
        old_doc = None if old is MISSING else old
        if table == "ledger":
            if old_doc is not None and old_doc == new:
                continue
            if old_doc is not None or new is None:
                return False  # lines are only ever added
            ix.ledger.load(part.split("/")[1], new)
        elif table == "entries":
            if old_doc is not None and old_doc == new:
                continue
            ix.entries.reload(old_doc, new, part)
            if old_doc is not None:
                ix.votes.unload(old_doc)
                ix.fees.unload(old_doc)
            if new is not None:
                ix.votes.load(new)
                ix.fees.load(new)
                ix.ledger.refer(new)
    return True


def _by_id(item: tuple[tuple[str, str, str], Any]) -> tuple[str, str, int]:
    (part, table, key), _old = item
    return (part, table, int(key))


def capture(ix: Any, verified: dict[str, Any]) -> Callable[[dict[str, str]], list[bytes]]:
    """The function that makes the file's bytes from the indexes ``ix`` (a
    ``Shadow``), given the version of each partition they summarise."""

    def make(versions: dict[str, str]) -> list[bytes]:
        entries = ix.entries
        sections: list[tuple[str, Any]] = [
            ("format", FORMAT), ("partitions", versions), ("next_entry", entries.ids["entry"]),
            ("entries", entries.meta.dump()),
            ("by_area", {area: {kind: pack_ids(ids) for kind, ids in kinds.items()}
                         for area, kinds in entries.by_area.items()}),
            ("by_author", _pack_lists({author: ids for author, ids in
                                       entries.by_author.items() if ids})),
            ("by_household", {home: pack_ids(ids) for home, ids in
                              entries.by_household.items() if ids}),
            ("fees", _pack_fees(ix.fees.by_payer)),
            ("booked", pack_ids(array("q", (x for pair in ix.fees.booked.items()
                                             for x in pair)))),
            ("votes", _pack_votes(ix.votes.counted)),
            ("ledger", {"head": {a: list(h) for a, h in ix.ledger.head.items()},
                        "months": {a: {m: list(t) for m, t in months.items()}
                                   for a, months in ix.ledger.months.items()},
                        "referenced": dict(ix.ledger.referenced),
                        "carried": dict(ix.ledger.carried)}),
            ("verified", verified)]
        # One line a section, each made by a call of its own, and the long base64
        # texts on lines of their own, outside JSON: no single call holds the
        # interpreter long while the bot answers beside the checkpoint.
        blobs: list[str] = []
        lines = [json.dumps({name: _split(value, blobs)}, ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")).encode("utf-8")
                 for name, value in sections]
        lines += [b"=" + blob.encode("ascii") for blob in blobs]
        return [line + b"\n" for line in lines]  # written one after another

    return make


_BLOB = 4096  # a longer text (base64 of an array) goes on lines of its own
_PIECE = 65536  # characters of base64 a line


def _split(value: Any, blobs: list[str]) -> Any:
    """``value`` with each long text of its dicts replaced by ``{"$blob": n}``, the
    texts put in ``blobs``."""
    if isinstance(value, dict):
        return {k: _split(v, blobs) for k, v in value.items()}
    if isinstance(value, str) and len(value) > _BLOB:
        first = len(blobs)  # in pieces of whole 4-character groups of base64
        blobs.extend(value[i:i + _PIECE] for i in range(0, len(value), _PIECE))
        return {"$blob": [first, len(blobs)]}
    return value


def _join(value: Any, blobs: list[str]) -> Any:
    """What ``_split`` took apart, put back (IndexError: a blob is missing)."""
    if isinstance(value, dict):
        if len(value) == 1 and "$blob" in value:
            first, end = value["$blob"]
            if not 0 <= first <= end <= len(blobs):
                raise IndexError("a blob is missing")
            return blobs[first:end]
        return {k: _join(v, blobs) for k, v in value.items()}
    return value


def _pack_lists(lists: dict[int, Any]) -> dict[str, str]:
    """{int: [ids]} as three arrays: the keys, the lengths, the ids one after another."""
    keys = sorted(lists)
    return {"keys": pack_ids(keys), "counts": pack_ids(len(lists[k]) for k in keys),
            "ids": pack_ids(eid for k in keys for eid in lists[k])}


def _unpack_lists(doc: dict[str, str]) -> dict[int, Any]:
    keys, counts, ids = (unpack_ids(doc[k]) for k in ("keys", "counts", "ids"))
    if len(keys) != len(counts) or sum(counts) != len(ids):
        raise ValueError("lists of ids that do not add up")
    out, at = {}, 0
    for key, n in zip(keys, counts, strict=True):
        out[key] = ids[at:at + n]
        at += n
    return out


def _pack_fees(by_payer: dict[tuple[str, str], list[tuple[int, str, str]]]) -> dict[str, Any]:
    """The fee entries by payer: the payers, with how many each has, and the entries'
    ids, fee types and periods one after another (types and periods as numbers into
    one list of their texts)."""
    texts: dict[str, int] = {}
    payers, ids, types, periods = [], [], [], []
    for (area, who), items in by_payer.items():
        if not items:
            continue
        payers.append([area, who, len(items)])
        for eid, fee_type, period in items:
            ids.append(eid)
            types.append(texts.setdefault(fee_type, len(texts)))
            periods.append(texts.setdefault(period, len(texts)))
    return {"payers": payers, "texts": list(texts), "ids": pack_ids(ids),
            "types": pack_ids(types), "periods": pack_ids(periods)}


def _fee_columns(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The fee entries' columns, decoded and checked (``_fees_from`` makes the index)."""
    texts = [sys.intern(str(t)) for t in doc["texts"]]
    ids, types, periods = (unpack_ids(doc[k]) for k in ("ids", "types", "periods"))
    if not len(ids) == len(types) == len(periods):
        raise ValueError("fee columns of different lengths")
    payers = [(str(area), str(who), int(n)) for area, who, n in doc["payers"]]
    if sum(n for _, _, n in payers) != len(ids) or any(n < 0 for _, _, n in payers):
        raise ValueError("fee entries that do not add up")
    for column in (types, periods):
        if column and not 0 <= min(column) <= max(column) < len(texts):
            raise ValueError("a fee type or period that is not listed")
    return texts, payers, ids, types, periods


def _fees_from(columns: tuple[Any, ...]) -> dict[tuple[str, str], list[tuple[int, str, str]]]:
    texts, payers, ids, types, periods = columns
    pick = texts.__getitem__
    out, at = {}, 0
    for area, who, n in payers:
        out[(sys.intern(area), who)] = list(zip(ids[at:at + n], map(pick, types[at:at + n]),
                                                map(pick, periods[at:at + n]), strict=True))
        at += n
    return out


def _pack_votes(counted: dict[int, dict[str, int]]) -> dict[str, Any]:
    """The counted votes (proposal -> voter -> vote entry) as columns, the voters as
    numbers into one list of their names."""
    names: dict[str, int] = {}
    proposals, counts, voters, ids = [], [], [], []
    for proposal, found in counted.items():
        if not found:
            continue
        proposals.append(proposal)
        counts.append(len(found))
        for voter, eid in found.items():
            voters.append(names.setdefault(voter, len(names)))
            ids.append(eid)
    return {"names": list(names), "proposals": pack_ids(proposals),
            "counts": pack_ids(counts), "voters": pack_ids(voters), "ids": pack_ids(ids)}


def _vote_columns(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The counted votes' columns, decoded and checked (``_votes_from`` makes the index)."""
    names = [sys.intern(str(n)) for n in doc["names"]]
    proposals, counts, voters, ids = (unpack_ids(doc[k]) for k in
                                      ("proposals", "counts", "voters", "ids"))
    if len(proposals) != len(counts) or not sum(counts) == len(voters) == len(ids) or \
            min(counts, default=0) < 0:
        raise ValueError("votes that do not add up")
    if voters and not 0 <= min(voters) <= max(voters) < len(names):
        raise ValueError("a voter that is not listed")
    return names, proposals, counts, voters, ids


def _votes_from(columns: tuple[Any, ...]) -> dict[int, dict[str, int]]:
    names, proposals, counts, voters, ids = columns
    out, at = {}, 0
    pick = names.__getitem__
    for proposal, n in zip(proposals, counts, strict=True):
        out[proposal] = dict(zip(map(pick, voters[at:at + n]), ids[at:at + n], strict=True))
        at += n
    return out


def restore(core: Any, saved: list[Any], *, lazily: bool = False) -> dict[str, Any] | None:
    """Put the saved indexes into ``core`` if they were made from the partition
    versions listed (what the manifest lists now); what the start-up check found
    sound, or None (nothing was changed) if the file does not fit or does not hold
    together. ``saved`` is ``[raw, versions]`` (``Store.saved_index``), emptied here
    so that the file's bytes are let go as soon as they are read. ``lazily``: the
    fee and vote indexes (checked here all the same) are made from their columns
    only when first used (``db.deferred``; a read-only snapshot)."""
    raw, versions = saved
    saved.clear()
    try:
        doc: dict[str, Any] = {}
        blobs: list[str] = []
        for line in io.BytesIO(raw):  # a line at a time: no call copies the whole file
            line = line.rstrip(b"\n")
            if line.startswith(b"="):
                blobs.append(line[1:].decode("ascii"))
            elif line:
                section = json.loads(line.decode("utf-8"))
                if not isinstance(section, dict) or len(section) != 1:
                    return None
                doc.update(section)
        del raw  # read: let go of the file's bytes before its arrays are unpacked
        doc = _join(doc, blobs)
        # Each section is taken out of ``doc`` as it is unpacked, so that its text
        # (base64: 20 MB in all at 50 areas) is let go before the next one's arrays
        # are made: held to the end, it was the bot start's peak of memory.
        del blobs
        if doc.get("format") != FORMAT or doc.get("partitions") != versions:
            return None
        table = EntryTable.load(doc.pop("entries"))
        by_area = {sys.intern(area): {sys.intern(kind): unpack_ids(ids)
                                      for kind, ids in kinds.items()}
                   for area, kinds in doc.pop("by_area").items()}
        by_author = _unpack_lists(doc.pop("by_author"))
        listed = sum(len(ids) for kinds in by_area.values() for ids in kinds.values())
        if listed != len(table):
            return None
        by_household = {sys.intern(home): unpack_ids(ids)
                        for home, ids in doc["by_household"].items()}
        if any(eid not in table for ids in by_household.values() for eid in ids):
            return None
        intern = sys.intern
        fees = _fee_columns(doc.pop("fees"))
        pairs = unpack_ids(doc.pop("booked"))
        if len(pairs) % 2:
            return None
        votes = _vote_columns(doc.pop("votes"))
        ledger = doc["ledger"]
        head = {intern(a): (int(seq), str(h)) for a, (seq, h) in ledger["head"].items()}
        months = {intern(a): {m: (int(i), int(e)) for m, (i, e) in ms.items()}
                  for a, ms in ledger["months"].items()}
        referenced = {intern(a): int(seq) for a, seq in ledger["referenced"].items()}
        # opening balances (db.opening): none in a file saved before there were any
        carried = {intern(a): int(fen) for a, fen in (ledger.get("carried") or {}).items()}
        next_entry = int(doc["next_entry"])
        verified = doc.get("verified") or {}
        if not isinstance(verified, dict):
            return None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    ix = core.entries
    ix.meta, ix.by_area, ix.by_author = table, by_area, by_author
    ix.by_household = by_household
    ix.ids["entry"] = max(next_entry, 1)
    def fee_index() -> dict[str, Any]:
        return {"by_payer": _fees_from(fees),
                "booked": dict(zip(pairs[::2], pairs[1::2], strict=True))}

    def vote_index() -> dict[str, Any]:
        return {"counted": _votes_from(votes)}

    if lazily:
        defer(core.fees, fee_index)
        defer(core.votes, vote_index)
    else:
        for ix, made in ((core.fees, fee_index()), (core.votes, vote_index())):
            for name, value in made.items():
                setattr(ix, name, value)
    core.ledger.head, core.ledger.months, core.ledger.referenced = head, months, referenced
    core.ledger.carried = carried
    return verified
