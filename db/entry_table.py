"""Every entry's (kind, status, author, partition), kept in four arrays indexed by
entry id instead of a dict of tuples: entry ids are dense (1, 2, 3, ...), and a
street of 300,000 entries then takes about 3.5 MB here instead of some 45 MB
(a dict slot, an int key and a 4-tuple per entry).

``EntryTable`` behaves as the mapping ``{entry id: (kind, status, author,
partition)}`` the repository used before (``get``, ``[]``, ``in``, ``len``,
iteration, setting and ``pop`` for ``db.indexes.UndoLog``); the strings it
returns are interned, one object per kind, status and partition name.

It also saves itself as text (``dump``) and reads itself back (``load``) for
the indexes saved at each checkpoint (``db.saved_index``).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import sys
from array import array
from collections.abc import Iterator
from typing import Any

__all__ = ["EntryTable", "EntryMeta", "WAITING", "pack_ids", "unpack_ids", "add_in_order"]

EntryMeta = tuple[str, str, int | None, str]  # kind, status, author, partition

# The status of the entries waiting for a volunteer: a few hundred among a street's
# hundreds of thousands, asked for at every report and approval, so they are kept by
# partition too and found without a pass over an area's whole history (``waiting``).
WAITING = "pending"

_NO_AUTHOR = -1


_CHUNK = 49152  # bytes encoded (or 65536 characters decoded) by one call


def b64_text(data: bytes) -> str:
    """``data`` in base64, made a slice at a time: no single call holds the
    interpreter long (a checkpoint writes these beside the bot)."""
    return "".join(base64.b64encode(data[i:i + _CHUNK]).decode("ascii")
                   for i in range(0, len(data), _CHUNK))


def b64_bytes(text: str | list[str]) -> bytes:
    """What ``b64_text`` made (given whole or in pieces of whole 4-character groups),
    decoded a slice at a time; ValueError if it is not base64."""
    pieces = [text] if isinstance(text, str) else list(text)
    out = []
    for piece in pieces:
        step = 4 * (_CHUNK // 3)
        for i in range(0, len(piece), step):
            try:
                out.append(binascii.a2b_base64(piece[i:i + step].encode("ascii"),
                                               strict_mode=True))
            except (binascii.Error, UnicodeEncodeError) as exc:
                raise ValueError(f"not base64: {exc}") from None
    return b"".join(out)


def pack_ids(ids: Any) -> str:
    """A sequence of entry ids as text (base64 of 64-bit little-endian integers)."""
    items = ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)
    if sys.byteorder != "little":  # pragma: no cover - every machine Steward runs on
        items = array("q", items)
        items.byteswap()
    return b64_text(items.tobytes())


def unpack_ids(text: str | list[str]) -> array:  # type: ignore[type-arg]
    items = array("q")
    items.frombytes(b64_bytes(text))
    if sys.byteorder != "little":  # pragma: no cover
        items.byteswap()
    return items


class _Codes:
    """Small numbers for the few distinct strings of one column (0: none)."""

    __slots__ = ("names", "codes")

    def __init__(self, names: list[str] | None = None) -> None:
        self.names: list[str] = [""] + [sys.intern(n) for n in (names or [])]
        self.codes: dict[str, int] = {n: i for i, n in enumerate(self.names) if i}

    def code(self, name: str) -> int:
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = len(self.names)
            self.names.append(sys.intern(str(name)))
        return found


class EntryTable:
    """``{entry id: (kind, status, author, partition)}`` in arrays (see the module)."""

    def __init__(self) -> None:
        self._kind = array("H")  # 0: no entry with this id
        self._status = array("H")
        self._author = array("q")
        self._part = array("H")
        self._kinds = _Codes()
        self._statuses = _Codes()
        self._parts = _Codes()
        self._count = 0
        self._waiting: dict[int, set[int]] = {}  # partition code -> ids WAITING there

    # -- the mapping ------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    def __contains__(self, eid: object) -> bool:
        return isinstance(eid, int) and 0 <= eid < len(self._kind) and self._kind[eid] != 0

    def __getitem__(self, eid: int) -> EntryMeta:
        if not (0 <= eid < len(self._kind)) or not self._kind[eid]:
            raise KeyError(eid)
        author = self._author[eid]
        return (self._kinds.names[self._kind[eid]], self._statuses.names[self._status[eid]],
                None if author == _NO_AUTHOR else author, self._parts.names[self._part[eid]])

    def get(self, eid: int, default: Any = None) -> Any:
        try:
            return self[eid]
        except (KeyError, TypeError):
            return default

    def __setitem__(self, eid: int, meta: EntryMeta) -> None:
        kind, status, author, partition = meta
        if eid < 0:
            raise KeyError(eid)
        if eid >= len(self._kind):
            grow = max(eid + 1 - len(self._kind), len(self._kind) // 4, 1024)
            self._kind.extend(array("H", bytes(2 * grow)))
            self._status.extend(array("H", bytes(2 * grow)))
            self._author.extend(array("q", [_NO_AUTHOR]) * grow)
            self._part.extend(array("H", bytes(2 * grow)))
        if not self._kind[eid]:
            self._count += 1
        elif self._status[eid] == self._statuses.codes.get(WAITING):
            self._waiting.get(self._part[eid], set()).discard(eid)
        self._kind[eid] = self._kinds.code(kind)
        self._status[eid] = self._statuses.code(status)
        self._author[eid] = _NO_AUTHOR if author is None else int(author)
        self._part[eid] = self._parts.code(partition)
        if status == WAITING:
            self._waiting.setdefault(self._part[eid], set()).add(eid)

    def pop(self, eid: int, default: Any = None) -> Any:
        found = self.get(eid, None)
        if found is None:
            return default
        if self._status[eid] == self._statuses.codes.get(WAITING):
            self._waiting.get(self._part[eid], set()).discard(eid)
        self._kind[eid] = 0
        self._status[eid] = 0
        self._author[eid] = _NO_AUTHOR
        self._part[eid] = 0
        self._count -= 1
        return found

    def __delitem__(self, eid: int) -> None:
        if self.pop(eid, None) is None:
            raise KeyError(eid)

    def __iter__(self) -> Iterator[int]:
        kinds = self._kind
        return (eid for eid in range(len(kinds)) if kinds[eid])

    def keys(self) -> Iterator[int]:
        return iter(self)

    def items(self) -> Iterator[tuple[int, EntryMeta]]:
        return ((eid, self[eid]) for eid in self)

    def values(self) -> Iterator[EntryMeta]:
        return (self[eid] for eid in self)

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def next_id(self) -> int:
        """One more than the highest id held (1 when empty)."""
        kinds = self._kind
        for eid in range(len(kinds) - 1, 0, -1):
            if kinds[eid]:
                return eid + 1
        return 1

    def waiting(self, prefix: str | None = None) -> list[int]:
        """The ids of the entries WAITING, in partitions whose name starts with ``prefix``
        (None: all), in order: without a pass over the entries of those partitions."""
        names = self._parts.names
        return sorted(eid for code, ids in self._waiting.items()
                      if prefix is None or names[code].startswith(prefix) for eid in ids)

    def select(self, candidates: Any, kind: str | None, statuses: set[str] | None,
               author: int | None) -> list[int]:
        """The ids among ``candidates`` (None: every entry) of this kind, one of these
        statuses and this author (each None: any)."""
        kinds, states, authors = self._kind, self._status, self._author
        if candidates is None:
            candidates = range(len(kinds))
        want_kind = self._kinds.codes.get(kind, -1) if kind is not None else None
        want_status = ({self._statuses.codes.get(s, -1) for s in statuses}
                       if statuses is not None else None)
        out = []
        for eid in candidates:
            k = kinds[eid]
            if not k or (want_kind is not None and k != want_kind) or \
                    (want_status is not None and states[eid] not in want_status) or \
                    (author is not None and authors[eid] != author):
                continue
            out.append(eid)
        return out

    # -- saved and read back ----------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """The table as JSON-ready text (arrays in base64)."""
        def b64(items: array) -> str:  # type: ignore[type-arg]
            if sys.byteorder != "little":  # pragma: no cover
                items = array(items.typecode, items)
                items.byteswap()
            return b64_text(items.tobytes())

        return {"kinds": self._kinds.names[1:], "statuses": self._statuses.names[1:],
                "partitions": self._parts.names[1:], "count": self._count,
                "kind": b64(self._kind), "status": b64(self._status),
                "author": b64(self._author), "partition": b64(self._part)}

    @classmethod
    def load(cls, doc: dict[str, Any]) -> EntryTable:
        """Read back what ``dump`` made; ValueError if it does not hold together."""
        table = cls()
        table._kinds = _Codes(list(doc["kinds"]))
        table._statuses = _Codes(list(doc["statuses"]))
        table._parts = _Codes(list(doc["partitions"]))
        columns = []
        for name, code in (("kind", "H"), ("status", "H"), ("author", "q"), ("partition", "H")):
            items = array(code)
            items.frombytes(b64_bytes(doc[name]))
            if sys.byteorder != "little":  # pragma: no cover
                items.byteswap()
            columns.append(items)
        table._kind, table._status, table._author, table._part = columns
        n = len(table._kind)
        if any(len(c) != n for c in columns):
            raise ValueError("columns of different lengths")
        if (_largest(table._kind) >= len(table._kinds.names)
                or _largest(table._status) >= len(table._statuses.names)
                or _largest(table._part) >= len(table._parts.names)):
            raise ValueError("a code names nothing")
        table._count = n - sum(table._kind[i:i + _SLICE].count(0)
                               for i in range(0, n, _SLICE))
        if table._count != int(doc["count"]):
            raise ValueError("the count does not match")
        for eid in _ids_of(table._status, table._statuses.codes.get(WAITING)):
            table._waiting.setdefault(table._part[eid], set()).add(eid)
        return table


_SLICE = 65536  # items a call looks at (a checkpoint reads these beside the bot)


def _ids_of(column: array, code: int | None) -> set[int]:  # type: ignore[type-arg]
    """The indexes of ``column`` (an array of 16-bit codes) that hold ``code``, found by
    the bytes' own search rather than a Python step per entry."""
    if not code:
        return set()
    data = column.tobytes()
    needle = array("H", [code])
    if sys.byteorder != "little":  # pragma: no cover
        needle.byteswap()
    pattern = needle.tobytes()
    found: set[int] = set()
    at = data.find(pattern)
    while at >= 0:
        if at % 2 == 0:
            found.add(at // 2)
            at = data.find(pattern, at + 2)
        else:  # the pattern straddles two items
            at = data.find(pattern, at + 1)
    return found


def _largest(items: array) -> int:  # type: ignore[type-arg]
    return max((max(items[i:i + _SLICE]) for i in range(0, len(items), _SLICE)), default=0)


def add_in_order(items: Any, item: Any) -> None:
    """Append ``item``, or put it in its place if it is not the last (a reader
    catching up indexes an older entry again): the lists stay as a build makes them."""
    if not items or items[-1] < item:
        items.append(item)
    else:
        bisect.insort(items, item)
