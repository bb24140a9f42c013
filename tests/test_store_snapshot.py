"""A read-only snapshot (the site builder beside the bot) holds the partition files
it was opened with, reads a partition only when asked for it, lets it go beyond
its budget and reads it again from the same file, whatever the writer's
checkpoints do to the folder meanwhile (``db.held``)."""

from __future__ import annotations

import os
import resource

import pytest
from conftest import pid

from db import held
from db.entries import Kind
from db.errors import StoreError
from db.repository import Repository
from db.store import Store

EAST_101 = "c1/1/1/101"  # a household of the test street (conftest)


def _writer(root, parts=("a", "b", "c"), docs=3):
    writer = Store.create(root, checkpoint_every=10_000)
    with writer.transaction() as tx:
        for name in parts:
            for n in range(1, docs + 1):
                tx.put(name, "t", n, {"v": f"{name}{n}-old"})
    writer.checkpoint()
    return writer


def _rewrite(writer, name, docs=3):
    with writer.transaction() as tx:
        for n in range(1, docs + 1):
            tx.put(name, "t", n, {"v": f"{name}{n}-new"})
    writer.checkpoint()  # the partition's file replaced (a new file renamed over it)


def test_a_snapshot_reads_the_old_content_of_a_partition_a_checkpoint_rewrote_after_it_opened(
        tmp_path):
    writer = _writer(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True)
    inode = (tmp_path / "s" / "a.json").stat().st_ino
    _rewrite(writer, "a")
    assert (tmp_path / "s" / "a.json").stat().st_ino != inode  # replaced, not written into
    assert reader.get("a", "t", 1) == {"v": "a1-old"}  # first read after the checkpoint
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-old", "a2-old", "a3-old"]
    assert reader.refresh() == {"a"}
    assert reader.get("a", "t", 1) == {"v": "a1-new"}
    assert reader.take_replayed()[("a", "t", "1")] == {"v": "a1-old"}  # the change, for indexes
    reader.close()
    writer.close()


def test_a_partition_let_go_is_read_again_as_the_snapshot_took_it(tmp_path):
    writer = _writer(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=3)
    assert reader.get("a", "t", 2) == {"v": "a2-old"}
    assert reader.get("b", "t", 2) == {"v": "b2-old"}  # over the budget: "a" goes
    assert reader.loaded_partitions() == ["b"]
    _rewrite(writer, "a")
    assert reader.get("a", "t", 2) == {"v": "a2-old"}  # read again from the file it holds
    assert reader.loaded_partitions() == ["a"]
    assert reader.loaded_docs() == 3
    reader.close()
    writer.close()


def test_a_snapshot_does_not_read_a_partition_nobody_asked_for(tmp_path):
    writer = _writer(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True)
    assert reader.loaded_partitions() == []
    assert reader.partitions() == ["a", "b", "c"]
    assert reader.get("b", "t", 1) == {"v": "b1-old"}
    assert reader.loaded_partitions() == ["b"]
    reader.close()
    writer.close()


def test_a_read_only_repository_opens_without_reading_the_areas_partitions(repo, tmp_path):
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "property", "period": "2025-01",
        "household": EAST_101})
    repo.approve(entry.id, pid(repo, 102))
    repo.store.checkpoint()
    reader = Repository.open(tmp_path / "data", readonly=True)
    try:
        assert "areas/east/entries-2025" in reader.store.partitions("areas/")
        assert not [p for p in reader.store.loaded_partitions() if p.startswith("areas/")]
        assert not reader.store.pinned & set(reader.store.partitions("areas/"))
        assert [e.id for e in reader.entries(area="east")] == [entry.id]
        assert reader.balance("east") == 12000
    finally:
        reader.close()


