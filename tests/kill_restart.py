"""The real ``steward run`` against the Bot API emulator on 127.0.0.1, killed with
SIGKILL while a call it makes to one chat is held (Telegram slow for that chat), then
started again over the same data folder: the steps every kill test takes, so that each
test says only what led up to the kill, what it did, and what it asserts.

    data, repo = street(tmp_path, street_config, RESIDENTS)
    ...                                  # what the store holds before the bot starts
    repo.close()
    with kill_restart(data, held_to, LATE) as run:
        ...                              # what leads up to it, through ``run.api``
        with run.cut_short():            # ``run.mark``: the calls before it
            run.api.press(VOLUNTEER, data)   # the last thing the first process does
        ...                              # what went before the kill (``run.first``)
        with run.restarted():            # ``run.again``: the calls before the restart
            told = run.api.wait_for(...)     # what the second process sends
    ...                                  # assertions on ``run.api.calls``, ``run.stored()``

Neither process's output may hold a traceback (``cut_short`` and ``restarted`` assert
it). Each test has its own data folder, emulator and processes: the first process is
killed by design and the second reads what it left, so none is shared between tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot_api_emulator import ApiCall, BotApiEmulator
from bot_api_faults import Fault
from conftest import confirmed_resident, pid

from db.config import StreetConfig
from db.entries import Entry
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
VOLUNTEER, SECOND = 101, 102
RESIDENTS = {7001: "c1/1/1/101", 7002: "c1/1/1/102", 7003: "c1/1/1/201"}
LATE = 7002  # the resident the bot had not reached when it was killed

Hold = Callable[[BotApiEmulator, int, list[float]], None]


def street(tmp_path: Path, street_config: StreetConfig,
           residents: dict[int, str]) -> tuple[Path, Repository]:
    """A data folder over ``street_config`` (``tmp_path``/street) and its repository,
    open: ``residents`` (Telegram id: household) registered and approved by VOLUNTEER."""
    data = tmp_path / "street"
    repo = Repository.init(data, street_config)
    for tid, household in residents.items():
        confirmed_resident(repo, tid, household, VOLUNTEER)
    return data, repo


def street_lights_vote(repo: Repository) -> Entry:
    """An everyday proposal of east by VOLUNTEER, 安装路灯 (¥3,000), open for 7 days."""
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    return repo.create_proposal(pid(repo, VOLUNTEER), "east", title="安装路灯",
                                description="在院内安装六盏路灯", budget_fen=300000,
                                deadline=deadline, matter="everyday")


def start(api: BotApiEmulator, data: Path, *, send_rate: str | None = "0") -> subprocess.Popen:
    """``steward run`` over ``data`` against ``api``, once it has set its commands
    (STEWARD_SEND_RATE ``send_rate``; None: the default)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:E2E", "PYTHONUNBUFFERED": "1",
           "STEWARD_DATA": str(data), "STEWARD_WEBHOOK_URL": ""}
    if send_rate is not None:
        env["STEWARD_SEND_RATE"] = send_rate
    mark = len(api.calls)
    proc = subprocess.Popen(
        [sys.executable, "-m", "steward_cli", "run", "--data", str(data),
         "--api-base-url", api.base_url, "--api-file-url", api.file_url],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        api.wait_for(lambda c: c.method == "setMyCommands", since=mark, timeout=60)
    except BaseException:
        kill(proc)  # not left running when it never came up
        raise
    return proc


def kill(proc: subprocess.Popen) -> str:
    """SIGKILL; what the process printed."""
    proc.send_signal(signal.SIGKILL)
    return proc.communicate(timeout=30)[0].decode("utf-8", "replace")


def _hold(api: BotApiEmulator, chat: int, held: list[float], *, delivered: bool,
          method: str | None = None) -> None:
    """While ``held`` is not empty, a call to ``chat`` (of ``method`` alone, if given)
    waits until it is emptied and is then lost (the bot that made it was killed): not
    recorded, or if ``delivered`` recorded (it took effect) with its answer lost."""
    fault = api._fault

    def slow(name: str, params: dict[str, Any]):  # type: ignore[no-untyped-def]
        if held and method in (None, name) and str(params.get("chat_id")) == str(chat):
            if delivered:
                api.calls.append(ApiCall(name, params, time.monotonic()))
            while held:
                held.append(time.monotonic())
                time.sleep(0.05)
            return Fault(name, 0)
        return fault(name, params)

    api._fault = slow  # type: ignore[method-assign]


def held_to(api: BotApiEmulator, chat: int, held: list[float]) -> None:
    """While ``held`` is not empty, a call to ``chat`` waits (Telegram slow for that
    chat) until it is emptied, and is then lost (the bot that made it was killed)."""
    _hold(api, chat, held, delivered=False)


def held_after_delivery(api: BotApiEmulator, chat: int, held: list[float]) -> None:
    """While ``held`` is not empty, a call to ``chat`` takes effect (she sees the
    message) and its answer waits until ``held`` is emptied, then is lost (the bot that
    made it was killed)."""
    _hold(api, chat, held, delivered=True)


def held_messages_after_delivery(api: BotApiEmulator, chat: int, held: list[float]) -> None:
    """As ``held_after_delivery``, for the messages sent to ``chat`` alone (a summary's
    buttons taken off before its receipt goes)."""
    _hold(api, chat, held, delivered=True, method="sendMessage")


def held_messages_to(api: BotApiEmulator, chat: int, held: list[float]) -> None:
    """As ``held_to``, for the messages sent to ``chat`` alone (a button taken away
    before the write goes through)."""
    _hold(api, chat, held, delivered=False, method="sendMessage")


def say(api: BotApiEmulator, uid: int, text: str) -> None:
    """``uid`` writes ``text``; until the bot answers in her chat."""
    mark = api.message(uid, text)
    api.wait_for(lambda c: c.chat_id == uid and c.method != "answerCallbackQuery", since=mark)


def press_labelled(api: BotApiEmulator, uid: int, label: str) -> int:
    """``uid`` presses the newest button to her whose text holds ``label``; the mark."""
    data = next(d for c in reversed(api.calls) if c.chat_id == uid
                for text, d in c.buttons() if label in text)
    return api.press(uid, data)


def tap(api: BotApiEmulator, uid: int, label: str, contains: str = "") -> None:
    """As ``press_labelled``; until the bot answers in her chat with ``contains``."""
    mark = press_labelled(api, uid, label)
    api.wait_for(lambda c: c.chat_id == uid and c.method != "answerCallbackQuery"
                 and contains in c.text, since=mark)


class KillRestart:
    """One data folder's two processes against one emulator (``api``): ``mark``, the
    calls before the held one; ``again``, the calls before the restart; ``first`` and
    ``second``, what each process printed."""

    def __init__(self, api: BotApiEmulator, data: Path, held: list[float],
                 send_rate: str | None) -> None:
        self.api, self.data, self._held, self._send_rate = api, data, held, send_rate
        self.proc = start(api, data, send_rate=send_rate)
        self.mark = self.again = 0
        self.first = self.second = ""

    def kill(self) -> str:
        """The running process killed now; what it printed (also ``first``)."""
        self.first = kill(self.proc)
        return self.first

    @contextmanager
    def cut_short(self, settle: float = 0.5) -> Iterator[None]:
        """What the body does is the last thing the first process does: from here the
        held chat's next call waits, and once it does (20 s at the most) and ``settle``
        seconds more (for calls to other chats to go and be recorded), the process is
        killed. ``mark``: the calls before the body."""
        self.mark = len(self.api.calls)
        self._held.append(time.monotonic())
        try:
            yield
            deadline = time.monotonic() + 20
            while len(self._held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(settle)
        finally:
            self.kill()
            self._held.clear()
        assert "Traceback" not in self.first, self.first

    @contextmanager
    def restarted(self, settle: float = 1.0) -> Iterator[None]:
        """``steward run`` started again over the same data folder for the body (no call
        held); then ``settle`` seconds for anything more that would follow, and it is
        killed. ``again``: the calls before it started."""
        self.again = len(self.api.calls)
        self.proc = start(self.api, self.data, send_rate=self._send_rate)
        try:
            yield
            time.sleep(settle)
        finally:
            self.second = kill(self.proc)
        assert "Traceback" not in self.second, self.second

    def texts_to(self, chat: int, since: int) -> list[str]:
        """The texts of the calls to ``chat`` from index ``since`` (not the buttons taken
        off a message: they carry no text)."""
        return [c.text for c in self.api.calls[since:] if c.chat_id == chat
                and c.method != "editMessageReplyMarkup"]

    def stored(self) -> closing[Repository]:
        """The data folder's repository, opened for the test to read (closed after)."""
        return closing(Repository.open(self.data))


@contextmanager
def kill_restart(data: Path, hold: Hold | None = None, chat: int = 0, *,
                 send_rate: str | None = "0") -> Iterator[KillRestart]:
    """An emulator, ``hold`` (``held_to``, ``held_after_delivery``, ...) set on
    ``chat``'s calls, and ``steward run`` started over ``data``; on the way out
    whichever process is still running is killed and nothing is held any more."""
    held: list[float] = []
    with BotApiEmulator() as api:
        if hold is not None:
            hold(api, chat, held)
        run = KillRestart(api, data, held, send_rate)
        try:
            yield run
        finally:
            if run.proc.poll() is None:
                kill(run.proc)
            held.clear()
