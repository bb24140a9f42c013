"""/pending: the approval queue of a volunteer's areas, the money first (fees, expenses,
reversals: ``bot.queue_order``, its head counting each kind), oldest first: a page of up to
eight entries in one message, each with its buttons, and 下一页 for more
(``queue_page``; a single entry waiting comes as its own post, photos first). A
supervisor reads it without buttons (``bot.supervise``); ``/pending 城建小区``: one area
alone.

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
from ..i18n import lazy
from ..menu import menu_of
from ..private_only import NOT_LINKED_HERE, linked_here
from ..queue_order import counts
from ..staff import area_name, area_named, require_staff, staff_areas
from ..supervise import show_queue
from .closevote import post_requests_waiting, requests_waiting
from .queue_page import post_one, queue_of, send_page
from .queue_stale import shown_count, stale_note

__all__ = ["pending"]

# the head of a queue of money and other entries (bot.queue_order)
MONEY_FIRST = lazy("{n} waiting for approval: the money first ({money}), then the rest "
                   "({rest}); oldest first in each:")


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
    entries, mine = await queue_of(context, person, areas, area)
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
    kinds = counts(entries, lang_of(context))
    head = t(context, "{n} waiting for approval, oldest first:", n=len(entries)) \
        if kinds is None else t(context, MONEY_FIRST, n=len(entries), money=kinds[0],
                                  rest=kinds[1])
    await reply(update, "\n".join(filter(None, [head, stale])), **menu)
    if len(entries) == 1:  # its photos, then its post, as it always came
        await post_one(context, chat.id, entries[0])
    else:  # a page of several in one message, 下一页 for more (bot.handlers.queue_page)
        await send_page(update, context, entries, 0, area)
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
