"""`steward run` as the README's service runs it (environment file, SIGTERM to stop),
read as the machine's operator reads it in `journalctl -u steward`: a line saying
the bot runs (its username, street, data folder, site project), the site built at
the first start into the project named by STEWARD_PROJECT, a line when it stopped;
no warning of a library's about a design choice, no line per poll of Telegram."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot_api_emulator import BotApiEmulator

from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


def test_the_service_log_says_it_runs_builds_the_missing_site_and_stopped(
        tmp_path, street_config):
    data, project = tmp_path / "data", tmp_path / "site-project"
    Repository.init(data, street_config).close()
    with BotApiEmulator() as api:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:SERVICE", "STEWARD_DATA": str(data),
               "STEWARD_PROJECT": str(project), "STEWARD_WEBHOOK_URL": "",
               "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_API_FILE_URL": api.file_url,
               "STEWARD_BUILD_WORKERS": "1", "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([sys.executable, "-m", "steward_cli", "run"], cwd=tmp_path,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            api.wait_for(lambda c: c.method == "setMyCommands", timeout=60)
            deadline = time.monotonic() + 120
            while not (project / "site" / "index.html").exists():
                assert time.monotonic() < deadline, "the site was not built at start"
                time.sleep(0.2)
            time.sleep(1.5)  # several polls of the emulator, whose lines must not be logged
        finally:
            proc.send_signal(signal.SIGTERM)  # systemctl stop
            try:
                log = proc.communicate(timeout=60)[0].decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                proc.kill()
                log = proc.communicate()[0].decode("utf-8", "replace")
    assert proc.returncode == 0, log
    assert "@steward_e2e_bot is running for" in log, log
    assert f"data folder {data.resolve()}" in log and f"site project {project.resolve()}" in log
    assert "building the site at start: the site has not been built yet" in log, log
    assert "site built:" in log, log
    assert f"stopped: every change is saved in {data}" in log, log
    assert "PTBUserWarning" not in log and "per_message" not in log, log
    assert "getUpdates" not in log and "HTTP Request" not in log, log
    assert "Traceback" not in log, log
