"""A read-only snapshot puts off restoring the saved indexes (``Core.restore_put_off``)
until an index is first used: whatever is asked first, the answers are those of an
opening that restored them at once; a warm whole site build never restores them; a
refresh restores them from the file as opened before it goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import pid
from test_saved_index import busy, fresh, indexes, street
from test_site_helpers import collected_areas, make_project

from db.entries import Kind, Status
from db.manifest import INDEX_NAME
from db.repository import Repository
from site_builder import build_site


def _answers(repo: Repository, fee_id: int) -> dict[str, object]:
    """What several index-using reads of the repository answer."""
    ids = lambda entries: [e.id for e in entries]  # noqa: E731
    return {
        "east fees": ids(repo.entries(area="east", kind=Kind.FEE_INCOME)),
        "approved issues": ids(repo.entries(area="east", kind=Kind.ISSUE,
                                            status=Status.APPROVED)),
        "pending": ids(repo.entries(status=Status.PENDING)),
        "count issues": repo.count_entries(area="east", kind=Kind.ISSUE),
        "count approved": repo.count_entries(status=Status.APPROVED),
        "household fees": repo.household_fees("c1/1/1/101"),
        "duplicates": repo.fee_duplicates(fee_id),
        "ledger": repo.ledger("east"),
        "balance": repo.balance("east"),
        "month": repo.month_totals("east", repo.ledger("east")[-1]["date"][:7]),
        "tail": repo.ledger_tail("east", 2),
        "heads": repo.chain_heads(),
    }


_FIRST = ["east fees", "approved issues", "count issues", "household fees", "duplicates",
          "ledger", "balance", "tail", "month", "heads"]


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, object], tuple]:
    """A street checkpointed with its saved indexes, then more written in the journal
    only (the snapshot replays it), with the answers of an opening that restores the
    indexes at once (the writer's, on a copy of the folder)."""
    data = tmp_path / "data"
    repo = street(data)
    repo.store.checkpoint()
    busy(repo, 3)  # after the checkpoint: in the journal only
    fee_id = repo.entries(area="east", kind=Kind.FEE_INCOME)[-1].id
    repo.store.abandon()  # as the bot leaves it between checkpoints
    assert (data / INDEX_NAME).exists()
    copy = tmp_path / "eager"
    shutil.copytree(data, copy)
    eager = Repository.open(copy)
    try:
        assert not eager.store.index_stale  # restored from the saved file, at once
        expected = _answers(eager, fee_id)
        expected_ix = indexes(eager)
    finally:
        eager.store.abandon()
    assert expected["east fees"] and expected["ledger"] and expected["household fees"]
    assert expected["approved issues"] and expected["duplicates"] is not None
    return data, {"fee": fee_id, **expected}, expected_ix


@pytest.mark.parametrize("first", _FIRST)
def test_a_snapshot_answers_as_an_eager_opening_whatever_it_is_asked_first(folder, first):
    data, expected, expected_ix = folder
    fee_id = expected.pop("fee")
    snapshot = Repository.open(data, readonly=True)
    try:
        assert snapshot.core._pending is not None  # nothing restored on opening
        first_answer = _answers_one(snapshot, fee_id, first)
        assert first_answer == expected[first]  # restored by it if it uses an index
        assert _answers(snapshot, fee_id) == expected
        assert snapshot.core._pending is None
        assert indexes(snapshot) == expected_ix
    finally:
        snapshot.close()


def _answers_one(repo: Repository, fee_id: int, name: str) -> object:
    """One of ``_answers``, asked before anything else."""
    month = str(repo.store.all(repo.store.partitions("areas/east/ledger-")[-1],
                               "ledger")[-1]["date"])[:7]  # read, not from an index
    ids = lambda entries: [e.id for e in entries]  # noqa: E731
    asks = {
        "east fees": lambda: ids(repo.entries(area="east", kind=Kind.FEE_INCOME)),
        "approved issues": lambda: ids(repo.entries(area="east", kind=Kind.ISSUE,
                                                    status=Status.APPROVED)),
        "count issues": lambda: repo.count_entries(area="east", kind=Kind.ISSUE),
        "household fees": lambda: repo.household_fees("c1/1/1/101"),
        "duplicates": lambda: repo.fee_duplicates(fee_id),
        "ledger": lambda: repo.ledger("east"),
        "balance": lambda: repo.balance("east"),
        "tail": lambda: repo.ledger_tail("east", 2),
        "month": lambda: repo.month_totals("east", month),
        "heads": lambda: repo.chain_heads(),
    }
    return asks[name]()


def test_a_snapshot_ends_with_the_indexes_a_build_from_every_partition_makes(folder):
    data, _expected, expected_ix = folder
    assert fresh(data) == expected_ix


def test_a_refresh_restores_the_indexes_as_opened_then_follows_the_writer(folder):
    data, expected, _ = folder
    snapshot = Repository.open(data, readonly=True)
    writer = Repository.open(data)  # replays the journal, as the bot does when it starts
    try:
        assert snapshot.core._pending is not None
        writer.store.checkpoint()  # rewrites the partitions and the saved file
        busy(writer, 2)
        snapshot.refresh()
        assert snapshot.core._pending is None
        assert indexes(snapshot) == indexes(writer)
        assert snapshot.count_entries(area="east", kind=Kind.ISSUE) == \
            expected["count issues"] + 4  # each round of busy: a report, one recorded
    finally:
        snapshot.close()
        writer.close()


def test_a_damaged_saved_file_is_found_at_first_use_and_the_indexes_built(folder, caplog):
    data, expected, expected_ix = folder
    snapshot = Repository.open(data, readonly=True)
    try:
        # Replaced after the snapshot was taken: the snapshot reads what it held open.
        raw = (data / INDEX_NAME).read_bytes()
        (data / INDEX_NAME).unlink()
        (data / INDEX_NAME).write_bytes(b"nonsense")
        assert indexes(snapshot) == expected_ix
    finally:
        snapshot.close()
    (data / INDEX_NAME).write_bytes(raw[:-10] + b"0123456789")  # damaged in place
    snapshot = Repository.open(data, readonly=True)
    try:
        assert snapshot.core._pending is not None
        assert snapshot.count_entries(area="east", kind=Kind.ISSUE) == expected["count issues"]
        assert indexes(snapshot) == expected_ix
        assert "not as saved" in caplog.text
    finally:
        snapshot.close()


def test_a_writer_restores_the_indexes_on_opening(folder):
    data, _expected, _ = folder
    writer = Repository.open(data)
    try:
        assert writer.core._pending is None and len(writer.core.ix.entries.meta)
    finally:
        writer.store.abandon()


def test_a_warm_whole_site_build_does_not_restore_the_indexes(street, monkeypatch):
    repo, tmp = street
    repo.store.checkpoint()
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)  # every area made and kept
    # the same clock: an area's key holds the month (its notices run to it), and the
    # repository's test clock is in another month than the machine's
    snapshot = Repository.open(tmp / "data", readonly=True, clock=repo.clock)
    try:
        calls = collected_areas(monkeypatch)
        report = build_site(snapshot, project, run_mkdocs=False)
        assert calls == [] and report.pages  # every area taken from the area cache
        assert snapshot.core._pending is not None  # not one index used
        assert pid(snapshot, 101)  # people are read at opening as before
    finally:
        snapshot.close()
