"""The store: journal, checkpoints, torn tails, damage, and failed writes."""

from __future__ import annotations

import json

import pytest

from db.errors import StoreError
from db.journal import HEADER_LEN, journal_header
from db.store import SCHEMA_VERSION, Store


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "data")
    yield s
    s.close()


def test_committed_write_is_read_back_after_reopen_without_checkpoint(tmp_path):
    s = Store.create(tmp_path / "d")
    with s.transaction() as tx:
        tx.put("areas/a/entries-2025", "entries", 1, {"text": "路灯坏了"})
    # Simulate a crash: no close(), no checkpoint; only the journal holds it.
    s._journal.close()
    s._writer.close()
    reopened = Store(tmp_path / "d")
    assert reopened.get("areas/a/entries-2025", "entries", 1) == {"text": "路灯坏了"}
    reopened.close()


def test_checkpoint_writes_partitions_and_empties_journal(store):
    with store.transaction() as tx:
        tx.put("people", "people", 1, {"n": 1})
    store.checkpoint()
    # only its header, which says how far it is durable
    assert (store.root / "journal.log").read_bytes() == journal_header(HEADER_LEN)
    assert json.loads((store.root / "people.json").read_text()) == {"people": {"1": {"n": 1}}}


def test_put_replaces_the_whole_document(store):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1, "b": 2})
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 3})
    assert store.get("p", "t", 1) == {"a": 3}


def test_transaction_with_several_partitions_is_one_journal_record(store):
    with store.transaction() as tx:
        tx.put("p1", "t", 1, {"a": 1})
        tx.put("p2", "t", 1, {"b": 1})
    lines = (store.root / "journal.log").read_bytes().splitlines()
    assert len(lines) == 3 and lines[0].startswith(b"#journal")  # the header, one record


def test_exception_inside_transaction_writes_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put("p", "t", 1, {"a": 1})
            raise RuntimeError("boom")
    assert store.get("p", "t", 1) is None
    assert (store.root / "journal.log").read_bytes() == journal_header(HEADER_LEN)


def test_torn_last_journal_line_is_cut_and_earlier_records_kept(tmp_path):
    s = Store.create(tmp_path / "d")
    with s.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1})
    s._journal.close()
    s._writer.close()
    with open(tmp_path / "d" / "journal.log", "ab") as f:
        f.write(b'1234abcd {"ops":[["p","t",2,{"a"')  # the append a crash cut short
    s2 = Store(tmp_path / "d")
    assert s2.get("p", "t", 1) == {"a": 1}
    assert s2.get("p", "t", 2) is None
    with s2.transaction() as tx:
        tx.put("p", "t", 3, {"a": 3})
    s2._journal.close()
    s2._writer.close()
    s3 = Store(tmp_path / "d")
    assert s3.get("p", "t", 3) == {"a": 3}
    s3.close()


def test_damaged_journal_line_in_the_middle_refuses_to_open_naming_file_and_line(tmp_path):
    s = Store.create(tmp_path / "d")
    for i in range(3):
        with s.transaction() as tx:
            tx.put("p", "t", i + 1, {"a": i})
    s._journal.close()
    s._writer.close()
    path = tmp_path / "d" / "journal.log"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b'"a":1', b'"a":9')  # the second record (after the header's 2)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(StoreError, match=r"journal.log, line 4"):
        Store(tmp_path / "d")


def test_damaged_partition_file_refuses_to_open_naming_the_file(tmp_path):
    s = Store.create(tmp_path / "d")
    with s.transaction() as tx:
        tx.put("people", "people", 1, {"a": 1})
    s.close()
    (tmp_path / "d" / "people.json").write_text('{"people": {"1": {"a": 1}', "utf-8")
    with pytest.raises(StoreError, match="people.json: altered or damaged: 25 bytes, not the 24"):
        Store(tmp_path / "d")


def test_failed_journal_write_raises_and_leaves_store_unchanged(store, monkeypatch):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1})
    size = (store.root / "journal.log").stat().st_size

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("db.fsio.os.fsync", disk_full)
    with pytest.raises(StoreError, match="No space left"):
        with store.transaction() as tx:
            tx.put("p", "t", 1, {"a": 2})
            tx.put("p", "t", 2, {"a": 2})
    monkeypatch.undo()
    assert store.get("p", "t", 1) == {"a": 1}
    assert store.get("p", "t", 2) is None
    assert (store.root / "journal.log").stat().st_size == size


