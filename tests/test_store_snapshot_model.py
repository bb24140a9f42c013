"""A read-only snapshot (the site builder) held against a model of what its writer
(the bot) holds: random writes over a few partitions and tables, checkpoints at
random points, a reader with a tiny budget that refreshes and lets go at random
points. After each refresh the reader must read every partition as the writer held
it then (by ``all``, ``get``, ``peek`` and ``partitions``, whether the partition was
in memory or let go), between refreshes as it was at the last one, and
``take_replayed`` must give, for every document that changed, the document the reader
held before (``Partitions.overlay``: a partition the journal changed may be let go
and is read again with the journal's changes laid over its file). Some writes fail at
their fsync (the writer cuts their journal lines off and undoes them, and the next
write goes where they were): the reader, refreshed in between or not, never shows
them."""

from __future__ import annotations

import random
import time
from unittest import mock

import pytest
from test_saved_index import busy, indexes, street

from db import fsio, transaction
from db.errors import StoreError
from db.repository import Repository
from db.store import MISSING, Store

PARTS = ["p0", "p1", "areas/a/entries-2025", "areas/a/ledger-2025", "areas/b/entries-2025",
         "street", "people", "areas/b/ledger-2026"]
TABLES = ["t", "u", "w"]
IDS = range(1, 7)

View = dict[str, dict[str, dict[int, dict]]]  # partition -> table -> id -> document


def _settled(writer: Store) -> None:
    """Wait for a checkpoint the last commit asked for (``checkpoint_every``) to be
    made, so that a seed always takes the same path."""
    while writer.checkpoint_due:
        time.sleep(0.0005)
    with writer._checkpointing:
        pass


def _random_record(rnd: random.Random, step: int) -> list[tuple]:
    ops = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3, 5])):  # a record over several partitions
        part = rnd.choice(PARTS[:5]) if rnd.random() < 0.7 else rnd.choice(PARTS)
        table = rnd.choice(TABLES)
        doc_id = rnd.choice(IDS)
        if rnd.random() < 0.3:
            ops.append((part, table, doc_id, None))  # deleted (or never there)
        else:
            ops.append((part, table, doc_id, {"v": f"{part}/{table}/{doc_id}@{step}",
                                              "n": [step, {"k": rnd.randrange(9)}]}))
    return ops


def _write(writer: Store, model: View, ops: list[tuple]) -> None:
    with writer.transaction() as tx:
        for part, table, doc_id, doc in ops:
            if doc is None:
                tx.remove(part, table, doc_id)
            else:
                tx.put(part, table, doc_id, doc)
    for part, table, doc_id, doc in ops:
        docs = model.setdefault(part, {}).setdefault(table, {})
        if doc is None:
            docs.pop(doc_id, None)
        else:
            docs[doc_id] = doc


class _FailingFsync(fsio.FileOps):
    """A disk whose fsync fails (EIO, or ENOSPC with delayed allocation)."""

    def fsync(self, fd: int) -> None:
        raise OSError(5, "Input/output error")


def _write_unsaved(writer: Store, ops: list[tuple], refresh_between) -> None:  # type: ignore[no-untyped-def]
    """A write journalled, then its fsync fails: the writer undoes it (the model keeps
    nothing of it); ``refresh_between`` is called between the two."""
    with writer.writing():
        with writer.transaction(sync=False) as tx:
            for part, table, doc_id, doc in ops:
                if doc is None:
                    tx.remove(part, table, doc_id)
                else:
                    tx.put(part, table, doc_id, doc)
        refresh_between()
        with fsio.use(_FailingFsync()), pytest.raises(StoreError, match="could not write"):
            writer.sync()


def _copy(model: View) -> View:
    return {p: {t: dict(docs) for t, docs in tables.items()} for p, tables in model.items()}


