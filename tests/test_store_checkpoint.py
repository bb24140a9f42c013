"""Checkpoints made beside the writes: writes go on while the partition files are
written, a checkpoint cut short loses nothing, and the files are the same."""

from __future__ import annotations

import json
import threading
import time

import pytest

import db.transaction
from db.errors import StoreError
from db.journal import old_journals
from db.storage import dumps_canonical, partition_bytes
from db.store import Store


def crash(store: Store) -> None:
    """Let go of the folder as a killed process would: nothing more is written."""
    store._checkpoints.stop()
    store._journal.close()
    store._writer.close()


def test_a_write_goes_on_while_a_checkpoint_writes_the_partition_files(tmp_path, monkeypatch):
    store = Store.create(tmp_path / "s", checkpoint_every=10_000)
    with store.transaction() as tx:
        tx.put("areas/a/entries-2025", "entries", 1, {"v": 1})
    writing, release = threading.Event(), threading.Event()
    real = db.transaction.write_partitions

    def slow_disk(root, snapshot):
        writing.set()
        assert release.wait(10)
        real(root, snapshot)

    monkeypatch.setattr(db.transaction, "write_partitions", slow_disk)
    checkpoint = threading.Thread(target=store.checkpoint)
    checkpoint.start()
    assert writing.wait(10)
    # The checkpoint is writing its files: a write is neither refused nor held up.
    done = threading.Event()

    def write() -> None:
        with store.transaction() as tx:
            tx.put("areas/a/entries-2025", "entries", 2, {"v": 2})
        done.set()

    threading.Thread(target=write).start()
    assert done.wait(5), "the write waited for the checkpoint's files"
    assert [n for n, _ in old_journals(store.root)] == [1]  # the first write, moved aside
    release.set()
    checkpoint.join(10)
    assert old_journals(store.root) == []  # its records are in the partition file now
    on_disk = json.loads((store.root / "areas/a/entries-2025.json").read_text())
    assert on_disk == {"entries": {"1": {"v": 1}}}  # the snapshot: the later write is not
    assert b'"v":2' in (store.root / "journal.log").read_bytes()  # in the new journal
    crash(store)
    again = Store(tmp_path / "s")
    assert again.all("areas/a/entries-2025", "entries") == [
        {"v": 1, "doc_id": 1}, {"v": 2, "doc_id": 2}]
    again.close()


def test_a_checkpoint_cut_short_after_moving_the_journal_aside_loses_nothing(
        tmp_path, monkeypatch):
    store = Store.create(tmp_path / "s", checkpoint_every=10_000)
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"v": 1})
        tx.put("q", "t", 1, {"w": 1})

    def full_disk(root, snapshot):
        raise StoreError("no space left", code="write_failed")

    with monkeypatch.context() as m:
        m.setattr(db.transaction, "write_partitions", full_disk)
        with pytest.raises(StoreError):
            store.checkpoint()
    assert [n for n, _ in old_journals(store.root)] == [1]
    assert store.checkpoint_due  # tried again on the next commit
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"v": 2})
    # A reader opened now replays the journal moved aside, then the new one.
    reader = Store(tmp_path / "s", readonly=True)
    assert reader.get("p", "t", 1) == {"v": 2} and reader.get("q", "t", 1) == {"w": 1}
    reader.close()
    crash(store)
    again = Store(tmp_path / "s")
    assert again.get("p", "t", 1) == {"v": 2} and again.get("q", "t", 1) == {"w": 1}
    again.checkpoint()  # the disk has room again
    assert old_journals(again.root) == []
    assert json.loads((again.root / "q.json").read_text()) == {"t": {"1": {"w": 1}}}
    again.close()
    assert Store(tmp_path / "s").get("p", "t", 1) == {"v": 2}


def test_checkpoints_due_are_made_by_a_thread_of_their_own(tmp_path):
    store = Store.create(tmp_path / "s", checkpoint_every=5)
    made_by: list[str] = []
    real = store._parts.snapshot_dirty

    def snapshot():
        made_by.append(threading.current_thread().name)
        return real()

    store._parts.snapshot_dirty = snapshot  # type: ignore[method-assign]
    for n in range(5):
        with store.transaction() as tx:
            tx.put("p", "t", n + 1, {"n": n})
    deadline = time.monotonic() + 10
    while store.last_checkpoint is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert made_by == ["steward-checkpoint"]
    assert json.loads((store.root / "p.json").read_text())["t"]["5"] == {"n": 4}
    assert store.last_checkpoint is not None and store.last_checkpoint[2] == 1
    store.close()


def test_a_partition_file_is_the_canonical_json_of_its_tables():
    tables = {"entries": {str(n): {"n": n, "文字": "路灯", "z": [1, {"b": 2, "a": None}]}
                          for n in (1, 2, 10, 33)},
              "audit": {}, "ledger": {"7": {"seq": 1}}}
    assert partition_bytes(tables) == dumps_canonical(tables).encode("utf-8")
    assert partition_bytes({}) == b"{}"