def test_a_second_process_cannot_open_the_same_folder_for_writing(store):
    with pytest.raises(StoreError, match="another Steward process"):
        Store(store.root)


def test_create_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("hi")
    with pytest.raises(StoreError, match="not empty"):
        Store.create(tmp_path / "x")


def test_store_from_a_newer_schema_is_refused(tmp_path):
    s = Store.create(tmp_path / "d")
    s.close()
    (tmp_path / "d" / "meta.json").write_text('{"schema": 99}')
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "d")


def test_migrations_run_in_order_and_record_the_new_schema(tmp_path, monkeypatch):
    import db.store as store_mod

    s = Store.create(tmp_path / "d")
    s.close()
    (tmp_path / "d" / "meta.json").write_text('{"schema": 1}')
    calls = []

    def to_two(st):
        calls.append("1->2")
        with st.transaction() as tx:
            tx.put("people", "people", 1, {"migrated": True})

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, to_two)
    s2 = Store(tmp_path / "d")
    assert calls == ["1->2"]
    assert s2.get("people", "people", 1) == {"migrated": True}
    assert json.loads((tmp_path / "d" / "meta.json").read_text())["schema"] == 2
    s2.close()


def test_search_matches_field_values(store):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"kind": "issue", "area": "a"})
        tx.put("p", "t", 2, {"kind": "vote", "area": "a"})
    assert [d["doc_id"] for d in store.search("p", "t", kind="vote")] == [2]


def test_values_that_are_not_json_are_refused_before_anything_is_written(store):
    with pytest.raises(StoreError):
        with store.transaction() as tx:
            tx.put("p", "t", 1, {"a": object()})
    assert store.get("p", "t", 1) is None


def test_get_returns_a_copy_the_caller_may_change(store):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"list": [1]})
    doc = store.get("p", "t", 1)
    doc["list"].append(2)
    assert store.get("p", "t", 1) == {"list": [1]}


def test_search_sees_documents_written_after_an_earlier_search(store):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"kind": "vote"})
    assert [d["doc_id"] for d in store.search("p", "t", kind="vote")] == [1]
    with store.transaction() as tx:
        tx.put("p", "t", 2, {"kind": "vote"})
        tx.put("p", "t", 1, {"kind": "issue"})
    assert [d["doc_id"] for d in store.search("p", "t", kind="vote")] == [2]
    with store.transaction() as tx:
        tx.remove("p", "t", 2)
    assert store.search("p", "t", kind="vote") == []


def test_old_partitions_leave_memory_and_come_back_when_asked_for(tmp_path):
    store = Store.create(tmp_path / "s", max_loaded_docs=10)
    for year in range(2020, 2025):
        with store.transaction() as tx:
            for i in range(5):
                tx.put(f"areas/a/entries-{year}", "entries", year * 10 + i, {"y": year})
    store.checkpoint()
    assert store.loaded_docs() <= 10
    assert store.get("areas/a/entries-2020", "entries", 20200) == {"y": 2020}
    assert [d["doc_id"] for d in store.all("areas/a/entries-2021", "entries")] == \
        list(range(20210, 20215))
    assert store.loaded_docs() <= 10
    store.close()


def test_uncheckpointed_partitions_are_never_dropped(tmp_path):
    store = Store.create(tmp_path / "s", max_loaded_docs=3, checkpoint_every=10_000)
    for year in range(2020, 2024):
        with store.transaction() as tx:
            for i in range(3):
                tx.put(f"p{year}", "t", i + 1, {"y": year})
    assert store.loaded_docs() == 12  # all dirty: kept until the checkpoint writes them
    store.checkpoint()
    assert store.loaded_docs() <= 3
    assert store.get("p2020", "t", 3) == {"y": 2020}
    store.close()


