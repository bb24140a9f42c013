"""/linkgroup <area>, sent in a volunteers' group chat: the area's new pending
entries are posted there (``bot.notify``), and at each publish its new chain head
(``bot.witness``). An area has one linked group: linking another moves the posts
there, which both groups are told, so that the committee's old group does not go
quiet without anyone knowing why. A group upgraded to a supergroup (a new chat
id) keeps its areas (``group_moved``). The bot removed from a linked group
(``removed``): the areas' volunteers and the admins are told in private, once, that the
group no longer gets the posts and how to have them there again."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import Application, ChatMemberHandler, ContextTypes, MessageHandler, filters

from db.entries import Status
from db.errors import DomainError
from db.people import public_role

from ..commands import Audience, Command
from ..context import call, lang_of, person_of, read, reply, repo_of, t
from ..i18n import DEFAULT_LANGUAGE, lazy, listing, tr
from ..moved_posts import leave_posts
from ..notify import notify_once, send_once
from ..sending import deliver
from ..staff import (
    area_name,
    area_of_word,
    command_of,
    fail,
    require_staff,
    staff_areas,
    words,
)

__all__ = ["COMMANDS", "HANDLERS", "linkgroup", "group_moved", "migrated", "removed",
           "finish_link"]

log = logging.getLogger(__name__)

UNLINKED = lazy("This group no longer receives the new entries of {area}: {who} linked another "
                 "group with /linkgroup. To have them here again, send /linkgroup in this "
                 "group.")
VERBATIM = lazy("{text}")  # what the linking says in the group, put together already
WAITING_HERE = lazy("{n} entries of it are waiting for approval already: send /pending here "
                    "to see them and decide.")


async def linkgroup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/linkgroup <area> in a group: new pending entries of the area are posted here."""
    person = await require_staff(update, context)
    if person is None:
        return
    chat = update.effective_chat
    assert chat is not None
    if chat.type not in ("group", "supergroup"):
        await reply(update, t(context, "Send /linkgroup <area> in the volunteers' group chat, "
                                       "after adding me to it."))
        return
    args = words(update)
    areas = await staff_areas(context, person)
    repo = repo_of(context)
    if not args and len(areas) == 1:
        args = areas
    elif len(args) > 1 and await read(area_of_word, repo, "".join(args)) in areas:
        args = ["".join(args)]  # a name typed with a space in it: 城建 小区
    if len(args) != 1:  # the areas by name, as every other answer says them (not east, west)
        names = [await area_name(context, a) for a in areas]
        await reply(update, t(context, "Usage: send /linkgroup and the area's name in the "
                                       "volunteers' group, e.g. /linkgroup {example}. Your "
                                       "areas: {areas}", example=names[0] if names else "…",
                              areas=listing(lang_of(context), names)))
        return
    area = await read(area_of_word, repo, args[0])
    known = area in {a.id for a in repo.street.areas}  # else the repository says so
    if known and area not in areas:
        await reply(update, t(context, "{area} is not one of your areas ({areas}): no group "
                                       "was linked.", area=await area_name(context, area),
                              areas=", ".join([await area_name(context, a) for a in areas])))
        return
    if known and await read(repo.linked_group, area) == chat.id:  # sent twice
        await reply(update, t(context, "This group receives the new entries of {area} "
                                       "already: nothing was changed.",
                              area=await area_name(context, area)))
        return
    try:
        before = await call(repo.link_group, person["id"], area, chat.id)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    await _linked(update, context, person, area, before)


async def _linked(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  area: str, before: int | None) -> None:
    """Tell the group linked before (``before``) that it no longer gets ``area``'s
    entries, and this group that it does: each once for this linking (recorded just
    before it leaves, ``bot.notify.send_once``, keyed by when it was linked: the command
    finished again at the next start, ``finish_link``, after a kill that came once they
    were told, tells neither twice)."""
    chat = update.effective_chat
    assert chat is not None
    name = await area_name(context, area)
    key = f"linkgroup:{area}:{await read(repo_of(context).linked_at, area) or ''}"
    text = t(context, "This group now receives the new entries of {area} to approve.",
             area=name)
    if before is not None and before != chat.id:
        # that group is no longer the area's: its members read the role alone, never a name
        told = await _tell_unlinked(context, before, name, public_role(person, area), key)
        text += "\n" + t(context, await _old_group_said(context, before, key, told))
        # its posts of the area: said moved, without buttons (a ❌ there asked the reason
        # in a group that may hold anyone)
        await leave_posts(context, before, area)
    # what waits already is not posted here (only new entries are): the old group's posts
    # say 请志愿者在新群里审核, and here nothing said how (found in the real steward run)
    waiting = await read(repo_of(context).count_entries, area=area, status=Status.PENDING)
    if waiting:
        text += "\n" + t(context, WAITING_HERE, n=waiting)
    await send_once(context, _group(chat.id, lang_of(context)), key, VERBATIM, text=text)


def _group(chat_id: int, lang: str | None = None) -> dict[str, Any]:
    """A group as ``send_once`` takes a person: recorded as told by its chat id without
    its sign (as ``bot.notify.notify_group_once``)."""
    return {"id": abs(chat_id), "telegram_id": chat_id, "language": lang or DEFAULT_LANGUAGE}


