"""A message she edited after sending it (Telegram's 编辑): its change is not used.

Telegram sends an edit as an ``edited_message`` update, and python-telegram-bot's
handlers take it as they take a new message. So an edit reached whatever step her
flow was at by then: the description she corrected at the photos step was added
after the old one (描述：楼道灯坏了 楼道灯坏了三天了), the period she corrected at the
amount step failed the step's handler (抱歉，出了点问题), an opinion corrected at
its summary was not taken and the summary showed the old words, and a report edited
after it was sent got no answer at all, as if the edit had reached the volunteers.

``on_edited`` runs before the flows in a private chat (``EDITED_GROUP``): it
says the change was not used and what to do instead, and nothing else takes the
edit. An edit in a group (the volunteers') is left as it was.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from .context import reply, t
from .i18n import lazy
from .leaving import in_flow
from .presses import PRESS_GROUP

__all__ = ["EDITED_GROUP", "edited_handler", "on_edited"]

# Before leaving a flow (-1) and the flows (0); with the presses' handler, which takes
# only buttons: a group of its own would cost every update another look (bot.dispatch).
EDITED_GROUP = PRESS_GROUP

IN_FLOW = lazy("You changed a message you had already sent, but the bot only reads new "
               "messages: the change was not used, and what you had filled in is as it was. "
               "To change it, send it again below; when you check it, you can also press "
               "\"Edit\" or \"Start again\".")
OUTSIDE = lazy("You changed a message you had already sent, but the bot only reads new "
               "messages: the change was not used. What you submitted is as it was (press "
               "\"Mine\" to see it); to add or correct something, send a new message.")


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says that the edit of a message sent earlier was not used, and what to do."""
    await reply(update, t(context, IN_FLOW if in_flow(context.application, update)
                          else OUTSIDE))
    raise ApplicationHandlerStop


def edited_handler() -> MessageHandler:  # type: ignore[type-arg]
    """``on_edited`` for a message edited in a private chat."""
    return MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE,
                          on_edited)