def test_readonly_snapshot_beside_the_writer_sees_committed_writes_and_cannot_write(tmp_path):
    writer = Store.create(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("p", "t", 1, {"v": 1})  # in the journal only, not yet checkpointed
    reader = Store(tmp_path / "s", readonly=True)
    assert reader.get("p", "t", 1) == {"v": 1}
    with pytest.raises(StoreError, match="read-only"):
        with reader.transaction() as tx:
            tx.put("p", "t", 2, {"v": 2})
    reader.close()
    with writer.transaction() as tx:
        tx.put("p", "t", 2, {"v": 2})
    writer.close()


def test_readonly_reader_leaves_a_torn_journal_tail_to_the_writer(tmp_path):
    writer = Store.create(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("p", "t", 1, {"v": 1})
    journal = tmp_path / "s" / "journal.log"
    with open(journal, "ab") as f:
        f.write(b"1234abcd {\"ops\": [[\"p\"")  # an append still in progress
    size = journal.stat().st_size
    reader = Store(tmp_path / "s", readonly=True)
    assert reader.all("p", "t") == [{"v": 1, "doc_id": 1}]
    assert journal.stat().st_size == size
    reader.close()
    writer._journal.close()
    writer._writer.close()


def test_readonly_refresh_follows_appends_and_checkpoints_of_the_writer(tmp_path):
    writer = Store.create(tmp_path / "s", checkpoint_every=10_000)
    with writer.transaction() as tx:
        tx.put("a/p", "t", 1, {"v": 1})
    reader = Store(tmp_path / "s", readonly=True)
    assert reader.refresh() == set()  # nothing new
    with writer.transaction() as tx:
        tx.put("a/p", "t", 1, {"v": 2})
        tx.put("b/q", "t", 7, {"w": 1})
    assert reader.refresh() == {"a/p", "b/q"}
    assert reader.get("a/p", "t", 1) == {"v": 2}
    assert reader.get("b/q", "t", 7) == {"w": 1}
    writer.checkpoint()  # partitions rewritten, journal emptied (a new file)
    with writer.transaction() as tx:
        tx.put("b/q", "t", 8, {"w": 2})
    assert reader.refresh() == {"a/p", "b/q"}
    assert reader.all("b/q", "t") == [{"w": 1, "doc_id": 7}, {"w": 2, "doc_id": 8}]
    with writer.transaction() as tx:
        tx.remove("b/q", "t", 7)
    assert reader.refresh() == {"b/q"}
    assert reader.all("b/q", "t") == [{"w": 2, "doc_id": 8}]
    assert reader.refresh() == set()
    reader.close()
    writer.close()


def test_readonly_refresh_leaves_an_append_in_progress_for_later(tmp_path):
    writer = Store.create(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True)
    with writer.transaction() as tx:
        tx.put("p", "t", 1, {"v": 1})
    journal = tmp_path / "s" / "journal.log"
    whole = journal.read_bytes()
    with writer.transaction() as tx:
        tx.put("p", "t", 2, {"v": 2})
    both = journal.read_bytes()  # its header now says the second record is synced
    second = both[len(whole):]
    journal.write_bytes(whole + second[:10])  # the reader looks mid-append
    assert reader.refresh() == {"p"}
    assert reader.all("p", "t") == [{"v": 1, "doc_id": 1}]
    journal.write_bytes(both)
    assert reader.refresh() == {"p"}
    assert reader.all("p", "t") == [{"v": 1, "doc_id": 1}, {"v": 2, "doc_id": 2}]
    reader.close()
    writer.close()


def test_refresh_is_refused_for_the_writer(store):
    with pytest.raises(StoreError, match="read-only"):
        store.refresh()


def test_pinned_partitions_stay_and_do_not_use_up_the_budget(tmp_path):
    store = Store.create(tmp_path / "s", max_loaded_docs=2, checkpoint_every=10_000)
    store.pinned.add("hot")
    with store.transaction() as tx:
        for n in range(5):
            tx.put("hot", "t", n + 1, {"n": n})
    store.checkpoint()
    for name in ("old1", "old2"):
        with store.transaction() as tx:
            tx.put(name, "t", 1, {"v": name})
        store.checkpoint()
    # 5 pinned + 2 others: within budget
    assert {"hot", "old1", "old2"} <= set(store.loaded_partitions())
    with store.transaction() as tx:
        tx.put("old3", "t", 1, {"v": "old3"})
    store.checkpoint()
    loaded = store.loaded_partitions()
    assert "hot" in loaded and "old1" not in loaded  # the least recent other goes
    store.close()


def test_a_refresh_that_meets_a_damaged_file_reads_everything_again_next_time(tmp_path):
    writer = Store.create(tmp_path / "s", checkpoint_every=10_000)
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": 1})
        tx.put("b", "t", 1, {"v": 1})
    writer.checkpoint()
    reader = Store(tmp_path / "s", readonly=True)
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": 2})
        tx.put("b", "t", 1, {"v": 2})
    writer.checkpoint()
    good = (tmp_path / "s" / "b.json").read_bytes()
    (tmp_path / "s" / "b.json").write_bytes(b"{not json")  # caught mid-repair
    with pytest.raises(StoreError, match="b.json"):
        reader.refresh()
    (tmp_path / "s" / "b.json").write_bytes(good)
    assert reader.refresh() >= {"a", "b"}
    assert reader.get("a", "t", 1) == {"v": 2} and reader.get("b", "t", 1) == {"v": 2}
    reader.close()
    writer.close()


class SlowDisk:
    """An fsync that waits until the test lets it finish (or fail)."""

    def __init__(self, monkeypatch, fail: bool = False) -> None:
        import threading

        self.started, self.go, self.fail = threading.Event(), threading.Event(), fail
        monkeypatch.setattr("db.fsio.os.fsync", self.fsync)

    def fsync(self, fd: int) -> None:
        self.started.set()
        assert self.go.wait(10)
        if self.fail:
            self.fail = False  # the cut-back's own fsync works
            raise OSError(28, "No space left on device")


def commit_in_thread(store, ops):
    import threading

    errors: list[BaseException] = []

    def run() -> None:
        try:
            with store.writing():
                with store.transaction(sync=False) as tx:
                    for partition, doc_id, doc in ops:
                        tx.put(partition, "t", doc_id, doc)
                store.sync()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_readers_go_on_while_a_write_waits_for_the_disk(store, monkeypatch):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1})
    disk = SlowDisk(monkeypatch)
    thread, errors = commit_in_thread(store, [("p", 1, {"a": 2})])
    assert disk.started.wait(10)
    # The writer holds commit_lock, not the lock readers need: an inline read
    # does not wait (it would raise WouldBlock after INLINE_WAIT).
    assert store.run_inline(store.get, "p", "t", 1) == {"a": 2}
    disk.go.set()
    thread.join(10)
    assert errors == []
    assert store.get("p", "t", 1) == {"a": 2}


