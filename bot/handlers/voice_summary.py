"""Approving a voice message: the volunteer listens to it (it came with the
post, ``bot.entry_media``) and writes a short summary, which the public reads
instead of the voice: "语音留言（0:23），志愿者摘要：…" (``db.voice``).

The post of a voice-only report or opinion carries "✍️ Summarise and
approve…" (``q:v:<id>``) instead of Approve; pressing it, or Approve on an
older post, or ``/approve N``, asks for the summary; ``/summary N text``
approves at once. In a group that is not the area's volunteers' group, neither asks
nor approves (``bot.moved_posts``): the group reads where to decide. The repository
refuses to approve such an entry without a summary, and checks the presser's role in its
area, so a forged button changes nothing.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler

from db import voice
from db.entries import Entry, Kind
from db.review import MAX_CORRECTION_TYPED

from ..commands import Audience, Command, Flow
from ..context import entry_or_none, reply, t
from ..flows import (
    TEXT_INPUT,
    answer,
    clean_text,
    current_draft,
    drop_draft,
    new_draft,
    refuse,
    states,
    typed,
    unexpected,
)
from ..force_reply import asked
from ..i18n import lazy
from ..menu import private_menu
from ..moved_posts import pressed_elsewhere, typed_elsewhere
from ..notify import QUEUE_PREFIX
from ..private_only import is_private
from ..staff import number_and_text, require_staff
from .queue import approve_entry, decidable

__all__ = ["COMMANDS", "FLOW", "APPROVED"]

FLOW = "summary"
(SUMMARY,) = states(FLOW, "text")
BUTTON = re.compile(rf"^{QUEUE_PREFIX}:v:([0-9]{{1,9}})$")
APPROVED = lazy("#{id} approved. The website shows: {text}")  # also bot.handlers.queue_saved
ASK = lazy("Listen to the voice message of #{id} above, then reply with a short summary of "
           "what it asks (at most {max} characters). The website shows \"语音留言（{length}），"
           "志愿者摘要：…\" with your words instead of the voice, so write no names or phone "
           "numbers. Or reply 取消 (cancel).")
# ... asked in the volunteers' group, where the voice is not sent (``bot.entry_media``)
ASK_IN_GROUP = lazy("Listen to the voice message of #{id} in your private chat with me (it "
                    "is not sent to a group), then reply here with a short summary of what "
                    "it asks (at most {max} characters). The website shows \"语音留言"
                    "（{length}），志愿者摘要：…\" with your words instead of the voice, so write "
                    "no names or phone numbers. Or reply 取消 (cancel).")


# A correction said by voice (bot.handlers.correct): the volunteer types the text as it
# should read, which the website shows in place of the words corrected (db.review)
ASK_CORRECTION = lazy("Listen to the voice message of #{id} above: its author says how #{corrects} "
                      "should read on the website. Reply with the text that should be shown, "
                      "in full (at most {max} characters): it replaces the words of "
                      "#{corrects}, marked as corrected. The voice is never published; write "
                      "no names or phone numbers. Or reply 取消 (cancel).")
ASK_CORRECTION_IN_GROUP = lazy("Listen to the voice message of #{id} in your private chat with "
                               "me (it is not sent to a group): its author says how "
                               "#{corrects} should read on the website. Reply here with the "
                               "text that should be shown, in full (at most {max} "
                               "characters): it replaces the words of #{corrects}, marked as "
                               "corrected. The voice is never published; write no names or "
                               "phone numbers. Or reply 取消 (cancel).")


def _longest(entry: Entry) -> int:
    """The most characters the volunteer's words for ``entry`` may have."""
    return MAX_CORRECTION_TYPED if entry.kind == Kind.CORRECTION else voice.MAX_SUMMARY


async def summary_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/summary N text: approves a voice message with its summary; without text, asks."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    entry_id, text = number_and_text(update)
    if entry_id is None:
        await reply(update, t(context, "Usage: /summary <number> <summary>, e.g. /summary 12 "
                                       "3号楼化粪池满了，气味很大"))
        return ConversationHandler.END
    if await typed_elsewhere(update, context, entry_id):  # a group not the area's
        return ConversationHandler.END
    if not text:
        return await _ask(update, context, entry_id)
    return await _approve(update, context, entry_id, text)


async def summary_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed Summarise and approve for the summary."""
    await answer(update)
    query = update.callback_query
    match = BUTTON.match(query.data or "") if query else None
    if match is None:
        await refuse(update, context)
        return ConversationHandler.END
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, int(match.group(1))):
        return ConversationHandler.END
    return await _ask(update, context, int(match.group(1)))


async def summary_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Approves the voice message waiting for its summary with the text just sent."""
    d = current_draft(context, FLOW)
    if not d:
        return ConversationHandler.END
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, "Please write the summary in words."))
        return SUMMARY
    return await _approve(update, context, int(d["id"]), text)


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> object:
    """Checks the caller may approve the entry, which is a voice message waiting for its
    summary, then asks for the summary."""
    person = await require_staff(update, context)
    entry = await decidable(update, context, person, entry_id) if person else None
    if entry is None:
        return ConversationHandler.END
    if not voice.needs_summary(entry.data):
        await reply(update, t(context, "#{id} is not a voice message waiting for a summary; "
                                       "approve it with the button.", id=entry.id))
        return ConversationHandler.END
    seconds = voice.seconds_of(entry.data)
    new_draft(context, FLOW, id=entry_id)
    correction = entry.kind == Kind.CORRECTION
    msgid = (ASK_CORRECTION if correction else ASK) if is_private(update) else \
        (ASK_CORRECTION_IN_GROUP if correction else ASK_IN_GROUP)
    text, more = asked(update, t(context, msgid, id=entry_id, max=_longest(entry),
                                 corrects=entry.data.get("corrects"),
                                 length=voice.clock(seconds) if seconds else "?"))
    await reply(update, text, **more)
    return SUMMARY


async def _approve(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                   text: str) -> object:
    """Approves with the summary (a summary too long is asked again, nothing lost)."""
    person = await require_staff(update, context)
    if person is None:
        drop_draft(context, FLOW)
        return ConversationHandler.END
    entry = await entry_or_none(context, entry_id)
    longest = _longest(entry) if entry is not None else voice.MAX_SUMMARY
    if len(text) > longest:
        await reply(update, t(context, "That summary is {count} characters long; at most {max} "
                                       "are kept. Please send a shorter one.", count=len(text),
                              max=longest))
        return SUMMARY
    drop_draft(context, FLOW)
    entry = await approve_entry(update, context, person, entry_id, summary=text)
    if entry is not None:
        await reply(update, t(context, APPROVED, id=entry.id, text=entry.data.get("text", "")),
                    **await private_menu(update, context))  # 待审核's count
    return ConversationHandler.END


COMMANDS = [
    Command("summary", "Approve a voice message with a short summary: /summary N text",
            summary_command, audience=Audience.VOLUNTEER, order=21,
            extra={"title": lazy("Summary of a voice message (/summary)")},
            flow=Flow(FLOW, {SUMMARY: [MessageHandler(TEXT_INPUT, summary_given),
                                 *unexpected("Please write the summary in words.")]},
                      entry_points=[CallbackQueryHandler(summary_button,
                                                         pattern=f"^{QUEUE_PREFIX}:v:")])),
]
