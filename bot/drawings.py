"""Paper notices drawn beside the conversation.

/notice draws its PDF in a child process (``steward notice``: ReportLab and the font stay
out of the bot), which takes seconds. The event loop only waited for it, but a person's
updates are handled one after another (``bot.concurrency``): the volunteer's next command
waited behind the drawing and the upload, some 3.5 s on a busy machine. Now the handler
says 正在生成… and hands the drawing and the sending of its PDF to a task of its own
(``Drawings.start``), and is done: her next message is answered at once, the PDF comes
when it is drawn.

Bounded: at most ``AT_ONCE`` drawings run at once across the bot (each child process
loads ReportLab and a 48 MB font; the machine has few CPUs), and one person's run one
after another in the order she asked (a volunteer sending /notice five times gets five
PDFs, in order, not five processes at once). A stop waits ``STOP_WAIT`` seconds at most
for the drawings under way, then ends them (their child processes killed, by
``bulletin._draw``'s own clean-up); those are drawn again and sent at the next start
(``bot.drawings_owed``: the handler notes each drawing owed with its step).

A bot killed outright (SIGKILL, a power cut) never cleans its drawing's folder, and the
orphaned ``steward notice`` finishes its PDF into it: ``sweep_left_folders``, at the
start of ``steward run``, removes those older than any drawing can live.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from .children import dies_with_bot
from .stopping import wait_left

__all__ = ["Drawings", "drawings_of", "draw_notice", "sweep_left_folders", "DRAWINGS_KEY",
           "AT_ONCE", "STOP_WAIT"]

log = logging.getLogger(__name__)

DRAWINGS_KEY = "drawings"  # bot_data: the application's Drawings
AT_ONCE = 2  # drawings (child processes) at once
STOP_WAIT = 5.0  # seconds a stop waits for the drawings under way
TIMEOUT = 120.0  # seconds for a drawing process
FOLDER_PREFIX = "steward-notice-"  # each drawing's folder in the system's temporary folder
LEFT_AFTER = 10 * TIMEOUT  # seconds: no drawing's folder is in use that long


def sweep_left_folders(root: str | Path | None = None, now: float | None = None) -> int:
    """Remove the drawings' folders a bot killed outright left in ``root`` (the system's
    temporary folder): those unchanged for ``LEFT_AFTER`` seconds, which no drawing under
    way can be (one is killed at ``TIMEOUT``), whichever bot on this machine drew them.
    How many were removed."""
    folder = Path(root if root is not None else tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = 0
    try:
        found = list(folder.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return 0
    for path in found:
        try:
            if not path.is_dir() or path.is_symlink():
                continue
            changed = max([path.stat().st_mtime]
                          + [p.stat().st_mtime for p in path.iterdir()])
            if now - changed < LEFT_AFTER:
                continue
            shutil.rmtree(path)
            removed += 1
        except OSError:  # another's, or gone meanwhile: not ours to fuss over
            continue
    if removed:
        log.info("removed %d notice folder(s) left by a bot killed while drawing", removed)
    return removed


async def draw_notice(*args: str) -> tuple[bytes | None, str, str]:
    """``steward notice ARGS --out FILE`` in a child process: the PDF (None if not
    drawn), what went wrong (its last line of stderr, "timeout"), and what it printed.
    The process is killed if this is cancelled (a stop) or takes over ``TIMEOUT``."""
    with tempfile.TemporaryDirectory(prefix=FOLDER_PREFIX) as folder:
        out = Path(folder) / "notice.pdf"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "steward_cli", "notice", *args, "--out", str(out),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            preexec_fn=dies_with_bot())  # a killed bot's drawing ends with it
        try:
            said, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
        except (TimeoutError, asyncio.CancelledError) as exc:
            if process.returncode is None:
                process.kill()
            if isinstance(exc, asyncio.CancelledError):
                raise
            await process.wait()
            return None, "timeout", ""
        if process.returncode != 0 or not out.is_file():
            lines = err.decode("utf-8", "replace").strip().splitlines()
            return None, lines[-1][:300] if lines else f"exit {process.returncode}", ""
        return (await asyncio.to_thread(out.read_bytes), "",
                said.decode("utf-8", "replace"))


class Drawings:
    """The drawings under way or waiting their turn."""

    def __init__(self, at_once: int = AT_ONCE) -> None:
        self.tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(at_once)
        self._last: dict[int, asyncio.Task[None]] = {}  # person -> her latest drawing

    def start(self, who: int, work: Coroutine[Any, Any, Any],
              failed: Callable[[], Awaitable[Any]] | None = None) -> asyncio.Task[None]:
        """Run ``work`` (draw and send) after ``who``'s earlier drawings, when a slot is
        free; ``failed`` is awaited if it raises (to tell her)."""
        before = self._last.get(who)
        task = asyncio.get_running_loop().create_task(self._run(before, work, failed),
                                                      name=f"steward-drawing-{who}")
        self._last[who] = task
        self.tasks.add(task)

        def done(_: asyncio.Task[None]) -> None:
            self.tasks.discard(task)
            if self._last.get(who) is task:
                del self._last[who]

        task.add_done_callback(done)
        return task

    async def _run(self, before: asyncio.Task[None] | None, work: Coroutine[Any, Any, Any],
                   failed: Callable[[], Awaitable[Any]] | None) -> None:
        try:
            if before is not None:
                await asyncio.wait([before])  # her earlier one first (its end, not its result)
            async with self._slots:
                await work
        except asyncio.CancelledError:
            work.close()  # never started: no "never awaited" warning
            raise
        except Exception:  # noqa: BLE001 - a drawing's failure is the asker's alone
            log.exception("公示单没能生成或发出 / a notice could not be drawn or sent")
            if failed is not None:
                try:
                    await failed()
                except Exception:  # noqa: BLE001
                    log.exception("could not tell the asker that the notice failed")

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for every drawing (those started meanwhile too); whether all ended in time."""
        loop = asyncio.get_running_loop()
        end = None if timeout is None else loop.time() + timeout
        while self.tasks:
            left = None if end is None else end - loop.time()
            if left is not None and left <= 0:
                return False
            _, pending = await asyncio.wait(set(self.tasks), timeout=left)
            if pending and end is not None and loop.time() >= end:
                return False
        return True

    async def at_stop(self, app: Any) -> None:
        """A stop: wait ``STOP_WAIT`` seconds at most (less when the stop's budget is
        nearly spent) for the drawings under way; the shutdown ends the rest."""
        await self.drain(timeout=wait_left(app, STOP_WAIT))

    async def cancel(self) -> None:
        """End every drawing (a stop); their processes are killed as they are cancelled."""
        tasks = set(self.tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
            log.warning("停下时有 %d 份公示单没有生成完，下次启动时重新生成并发出 / stopped "
                        "with %d notice(s) not yet drawn; drawn and sent at the next start",
                        len(tasks), len(tasks))


def drawings_of(app: Any) -> Drawings:
    drawings = app.bot_data.get(DRAWINGS_KEY)
    if drawings is None:
        drawings = app.bot_data[DRAWINGS_KEY] = Drawings()
    return drawings  # type: ignore[no-any-return]
