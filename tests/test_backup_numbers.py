"""A number a resident was given never means two things, after a restore too
(``db.numbering``). Before, the next entry number was one more than the highest
stored: restoring last night's backup over the folder gave "#532" again to the next
report, while a resident held a receipt "报事编号 #532" for another, and volunteers'
posts said #532. Now a restore into the same folder numbers new entries (and people)
past every number the folder it replaces gave out, and keeps that floor in the store
(journal, checkpoints, backups); into a new folder, ``--numbers-from`` gives it."""

from __future__ import annotations

import shutil

from conftest import confirmed_resident
from heads_support import street_with_history
from typer.testing import CliRunner

import steward_cli
from db.backup import backup, restore
from db.entries import Kind
from db.numbering import floors, keep_past, next_numbers
from db.repository import Repository

REPORT = {"category": "lighting", "text": "楼道灯坏了"}


def _given_out_after_the_backup(tmp_path):  # type: ignore[no-untyped-def]
    """A backup; then a report (#N told to its author) and a new resident: the folder
    a restore replaces, the highest entry and person numbers given out."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    repo.submit(author, Kind.ISSUE, "east", REPORT)
    newcomer = confirmed_resident(repo, 5002, "c1/1/1/102", 101)  # and her registration
    given = max(e.id for e in repo.entries())
    repo.close()
    return data, clock, given, newcomer


def _submit(data, clock):  # type: ignore[no-untyped-def]
    repo = Repository.open(data, clock=clock)
    try:
        author = repo.person_by_telegram(5001)
        assert author is not None
        return repo.submit(author["id"], Kind.ISSUE, "east", REPORT).id
    finally:
        repo.close()


def test_after_a_restore_a_new_entry_never_gets_a_number_given_out_since_the_backup(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    restored = restore(tmp_path / "b.tar.gz", data)
    assert restored.numbers["entry"] == given + 1 and restored.numbers_past
    assert _submit(data, clock) == given + 1  # before: ``given`` again


def test_after_a_restore_a_new_person_never_gets_the_number_of_one_registered_since(tmp_path):
    data, clock, _, newcomer = _given_out_after_the_backup(tmp_path)
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        assert repo.person_by_telegram(5002) is None  # registered after the backup
        assert int(repo.ensure_person(6001, name="新来的")["id"]) == newcomer + 1
    finally:
        repo.close()


def test_the_floor_holds_after_restarts_checkpoints_and_a_crash(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    restore(tmp_path / "b.tar.gz", data)
    for _ in range(2):  # opened and closed: the saved indexes are read back
        Repository.open(data, clock=clock).close()
    repo = Repository.open(data, clock=clock)
    keep_past(repo, {"entry": given + 50}, "a test")
    repo.store.abandon()  # stopped before any checkpoint: the journal holds it
    assert _submit(data, clock) == given + 50
    assert _submit(data, clock) == given + 51


def test_a_floor_is_never_lowered_and_a_second_restore_keeps_the_first_ones(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    kept = restore(tmp_path / "b.tar.gz", data).kept
    assert kept is not None
    shutil.rmtree(kept)  # two restores within a second would keep both under one name
    repo = Repository.open(data, clock=clock)
    assert keep_past(repo, {"entry": 2, "person": 2}, "lower")["entry"] == given + 1
    repo.close()
    # the folder replaced now gave out nothing past the backup but its floor: kept
    assert restore(tmp_path / "b.tar.gz", data).numbers["entry"] == given + 1
    assert _submit(data, clock) == given + 1


def test_a_backup_made_after_a_restore_keeps_its_floor(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    restore(tmp_path / "b.tar.gz", data)
    backup(data, tmp_path / "later.tar.gz")
    restored = restore(tmp_path / "later.tar.gz", tmp_path / "new")
    assert restored.numbers["entry"] == given + 1
    repo = Repository.open(tmp_path / "new", readonly=True)
    try:
        assert floors(repo.store)["entry"] == given + 1 and \
            next_numbers(repo)["entry"] == given + 1
    finally:
        repo.close()


def test_a_restore_into_a_new_folder_numbers_from_what_it_is_given(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    unknown = restore(tmp_path / "b.tar.gz", tmp_path / "lost")
    assert unknown.numbers["entry"] < given and not unknown.numbers_past
    restored = restore(tmp_path / "b.tar.gz", tmp_path / "new", numbers_from=1000)
    assert restored.numbers["entry"] == 1000 and restored.numbers_past
    assert _submit(tmp_path / "new", clock) == 1000


def test_steward_restore_says_from_which_number_and_numbers_past_the_old_ones(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert f"新的记录从 #{given + 1} 开始编号" in out, out
    assert "会分给新的记录" not in out and "get these numbers again" not in out, out
    assert _submit(data, clock) == given + 1


def test_steward_restore_into_a_new_folder_asks_for_numbers_from(tmp_path):
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    runner = CliRunner()
    out = runner.invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                          "--data", str(tmp_path / "new")]).output
    assert "新的记录会从 #" in out and "--numbers-from 编号" in out, out
    out = runner.invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"), "--data",
                                          str(tmp_path / "new"), "--numbers-from",
                                          "2000"]).output
    assert "#2000" in out and "--numbers-from 编号" not in out, out
    assert _submit(tmp_path / "new", clock) == 2000


def test_a_damaged_folder_restored_over_says_the_numbers_are_unknown(tmp_path):
    """The folder replaced could not be read: its numbers are not known either, and the
    restore says so as for a new folder, not that it numbers past them."""
    data, clock, given, _ = _given_out_after_the_backup(tmp_path)
    (data / "people.json").write_text("{", encoding="utf-8")  # a failing disk
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert "原来的目录读不出来，不知道备份之后机器人又发出去了哪些编号" in out, out
    assert "--numbers-from 编号" in out and "恢复到了新目录，不知道" not in out, out
