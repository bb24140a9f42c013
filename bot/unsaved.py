"""Updates the data folder would not take: its disk full, or turned read-only.

Every update is saved before the bot takes it from Telegram (``bot.state.Inbox``).
When that save fails the update is not taken: the poller asks for it again
every few seconds (Telegram keeps it for a day), and it is handled, in order,
once the disk takes it. Meanwhile, instead of silence and a log line at
each of the poller's tries:

* the sender is told, at most once every ``EVERY`` seconds, that the server
  cannot save messages now, that what they sent waits and is handled by
  itself once it can, and to send it again if nothing comes within a day;
* the operator gets one log line every ``EVERY`` seconds naming the fix
  (free space on the data folder's disk, or remount it read-write), with the
  count of tries since the last one; and one line when it works again;
* the admins are told (``alert_admins``: one message per ten minutes).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application, CallbackContext

from db.errors import StoreError
from db.storage import disk_fix

from .context import alert_admins, t
from .sending import deliver

log = logging.getLogger(__name__)

EVERY = 600.0  # seconds: at most one log line, and one message to each sender, per this
TASKS: set[asyncio.Task[None]] = set()  # messages to senders still being sent (tests await)


class Unsaved(NetworkError):
    """An update the store could not save: not taken, so the poller fetches it again
    (python-telegram-bot retries on a NetworkError); logged by ``Stalled``, not as
    Telegram out of reach."""


def the_fix(data_dir: Path | str | None, exc: BaseException) -> str:
    """What the operator should do about ``exc``, one sentence naming the folder."""
    return disk_fix(data_dir, exc) or f"{data_dir or 'the data folder'} cannot be written"


class Stalled:
    """The updates not taken because the store could not save them (``note``), until
    one is saved again (``saved``)."""

    def __init__(self, app: Application, *,  # type: ignore[type-arg]
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.clock = clock
        self.tries = 0  # failed saves since the last log line
        self.failures = 0  # failed saves in all
        self.waiting: set[int] = set()  # update ids not taken yet
        self.logged: float | None = None
        self.told: dict[int, float] = {}  # chat -> when its sender was last told

    def _due(self, last: float | None) -> bool:
        return last is None or self.clock() - last >= EVERY

    def note(self, update: Update, exc: StoreError) -> None:
        """``update`` could not be saved (it waits at Telegram)."""
        self.tries += 1
        self.failures += 1
        self.waiting.add(update.update_id)
        if self._due(self.logged):
            repo = self.app.bot_data.get("repo")
            fix = the_fix(getattr(getattr(repo, "store", None), "root", None), exc)
            since = f" ({self.tries} tries since the last such line)" if self.logged else ""
            self.logged, self.tries = self.clock(), 0
            log.error("数据目录写不进去（磁盘满了或出了故障），收到的消息暂不处理，在 Telegram 那边"
                      "等着，能写入后按顺序处理 / cannot save the updates received, so they "
                      "are not taken yet: %s. To fix: %s; they wait at Telegram and are "
                      "handled in order once it can be written%s", exc, fix, since)
            alert_admins(CallbackContext.from_update(update, self.app), "updates_unsaved",
                         f"Steward 无法保存收到的消息，暂不处理：{exc}。消息在 Telegram 等待，"
                         f"恢复写入后按顺序处理。\nSteward cannot save the messages it receives, "
                         f"so it does not take them yet ({exc}). To fix: {fix}; they wait at "
                         f"Telegram and are handled in order once it can be written.",
                         logged=False)
        chat = update.effective_chat
        if chat is None or chat.type != "private" or not self._due(self.told.get(chat.id)):
            return
        self.told[chat.id] = self.clock()
        context = CallbackContext.from_update(update, self.app)
        text = t(context, "Sorry, the server cannot save messages right now (its disk is full "
                 "or has a fault); the admins have been told. What you sent is not lost: it "
                 "waits, and is handled by itself, in order, once the server can save again, "
                 "so there is no need to send it again. If nothing comes within a day, "
                 "please send it again.")
        task = asyncio.get_running_loop().create_task(self._tell(chat.id, text))
        TASKS.add(task)
        task.add_done_callback(TASKS.discard)

    async def _tell(self, chat_id: int, text: str) -> None:
        try:
            await deliver(self.app, chat_id, text)  # in its turn: many may wait at once
        except Exception:  # noqa: BLE001 - a courtesy; the update waits either way
            log.warning("could not tell chat %s that its message waits", chat_id)

    def saved(self, update_id: int) -> None:
        """An update was saved: if updates were waiting, say once that they are taken."""
        if not self.waiting:
            return
        log.warning("数据目录又能写入了，等着的消息现在按顺序处理 / the data folder can be "
                    "written again: the updates that waited are taken now, in order")
        self.waiting.clear()
        self.tries, self.logged = 0, None
        self.told.clear()


def stalled_of(app: Any) -> Stalled:
    stalled = app.bot_data.get("stalled")
    if stalled is None:
        stalled = app.bot_data["stalled"] = Stalled(app)
    return stalled  # type: ignore[no-any-return]


# -- before it fills: the free space of the data folder's and the project's disks --

LOW_SPACE = 100 * 1024 * 1024  # bytes free below which the admins are told
SPACE_EVERY = 3600.0  # seconds between looks at the free space
SPACE_TOLD_EVERY = 12 * 3600.0  # at most one alert per this while it stays low
SPACE_KEY = "space_told"  # bot_data: when the admins were last told


def low_space(folders: dict[str, Path], *, least: int = LOW_SPACE) -> list[tuple[str, Path, int]]:
    """The folders (by what they hold) whose disk has less than ``least`` bytes free:
    (what, folder, bytes free)."""
    low = []
    for what, folder in folders.items():
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            continue  # not there (yet): nothing to say of its disk
        if free < least:
            low.append((what, folder, free))
    return low


async def watch_space(context: Any) -> None:
    """A job (at start, then hourly): tell the operator and the admins when the data
    folder's or the site project's disk has little space left, before it fills."""
    app = context.application
    settings = app.bot_data.get("settings")
    repo = app.bot_data.get("repo")
    folders: dict[str, Path] = {}
    if repo is not None:
        folders["data folder"] = Path(repo.store.root)
    project = getattr(settings, "project_dir", None)
    if project:
        folders["site project"] = Path(project)
    low = low_space(folders)
    told = app.bot_data.get(SPACE_KEY)
    if not low or (told is not None and time.monotonic() - told < SPACE_TOLD_EVERY):
        return
    app.bot_data[SPACE_KEY] = time.monotonic()
    zh = "；".join(f"{'数据目录' if w == 'data folder' else '网站项目'} {f} 所在磁盘只剩 "
                  f"{n / 1e6:.1f} MB" for w, f, n in low)
    en = "; ".join(f"the disk of the {w} {f} has {n / 1e6:.1f} MB free" for w, f, n in low)
    # what fails when it fills: the data folder holds what residents send; the site
    # project (on a disk of its own) only the public site
    data = any(w == "data folder" for w, _f, _n in low)
    zh_then = "居民提交的报事、缴费和投票将无法保存" if data else "公示网站将无法更新"
    en_then = "residents' reports, fees and votes cannot be saved" if data else \
        "the public site cannot be rebuilt"
    alert_admins(context, "low_space",
                 f"Steward：{zh}。请尽快清理空间，否则{zh_then}。\n"
                 f"Steward: {en}. To fix: free space on it (df -h {low[0][1]}) before it fills, "
                 f"or {en_then}.")


def schedule_space_watch(app: Any) -> None:
    if app.job_queue is not None:
        app.job_queue.run_repeating(watch_space, SPACE_EVERY, first=1.0, name="disk space")
