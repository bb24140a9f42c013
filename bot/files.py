"""Photos and voice notes from Telegram: counted against the sender's rate
limit, checked for size, downloaded with getFile into the data folder through
``db.media.MediaStore`` (which refuses images of more than 40 megapixels, 16
for those decoded whole, before decoding them, decodes one at a time, keeps no
metadata at all, and makes a thumbnail)."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db.errors import DomainError
from db.media import MediaStore

from .context import call, settings_of
from .ratelimit import allow_submission, minutes_to_wait

__all__ = ["photo_of", "save_photo", "save_voice", "remember_album", "album_step"]

ALBUM_KEY = "album_step"  # user_data: the album whose captioned photo a step took



def photo_of(message: Message | None) -> Any:
    """The largest size of a photo, or a file of any image type; None otherwise.

    A file's type is what the sender's phone said ("image/jpg" for a JPEG, "image/gif",
    "image/heic"), so it only tells a picture from other files, as the flows' filter
    (``filters.Document.IMAGE``) does; what the bytes are decides
    (``MediaStore.save_photo`` opens JPEG, PNG, WebP, GIF and BMP only, and refuses
    anything else with a clear reply)."""
    if message is None:
        return None
    if message.photo:
        return message.photo[-1]
    doc = message.document
    if doc is not None and (doc.mime_type or "").lower().startswith("image/"):
        return doc
    return None


async def _download(context: ContextTypes.DEFAULT_TYPE, media: Any, limit: int,
                    too_large: str) -> bytes:
    if media.file_size and media.file_size > limit:
        raise DomainError("file too large", code=too_large, limit_mb=limit // (1024 * 1024))
    try:
        tg_file = await context.bot.get_file(media.file_id)
        if tg_file.file_size and tg_file.file_size > limit:
            raise DomainError("file too large", code=too_large,
                              limit_mb=limit // (1024 * 1024))
        data = bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        raise DomainError(f"download failed: {exc}", code="download_failed") from None
    if len(data) > limit:
        raise DomainError("file too large", code=too_large, limit_mb=limit // (1024 * 1024))
    return data


def _count_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every upload counts against its sender's rate limit, before anything is fetched."""
    user = update.effective_user
    if user is not None and not allow_submission(context, user.id):
        raise DomainError("too many uploads", code="rate_limited",
                          minutes=minutes_to_wait(context, user.id))


async def save_photo(update: Update, context: ContextTypes.DEFAULT_TYPE, media: Any) -> str:
    """Download a photo and store it without metadata; returns its media reference."""
    if media is None:
        raise DomainError("no photo", code="bad_photo")
    _count_upload(update, context)
    settings = settings_of(context)
    data = await _download(context, media, settings.max_photo_bytes, "photo_too_large")
    return await call(MediaStore(settings.data_dir).save_photo, data)


async def save_voice(update: Update, context: ContextTypes.DEFAULT_TYPE, voice: Any) -> str:
    """Download a voice note (Telegram sends OGG/Opus) and store it."""
    _count_upload(update, context)
    settings = settings_of(context)
    data = await _download(context, voice, settings.max_voice_bytes, "audio_too_large")
    return await call(MediaStore(settings.data_dir).save_audio, data, "ogg")


def remember_album(context: ContextTypes.DEFAULT_TYPE, message: Message | None,
                   holder: int, issue: int, *, project: bool = False) -> None:
    """Note that the photo of ``message``, part of an album, was stored with a step on
    ``issue`` held by entry ``holder`` (the issue, or a progress note), or with
    ``project``'s last stage (``holder`` and ``issue`` both the project): the album's
    other photos come as messages of their own, without the caption."""
    group = message.media_group_id if message is not None else None
    if group and context.user_data is not None:
        context.user_data[ALBUM_KEY] = {"group": str(group), "holder": holder, "issue": issue,
                                        "project": project}


def album_step(context: ContextTypes.DEFAULT_TYPE, message: Message | None
               ) -> tuple[int, int, bool] | None:
    """(holder, issue, whether a project's stage) of the step an album's captioned
    photo went with, for another photo of that album; None for any other message."""
    if message is None or not (message.photo or message.document) or \
            not message.media_group_id or context.user_data is None:
        return None
    noted = context.user_data.get(ALBUM_KEY)
    if not isinstance(noted, dict) or noted.get("group") != str(message.media_group_id):
        return None
    return int(noted["holder"]), int(noted["issue"]), bool(noted.get("project"))