def _check_reader(rnd: random.Random, reader: Store, seen: View) -> None:
    """The reader reads ``seen`` (the writer's documents at the last refresh), each
    partition in memory or let go as chance has it."""
    assert reader.partitions() == sorted(seen)
    assert reader.partitions("areas/") == sorted(p for p in seen if p.startswith("areas/"))
    order = list(PARTS)
    rnd.shuffle(order)
    for part in order:
        tables = seen.get(part, {})
        for table in TABLES:
            want = [dict(doc, doc_id=i) for i, doc in sorted(tables.get(table, {}).items())]
            how = rnd.randrange(5)
            if how == 0:
                assert reader.all(part, table) == want, (part, table)
            elif how == 1:
                assert reader.peek(part, table, None) == want, (part, table)
            elif how == 2:
                ids = rnd.sample(list(IDS), 3)
                assert reader.peek(part, table, ids) == [d for d in want if d["doc_id"] in ids]
            elif how == 3:
                for doc_id in IDS:
                    assert reader.get(part, table, doc_id) == tables.get(table, {}).get(doc_id)
            else:
                assert reader.some(part, table, IDS) == want
            if rnd.random() < 0.2:
                reader.let_go()
    assert reader.loaded_docs() <= 2 * len(IDS) * len(TABLES)  # the budget, and the newest


def _check_replayed(replayed: dict, before: View, after: View) -> None:
    """``take_replayed``: every document that changed is there, with the document as the
    reader held it before (the indexes are mended from it)."""
    for (part, table, key), old in replayed.items():
        was = before.get(part, {}).get(table, {}).get(int(key), MISSING)
        assert old == was, (part, table, key)
    for part in set(before) | set(after):
        for table in TABLES:
            was = before.get(part, {}).get(table, {})
            now = after.get(part, {}).get(table, {})
            for doc_id in set(was) | set(now):
                if was.get(doc_id) != now.get(doc_id):
                    assert (part, table, str(doc_id)) in replayed, (part, table, doc_id)


class _Failing:
    """Makes the reader's next refresh fail part way (after ``countdown`` partitions were
    read again or had the journal put in), as a damaged file or a full disk would."""

    def __init__(self, reader: Store) -> None:
        self.countdown: int | None = None
        self.failed = 0
        parts = reader._parts
        for name in ("reload", "apply"):
            setattr(parts, name, self._wrapped(getattr(parts, name)))

    def _wrapped(self, fn):  # type: ignore[no-untyped-def]
        def wrapped(*args):  # type: ignore[no-untyped-def]
            if self.countdown is not None:
                if self.countdown == 0:
                    self.countdown = None
                    self.failed += 1
                    raise StoreError("injected", code="unreadable")
                self.countdown -= 1
            return fn(*args)
        return wrapped


def _checkpoint_cut_short(rnd: random.Random, writer: Store) -> None:
    """A checkpoint that fails after writing some of its files (or all of them, before
    deleting the journal it moved aside): the moved journal stays (``old_journals``),
    and the next checkpoint writes them all again."""
    written = rnd.randrange(4)
    real = transaction.write_partitions

    def some(root, files):  # type: ignore[no-untyped-def]
        real(root, dict(sorted(files.items())[:written]))
        if written < len(files):
            raise StoreError("injected: disk full", code="write_failed")

    def none(root, upto):  # type: ignore[no-untyped-def]
        raise StoreError("injected: cannot delete", code="write_failed")

    with mock.patch.object(transaction, "write_partitions", some), \
            mock.patch.object(transaction, "discard_old_journals", none):
        with pytest.raises(StoreError, match="injected"):
            writer.checkpoint()


