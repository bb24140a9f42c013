"""/revoke sent alone (or 👤 撤销志愿者或监督员 under an admin's /help): a button per
volunteer and supervisor of the admin's areas (pseudonym with title, name), then a
summary with 确认 / 取消, which takes the role away through the typed command's own code
(``bot.handlers.roles.take``). Written as ``bot.flows`` says, with /grant's
(``bot.handlers.role_common``: the admin checked again at every step, and a 确认 stored
just before a stop finished after it); buttons ``rv:<action>[:<i>]``."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.people import Role, public_role
from db.who import describe

from ..commands import Audience, Command, Flow
from ..context import drop_buttons, read, reply, repo_of, t
from ..flows import (
    END,
    Answered,
    answer,
    button_args,
    buttons,
    confirmed,
    current_draft,
    gone,
    index_of,
    keyboard,
    new_draft,
    refuse,
    sealed,
    stale_buttons,
    unexpected,
)
from ..i18n import lazy
from ..private_only import names_in_private
from ..staff import area_name, staff_areas, words
from . import roles
from .role_common import (
    AGAIN,
    R_CONFIRM,
    R_PREFIX,
    R_WHO,
    REVOKE,
    ROLE_LABELS,
    asks_help,
    cancel_pressed,
    choices_markup,
    still_admin,
    summary_again,
    with_cancel,
)

__all__ = ["COMMANDS", "HANDLERS"]

MAX_LISTED = 40  # volunteers and supervisors offered as buttons


def _holders(repo: Any, areas: list[str]) -> list[dict[str, Any]]:
    """Each volunteer and supervisor role in ``areas``: who, role, title, area, and its
    button (pseudonym with title, name, and the area when there are several)."""
    found = []
    for who in repo.people():
        if not who.get("telegram_id"):
            continue
        tid = int(who["telegram_id"])
        name = roles.known_as(repo, who)  # not "Telegram 7000024": their household, #N
        for r in who.get("roles") or []:
            if r["role"] not in (Role.VOLUNTEER, Role.SUPERVISOR) or r.get("area") not in areas:
                continue
            shown = public_role(who, r["area"]) if r["role"] == Role.VOLUNTEER \
                else str(r.get("title") or "监督员")
            where = f"（{repo.street.area(r['area']).name}）" if len(areas) > 1 else ""
            found.append({"tid": tid, "role": str(r["role"]), "area": r["area"], "user": name,
                          "title": str(r.get("title") or ""),
                          "label": f"{shown} {name}{where}"})
    return sorted(found, key=lambda h: (areas.index(h["area"]), h["role"], h["label"]))


async def revoke_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/revoke with its words takes the role at once; alone, a button per role held (in a
    private chat only: the buttons name the volunteers)."""
    if not await names_in_private(update, context, "revoke"):
        return END
    args = words(update)
    role = roles.ROLE_WORDS.get(args[1].lower()) if len(args) == 2 else None
    if args and len(args) != (2 if role else 1) or asks_help(args):  # help: the usage
        await roles.revoke(update, context)
        return END
    person = await still_admin(update, context)
    if person is None:
        return END
    held = await read(_holders, repo_of(context), await staff_areas(context, person))
    if args:  # the person alone (or with the role): their roles (before, the usage text)
        return await _theirs(update, context, held, args[0], role)
    if not held:
        await reply(update, t(context, "Nobody is a volunteer or supervisor of your areas."))
        return END
    if len(held) > MAX_LISTED:
        await reply(update, t(context, "There are {count} volunteers and supervisors: the "
                                       "first {max} are below. For another, send /revoke "
                                       "<person> volunteer <area>.", count=len(held),
                              max=MAX_LISTED))
    held = held[:MAX_LISTED]
    new_draft(context, REVOKE, held=held)
    await reply(update, t(context, "Whose role is taken away?"),
                reply_markup=with_cancel(context, R_PREFIX, keyboard(
                    [(h["label"], f"{R_PREFIX}:who:{i}") for i, h in enumerate(held)], 1)))
    return R_WHO