def test_a_partition_the_journal_changed_is_let_go_and_read_again_with_its_changes(tmp_path):
    writer = _writer(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-journal"})  # in the journal, not in a.json
        tx.remove("a", "t", 3)  # deleted, in the journal only
        tx.put("a", "u", 1, {"v": "a-new-table"})
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=3)
    for name in ("b", "c", "b", "c"):
        reader.get(name, "t", 1)
    assert "a" not in reader.loaded_partitions()  # let go: its file and the journal hold it
    assert reader.get("a", "t", 1) == {"v": "a1-journal"}
    assert reader.get("a", "t", 2) == {"v": "a2-old"}
    assert reader.get("a", "t", 3) is None
    assert [d["v"] for d in reader.all("a", "u")] == ["a-new-table"]
    reader.let_go()
    assert reader.peek("a", "t", None) == [{"v": "a1-journal", "doc_id": 1},
                                           {"v": "a2-old", "doc_id": 2}]
    writer.checkpoint()
    assert reader.get("a", "t", 1) == {"v": "a1-journal"}  # still the file it holds
    reader.close()
    writer.close()


def test_a_partition_only_the_journal_holds_is_still_there_once_let_go(tmp_path):
    writer = _writer(tmp_path / "s")
    with writer.transaction() as tx:  # a new partition: no file until a checkpoint
        tx.put("d", "t", 1, {"v": "d1-journal"})
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=3)
    reader.let_go()
    assert "d" not in reader.loaded_partitions()
    assert reader.partitions() == ["a", "b", "c", "d"]
    assert reader.get("d", "t", 1) == {"v": "d1-journal"}
    reader.let_go()
    assert reader.peek("d", "t", None) == [{"v": "d1-journal", "doc_id": 1}]
    writer.checkpoint()  # now d.json holds it: taken again, the journal read anew
    with writer.transaction() as tx:
        tx.put("d", "t", 2, {"v": "d2-journal"})
    assert reader.refresh() == {"d"}
    reader.let_go()
    assert [x["v"] for x in reader.all("d", "t")] == ["d1-journal", "d2-journal"]
    reader.close()
    writer.close()


def test_a_partition_let_go_after_a_refresh_is_read_again_as_the_writer_left_it(tmp_path):
    writer = _writer(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-first"})
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=3)
    with writer.transaction() as tx:  # appended to the journal: read on by the refresh
        tx.put("a", "t", 1, {"v": "a1-second"})
        tx.put("a", "t", 2, {"v": "a2-second"})
    assert reader.refresh() == {"a"}
    reader.get("b", "t", 1)  # over the budget: "a" goes
    assert "a" not in reader.loaded_partitions()
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-second", "a2-second", "a3-old"]
    _rewrite(writer, "a")  # a checkpoint: a.json holds it all, a new journal begins
    with writer.transaction() as tx:
        tx.put("a", "t", 2, {"v": "a2-after"})
    assert reader.refresh() == {"a"}
    reader.get("b", "t", 1)
    reader.get("c", "t", 1)
    assert "a" not in reader.loaded_partitions()
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-new", "a2-after", "a3-new"]
    reader.close()
    writer.close()


def test_opening_a_snapshot_over_a_long_journal_holds_no_more_than_its_budget(tmp_path):
    names = [f"p{n}" for n in range(12)]
    writer = _writer(tmp_path / "s", parts=names, docs=5)
    for round_ in range(4):  # the journal changes every partition, turn by turn
        for name in names:
            with writer.transaction() as tx:
                tx.put(name, "t", 1 + round_, {"v": f"{name}-{round_}"})
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=10)
    assert reader.loaded_docs() <= 10
    assert len(reader.loaded_partitions()) <= 2
    assert reader.get("p0", "t", 4) == {"v": "p0-3"}
    assert reader.get("p11", "t", 5) == {"v": "p115-old"}  # as _writer wrote it
    replayed = reader.take_replayed()
    assert replayed[("p3", "t", "2")] == {"v": "p32-old"}  # the document before, for indexes
    assert len(replayed) == 12 * 4
    reader.close()
    writer.close()