def _run(root, seed: int, steps: int = 260) -> int:
    rnd = random.Random(seed)
    writer = Store.create(root, checkpoint_every=rnd.choice([3, 5, 8, 10_000]))
    model: View = {}
    for step in range(rnd.randrange(4, 20)):  # the files, and some journal, before it opens
        _write(writer, model, _random_record(rnd, step))
        _settled(writer)
        if rnd.random() < 0.15:
            writer.checkpoint()
    reader = Store(root, readonly=True, max_loaded_docs=rnd.choice([0, 3, 8]))
    reader.take_replayed()  # the journal replayed on opening: what the files lacked
    failing = _Failing(reader)
    seen = _copy(model)
    _check_reader(rnd, reader, seen)
    for step in range(100, 100 + steps):
        roll = rnd.random()
        if roll < 0.10:
            def refresh_between() -> None:
                nonlocal seen
                if rnd.random() < 0.6:  # the reader catches up before the fsync fails
                    before = seen
                    reader.refresh()
                    seen = _copy(model)  # without the write not yet synced
                    _check_replayed(reader.take_replayed(), before, seen)
                    _check_reader(rnd, reader, seen)
            # (padded at random: the next record is shorter or longer than the one cut)
            ops = [(p, t, i, d if d is None else dict(d, pad="x" * rnd.randrange(200)))
                   for p, t, i, d in _random_record(rnd, step)]
            _write_unsaved(writer, ops, refresh_between)
        elif roll < 0.55:
            _write(writer, model, _random_record(rnd, step))
            _settled(writer)
        elif roll < 0.60:
            writer.checkpoint()
        elif roll < 0.62:
            _checkpoint_cut_short(rnd, writer)
        elif roll < 0.80:
            before = seen
            if rnd.random() < 0.2:
                failing.countdown = rnd.randrange(4)
                try:
                    reader.refresh()
                except StoreError:  # half caught up: the next refresh takes it all again
                    pass
                failing.countdown = None
            reader.refresh()
            seen = _copy(model)
            _check_replayed(reader.take_replayed(), before, seen)
            _check_reader(rnd, reader, seen)
            for part in seen:  # what a checkpoint will write (the area cache's key)
                assert reader.content_version(part) == writer.content_version(part), part
        elif roll < 0.95:
            _check_reader(rnd, reader, seen)  # between refreshes: as at the last one
        else:
            reader.let_go()
    reader.close()
    writer.close()
    return failing.failed


@pytest.mark.parametrize("seed", [1, 7, 12, 29, 4242])
def test_a_snapshot_reads_what_its_writer_held_at_each_refresh_whatever_it_let_go(
        tmp_path, seed):
    assert _run(tmp_path / "s", seed) > 0  # some refreshes failed part way


def _lost_write_then(root, pad: str) -> tuple[Store, Store]:
    """A reader refreshed between a write's journalling and its failed fsync; then the
    writer writes a record ``pad`` long where the cut one was."""
    writer = _three(root)
    reader = Store(root, readonly=True)
    reader.take_replayed()

    def refresh_between() -> None:
        reader.refresh()
    _write_unsaved(writer, [("a", "t", 1, {"v": "a1-lost", "pad": "x" * 50}),
                            ("d", "t", 1, {"v": "d1-lost"})], refresh_between)
    assert writer.get("a", "t", 1) == {"v": "a1-old"}
    with writer.transaction() as tx:
        tx.put("b", "t", 1, {"v": "b1-new", "pad": pad})
    return writer, reader


@pytest.mark.parametrize("pad", ["", "y" * 300])  # the new record shorter, longer
def test_a_reader_never_shows_a_write_whose_fsync_failed(tmp_path, pad):
    writer, reader = _lost_write_then(tmp_path / "s", pad)
    assert reader.refresh() == {"b"}  # before: "damaged journal record" when longer
    assert reader.all("a", "t") == writer.all("a", "t")  # before: a1-lost, when shorter
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-old", "a2-old", "a3-old"]
    assert reader.partitions() == writer.partitions() == ["a", "b", "c"]  # before: "d" too
    assert reader.all("b", "t")[0] == {"v": "b1-new", "pad": pad, "doc_id": 1}
    assert reader.take_replayed() == {("b", "t", "1"): {"v": "b1-old"}}
    reader.let_go()
    assert reader.get("a", "t", 1) == {"v": "a1-old"}
    assert reader.get("d", "t", 1) is None
    reader.close()
    writer.close()


def test_a_reader_takes_a_write_once_its_fsync_returned(tmp_path):
    writer = _three(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True)
    with writer.writing():
        with writer.transaction(sync=False) as tx:
            tx.put("a", "t", 1, {"v": "a1-new"})
        assert reader.refresh() == set()  # journalled, not yet saved
        assert reader.get("a", "t", 1) == {"v": "a1-old"}
        writer.sync()
    assert reader.refresh() == {"a"}
    assert reader.get("a", "t", 1) == {"v": "a1-new"}
    reader.close()
    writer.close()


