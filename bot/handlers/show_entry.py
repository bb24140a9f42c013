"""/show N: an entry waiting for approval, whole, in a volunteer's private chat.

A post in the area's linked volunteers' group leaves out who sent an entry and from
which home, the household it is for and its receipt (``bot.group_post``): the bot
cannot know who is in a group. It ends "本区域的志愿者：私聊我发送 /show 12 可以看详情".
Sent in a private chat by a volunteer (or an admin) of the entry's area, /show 12 gives
its post as her private chat reads it (name and room, receipt above), with its buttons,
remembered like any other copy so that a decision edits it. Sent in a group it names
nobody and says to send it privately; anyone else, or an entry of another area, learns
nothing of it; an entry decided already says by whom, as a late press does.
"""

from __future__ import annotations

import unicodedata

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Status

from ..commands import Audience, Command
from ..context import entry_or_none, reply, t
from ..i18n import lazy
from ..private_only import names_in_private
from ..staff import require_staff, staff_areas, words
from .decided import already_decided
from .queue_page import post_one

__all__ = ["COMMANDS", "show"]

USAGE = lazy("Send /show and the number of an entry waiting for approval, e.g. /show 12.")
NOT_HERE = lazy("#{id} is not an entry of your areas; nothing is shown.")


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/show N: entry N's post, whole, with its buttons (a private chat, its area's
    volunteers and the admins only)."""
    if not await names_in_private(update, context, "show"):
        return
    person = await require_staff(update, context)
    chat = update.effective_chat
    if person is None or chat is None:
        return
    said = unicodedata.normalize("NFKC", " ".join(words(update))).lstrip("#").strip()
    if not said.isdigit() or len(said) > 9:
        await reply(update, t(context, USAGE))
        return
    entry = await entry_or_none(context, int(said))
    if entry is None or entry.area not in await staff_areas(context, person):
        await reply(update, t(context, NOT_HERE, id=int(said)))
        return
    if entry.status != Status.PENDING:
        await already_decided(update, context, entry)
        return
    await post_one(context, chat.id, entry)


COMMANDS = [
    Command("show", "Show an entry waiting for approval with its details: /show N", show,
            audience=Audience.VOLUNTEER, order=23),
]
