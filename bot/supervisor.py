"""``steward run --restart``: the bot in a child process, started again each time
it dies, for a machine without a service manager (systemd's ``Restart=`` does
the same; see the README).

The child is the same ``steward run`` without ``--restart``. When it is killed
by a signal or exits with an error, it is started again after ``delay``
seconds; everything it had acknowledged is in the store, and what Telegram
sent it meanwhile waits there (updates are confirmed only once handled). It
is not started again when it stopped cleanly (exit 0) or refused its settings
(exit 2: a bad token or option; starting again cannot help). Stopping the
supervisor (Ctrl-C, SIGTERM) stops the child first.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable

__all__ = ["supervise", "NOT_RESTARTED"]

NOT_RESTARTED = (0, 2)  # a clean stop; settings refused


def _say(message: str, level: str = "INFO") -> None:
    """A line of the bot's log (``cli.common.LOG_FORMAT``): the street's time, whatever
    the machine's zone, as the bot's own lines around it."""
    from datetime import datetime

    from db.core import CHINA_TZ

    at = datetime.now(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S+08:00")
    print(f"{at} {level} steward: {message}", file=sys.stderr, flush=True)


def supervise(args: list[str], *, delay: float = 5.0,
              popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen) -> int:
    """Run ``steward <args>`` in a child process until it stops cleanly; its last
    exit code."""
    command = [sys.executable, "-m", "steward_cli", *args]
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        starts = 0
        while True:
            started = time.monotonic()
            # A session of its own: a Ctrl-C in the terminal reaches the supervisor,
            # which passes it on once.
            child = popen(command, start_new_session=True)
            starts += 1
            _say(f"机器人已启动（进程 {child.pid}，第 {starts} 次） / bot started (pid "
                 f"{child.pid}, start {starts})")
            code = child.wait()
            ran = time.monotonic() - started
            if stopping:
                return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code
            if code in NOT_RESTARTED:
                why = "" if code == 0 else "：请按上面的提示改正，再启动它"
                _say(f"机器人停了（退出码 {code}，运行了 {ran:.1f} 秒），不再自动启动{why} / "
                     f"bot stopped (exit {code}) after {ran:.1f} s; not started again",
                     "INFO" if code == 0 else "ERROR")
                return code
            how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
            how_zh = f"被信号 {-code} 终止" if code < 0 else f"退出码 {code}"
            _say(f"机器人停了（{how_zh}，运行了 {ran:.1f} 秒），{delay:g} 秒后重新启动 / "
                 f"bot stopped ({how}) after {ran:.1f} s; starting it again in {delay:g} s",
                 "WARNING")
            deadline = time.monotonic() + delay
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.1, delay))
            if stopping:
                return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