def test_a_write_whose_fsync_fails_is_undone_in_memory_and_cut_from_the_journal(
        store, monkeypatch):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1})
    size = (store.root / "journal.log").stat().st_size
    disk = SlowDisk(monkeypatch, fail=True)
    thread, errors = commit_in_thread(store, [("p", 1, {"a": 2}), ("p", 2, {"b": 1}),
                                              ("fresh", 1, {"c": 1})])
    assert disk.started.wait(10)
    assert store.get("p", "t", 2) == {"b": 1}  # seen before it is durable...
    disk.go.set()
    thread.join(10)
    [error] = errors
    assert isinstance(error, StoreError) and "No space left" in str(error)
    # ...and gone once it turned out not to be.
    assert store.get("p", "t", 1) == {"a": 1}
    assert store.get("p", "t", 2) is None
    assert "fresh" not in store.partitions()
    assert (store.root / "journal.log").stat().st_size == size
    monkeypatch.undo()
    with store.transaction() as tx:
        tx.put("p", "t", 2, {"b": 2})
    store.checkpoint()
    assert json.loads((store.root / "p.json").read_text()) == {
        "t": {"1": {"a": 1}, "2": {"b": 2}}}
    assert not (store.root / "fresh.json").exists()


def test_a_write_tried_inside_an_inline_read_is_refused_before_it_takes_any_lock(store):
    from db.store import WouldBlock

    def sneaky_write():
        with store.transaction() as tx:
            tx.put("p", "t", 1, {"a": 1})

    with pytest.raises(WouldBlock):
        store.run_inline(sneaky_write)
    with pytest.raises(WouldBlock):
        store.run_inline(lambda: store.writing().__enter__())
    assert store.get("p", "t", 1) is None
    assert store.commit_lock.acquire(blocking=False)  # nobody kept it
    store.commit_lock.release()


