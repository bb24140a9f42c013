"""A question whose answer the bot needs as a reply, asked so that the reply box opens
for the person asked, in a group too.

A volunteer presses ❌ under a post in her area's volunteers' group; the bot asks why
with ``ForceReply(selective=True)``. Telegram opens the reply box, for a selective
ForceReply, only for the users the message @mentions and for the sender of the message
it replies to; the bot's question did neither (it replies to nothing, and a press has no
message of hers), so in a group the box opened for nobody. The bot sees no more in a group
than commands and replies to its own messages (BotFather's /setprivacy, left enabled),
so a reason she typed without replying never reached it, and nothing told her why.
In a group the question now names her first, a mention of her Telegram account
(``MessageEntity.TEXT_MENTION``: no username needed), which is whom the reply box opens
for; her Telegram name is what the group already sees beside her own messages. A
private chat's question is as it was.
"""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, MessageEntity, Update

__all__ = ["asked"]

MAX_NAMED = 3000  # characters: a longer question is sent in parts, the mention on none


def asked(update: Update, text: str) -> tuple[str, dict[str, Any]]:
    """``text`` to send with ``bot.context.reply`` and its keyword arguments: a selective
    ForceReply, and in a group, the asker named first with a mention of her account."""
    markup: dict[str, Any] = {"reply_markup": ForceReply(selective=True)}
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == chat.PRIVATE or user is None or len(text) > MAX_NAMED:
        return text, markup
    name = " ".join((user.first_name or "").split()) or str(user.username or "") or "您"
    mention = MessageEntity(MessageEntity.TEXT_MENTION, 0,
                            len(name.encode("utf-16-le")) // 2, user=user)
    return f"{name}：{text}", {**markup, "entities": [mention]}
