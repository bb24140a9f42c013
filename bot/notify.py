"""Messages the bot sends on its own: to an entry's author when its status
changes, and to an area's volunteers when something waits for them.

Every message goes out in the recipient's language. A recipient who blocked
the bot must not break the handler of the person who acted, so failures are
logged and counted, never raised.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db.entries import Entry

from .context import call, repo_of
from .i18n import DEFAULT_LANGUAGE, tr

__all__ = ["send_to_person", "notify_author", "notify_volunteers", "notify_residents"]

log = logging.getLogger(__name__)


async def send_to_person(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any] | None,
                         msgid: str, /, reply_markup: InlineKeyboardMarkup | None = None,
                         **params: object) -> bool:
    """Send ``msgid`` translated into the person's language; False if it could not go."""
    if not person or not person.get("telegram_id"):
        return False
    lang = person.get("language") or DEFAULT_LANGUAGE
    try:
        await context.bot.send_message(int(person["telegram_id"]), tr(lang, msgid, **params),
                                       reply_markup=reply_markup)
    except TelegramError as exc:
        log.warning("could not message person %s: %s", person.get("id"), exc)
        return False
    return True


async def notify_author(context: ContextTypes.DEFAULT_TYPE, entry: Entry, msgid: str, /,
                        **params: object) -> bool:
    """Tell the author of ``entry`` (if it has one) about a change."""
    if entry.author is None:
        return False
    person = await call(repo_of(context).person, entry.author)
    return await send_to_person(context, person, msgid, id=entry.id, **params)


async def notify_volunteers(context: ContextTypes.DEFAULT_TYPE, area: str, msgid: str, /,
                            reply_markup: InlineKeyboardMarkup | None = None,
                            exclude: int | None = None, **params: object) -> int:
    """Tell every volunteer of ``area`` (or the admins when it has none); returns how many
    were reached. ``exclude`` is a person id not to message (the one who acted)."""
    repo = repo_of(context)
    people = await call(repo.people, volunteer_of=area)
    if not people:
        people = await call(repo.people, admins=True)
    sent = 0
    for person in people:
        if person["id"] == exclude:
            continue
        sent += await send_to_person(context, person, msgid, reply_markup=reply_markup,
                                     **params)
    return sent


async def notify_residents(context: ContextTypes.DEFAULT_TYPE, area: str, msgid: str, /,
                           **params: object) -> int:
    """Tell every confirmed resident of ``area``; returns how many were reached."""
    people = await call(repo_of(context).people, resident_of=area)
    sent = 0
    for person in people:
        sent += await send_to_person(context, person, msgid, **params)
    return sent
