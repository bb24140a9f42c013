"""A button pressed twice in a row, as a shaky finger or a slow phone does it.

The first press does what the button does (ends a flow with "已收到，报事编号
#408", moves it to its next step); the second finds the flow ended, or at
another step, and was answered with a new message, "这个按钮已失效：……这次没有
做任何事". That message came last, under the receipt: an elderly resident read
it as her report not sent (found in the elderly residents' trial of the real
``steward run``). ``note_press`` (a handler before every other) remembers each
person's last press, in memory (a press after a restart is no double tap); a
refusal of the same button of the same message within ``WINDOW`` seconds
(``repeated``) is only a small note on the button, "已经收到了", and no message.
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

__all__ = ["PRESS_GROUP", "WINDOW", "note_press", "press_handler", "repeated"]

PRESS_GROUP = -2  # before leaving a flow (bot.leaving, -1) and before the flows (0)
WINDOW = 30.0  # seconds within which the same button again is the same press
PRESSES = "presses"  # bot_data: user id -> [chat, message, data, time, repeats]: the
# last press, and the update id of the press that repeated it (or None)


def _key(update: Update) -> list[object] | None:
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or message is None:
        return None
    return [message.chat.id, message.message_id, query.data or ""]


async def note_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remembers this press; marks it when it repeats the last one (same button, same
    message, within ``WINDOW``). Takes nothing: the press goes on to its handler."""
    key, user = _key(update), update.effective_user
    if key is None or user is None:
        return
    presses = context.bot_data.setdefault(PRESSES, {})
    now = time.time()
    last = presses.get(user.id)
    again = last is not None and last[:3] == key and 0 <= now - last[3] < WINDOW
    presses[user.id] = [*key, now, update.update_id if again else None]


def press_handler() -> CallbackQueryHandler:  # type: ignore[type-arg]
    """``note_press`` for every button, in ``PRESS_GROUP``."""
    return CallbackQueryHandler(note_press)


def repeated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether this press repeats the one just before it (``note_press``)."""
    user = update.effective_user
    last = context.bot_data.get(PRESSES, {}).get(user.id) if user is not None else None
    return update.callback_query is not None and last is not None and \
        last[4] == update.update_id
