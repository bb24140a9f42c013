"""A volunteer's verdict typed in words with a number: "通过 532", "驳回532 不是这户".

A grid worker on a phone types what she means instead of scrolling back to the post.
It got the greeting (您好！请使用下方菜单), and nothing said the entry was still
waiting. Nothing is decided on typed words (a number mistyped on a phone would approve
another household's registration): the entry's post is shown again with its buttons,
as /pending shows it, for her to press; or she is told it is no longer waiting (by
whom it was decided), or not one of her areas' (nothing of it is shown). An entry
that was never in the queue (a proposal: 同意 532 may be a household's vote) is left
to what follows.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Status
from db.people import is_admin, volunteer_areas
from db.review import own_bar

from ..context import entry_or_none, lang_of, read, reply, repo_of, t
from ..entry_media import MediaCache, send_entry_media
from ..i18n import lazy
from ..notify import describe_pending, record_post
from ..reach import mentions
from ..sender_line import reads_names
from ..sending import deliver
from ..staff import staff_areas
from .decided import already_decided, decision_of

__all__ = ["offer"]

TYPED = re.compile(r"(通过|同意|批准|审核通过|审核|驳回|拒绝|不通过|不同意|approve|reject)"
                   r"\s*[#＃]?\s*([0-9０-９]{1,9})(?:[\s,，:：]+(.*))?", re.IGNORECASE | re.DOTALL)
SHOWN_AGAIN = lazy("To decide on #{id}, press a button under it (typed words do not approve "
                   "or reject anything, so that a mistyped number decides nothing):")
NOT_WAITING_HERE = lazy("#{id} is not waiting for approval in your areas; nothing was done. "
                        "Press \"To approve\" in the menu for what waits.")
YOURS = lazy("#{id} was recorded by you: another volunteer approves it; nothing was done.")


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                text: str) -> bool:
    """A volunteer's "通过 532" outside any flow: the entry's post again with its buttons,
    or why not (True when answered here; False: not a volunteer's, or not such words)."""
    match = TYPED.fullmatch((text or "").strip())
    if match is None or not (volunteer_areas(person) or is_admin(person)):
        return False
    number = int(unicodedata.normalize("NFKC", match.group(2)))
    entry = await entry_or_none(context, number)
    if entry is None or entry.area not in await staff_areas(context, person):
        await reply(update, t(context, NOT_WAITING_HERE, id=number))
        return True
    if entry.status != Status.PENDING:
        if not decision_of(entry):  # never in the queue: 同意 532 may be a vote on it
            return False
        await already_decided(update, context, entry)
        return True
    if own_bar(entry, person) is not None:
        await reply(update, t(context, YOURS, id=entry.id))
        return True
    chat = update.effective_chat
    assert chat is not None
    lang = lang_of(context)
    await reply(update, t(context, SHOWN_AGAIN, id=entry.id))
    said, markup = await describe_pending(context, entry, lang, await read(
        reads_names, repo_of(context), chat.id, entry.area))
    await send_entry_media(context, chat.id, entry, lang, MediaCache())
    message = await deliver(context.application, chat.id, said, reply_markup=markup,
                            entities=await mentions(context, [entry], said, lang, chat.id))
    await record_post(context, entry.id, message.chat_id, message.message_id, said, lang)
    return True
