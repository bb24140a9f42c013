"""Deciding one entry of the approval queue (``bot.handlers.queue``): approve it (or say
why not, with the button to press instead), reject it with a reason for its author, and
whether a volunteer may decide on it at all; said of an entry another volunteer decided
meanwhile as such. Split from ``bot.handlers.queue``, which re-exports these names.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import MAX_TEXT, Entry, Status
from db.errors import DomainError

from ..context import ERROR_MESSAGES, call, entry_or_none, lang_of, read, reply, repo_of, t
from ..i18n import lazy
from ..notify import SEPARATE, SHARED, VOICE, VOICE_TYPED, pending_keyboard
from ..staff import fail, staff_areas
from .decided import already_decided, remember_pressed
from .verdict import approved, rejected

__all__ = ["NEEDS", "OWN_BARS", "approve_entry", "reject_entry", "decidable"]

# Why an Approve did not go through, and what to press instead.
NEEDS_SEPARATE = lazy("#{id} may repeat a fee already booked or waiting (see the post). "
                      "Approve it only as a separate payment, with the reason, or reject it.")
NEEDS_SHARED = lazy("The household of #{id} already has confirmed residents. Confirm only if "
                    "this person lives there too, or, if the flat changed hands, as its former "
                    "residents having moved out.")
NEEDS_SUMMARY = lazy("#{id} is a voice message: listen to it, then press \"Summarise and "
                     "approve\" and write what it says in a few words (the website shows your "
                     "summary, not the voice).")
NEEDS_TEXT = lazy("#{id} is a correction said by voice: listen to it, then press \"Type the "
                  "corrected text and approve\" and type the text as it should read on the "
                  "website.")
NEEDS = {SEPARATE: NEEDS_SEPARATE, SHARED: NEEDS_SHARED, VOICE: NEEDS_SUMMARY,
         VOICE_TYPED: NEEDS_TEXT}


# Refusals of an entry's own recorder (``db.review.own_bar``): checked before its status,
# so they are said also of an entry another volunteer has decided meanwhile.
OWN_BARS = ("maker_checker", "own_minutes", "own_registration")


async def _too_late(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    exc: DomainError, entry_id: int) -> bool:
    """Whether ``exc`` says the entry is no longer waiting (another volunteer decided it
    meanwhile, also when its recorder is refused as such); if so, says by whom, and
    takes its buttons off the post pressed."""
    if exc.code != "illegal_transition" and exc.code not in OWN_BARS:
        return False
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.status == Status.PENDING:
        return False
    await already_decided(update, context, entry)
    return True


async def approve_entry(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        person: dict[str, Any], entry_id: int, *, separate: str = "",
                        shared: bool = False, summary: str = "", moved_out: bool = False
                        ) -> Entry | None:
    """Approves one entry, edits its posts, tells its author (and a household whose
    fee was booked, or whose residents got one more or left); on a domain error says why
    (with the button to press instead, when one is needed) and returns None."""
    repo = repo_of(context)
    try:
        entry = await call(repo.approve, entry_id, person["id"], separate=separate,
                           shared=shared, summary=summary, moved_out=moved_out)
    except DomainError as exc:
        flag = {"duplicate_fee": SEPARATE, "household_bound": SHARED,
                "summary_needed": VOICE, "text_needed": VOICE_TYPED}.get(exc.code)
        if await _too_late(update, context, exc, entry_id):
            return None
        if flag is None:
            await reply(update, fail(context, exc))
        else:
            await reply(update, t(context, NEEDS[flag], id=entry_id),
                        reply_markup=pending_keyboard(entry_id, lang_of(context), flag))
        return None
    await approved(update, context, person, entry, shared=shared)
    return entry


async def reject_entry(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       person: dict[str, Any], entry_id: int, reason: str) -> Entry | None:
    """Rejects one entry with a reason that goes to its author, and tells the volunteer
    what reached the author."""
    if len(reason) > MAX_TEXT:
        await reply(update, t(context, "That reason is {count} characters long; at most {max} "
                                       "are kept. Nothing was done: please shorten it.",
                              count=len(reason), max=MAX_TEXT))
        return None
    try:
        entry = await call(repo_of(context).reject, entry_id, person["id"], reason)
    except DomainError as exc:
        if not await _too_late(update, context, exc, entry_id):
            await reply(update, fail(context, exc))
        return None
    await rejected(update, context, person, entry, reason)
    return entry


async def decidable(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    person: dict[str, Any], entry_id: int) -> Entry | None:
    """The pending entry ``entry_id`` when ``person`` may decide on it; otherwise says why
    not and returns None."""
    try:
        entry = await read(repo_of(context).entry, entry_id)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    if entry.area not in await staff_areas(context, person):
        await reply(update, t(context, ERROR_MESSAGES["volunteer_only"]))
        return None
    if entry.status != Status.PENDING:
        await already_decided(update, context, entry)
        return None
    await remember_pressed(update, context, entry.id)  # the presser may decide on it
    return entry
