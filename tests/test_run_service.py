"""`steward run` as the README's service runs it (environment file, SIGTERM to stop),
read as the machine's operator reads it in `journalctl -u steward`: a line saying
the bot runs (its username, street, data folder, site project), the site built at
the first start into the project named by STEWARD_PROJECT, a line when it stopped;
no warning of a library's about a design choice, no line per poll of Telegram."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot_api_emulator import BotApiEmulator
from conftest import chinese_first

from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


def _start_service(cwd: Path, data: Path, project: Path,
                   api: BotApiEmulator) -> subprocess.Popen[bytes]:
    """`steward run` with the environment file of the README's service, against ``api``."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:SERVICE", "STEWARD_DATA": str(data),
           "STEWARD_PROJECT": str(project), "STEWARD_WEBHOOK_URL": "",
           "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_API_FILE_URL": api.file_url,
           "STEWARD_BUILD_WORKERS": "1", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(ROOT)}  # this checkout's code, wherever the venv points
    return subprocess.Popen([sys.executable, "-m", "steward_cli", "run"], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stop_service(proc: subprocess.Popen[bytes]) -> str:
    """``systemctl stop``: SIGTERM, then the service's whole log."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.communicate(timeout=60)[0].decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[0].decode("utf-8", "replace")


def test_the_service_log_says_it_runs_builds_the_missing_site_and_stopped_in_chinese_first(
        tmp_path, street_config):
    data, project = tmp_path / "data", tmp_path / "site-project"
    Repository.init(data, street_config).close()
    with BotApiEmulator() as api:
        proc = _start_service(tmp_path, data, project, api)
        try:
            api.wait_for(lambda c: c.method == "setMyCommands", timeout=60)
            deadline = time.monotonic() + 120
            while not (project / "site" / "index.html").exists():
                assert time.monotonic() < deadline, "the site was not built at start"
                time.sleep(0.2)
            time.sleep(1.5)  # several polls of the emulator, whose lines must not be logged
        finally:
            log = _stop_service(proc)
    assert proc.returncode == 0, log
    assert "@steward_e2e_bot is running for" in log, log
    assert f"data folder {data.resolve()}" in log and f"site project {project.resolve()}" in log
    assert "building the site at start: the site has not been built yet" in log, log
    assert "site built:" in log, log
    assert f"stopped: every change is saved in {data}" in log, log
    assert "PTBUserWarning" not in log and "per_message" not in log, log
    assert "getUpdates" not in log and "HTTP Request" not in log, log
    assert "Traceback" not in log, log
    # the operator of a street office reads Chinese first: each of Steward's own lines at
    # start, at the build and at the stop (they read 'the public site is built in …',
    # '@bot is running for …', 'site built: …', 'stopped: …' in English only)
    ours = re.findall(r"^\S+ \S+ (?:INFO|WARNING|ERROR) (?:steward|bot\.\w+|site_builder\.\w+): "
                      r"(.*)$", log, re.M)
    assert len(ours) >= 6, log
    assert all(chinese_first(line) for line in ours), "\n".join(
        line for line in ours if not chinese_first(line))
    assert f"已停止：每个改动都保存在 {data} / stopped" in log
    # the test street names no bot_username: its site has no QR code to the bot
    assert "WARNING bot.app: 街道文件没有 bot_username" in log, log
    assert "Add bot_username: steward_e2e_bot to the street file" in log, log


def test_a_street_file_naming_another_bot_or_site_is_warned_of_with_how_to_merge(
        street_config):
    """A bot_username mistyped at init sent every poster's QR code to another bot, and a
    STEWARD_SITE_URL unlike the street file's site_url left the site's QR codes on the
    old address, without a word in the log."""
    from dataclasses import replace

    from bot.app import street_file_warnings

    street = replace(street_config.street, bot_username="dongmen_bot",
                     site_url="https://old.example/")
    assert street_file_warnings(street, "Dongmen_Bot", "https://old.example", "/d") == []
    [bot, site] = street_file_warnings(street, "dongmen_steward_bot", "https://new.example/",
                                       "/opt/steward/data")
    assert "bot_username 是 @dongmen_bot，但这个 token 的机器人是 @dongmen_steward_bot" in bot
    assert "steward merge-street street.yaml --data /opt/steward/data" in bot
    # the file may be lost with a machine: it is written again from the data folder
    assert "先用 steward street-file street.yaml --data /opt/steward/data 写出一份来改" in bot
    assert "STEWARD_SITE_URL 是 https://new.example/，街道文件的 site_url 是 https://old.example/" \
        in site and "the street file's site_url https://old.example/" in site


def test_a_bot_api_out_of_reach_at_start_is_one_clear_line_and_exit_1(tmp_path, street_config):
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:SERVICE", "STEWARD_WEBHOOK_URL": "",
           "STEWARD_PROJECT": str(tmp_path / "site-project"),
           "PYTHONPATH": str(ROOT)}  # this checkout's code, wherever the venv points
    done = subprocess.run(
        [sys.executable, "-m", "steward_cli", "run", "--data", str(data),
         "--api-base-url", "http://127.0.0.1:9/bot", "--api-file-url",
         "http://127.0.0.1:9/file/bot"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 3, done.stderr
    assert "could not reach the Bot API at http://127.0.0.1:9/bot" in done.stderr
    # one line, ours, Chinese first: the library's English 'Network Retry Loop (Bootstrap
    # Initialize Application): Failed run number 0 of 0. Aborting.' came before it
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and " ERROR steward: 连不上 Telegram 的 Bot API" in errors[0], \
        done.stderr


def test_telegram_out_of_reach_while_running_is_a_line_not_a_traceback_per_poll(
        tmp_path, street_config):
    data, project = tmp_path / "data", tmp_path / "site-project"
    Repository.init(data, street_config).close()
    api = BotApiEmulator()
    api.__enter__()
    proc = _start_service(tmp_path, data, project, api)
    try:
        api.wait_for(lambda c: c.method == "setMyCommands", timeout=60)
        deadline = time.monotonic() + 60
        while not api.last_poll:  # polling, past its start
            assert time.monotonic() < deadline, "the bot never polled"
            time.sleep(0.1)
        time.sleep(1)
    finally:
        api.__exit__()  # Telegram out of reach: the bot retries every second or two
    time.sleep(10)
    log = _stop_service(proc)
    assert proc.returncode == 0, log
    assert log.count("cannot reach the Bot API") == 1, log
    assert "Traceback" not in log and "handler failed" not in log, log


def test_a_data_folder_of_another_user_is_named_with_its_owner_not_a_traceback(
        tmp_path, street_config, monkeypatch, capsys):
    """`steward init` run as root, the service as User=steward: the bot stopped with a
    PermissionError traceback (tried as nobody in the ops trial). As root here, the
    refusal is stood in for; the message names the file, both users and the fix."""
    import getpass

    from typer.testing import CliRunner

    import steward_cli

    data = tmp_path / "data"
    Repository.init(data, street_config).close()

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(data / ".writer.lock"))

    monkeypatch.setattr("db.repository.Repository.open", refused)
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)],
                                env={"TELEGRAM_BOT_TOKEN": "1:T", "STEWARD_WEBHOOK_URL": ""})
    me = getpass.getuser()
    assert result.exit_code == 2 and "Traceback" not in result.output  # not restarted
    assert f"{data / '.writer.lock'}: permission denied" in result.output
    assert f"sudo chown -R {me}: {data}" in result.output

    def any_command():  # any other command (verify, backup...) that meets such a file
        raise PermissionError(13, "Permission denied", str(data / ".checkpoint.lock"))

    monkeypatch.setattr(steward_cli, "app", any_command)
    _main_exits_1(steward_cli)
    err = capsys.readouterr().err
    assert err.startswith(f"steward: {data / '.checkpoint.lock'}：没有权限。")
    assert f"{data / '.checkpoint.lock'}: permission denied" in err
    assert f"{data} belongs to" in err and f"sudo chown -R {me}: {data}" in err


def _main_exits_1(steward_cli) -> None:  # type: ignore[no-untyped-def]
    """``steward_cli.main()`` ends the process with exit code 1 (a refusal, no traceback)."""
    try:
        steward_cli.main()
    except SystemExit as exc:
        assert exc.code == 1
    else:
        raise AssertionError("main() did not exit")


def test_the_signing_key_of_another_users_folder_is_named_by_its_folder_not_a_traceback(
        tmp_path, street_config, monkeypatch, capsys):
    """steward verify run as the admin, not as the service's user: keys/ (mode 700) may
    not even be looked into, and the message meant to say so died of a second
    PermissionError (two tracebacks, tried as nobody). As root here, it is stood in for."""
    import getpass

    import steward_cli
    from db.heads import start_signing

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    start_signing(data, "2026-12-05T08:00:00+08:00")  # as steward init does
    key = data / "keys" / "signing.key"
    assert key.exists()
    real_is_dir = Path.is_dir

    def is_dir(self):
        if self == key:
            raise PermissionError(13, "Permission denied", str(key))
        return real_is_dir(self)

    def verify():
        raise PermissionError(13, "Permission denied", str(key))

    monkeypatch.setattr(Path, "is_dir", is_dir)
    monkeypatch.setattr(steward_cli, "app", verify)
    _main_exits_1(steward_cli)
    err = capsys.readouterr().err
    me = getpass.getuser()
    assert f"{data / 'keys'} belongs to" in err and f"sudo chown -R {me}: {data / 'keys'}" in err
    assert f"{data / 'keys'} 属于" in err


def test_a_backup_by_a_user_who_cannot_read_the_key_is_refused_not_made_without_it(
        tmp_path, street_config, monkeypatch):
    """steward backup as another user than the folder's skipped keys/ it could not read
    and said 'Backed up 13 files': a backup without the signing key (tried as nobody)."""
    import os

    import pytest

    from db.backup import backup
    from db.heads import start_signing

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    start_signing(data, "2026-12-05T08:00:00+08:00")  # as steward init does
    assert "keys/signing.key" in backup(data, tmp_path / "whole.tar.gz")["files"]
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == data / "keys":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(PermissionError):
        backup(data, tmp_path / "b.tar.gz")
    assert not (tmp_path / "b.tar.gz").exists()


def test_the_log_on_a_machine_left_on_utc_is_in_the_streets_time(tmp_path):
    """The service's log said 02:30 at 10:30 in the street (a server left on UTC), while
    the bot tells residents and volunteers times in China's: one clock now, said."""
    from datetime import datetime, timedelta

    from db.repository import CHINA_TZ

    env = {**os.environ, "TZ": "UTC", "TELEGRAM_BOT_TOKEN": "424242:SERVICE",
           "STEWARD_WEBHOOK_URL": "", "STEWARD_PROJECT": str(tmp_path / "site-project"),
           "PYTHONPATH": str(ROOT)}
    before = datetime.now(CHINA_TZ).replace(microsecond=0)
    done = subprocess.run([sys.executable, "-m", "steward_cli", "run", "--data",
                           str(tmp_path / "data")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    first = done.stderr.splitlines()[0]
    assert " INFO steward: 公开网站生成在 " in first, done.stderr
    at = datetime.fromisoformat(first.split(" INFO ")[0])
    assert at.utcoffset() == timedelta(hours=8), first
    assert timedelta(0) <= at - before <= timedelta(seconds=60), (first, before)


def test_a_build_that_fails_is_one_timed_line_in_the_log_and_one_message_to_the_admin(
        tmp_path, street_config):
    """A page of the project edited with a link to a page not there. Before: the build
    worker's traceback came into the journal without a time ('site build failed' alone
    on its line), then the bot's traceback of the same failure, and the admin who sent
    /publish was told 公示网站重建失败：RuntimeError: Abort: Aborted with 1 warnings in
    strict mode! … twice."""
    import re

    from site_builder.project import init_project

    data, project = tmp_path / "data", tmp_path / "site-project"
    Repository.init(data, street_config).close()
    init_project(project)
    about = project / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n[旧的说明](old-notes.md)\n", "utf-8")
    admin = 900  # the test street's admin
    with BotApiEmulator() as api:
        proc = _start_service(tmp_path, data, project, api)
        try:
            # the build at start (no site yet) fails, and the admin is told
            api.wait_for(lambda c: c.chat_id == admin and "公示网站生成失败" in c.text, timeout=120)
            since = len(api.calls)
            api.message(admin, "/publish")
            api.wait_for(lambda c: c.chat_id == admin and "公示网站生成失败" in c.text, since=since,
                         timeout=120)
            time.sleep(2)  # a second message, if any, would come now
        finally:
            log = _stop_service(proc)
    told = [c.text for c in api.calls[since:]
            if c.chat_id == admin and "公示网站生成失败" in c.text]
    assert len(told) == 1, told
    assert told[0].startswith("公示网站生成失败，网站还没有发布过：MkDocs 报了 1 个问题"), told[0]
    assert "content/about.md 里的链接 old-notes.md 指向的页面不存在" in told[0], told[0]
    assert "RuntimeError" not in told[0] and "Abort:" not in told[0], told[0]
    assert "Traceback" not in log, log
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00 (INFO|WARNING|ERROR) ")
    assert all(stamp.match(line) for line in log.splitlines()), log
    failed = [line for line in log.splitlines() if "old-notes.md" in line]
    assert len(failed) == 2, log  # the build at start and the /publish
    assert all("ERROR bot.publisher: 网站生成失败，还没有发布过网站" in line
               for line in failed), log
    assert not (project / ".site.building").exists()
