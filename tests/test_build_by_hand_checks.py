"""`steward build` and `steward notice` by hand (the bot stopped) check the data folder as
the bot's start does before they publish, sign or print anything: a ledger line edited
by hand, its file's checksum listed again, was published as it was edited (its hash
left stale), and a line published since the last signed head, rewritten with its hash
made again, was signed by the street office's key."""

from __future__ import annotations

from pathlib import Path

from heads_support import money, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import ledger as ledger_rules
from db.heads import HeadLog
from db.repository import LEDGER_BLOCK, Repository

runner = CliRunner()


def edit_line(data: Path, area: str, seq: int, *, amount_fen: int, rehash: bool) -> None:
    """Change one ledger line's amount through the store, as whoever holds the folder
    can: the manifest lists the file's new checksum, so the folder opens."""
    repo = Repository.open(data)
    try:
        line = dict(repo.ledger(area)[seq - 1])
        line["amount_fen"] = amount_fen
        if rehash:
            line["hash"] = ledger_rules.line_hash(line)
        with repo.store.transaction() as tx:
            tx.put(f"areas/{area}/ledger-{(seq - 1) // LEDGER_BLOCK:05d}", "ledger", seq, line)
    finally:
        repo.close()


def build(data: Path, project: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                           "--project", str(project)])


def test_a_line_edited_by_hand_is_not_published_by_a_build_by_hand(tmp_path):
    data, project = tmp_path / "data", tmp_path / "project"
    repo, _clock = street_with_history(data)
    repo.close()
    edit_line(data, "east", 2, amount_fen=300000, rehash=False)
    built = build(data, project)
    assert built.exit_code == 1, built.output
    assert "area east, line 2" in built.output and "not building" in built.output
    assert not (project / "content" / "downloads").exists()


def test_a_line_rewritten_after_the_last_signed_head_is_not_signed_by_a_build(tmp_path):
    data, project = tmp_path / "data", tmp_path / "project"
    repo, _clock = street_with_history(data)
    money(repo, "west", 4200)  # approved after the last publish: not signed yet
    seq = len(repo.ledger("west"))
    repo.close()
    signed = HeadLog(data).read()
    edit_line(data, "west", seq, amount_fen=420000, rehash=True)
    built = build(data, project)
    assert built.exit_code == 1, built.output
    assert f"area west, ledger line {seq}: amount_fen 420000 is not what entry" in built.output
    assert "not building, no head signed" in built.output
    assert HeadLog(data).read() == signed  # the key signed nothing
    assert not (project / "content" / "downloads").exists()


def test_a_sound_folder_is_still_built_and_signed_by_hand(tmp_path):
    data, project = tmp_path / "data", tmp_path / "project"
    repo, _clock = street_with_history(data)
    money(repo, "west", 4200)
    repo.close()
    built = build(data, project)
    assert built.exit_code == 0, built.output
    assert "Signed head: west line 4" in built.output


def test_a_notice_by_hand_is_not_made_from_a_line_edited_by_hand(tmp_path):
    """`steward notice` printed the edited amount, its balance and 已签名 beside the head
    (the line's stored hash, left stale, was the one signed): a paper for the wall."""
    data, out = tmp_path / "data", tmp_path / "n.pdf"
    repo, _clock = street_with_history(data)
    repo.close()
    edit_line(data, "east", 2, amount_fen=300000, rehash=False)
    made = runner.invoke(steward_cli.app, ["notice", "east", "--month", "2025-01", "--data",
                                           str(data), "--out", str(out)])
    assert made.exit_code == 1, made.output
    assert "area east, line 2" in made.output and "no notice made" in made.output
    assert "公示单没有生成" in made.output
    assert not out.exists()


def test_an_export_is_not_written_from_a_line_edited_by_hand(tmp_path):
    """`steward export` wrote the edited amount into the public ledger.json it makes."""
    data, out = tmp_path / "data", tmp_path / "export"
    repo, _clock = street_with_history(data)
    repo.close()
    edit_line(data, "east", 2, amount_fen=300000, rehash=False)
    made = runner.invoke(steward_cli.app, ["export", str(out), "--data", str(data)])
    assert made.exit_code == 1, made.output
    assert "area east, line 2" in made.output and "nothing exported" in made.output
    assert not out.exists()