async def _theirs(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  held: list[dict[str, Any]], user: str, role: Role | None) -> object:
    """/revoke 郑晓梅 (or /revoke 郑晓梅 volunteer): the summary of the one role they hold
    in the admin's areas, or a button for each; nobody found, or no such role: said."""
    tid, several = await roles.who_named(context, user)
    if tid is None:
        await roles.unknown(update, context, user, several, "/revoke {user}")
        return END
    held = [h for h in held if h["tid"] == tid and (role is None or h["role"] == role)]
    if not held:
        await reply(update, t(context, "{user} is not a volunteer or supervisor of your areas: "
                                       "nothing was changed.", user=user))
        return END
    d = new_draft(context, REVOKE, held=held)
    if len(held) == 1:
        d.update(held[0])
        return await _revoke_summary(update, context, d)
    await reply(update, t(context, "Which role of {user} is taken away?", user=user),
                reply_markup=with_cancel(context, R_PREFIX, keyboard(
                    [(h["label"], f"{R_PREFIX}:who:{i}") for i, h in enumerate(held)], 1)))
    return R_WHO


async def on_revoke_who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores whose role is taken away and shows the summary."""
    await answer(update)
    if await still_admin(update, context) is None:
        return END
    d = current_draft(context, REVOKE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, R_PREFIX, "who", 1)
    held = d.get("held") or []
    i = index_of(args[0] if args else None, held)
    if i is None:
        return await refuse(update, context)
    await drop_buttons(update)
    d.update(held[i])
    return await _revoke_summary(update, context, d)


async def _revoke_summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          d: dict[str, Any]) -> object:
    repo = repo_of(context)
    who = await read(repo.person_by_telegram, int(d["tid"]))
    role = d.get("title") or t(context, ROLE_LABELS[Role(d["role"])])
    await reply(update, t(context, "Take the role {role} of {area} away from {who}? They will "
                                   "be told, and their menu changes. Confirm?", role=role,
                          area=await area_name(context, d["area"]),
                          who=await read(describe, repo, who) if who else d["user"]),
                reply_markup=sealed(keyboard([(t(context, "Confirm"), f"{R_PREFIX}:ok:1"),
                                              (t(context, "Cancel"), f"{R_PREFIX}:ok:0")]),
                                    d, f"{R_PREFIX}:ok"))
    return R_CONFIRM


async def on_revoke_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes the role away as /revoke typed would (or cancels)."""
    d = await confirmed(update, context, REVOKE, R_PREFIX,
                        lambda d: _revoke_summary(update, context, d))
    if isinstance(d, Answered):
        return d.state
    person = await still_admin(update, context)
    if person is None:
        return END
    await roles.take(update, context, person, int(d["tid"]), Role(d["role"]), d["area"],
                     d["user"])
    await drop_buttons(update)  # after the write: 确认 is not there to press again
    return END



REVOKE_STATES: dict[object, list[Any]] = {
    R_WHO: [*buttons(R_PREFIX, {"who": on_revoke_who, "cancel": cancel_pressed(REVOKE)}),
            *unexpected(AGAIN, markup=choices_markup(REVOKE, "held", lambda c, i, h: (
                h.get("label") or h["user"], f"{R_PREFIX}:who:{i}"), R_PREFIX))],
    R_CONFIRM: [*buttons(R_PREFIX, {"ok": on_revoke_ok}),
                *unexpected(AGAIN, summary_again(REVOKE, _revoke_summary))],
}

COMMANDS = [
    Command("revoke", "Take a role away: /revoke alone lists who has one; or /revoke <user> "
            "volunteer|supervisor <area>", revoke_start, audience=Audience.ADMIN, order=81,
            flow=Flow(REVOKE, REVOKE_STATES),
            extra={"title": lazy("Taking a role away (/revoke)")}),
]

HANDLERS = [stale_buttons(R_PREFIX)]
