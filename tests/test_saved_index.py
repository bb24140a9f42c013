"""The indexes saved at each checkpoint (``indexes.dat``): read back on opening
instead of built from every partition, with the journal's records since applied;
a missing, damaged or mismatching file is rebuilt, never trusted; a read-only
reader catching up follows only what changed, and ends where a fresh build would."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from conftest import confirmed_resident, pid, reseal
from robust_support import new_repo

from db.entries import Kind
from db.manifest import INDEX_NAME
from db.repository import Repository


def indexes(repo: Repository) -> tuple:
    core = repo.core
    return (dict(core.entries.meta.items()),
            {a: {k: list(v) for k, v in d.items() if len(v)} for a, d in
             core.entries.by_area.items()},
            {a: list(v) for a, v in core.entries.by_author.items() if len(v)},
            {h: list(v) for h, v in core.entries.by_household.items() if len(v)},
            {k: v for k, v in core.fees.by_payer.items() if v}, core.fees.booked,
            {k: v for k, v in core.votes.counted.items() if v},
            core.ledger.head, core.ledger.months, core.ledger.referenced, core.ledger.carried,
            core.entries.ids, core.people.by_telegram, core.people.ids)


def fresh(data: Path) -> tuple:
    """The indexes a build from every partition makes (the saved file set aside)."""
    saved = data / INDEX_NAME
    kept = saved.read_bytes() if saved.exists() else None
    if kept is not None:
        saved.unlink()
    try:
        repo = Repository.open(data, readonly=True)
        try:
            return indexes(repo)
        finally:
            repo.close()
    finally:
        if kept is not None:
            saved.write_bytes(kept)


_PERIODS = iter(f"20{y:02d}-{m:02d}" for y in range(10, 99) for m in range(1, 13))


def busy(repo: Repository, n: int) -> None:
    """Fees submitted and approved, issues reported and moved on."""
    for i in range(n):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 1000 + i, "fee_type": "sanitation", "period": next(_PERIODS),
            "household": "c1/1/1/101"})
        repo.approve(fee.id, pid(repo, 102))
        issue = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                            {"category": "lighting", "text": f"灯坏了 {i}"})
        if i % 2:
            repo.approve(issue.id, pid(repo, 101))
        recorded = repo.submit_for(pid(repo, 101), "c1/1/1/102", Kind.ISSUE,  # /proxy
                                   {"category": "lighting", "text": f"门口灯坏了 {i}"})
        if i % 2:
            repo.approve(recorded.id, pid(repo, 102))


def street(data: Path) -> Repository:
    repo = new_repo(data)
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    busy(repo, 3)
    return repo


def test_a_checkpoint_saves_the_indexes_and_opening_reads_them_back(tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    before = indexes(repo)
    repo.close()
    assert (data / INDEX_NAME).exists()
    listed = json.loads((data / "manifest.json").read_text("utf-8"))["files"]
    assert INDEX_NAME in listed
    again = Repository.open(data)
    try:
        assert not again.store.index_stale  # read back, not built
        assert indexes(again) == before == fresh(data)
        assert not any(p.startswith("areas/") for p in again.store.loaded_partitions())
    finally:
        again.close()


def test_the_journal_since_the_checkpoint_is_applied_to_the_saved_indexes(tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    repo.close()
    repo = Repository.open(data)
    busy(repo, 4)  # in the journal only
    expected = indexes(repo)
    repo.store.abandon()  # as a crash leaves it: no checkpoint
    again = Repository.open(data)
    try:
        assert not again.store.index_stale
        assert indexes(again) == expected
    finally:
        again.store.abandon()
    assert fresh(data) == expected


def test_a_damaged_or_edited_index_file_is_rebuilt_not_trusted(tmp_path, caplog):
    data = tmp_path / "data"
    street(data).close()
    expected = fresh(data)
    path = data / INDEX_NAME
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    with caplog.at_level(logging.WARNING, logger="db.store"):
        repo = Repository.open(data)
    assert "indexes.dat: not as saved" in caplog.text
    assert repo.store.index_stale and indexes(repo) == expected
    repo.close()  # writes it again
    again = Repository.open(data)
    assert not again.store.index_stale and indexes(again) == expected
    again.close()


def test_an_index_file_not_made_from_the_partitions_there_is_rebuilt(tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    repo.close()
    # An entries file edited by hand and listed again by someone who knows the format:
    # the saved indexes were made from another version of it.
    path = next(data.glob("areas/east/entries-*.json"))
    stored = json.loads(path.read_text("utf-8"))
    first = min(stored["entries"], key=int)
    stored["entries"][first]["status"] = "rejected"
    path.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    reseal(data)
    repo = Repository.open(data)
    try:
        assert repo.store.index_stale
        assert repo.core.entries.meta[int(first)][1] == "rejected"
        assert indexes(repo) == fresh(data)
    finally:
        repo.close()


def test_a_deleted_index_file_is_rebuilt_and_the_folder_still_opens(tmp_path):
    data = tmp_path / "data"
    street(data).close()
    expected = fresh(data)
    (data / INDEX_NAME).unlink()
    repo = Repository.open(data)
    assert repo.store.index_stale and indexes(repo) == expected
    repo.close()
    assert (data / INDEX_NAME).exists()


def test_a_reader_catching_up_ends_with_the_indexes_a_fresh_build_makes(tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    repo.store.checkpoint()
    reader = Repository.open(data, readonly=True)
    try:
        busy(repo, 3)
        assert reader.refresh()
        assert indexes(reader) == indexes(repo)
        repo.store.checkpoint()  # files rewritten, a new journal
        busy(repo, 2)
        reader.refresh()
        assert indexes(reader) == indexes(repo)
        repo.close()
        assert indexes(reader) == fresh(data)
    finally:
        reader.close()


def test_each_checkpoint_saves_what_a_build_from_its_files_makes(tmp_path):
    data = tmp_path / "data"
    street(data).close()
    repo = Repository.open(data)  # read back: the next checkpoints start from the file
    for _ in range(3):
        busy(repo, 2)
        repo.store.checkpoint()
    repo.close()
    again = Repository.open(data)
    try:
        assert not again.store.index_stale
        assert indexes(again) == fresh(data)
    finally:
        again.close()


def test_restoring_the_saved_indexes_lets_go_of_the_files_bytes(tmp_path):
    """The file's bytes (20 MB at 50 areas) are not held through the rest of the
    opening: restore takes them out of the list it is given."""
    from db.saved_index import Shadow, restore

    data = tmp_path / "data"
    repo = street(data)
    repo.store.checkpoint()
    holder = list(repo.store.saved_index())
    assert isinstance(holder[0], bytes) and holder[0]
    assert restore(Shadow(), holder) is not None  # the indexes fit and were put back
    assert holder == []
    repo.close()


def test_a_read_only_snapshot_makes_the_fee_and_vote_indexes_only_when_first_used(tmp_path):
    data = tmp_path / "data"
    repo = street(data)
    repo.store.checkpoint()
    expected = indexes(repo)
    reader = Repository.open(data, readonly=True)
    try:
        # Not made on opening (a build over cached areas may never ask)...
        assert reader.core.fees._deferred is not None and reader.core.votes._deferred is not None
        assert vars(reader.core.fees)["_by_payer"] == {}  # nothing made yet
        # ...and, once asked for, what the writer holds.
        assert indexes(reader) == expected
        assert reader.core.fees._deferred is None and reader.core.votes._deferred is None
        assert any(reader.core.fees.by_payer.values()) and reader.core.fees.booked
    finally:
        reader.close()
    # Catching up before the first use applies the journal to them all the same.
    reader = Repository.open(data, readonly=True)
    try:
        busy(repo, 2)
        assert reader.refresh()
        assert indexes(reader) == indexes(repo)
    finally:
        reader.close()
        repo.close()
    writer = Repository.open(data)  # a writer makes them at once
    try:
        assert writer.core.fees._deferred is None and vars(writer.core.fees)["_by_payer"]
    finally:
        writer.close()