def test_a_write_undone_after_its_fsync_failed_leaves_no_empty_table_behind(tmp_path):
    writer = _three(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-new"})  # "a" holds what its file lacks
    reader = Store(tmp_path / "s", readonly=True)
    version = writer.content_version("a")
    _write_unsaved(writer, [("a", "u", 1, {"v": "new table"}), ("a", "w", 2, None)],
                   lambda: None)
    assert writer.content_version("a") == version == reader.content_version("a")
    writer.checkpoint()
    assert writer.file_version("a") == version  # before: written with tables "u", "w" empty
    reader.close()
    writer.close()


def _three(root) -> Store:
    writer = Store.create(root)
    with writer.transaction() as tx:
        for name in ("a", "b", "c"):
            for n in (1, 2, 3):
                tx.put(name, "t", n, {"v": f"{name}{n}-old"})
    writer.checkpoint()
    return writer


def test_a_let_go_partition_the_journal_changed_gives_the_version_its_next_file_will_have(
        tmp_path):
    writer = _three(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-journal"})
        tx.remove("a", "t", 3)
    reader = Store(tmp_path / "s", readonly=True, max_loaded_docs=0)
    reader.let_go()
    assert reader.file_version("a") is None  # its file lacks the journal's changes
    version = reader.content_version("a")
    reader.let_go()
    assert reader.content_version("a") == version  # read again, the same
    writer.checkpoint()
    assert writer.file_version("a") == version  # what the checkpoint wrote
    assert reader.file_version("b") == writer.file_version("b")  # untouched: the manifest's
    reader.close()
    writer.close()


def test_verify_lists_a_damaged_partition_the_journal_changed_once_and_keeps_its_changes(
        tmp_path):
    writer = _three(tmp_path / "s")
    with writer.transaction() as tx:
        tx.put("c", "t", 1, {"v": "c1-journal"})
        tx.remove("c", "t", 3)
    writer.abandon()  # the changes only in the journal
    path = tmp_path / "s" / "c.json"
    path.write_bytes(path.read_bytes().replace(b"c2-old", b"c2-bad"))  # same size
    listing = Store(tmp_path / "s", readonly=True, collect_problems=True, max_loaded_docs=1)
    listing.load_all()
    listing.let_go()
    listing.load_all()
    assert [p.params["path"] for p in listing.problems or []] == [str(path)]  # once
    assert "c" in listing.loaded_partitions()  # damaged: kept as read, not read again
    assert listing.peek("c", "t", None) == [{"v": "c1-journal", "doc_id": 1},
                                            {"v": "c2-bad", "doc_id": 2}]
    assert len(listing.problems or []) == 1
    listing.close()


def test_a_refresh_after_one_cut_short_by_a_damaged_file_gives_the_documents_held_before(
        tmp_path):
    writer = _three(tmp_path / "s")
    reader = Store(tmp_path / "s", readonly=True)
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-old", "a2-old", "a3-old"]
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-new"})
    writer.checkpoint()
    path = tmp_path / "s" / "a.json"
    path.write_bytes(path.read_bytes().replace(b"a2-old", b"a2-bad"))  # damaged in place
    with pytest.raises(StoreError, match=r"a\.json: altered or damaged"):
        reader.refresh()
    with writer.transaction() as tx:
        tx.put("a", "t", 1, {"v": "a1-newer"})
    writer.checkpoint()  # a.json sound again
    assert reader.refresh() >= {"a"}
    assert [d["v"] for d in reader.all("a", "t")] == ["a1-newer", "a2-old", "a3-old"]
    # Only a1 changed: a2 and a3 taken as new would count a ledger's lines twice in
    # the indexes (``reindex`` loads a line whose document before is MISSING).
    assert reader.take_replayed() == {("a", "t", "1"): {"v": "a1-old"}}
    reader.close()
    writer.close()


def test_a_readers_accounts_after_a_refresh_cut_short_by_a_damaged_file_count_each_line_once(
        tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    repo.store.checkpoint()
    reader = Repository.open(data, readonly=True)
    try:
        assert indexes(reader) == indexes(repo)
        busy(repo, 1)
        repo.store.checkpoint()
        ledgers = sorted(data.glob("areas/east/ledger-*.json"))
        raw = ledgers[-1].read_bytes()
        ledgers[-1].write_bytes(raw[:-2] + b"x" + raw[-1:])  # damaged in place
        with pytest.raises(StoreError, match="altered or damaged"):
            reader.refresh()
        busy(repo, 1)
        repo.store.checkpoint()  # the ledger's file written again, sound
        reader.refresh()
        assert indexes(reader) == indexes(repo)  # before: the month's lines counted twice
    finally:
        reader.close()
        repo.close()
