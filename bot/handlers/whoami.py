"""/whoami [user]: the caller's Telegram id and roles (an admin may ask about anyone):
what a volunteer tells the admin who will /grant her a role (``bot.handlers.roles``)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.people import ADMIN_LABEL, Role, is_admin

from ..commands import Command
from ..context import person_of, read, reply, repo_of, t
from ..private_only import in_private
from ..resident import pending_registration
from ..staff import area_name, words
from .registration import label
from .roles import unknown, who_named

__all__ = ["COMMANDS", "whoami"]


async def whoami(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/whoami [user]: shows the roles of the caller (an admin may ask about anyone);
    in a group, only to send it in a private chat (a Telegram number and a flat)."""
    if not await in_private(update, context, "whoami"):
        return
    person = await person_of(update, context)
    args = words(update)
    subject: dict[str, Any] | None = person
    if args:
        if not is_admin(person):
            await reply(update, t(context, "Only an admin may look up someone else."))
            return
        tid, several = await who_named(context, args[0])
        subject = await read(repo_of(context).person_by_telegram, tid) if tid else None
        if subject is None:
            await unknown(update, context, args[0], several, "/whoami {user}")
            return
    assert subject is not None
    lines = [t(context, "Telegram id: {tid}", tid=subject["telegram_id"])]
    roles = subject.get("roles") or []
    for role in roles:
        if role["role"] == Role.ADMIN:  # the street file's admin's title is 管理员 itself
            title = role.get("title") or ""
            lines.append(t(context, "Admin ({title})", title=title)
                         if title and title != ADMIN_LABEL else t(context, "Admin"))
        elif role["role"] == Role.VOLUNTEER:
            lines.append(t(context, "{title} of {area}", title=role.get("title") or "",
                           area=await area_name(context, role["area"])))
        elif role["role"] == Role.SUPERVISOR:
            lines.append(t(context, "Supervisor of {area}",
                           area=await area_name(context, role["area"])))
        elif role["role"] == Role.RESIDENT:
            lines.append(t(context, "Resident of {area}",
                           area=await area_name(context, role["area"])))
            if subject.get("household"):  # which home: she asked 我是哪一户的
                lines.append(t(context, "Household: {household}", household=label(
                    repo_of(context), subject["household"])))
    pending = await pending_registration(context, subject["id"])
    if pending is not None:  # not "no role yet, send /start", as if nothing were sent
        lines.append(t(context, "Your registration #{id} for {household} is waiting for a "
                                "volunteer to confirm it. I will tell you when it is done.",
                       id=pending.id, household=label(repo_of(context),
                                                      pending.data["household"])))
    elif not roles:
        lines.append(t(context, "No role yet. Send /start to register your household."))
    await reply(update, "\n".join(lines))


COMMANDS = [
    Command("whoami", "Show my roles", whoami, order=93),
]
