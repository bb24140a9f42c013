"""The repeating job that deletes the photos and voice notes nothing names any more
(``db.media_sweep``): those of drafts cancelled, discarded or ended idle, two days
after they were stored. Four times a day, the first ten minutes after start."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from db.media_sweep import Swept, hashes_in, sweep

__all__ = ["schedule_media_sweep", "sweep_media", "INTERVAL"]

log = logging.getLogger(__name__)

INTERVAL = 6 * 3600
FIRST = 600


def _in_memory(app: Any) -> set[str]:
    """The hashes the bot's ``user_data`` and ``chat_data`` name now (a step ahead of
    what is saved), read on the event loop, between steps."""
    found: set[str] = set()
    for mapping in (app.user_data, app.chat_data):
        for data in list(mapping.values()):
            found |= hashes_in(data)
    return found


async def sweep_media(context: Any) -> Swept:
    """The repeating job: delete the unnamed media files past their grace; logs how
    many and their size."""
    app = context.application
    keep = _in_memory(app)  # before the store is read: what moves, moves to the store
    store = app.bot_data["repo"].store
    try:
        swept = await asyncio.to_thread(sweep, store, keep)
    except Exception:  # noqa: BLE001 - nothing deleted; tried again at the next run
        log.exception("media sweep: stopped, nothing more deleted this time")
        return Swept(0, 0)
    if swept.files or swept.bytes:
        log.info("清理照片：删除了没有用到的 %d 张照片和语音（没有哪条记录或草稿用到它们），"
                 "连同缩略图共 %d 字节 / media sweep: deleted %d photo(s) and voice note(s) "
                 "no entry or draft names, %d bytes with their thumbnails", swept.files,
                 swept.bytes, swept.files, swept.bytes)
    return swept


def schedule_media_sweep(app: Any) -> None:
    if app.job_queue is not None:
        app.job_queue.run_repeating(sweep_media, INTERVAL, first=FIRST,
                                    name="unnamed media")
