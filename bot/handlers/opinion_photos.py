"""An opinion started from words typed before (``op:said``: under her words, or under the
confirmation of her household with the photos she sent while it waited) takes the
photos kept with them (``bot.said_photos``), as a report started from them
(``rep:said``) does. Before, the opinion took the words alone: the photos stayed behind,
to be dropped unreported a day (or a week) later, and she believed they had gone with it.

Its confirmation says how many go with it and that only the volunteers who review it see
them (the site shows an opinion's words, never its photos), with 不带照片
(``op:nophoto``): the opinion goes without them, and they are kept for a report again.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError

from .. import said_photos
from ..context import error_text, reply, t
from ..files import photo_of, save_photo
from ..flows import END, answer, button_args, current_draft, gone, refuse
from ..i18n import lazy
from .opinion_ask import CONFIRM, FLOW, PHOTOS, PREFIX, confirm

__all__ = ["take", "with_photos", "on_no_photos", "on_photo_at_confirm"]

LEFT_OUT = lazy("Your opinion will go without the {count} photo(s); they are kept for you for "
                "a report.")


def take(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> None:
    """The photos kept for her (``bot.said_photos``, taken) into the opinion's draft."""
    refs = said_photos.take(context)
    if refs:
        d[PHOTOS] = refs


def with_photos(d: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The opinion's ``data`` to store, with the draft's photos."""
    refs = d.get(PHOTOS)
    return {**data, "photos": list(refs)} if isinstance(refs, list) and refs else data


async def on_no_photos(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Leaves the photos out of the opinion (不带照片), kept for a report again.

    The confirmation is shown again, without them."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    refs = d.get(PHOTOS)
    if button_args(update, PREFIX, "nophoto", 0) is None or not refs or \
            not isinstance(d.get("data"), dict):
        return await refuse(update, context)
    d.pop(PHOTOS, None)
    said_photos.put_back(context, [str(r) for r in refs])
    await reply(update, t(context, LEFT_OUT, count=len(refs)))
    return await confirm(update, context, d["data"])


# A photo sent at the confirmation (the broken bench she writes about): it was kept apart,
# offered for a report (用照片报事), though she sent it with her opinion. It goes with it,
# as photos kept before do; 不带照片 leaves them out, kept for a report.
PHOTO_WITH = lazy("Photo received; it goes with your opinion ({count} in all).")
MAX_PHOTOS = 10


async def on_photo_at_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds a photo sent at the confirmation to the opinion and shows it again."""
    d = current_draft(context, FLOW)
    message = update.effective_message
    media = photo_of(message) if message is not None else None
    if d is None or not isinstance(d.get("data"), dict) or media is None:
        return END
    refs = [str(r) for r in d.get(PHOTOS) or []]
    if len(refs) >= MAX_PHOTOS:
        await reply(update, t(context, FULL_PHOTOS, max=MAX_PHOTOS))
        return await confirm(update, context, d["data"])
    try:
        ref = await save_photo(update, context, media)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return await confirm(update, context, d["data"])
    if ref not in refs:
        refs.append(ref)
    d[PHOTOS] = refs
    album = str(message.media_group_id or "") if message is not None else ""
    data = context.user_data if context.user_data is not None else {}
    if album and data.get(ALBUM_SHOWN) == album:  # its first photo showed the confirmation
        return CONFIRM
    data[ALBUM_SHOWN] = album
    await reply(update, t(context, PHOTO_WITH, count=len(refs)))
    return await confirm(update, context, d["data"])


FULL_PHOTOS = lazy("An opinion takes at most {max} photos: this one was not added.")
ALBUM_SHOWN = "opinion_album_shown"  # user_data: the album whose first photo showed it again
