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
from typing import Any

from telegram.ext import ContextTypes

from .context import lang_of
from .i18n import lazy, tr
from .kept_photos import (
    ALBUM,
    FULL,
    GONE,
    GONE_KEPT,
    KEPT,
    KEPT_FOR,
    MAX_KEPT,
    PHOTO_KEPT,
    RECEIPT,
    SAME_PHOTO,
    WAITING_WINDOW,
    WINDOW,
    Kept,
    answer,
    keep,
    kept_now,
    kept_of,
    window_of,
)
from .kept_records import span
from .sending import deliver
from .state import keeper_of

__all__ = ["KEPT", "WINDOW", "WAITING_WINDOW", "MAX_KEPT", "RECEIPT", "Kept", "keep", "answer",
           "ALBUM", "FULL", "GONE", "KEPT_FOR", "PHOTO_KEPT", "SAME_PHOTO", "take", "put_back",
           "keep_in",
           "kept_of", "drop_expired", "sweep", "gone_since", "gone_line"]

log = logging.getLogger(__name__)


def take(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    """The photos kept for a report (forgotten here: the report has them now)."""
    refs = kept_now(context.user_data)
    if context.user_data is not None:
        context.user_data.pop(KEPT, None)
        context.user_data.pop(KEPT_FOR, None)
    return refs


def put_back(context: ContextTypes.DEFAULT_TYPE, refs: list[str]) -> None:
    """Keep ``refs`` (taken for an opinion, left out of it) for a report again, with
    those kept meanwhile, a window from now (at most ``MAX_KEPT``)."""
    if context.user_data is not None:
        keep_in(context.user_data, refs)


def keep_in(data: dict[str, Any], refs: list[str]) -> None:
    """``put_back`` into a user's ``data`` (the photos of a draft ended unsent, outside an
    update: ``bot.kept.keep_said``)."""
    if not refs:
        return
    kept = kept_now(data)
    data[KEPT] = [*kept, *(r for r in refs if r not in kept)][:MAX_KEPT] + [int(time.time())]


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
    window = window_of(data)
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
            await deliver(app, uid, tr(
                lang, WAITING_EXPIRED if window > WINDOW else PHOTOS_EXPIRED, count=count,
                span=span(lang, window)))
        except Exception:  # noqa: BLE001 - one chat's failure must not stop the sweep
            log.warning("could not tell chat %s that its kept photos were deleted", uid)
