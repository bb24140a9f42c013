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

    monkeypatch.setattr("cli.run._start_bot", fake)
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
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[:40])  # cut short, e.g. a copy interrupted
    return "people.json", f"cut short: 40 of {size} bytes"


def people_deleted(root: Path) -> tuple[str, str]:
    (root / "people.json").unlink()
    return "people.json", "missing"


def ledger_block_deleted(root: Path) -> tuple[str, str]:
    (root / "areas" / "east" / "ledger-00000.json").unlink()
    return "areas/east/ledger-00000.json", "missing"


def entries_deleted(root: Path) -> tuple[str, str]:
    [path] = (root / "areas" / "east").glob("entries-*.json")
    path.unlink()
    return f"areas/east/{path.name}", "missing"  # not blamed on the ledger file


def bad_byte_in_people(root: Path) -> tuple[str, str]:
    path = root / "people.json"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # same size, one bit flipped
    path.write_bytes(bytes(raw))
    return "people.json", "altered or damaged"


def wrong_shape(root: Path) -> tuple[str, str]:
    (root / "street.json").write_text('["hand", "edited"]', encoding="utf-8")
    return "street.json", "cut short"


def bad_meta(root: Path) -> tuple[str, str]:
    (root / "meta.json").write_text("{schema: one}", encoding="utf-8")
    return "meta.json", "damaged"


def manifest_deleted(root: Path) -> tuple[str, str]:
    (root / "manifest.json").unlink()
    return "manifest.json", "missing"


def file_put_in_by_hand(root: Path) -> tuple[str, str]:
    (root / "areas" / "east" / "extra.json").write_text("{}", encoding="utf-8")
    return "areas/east/extra.json", "not in the data folder's manifest"


def altered_amount(root: Path) -> tuple[str, str]:
    path = root / "areas" / "east" / "ledger-00000.json"
    stored = json.loads(path.read_text("utf-8"))
    stored["ledger"]["1"]["amount_fen"] = 300000  # someone "corrects" a line by hand
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return "ledger-00000.json", "altered"


def _records(root: Path) -> tuple[Path, bytes, list[bytes]]:
    """The journal a crash left: its header (two lines), and its records (three or more)."""
    path = root / "journal.log"
    first, second, *records = path.read_bytes().split(b"\n")[:-1]
    assert first.startswith(b"#journal") and second.startswith(b"#journal")
    assert len(records) >= 3
    return path, first + b"\n" + second, records


def damaged_journal_line(root: Path) -> tuple[str, str]:
    path, header, records = _records(root)
    records[1] = records[1].replace("二".encode(), "亍".encode())  # same size, crc fails
    path.write_bytes(b"\n".join([header, *records, b""]))
    return "journal.log, line 4", "damaged journal record"


def bad_byte_in_last_journal_record(root: Path) -> tuple[str, str]:
    path, header, records = _records(root)
    records[-1] = records[-1].replace("三".encode(), "亖".encode())
    path.write_bytes(b"\n".join([header, *records, b""]))
    return f"journal.log, line {len(records) + 2}", "damaged journal record"


def journal_cut_in_half(root: Path) -> tuple[str, str]:
    path = root / "journal.log"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return "journal.log", f"cut short: {len(raw) // 2} bytes, but the first {len(raw)}"


def journal_of_zeros(root: Path) -> tuple[str, str]:
    path = root / "journal.log"
    path.write_bytes(bytes(path.stat().st_size))
    return "journal.log", "does not begin with its header line"


def journal_deleted(root: Path) -> tuple[str, str]:
    (root / "journal.log").unlink()
    return "journal.log", "missing"


DAMAGE = [garbage_people, people_deleted, ledger_block_deleted, entries_deleted,
          bad_byte_in_people, wrong_shape, bad_meta, manifest_deleted, file_put_in_by_hand,
          altered_amount, damaged_journal_line, bad_byte_in_last_journal_record,
          journal_cut_in_half, journal_of_zeros, journal_deleted]
ON_A_CRASHED_FOLDER = (damaged_journal_line, bad_byte_in_last_journal_record,
                       journal_cut_in_half, journal_of_zeros)


def _damaged_folder(tmp_path: Path, damage) -> tuple[Path, str, str]:
    data = tmp_path / "data"
    _street_with_money(data)
    if damage in ON_A_CRASHED_FOLDER:
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
    # exit 2: the README's service does not start it again every 5 s (no restart mends it)
    assert result.exit_code == 2 and started == [], result.output
    assert " ERROR steward: " in result.output and "机器人没有启动" in result.output
    assert name in result.output and problem in result.output, result.output
    assert f"`steward restore BACKUP --data {data}`" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
def test_steward_verify_names_the_damaged_file_and_says_to_restore(tmp_path, damage):
    data, name, problem = _damaged_folder(tmp_path, damage)
    result = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert result.exit_code == 1, result.output
    assert name in result.output and problem in result.output, result.output
    assert f"`steward restore BACKUP --data {data}`" in result.output, result.output
    assert "OK" not in result.output and "Traceback" not in result.output


def test_a_torn_journal_tail_is_cut_off_with_a_log_line_saying_how_many_bytes(tmp_path,
                                                                             started, caplog):
    data = tmp_path / "data"
    _street_with_money(data)
    crashed = tmp_path / "crashed"
    _journal_with_lines(data, crashed)
    journal = crashed / "journal.log"
    tail = b'1234abcd {"ops":[["areas/east/entries-2025","entries",9'  # cut by a crash
    with open(journal, "ab") as f:
        f.write(tail)
    checked = runner.invoke(steward_cli.app, ["verify", "--data", str(crashed)])
    assert checked.exit_code == 0, checked.output  # the tail was never acknowledged
    with caplog.at_level("WARNING", logger="db.storage"):
        result = runner.invoke(steward_cli.app, ["run", "--data", str(crashed)], env=ENV)
    assert result.exit_code == 0, result.output
    assert started == [7500]
    assert f"journal.log: cut off a torn tail of {len(tail)} bytes" in caplog.text
    repo = Repository.open(crashed)
    texts = [e.data["text"] for e in repo.entries(area="east", kind="issue")]
    assert texts == ["一", "二", "三"]
    repo.close()
    assert tail not in journal.read_bytes()


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
    if damage in ON_A_CRASHED_FOLDER:
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
