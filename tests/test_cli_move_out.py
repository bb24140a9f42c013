"""``steward move-out``: the admin at the office ends a resident's tie to her flat (an
empty flat after a sale, a resident who died), as a volunteer's /movedout FLAT does:
says who and which flat, asks first, audited with who did it; refused for someone with
no home and for a --by who is not a volunteer of her area."""

from __future__ import annotations

from pathlib import Path

from conftest import confirmed_resident, pid
from typer.testing import CliRunner

from db.repository import Repository
from steward_cli import app

HOME = "c1/1/1/101"
runner = CliRunner()


def _mother(repo: Repository) -> tuple[int, Path]:
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(person, "罗小燕")
    root = Path(repo.store.root)
    repo.close()
    return person, root


def test_move_out_says_who_and_which_flat_and_changes_nothing_without_a_yes(repo):
    person, root = _mother(repo)
    said = runner.invoke(app, ["move-out", str(person), "--by", "101", "--reason", "去世",
                               "--data", str(root)], input="n\n")
    assert said.exit_code == 1, said.output
    assert f"#{person}: 罗小燕、东小区 1号楼 1单元 101" in said.output
    assert "将结束其在 东小区 1号楼 1单元 101 的住户登记（原因：去世" in said.output
    assert "没有改动。 / Nothing was changed." in said.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["household"] == HOME
    finally:
        again.close()


def test_move_out_ends_her_tie_audited_with_who_did_it(repo):
    person, root = _mother(repo)
    done = runner.invoke(app, ["move-out", "罗小燕", "--by", "101", "--reason", "房子卖了",
                               "--data", str(root)], input="y\n")
    assert done.exit_code == 0, done.output
    assert f"已完成：#{person} 不再登记为 东小区 1号楼 1单元 101 的住户" in done.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["household"] is None
        line = again.last_moved_out(person)
        assert line["by"] == pid(again, 101) and line["note"] == "moved out: sold"
    finally:
        again.close()
    twice = runner.invoke(app, ["move-out", str(person), "--by", "101", "--yes",
                                "--data", str(root)])
    assert twice.exit_code == 1 and "没有确认登记的住户" in twice.output


def test_move_out_by_another_areas_volunteer_or_with_an_unknown_reason_is_refused(repo):
    person, root = _mother(repo)
    west = runner.invoke(app, ["move-out", str(person), "--by", "103", "--yes",
                               "--data", str(root)])
    assert west.exit_code == 1 and "不是这一区域的志愿者" in west.output
    odd = runner.invoke(app, ["move-out", str(person), "--by", "101", "--reason", "跑了",
                              "--yes", "--data", str(root)])
    assert odd.exit_code == 1 and "不认识的原因" in odd.output
    admin = runner.invoke(app, ["move-out", str(person), "--by", "900", "--yes",
                                "--data", str(root)])
    assert admin.exit_code == 0, admin.output


def test_move_out_while_the_bot_runs_says_how_a_volunteer_does_it_in_the_bot(repo):
    """The refusal while the bot holds the folder was the one of steward forget: it said
    to have the person send /move-out to the bot herself, a command there is not (and
    ending her tie to a flat is a volunteer's /movedout FLAT, or her own 我搬走了)."""
    from db.locks import hold_writer_lock

    person, root = _mother(repo)
    lock = hold_writer_lock(root)
    try:
        said = runner.invoke(app, ["move-out", str(person), "--by", "101", "--yes",
                                   "--data", str(root)])
    finally:
        lock.close()
    assert said.exit_code == 1, said.output
    assert "/movedout 1/1/101" in said.output and "/move-out" not in said.output
