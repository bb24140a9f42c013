"""How long the bot takes to start, and how much memory it then holds.

Each measure is a fresh process, timed from its launch until the bot could
answer its first update: the imports, then the bot's own start-up hook
(``bot.app._post_init``: open the data folder and read its saved indexes, hold
every file against its checksum, check the ledgers and signed heads from where
the last start left off (``db.startcheck``), settle memory, register the
command menus). Votes whose deadline passed while the bot was
down are not closed here (``closevote.catch_up``): the synthetic street's open
votes are all past their deadline by the real clock, and a real restart finds
none or a few. The baseline, in the same run: python-telegram-bot alone (an
echo bot started the same way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from db.manifest import INDEX_NAME

ROOT = Path(__file__).resolve().parent.parent

START_SCRIPT = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from bot import app as bot_app
from bot.handlers import closevote
from bot.offline import RecordingRequest
from bot.settings import Settings
import db.heads
from db.repository import Repository
from db.store import Store
imported = time.perf_counter()
steps = {}

def timed(name, fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            steps[name] = steps.get(name, 0.0) + time.perf_counter() - start
    return wrapper

Repository.open = classmethod(timed("open", Repository.open.__func__))
import db.startcheck
Store.load_all = timed("load_all", Store.load_all)
Store.check_checksums = timed("checksums", Store.check_checksums)
db.startcheck._check_area = timed("verify", db.startcheck._check_area)
db.startcheck._check_log = timed("heads", db.startcheck._check_log)
Store.checkpoint = timed("checkpoint", Store.checkpoint)
Repository.verify = timed("verify", Repository.verify)
db.heads.check_heads_or_raise = timed("heads", db.heads.check_heads_or_raise)
bot_app.settle_memory = timed("settle", bot_app.settle_memory)

async def nothing_due(app):
    return None

closevote.catch_up = nothing_due

async def main():
    app = bot_app.build_application(
        Settings(token="1:START", data_dir=sys.argv[1], persistence=False),
        request=RecordingRequest(keep=False))
    app.bot_data["build_site"] = lambda *a, **k: None
    async with app:
        await app.post_init(app)
        ready = time.perf_counter()
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
        rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS:")][0]
        repo = app.bot_data["repo"]
        print(json.dumps({"imports": imported - t0, "ready": ready - t0, "steps": steps,
                          "cpu": time.process_time(),
                          "peak_mb": int(hwm.split()[1]) // 1024,
                          "rss_mb": int(rss.split()[1]) // 1024,
                          "entries": len(repo.core.entries.meta),
                          "households": sum(len(repo.street.area_households(a.id))
                                            for a in repo.street.areas)}), flush=True)
        if sys.argv[2:] == ["stop"]:  # a first start, then a stop: what it found sound
            repo.store.checkpoint()  # is saved, as a bot's stop saves it (db.startcheck)
        repo.store.abandon()  # leave the folder as it was

asyncio.run(main())
"""

ECHO_SCRIPT = r"""
import asyncio, json, time
t0 = time.perf_counter()
from telegram.ext import ApplicationBuilder, MessageHandler, filters
from bot.offline import RecordingRequest
imported = time.perf_counter()

async def reply(update, context):
    await update.effective_message.reply_text(update.effective_message.text)

async def main():
    app = ApplicationBuilder().token("1:ECHO").request(RecordingRequest(keep=False)) \
        .get_updates_request(RecordingRequest()).build()
    app.add_handler(MessageHandler(filters.TEXT, reply))
    async with app:
        ready = time.perf_counter()
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
        rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS:")][0]
        print(json.dumps({"imports": imported - t0, "ready": ready - t0, "steps": {},
                          "cpu": time.process_time(),
                          "peak_mb": int(hwm.split()[1]) // 1024,
                          "rss_mb": int(rss.split()[1]) // 1024}), flush=True)

asyncio.run(main())
"""


def _run(script: str, *args: str) -> dict[str, Any]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                         text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    wall = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"the bot did not start ({out.returncode}): {out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    # From launch to ready: the interpreter's own start comes before the script's clock.
    result["wall"] = wall
    result["start"] = result["ready"] + _interpreter_start()
    return result


_INTERPRETER: list[float] = []


def _interpreter_start() -> float:
    """Seconds from launching Python to its first line (measured once, best of 3)."""
    if not _INTERPRETER:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            times.append(time.perf_counter() - t0)
        _INTERPRETER.append(min(times))
    return _INTERPRETER[0]


def bot_start(data: Path) -> dict[str, Any]:
    """The bot over the data folder ``data``: seconds to ready (``start``), the steps,
    peak and current RSS (MB) once ready. Writes only what a start writes: the
    indexes and what its check found sound (``db.saved_index``, ``db.startcheck``).

    The first start over a folder (a street made before the saved indexes, or just
    generated) builds the indexes from every partition if it has none and checks
    every ledger line, as every start did before, and saves both when it stops (a
    checkpoint, as the bot's stop makes): it is measured apart (``first``), then the
    start as every later one makes it."""
    first = None
    if not _started_before(data):
        first = _run(START_SCRIPT, str(data), "stop")
    result = _run(START_SCRIPT, str(data))
    if first is not None:
        result["first"] = {"start": first["start"], "cpu": first["cpu"],
                           "steps": first["steps"], "imports": first["imports"]}
    return result


def _started_before(data: Path) -> bool:
    """Whether a bot's start has checked this folder and saved what it found sound
    (a street just made has its indexes saved, but no start has checked it yet)."""
    try:
        with open(data / INDEX_NAME, "rb") as f:
            for line in f:
                if line.startswith(b'{"verified"'):
                    return bool(json.loads(line)["verified"].get("blocks"))
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    return False


def echo_start() -> dict[str, Any]:
    """python-telegram-bot alone: an echo bot, started the same way."""
    return _run(ECHO_SCRIPT)


def describe(result: dict[str, Any]) -> str:
    """The steps of a start, in words."""
    steps = result["steps"]
    parts = [f"imports {result['imports']:.1f} s"]
    parts += [f"{name} {steps[name]:.1f} s" for name in
              ("open", "load_all", "checksums", "verify", "heads", "checkpoint", "settle")
              if name in steps]
    text = ", ".join(parts)
    first = result.get("first")
    if first:
        text += (f" (the first start over this street, which builds the indexes if it has none, "
                 f"checks every ledger line and saves both: {first['start']:.1f} s, "
                 f"{first['cpu']:.1f} s CPU: {describe(first)})")
    return text
