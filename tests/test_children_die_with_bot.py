"""Every child process the bot starts ends when the bot is killed outright, however far
it got: the site's build worker (``bot.build_worker``) and a paper notice's drawing
(``bot.drawings``). Before, a drawing ran on to finish its PDF for nobody and a worker
that had not reached its own ``prctl`` built on (the crash soak: up to 16.8 s after a
SIGKILL). Here each child is a stand-in that never asks for anything itself (a
``sleep``), so only the bot's own tie (``bot.children.dies_with_bot``, between the fork
and the exec) can end it; the test measures how long it outlives the killed bot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A stand-in bot: starts one child the way the bot does (``what``), says when it has,
# then waits to be killed. The child's program is ``fake`` (it sleeps a minute).
BOT = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
what, fake = sys.argv[2], sys.argv[3]

async def main():
    if what == "drawing":
        from bot import drawings
        drawings.sys.executable = fake  # its 'python -m steward_cli notice' sleeps
        task = asyncio.ensure_future(drawings.draw_notice("east"))
    else:
        from bot.build_worker import BuildWorker
        worker = BuildWorker(".", ".", command=[fake])
        task = asyncio.ensure_future(worker.build())
    await asyncio.sleep(0.5)
    print("started", flush=True)
    await task

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.mark.parametrize("what", ["drawing", "build worker"])
def test_a_child_of_the_bot_ends_within_a_second_of_the_bot_being_killed(tmp_path, what):
    fake = tmp_path / "fake-python"
    fake.write_text("#!/bin/sh\nexec sleep 60\n")
    fake.chmod(0o755)
    bot = subprocess.Popen([sys.executable, "-c", BOT, str(ROOT), what.split()[0], str(fake)],
                           stdout=subprocess.PIPE, text=True)
    assert bot.stdout is not None
    kids: list[int] = []
    try:
        assert bot.stdout.readline().strip() == "started"
        kids = _children(bot.pid)
        assert len(kids) == 1 and _alive(kids[0])
        bot.send_signal(signal.SIGKILL)
        bot.wait()
        killed = time.monotonic()
        while _alive(kids[0]) and time.monotonic() - killed < 10:
            time.sleep(0.01)
        outlived = time.monotonic() - killed
        assert not _alive(kids[0]), f"the {what} ran on {outlived:.1f} s after the bot"
        assert outlived < 1.0, outlived
    finally:
        if bot.poll() is None:
            bot.kill()
        for kid in kids:
            if _alive(kid):
                os.kill(kid, signal.SIGKILL)
