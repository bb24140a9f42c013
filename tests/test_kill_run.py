"""The real bot killed: ``steward run --restart`` (the bot in a child process,
started again whenever it dies) polls a Bot API emulator on 127.0.0.1 while
four residents report fees through the /pay flow, each waiting for the bot's
answer before the next step, as people do. The child is killed with SIGKILL
at random moments, 50 times: most while it serves, some while it starts (reading
the folder, handling what it had received). The emulator redelivers what was
not confirmed, as Telegram does. Then:

* the bot started again by itself after every kill;
* every step of every resident was answered, with the answer that step calls
  for (a step handled twice, or lost, shows as a wrong or missing answer); the
  answer to the step before may come again after a restart (the bot was
  killed after sending it, before the step was saved as done: it is handled
  again from the state saved before it, writing nothing twice);
* every fee acknowledged (a receipt, or "saved before the restart") is in the
  store exactly once, and no fee is there twice.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from bot_api_emulator import ApiCall, BotApiEmulator
from conftest import confirmed_resident
from robust_support import RESIDENTS, new_repo

from db.entries import Kind
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
KILLS = 50
USERS = (7001, 7002, 7003, 8001)
ANSWERED_WITHIN = 120.0  # seconds: kills and restarts in between
SAVED_BEFORE = "重启之前已经保存过了"  # the answer to a Submit saved before a kill


class Resident(threading.Thread):
    """Pays fees through /pay again and again, each time a new amount, sending each
    step once the bot has answered the one before."""

    def __init__(self, api: BotApiEmulator, uid: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.api, self.uid, self.stop = api, uid, stop
        self.acknowledged: dict[int, int | None] = {}  # amount_fen -> entry id (None: "saved")
        self.submitted: list[int] = []
        self.problems: list[str] = []
        self.repeats: list[str] = []  # an answer given again after a restart
        self.steps = 0
        self._before = None  # what the step before was answered with

    def _answer(self, mark: int, wanted, what: str):  # type: ignore[no-untyped-def]
        """The bot's answer to the step sent at ``mark``: the first message to this user
        after it that ``wanted`` accepts. The answer to the step before, given again
        (the bot was killed after answering it, before it was saved as done: handled
        again after the restart, from the state saved before it), is noted as a repeat;
        anything else is a problem."""
        deadline = time.monotonic() + ANSWERED_WITHIN
        seen = mark
        while time.monotonic() < deadline:
            calls = self.api.calls
            # Counted first: the emulator's threads add calls meanwhile, and one added
            # while these are read is read next time, not passed over (seen = len(calls)
            # after the loop skipped it: an answer given, reported as never given).
            upto = len(calls)
            for call in calls[seen:upto]:
                if call.chat_id != self.uid or call.method not in ("sendMessage",
                                                                   "editMessageText"):
                    continue
                if wanted(call):
                    self.steps += 1
                    self._before = wanted
                    return call
                if SAVED_BEFORE in call.text or (self._before and self._before(call)):
                    self.repeats.append(f"{self.uid} {what}: {call.text[:30]!r}")
                else:
                    self.problems.append(f"{self.uid} {what}: unexpected {call.text[:60]!r}")
            seen = upto
            time.sleep(0.02)
        self.problems.append(f"{self.uid} {what}: no answer in {ANSWERED_WITHIN:.0f} s")
        return None

    @staticmethod
    def _button(call, prefix: str) -> str | None:  # type: ignore[no-untyped-def]
        return next((data for _text, data in call.buttons() if data.startswith(prefix)), None)

    def run(self) -> None:
        api, uid = self.api, self.uid
        rounds = 0
        while not self.stop.is_set() and not self.problems:
            rounds += 1
            fen = rounds * 100 + USERS.index(uid) + 1  # yuan "<round>.0<who>": unique
            call = self._answer(api.message(uid, "/pay"),
                                lambda c: self._button(c, "pay:fee:") is not None, "/pay")
            if call is None:
                return
            call = self._answer(api.press(uid, self._button(call, "pay:fee:property")
                                          or self._button(call, "pay:fee:") or ""),
                                lambda c: self._button(c, "pay:per:") is not None, "fee")
            if call is None:
                return
            call = self._answer(api.press(uid, self._button(call, "pay:per:") or ""),
                                lambda c: "交了多少钱" in c.text, "period")
            if call is None:
                return
            call = self._answer(api.message(uid, f"{fen // 100}.{fen % 100:02d}"),
                                lambda c: self._button(c, "pay:skip") is not None, "amount")
            if call is None:
                return
            call = self._answer(api.press(uid, "pay:skip"),
                                lambda c: self._button(c, "pay:ok") is not None, "skip")
            if call is None:
                return
            self.submitted.append(fen)
            # the receipt (#N), not the summary again: after a restart it may come again,
            # and it names her fee still waiting (#N) above its 提交 (4d3bc11)
            call = self._answer(api.press(uid, self._button(call, "pay:ok") or ""),
                                lambda c: ("#" in c.text and self._button(c, "pay:ok") is None)
                                or SAVED_BEFORE in c.text, "submit")
            if call is None:
                return
            found = re.search(r"#(\d+)", call.text)
            self.acknowledged[fen] = int(found.group(1)) if found else None


class _AddedWhileRead(list):  # type: ignore[type-arg]
    """The emulator's record of calls, to which its HTTP thread adds ``late`` just
    after a resident took its slice to read (as it may at any moment)."""

    def __init__(self, late: list[ApiCall]) -> None:
        super().__init__()
        self.late = late

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        got = super().__getitem__(key)
        if isinstance(key, slice) and self.late:
            self.append(self.late.pop())
        return got


def test_an_answer_recorded_while_a_resident_reads_the_calls_is_read(monkeypatch):
    # The bot answered /pay; the emulator recorded it while 7001 was going through
    # the calls before it. It is that step's answer, not "no answer in 120 s".
    monkeypatch.setattr(sys.modules[__name__], "ANSWERED_WITHIN", 1.0)
    answer = ApiCall("sendMessage", {"chat_id": 7001, "text": "交的是哪一项费用？"})
    api = SimpleNamespace(calls=_AddedWhileRead([answer]))
    resident = Resident(api, 7001, threading.Event())  # type: ignore[arg-type]
    assert resident._answer(0, lambda c: "费用" in c.text, "/pay") is answer
    assert resident.problems == [] and resident.steps == 1


def make_data(tmp_path: Path) -> Path:
    """The small street with its four residents registered (and nothing else that
    would send them messages of its own, such as a vote closing)."""
    data = tmp_path / "data"
    repo = new_repo(data)
    for uid in USERS:
        household = RESIDENTS[uid]
        confirmed_resident(repo, uid, household, 103 if household.startswith("c2") else 101)
    repo.close()
    return data


def test_the_real_bot_killed_50_times_restarts_itself_and_answers_every_step_once(tmp_path):
    data = make_data(tmp_path)
    rng = random.Random(20261202)
    lines: list[str] = []
    started: list[tuple[int, float]] = []  # (pid, when), one per start of the bot
    with BotApiEmulator() as api:
        # The hour's limit of 20 holds across the kills now (bot.ratelimit): four
        # residents paying fee after fee for minutes are not a flood to refuse here.
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:KILL", "PYTHONUNBUFFERED": "1",
               "STEWARD_DATA": str(data), "STEWARD_WEBHOOK_URL": "",
               "STEWARD_RATE_LIMIT": "100000"}
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "steward_cli", "run", "--restart", "--restart-delay", "0.2",
             "--data", str(data), "--api-base-url", api.base_url,
             "--api-file-url", api.file_url],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        def read() -> None:
            assert supervisor.stdout is not None
            for line in supervisor.stdout:
                lines.append(line.rstrip())
                found = re.search(r"bot started \(pid (\d+)", line)
                if found:
                    started.append((int(found.group(1)), time.monotonic()))

        threading.Thread(target=read, daemon=True).start()
        stop = threading.Event()
        residents = [Resident(api, uid, stop) for uid in USERS]
        try:
            for resident in residents:
                resident.start()
            kills = gone = 0  # gone: a bot that stopped by itself before its kill
            while kills < KILLS:
                n = kills + gone
                _wait(lambda n=n: len(started) > n, 60, f"start {n + 1}", lines)
                pid, at = started[n]
                if rng.random() < 0.2:  # while it starts: reading the folder, catching up
                    time.sleep(rng.uniform(0.0, 2.0))
                else:  # while it serves: once it polls (or it stopped meanwhile)
                    _wait(lambda t=at, n=n: api.last_poll > t or len(started) > n + 1, 120,
                          f"polling after start {n + 1}", lines)
                    time.sleep(rng.uniform(0.05, 1.5))
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills += 1
                except ProcessLookupError:  # it had stopped by itself: the log says why
                    gone += 1
            _wait(lambda: len(started) > KILLS + gone, 60, "the start after the last kill", lines)
            stop.set()
            for resident in residents:
                resident.join(ANSWERED_WITHIN + 10)
        finally:
            stop.set()
            supervisor.send_signal(signal.SIGTERM)
            try:
                supervisor.wait(60)
            except subprocess.TimeoutExpired:
                supervisor.kill()
                supervisor.wait()
        unconfirmed = [u["update_id"] for u in api._updates]

    log = "\n".join(lines)
    assert supervisor.returncode == 0, log[-3000:]
    # It started again by itself after every kill, each time a new process.
    assert len(started) == KILLS + gone + 1, log[-3000:]
    assert len({pid for pid, _ in started}) == len(started)
    assert log.count("killed by signal 9") == KILLS
    assert "Traceback" not in log, log[-3000:]
    # A bot that stopped by itself (the log says why: printed below) was started
    # again too; none refused its data folder.
    assert gone <= 5 and "steward restore" not in log, log[-3000:]
    problems = [p for r in residents for p in r.problems]
    assert problems == [], problems
    # An answer given again: at most one per resident (their step in flight) per kill.
    repeats = [p for r in residents for p in r.repeats]
    assert len(repeats) <= KILLS * len(USERS), repeats
    steps = sum(r.steps for r in residents)
    acknowledged = {fen: eid for r in residents for fen, eid in r.acknowledged.items()}
    assert steps > KILLS * 3 and len(acknowledged) > KILLS // 2, (steps, len(acknowledged))
    assert unconfirmed == []  # everything Telegram sent was taken in the end

    repo = Repository.open(data)
    try:
        fees = [e for e in repo.entries(kind=Kind.FEE_INCOME)
                if e.data.get("source") == "resident"]
        amounts = [e.data["amount_fen"] for e in fees]
        assert len(amounts) == len(set(amounts)), "a fee stored twice"
        by_amount = {e.data["amount_fen"]: e for e in fees}
        for fen, eid in acknowledged.items():
            assert fen in by_amount, f"acknowledged fee {fen} is missing"
            if eid is not None:
                assert by_amount[fen].id == eid
        submitted = {fen for r in residents for fen in r.submitted}
        assert set(amounts) <= submitted  # nothing stored that nobody submitted
        assert len(repo.verify()) == 2
    finally:
        repo.close()
    stopped = [" / ".join(lines[max(0, i - 2):i + 1]) for i, line in enumerate(lines)
               if "bot stopped (exit" in line]
    print(f"\nkill test: {KILLS} SIGKILLs of the running bot, {len(started)} starts "
          f"({gone} after it stopped by itself: {stopped}), "
          f"{steps} steps answered, {len(repeats)} answers given again, "
          f"{len(acknowledged)} fees acknowledged, each stored once")


def _wait(predicate, timeout: float, what: str, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(lines[-40:]))
        time.sleep(0.02)