class CountingDisk:
    """os.fsync counted (and made to fail once when asked)."""

    def __init__(self, monkeypatch) -> None:
        self.calls, self.fail = 0, False
        monkeypatch.setattr("db.fsio.os.fsync", self.fsync)

    def fsync(self, fd: int) -> None:
        self.calls += 1
        if self.fail:
            self.fail = False  # the cut-back's own fsync works
            raise OSError(5, "Input/output error")


def test_the_writes_of_a_batch_share_one_fsync_at_its_end(store, monkeypatch):
    with store.transaction() as tx:  # the journal exists (its folder was synced)
        tx.put("p", "t", 9, {"n": 9})
    disk = CountingDisk(monkeypatch)
    with store.batch():
        for n in range(3):
            with store.transaction() as tx:  # sync=True, yet batched: no fsync here
                tx.put("p", "t", n + 1, {"n": n})
        assert disk.calls == 0
        assert store.get("p", "t", 3) == {"n": 2}  # applied at once
    assert disk.calls == 1


def test_a_batch_whose_fsync_fails_undoes_all_its_writes_newest_first(store, monkeypatch):
    with store.transaction() as tx:
        tx.put("p", "t", 1, {"a": 1})
    size = (store.root / "journal.log").stat().st_size
    undone: list[str] = []
    disk = CountingDisk(monkeypatch)
    disk.fail = True
    with pytest.raises(StoreError, match="Input/output error"):
        with store.batch():
            with store.transaction() as tx:
                tx.put("p", "t", 1, {"a": 2})
            store.on_failed_sync(lambda: undone.append("first"))
            with store.transaction() as tx:
                tx.put("fresh", "t", 1, {"c": 1})
            store.on_failed_sync(lambda: undone.append("second"))
    assert undone == ["second", "first"]
    assert store.get("p", "t", 1) == {"a": 1}
    assert "fresh" not in store.partitions()
    assert (store.root / "journal.log").stat().st_size == size
    with store.transaction() as tx:  # commit_lock was let go; writing works again
        tx.put("p", "t", 3, {"d": 1})
    assert store.get("p", "t", 3) == {"d": 1}


def test_an_fsync_failing_inside_a_batch_fails_the_whole_batch(store, monkeypatch):
    disk = CountingDisk(monkeypatch)
    with pytest.raises(StoreError):
        with store.batch():
            with store.transaction() as tx:
                tx.put("p", "t", 1, {"a": 1})
            disk.fail = True
            with pytest.raises(StoreError):
                store.sync()  # e.g. a checkpoint made inside the batch
            with store.transaction() as tx:
                tx.put("p", "t", 2, {"b": 1})
    assert store.get("p", "t", 1) is None  # undone by the failed fsync


def test_a_data_folder_from_before_manifests_gets_one_when_opened_for_writing(tmp_path):
    s = Store.create(tmp_path / "d")
    with s.transaction() as tx:
        tx.put("people", "people", 1, {"a": 1})
    s.close()
    root = tmp_path / "d"
    # As an older Steward left it: no manifest, and a journal without a header (its
    # schema as now: a reader refuses an older one until a writer has upgraded it).
    (root / "manifest.json").unlink()
    (root / "meta.json").write_text(json.dumps({"schema": SCHEMA_VERSION}))
    body = json.dumps({"ops": [["areas/a/entries-2025", "entries", 1, {"t": "x"}]]})
    import zlib
    (root / "journal.log").write_bytes(b"%08x " % zlib.crc32(body.encode()) + body.encode()
                                       + b"\n")
    reader = Store(root, readonly=True)  # read as it is, nothing checked yet
    assert reader.get("areas/a/entries-2025", "entries", 1) == {"t": "x"}
    reader.close()
    s2 = Store(root)
    assert s2.get("areas/a/entries-2025", "entries", 1) == {"t": "x"}
    s2.close()
    assert json.loads((root / "meta.json").read_text())["manifest"] == 1
    listed = json.loads((root / "manifest.json").read_text())["files"]
    assert sorted(listed) == ["areas/a/entries-2025.json", "people.json"]
    (root / "areas" / "a" / "entries-2025.json").unlink()
    with pytest.raises(StoreError, match="entries-2025.json: missing"):
        Store(root)
    (root / "manifest.json").unlink()  # deleting the manifest does not turn the checks off
    with pytest.raises(StoreError, match="manifest.json: missing"):
        Store(root)


