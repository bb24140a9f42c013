"""Corrupt or hand-edited data files: the bot refuses to start with a message
naming the file and the problem (``steward run``, ``Repository.open``, and an
Application that opens the folder itself), and ``steward restore`` from a
backup brings the street back — end to end with the ``steward`` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bot_harness import RecordingRequest
from conftest import confirmed_resident, pid
from robust_support import new_repo
from typer.testing import CliRunner

import steward_cli
from bot.app import build_application
from bot.settings import Settings
from db.entries import Kind
from db.errors import DomainError, StoreError
from db.repository import Repository

ENV = {"TELEGRAM_BOT_TOKEN": "123:ABC", "TELEGRAM_API_BASE_URL": "", "TELEGRAM_API_FILE_URL": "",
       "STEWARD_WEBHOOK_URL": "", "STEWARD_WEBHOOK_SECRET": "", "STEWARD_DATA": ""}
runner = CliRunner()


@pytest.fixture
def started(monkeypatch):
    """Stands in for the blocking bot loop; records whether the bot started."""
    runs = []

    def fake(settings, repo):
        runs.append(repo.balance("east"))
        repo.close()

    monkeypatch.setattr(steward_cli, "_start_bot", fake)
    return runs


def _street_with_money(data: Path) -> None:
    repo = new_repo(data)
    maker = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    for amount in (3000, 4500):
        fee = repo.submit(maker, Kind.FEE_INCOME, "east",
                          {"amount_fen": amount, "fee_type": "property", "period": "2025-01"})
        repo.approve(fee.id, pid(repo, 102))
    repo.close()


def _journal_with_lines(data: Path, image: Path) -> None:
    """A folder as a crash leaves it: journal lines not yet checkpointed."""
    repo = Repository.open(data)
    author = repo.person_by_telegram(7001)["id"]
    for text in ("一", "二", "三"):
        repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
    repo.close()


def garbage_people(root: Path) -> tuple[str, str]:
    path = root / "people.json"
    path.write_bytes(path.read_bytes()[:40])  # cut short, e.g. a copy interrupted
    return "people.json", "not valid JSON"


def wrong_shape(root: Path) -> tuple[str, str]:
    (root / "street.json").write_text('["hand", "edited"]', encoding="utf-8")
    return "street.json", "not a partition"


def bad_meta(root: Path) -> tuple[str, str]:
    (root / "meta.json").write_text("{schema: one}", encoding="utf-8")
    return "meta.json", "damaged"


def altered_amount(root: Path) -> tuple[str, str]:
    path = root / "areas" / "east" / "ledger-00000.json"
    stored = json.loads(path.read_text("utf-8"))
    stored["ledger"]["1"]["amount_fen"] = 300000  # someone "corrects" a line by hand
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return "ledger-00000.json", "altered"


def damaged_journal_line(root: Path) -> tuple[str, str]:
    path = root / "journal.log"
    lines = path.read_bytes().split(b"\n")
    assert len(lines) > 3
    lines[0] = lines[0].replace(b"lighting", b"septic!!")  # crc no longer matches
    path.write_bytes(b"\n".join(lines))
    return "journal.log, line 1", "damaged journal record"


DAMAGE = [garbage_people, wrong_shape, bad_meta, altered_amount, damaged_journal_line]


def _damaged_folder(tmp_path: Path, damage) -> tuple[Path, str, str]:
    data = tmp_path / "data"
    _street_with_money(data)
    if damage is damaged_journal_line:
        image = tmp_path / "crashed"
        _journal_with_lines(data, image)
        data = image
    name, problem = damage(data)
    return data, name, problem


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
def test_steward_run_refuses_a_damaged_folder_naming_file_and_problem(tmp_path, started,
                                                                      damage):
    data, name, problem = _damaged_folder(tmp_path, damage)
    result = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=ENV)
    assert result.exit_code != 0 and started == []
    assert name in result.output and problem in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
async def test_an_application_opening_a_damaged_folder_does_not_start(tmp_path, damage):
    data, name, problem = _damaged_folder(tmp_path, damage)
    app = build_application(Settings(token="1:T", data_dir=data, persistence=False),
                            request=RecordingRequest())
    app.bot_data["register_commands"] = False
    await app.initialize()
    with pytest.raises(DomainError) as caught:
        await app.post_init(app)  # what run_polling / run_webhook do before serving
    assert "repo" not in app.bot_data
    await app.shutdown()
    message = str(caught.value)
    if damage is altered_amount:  # the chain check names the area and the line
        assert "area east, ledger line 1" in message and problem in message
    else:
        assert name in message and problem in message
    # Nothing holds the folder: an operator can restore it at once.
    try:
        Repository.open(data).store.abandon()
    except StoreError as exc:
        assert exc.code != "in_use", exc


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
def test_steward_restore_from_a_backup_brings_the_street_back(tmp_path, started, damage):
    data, name, _problem = _damaged_folder(tmp_path, lambda root: ("", ""))
    archive = tmp_path / "street-backup.tar.gz"
    made = runner.invoke(steward_cli.app, ["backup", str(archive), "--data", str(data)])
    assert made.exit_code == 0, made.output
    if damage is damaged_journal_line:
        image = tmp_path / "crashed"
        _journal_with_lines(data, image)
        data = image
    damage(data)
    refused = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=ENV)
    assert refused.exit_code != 0

    restored = runner.invoke(steward_cli.app, ["restore", str(archive), "--data", str(data)])
    assert restored.exit_code == 0, restored.output
    checked = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert checked.exit_code == 0 and "OK" in checked.output, checked.output
    ran = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=ENV)
    assert ran.exit_code == 0, ran.output
    assert started == [7500]  # the bot starts, with the ledger as it was backed up
