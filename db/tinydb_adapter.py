"""Everything the store asks of TinyDB, and the one thing it does behind
TinyDB's back, in one place.

A partition is a TinyDB database over ``MemoryPartitionStorage``, a storage
that keeps its data in memory (durability is the journal's job, see
``db.storage``). Reads go through TinyDB's public API: ``Storage.read``,
``TinyDB.table``, ``Table.get`` and ``Table.search``.

Writes do not. ``Table.insert`` / ``update`` / ``remove`` copy the whole table
into a new dict on every call, so one write would cost the size of its
partition (tens of thousands of entries in a busy year). The store puts each
journalled document straight into the storage's dict instead (``raw_table``)
and then tells TinyDB's tables their data changed (``tables_changed``). That
relies on three things TinyDB 4.9 does, which ``tests/test_tinydb_adapter.py``
checks, so that an upgrade that changes any of them fails loudly:

1. the storage's data is laid out as ``{table: {"<doc_id>": document}}``,
   exactly what ``Table.insert`` writes;
2. a table reads the storage on every call and keeps no copy of the
   documents, only a cache of query results, which the public
   ``Table.clear_cache`` empties;
3. a table's next-id counter (the private ``Table._next_id``) is read only
   when a document is inserted without an id. Every document here carries its
   own id and nothing is inserted through TinyDB, so a counter left stale by a
   write behind its back is never read (the store used to reset it by hand).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

__all__ = ["MemoryPartitionStorage", "open_partition", "storage_of", "raw_table",
           "tables_changed"]

Data = dict[str, dict[str, Any]]


class MemoryPartitionStorage(Storage):
    """A TinyDB storage over a dict held in memory, with a ``dirty`` flag.

    Durability is not its job: the journal has already made a change durable
    before it is applied here, and checkpoints write the dict out (and clear
    ``dirty``).
    """

    def __init__(self, data: Data | None = None) -> None:
        self._data: Data = data if data is not None else {}
        self.dirty = False

    def read(self) -> Data:
        return self._data

    def write(self, data: Data) -> None:
        self._data = data
        self.dirty = True

    def close(self) -> None:
        pass


def open_partition(data: Data | None = None) -> TinyDB:
    """A TinyDB database over ``data`` (a partition file's tables), in memory."""
    return TinyDB(data, storage=MemoryPartitionStorage)


def storage_of(db: TinyDB) -> MemoryPartitionStorage:
    """The in-memory storage of a database made by ``open_partition``."""
    storage = db.storage
    assert isinstance(storage, MemoryPartitionStorage)
    return storage


def raw_table(storage: MemoryPartitionStorage, table: str) -> dict[str, Any]:
    """One table's documents as TinyDB keeps them: ``{"<doc_id>": document}``. A
    write may change this dict in place; it must then call ``tables_changed``."""
    return storage.read().setdefault(table, {})


def tables_changed(db: TinyDB, tables: Iterable[str]) -> None:
    """Tell TinyDB these tables were changed behind its back (see point 2 above)."""
    for name in tables:
        db.table(name).clear_cache()