class PowerCut(BaseException):
    pass


def test_a_crash_between_the_files_of_a_checkpoint_leaves_each_old_or_new_and_both_open(
        tmp_path, monkeypatch):
    s = Store.create(tmp_path / "d")
    with s.transaction() as tx:
        tx.put("a", "t", 1, {"v": 1})
        tx.put("b", "t", 1, {"v": 1})
    s.checkpoint()
    with s.transaction() as tx:
        tx.put("a", "t", 1, {"v": 2})
        tx.put("b", "t", 1, {"v": 2})
    import db.transaction

    real = db.transaction.write_partitions
    written: list[str] = []

    def crash_after_the_first(root, files):
        first = sorted(files)[0]
        real(root, {first: files[first]})
        written.append(first)
        raise PowerCut  # nothing catches it, as a crash

    monkeypatch.setattr(db.transaction, "write_partitions", crash_after_the_first)
    with pytest.raises(PowerCut):
        s.checkpoint()
    monkeypatch.undo()
    s._checkpoints.stop()
    s._journal.close()
    s._writer.close()
    # One file is new, the other old: both allowed by the pending manifest, and
    # the journal (not emptied) holds the change.
    assert json.loads((tmp_path / "d" / f"{written[0]}.json").read_text())["t"]["1"] == {"v": 2}
    again = Store(tmp_path / "d")
    assert again.get("a", "t", 1) == {"v": 2} and again.get("b", "t", 1) == {"v": 2}
    again.close()
    listed = json.loads((tmp_path / "d" / "manifest.json").read_text())["files"]
    assert all(len(versions) == 1 for versions in listed.values())  # final again


def test_a_rider_is_saved_in_the_same_journal_record_as_each_write_it_rides(store):
    def mark(tx):
        tx.put("bot/updates", "updates", 7, {"wrote": True})

    with store.riding(mark) as joined:
        with store.transaction() as tx:
            tx.put("people", "people", 1, {"n": 1})
    _header, _header2, *lines = (store.root / "journal.log").read_bytes().splitlines()
    assert len(lines) == 1 and b"bot/updates" in lines[0] and b"people" in lines[0]
    assert joined == [1]
    assert store.get("bot/updates", "updates", 7) == {"wrote": True}


def test_a_rider_adds_nothing_when_nothing_is_written_nor_after_its_block(store):
    with store.riding(lambda tx: tx.put("bot/updates", "updates", 7, {"wrote": True})) as joined:
        with store.transaction():
            pass
    with store.transaction() as tx:
        tx.put("people", "people", 1, {"n": 1})
    assert joined == []
    assert store.get("bot/updates", "updates", 7) is None


def test_a_header_line_spoilt_by_a_torn_write_is_read_from_the_other_and_mended(tmp_path):
    from db.journal import SLOT_LEN

    s = Store.create(tmp_path / "d")
    for n in range(3):
        with s.transaction() as tx:
            tx.put("p", "t", n + 1, {"n": n})
    s._checkpoints.stop()
    s._journal.close()
    s._writer.close()
    path = tmp_path / "d" / "journal.log"
    raw = bytearray(path.read_bytes())
    raw[5:20] = b"\0" * 15  # the first line half overwritten when the power went
    path.write_bytes(bytes(raw))
    again = Store(tmp_path / "d")
    assert [d["n"] for d in again.all("p", "t")] == [0, 1, 2]
    header = path.read_bytes()[:2 * SLOT_LEN]
    assert header == journal_header(len(raw))  # both lines whole again
    with again.transaction() as tx:
        tx.put("p", "t", 9, {"n": 9})
    again._checkpoints.stop()
    again._journal.close()
    again._writer.close()
    both = bytearray(path.read_bytes())
    both[20:30] = both[SLOT_LEN + 20:SLOT_LEN + 30] = b"9" * 10  # both: damage, not a tear
    path.write_bytes(bytes(both))
    with pytest.raises(StoreError, match="journal.log, lines 1-2: damaged header"):
        Store(tmp_path / "d")
