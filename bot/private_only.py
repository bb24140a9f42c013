"""What is kept about a person is said only in her private chat with the bot.

The bot may be in a group: the volunteers' group an area is linked to (``bot.handlers.
groups``), or any chat someone added it to. /mydata typed there posted her name, phone,
household and every entry for the whole group to read, and its 📄 button sent the file
of it all into the group, captioned "Only you received this file"; /mine listed her
entries and her household's fees there; /forget and /unpublish asked their question
there. Each of them now says, in the group, to send it in a private chat with the bot,
and shows nothing (``in_private``).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from .context import reply, t
from .i18n import lazy

__all__ = ["in_private", "is_private", "PRIVATE_ONLY", "PRIVATE_BUTTON"]

PRIVATE_ONLY = lazy("/{command} shows what is kept about you, so I answer it only in a "
                    "private chat with me: open a chat with me and send /{command} there. "
                    "Nothing of it was shown here.")
PRIVATE_BUTTON = lazy("This button works only in a private chat with me: nothing of yours "
                      "was shown here.")


def is_private(update: Update) -> bool:
    """Whether ``update`` came from a private chat (a button pressed in a group is
    answered ``PRIVATE_BUTTON`` on the button itself, first, as every press is)."""
    chat = update.effective_chat
    return chat is None or chat.type == chat.PRIVATE


async def in_private(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """Whether the command ``update`` came from a private chat; else the group is told to
    send /``command`` in a private chat, and False."""
    if is_private(update):
        return True
    await reply(update, t(context, PRIVATE_ONLY, command=command))
    return False
