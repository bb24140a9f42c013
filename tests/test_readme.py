"""The README's links lead somewhere, it warns that Telegram is not reachable
everywhere, and the commands it gives an operator work as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from db.repository import Repository
from db.seal import is_sealed

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_every_link_in_the_readme_to_a_file_of_the_repository_exists():
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t)]
    assert local, "no links found"
    for target in local:
        assert (ROOT / target).exists(), target
    # and no path that leaves the repository, as ../shared/seed/ once did
    assert not re.search(r"`\.\./|\]\(\.\./", README)


def test_the_readme_says_telegram_is_blocked_in_mainland_china():
    assert "blocked in mainland China" in README
    assert "must check" in README


def _readme_line(pattern: str) -> str:
    """The one line of the README matching ``pattern``."""
    found = [line for line in README.splitlines() if re.search(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


def test_the_readme_nightly_encrypted_backup_runs_as_cron_runs_it(tmp_path, street_config):
    """Its passphrase file written as the README says, then its crontab line, as cron
    runs it (sh, no terminal, nothing else in the environment): a sealed backup. A file
    reading STEWARD_BACKUP_PASSPHRASE=... without export, as /etc/steward.env is
    written, left the variable in the shell: every night's backup refused."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    said = _readme_line(r"one line: .*STEWARD_BACKUP_PASSPHRASE=").split("one line: ", 1)[1]
    env_file = tmp_path / "steward-backup.env"
    env_file.write_text(said + "\n", "utf-8")
    cron = _readme_line(r"^15 3 .*steward backup .*--encrypt")
    command = cron.split(None, 5)[5].replace("\\%", "%")  # cron's escaped %
    steward = f"{shlex.quote(sys.executable)} -m steward_cli"
    for theirs, ours in (("/etc/steward-backup.env", str(env_file)),
                         ("/opt/steward/venv/bin/steward", steward),
                         ("/var/backups/steward", str(tmp_path)),
                         ("/opt/steward/data", str(data))):
        assert theirs in command, (theirs, command)
        command = command.replace(theirs, ours)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    done = subprocess.run(["/bin/sh", "-c", command], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    [backup] = tmp_path.glob("steward-*.bin")
    assert is_sealed(backup.read_bytes()[:64])


def test_a_backup_without_its_passphrase_says_in_both_languages_how_to_give_it(
        tmp_path, street_config):
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    env = {k: v for k, v in os.environ.items() if k != "STEWARD_BACKUP_PASSPHRASE"}
    done = subprocess.run([sys.executable, "-m", "steward_cli", "backup",
                           str(tmp_path / "b.bin"), "--encrypt", "--data", str(data)],
                          cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "没有备份口令" in done.stderr and "export STEWARD_BACKUP_PASSPHRASE=" in done.stderr
    assert "No passphrase" in done.stderr, done.stderr


def _service_restarts(code: int) -> bool:
    """Whether the README's systemd unit starts ``steward run`` again after it exited with
    ``code`` (``Restart=on-failure`` less ``RestartPreventExitStatus=``)."""
    unit = README.split("/etc/systemd/system/steward.service", 1)[1].split("```ini", 1)[1]
    unit = unit.split("```", 1)[0]
    settings = dict(line.split("=", 1) for line in unit.splitlines()
                    if "=" in line and not line.startswith("#"))
    assert settings["Restart"] == "on-failure"
    prevented = {int(c) for c in settings.get("RestartPreventExitStatus", "").split()}
    return code != 0 and code not in prevented


def _run(tmp_path, data: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """``steward run`` as the service runs it (its token, no webhook), Telegram unused."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:SERVICE", "STEWARD_WEBHOOK_URL": "",
           "STEWARD_PROJECT": str(tmp_path / "site-project"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "steward_cli", "run", "--data", str(data),
                           *more], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


def test_the_readme_service_does_not_restart_a_bot_whose_data_folder_is_mistyped(tmp_path):
    """A mistyped STEWARD_DATA exited 1: the README's unit started the bot again every
    5 s, for ever, filling the journal with the same refusal."""
    done = _run(tmp_path, tmp_path / "dta")
    assert done.returncode != 0 and not _service_restarts(done.returncode), done.stderr
    last = done.stderr.splitlines()[-1]
    assert _refusal(last).startswith(f"{tmp_path / 'dta'}：这里没有数据目录"), done.stderr
    assert "Traceback" not in done.stderr


def test_the_readme_service_does_not_restart_a_bot_on_a_damaged_data_folder(
        tmp_path, street_config):
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    with (data / "people.json").open("ab") as f:
        f.write(b" ")
    done = _run(tmp_path, data)
    assert done.returncode != 0 and not _service_restarts(done.returncode), done.stderr
    last = done.stderr.splitlines()[-1]
    assert _refusal(last).startswith(f"数据目录的文件 {data / 'people.json'} 已损坏"), last
    assert f"机器人没有启动。请用 steward restore 备份文件 --data {data}" in last
    assert f"Bring back a backup with `steward restore BACKUP --data {data}`" in last


def test_the_readme_service_restarts_a_bot_that_could_not_reach_telegram(
        tmp_path, street_config):
    """The network down at boot passes: the unit starts the bot again, and its one line
    says so in Chinese first."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    done = _run(tmp_path, data, "--api-base-url", "http://127.0.0.1:9/bot",
                "--api-file-url", "http://127.0.0.1:9/file/bot")
    assert _service_restarts(done.returncode), done.stderr
    last = done.stderr.splitlines()[-1]
    assert _refusal(last).startswith("连不上 Telegram 的 Bot API（http://127.0.0.1:9/bot）"), last
    assert "could not reach the Bot API at http://127.0.0.1:9/bot" in last


REFUSAL = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00 ERROR steward: ")


def _refusal(line: str) -> str:
    """The refusal of a line of the service's journal, whose time (in the street's clock)
    and level it has, as the bot's lines before it."""
    found = REFUSAL.match(line)
    assert found, line
    return line[found.end():]
