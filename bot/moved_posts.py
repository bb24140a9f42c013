"""The posts left behind in a group an area's posts moved from (/linkgroup sent in another).

An area has one volunteers' group; linking another moves its new posts there
(``bot.handlers.groups``). The posts already in the old group kept their ✅ 通过 / ❌ 驳回
buttons: a volunteer there could still decide, and ❌ asked for the reason in that group,
which is no longer the area's and may hold anyone (the reason may name a flat).

Now, when the group changes, the old group's posts of that area are edited to say the
area's pending entries moved to its new volunteers' group, without their buttons, and
forgotten (``leave_posts``): a decision later does not edit them again, so nobody there
reads who decided or why. A post that could not be edited (too old, or the bot was
removed) keeps its buttons; pressed, it decides nothing and asks for no reason there: the
group is told it is no longer the area's volunteers' group, and where to decide instead,
and that post's buttons are taken off (``pressed_elsewhere``). A private chat, and the
group linked now, decide as before.

The same holds for a decision typed in a group that is not the entry's area's volunteers'
group (/reject 12 in the building's group, or in an old group): before, /reject asked
for the reason there, for anyone in it to read, and /approve decided. Now nothing is
decided or asked there; the group reads where to decide (``typed_elsewhere``), the area
named, nothing of the entry nor of who typed it.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Status
from db.errors import DomainError, StoreError

from .context import drop_buttons, read, reply, repo_of, t
from .digest import digest_text
from .edits import edits_of
from .i18n import lazy, tr
from .posts import posts_of
from .private_only import is_private
from .sending import fit_message

__all__ = ["MOVED", "NOT_ITS_GROUP", "NOT_HERE", "leave_posts", "pressed_elsewhere",
           "typed_elsewhere"]

log = logging.getLogger(__name__)

MOVED = lazy("The entries of this area waiting for approval moved to its new volunteers' "
             "group: these buttons no longer work here. Volunteers decide them there, or "
             "in a private chat with me (/pending).")
NOT_ITS_GROUP = lazy("This group is no longer the volunteers' group of {area}: nothing was "
                     "decided here, and no reason is asked here. Decide it in a private chat "
                     "with me (/pending), or in the area's volunteers' group.")

NOT_HERE = lazy("This group is not the volunteers' group of {area}: nothing was decided here, "
                "and no reason is asked here. Decide it in a private chat with me (/pending), "
                "or in the area's volunteers' group.")


async def leave_posts(context: ContextTypes.DEFAULT_TYPE, chat: int, area: str) -> int:
    """Edit the remembered posts in group ``chat`` whose entries are all of ``area`` (its
    posts just moved to another group) to say so, without buttons, and forget them; how
    many. A post carrying another area's entries too (that area still linked there) is
    left as it is."""
    registry = posts_of(context.application)
    repo = registry.repo if registry.repo is not None else repo_of(context)
    mine = []
    for post in registry.in_chat(chat):
        areas: set[str | None] = set()
        for entry_id in post.entries:
            try:
                areas.add((await read(repo.entry, entry_id)).area)
            except (DomainError, StoreError):
                areas.add(None)
        if areas == {area}:
            mine.append(post)
    await registry.forget(mine)  # a decision later edits them no more
    edits = edits_of(context.application)
    for post in mine:
        text = digest_text(post.digest) if post.digest is not None else post.text
        edits.submit(post.chat, post.message,
                     fit_message(f"{text}\n\n{tr(post.lang, MOVED)}"), None)
    return len(mine)


async def pressed_elsewhere(update: Update, context: ContextTypes.DEFAULT_TYPE,
                            entry_id: int) -> bool:
    """Whether a decision's button of ``entry_id`` was pressed in a group that is not its
    area's volunteers' group now (a post left behind when the area's posts moved); if so,
    the group is told where to decide instead (the area named, nothing of the entry), and
    that post's buttons are taken off. An entry not found, or decided already, goes on
    as before (who decided is said, by role alone there)."""
    name = await _elsewhere(update, context, entry_id)
    if name is None:
        return False
    await drop_buttons(update)
    await reply(update, t(context, NOT_ITS_GROUP, area=name))
    return True


async def typed_elsewhere(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          entry_id: int, told: set[str] | None = None) -> bool:
    """Whether a decision on waiting ``entry_id`` (/approve, /reject, /separate) was typed
    in a group that is not its area's volunteers' group now; if so, the group is told
    where to decide instead (the area named, nothing of the entry), and nothing is
    decided or asked. Not found, or decided already, goes on as before (who decided is
    said, by role alone there). The areas in ``told`` (/approve 12 13: filled in) were
    said already: not again."""
    name = await _elsewhere(update, context, entry_id)
    if name is None:
        return False
    if told is None or name not in told:
        await reply(update, t(context, NOT_HERE, area=name))
    if told is not None:
        told.add(name)
    return True


async def _elsewhere(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     entry_id: int) -> str | None:
    """The name of the area of waiting ``entry_id`` when this update is in a group that
    is not that area's volunteers' group; None otherwise."""
    chat = update.effective_chat
    if is_private(update) or chat is None:
        return None
    repo = repo_of(context)
    try:
        entry = await read(repo.entry, int(entry_id))
        linked = await read(repo.linked_group, entry.area)
        name = repo.street.area(entry.area).name
    except (DomainError, StoreError, KeyError):
        return None
    if linked == chat.id or entry.status != Status.PENDING:
        return None  # decided already: the reply shows who decided, by role (decided)
    return str(name)
