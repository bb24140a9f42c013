"""What the store relies on TinyDB to do when it writes behind TinyDB's back
(``db.tinydb_adapter``). If an upgrade of the pinned tinydb changes any of it,
these fail, before a write goes missing from a read."""

from __future__ import annotations

import pytest
from tinydb import Query
from tinydb.table import Document, Table

from db.tinydb_adapter import open_partition, raw_table, storage_of, tables_changed


def test_the_raw_layout_is_what_tinydb_itself_writes():
    db = open_partition()
    db.table("entries").insert(Document({"kind": "issue"}, doc_id=7))
    assert storage_of(db).read() == {"entries": {"7": {"kind": "issue"}}}
    assert storage_of(db).dirty  # TinyDB wrote through the storage's write()


def test_a_document_written_into_the_raw_table_is_read_by_tinydb_at_once():
    db = open_partition({"entries": {"1": {"kind": "issue"}}})
    table = db.table("entries")
    assert table.get(doc_id=1) == {"kind": "issue"}
    raw_table(storage_of(db), "entries")["2"] = {"kind": "vote"}
    raw_table(storage_of(db), "entries")["1"] = {"kind": "opinion"}
    assert table.get(doc_id=2) == {"kind": "vote"}
    assert table.get(doc_id=1) == {"kind": "opinion"}
    assert len(table) == 2
    assert [d.doc_id for d in table.all()] == [1, 2]


def test_a_raw_table_made_for_a_new_table_is_the_one_tinydb_reads():
    db = open_partition()
    raw_table(storage_of(db), "ledger")["3"] = {"seq": 3}
    assert db.table("ledger").get(doc_id=3) == {"seq": 3}
    assert storage_of(db).read() == {"ledger": {"3": {"seq": 3}}}


def test_search_sees_raw_writes_once_the_tables_are_told():
    db = open_partition({"groups": {"1": {"area": "east"}}})
    table = db.table("groups")
    assert [d.doc_id for d in table.search(Query().area == "west")] == []
    raw_table(storage_of(db), "groups")["2"] = {"area": "west"}
    tables_changed(db, ["groups"])
    assert [d.doc_id for d in table.search(Query().area == "west")] == [2]
    del raw_table(storage_of(db), "groups")["2"]
    tables_changed(db, ["groups"])
    assert table.search(Query().area == "west") == []


def test_reads_never_use_the_next_id_counter_that_raw_writes_leave_stale(monkeypatch):
    db = open_partition({"entries": {"1": {"kind": "issue"}}})
    table = db.table("entries")

    def stale(self):
        raise AssertionError("TinyDB read its next-id counter outside insert")

    monkeypatch.setattr(Table, "_get_next_id", stale)
    raw_table(storage_of(db), "entries")["5"] = {"kind": "vote"}
    tables_changed(db, ["entries"])
    assert table.get(doc_id=5) == {"kind": "vote"}
    assert [d.doc_id for d in table.search(Query().kind == "vote")] == [5]
    assert len(table) == 2 and 5 in [d.doc_id for d in table.all()]
    assert table.contains(doc_id=5)
    with pytest.raises(AssertionError, match="next-id"):  # the check itself works
        table.insert({"kind": "opinion"})
