"""/pending: the approval queue of a volunteer's areas, oldest first, one post per
entry with its buttons (a supervisor reads it without them, ``bot.supervise``);
``/pending 城建小区``: one of them alone.

What the volunteer recorded themselves and may not approve (a fee or expense they
booked, a reversal, minutes, their own registration: ``Repository.own_waiting``) is
named in one line, without buttons: it waits for another volunteer, as its posts
went to the others only (``bot.notify.pending_targets``)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.people import is_admin, supervisor_areas, volunteer_areas

from ..context import lang_of, person_of, read, reply, repo_of, t
from ..entry_media import MediaCache, send_entry_media
from ..menu import menu_of
from ..notify import describe_pending, record_post
from ..private_only import NOT_LINKED_HERE, linked_here
from ..sending import deliver
from ..staff import area_name, area_named, require_staff, staff_areas
from ..supervise import show_queue
from .closevote import post_requests_waiting, requests_waiting
from .queue_stale import shown_count, stale_note

__all__ = ["pending", "SHOWN"]

SHOWN = 20  # entries listed by one /pending


async def pending(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                  named: bool = True) -> None:
    """Lists the pending entries of the caller's areas, oldest first, with buttons (to a
    supervisor: read-only, ``bot.supervise``); ``named``: the words after the command
    name an area (not after the menu's 待审核 button, whose English label has words)."""
    caller = await person_of(update, context)
    if not (volunteer_areas(caller) or is_admin(caller)) and supervisor_areas(caller):
        watched = await linked_here(update, context, supervisor_areas(caller))
        if not watched:  # a group of no area of hers: nothing of the queue there
            await reply(update, t(context, NOT_LINKED_HERE))
            return
        area = await area_named(update, context, watched) if named else ""
        if area is not None:
            await show_queue(update, context, caller, [area] if area else watched)
        return
    person = await require_staff(update, context)
    if person is None:
        return
    repo = repo_of(context)
    # in a group, only the areas it is the volunteers' group of (bot.private_only)
    areas = await linked_here(update, context, await staff_areas(context, person))
    if not areas:
        await reply(update, t(context, NOT_LINKED_HERE))
        return
    # /pending 城建小区: that area alone
    area = await area_named(update, context, areas) if named else ""
    if area is None:
        return
    entries = [e for e in await read(repo.pending_for, person["id"]) if e.area in areas]
    if area:
        entries = [e for e in entries if e.area == area]
    own = set(await read(repo.own_waiting, person["id"]))
    mine = [e.id for e in entries if e.id in own]
    entries = [e for e in entries if e.id not in own]
    theirs = t(context, "Recorded by you, waiting for another volunteer's approval: {ids}.",
               ids=", ".join(f"#{i}" for i in mine)) if mine else ""
    waiting = [(p, r) for p, r in await requests_waiting(context, person)  # to close a vote
               if (not area or p.area == area) and p.area in areas]  # early
    chat = update.effective_chat
    assert chat is not None
    # the count on the menu's 待审核 button (bot.menu) made right again; not in a group
    menu = {"reply_markup": await menu_of(update, context)} if chat.type == chat.PRIVATE \
        else {}
    stale = "" if named else await stale_note(  # 待审核（5） pressed when fewer wait now
        update, context, person, areas, shown_count(update),
        await read(repo.waiting_count, person["id"]))
    if not entries and waiting and not mine:  # 待审核（1） was pressed for a request:
        await _requests(update, context, person, waiting, **menu)  # not "nothing waits"
        return
    if not entries:
        none = t(context, "Nothing is waiting for approval in {area}.",  # the one asked for
                 area=await area_name(context, area)) if area else \
            t(context, "Nothing is waiting for approval.")
        await reply(update, "\n".join(filter(None, [
            t(context, "Nothing is waiting for your approval.") if mine else none, stale,
            theirs])), **menu)
        await _requests(update, context, person, waiting)
        return
    await reply(update, "\n".join(filter(None, [
        t(context, "{n} waiting for approval, oldest first:", n=len(entries)), stale])), **menu)
    lang = lang_of(context)
    cache = MediaCache()
    for entry in entries[:SHOWN]:
        text, markup = await describe_pending(context, entry, lang)
        await send_entry_media(context, chat.id, entry, lang, cache)
        # in its turn, again after a 429: twenty posts at once are over Telegram's rate
        message = await deliver(context.application, chat.id, text, reply_markup=markup)
        await record_post(context, entry.id, message.chat_id, message.message_id, text, lang)
    if len(entries) > SHOWN:
        await reply(update, t(context, "…and {n} more. Press \"To approve\" (or send "
                                       "/pending) again after these.",
                              n=len(entries) - SHOWN) if area or len(areas) == 1 else
                    t(context, "…and {n} more. Press \"To approve\" (or send /pending) again "
                               "after these, or send /pending followed by an area's name for "
                               "that area alone.", n=len(entries) - SHOWN))
    if theirs:
        await reply(update, theirs)
    await _requests(update, context, person, waiting)


async def _requests(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                    waiting: list[Any], **menu: Any) -> None:
    """The requests to close a vote early that wait for the volunteer's word, again with
    their buttons: /pending said 目前没有待审核的内容 while one waited, its message
    scrolled away. ``menu``: the heading's ``reply_markup`` when nothing came before."""
    if not waiting:
        return
    await reply(update, t(context, "Waiting for a second volunteer's word, to close a vote "
                                   "early ({n}):", n=len(waiting)), **menu)
    await post_requests_waiting(context, person, waiting)
