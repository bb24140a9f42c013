"""A restore says what the folder it replaces held that the backup does not: the
entries made after the backup (by number, kind and area), those decided since (back
as they were), the ledger lines published since, the people who first wrote since
(``db.restore_lost``). Before, ``steward restore`` said nothing of it: a resident told
"#N 已收到" after the backup found nothing under #N, a fee published since was gone
from the accounts, and the admin learnt it from them or from a witness."""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history
from typer.testing import CliRunner

import steward_cli
from db.backup import backup, restore
from db.entries import Kind
from db.repository import Repository


def _after_the_backup(tmp_path):  # type: ignore[no-untyped-def]
    """A backup on 1 April; then a report approved, a new one, a fee published and a
    resident registered: the folder the restore replaces."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    clock.at(3, 30)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    waiting = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                       "text": "楼道灯坏了"})
    lines = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    repo.approve(waiting.id, pid(repo, 101))
    new = repo.submit(author, Kind.ISSUE, "east", {"category": "sanitation",
                                                   "text": "垃圾没人清"})
    fee = money(repo, "east", 5000)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.close()
    return data, waiting.id, new.id, fee, lines


def test_a_restore_lists_what_came_after_its_backup(tmp_path):
    data, waiting, new, fee, lines = _after_the_backup(tmp_path)
    lost = restore(tmp_path / "b.tar.gz", data).lost
    assert (new, "issue", "east") in lost.entries and (fee, "fee_income", "east") in \
        lost.entries
    assert waiting in lost.decided  # approved since: back waiting
    assert lost.lines == {"east": (lines + 1, lines + 1)}
    assert lost.people == 1 and not lost.unread


def test_steward_restore_says_it_by_number_never_by_words(tmp_path):
    data, waiting, new, fee, lines = _after_the_backup(tmp_path)
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert "备份之后才有的，恢复后没有了" in out, out
    assert f"#{new} 报事（east）" in out and f"#{waiting}" in out, out
    assert f"账本 east 第 {lines + 1} 笔" in out and "重新登记" in out, out
    assert "1 person who first used the bot since" in out, out  # it read '1 people'
    # re-entered, the next line takes the number after the one lost (``db.lost_lines``)
    assert f"编号不会再用。请重新录入，下一笔是第 {lines + 2} 笔" in out
    assert "垃圾没人清" not in out and "楼道灯" not in out


def test_a_restore_over_the_folder_it_was_made_from_lists_nothing(tmp_path):
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    assert not restore(tmp_path / "b.tar.gz", data).lost
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert "恢复后没有了" not in out, out


def test_a_restore_into_a_new_folder_says_what_it_cannot_list_and_where_to_look(tmp_path):
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(tmp_path / "new")]).output
    assert "没法列出备份之后才有的记录" in out and "downloads/<区域>/ledger.csv" in out, out


def test_a_damaged_folder_restored_over_is_said_not_listed_and_the_restore_goes_on(tmp_path):
    """The folder a restore replaces is often damaged (why one restores): what came
    after the backup is then said not to be listable, and the backup is restored."""
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    (data / "people.json").write_text("{", encoding="utf-8")  # a failing disk
    restored = restore(tmp_path / "b.tar.gz", data)
    assert restored.lost.unread and not restored.lost.entries
    repo = Repository.open(data, readonly=True)
    try:
        assert repo.people()
    finally:
        repo.close()
