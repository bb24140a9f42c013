"""A resident's photos kept for the report she starts from them: the record in her
``user_data`` (``KEPT``), keeping one more and the answer that says so.

Split from ``bot.said_photos`` (which re-exports these names and keeps what takes them
into a report and what sweeps them) so that a flow's step (``bot.flows.unexpected``)
can keep a photo sent to it, as ``bot.kept_voice`` keeps a voice: ``bot.said_photos``
imports ``bot.flows`` (through ``bot.kept_records``), and this module imports neither.
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db.errors import DomainError
from db.people import resident_area

from .context import lang_of, person_of
from .files import photo_of, save_photo
from .i18n import lazy, tr
from .keyboards import button

__all__ = ["KEPT", "WINDOW", "WAITING_WINDOW", "MAX_KEPT", "KEPT_FOR", "GONE", "GONE_KEPT",
           "RECEIPT", "ALBUM", "PHOTO_KEPT", "SAME_PHOTO", "FULL", "Kept", "keep", "answer",
           "kept_of", "window_of", "kept_now", "IN_FLOW", "REPORT_WITH_PHOTO", "keep_in_flow"]

log = logging.getLogger(__name__)

KEPT = "said_photos"  # user_data: [media reference..., when kept (seconds)]
WINDOW = 24 * 3600  # seconds a photo is kept for the report started from it
MAX_KEPT = 10  # as many as a report takes
# seconds photos sent before her household is confirmed are kept (a few: bot.newcomer)
WAITING_WINDOW = 7 * 24 * 3600
KEPT_FOR = "said_photos_for"  # user_data: the window of the photos kept, when not WINDOW
# user_data: [how many, when (seconds), kept for (seconds)] of the photos last dropped
# unreported, until what she expected them under says so (or GONE_KEPT is over)
GONE = "said_photos_gone"
GONE_KEPT = 30 * 24 * 3600
# go:<command>:photo — 💰 这是缴费收据 under the photo kept: the fee steps take it as the
# receipt (``bot.handlers.pay``); it was offered only as a report's (交钱, then the photo)
RECEIPT = "photo"
ALBUM = "said_album"  # user_data: the answer to an album's photos, edited as they come
PHOTO_KEPT = lazy("The photo is kept for you ({count} so far), but has not been passed to the "
                  "volunteers yet. To report a problem with it, press the button below and "
                  "say what the problem is. You can send more photos first.")
SAME_PHOTO = lazy("{n} photo(s) the same as one already kept: not added again.")
FULL = lazy("At most {max} photos are kept for a report: {n} more not added.")


def window_of(data: dict[str, Any] | None) -> int:
    window = (data or {}).get(KEPT_FOR)
    return window if isinstance(window, int) and WINDOW < window <= WAITING_WINDOW else WINDOW


def kept_now(data: dict[str, Any] | None) -> list[str]:
    noted = (data or {}).get(KEPT)
    if not isinstance(noted, list) or not noted or not isinstance(noted[-1], int) or \
            noted[-1] < time.time() - window_of(data):
        return []
    return [r for r in noted[:-1] if isinstance(r, str)]


def kept_of(data: dict[str, Any] | None) -> list[str]:
    """The photos kept for her in a user's ``data`` (none once the window is over): what
    /mydata says the bot holds for her, not sent."""
    return kept_now(data)


class Kept(NamedTuple):
    photos: int  # kept now
    same: bool = False  # this one was kept already (the same photo sent twice): not added
    full: bool = False  # MAX_KEPT were kept already: not added


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE, window: int = WINDOW
               ) -> Kept | None:
    """Store the photo of this message and keep it for a report (``window`` seconds, or
    longer when those kept already were to be kept longer): how many are kept now, and
    whether it was not added (kept already, or ``MAX_KEPT`` are); None when it could not
    be stored (too large, not a picture: nothing kept)."""
    message = update.effective_message
    media = photo_of(message) if message is not None else None
    if media is None or context.user_data is None:
        return None
    try:
        ref = await save_photo(update, context, media)
    except DomainError:
        return None
    refs = kept_now(context.user_data)
    same, full = ref in refs, ref not in refs and len(refs) >= MAX_KEPT
    if not same and not full:
        refs.append(ref)
    window = max(window, window_of(context.user_data)) if refs else window
    context.user_data[KEPT] = [*refs, int(time.time())]
    if window > WINDOW:
        context.user_data[KEPT_FOR] = window
    else:
        context.user_data.pop(KEPT_FOR, None)
    context.user_data.pop(GONE, None)  # photos kept again: those dropped are not asked for
    return Kept(len(refs), same, full)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, kept: Kept, more: str,
                 markup: InlineKeyboardMarkup, head: str = PHOTO_KEPT) -> None:
    """Says how many photos are kept (``PHOTO_KEPT``, then ``more``), and of one not added
    that it was not (the same photo twice was dropped in silence, the count left at 1).

    An album (several photos sent at once) comes as one message per photo, with one
    ``media_group_id``: each got its own answer, buttons and all, and "现在有 1 张",
    "现在有 2 张"… Now the album gets one answer, its count changed as its photos come
    (``ALBUM``: the answer's message; its photos not added, counted)."""
    message, chat, data = update.effective_message, update.effective_chat, context.user_data
    group = str(message.media_group_id or "") if message is not None else ""
    noted = data.get(ALBUM) if data is not None else None
    again = bool(group) and isinstance(noted, dict) and noted.get("group") == group
    same = (int(noted.get("same", 0)) if again and isinstance(noted, dict) else 0) + kept.same
    full = (int(noted.get("full", 0)) if again and isinstance(noted, dict) else 0) + kept.full
    text = "\n".join(filter(None, [
        tr(lang_of(context), head, count=kept.photos),
        tr(lang_of(context), SAME_PHOTO, n=same) if same else "",
        tr(lang_of(context), FULL, max=MAX_KEPT, n=full) if full else ""])) + more
    if again and isinstance(noted, dict) and data is not None:
        try:  # the album's answer, its count changed: no message more
            await context.bot.edit_message_text(text, chat_id=noted["chat"],
                                                message_id=noted["message"],
                                                reply_markup=markup)
            data[ALBUM] = {**noted, "same": same, "full": full}
            return
        except TelegramError:  # too old to edit, deleted: a new answer
            log.info("the answer to album %s could not be edited", group)
    assert chat is not None
    sent = await chat.send_message(text, reply_markup=markup)
    if data is not None:
        data.pop(ALBUM, None)
        if group:
            data[ALBUM] = {"group": group, "chat": sent.chat_id, "message": sent.message_id,
                           "same": same, "full": full}


# A photo sent to a step of a flow that takes none (the ledger line /ask asks for, a vote's
# choice): it was "not kept, this step does not take a photo", and she had to find it in
# her gallery again
IN_FLOW = lazy("I received your photo and am keeping it for you ({count} so far), not yet "
               "passed to the volunteers. This step does not take a photo, so it did not go "
               "into what you are filling in; when you have finished here, press the button "
               "below to report a problem with it.")
REPORT_WITH_PHOTO = lazy("📝 Report a problem with this photo")


async def keep_in_flow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool | None:
    """A photo sent to a step of a flow that takes none, by a resident of the compound:
    kept as one sent outside any flow, and said so with 📝 用照片报事 under it (an album's
    photos after its first change that one answer: False, the step not to be asked again
    for each). None when it is no photo, or not kept (then said not kept, as before)."""
    message = update.effective_message
    if message is None or photo_of(message) is None or context.user_data is None:
        return None
    if resident_area(await person_of(update, context)) is None:
        return None  # a volunteer living elsewhere: nothing would send it
    group = str(message.media_group_id or "")
    noted = context.user_data.get(ALBUM)
    later = bool(group) and isinstance(noted, dict) and noted.get("group") == group
    kept = await keep(update, context)
    if kept is None:
        return None
    lang = lang_of(context)
    await answer(update, context, kept, "", InlineKeyboardMarkup(
        [[button(tr(lang, REPORT_WITH_PHOTO), "rep:said")]]), head=IN_FLOW)
    return not later