async def finish_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A /linkgroup stored just before the bot stopped: the group linked before is told
    it no longer gets the area's entries, and this group that it does, as the command
    would have (before, the restart said nothing in a group, and the old group never
    learned its posts had stopped); whether it was such a command (this group now
    linked to the area it named). Neither is told twice (``_linked``)."""
    chat = update.effective_chat
    if command_of(update) != "linkgroup" or chat is None or \
            chat.type not in ("group", "supergroup") or update.effective_user is None:
        return False
    person = await person_of(update, context)
    args = words(update)
    areas = await staff_areas(context, person)
    if not args and len(areas) == 1:
        args = areas
    repo = repo_of(context)
    area = await read(area_of_word, repo, "".join(args))  # 城建 小区 as linkgroup reads it
    if area not in areas or await read(repo.linked_group, area) != chat.id:
        return False
    await _linked(update, context, person, area, await read(repo.group_before, area))
    return True


async def _tell_unlinked(context: ContextTypes.DEFAULT_TYPE, chat_id: int, area: str,
                         who: str, key: str) -> bool:
    """Tells the group an area's posts left that they now go to another group, once for
    the linking ``key`` (the bot may have been removed from it: logged, not raised);
    whether it went now."""
    return bool(await send_once(context, _group(chat_id), key, UNLINKED, area=area, who=who))


OLD_TOLD = lazy("The group linked before no longer receives them; it has been told.")
# sent before a stop (recorded as it left): it may have been lost with the bot
OLD_MAYBE = lazy("The group linked before no longer receives them. The notice to that group "
                 "was sent just as I was restarting and may not have arrived: please tell "
                 "that group yourself.")
OLD_NOT_TOLD = lazy("The group linked before no longer receives them, but I could not tell "
                    "it there (I may have been removed from it): please tell that group "
                    "yourself.")


async def _old_group_said(context: ContextTypes.DEFAULT_TYPE, before: int, key: str,
                          told: bool) -> str:
    """What the new group is told of the old one's notice: sent now, sent before a stop
    (recorded as told, so not sent again: it may not have arrived), or not sent (the bot
    removed from it, or Telegram refused it)."""
    if told:
        return OLD_TOLD
    if abs(before) in await read(repo_of(context).reminded, key):
        return OLD_MAYBE
    return OLD_NOT_TOLD


async def group_moved(app: Application[Any, Any, Any, Any, Any, Any], old: int,
                      new: int) -> list[str]:
    """Group ``old`` became supergroup ``new`` (Telegram said so in a service message,
    or in its answer to a message sent to the old id): the areas linked to it follow
    it, and the supergroup is told, once, that their posts keep coming there. Returns
    the areas moved (none when the move was known already)."""
    repo = app.bot_data.get("repo")
    if repo is None or old == new:
        return []
    areas = await call(repo.move_group, old, new)
    if areas:
        log.info("group %s became supergroup %s: areas %s follow it", old, new, areas)
        names = "、".join(_name(repo, a) for a in areas)
        try:
            await deliver(app, new, tr(
                DEFAULT_LANGUAGE, "This group is now a supergroup. The new entries of {areas} "
                                  "to approve keep coming here. Those posted before the "
                                  "upgrade are under /pending.", areas=names))
        except TelegramError as exc:
            log.info("could not tell supergroup %s it keeps the posts: %s", new, exc)
    return areas


def _name(repo: Any, area: str) -> str:
    try:
        return str(repo.street.area(area).name)
    except KeyError:
        return area


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The service message of a group upgraded to a supergroup (one in the old chat,
    with ``migrate_to_chat_id``, one in the new, with ``migrate_from_chat_id``)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        await group_moved(context.application, message.chat_id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await group_moved(context.application, message.migrate_from_chat_id, message.chat_id)


GONE = (ChatMember.LEFT, ChatMember.BANNED)  # removed from a basic group, or a supergroup
REMOVED = lazy("⚠️ I was removed from the volunteers' group \"{group}\", where the new "
               "entries of {areas} to approve were posted. They are still sent in private, "
               "as before, but no longer to that group.\nTo fix it: ask an admin of that "
               "group to add me back; the posts then go there again, with no need to send "
               "/linkgroup. To use another group instead, add me to it and send /linkgroup "
               "there.")


async def removed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's membership of a chat changed (``my_chat_member``): removed from a group
    linked to areas, their volunteers and the admins are told in private, each once
    for this removal (Telegram may deliver its update again)."""
    change = update.my_chat_member
    if change is None or change.chat.type not in ("group", "supergroup") \
            or change.new_chat_member.status not in GONE \
            or change.old_chat_member.status in GONE:
        return
    repo = repo_of(context)
    chat_id = change.chat.id
    areas = await read(_linked_areas, repo, chat_id)
    log.warning("removed from group %s (linked to %s)", chat_id, areas or "no area")
    if not areas:
        return
    people = {p["id"]: p for a in areas for p in await read(repo.people, volunteer_of=a)}
    people.update((p["id"], p) for p in await read(repo.people, admins=True))
    key = f"group-removed:{chat_id}:{int(change.date.timestamp())}"
    names = "、".join(_name(repo, a) for a in areas)
    await notify_once(context, [people[i] for i in sorted(people)], key, REMOVED,
                      areas=names, group=change.chat.title or str(chat_id))


def _linked_areas(repo: Any, chat_id: int) -> list[str]:
    """The areas whose volunteers' group is ``chat_id``."""
    return [a.id for a in repo.street.areas if repo.linked_group(a.id) == chat_id]


COMMANDS = [
    Command("linkgroup", "In a volunteers' group: post this area's new entries here",
            linkgroup, audience=Audience.VOLUNTEER, order=23),
]

HANDLERS = [MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
            ChatMemberHandler(removed, ChatMemberHandler.MY_CHAT_MEMBER)]
