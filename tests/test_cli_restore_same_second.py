"""Two ``steward restore`` runs into the same folder within one second: the old folder is
kept as ``data.before-restore-<stamp>``, precise to the second, so the second run's
rename met the first's kept folder and failed with a bare ``OSError: Directory not
empty`` (a traceback, in English only). Now the second is kept as ``…-<stamp>-2``, and
a folder that cannot be moved aside says so, with the data folder as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import db.backup
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()
STAMP = "2026-12-06T14:30:05+08:00"


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    result = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(folder),
                    "--project", str(tmp_path / "project"))
    assert result.exit_code == 0, result.output
    return folder


def test_two_restores_within_one_second_keep_two_folders(data, tmp_path, monkeypatch):
    monkeypatch.setattr(db.backup, "_now", lambda: STAMP)  # both in the same second
    archive = tmp_path / "b.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    first = invoke("restore", str(archive), "--data", str(data))
    second = invoke("restore", str(archive), "--data", str(data))
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    kept = sorted(p.name for p in tmp_path.iterdir() if ".before-restore-" in p.name)
    assert kept == ["data.before-restore-20261206-143005",
                    "data.before-restore-20261206-143005-2"]
    assert f"原来的数据目录保留为 {tmp_path / kept[1]}" in second.output
    assert (data / "meta.json").exists()


def test_an_empty_folder_by_the_kept_name_is_not_replaced(data, tmp_path, monkeypatch):
    monkeypatch.setattr(db.backup, "_now", lambda: STAMP)
    archive = tmp_path / "b.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    (tmp_path / "data.before-restore-20261206-143005").mkdir()
    assert invoke("restore", str(archive), "--data", str(data)).exit_code == 0
    assert (tmp_path / "data.before-restore-20261206-143005-2" / "meta.json").exists()


def test_a_folder_that_cannot_be_kept_aside_says_so_and_restores_nothing(
        data, tmp_path, monkeypatch):
    monkeypatch.setattr(db.backup, "_now", lambda: STAMP)
    monkeypatch.setattr(db.backup, "KEPT_TRIES", 1)
    archive = tmp_path / "b.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    (tmp_path / "data.before-restore-20261206-143005").mkdir()
    before = sorted(p.name for p in data.iterdir())
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code != 0
    assert "原来的数据目录没能改名保留" in result.output and "没有恢复，数据目录没有改动" in \
        result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in data.iterdir()) == before
    assert not any(p.name.startswith(".data.restoring") for p in tmp_path.iterdir())