def test_a_partition_damaged_after_the_snapshot_opened_is_named_when_read(tmp_path):
    writer = _writer(tmp_path / "s")
    writer.close()
    reader = Store(tmp_path / "s", readonly=True)
    path = tmp_path / "s" / "b.json"
    raw = path.read_bytes()
    with open(path, "r+b") as f:  # altered in place, same size
        f.write(raw.replace(b"b1-old", b"b1-bad"))
    assert reader.get("a", "t", 1) == {"v": "a1-old"}
    with pytest.raises(StoreError, match=r"b\.json: altered or damaged"):
        reader.get("b", "t", 1)
    reader.close()


def test_a_damaged_partition_is_found_by_the_checksums_and_listed_by_verify(tmp_path):
    writer = _writer(tmp_path / "s")
    writer.close()
    path = tmp_path / "s" / "c.json"
    path.write_bytes(path.read_bytes().replace(b"c2-old", b"c2-bad"))  # same size
    reader = Store(tmp_path / "s", readonly=True)  # opens: nothing read yet
    with pytest.raises(StoreError, match=r"c\.json: altered or damaged"):
        reader.check_checksums()
    reader.close()
    listing = Store(tmp_path / "s", readonly=True, collect_problems=True, max_loaded_docs=1)
    listing.load_all()
    listing.load_all()
    assert [p.params["path"] for p in listing.problems or []] == [str(path)]  # once, by name
    assert listing.get("a", "t", 1) == {"v": "a1-old"}
    listing.close()


def test_without_descriptors_to_spare_the_files_are_read_at_once_and_the_snapshot_holds(
        tmp_path, monkeypatch):
    writer = _writer(tmp_path / "s")
    monkeypatch.setattr(held, "_room_for", lambda wanted: 1)
    reader = Store(tmp_path / "s", readonly=True)
    files = reader._parts.held.files
    assert sorted(n for n, f in files.items() if f.fd is None and f.raw) == ["b", "c"]
    for name in ("a", "b", "c"):
        _rewrite(writer, name)
    assert [reader.get(n, "t", 3) for n in ("a", "b", "c")] == [
        {"v": "a3-old"}, {"v": "b3-old"}, {"v": "c3-old"}]
    assert reader.refresh() == {"a", "b", "c"}
    assert reader.get("c", "t", 3) == {"v": "c3-new"}
    reader.close()
    writer.close()


def test_the_soft_limit_on_open_files_is_raised_when_the_partitions_need_it(tmp_path):
    names = [f"p{n:03d}" for n in range(300)]
    writer = _writer(tmp_path / "s", parts=names, docs=1)
    writer.close()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = len(os.listdir("/proc/self/fd"))
    low = in_use + held.SPARE_DESCRIPTORS + 50
    if hard != resource.RLIM_INFINITY and hard < low + 300:
        pytest.fail(f"the hard limit ({hard}) is too low for this test")
    resource.setrlimit(resource.RLIMIT_NOFILE, (low, hard))
    try:
        reader = Store(tmp_path / "s", readonly=True)
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= in_use + 300
        assert all(f.fd is not None for f in reader._parts.held.files.values())
        assert reader.get("p299", "t", 1) == {"v": "p2991-old"}
        reader.close()
        assert len(os.listdir("/proc/self/fd")) <= in_use + 1  # let go on close
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_let_go_drops_all_but_the_pinned_and_the_journals_changes_are_read_again(tmp_path):
    writer = _writer(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-journal"})
    reader = Store(tmp_path / "s", readonly=True)
    reader.pinned.add("b")
    for name in ("a", "b", "c"):
        reader.get(name, "t", 2)
    assert sorted(reader.loaded_partitions()) == ["a", "b", "c"]
    reader.let_go()
    assert sorted(reader.loaded_partitions()) == ["b"]
    assert reader.get("c", "t", 2) == {"v": "c2-old"}  # read again when asked for
    assert reader.get("a", "t", 1) == {"v": "a1-journal"}
    reader.close()
    writer.close()
