"""Rebuilding the public site from the bot, in the background.

The repository reports every commit that changed the public record (an
approval, a step of an issue, a reopen, a "me too", a vote, a result, an
announcement, a ledger line) as a change event (``db.changes``). The
publisher subscribes once, when the application starts (``follow_changes``,
from ``bot.app``'s ``post_init``): no handler asks for a publish itself.
Requests are debounced: the site is rebuilt once things have been quiet for
``Settings.publish_delay`` seconds, or at the latest ``MAX_WAIT`` delays after
the first request not yet built (else a change every few seconds, all day,
would put the site off for ever). The build runs in a worker thread, so the
bot keeps answering; only one build runs at a time, and a request that arrives
during a build causes exactly one more build after it. When a build fails the
admins are told. ``/publish`` builds at once.

The build runs as ``steward build --follow`` in a child process that stays
up and reads a read-only snapshot of the store (``BuildWorker``): the bot
neither waits for it nor holds a whole street's pages in its own memory, and
after its first, whole build the child rebuilds only what changed. Tests put
a stand-in function in ``bot_data["build_site"]`` (called in a worker thread
with the repository).

Under ``steward run`` (``bot_data[DURABLE]``) the publisher also remembers, in the
project's ``.cache/``, that a change is waiting for its build (``publish-pending``,
from the first request until a build succeeds) and which builder code made the
site (``publish-built``). At start (``resume``) it builds once when the site is
missing (a new machine, a restore), a change was waiting when the bot stopped
(killed, or stopped within the delay: its resident was told it is public), or
the builder changed (an upgrade); otherwise nothing is built until a change.

Before each build the new chain heads are signed and appended to the head
log (``db.heads.record_heads``), so the site shows them; once the build has
succeeded they are posted in the areas' volunteers' groups (``bot.witness``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from db.changes import NAMES, Change
from db.errors import StoreError
from db.storage import atomic_write_bytes, disk_fix

from .alerts import fit_halves
from .build_worker import (
    BUILDER_CODE,
    BuildFailed,
    BuildWorker,
    Built,
    build_answer,
    builder_digest,
)
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .sending import deliver
from .witness import HEADS_FAILED, HEADS_REFUSED, log_cut, post_heads, sign_heads

__all__ = ["NO_SITE_KEY", "DURABLE", "PENDING_FILE", "BUILT_FILE", "DATA_FILE", "data_identity",
           "Publisher", "BuildWorker",
           "build_answer", "BuildResult", "builder_digest", "publisher_of", "BUILDER_CODE",
           "follow_changes", "stop_following"]

log = logging.getLogger(__name__)

KEY = "publisher"
UNSUBSCRIBE = "publisher_unsubscribe"  # bot_data: ends follow_changes
# bot_data: the data folder of a bot that builds no site (``steward chat`` without
# --build): nothing is built, and /publish says so and how to build it.
NO_SITE_KEY = "no_site"
# bot_data: True under `steward run` (the publisher remembers in the project what is
# not yet built, and builds at start what is: module docstring).
DURABLE = "publisher_durable"
PENDING_FILE = ".cache/publish-pending"  # in the project: a change waits for its build
BUILT_FILE = ".cache/publish-built"  # in the project: the builder code of the last build
# in the project: the data folder the last build read, by its device and inode (a restore
# puts a new folder in its place: ``data_identity``)
DATA_FILE = ".cache/publish-data"
BUILD_FAILED = lazy("The public site could not be rebuilt (it stays as it was last built): "
                    "{error}")
# the same, when no build has made a site yet: there is none to stay as it was
FIRST_BUILD_FAILED = lazy("The public site could not be built; nothing is published yet: "
                          "{error}")
MAX_WAIT = 6  # publish delays: the longest a request waits for quiet before its build
RETRY = 600  # seconds: a build that failed for want of disk space is tried again after
REMIND = 86400  # seconds: a build failing the same way is told to the admins again after
# why the site is built at start (``Publisher.why_build_at_start``): Chinese, English
NEVER_BUILT = ("还没有生成过网站（新的目录，或者刚恢复了备份）",
               "the site has not been built yet (a new folder, or a restore)")
NOT_YET_BUILT = ("机器人停下时还有改动没有生成", "a change was not yet built when the bot stopped")
DATA_REPLACED = ("上次生成以后，数据目录被恢复或换过",
                 "the data folder was restored or replaced since the last build")
BUILDER_CHANGED = ("上次生成以后，网站生成程序变了（升级）",
                   "the site builder changed since the last build (an upgrade)")
# no note of the builder: built by hand (steward build, the demo) or by an older Steward
BUILDER_UNKNOWN = ("上次生成网站的不是机器人（比如 steward build 或演示），或者是旧版本，"
                   "不知道用的是哪个版本的生成程序",
                   "the site was not last built by the bot (steward build, the demo, or an "
                   "older Steward): which builder made it is not known")


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    report: Any = None
    error: str = ""
    areas: frozenset[str] = frozenset()  # whose changes it published (empty: /publish alone)
    retry: bool = False  # failed for the disk's sake (full, read-only): tried again later
    live: bool = True  # a site built earlier is published (a failed build leaves it as it was)

    @property
    def failure(self) -> str:
        """The message telling of this failed build (``BUILD_FAILED``, or, with no site
        published yet, ``FIRST_BUILD_FAILED``)."""
        return BUILD_FAILED if self.live else FIRST_BUILD_FAILED


class Publisher:
    """One per Application: debounced, serialised site builds."""

    def __init__(self, app: Application, *, delay: float) -> None:
        self.app = app
        self.delay = delay
        self.builds = 0  # finished builds, successful or not
        self.last: BuildResult | None = None
        self._dirty = False
        self.areas: set[str] = set()  # the areas changed since the last build began
        self._due = 0.0
        self._latest = 0.0  # when the build must start, quiet or not (MAX_WAIT)
        self._timer: asyncio.Task[None] | None = None
        self._lock: asyncio.Lock | None = None
        self._worker: BuildWorker | None = None
        self._stopped = False
        self._unposted: list[dict[str, Any]] = []  # signed heads not yet posted in groups
        self._retry: asyncio.TimerHandle | None = None  # a build tried again (RETRY)
        self._failed = ""  # the error the admins were last told of (``_told_of``)
        self._failed_at = 0.0  # when (time.monotonic())
        self.changes = 0  # public changes heard (a registration's name kept is not one)

    # -- requests -------------------------------------------------------------

    def request(self, change: Change | None = None) -> None:
        """Ask for a rebuild ``delay`` seconds from now (later requests push it back),
        for ``change`` (what a commit changed in public)."""
        if change is not None and change.kinds - {NAMES}:
            self.changes += 1  # steward chat says the site is not rebuilt (bot.chat)
        if self._stopped or NO_SITE_KEY in self.app.bot_data:
            return  # a change after shutdown, or a bot that builds no site
        loop = asyncio.get_running_loop()
        if change is not None:
            self.areas |= change.areas
        now = loop.time()
        if not self._dirty:  # the first request since the last build began
            self._latest = now + MAX_WAIT * self.delay
            self._note_pending()
        self._dirty = True
        self._due = min(now + self.delay, self._latest)
        if self._timer is None or self._timer.done():
            self._timer = loop.create_task(self._debounced(), name="steward-publish")

    @property
    def pending(self) -> bool:
        return self._dirty

    # -- what is not yet built, across a stop (steward run) ---------------------

    def _project(self) -> Path:
        settings = self.app.bot_data["settings"]
        return Path(getattr(settings, "project_dir", None) or Path.cwd())

    def _durable(self) -> bool:
        """Under steward run, building a street's project folder. Steward's own source
        folder (a bot run from the checkout: the tests, a developer) holds the demo's
        site: it is built there on a change only, as before."""
        if not self.app.bot_data.get(DURABLE):
            return False
        return self._project().resolve() != BUILDER_CODE.parent

    def _note_pending(self) -> None:
        """Remember on disk that a change waits for its build (a few bytes, once per
        build: a stop before the build then builds at the next start)."""
        if not self._durable():
            return
        path = self._project() / PENDING_FILE
        try:
            if not path.exists():
                atomic_write_bytes(path, b"a change waits for its build\n")
        except (OSError, StoreError) as exc:  # a full project disk: build all the same
            log.warning("could not note the change waiting for its build in %s: %s", path, exc)

    def _note_built(self, digest: str) -> None:
        """After a build that left nothing waiting: no change pending, and which
        builder code made the site."""
        project = self._project()
        with contextlib.suppress(FileNotFoundError):
            (project / PENDING_FILE).unlink()
        built = project / BUILT_FILE
        for path, stamp in ((built, digest.encode()),
                            (project / DATA_FILE, data_identity(self._data()))):
            try:
                if not path.exists() or path.read_bytes() != stamp:
                    atomic_write_bytes(path, stamp)
            except (OSError, StoreError) as exc:
                log.warning("could not note the builder of the site in %s: %s", path, exc)

    def _data(self) -> Path:
        return Path(self.app.bot_data["settings"].data_dir)

    def why_build_at_start(self) -> tuple[str, str] | None:
        """Why the site must be built now the bot starts (in Chinese, in English), or
        None (as it was left)."""
        project = self._project()
        if not (project / "site").is_dir():
            return NEVER_BUILT
        if (project / PENDING_FILE).exists():
            return NOT_YET_BUILT
        seen = project / DATA_FILE  # (a site built before this was noted: not known)
        if seen.exists() and seen.read_bytes() not in (data_identity(self._data()), b""):
            return DATA_REPLACED
        built = project / BUILT_FILE
        if not built.exists():
            return BUILDER_UNKNOWN
        if built.read_bytes() != builder_digest().encode():
            return BUILDER_CHANGED
        return None

    async def resume(self) -> tuple[str, str] | None:
        """At start, under steward run: ask for one build when ``why_build_at_start``
        says so; returns the reason (None: nothing to build)."""
        if not self._durable() or NO_SITE_KEY in self.app.bot_data:
            return None
        reason = await asyncio.to_thread(self.why_build_at_start)
        if reason:
            log.info("启动时生成网站：%s / building the site at start: %s", *reason)
            self.request()
        return reason

    async def _debounced(self) -> None:
        loop = asyncio.get_running_loop()
        while self._dirty:
            while (wait := self._due - loop.time()) > 0:
                await asyncio.sleep(wait)
            if not self._dirty:  # a /publish took care of it meanwhile
                break
            await self.build_now()

    async def build_now(self, *, told: int | None = None) -> BuildResult:
        """Rebuild now (after any build already running); never raises. A failure is
        told to the admins, but for the chat ``told`` (the /publish that asked is
        answered there itself: before, its admin got the failure twice)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            self._dirty = False
            signed, error = await sign_heads(self.app)  # before the build that shows them
            # a ledger rewritten against its signed heads, a clock set back: refused as
            # steward build refuses them (before, the site was built all the same)
            cut = bool(error) and (bool(self.app.bot_data.get(HEADS_REFUSED)) or
                                   await asyncio.to_thread(log_cut, self.app.bot_data["repo"]))
            if cut:
                # its end cut off (db.heads_cut): no site publishes the log without it
                self.builds += 1
                self.last = BuildResult(False, error=error, areas=frozenset(self.areas))
                await self._tell_admins(error, HEADS_FAILED, told=told)
                return self.last
            self._unposted += signed
            areas, self.areas = frozenset(self.areas), set()
            result = await self._build(areas)
            if result.ok and self._durable():
                digest = await asyncio.to_thread(builder_digest)
                if not self._dirty:  # (on the loop: no request slips in between)
                    self._note_built(digest)
            self.builds += 1
            self.last = result
            posting, self._unposted = (self._unposted, []) if result.ok else ([], self._unposted)
        if result.ok:
            self._failed = ""
            if isinstance(result.report, Built):
                log.info("网站已生成：%s / site built: %s", result.report.zh, result.report)
            else:  # a stand-in's (tests, benchmarks)
                log.info("网站已生成 / site built: %s", result.report)
        if error:
            await self._tell_admins(error, HEADS_FAILED)
        if not result.ok:
            if result.retry:  # the disk: again later, until space is freed
                self.areas |= result.areas
                self._retry_later()
            if not self._told_of(result.error):
                await self._tell_admins(result.error, result.failure, told=told)
        elif posting:
            await post_heads(self.app, posting)  # the groups witness the new heads
        return result

    async def _build(self, areas: frozenset[str]) -> BuildResult:
        settings = self.app.bot_data["settings"]
        project_dir = Path(getattr(settings, "project_dir", None) or Path.cwd())
        build = self.app.bot_data.get("build_site")
        try:
            if build is not None:  # a stand-in (tests, benchmarks)
                report = await asyncio.to_thread(build, self.app.bot_data["repo"], project_dir)
            else:
                if self._worker is None:
                    self._worker = BuildWorker(settings.data_dir, project_dir)
                report = await self._worker.build()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
            failed = isinstance(exc, BuildFailed)  # the worker's answer, said as it is
            text = str(exc) if failed else "".join(traceback.format_exception_only(exc)).strip()
            fix = disk_fix(project_dir, text)
            live = (project_dir / "site" / "index.html").exists()
            if fix is None and failed:  # the worker logged a traceback itself, if any
                if live:
                    log.error("网站生成失败，公开网站保持上一次生成的样子，已告诉管理员 / site "
                              "build failed, the public site is left as it was (the admins "
                              "are told): %s", text)
                else:
                    log.error("网站生成失败，还没有发布过网站，已告诉管理员 / site build "
                              "failed, no site is published yet (the admins are told): %s",
                              text)
                return BuildResult(False, error=fit_halves(text), areas=areas, live=live)
            if fix is None:
                log.exception("site build failed")
                return BuildResult(False, error=fit_halves(text), areas=areas, live=live)
            # The project's disk: one line naming the fix, not two tracebacks; the bot
            # goes on, and the build is tried again by itself (``build_now``).
            log.error("网站生成失败（网站项目目录的磁盘有问题）；机器人照常运行，%d 分钟后再生成 / "
                      "site build failed (%s). To fix: %s; the bot goes on, and builds the "
                      "site again in %d minutes", RETRY // 60, text[-300:], fix, RETRY // 60)
            return BuildResult(False, error=f"{fit_halves(text, 1200)}. To fix: {fix}", areas=areas,
                               retry=True, live=live)
        return BuildResult(True, report=report, areas=areas)

    def _retry_later(self) -> None:
        if self._retry is not None and not self._retry.cancelled():
            self._retry.cancel()
        self._retry = asyncio.get_running_loop().call_later(RETRY, self.request)

    def _told_of(self, error: str) -> bool:
        """Whether the admins were told of ``error`` at a build before, since the last
        build that succeeded, within a day: a build failing the same way again (a retry
        for the disk's sake, or every change's build while a page of the project links
        to a page not there) is not told again, but once a day."""
        now = time.monotonic()
        if self._failed == error and now - self._failed_at < REMIND:
            return True
        self._failed, self._failed_at = error, now
        return False

    async def _tell_admins(self, error: str, msgid: str = BUILD_FAILED, *,
                           told: int | None = None) -> None:
        repo = self.app.bot_data.get("repo")
        settings = self.app.bot_data.get("settings")
        people: list[dict[str, Any]] = []
        if repo is not None:
            people = await asyncio.to_thread(repo.people, admins=True)
        chats = {int(p["telegram_id"]): p.get("language") or DEFAULT_LANGUAGE for p in people}
        for tid in getattr(settings, "admin_ids", ()) or ():
            chats.setdefault(int(tid), DEFAULT_LANGUAGE)
        if told is not None:
            chats.pop(told, None)
        for chat_id, lang in chats.items():
            try:
                await deliver(self.app, chat_id, tr(lang, msgid, error=error))
            except TelegramError as exc:
                log.warning("could not tell admin %s about the failed build: %s", chat_id, exc)

    async def shutdown(self) -> None:
        """Stop waiting; let a running build finish, then stop the build worker."""
        self._stopped = True
        if self._retry is not None:
            self._retry.cancel()
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
            try:
                await self._timer
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        self._timer = None
        if self._worker is not None:
            async with self._lock or contextlib.nullcontext():  # after a running build
                await self._worker.close()


def data_identity(data_dir: Path) -> bytes:
    """Which folder ``data_dir`` is (its device and inode): the same across the bot's
    restarts and a rename, another once ``steward restore`` has put a new folder in its
    place (the old one kept beside) or the folder was copied anew."""
    try:
        st = os.stat(data_dir)
    except OSError:  # (not there: nothing to tell)
        return b""
    return f"{st.st_dev}:{st.st_ino}\n".encode()


def publisher_of(app: Application) -> Publisher:
    publisher = app.bot_data.get(KEY)
    if publisher is None:
        settings = app.bot_data["settings"]
        publisher = Publisher(app, delay=float(getattr(settings, "publish_delay", 5.0)))
        app.bot_data[KEY] = publisher
    return publisher


def follow_changes(app: Application) -> Callable[[], None]:
    """Subscribe the application's publisher to its repository's change events
    (once; call from the event loop). Each change is handed to the event loop,
    whatever thread made the commit (the writer thread, mostly). Returns the
    function that unsubscribes (``stop_following`` calls it)."""
    unsubscribe: Callable[[], None] | None = app.bot_data.get(UNSUBSCRIBE)
    if unsubscribe is not None:
        return unsubscribe
    loop = asyncio.get_running_loop()
    publisher = publisher_of(app)

    def on_change(change: Change) -> None:
        try:
            loop.call_soon_threadsafe(publisher.request, change)
        except RuntimeError:  # the event loop is closed: the bot is stopping
            log.info("机器人停下以后的改动，没有发布 / change after the bot stopped, "
                     "not published: %s", change)

    unsubscribe = app.bot_data["repo"].subscribe(on_change)
    app.bot_data[UNSUBSCRIBE] = unsubscribe
    return unsubscribe


def stop_following(app: Application) -> None:
    """Undo ``follow_changes`` (at shutdown)."""
    unsubscribe = app.bot_data.pop(UNSUBSCRIBE, None)
    if unsubscribe is not None:
        unsubscribe()
