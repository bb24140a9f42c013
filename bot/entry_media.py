"""What an entry carries besides its words, sent to the volunteers who decide
on it: a report's photos as one album (``sendMediaGroup``; a single photo as a
photo), a money entry's receipt photo, and a voice message as a voice message
they can play. They go just before the entry's post with the Approve / Reject
buttons, in each volunteer's private chat, in the area's linked group, and
again when a volunteer opens the entry from /pending. A receipt (and a meeting's signed
attendance sheet) goes to private chats only: it may show a payer's name and room, which
the bot cannot know who reads in a group (``bot.group_post``); an invoice its recorder
confirmed public goes to a group too. A voice message goes to private chats only (a
resident may say who she is and where she lives in it; its summary is published).

A file is uploaded once: Telegram answers with its ``file_id``, and the other
chats of the same round are sent that id (``MediaCache``). A chat that refuses
(the volunteer blocked the bot) is logged and skipped; the post still goes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from telegram import InputMediaPhoto, Message
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db import voice
from db.entries import MONEY_KINDS, Entry, Kind
from db.media import MediaStore, is_ref

from .context import read, settings_of
from .i18n import tr
from .ptb_private import sent_file_id
from .sending import paced

__all__ = ["MediaCache", "EntryMedia", "media_of", "in_group", "send_entry_media",
           "voice_seconds",
           "MAX_ALBUM", "send_media_of"]

log = logging.getLogger(__name__)

MAX_ALBUM = 10  # photos in one Telegram album


@dataclass(frozen=True)
class EntryMedia:
    """The media references of one entry."""

    photos: tuple[str, ...] = ()
    receipt: str | None = None
    voice: str | None = None
    more: tuple[str, ...] = ()  # further pages of a meeting's attendance sheet (private)
    more_voices: tuple[str, ...] = ()  # a report's further voice messages (``voice_more``)

    def __bool__(self) -> bool:
        return bool(self.photos or self.receipt or self.voice)

    @property
    def voices(self) -> tuple[str, ...]:
        """Every voice message, the first first."""
        return (self.voice, *self.more_voices) if self.voice else ()


def media_of(entry: Entry) -> EntryMedia:
    """The photos, receipt and voice message of ``entry`` (only well-formed references)."""
    d = entry.data
    photos: list[str] = []
    for ref in [*(d.get("photos") or []), d.get("photo")]:
        if is_ref(ref) and ref not in photos and str(ref).endswith(".jpg"):
            photos.append(str(ref))
    receipt = d.get("receipt") if entry.kind in MONEY_KINDS and is_ref(d.get("receipt")) \
        else None
    more: tuple[str, ...] = ()
    if entry.kind == Kind.MEETING and is_ref(d.get("sheet")):
        receipt = d["sheet"]  # the signed attendance sheet: for the approver, never public
        more = tuple(str(r) for r in d.get("sheet_more") or [] if is_ref(r))
    sound = d.get("voice") if is_ref(d.get("voice")) else None
    further = tuple(str(r) for r in d.get("voice_more") or [] if is_ref(r)) if sound else ()
    return EntryMedia(tuple(photos), receipt, sound, more, further)


def in_group(chat_id: int, entry: Entry, media: EntryMedia) -> EntryMedia:
    """``media`` as sent to chat ``chat_id``: in a group (a negative chat id), without
    a receipt or attendance sheet not to be published, nor a voice message (she may say
    her name and room in it; its summary is what is published)."""
    if chat_id > 0:
        return media
    public = entry.kind == Kind.EXPENSE and bool(entry.data.get("receipt_public"))
    return EntryMedia(media.photos, media.receipt if public else None, None,
                      media.more if public else ())


def voice_seconds(message_voice: Any) -> int:
    """The length of a Telegram voice message in whole seconds, read as Telegram sent it
    (``duration`` is an int now, a timedelta in a later python-telegram-bot)."""
    value = (message_voice.to_dict() or {}).get("duration") if message_voice else None
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


@dataclass
class MediaCache:
    """Files of one round of posts: a reference -> the ``file_id`` Telegram gave it, and
    the bytes read from the media folder (each read once)."""

    file_ids: dict[str, str] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)


async def _file(context: ContextTypes.DEFAULT_TYPE, cache: MediaCache, ref: str
                ) -> str | bytes | None:
    """What to send for ``ref``: its file_id when uploaded already, else its bytes (None
    when the file is missing)."""
    if ref in cache.file_ids:
        return cache.file_ids[ref]
    if ref not in cache.contents:
        store = MediaStore(settings_of(context).data_dir)
        if not store.exists(ref):
            log.warning("media %s of an entry is missing from the media folder", ref)
            return None
        cache.contents[ref] = await read(store.path(ref).read_bytes)
    return cache.contents[ref]


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, method: Any, *args: Any,
                **kwargs: Any) -> Any:
    """``method(chat_id, ...)`` in its turn, sent again after a 429 and to a group's new
    id (``bot.sending.paced``): an album refused at a busy moment still goes before
    its post."""
    return await paced(context.application, chat_id,
                       lambda chat: method(chat, *args, **kwargs))


def _remember(cache: MediaCache, ref: str, message: Message | None) -> None:
    """Keep the file_id Telegram gave an upload, to send the id next time."""
    if message is None:
        return
    file_id = sent_file_id(message)
    if file_id:
        cache.file_ids.setdefault(ref, file_id)


async def _album(context: ContextTypes.DEFAULT_TYPE, chat_id: int, entry: Entry, lang: str,
                 photos: tuple[str, ...], cache: MediaCache) -> int:
    """The photos as albums of up to ten (one photo alone as a photo); how many sent."""
    files = [(ref, await _file(context, cache, ref)) for ref in photos]
    found = [(ref, f) for ref, f in files if f is not None]
    sent = 0
    for start in range(0, len(found), MAX_ALBUM):
        part = found[start:start + MAX_ALBUM]
        caption = tr(lang, "Photos of #{id} ({n})", id=entry.id, n=len(found)) \
            if start == 0 else None
        if len(part) == 1:
            message = await _send(context, chat_id, context.bot.send_photo, part[0][1],
                                  caption=caption)
            _remember(cache, part[0][0], message)
        else:
            media = [InputMediaPhoto(f, caption=caption if i == 0 else None)
                     for i, (_ref, f) in enumerate(part)]
            messages = await _send(context, chat_id, context.bot.send_media_group, media)
            for (ref, _f), message in zip(part, messages, strict=False):
                _remember(cache, ref, message)
        sent += len(part)
    return sent


def _receipt_caption(entry: Entry, lang: str) -> str:
    if entry.kind == Kind.MEETING:
        return tr(lang, "Signed attendance sheet of minutes #{id} (volunteers only, never "
                        "published)", id=entry.id)
    if entry.kind == Kind.EXPENSE and entry.data.get("receipt_public"):
        # Its recorder saw no personal data on the invoice: it goes on the site with the line.
        return tr(lang, "Invoice of #{id} (published with the line once approved)", id=entry.id)
    return tr(lang, "Receipt of #{id} (volunteers only)", id=entry.id)


def _lengths(data: dict[str, Any], count: int) -> list[int]:
    """The length of each of ``count`` voice messages (0: not known): the further ones'
    as noted (``voice_more_seconds``), the first's what is left of ``voice_seconds``."""
    if count <= 0:
        return []
    total = voice.seconds_of(data)
    noted = data.get("voice_more_seconds")
    more = [n if isinstance(n, int) and n > 0 else 0 for n in noted] \
        if isinstance(noted, list) else []
    more = (more + [0] * count)[:count - 1]
    return [max(0, total - sum(more)), *more]


