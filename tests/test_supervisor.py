"""``steward run --restart``: which ends of the bot's process start it again
(bot/supervisor.py). The real process killed 50 times: test_kill_run.py."""

from __future__ import annotations

import signal

from typer.testing import CliRunner

import steward_cli
from bot.supervisor import supervise


class Child:
    """A child process that ends with the next exit code of ``codes``."""

    def __init__(self, codes: list[int], started: list[list[str]], command: list[str]) -> None:
        self.code, self.pid = codes.pop(0), 4000 + len(started)
        started.append(command)

    def wait(self) -> int:
        return self.code

    def poll(self) -> int:
        return self.code


def run_with(codes: list[int]) -> tuple[int, list[list[str]]]:
    started: list[list[str]] = []
    code = supervise(["run", "--data", "d"], delay=0,
                     popen=lambda command, **kw: Child(codes, started, command))
    return code, started


def test_a_bot_killed_or_failing_is_started_again_until_it_stops_cleanly(capsys):
    code, started = run_with([-signal.SIGKILL, 1, -signal.SIGSEGV, 0])
    assert code == 0 and len(started) == 4
    assert all(command[-4:] == ["steward_cli", "run", "--data", "d"] for command in started)
    said = capsys.readouterr().err
    assert said.count("starting it again") == 3 and "killed by signal 9" in said
    assert "bot stopped (exit 0)" in said and "not started again" in said


def test_a_bot_whose_settings_are_refused_is_not_started_again(capsys):
    code, started = run_with([-signal.SIGKILL, 2, 0])  # 2: a bad token or option
    assert code == 2 and len(started) == 2
    assert "not started again" in capsys.readouterr().err


def test_what_the_supervisor_says_is_in_chinese_first(capsys):
    """steward run --restart told the operator 'bot stopped (exit 2) after 1.0 s; not
    started again' in English only."""
    run_with([-signal.SIGKILL, 2])
    said = capsys.readouterr().err.splitlines()
    assert [line.split(" / ")[0].split("（")[0].split("+08:00 ")[1] for line in said] == [
        "INFO steward: 机器人已启动", "WARNING steward: 机器人停了", "INFO steward: 机器人已启动",
        "ERROR steward: 机器人停了"], said
    assert "，0 秒后重新启动" in said[1] and "被信号 9 终止" in said[1]
    assert "不再自动启动：请按上面的提示改正，再启动它 / bot stopped (exit 2)" in said[3]


def test_steward_run_restart_passes_its_options_to_the_bot(monkeypatch):
    seen = {}

    def fake(args, *, delay):
        seen.update(args=args, delay=delay)
        return 0

    monkeypatch.setattr("bot.supervisor.supervise", fake)
    result = CliRunner().invoke(steward_cli.app, [
        "run", "--restart", "--restart-delay", "0.5", "--data", "/srv/d",
        "--api-base-url", "http://127.0.0.1:8081/bot"], env={"TELEGRAM_BOT_TOKEN": "1:T"})
    assert result.exit_code == 0, result.output
    assert seen["delay"] == 0.5
    assert seen["args"][:3] == ["run", "--data", "/srv/d"] and "--restart" not in seen["args"]
    assert seen["args"][-2:] == ["--api-base-url", "http://127.0.0.1:8081/bot"]


def test_what_the_supervisor_says_is_a_log_line_with_the_streets_time(capsys, monkeypatch):
    """Run with --restart where no service manager keeps a journal (its output sent to
    a file), 'steward: 机器人停了（被信号 9 终止…）' said nothing of when: the bot's own lines
    around it carry the time, these did not. Now they read as the bot's log lines, in
    the street's clock whatever the machine's zone."""
    import re
    import time
    from datetime import datetime, timedelta

    from db.core import CHINA_TZ

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        before = datetime.now(CHINA_TZ).replace(microsecond=0)
        run_with([-signal.SIGKILL, 0])
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 4, said
    for line in said:
        m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00) (INFO|WARNING) steward: ", line)
        assert m, line
        assert timedelta(0) <= datetime.fromisoformat(m[1]) - before < timedelta(seconds=30)
