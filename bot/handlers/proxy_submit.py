"""/proxy's last step (``bot.handlers.proxy``): the report or opinion recorded for a household
shown to check (the household agrees to its words being public first), submitted, and its
residents told, each once, with the volunteer; a submission a stop cut short is told at the
next start (``finish_saved``). Split from ``bot.handlers.proxy``, which re-exports
finish_saved.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind
from db.errors import DomainError
from db.people import public_role

from ..context import (
    call,
    drop_buttons,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..flows import (
    END,
    SEAL,
    answer,
    button_args,
    changed,
    current_draft,
    drop_draft,
    gone,
    keyboard,
    matches,
    refuse,
    sealed,
)
from ..i18n import lazy
from ..menu import menu_of
from ..notices import queue_pending
from ..notify import notify_once, told_of
from ..staff import fail, require_staff
from ..step_buttons import remember
from .proxy_vote import (
    CONFIRM,
    FLOW,
    PREFIX,
    cancel_row,
)

__all__ = ["TOLD", "ask_confirm", "finish_saved", "on_submit"]


TOLD = {Kind.ISSUE: lazy("{role} recorded a report for your household {household}: #{id} "
                         "“{text}”. A volunteer will review it; you will be told of its "
                         "progress."),
        Kind.OPINION: lazy("{role} recorded an opinion for your household {household}: #{id} "
                           "“{text}”. If this is not what you said, please tell a volunteer.")}


async def ask_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
    what = t(context, "A report ({category})", category=word(
        context, labels.ISSUE_CATEGORY, d.get("category"))) \
        if d.get("kind") == Kind.ISSUE else t(context, "An opinion")
    shown = t(context, "(a voice message)") if d.get("voice") else d["text"][:1500]
    lines = [t(context, "Please check: {what} for {household}", what=what,
               household=d["label"]),
             shown, t(context, "Photos: {n}", n=len(d.get("photos") or [])),
             t(context, "The website will say it was recorded by a volunteer (your role, not "
                        "your name); the household's residents are told."),
             # their words, made public (PIPL art. 25): the household agrees first
             "🔓 " + t(context, "Once approved, these words and photos are published on the "
                               "public website, with the building only, never the room. "
                               "Read them to the household first, and submit only if they "
                               "agree to it being public.")]
    await reply(update, "\n".join(lines), reply_markup=remember(d, CONFIRM, sealed(keyboard(
        [(t(context, "Submit"), f"{PREFIX}:ok"), *cancel_row(context, CONFIRM)]), d,
        f"{PREFIX}:ok")))
    return CONFIRM


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the report or opinion for the household and tells its residents."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("text") or not d.get("household"):
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None:
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: ask_confirm(update, context, d))
    person = await require_staff(update, context)
    if person is None:
        drop_draft(context, FLOW)
        return END
    kind = Kind(d["kind"])
    data: dict[str, Any] = {"text": d["text"]}
    if kind == Kind.ISSUE:
        data.update(category=d["category"], photos=list(d.get("photos") or []))
    for key in ("voice", "voice_seconds"):
        if d.get(key):
            data[key] = d[key]
    try:
        entry = await call(repo_of(context).submit_for, person["id"], d["household"], kind, data)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/取消 are not there to press again
    await _recorded(update, context, person, entry, d)
    await queue_pending(context, entry)
    return END


async def _recorded(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                    entry: Entry, d: dict[str, Any]) -> None:
    """Tell the household's residents of what was just recorded for them, each once
    (``db.reminders`` key ``proxy:<id>``, recorded as each went: a telling a stop cut
    short is finished at the next start, ``finish_saved``), and the volunteer."""
    key = f"proxy:{entry.id}"
    people = await read(repo_of(context).residents_of, d["household"], exclude=person["id"])
    await notify_once(context, people, key, TOLD[Kind(entry.kind)],
                      role=public_role(person, entry.area), household=d["label"],
                      id=entry.id, text=entry.data["text"][:200])
    if people:
        said = t(context, "Recorded #{id} for {household}; it waits for approval. "
                          "{n} resident(s) of the household were told.",
                 id=entry.id, household=d["label"], n=await told_of(context, key))
    else:  # most homes visited door to door: "0 residents were told" said nothing
        said = t(context, "Recorded #{id} for {household}; it waits for approval. Nobody of "
                          "the household is registered on the bot, so nobody was told: tell "
                          "them in person whether it is approved and how it goes.",
                 id=entry.id, household=d["label"])
    await reply(update, said, reply_markup=await menu_of(update, context))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 提交 (``px:ok``) whose report or opinion for a household was stored just before
    the bot stopped: the household's residents not told yet are told now, and the
    volunteer as the press would have (before, the household never heard that a
    volunteer recorded something in its name, and she read "already saved … start again
    from the menu"); whether it was such a press (hers, for that household, with the
    draft's words, found). The volunteers get it to approve at the start, as before
    (``bot.notices``)."""
    query = update.callback_query
    d = current_draft(context, FLOW)  # as it was before the press: not saved since
    if query is None or (query.data or "").split(SEAL, 1)[0] != f"{PREFIX}:ok" or not d or \
            not d.get("household") or not d.get("text") or update.effective_user is None:
        return False
    try:
        kind = Kind(str(d.get("kind")))
    except ValueError:
        return False
    person = await person_of(update, context)
    entry = await newest_own(context, person["id"], kind, lambda e: e.data.get(
        "household") == d["household"] and e.data.get("text") == d["text"])
    if entry is None:
        return False
    await drop_buttons(update)  # stored: the summary's buttons go, as at the press
    await _recorded(update, context, person, entry, d)
    return True
