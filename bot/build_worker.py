"""``steward build --follow``, the child process that builds the public site for the
bot (``BuildWorker``), and what tells that the site builder changed on disk
(``code_stamp``, ``builder_digest``: an upgrade). Split from ``bot.publisher``,
which re-exports these names."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .children import dies_with_bot

# the bot's pid, told to the worker: it stops when the bot ends (site_builder.child)
PARENT_ENV = "STEWARD_BUILD_PARENT"

__all__ = ["BUILDER_CODE", "BuildFailed", "BuildWorker", "Built", "build_answer",
           "builder_digest", "code_stamp"]

log = logging.getLogger("bot.publisher")


class BuildFailed(RuntimeError):
    """The build worker answered that a build failed (its text, as it is to be told:
    the worker logged a traceback itself when there was one to log), or it died."""


def build_answer(line: str | bytes) -> dict[str, Any] | None:
    """One line from ``steward build --follow`` read as its answer to a build, or
    ``None`` for anything else on its output (something a library printed)."""
    try:
        answer = json.loads(line)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) and "ok" in answer else None


@dataclass(frozen=True)
class Built:
    """What a build of the worker's did, as the log says it (``bot.publisher``)."""

    pages: int
    written: int  # generated files whose bytes changed
    seconds: float
    project: int = 0  # the project's own files changed (an upgrade's stylesheet, security.md)

    @property
    def zh(self) -> str:
        theirs = (f"（其中网站项目自带的文件 {self.project} 个：样式、说明页等）"
                  if self.project else "")
        return (f"{self.pages} 页，{self.written + self.project} 个文件有改动{theirs}，"
                f"{self.seconds:.2f} 秒")

    def __str__(self) -> str:
        changed = self.written + self.project
        files = "file" if changed == 1 else "files"
        theirs = (f" ({self.project} of them the site project's own: stylesheets, pages "
                  f"like security.md)") if self.project else ""
        return f"{self.pages} pages, {changed} {files} changed{theirs}, {self.seconds:.2f}s"


BUILDER_CODE = Path(__file__).resolve().parent.parent / "site_builder"


def code_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``root`` (the site builder: its code and templates) with its
    size and modification time: what tells that it changed on disk."""
    out = []
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        with contextlib.suppress(OSError):
            st = path.stat()
            if path.is_file():
                out.append((str(path.relative_to(root)), st.st_size, st.st_mtime_ns))
    return tuple(out)


def builder_digest() -> str:
    """A digest of the site builder's files as installed (``code_stamp``): another
    one after an upgrade."""
    return hashlib.sha256(repr(code_stamp(BUILDER_CODE)).encode()).hexdigest()


class BuildWorker:
    """``steward build --follow`` in a child process that stays up between builds.

    The child reads a read-only snapshot of the store, so the bot's memory and
    event loop are untouched and the bot's writes never wait for it. Its first
    build is whole; for each later one it reads only what the bot wrote since
    and rebuilds only the pages that changed, which takes seconds, not the
    minute a whole street takes. If it dies, the next build starts a new one.

    The child keeps the builder's Python code it started with but reads its page
    templates from disk at each build: when the builder's files change (an
    upgrade while the bot runs), a new child is started, else new templates
    would link files the old code does not write (on 2 December a bench run
    during a merge failed both builds with a link to each area's civic.json).
    """

    def __init__(self, data_dir: Path, project_dir: Path, *,
                 command: list[str] | None = None, code: Path = BUILDER_CODE) -> None:
        self.data_dir, self.project_dir = Path(data_dir), Path(project_dir)
        self.proc: asyncio.subprocess.Process | None = None
        self.command = command or [sys.executable, "-m", "steward_cli", "build", "--follow",
                                   "--data", str(self.data_dir),
                                   "--project", str(self.project_dir)]
        self.code = Path(code)
        self._stamp: tuple[tuple[str, int, int], ...] = ()  # of the running child's code

    async def build(self) -> Built:
        stamp = await asyncio.to_thread(code_stamp, self.code)  # some 80 files' stat
        if self.proc is not None and self.proc.returncode is None and stamp != self._stamp:
            log.info("网站生成程序的文件变了（升级）：重新启动生成网站的进程 / the site "
                     "builder's files changed: starting a new build worker")
            await self.close()
        if self.proc is not None and self.proc.returncode is None:
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write(b"build\n")
                await self.proc.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):  # it died since the last build
                if self.proc.returncode is None:
                    self.proc.kill()
                await self.proc.wait()
                self.proc = None
        if self.proc is None or self.proc.returncode is not None:
            self._stamp = stamp
            self.proc = await asyncio.create_subprocess_exec(
                *self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                limit=1 << 20, env={**os.environ, PARENT_ENV: str(os.getpid())},
                preexec_fn=dies_with_bot(signal.SIGTERM))  # before its own prctl too
        answer = await self._answer()
        if not answer.get("ok"):
            raise BuildFailed(str(answer.get("error") or "steward build failed"))
        return Built(int(answer.get("pages") or 0), int(answer.get("written") or 0),
                     float(answer.get("seconds") or 0), int(answer.get("project_changed") or 0))

    async def _answer(self) -> dict[str, Any]:
        proc = self.proc
        assert proc is not None and proc.stdout is not None
        while True:
            line = await proc.stdout.readline()
            if not line:  # the child is gone
                code = await proc.wait()
                self.proc = None
                raise BuildFailed(f"steward build --follow exited {code} (the bot's log "
                                  "says why, on the line before)")
            answer = build_answer(line)
            if answer is not None:
                return answer

    async def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.returncode is not None:
            return
        assert proc.stdin is not None
        proc.stdin.close()  # end of requests: the child finishes and exits
        try:
            await asyncio.wait_for(proc.wait(), timeout=30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
