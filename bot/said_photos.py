"""A photo sent straight into the chat by a resident, without words and outside any
flow: kept for the report she starts from it.

It was answered "您发的照片还没有交给志愿者，也没有保存…点“报事”，按提示再发一次这张照片":
an elderly resident on a phone had to find the photo in her gallery again (found trying
the real ``steward run`` as one). Now it is stored (as a report's photos are: without
its metadata, ``bot.files.save_photo``) and named in her ``user_data`` (``KEPT``), which
keeps it from the media sweep; 📝 用照片报事 (``rep:said``) starts the report with it,
and the report asks what the problem is. It is kept ``WINDOW``; the same photo twice is
kept once; at most ``MAX_KEPT``. Nothing reaches the volunteers before 提交. Once the
window is over, ``sweep`` (run by ``bot.kept.sweep_kept``) drops them and tells her: a
photo she never reported was named in her data for good, kept from the media sweep.

Photos sent before her household is confirmed (``bot.newcomer``) are kept
``WAITING_WINDOW`` (``KEPT_FOR``): a registration may wait days for a volunteer, and
they were dropped after 24 hours, told "press 报事 and send it again" while 报事 refused
her, and her confirmation ("I will offer to report them") then said nothing of them.
Once dropped, a note of how many (``GONE``) lets what she expected them under say they
are gone: the confirmation of her household (``gone_since``), 📝 用照片报事 pressed
later (``gone_line``).
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db.errors import DomainError

from .context import lang_of
from .files import photo_of, save_photo
from .i18n import lazy, tr
from .kept_records import span
from .state import keeper_of

__all__ = ["KEPT", "WINDOW", "WAITING_WINDOW", "MAX_KEPT", "RECEIPT", "Kept", "keep", "answer",
           "take", "put_back", "kept_of", "drop_expired", "sweep", "gone_since", "gone_line"]

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


def _window(data: dict[str, Any] | None) -> int:
    window = (data or {}).get(KEPT_FOR)
    return window if isinstance(window, int) and WINDOW < window <= WAITING_WINDOW else WINDOW


def _kept(data: dict[str, Any] | None) -> list[str]:
    noted = (data or {}).get(KEPT)
    if not isinstance(noted, list) or not noted or not isinstance(noted[-1], int) or \
            noted[-1] < time.time() - _window(data):
        return []
    return [r for r in noted[:-1] if isinstance(r, str)]


def kept_of(data: dict[str, Any] | None) -> list[str]:
    """The photos kept for her in a user's ``data`` (none once the window is over): what
    /mydata says the bot holds for her, not sent."""
    return _kept(data)


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
    refs = _kept(context.user_data)
    same, full = ref in refs, ref not in refs and len(refs) >= MAX_KEPT
    if not same and not full:
        refs.append(ref)
    window = max(window, _window(context.user_data)) if refs else window
    context.user_data[KEPT] = [*refs, int(time.time())]
    if window > WINDOW:
        context.user_data[KEPT_FOR] = window
    else:
        context.user_data.pop(KEPT_FOR, None)
    context.user_data.pop(GONE, None)  # photos kept again: those dropped are not asked for
    return Kept(len(refs), same, full)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, kept: Kept, more: str,
                 markup: InlineKeyboardMarkup) -> None:
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
        tr(lang_of(context), PHOTO_KEPT, count=kept.photos),
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


def take(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    """The photos kept for a report (forgotten here: the report has them now)."""
    refs = _kept(context.user_data)
    if context.user_data is not None:
        context.user_data.pop(KEPT, None)
        context.user_data.pop(KEPT_FOR, None)
    return refs


def put_back(context: ContextTypes.DEFAULT_TYPE, refs: list[str]) -> None:
    """Keep ``refs`` (taken for an opinion, left out of it) for a report again, with
    those kept meanwhile, a window from now (at most ``MAX_KEPT``)."""
    if context.user_data is None or not refs:
        return
    kept = _kept(context.user_data)
    context.user_data[KEPT] = [*kept, *(r for r in refs if r not in kept)][:MAX_KEPT] + \
        [int(time.time())]


def drop_expired(data: dict[str, Any], now: float) -> tuple[int, int]:
    """Drop from a user's ``data`` the photos kept longer than their window (the media
    sweep deletes their files once nothing names them), noting how many (``GONE``): how
    many, and the window they were kept (0, 0 when none were dropped). A note older than
    ``GONE_KEPT`` goes too."""
    gone = data.get(GONE)
    if gone is not None and not (isinstance(gone, list) and len(gone) == 3 and
                                 isinstance(gone[1], int) and gone[1] >= now - GONE_KEPT):
        data.pop(GONE, None)
    noted = data.get(KEPT)
    if not isinstance(noted, list):
        return 0, 0
    window = _window(data)
    if noted and isinstance(noted[-1], int) and noted[-1] >= now - window:
        return 0, 0
    data.pop(KEPT, None)
    data.pop(KEPT_FOR, None)
    count = sum(isinstance(r, str) for r in noted[:-1])
    if count:
        data[GONE] = [count, int(now), window]
    return count, window


PHOTOS_EXPIRED = lazy("The {count} photo(s) you sent without a report were kept for {span} and "
                      "are now deleted; nothing was sent to the volunteers. To report a "
                      "problem, press 报事 and send the photo again.")
# ... sent before her household was confirmed (she may be waiting still: 报事 refused her)
WAITING_EXPIRED = lazy("The {count} photo(s) you sent before your household was confirmed were "
                       "kept for {span} and are now deleted; nothing was sent to the "
                       "volunteers. Once your household is confirmed, to report a problem, "
                       "press 报事 and send the photo again.")
# what she expected them under (her confirmation, 📝 用照片报事) says they are gone
GONE_SAID = lazy("The {count} photo(s) you sent before were kept for {span} and have been "
                 "deleted: to report a problem with them, press 报事 and send them again.")
GONE_IN_REPORT = lazy("The {count} photo(s) you sent before were kept for {span} and have been "
                      "deleted: send them again when the report asks for photos.")
GONE_IN_PAY = lazy("The photo you sent before was kept for {span} and has been deleted: send "
                   "the receipt's photo again when you are asked for it.")


def gone_since(data: dict[str, Any] | None, since: float) -> tuple[int, int] | None:
    """For the confirmation of her household: how many photos she sent were dropped
    unreported since ``since`` (the registration's time), and how long they had been
    kept (``GONE_SAID`` says so) — None when none were — taken (said once)."""
    gone = (data or {}).get(GONE)
    if data is None or not isinstance(gone, list) or len(gone) != 3 or \
            not all(isinstance(n, int) for n in gone) or gone[1] < since:
        return None
    data.pop(GONE, None)
    return gone[0], gone[2]


def gone_line(context: ContextTypes.DEFAULT_TYPE, msgid: str = GONE_IN_REPORT) -> str:
    """For a report started by 📝 用照片报事 (or a fee by 💰 这是缴费收据, ``GONE_IN_PAY``)
    with no photo kept now: that those she sent were dropped (taken: said once); "" when
    none were."""
    data = context.user_data
    gone = (data or {}).get(GONE)
    if data is None or not isinstance(gone, list) or len(gone) != 3 or \
            not all(isinstance(n, int) for n in gone) or gone[1] < time.time() - WAITING_WINDOW:
        return ""  # (dropped over a week ago: not what she expects now)
    data.pop(GONE, None)
    return tr(lang_of(context), msgid, count=gone[0], span=span(lang_of(context), gone[2]))


async def sweep(app: Any, now: float) -> None:
    """Drop the photos sent without a report (``bot.said_photos``) kept longer than their
    window, save their owners' data, then tell them (saved first: a stop in between
    does not tell anyone twice)."""
    dropped = [(uid, data.get("lang"), *gone) for uid, data in list(app.user_data.items())
               if (gone := drop_expired(data, now))[0]]
    keeper = keeper_of(app)
    if dropped and keeper is not None:
        await keeper.users_changed([uid for uid, _, _, _ in dropped])
    for uid, lang, count, window in dropped:
        try:
            await app.bot.send_message(uid, tr(
                lang, WAITING_EXPIRED if window > WINDOW else PHOTOS_EXPIRED, count=count,
                span=span(lang, window)))
        except Exception:  # noqa: BLE001 - one chat's failure must not stop the sweep
            log.warning("could not tell chat %s that its kept photos were deleted", uid)
