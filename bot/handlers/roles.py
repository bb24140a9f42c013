"""Roles: /grant and /revoke (admins), and the command menu each
volunteer and admin sees in their chat (/whoami: ``bot.handlers.whoami``). (The
guards every volunteer and admin handler starts with are in ``bot.staff``.)"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from db.errors import DomainError
from db.people import Role, is_admin, public_role, supervisor_areas, volunteer_areas
from db.who import describe, people_matching

from ..commands import Audience, Command, audience_of, command_menu, commands_of
from ..context import call, person_of, read, reply, repo_of, t
from ..i18n import DEFAULT_LANGUAGE, lazy
from ..menu import menu_maker
from ..notify import notify_once
from ..posts import unbutton_posts
from ..staff import area_name, area_of_word, command_of, fail, require_admin, words
from ..staff_errors import area_word, area_words
from .role_left import tell_left

__all__ = ["COMMANDS", "register_staff_commands", "set_staff_menu", "STAFF_AUDIENCE",
           "find_user", "finish_saved", "role_key", "who_named", "give", "take",
           "told_granted", "told_revoked", "known_as", "UNKNOWN", "MORE", "unknown", "grant",
           "revoke"]

log = logging.getLogger(__name__)

STAFF_AUDIENCE = {Audience.EVERYONE, Audience.RESIDENT, Audience.VOLUNTEER}


# -- the Telegram command menu for volunteers and admins ------------------------------


async def set_staff_menu(app: Application, person: dict[str, Any]) -> None:
    """Show a volunteer's (supervisor's, admin's) commands in their chat's menu; the
    default menu (residents') when they have no role left."""
    commands = commands_of(app)
    chat = int(person["telegram_id"])
    scope = BotCommandScopeChat(chat)
    lang = person.get("language") or DEFAULT_LANGUAGE
    audience = audience_of(person)
    try:
        if audience - {Audience.EVERYONE, Audience.RESIDENT}:
            await app.bot.set_my_commands(command_menu(commands, lang, audience), scope=scope)
        else:
            await app.bot.delete_my_commands(scope=scope)
    except TelegramError as exc:
        log.info("could not set the command menu of chat %s: %s", chat, exc)


async def register_staff_commands(app: Application) -> None:
    """At start-up: every volunteer and admin sees their commands in the menu."""
    repo = app.bot_data["repo"]
    for person in await call(repo.people):
        if volunteer_areas(person) or is_admin(person) or supervisor_areas(person):
            await set_staff_menu(app, person)


# -- commands ---------------------------------------------------------------------


async def _find_user(context: ContextTypes.DEFAULT_TYPE, text: str) -> int | None:
    """A Telegram id typed as digits, the id of a known @username, or of the one person
    whose number (#N), registered name or household it is (``db.who``)."""
    tid, _ = await who_named(context, text)
    return tid


async def who_named(context: ContextTypes.DEFAULT_TYPE, text: str
                    ) -> tuple[int | None, list[dict[str, Any]]]:
    """(the Telegram id ``text`` names, the people it may name when it names several):
    digits are a Telegram id; @name a username; else a person's number (#N), registered
    name or household, as the admin hears them at the office (she seldom knows the id)."""
    text = text.strip()
    if text.isascii() and text.lstrip("-").isdigit() and len(text) <= 15:
        return int(text), []
    if text.startswith("@") and len(text) > 1:
        wanted = text[1:].lower()
        for p in await call(repo_of(context).people):
            if (p.get("username") or "").lower() == wanted:
                return int(p["telegram_id"]), []
        return None, []
    found = [p for p in await call(people_matching, repo_of(context), text)
             if p.get("telegram_id")]
    return (int(found[0]["telegram_id"]), []) if len(found) == 1 else (None, found)


async def _unknown(update: Update, context: ContextTypes.DEFAULT_TYPE, user: str,
                   several: list[dict[str, Any]], example: str) -> None:
    """Says who ``user`` may be when it names ``several`` people (``who_named``: each with
    number, name and household; the admin asks which, then types the number), or that
    nobody is known so. ``example``: the command again with ``{user}`` where the person
    goes."""
    if several:
        repo = repo_of(context)
        listed = "\n".join([f"#{p['id']}：{await read(describe, repo, p)}"
                            for p in several[:10]])
        await reply(update, t(context, "{user} could be any of these people:\n{people}\nAsk "
                                       "which one, then use the number, e.g. {example}",
                              user=user, people=listed,
                              example=example.replace("{user}", f"#{several[0]['id']}"))
                    + ("\n" + t(context, MORE, more=len(several) - 10)
                       if len(several) > 10 else ""))
        return
    await reply(update, t(context, UNKNOWN, user=user))


# What /grant, /revoke and /whoami say of someone they cannot find.
UNKNOWN = lazy("I do not know {user}. Use their number (#12: in /whoami, or the admins' "
               "messages), their registered name or household (盐业小区1号楼1单元101), their "
               "Telegram id or @username; someone who never wrote to the bot must send /start "
               "first.")


# Of more than the 10 people listed (as buttons, or typed).
MORE = lazy("{more} more are not listed: type their household (盐业小区1号楼1单元101) or number "
            "(#12) instead, to find fewer.")

find_user = _find_user  # also /seat's (bot.handlers.election)
unknown = _unknown  # also /revoke's buttons (bot.handlers.role_revoke)


def _areas(repo: Any) -> str:
    """Each area as /grant and /revoke take it: its name (``area_words``)."""
    return area_words(repo.street)


def _first_area(repo: Any) -> str:
    return area_word(repo.street.areas[0]) if repo.street.areas else "东小区"


# The role word of /grant and /revoke (the volunteer's may be left out).
ROLE_WORDS = {"volunteer": Role.VOLUNTEER, "志愿者": Role.VOLUNTEER,
              "supervisor": Role.SUPERVISOR, "监督员": Role.SUPERVISOR}


def _role_and_rest(args: list[str]) -> tuple[Role, list[str]]:
    """The role a /grant or /revoke names after the user, or last (/grant 王秀兰 东小区
    监督员: before, a volunteer titled 监督员, who could approve); volunteer when none;
    and the user with the other words."""
    role = ROLE_WORDS.get(args[1].lower()) if len(args) > 1 else None
    last = ROLE_WORDS.get(args[-1].lower()) if len(args) > 2 and not role else None
    return (role, [args[0], *args[2:]]) if role else (last, args[:-1]) if last \
        else (Role.VOLUNTEER, args)


async def grant(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant <user> volunteer|supervisor <area> [title]: gives someone a role in an area."""
    person = await require_admin(update, context)
    if person is None:
        return
    role, args = _role_and_rest(words(update))
    if len(args) < 2:  # /grant help (bot.handlers.role_steps)
        await reply(update, t(context, "Usage: /grant <person> volunteer <area> [title], e.g. "
                                       "/grant 马红 volunteer {area} 网格员; or /grant <person> "
                                       "supervisor <area> for a supervisor (监督员). The person: "
                                       "their registered name, household (盐业小区1号楼1单元101), "
                                       "number (#12), Telegram id or @username. The areas: "
                                       "{areas}.",
                              area=await read(_first_area, repo_of(context)),
                              areas=await read(_areas, repo_of(context))))
        return
    tid, several = await who_named(context, args[0])
    if tid is None:
        await _unknown(update, context, args[0], several, "/grant {user} " + " ".join(
            [str(role), *args[1:]]))
        return
    area = await read(area_of_word, repo_of(context), args[1])
    await give(update, context, person, tid, role, area, " ".join(args[2:]), args[0])


async def give(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               tid: int, role: Role, area: str, title: str, user: str) -> bool:
    """Gives the person with Telegram id ``tid`` (``user``, as the admin named them)
    ``role`` in ``area`` under ``title`` ("": theirs kept, else 志愿者 or 监督员), tells
    them and the admin, and sets their menu: /grant typed and its 确认 button alike.
    Whether it was given now (not held already, not refused)."""
    held = await _held(context, tid, role, area)
    if held is not None and role == Role.VOLUNTEER and not title:
        # no title given: theirs and their pseudonym are kept (before, the default title
        # 志愿者 replaced 物管会主任, and 物管会主任甲 became 志愿者乙 on the public accounts)
        await reply(update, t(context, "{who} is {title} of {area} already, named {alias} in "
                                       "the public accounts: both are kept. Nothing was "
                                       "changed, and nobody was told anything. To give another "
                                       "title, add it: /grant {user} volunteer {area_id} 网格员.",
                              who=await read(known_as, repo_of(context), held["person"]),
                              user=user, title=held["title"],
                              area=await area_name(context, area),
                              area_id=area_word(repo_of(context).street.area(area)),
                              alias=public_role(held["person"], area)))
        return False
    title = title or ("监督员" if role == Role.SUPERVISOR else "志愿者")
    repo = repo_of(context)
    if await _holds(context, tid, role, area, title):  # sent twice: not granted again
        subject = await read(repo.person_by_telegram, tid)
        await reply(update, t(context, "{user} is {title} of {area} already: nothing was "
                                       "changed, and nobody was told anything.",
                              user=await read(known_as, repo, subject) if subject else user,
                              title=title, area=await area_name(context, area)))
        return False
    try:
        subject = await call(repo.grant, person["id"], tid, area, title, role=role)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return False
    await told_granted(update, context, subject, role, area, user)
    return True


async def _holds(context: ContextTypes.DEFAULT_TYPE, tid: int, role: Role, area: str,
                 title: str) -> bool:
    """Whether the person with Telegram id ``tid`` holds ``role`` in ``area`` under
    ``title`` already (as ``db.directory`` keeps a title: stripped, 30 characters)."""
    subject = await read(repo_of(context).person_by_telegram, tid)
    return any(r["role"] == role and r.get("area") == area and
               r.get("title") == title.strip()[:30] for r in (subject or {}).get("roles") or [])


async def _held(context: ContextTypes.DEFAULT_TYPE, tid: int, role: Role,
                area: str) -> dict[str, Any] | None:
    """The person with Telegram id ``tid`` and the title under which they hold ``role``
    in ``area`` (``{"person", "title"}``), or None when they do not hold it."""
    subject = await read(repo_of(context).person_by_telegram, tid)
    for r in (subject or {}).get("roles") or []:
        if r["role"] == role and r.get("area") == area:
            return {"person": subject, "title": str(r.get("title") or "")}
    return None


def known_as(repo: Any, person: dict[str, Any], held_as: str = "") -> str:
    """How the admin knows ``person`` in what /grant and /revoke say was done: their
    registered name, else their household, else their number (#12), after ``held_as``
    (网格员丁, the role as the public accounts name it); never their Telegram id, which
    it said before (已完成：900303 不再是城建小区的志愿者) when the id was typed."""
    name = str(person.get("name") or "").strip()
    if not name and person.get("household"):
        try:
            name = str(repo.street.household_label(person["household"]))
        except KeyError:
            name = ""
    return " ".join(filter(None, [held_as, name or f"#{person['id']}"]))


def role_key(update: Update) -> str:
    """The ``db.reminders`` key recording that the person a /grant or /revoke is about
    was told: the update's own (the same when it is handled again after a stop)."""
    return f"role:{update.update_id}"


async def told_granted(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   subject: dict[str, Any], role: Role, area: str, user: str) -> None:
    """Tell the admin, and the person given the role (once: ``role_key``), of a grant
    stored; their command menu becomes a volunteer's (or supervisor's). The admin reads
    who it is as ``known_as`` says, not ``user`` as typed (a Telegram id, say)."""
    name = await area_name(context, area)
    user = await read(known_as, repo_of(context), subject)
    title = next((r.get("title") or "" for r in subject.get("roles") or []
                  if r["role"] == role and r.get("area") == area), "")
    if role == Role.SUPERVISOR:
        await reply(update, t(context, "Done: {user} is now a supervisor of {area}: they see "
                                       "its pending entries and daily summary, and approve "
                                       "nothing.", user=user, area=name))
        told = await notify_once(context, [subject], role_key(update), lazy(
            "You are now a supervisor (监督员) of {area}. Press \"Waiting\" in the menu "
            "below (or send /pending) to see what waits for the volunteers (you can read it, "
            "not approve it); you can ask about any public line with the Ask button under "
            "Accounts."), markup=await menu_maker(context, subject), area=name)
    else:
        alias = public_role(subject, area)  # the pseudonym on the lines they record or approve
        await reply(update, t(context, "Done: {user} is now {title} of {area}; the public "
                                       "accounts name them {alias}.", user=user, title=title,
                              area=name, alias=alias))
        told = await notify_once(context, [subject], role_key(update), lazy(
            "You are now {title} of {area}. The public accounts name you {alias}, never by "
            "name. New entries to approve will come to this chat with \"✅ Approve\" and "
            "\"❌ Reject\" buttons under them: press one; those waiting already, send /pending "
            "to see. The menu below now starts with your work: \"To approve\", \"Handle "
            "reports\" and \"Record money\"; \"Help\" lists all the volunteer commands."),
            markup=await menu_maker(context, subject), title=title, area=name, alias=alias)
    if not told and subject["id"] not in await read(repo_of(context).reminded,
                                                   role_key(update)):
        # Telegram lets a bot write only to whoever has started it: the role is stored,
        # but nothing reaches them (the posts to approve neither) until they do
        await reply(update, t(context, "{user} could not be told: Telegram lets the bot "
                                       "write only to someone who has opened it and pressed "
                                       "Start. Ask them to open the bot and send /start; "
                                       "the entries to approve reach them from then on.",
                              user=user))
    await set_staff_menu(context.application, subject)


async def revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke <user> [volunteer|supervisor] <area>: takes a role away."""
    person = await require_admin(update, context)
    if person is None:
        return
    role, args = _role_and_rest(words(update))
    if len(args) != 2:  # /revoke help, or too many words
        await reply(update, t(context, "Usage: /revoke <person> volunteer <area>; the person "
                                       "as /grant takes them (registered name, household, "
                                       "number #12, Telegram id or @username). The areas: "
                                       "{areas}.",
                              areas=await read(_areas, repo_of(context))))
        return
    tid, several = await who_named(context, args[0])
    if tid is None:
        await _unknown(update, context, args[0], several,
                       f"/revoke {{user}} {role} {args[1]}")
        return
    area_id = await read(area_of_word, repo_of(context), args[1])
    await take(update, context, person, tid, role, area_id, args[0])


async def take(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               tid: int, role: Role, area_id: str, user: str) -> bool:
    """Takes ``role`` in ``area_id`` from the person with Telegram id ``tid`` (``user``),
    tells them and the admin: /revoke typed and its 确认 button alike. Whether it was
    taken now."""
    repo = repo_of(context)
    before = await read(repo.person_by_telegram, tid)  # the role's name, while it is held
    held_as = (public_role(before, area_id) if role == Role.VOLUNTEER else "监督员") \
        if before is not None and area_id in (volunteer_areas(before) if role == Role.VOLUNTEER
                                              else supervisor_areas(before)) else ""
    try:
        subject = await call(repo.revoke, person["id"], tid, area_id, role=role)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return False
    await told_revoked(update, context, subject, role, area_id, user, held_as=held_as)
    return True


async def told_revoked(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   subject: dict[str, Any], role: Role, area_id: str, user: str,
                   held_as: str = "") -> None:
    """Tell the admin, and the person who lost the role (once: ``role_key``), of a
    revocation stored; a former volunteer's buttons go, and they leave the area's group.
    The admin reads who it was as ``known_as`` says (``held_as``: the role they held,
    网格员丁), not ``user`` as typed (a Telegram id, say)."""
    name = await area_name(context, area_id)
    user = await read(known_as, repo_of(context), subject, held_as)
    if role == Role.SUPERVISOR:
        await reply(update, t(context, "Done: {user} is no longer a supervisor of {area}.",
                              user=user, area=name))
        await notify_once(context, [subject], role_key(update), lazy(
            "You are no longer a supervisor of {area}. Thank you for your help."),
            markup=await menu_maker(context, subject), area=name)
    else:
        left = len(await read(repo_of(context).people, volunteer_of=area_id))
        await reply(update, "\n".join(filter(None, [
            t(context, "Done: {user} is no longer a volunteer of {area}.", user=user,
              area=name),
            t(context, FEW_LEFT[left], area=name) if left in FEW_LEFT else ""])))
        # No longer theirs to press: the buttons go from their copies of the area's posts.
        if area_id not in volunteer_areas(subject):
            await tell_left(update, context, subject, area_id, user, name,
                            role_key(update) + ":left")
            await unbutton_posts(context, int(subject["telegram_id"]), area_id)
            await _leave_group(update, context, subject, area_id, user, name)
        # the menu under the typing field changes too: said, when it loses the work row
        still = volunteer_areas(subject) or is_admin(subject)
        await notify_once(context, [subject], role_key(update), lazy(
            "You are no longer a volunteer of {area}: the Approve and Reject buttons of the "
            "messages you received before no longer work for you. Thank you for your help.")
            if still else NO_LONGER_VOLUNTEER, markup=await menu_maker(context, subject),
            area=name)
    await set_staff_menu(context.application, subject)


# said to the admin when a revocation leaves an area with one volunteer, or none
FEW_LEFT = {
    0: lazy("{area} has no volunteer now: until you give someone the role (/grant), what "
            "residents send to be approved goes to the admins alone."),
    1: lazy("{area} has only 1 volunteer now: the fees and expenses she records must be "
            "approved by someone else, and until a second volunteer is given the role "
            "(/grant), only the admins can approve them."),
}
NO_LONGER_VOLUNTEER = lazy(
    "You are no longer a volunteer of {area}: the Approve and Reject buttons of the messages "
    "you received before no longer work for you, and the menu below is a resident's again "
    "(without \"To approve\", \"Handle reports\" and \"Record money\"). Thank you for your "
    "help.")


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A /grant or /revoke stored just before the bot stopped, its person perhaps not
    told: told now unless they were, and the admin as the command would have said
    (before, a new volunteer never learned of her role, a former one kept the area's
    group, and the admin read "already saved … start again from the menu"); whether it
    was such a command (and the role is now as it asked)."""
    command = command_of(update)
    if command not in ("grant", "revoke"):
        return False
    person = await person_of(update, context)
    role, args = _role_and_rest(words(update))
    if not is_admin(person) or len(args) < 2:
        return False
    tid = await _find_user(context, args[0])
    repo = repo_of(context)
    subject = await read(repo.person_by_telegram, tid) if tid is not None else None
    if subject is None:
        return False
    area = await read(area_of_word, repo, args[1])
    held = volunteer_areas if role == Role.VOLUNTEER else supervisor_areas
    if command == "grant" and area in held(subject):
        await told_granted(update, context, subject, role, area, args[0])
    elif command == "revoke" and area not in held(subject) and len(args) == 2:
        await told_revoked(update, context, subject, role, area, args[0])
    else:
        return False
    return True


async def _leave_group(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       subject: dict[str, Any], area: str, user: str, name: str) -> None:
    """Remove a former volunteer from the area's linked group, which gets every entry
    waiting for review (a registration with the applicant's name and room among them),
    unless they still act for another area posting there; tell the admin what was done,
    or what to do when the bot may not (it is not an administrator of the group)."""
    repo = repo_of(context)
    group = await read(repo.linked_group, area)
    if group is None:
        return
    for other in volunteer_areas(subject):
        if await read(repo.linked_group, other) == group:
            return
    tid = int(subject["telegram_id"])
    try:  # a ban lifted at once: removed, and may be invited back later
        await context.bot.ban_chat_member(group, tid)
        await context.bot.unban_chat_member(group, tid, only_if_banned=True)
    except TelegramError as exc:
        log.info("could not remove %s from group %s: %s", tid, group, exc)
        await reply(update, t(context, "⚠️ {user} may still be in the volunteers' group of "
                                       "{area}, which gets every entry waiting for review, "
                                       "with residents' names and rooms. I could not remove "
                                       "them (I am not an administrator of the group): please "
                                       "remove {user} from that group in Telegram.",
                              user=user, area=name))
        return
    await reply(update, t(context, "I removed {user} from the volunteers' group of {area}, "
                                   "which gets the entries waiting for review.",
                          user=user, area=name))


COMMANDS: list[Command] = []  # /whoami: bot.handlers.whoami
