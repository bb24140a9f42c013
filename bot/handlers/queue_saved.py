"""A volunteer's decision saved just before the bot stopped, its messages not sent.

Approving or rejecting is one write, then messages: the posts edited, the author
told, a household given its receipt. When the bot dies between the two (a crash,
``kill -9``, a reboot), the update is handled again at the next start, and the
store says it wrote already (``bot.state.Keeper``): nothing is written twice.
Before, the volunteer was only told "already saved, press Mine" and the rest never
happened, so the author never heard that their entry was approved or why it was
rejected. ``finish_saved`` sends those messages now, for each entry the update
decided and that the store shows decided so by this volunteer: a voice message's
approval with its summary (``/summary N text``, or the text typed in its flow) too, its
volunteer told what the website shows, as the approval would have said (before, she
read "already saved … start again from the menu"). Each of those told is
told once (``verdict.decided_key``, recorded just before the message leaves): one told
before the stop is not told again, nor is one whose message was on its way at the kill
(at most once: ``bot.sending.paced`` says why).
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Status

from ..context import entry_or_none, person_of, reply, t
from ..flows import current_draft
from ..notify import QUEUE_PREFIX
from ..staff import entry_id_of
from . import queue, voice_summary
from .decided import decision_of

__all__ = ["finish_saved"]

_BUTTON = re.compile(rf"^{QUEUE_PREFIX}:([abm]):([0-9]{{1,9}})$")  # m: bot.handlers.moved_out
_APPROVE, _REJECT, _SUMMARY = "approve", "reject", "summary"


def _decisions(update: Update, context: ContextTypes.DEFAULT_TYPE
               ) -> list[tuple[int, str, bool]]:
    """The entries ``update`` decided when it was handled: (id, approve or reject,
    whether a registration was confirmed as shared; for an approval with a summary,
    ``_SUMMARY``)."""
    query = update.callback_query
    if query is not None:
        match = _BUTTON.match(query.data or "")
        return [(int(match.group(2)), _APPROVE, match.group(1) in "bm")] if match else []
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    if not text:
        return []
    words = text.split()
    command = words[0].split("@")[0].lower() if text.startswith("/") else ""
    numbers = [entry_id_of(w) for w in words[1:]]
    if command == "/approve":
        return [(n, _APPROVE, False) for n in numbers if n is not None]
    if command in ("/reject", "/separate") and numbers and numbers[0] is not None:
        return [(numbers[0], _REJECT if command == "/reject" else _APPROVE, False)]
    if command == "/summary" and len(words) > 2 and numbers and numbers[0] is not None:
        return [(numbers[0], _SUMMARY, False)]  # /summary N text (without text: it asked)
    summary = current_draft(context, voice_summary.FLOW) if not command else None
    if summary and summary.get("id"):  # the summary typed in its flow's step
        return [(int(summary["id"]), _SUMMARY, False)]
    for flow, action in ((queue.FLOW, _REJECT), (queue.SEPARATE_FLOW, _APPROVE)):
        draft = current_draft(context, flow)  # a reason typed in the flow's step
        if draft and draft.get("id"):
            return [(int(draft["id"]), action, False)]
    return []


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Send what should have followed the decisions ``update`` saved before the bot
    stopped; whether it was such a decision (then the volunteer was answered)."""
    decisions = _decisions(update, context)
    if not decisions or update.effective_user is None:
        return False
    person = await person_of(update, context)
    finished = False
    for entry_id, action, shared in decisions:
        entry = await entry_or_none(context, entry_id)
        if entry is None:
            continue
        event = decision_of(entry)
        if entry.status == Status.PENDING or event.get("by") != person["id"]:
            continue  # not decided by this update
        if action == _REJECT and event.get("to") == str(Status.REJECTED):
            await queue.rejected(update, context, person, entry, str(event.get("note") or ""))
        elif action in (_APPROVE, _SUMMARY) and event.get("to") != str(Status.REJECTED):
            await queue.approved(update, context, person, entry, shared=shared)
            if action == _SUMMARY:
                await reply(update, t(context, voice_summary.APPROVED, id=entry.id,
                                      text=entry.data.get("text", "")))
            elif update.callback_query is None:
                await reply(update, t(context, "#{id} approved.", id=entry.id))
        else:
            continue
        finished = True
    return finished
