"""The real ``steward run`` against the Bot API emulator on 127.0.0.1, killed with
SIGKILL at *every* call it makes to a chat after one action of a user (a press, a
command), then started again over the same data folder: the steps of the kill tests
that go through a whole action's messages, one kill at each.

    scenario = Scenario(setup, prelude, action)
    clean, runs = killed_at_every_call(tmp_path, scenario)
    for run in runs:   # one per call to a chat the action led to in ``clean`` (no kill)
        ...            # run.calls (both processes'), run.data, run.killed_at, run.output

``setup(data)`` makes the data folder; ``prelude(api)`` is what users do before, through
a first ``steward run`` stopped cleanly (its folder then copied for each kill); ``action
(api)`` is the last thing the killed process is given. Each kill comes as the action's
``n``-th call to a chat goes: ``delivered`` (she sees the message, its answer is lost
with the bot) or not (it never reaches her). The process started again is left until
it has handled what it received and made no call for a while.

``told_twice(calls)`` names the messages a chat was sent twice with the same words.
"""

from __future__ import annotations

import collections
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot_api_emulator import ApiCall, BotApiEmulator
from bot_api_faults import Fault

ROOT = Path(__file__).resolve().parent.parent
SHOWN = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendVoice",
         "sendMediaGroup", "editMessageCaption", "sendAudio")


@dataclass
class Scenario:
    setup: Callable[[Path], None]
    prelude: Callable[[BotApiEmulator], object]
    action: Callable[[BotApiEmulator], object]
    files: dict[str, bytes] = field(default_factory=dict)  # downloadable by the bot


@dataclass
class Run:
    data: Path
    calls: list[ApiCall]  # since the action, both processes'
    killed_at: int  # the index in ``calls`` of the call the kill came at (-1: none)
    delivered: bool
    output: str


def start(api: BotApiEmulator, data: Path) -> subprocess.Popen:
    """``steward run`` over ``data`` against ``api``, once it has set its commands."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:E2E", "PYTHONUNBUFFERED": "1",
           "STEWARD_DATA": str(data), "STEWARD_WEBHOOK_URL": "", "STEWARD_SEND_RATE": "0",
           "STEWARD_NOTICE_WINDOW": "0.2", "STEWARD_PUBLISH_DELAY": "3600"}
    mark = len(api.calls)
    proc = subprocess.Popen(
        [sys.executable, "-m", "steward_cli", "run", "--data", str(data),
         "--api-base-url", api.base_url, "--api-file-url", api.file_url],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        api.wait_for(lambda c: c.method == "setMyCommands", since=mark, timeout=60)
    except BaseException:
        stop(proc, signal.SIGKILL)
        raise
    return proc


def stop(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> str:
    """``sig`` (SIGKILL, or SIGTERM for a clean stop); what the process printed."""
    proc.send_signal(sig)
    return proc.communicate(timeout=60)[0].decode("utf-8", "replace")


def settle(api: BotApiEmulator, quiet: float = 1.0, timeout: float = 60.0) -> None:
    """Until every update pushed is confirmed and the bot has made no call for
    ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and api.confirmed < getattr(api, "last_update_id", 0):
        time.sleep(0.05)
    calls = -1
    while time.monotonic() < deadline and calls != len(api.calls):
        calls = len(api.calls)
        time.sleep(quiet)


def to_chat(call: ApiCall) -> bool:
    return call.chat_id is not None


def _prepared(tmp_path: Path, scenario: Scenario) -> Path:
    """The data folder after ``setup`` and the prelude (a clean stop after it)."""
    base = tmp_path / "base"
    scenario.setup(base)
    with BotApiEmulator() as api:
        api.files.update(scenario.files)
        proc = start(api, base)
        try:
            scenario.prelude(api)
            settle(api)
        finally:
            printed = stop(proc, signal.SIGTERM)
    assert "Traceback" not in printed, printed
    return base


def one_run(tmp_path: Path, base: Path, scenario: Scenario, name: str,
            kill_at: int | None, delivered: bool) -> Run:
    """The action given to a copy of ``base``; killed as its ``kill_at``-th call to a chat
    goes (None: not killed), started again, settled."""
    data = tmp_path / name
    shutil.copytree(base, data)
    held: list[float] = []
    counted = [0]
    with BotApiEmulator() as api:
        # numbered on from the prelude's (a fresh emulator's first press would have the
        # id of the prelude's first: taken for it, redelivered, and dropped)
        api._update_ids = itertools.count(10_000)
        api._message_ids = itertools.count(10_000)
        api.files.update(scenario.files)
        fault = api._fault
        armed = [False]

        def aimed(method: str, params: dict[str, Any]) -> Fault | None:
            if armed[0] and "chat_id" in params and kill_at is not None:
                n = counted[0]
                counted[0] += 1
                if n == kill_at:
                    if delivered:
                        api.calls.append(ApiCall(method, params, time.monotonic()))
                    held.append(len(api.calls) - 1)
                    while armed[0]:
                        time.sleep(0.05)
                    return Fault(method, 0)
            return fault(method, params)

        api._fault = aimed  # type: ignore[method-assign]
        proc = start(api, data)
        output = ""
        try:
            mark = len(api.calls)
            armed[0] = True
            scenario.action(api)
            if kill_at is None:
                settle(api)
                killed = -1
            else:
                deadline = time.monotonic() + 30
                while not held and time.monotonic() < deadline:
                    time.sleep(0.02)
                assert held, f"no call {kill_at} came"
                time.sleep(0.3)  # calls to other chats made meanwhile recorded
                killed = int(held[0]) - mark
            output = stop(proc)
            armed[0] = False
            if kill_at is not None:
                proc = start(api, data)
                settle(api)
                output += stop(proc)
        finally:
            armed[0] = False
            if proc.poll() is None:
                stop(proc)
        calls = [c for c in api.calls[mark:] if c.method not in ("getUpdates",)]
    return Run(data, calls, killed, delivered, output)


def killed_at_every_call(tmp_path: Path, scenario: Scenario, *, delivered: bool = True,
                         every: bool = True) -> tuple[Run, list[Run]]:
    """The action once without a kill, then once killed at each of its calls to a chat
    (``delivered`` or not); (the run without a kill, the killed runs)."""
    base = _prepared(tmp_path, scenario)
    clean = one_run(tmp_path, base, scenario, "clean", None, delivered)
    count = len([c for c in clean.calls if to_chat(c)])
    runs = [one_run(tmp_path, base, scenario, f"kill{n}", n, delivered)
            for n in (range(count) if every else [count - 1])]
    return clean, runs


def told_twice(calls: list[ApiCall], actor: int | None = None) -> list[tuple[int | None, str]]:
    """The (chat, words) a chat was shown twice, but for ``actor``'s own chat: her
    answer is sent again after a kill while it was on its way (it may not have
    arrived; her step is handled again and says what it saved), where a notice to
    someone else of what she did goes at most once."""
    seen = collections.Counter((c.chat_id, c.text) for c in calls
                               if c.method in SHOWN and c.text and c.chat_id != actor)
    return [key for key, n in seen.items() if n > 1]


def texts_to(calls: list[ApiCall], chat: int) -> list[str]:
    return [c.text for c in calls if c.chat_id == chat and c.method in SHOWN]
