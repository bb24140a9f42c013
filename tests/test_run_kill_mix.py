"""The real ``steward run`` fed a stretch of the bench's bot mix through the Bot API
emulator (people reporting a problem, registering, voting, reporting a fee paid with
a receipt photo, volunteers approving, /accounts and /mine; many people at once, each
step sent without waiting for the answer to the one before, as Telegram delivers a
busy street's updates) and killed with SIGKILL at random moments, then started again
over the same data folder each time. Once it has handled everything:

* every report, registration and fee report of the mix is stored exactly once (none
  lost to a kill, none stored twice by an update handled again);
* nobody was told a step of theirs was set aside (``bot.state.GIVEN_UP``): an update
  handled again after one kill is not given up for a later one;
* no process printed a traceback, and the store reads back and verifies.

``tests/test_kill_run.py`` kills the bot 50 times while four residents pay, each
waiting for every answer; this one has a few kills among many people's flows at once.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot_api_emulator import BotApiEmulator

from bench.mix import PHOTO_ID, photo
from bench.synthetic import generate
from bench.throughput import bot_mix
from db.entries import Kind
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
AREAS, ROUNDS, KILLS = 3, 10, 4
KINDS = (Kind.ISSUE, Kind.REGISTRATION, Kind.FEE_INCOME)


def start(api: BotApiEmulator, data: Path, log: Path) -> subprocess.Popen:
    """``steward run`` over ``data`` against ``api`` (its output appended to ``log``),
    once it has set its commands."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:E2E", "PYTHONUNBUFFERED": "1",
           "STEWARD_DATA": str(data), "STEWARD_WEBHOOK_URL": "", "STEWARD_SEND_RATE": "0"}
    mark = len(api.calls)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "steward_cli", "run", "--data", str(data),
             "--api-base-url", api.base_url, "--api-file-url", api.file_url],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        api.wait_for(lambda c: c.method == "setMyCommands", since=mark, timeout=90)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return proc


def settle(api: BotApiEmulator, timeout: float = 90.0) -> None:
    """Until every update pushed is confirmed and the bot has made no call for 1.5 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and api.confirmed < api.last_update_id:
        time.sleep(0.1)
    calls = -1
    while time.monotonic() < deadline and calls != len(api.calls):
        calls = len(api.calls)
        time.sleep(1.5)
    assert api.confirmed >= api.last_update_id, (api.confirmed, api.last_update_id)


def test_killed_at_random_moments_every_flow_of_the_mix_is_stored_exactly_once(tmp_path):
    rng = random.Random(20261206)
    data, log = tmp_path / "street", tmp_path / "run.log"
    repo, _ = generate(data, areas=AREAS, households_per_area=200, years=1)
    before = {kind: repo.count_entries(kind=kind) for kind in KINDS}
    updates = bot_mix(repo, AREAS, ROUNDS, seed=7)
    repo.close()
    descriptions = [u["message"]["text"] for u in updates if "message" in u
                    and "text" in u["message"] and not u["message"]["text"].startswith("/")
                    and not u["message"]["text"].isdigit()]  # the reports' words
    assert len(descriptions) == ROUNDS
    kill_after = set(rng.sample(range(len(updates)), KILLS))
    with BotApiEmulator() as api:
        api.files[PHOTO_ID] = photo()
        proc = start(api, data, log)
        try:
            for n, raw in enumerate(updates):
                api._push({k: v for k, v in raw.items() if k != "update_id"})
                time.sleep(rng.choice((0.0, 0.0, 0.01, 0.03)))
                if n in kill_after:
                    time.sleep(rng.random() * 0.3)  # in the middle of a step, or between
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    proc = start(api, data, log)
                    settle(api)  # what it had received handled again before more come
            settle(api)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        told = [c.text for c in api.calls if c.method == "sendMessage"]
    printed = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in printed, printed[-4000:]
    assert not [t for t in told if "搁置" in t or "set aside" in t]
    repo = Repository.open(data)
    try:
        made = {kind: repo.count_entries(kind=kind) - before[kind] for kind in KINDS}
        assert made == {kind: ROUNDS for kind in KINDS}
        stored = collections.Counter(e.data.get("description") or e.data.get("text")
                                     for e in repo.entries(kind=Kind.ISSUE))
        assert [stored[d] for d in descriptions] == [1] * ROUNDS
        assert len(repo.verify()) == AREAS  # every area's chain and lines check
    finally:
        repo.close()
