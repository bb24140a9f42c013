"""A photo sent straight into the chat by a resident, without words and outside any
flow: kept for the report she starts from it.

It was answered "您发的照片还没有交给志愿者，也没有保存…点“报事”，按提示再发一次这张照片":
an elderly resident on a phone had to find the photo in her gallery again (found trying
the real ``steward run`` as one). Now it is stored (as a report's photos are: without
its metadata, ``bot.files.save_photo``) and named in her ``user_data`` (``KEPT``), which
keeps it from the media sweep; 📝 用照片报事 (``rep:said``) starts the report with it,
and the report asks what the problem is. It is kept ``WINDOW``; the same photo twice is
kept once; at most ``MAX_KEPT``. Nothing reaches the volunteers before 提交.
"""

from __future__ import annotations

import time
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError

from .files import photo_of, save_photo

__all__ = ["KEPT", "WINDOW", "MAX_KEPT", "keep", "take"]

KEPT = "said_photos"  # user_data: [media reference..., when kept (seconds)]
WINDOW = 24 * 3600  # seconds a photo is kept for the report started from it
MAX_KEPT = 10  # as many as a report takes


def _kept(data: dict[str, Any] | None) -> list[str]:
    noted = (data or {}).get(KEPT)
    if not isinstance(noted, list) or not noted or not isinstance(noted[-1], int) or \
            noted[-1] < time.time() - WINDOW:
        return []
    return [r for r in noted[:-1] if isinstance(r, str)]


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Store the photo of this message and keep it for a report: how many are kept now;
    None when it could not be stored (too large, not a picture: nothing kept)."""
    message = update.effective_message
    media = photo_of(message) if message is not None else None
    if media is None or context.user_data is None:
        return None
    try:
        ref = await save_photo(update, context, media)
    except DomainError:
        return None
    refs = _kept(context.user_data)
    if ref not in refs and len(refs) < MAX_KEPT:
        refs.append(ref)
    context.user_data[KEPT] = [*refs, int(time.time())]
    return len(refs)


def take(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    """The photos kept for a report (forgotten here: the report has them now)."""
    refs = _kept(context.user_data)
    if context.user_data is not None:
        context.user_data.pop(KEPT, None)
    return refs
