"""A voice message a registered resident sends straight into the chat, outside any
flow (or at a step of one that takes no voice: ``bot.flows.unexpected``): kept for the
report or the opinion she sends it as. What is kept and its words are in
``bot.kept_voice``, re-exported here.

It was answered "您发的语音还没有交给志愿者，也没有保存…点“提意见”，按提示再发一次": a
complaint spoken into the chat was lost, and an elderly resident had to say it all
again (a typed one is kept, with buttons that send it). Now it is stored as a report's
voice is (``bot.files.save_voice``) and named in her ``user_data`` (``KEPT``: which
keeps it from the media sweep); 📝 用这条语音报事 (``rep:voice``) starts a report with it
as the description, 💬 把这条语音作为意见提交 (``op:voice``) an opinion spoken. One voice
is kept, the newest; for ``WINDOW``. Nothing reaches the volunteers before 提交. Once the
window is over, ``sweep`` (run by ``bot.kept.sweep_kept``) drops it and tells her.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import voice

from .context import drop_buttons, reply, t
from .flows import button_args, refuse
from .i18n import lazy, tr
from .kept_records import span
from .kept_voice import (
    KEPT,
    KEPT_SAID,
    OPINION,
    REPORT,
    WAITING_WINDOW,
    WINDOW,
    Parts,
    count_of,
    full,
    full_said,
    keep,
    keep_parts,
    kept_of,
    markup,
    markup_in,
    noted,
    parts_of,
    put_back,
    said,
)
from .resident import AGREED, start_resident_flow
from .sending import deliver
from .state import keeper_of

__all__ = ["KEPT", "WINDOW", "WAITING_WINDOW", "markup_in", "CONFIRMED_VOICE", "TILL_CONFIRMED",
           "TILL_REGISTERED", "VOICE_KEPT_AGAIN", "REPORT", "OPINION", "keep", "take", "put_back",
           "kept_of", "Parts", "parts_of", "keep_parts", "count_of", "full", "full_said",
           "markup", "drop_expired", "sweep", "said", "start_with_voice", "pattern", "KEPT_SAID",
           "GONE_SAID"]

log = logging.getLogger(__name__)


def pattern(prefix: str) -> str:
    """The callback pattern of ``<prefix>:voice`` and its notice's ``:agree``."""
    return rf"^{prefix}:voice(:{AGREED})?$"


# a button pressed once the voice is no longer kept (sent already, or a day on)
GONE_SAID = lazy("That voice message is no longer kept (it was sent already, or it was over a "
                 "day old). Please say it again when you are asked.")
# sent before her household is confirmed (bot.newcomer), and offered once it is
TILL_CONFIRMED = lazy("Your voice message ({length}) is kept for {span}: once your household is "
                      "confirmed, I will offer to pass it to the volunteers. Nothing has been "
                      "sent to them yet.")
TILL_REGISTERED = lazy("Your voice message ({length}) is kept for {span}: once you have "
                       "registered your household and a volunteer has confirmed it, I will "
                       "offer to pass it to the volunteers. Nothing has been sent to them yet.")
CONFIRMED_VOICE = lazy("Before your household was confirmed you sent a voice message "
                       "({length}), kept for you: to pass it to the volunteers, press a button "
                       "below.")
# the voice of a report or an opinion whose unfinished draft ended (bot.kept.keep_said)
VOICE_KEPT_AGAIN = lazy("Your voice message ({length}) is kept for you one more day: to pass it "
                        "to the volunteers, press a button below.")
# ... sent before her household was confirmed (she may be waiting still: 报事 refuses her)
WAITING_EXPIRED = lazy("The voice message ({length}) you sent before your household was "
                       "confirmed was kept for {span} and is now deleted; nothing was sent to "
                       "the volunteers. Once your household is confirmed, to report a problem, "
                       "press 报事 and say it again.")
EXPIRED = lazy("The voice message ({length}) you sent without pressing a button below it was "
               "kept for {span} and is now deleted; nothing was sent to the volunteers. To "
               "report a problem, press 报事 and say it again.")


def take(context: ContextTypes.DEFAULT_TYPE) -> tuple[str, int] | None:
    """The voice kept (forgotten here: the flow's draft has it now), or None."""
    found = kept_of(context.user_data)
    if context.user_data is not None:
        context.user_data.pop(KEPT, None)
    return found


def drop_expired(data: dict[str, Any], now: float) -> tuple[int, int] | None:
    """Drop from a user's ``data`` a voice kept longer than its window; its length in
    seconds and the window, or None when none was dropped."""
    if data.get(KEPT) is None or kept_of(data, now) is not None:
        return None
    found = noted(data)
    data.pop(KEPT, None)
    return (found[1], found[3]) if found is not None else (0, WINDOW)


async def sweep(app: Any, now: float) -> None:
    """Drop the voices kept longer than their window, save their owners' data, then tell
    them (saved first: a stop in between does not tell anyone twice)."""
    dropped = [(uid, data.get("lang"), gone) for uid, data in list(app.user_data.items())
               if (gone := drop_expired(data, now)) is not None]
    keeper = keeper_of(app)
    if dropped and keeper is not None:
        await keeper.users_changed([uid for uid, _, _ in dropped])
    for uid, lang, (seconds, window) in dropped:
        try:
            await deliver(app, uid, tr(lang, WAITING_EXPIRED if window > WINDOW else EXPIRED,
                                       length=voice.clock(seconds), span=span(lang, window)))
        except Exception:  # noqa: BLE001 - one chat's failure must not stop the sweep
            log.warning("could not tell chat %s that its kept voice message was deleted", uid)


async def start_with_voice(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str,
                           flow: str) -> tuple[tuple[dict[str, Any], str, dict[str, Any]],
                                               tuple[str, int] | None, Parts] | None:
    """A flow started by a button under a voice kept (``<prefix>:voice``, or the
    publication notice's ``<prefix>:voice:agree``), once the press is answered
    (``answer_once``): None when it does not start (a forged press refused; this
    person may not start it, told why: the voice stays kept); else the flow's start
    (``start_resident_flow``) and the voice taken for it (None when it is no longer
    kept: ``GONE_SAID`` said), with what was kept along with it (``Parts``: the further
    voices and typed words of a report or an opinion whose draft ended unsent)."""
    offer = button_args(update, prefix, "voice", 0) is not None
    if not offer and button_args(update, prefix, "voice", 1) != [AGREED]:
        await refuse(update, context)
        return None
    started = await start_resident_flow(update, context, flow, f"{prefix}:voice:{AGREED}")
    if started is None:
        return None
    parts = parts_of(context.user_data)
    found = take(context)
    if offer:  # her choice is made: the two buttons go (a second press is no new flow)
        await drop_buttons(update)
    if found is None:
        await reply(update, t(context, GONE_SAID))
    return started, found, parts if found is not None else Parts([], "")