async def send_media_of(context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                        entries: list[Entry], lang: str, cache: MediaCache) -> int:
    """The media of several entries posted together (``bot.notices``): their photos and
    receipts in albums of up to ten, each captioned with its entry's number; an entry
    with a voice message sends its media as ``send_entry_media`` does. How many files
    went."""
    items: list[tuple[str, str]] = []
    sent = 0
    for entry in entries:
        media = in_group(chat_id, entry, media_of(entry))
        if media.voice:
            sent += await send_entry_media(context, chat_id, entry, lang, cache)
            continue
        items += [(ref, tr(lang, "Photos of #{id} ({n})", id=entry.id, n=len(media.photos)))
                  for ref in media.photos]
        if media.receipt:
            items += [(ref, _receipt_caption(entry, lang)) for ref in (media.receipt,
                                                                       *media.more)]
    found = [(ref, f, caption) for ref, caption in items
             if (f := await _file(context, cache, ref)) is not None]
    try:
        for start in range(0, len(found), MAX_ALBUM):
            part = found[start:start + MAX_ALBUM]
            if len(part) == 1:
                ref, f, caption = part[0]
                _remember(cache, ref, await _send(context, chat_id, context.bot.send_photo, f,
                                                  caption=caption))
            else:
                messages = await _send(context, chat_id, context.bot.send_media_group, [
                    InputMediaPhoto(f, caption=caption) for _r, f, caption in part])
                for (ref, _f, _c), message in zip(part, messages, strict=False):
                    _remember(cache, ref, message)
            sent += len(part)
    except TelegramError as exc:
        log.warning("could not send the media of %d entries to chat %s: %s", len(entries),
                    chat_id, exc)
    return sent


async def send_entry_media(context: ContextTypes.DEFAULT_TYPE, chat_id: int, entry: Entry,
                           lang: str, cache: MediaCache | None = None) -> int:
    """Send ``entry``'s photos (an album), receipt and voice message to a volunteers'
    chat, before its post; returns how many files went (0 also when the chat refused)."""
    media = in_group(chat_id, entry, media_of(entry))
    if not media:
        return 0
    cache = cache if cache is not None else MediaCache()
    sent = 0
    try:
        if media.photos:
            sent += await _album(context, chat_id, entry, lang, media.photos, cache)
        for ref in (media.receipt, *media.more) if media.receipt else ():
            photo = await _file(context, cache, ref)
            if photo is not None:
                message = await _send(context, chat_id, context.bot.send_photo, photo,
                                      caption=_receipt_caption(entry, lang))
                _remember(cache, ref, message)
                sent += 1
        lengths = _lengths(entry.data, len(media.voices))
        for n, (ref, seconds) in enumerate(zip(media.voices, lengths, strict=False), 1):
            sound = await _file(context, cache, ref)
            if sound is not None:
                length = voice.clock(seconds) if seconds else "?"
                caption = tr(lang, "Voice message of #{id} ({length}): listen before you "
                                   "approve.", id=entry.id, length=length) \
                    if len(media.voices) == 1 else \
                    tr(lang, "Voice message {n} of {count} of #{id} ({length}): listen to "
                             "each before you approve.", n=n, count=len(media.voices),
                       id=entry.id, length=length)
                message = await _send(context, chat_id, context.bot.send_voice, sound,
                                      duration=seconds or None, caption=caption)
                _remember(cache, ref, message)
                sent += 1
    except TelegramError as exc:
        log.warning("could not send the media of #%s to chat %s: %s", entry.id, chat_id, exc)
        return 0
    return sent
