"""/grant and /revoke sent alone (or 👤 under an admin's /help): the roles given and
taken with buttons, for the secretary on a phone who does not type English role words
and area ids.

/grant: who (typed: name, household, #number, @username or Telegram id; several
matches: a button each) -> which area (skipped when there is one) -> 志愿者 or 监督员
-> a volunteer's title (common ones as buttons, or typed, or none) -> a summary with
确认 / 取消. /revoke: a button per volunteer and supervisor -> 确认 / 取消. The
confirmation goes through the typed commands' own code (``bot.handlers.roles.give``
and ``take``: the person told, their menu set, the change audited). /revoke's steps are
in ``bot.handlers.role_revoke``; the helpers both use, and the finishing of a 确认
stored just before a stop (``finish_saved``), in ``bot.handlers.role_common``.

Written as ``bot.flows`` says: buttons ``gr:<action>[:<i>]`` and ``rv:<action>[:<i>]``,
indexes into the choices kept in the draft; every step checks again that the sender
is an admin.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db.people import Role, public_role, role_mark
from db.who import describe

from ..commands import Audience, Command, Flow
from ..context import drop_buttons, read, reply, repo_of, t
from ..flows import (
    END,
    TEXT_INPUT,
    Answered,
    answer,
    button_args,
    buttons,
    clean_text,
    confirmed,
    current_draft,
    drop_draft,
    gone,
    index_of,
    keyboard,
    new_draft,
    refuse,
    sealed,
    short,
    stale_buttons,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..private_only import names_in_private
from ..staff import area_name, choose_area, chosen_area, words
from ..step_buttons import remember, shown
from . import roles
from .registration import label
from .role_common import (
    AGAIN,
    G_AREA,
    G_CONFIRM,
    G_PREFIX,
    G_ROLE,
    G_TITLE,
    G_WHO,
    GRANT,
    MAX_TITLE,
    ROLE_LABELS,
    TITLES,
    asks_help,
    cancel_pressed,
    choices_markup,
    finish_saved,
    still_admin,
    summary_again,
    with_cancel,
)

__all__ = ["COMMANDS", "HANDLERS", "finish_saved"]

WHO = lazy("Who gets the role? Type their registered name, household (盐业小区1号楼1单元101), "
           "number (#12), @username or Telegram id. (Typed all at once also works: /grant "
           "马红 volunteer {area} 网格员.)")


def _name(repo: Any, who: dict[str, Any]) -> str:
    """A person on a button: name and flat (never published: the admin's chat only)."""
    home = who.get("household")
    parts = [who.get("name") or "（无姓名）", label(repo, home) if home else ""]
    return short(" ".join(p for p in parts if p), 60)


# -- /grant -------------------------------------------------------------------------


async def grant_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/grant with its words gives the role at once; alone, asks who gets one; with the
    person alone, or the role alone, or both (/grant 王秀兰, /grant 5001 监督员), the steps
    start with what was typed filled in (before, the long usage text); /grant help (帮助,
    用法, ?) shows that text. In a private chat only: its steps name people."""
    if not await names_in_private(update, context, "grant"):
        return END
    args = words(update)
    role = roles.ROLE_WORDS.get(args[-1].lower()) if args else None
    if len(args) > (2 if role else 1) or asks_help(args):  # help: the usage (roles.grant)
        await roles.grant(update, context)
        return END
    person = await still_admin(update, context)
    if person is None:
        return END
    d = new_draft(context, GRANT)
    if role:
        d["preset"] = str(role)
    if len(args) == (2 if role else 1):
        return await _who(update, context, person, d, clean_text(args[0])[:100])
    area = repo_of(context).street.areas[0].name if repo_of(context).street.areas else ""
    # 取消 as at every later step (typed 取消 worked, but no button said so)
    await reply(update, t(context, WHO, area=area),
                reply_markup=remember(d, G_WHO, with_cancel(context, G_PREFIX, None)))
    return G_WHO


async def on_who_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the one person the words name and asks which area; several: a button each."""
    d = current_draft(context, GRANT)
    if d is None:
        d = new_draft(context, GRANT)
    person = await still_admin(update, context)
    if person is None:
        return END
    return await _who(update, context, person, d, clean_text(typed(update))[:100])


async def _who(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               d: dict[str, Any], text: str) -> object:
    """The person ``text`` names (as the typed /grant finds them) kept, and which area
    asked; several: a button each; nobody: said, and asked again."""
    tid, several = await roles.who_named(context, text)
    repo = repo_of(context)
    if tid is None and several:
        d["matches"] = [int(p["telegram_id"]) for p in several[:10]]
        names = [await read(_name, repo, p) for p in several[:10]]
        more = len(several) - len(names)  # said, with how to find fewer
        await reply(update, t(context, "{user} could be any of these people. Which one?",
                              user=text) + ("\n" + t(context, roles.MORE, more=more)
                                            if more > 0 else ""),
                    reply_markup=remember(d, G_WHO, with_cancel(context, G_PREFIX, keyboard(
                        [(n, f"{G_PREFIX}:who:{i}") for i, n in enumerate(names)], 1))))
        return G_WHO  # its buttons noted: again after a sticker (bot.step_buttons)
    if tid is None:
        await reply(update, t(context, roles.UNKNOWN, user=text) + "\n" +
                    t(context, "Please type who it is again."),
                    reply_markup=remember(d, G_WHO, with_cancel(context, G_PREFIX, None)))
        return G_WHO
    return await _chosen(update, context, person, d, tid, text)


async def on_who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the person pressed among several of one name or flat; asks which area."""
    await answer(update)
    person = await still_admin(update, context)
    if person is None:
        return END
    d = current_draft(context, GRANT)
    if d is None:
        return await gone(update, context)
    args = button_args(update, G_PREFIX, "who", 1)
    matches = d.get("matches") or []
    i = index_of(args[0] if args else None, matches)
    if i is None:
        return await refuse(update, context)
    await drop_buttons(update)
    return await _chosen(update, context, person, d, int(matches[i]), "")


async def _chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  d: dict[str, Any], tid: int, text: str) -> object:
    """Keeps who (``tid``; ``text``: as the admin typed them) and asks which area."""
    repo = repo_of(context)
    who = await read(repo.person_by_telegram, tid)
    d.pop("matches", None)
    d["tid"] = tid
    d["user"] = (who or {}).get("name") or text or str(tid)
    d["who"] = await read(describe, repo, who) if who else f"Telegram {tid}"
    area = await choose_area(update, context, person, G_PREFIX, d,
                             await read(_areas_of, repo, who),
                             t(context, WHICH_AREA_FOR, who=d["who"]), cancel=True)
    return G_AREA if area is None else await _ask_role(update, context, d, area)


# Who was found, said with the area question: after a typed name or number she saw it
# only at the role question or the summary.
WHICH_AREA_FOR = lazy("For {who}: which area?")


def _areas_of(repo: Any, who: dict[str, Any] | None) -> set[str]:
    """The areas a person lives in or serves (their buttons come first)."""
    mine = {str(r["area"]) for r in (who or {}).get("roles") or [] if r.get("area")}
    try:
        mine.add(str(repo.street.locate((who or {})["household"])[0].id))
    except (KeyError, TypeError):
        pass  # no household, or one the street no longer has
    return mine


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area and asks which role."""
    await answer(update)
    if await still_admin(update, context) is None:
        return END
    d = current_draft(context, GRANT)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, G_PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    await drop_buttons(update)
    return await _ask_role(update, context, d, area)


async def _ask_role(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    area: str) -> object:
    d["area"] = area
    if d.get("preset"):  # typed with /grant: not asked
        return await _role_chosen(update, context, d, Role(d.pop("preset")))
    await reply(update, t(context, "Which role does {user} get in {area}?", user=d["user"],
                          area=await area_name(context, area)),
                reply_markup=_role_buttons(context))
    return G_ROLE


async def _now(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> dict[str, str]:
    """The volunteer's or supervisor's role the person of draft ``d`` holds in its area
    now, with its title."""
    who = await read(repo_of(context).person_by_telegram, int(d["tid"]))
    return {Role(r["role"]): str(r.get("title") or "") for r in (who or {}).get("roles") or []
            if r["role"] in (Role.VOLUNTEER, Role.SUPERVISOR) and r.get("area") == d["area"]}


def _role_buttons(context: ContextTypes.DEFAULT_TYPE) -> Any:
    return with_cancel(context, G_PREFIX, keyboard(
        [(t(context, ROLE_LABELS[r]), f"{G_PREFIX}:role:{r}") for r in ROLE_LABELS]))


async def on_role(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the role; asks a volunteer's title, or shows a supervisor's summary."""
    await answer(update)
    if await still_admin(update, context) is None:
        return END
    d = current_draft(context, GRANT)
    if d is None or "area" not in d:
        return await gone(update, context)
    args = button_args(update, G_PREFIX, "role", 1)
    if args is None or args[0] not in (Role.VOLUNTEER, Role.SUPERVISOR):
        return await refuse(update, context)
    await drop_buttons(update)
    return await _role_chosen(update, context, d, Role(args[0]))


async def _role_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                       role: Role) -> object:
    """Keeps ``role``; asks a volunteer's title, or shows a supervisor's summary (one
    who may not hold it is told so, and the steps end)."""
    now = await _now(context, d)
    other = Role.SUPERVISOR if role == Role.VOLUNTEER else Role.VOLUNTEER
    if other in now:  # refused at 确认 else (db.directory: role_conflict)
        drop_draft(context, GRANT)
        await reply(update, t(context, "{user} is {title} of {area} now, and one person is not "
                                       "both a volunteer and a supervisor of one area: take "
                                       "that role away first (/revoke). Nothing was changed.",
                              user=d["user"], title=now[other],
                              area=await area_name(context, d["area"])))
        return END
    d["role"] = str(role)
    if role == Role.SUPERVISOR:
        d["title"] = ""
        return await _summary(update, context, d)
    await reply(update, t(context, "Which title? Press one, or type another (at most {max} "
                                   "characters).", max=MAX_TITLE),
                reply_markup=_title_buttons(context))
    return G_TITLE


def _title_buttons(context: ContextTypes.DEFAULT_TYPE) -> Any:
    return with_cancel(context, G_PREFIX, keyboard(
        [*((title, f"{G_PREFIX}:title:{i}") for i, title in enumerate(TITLES)),
         (t(context, "No title"), f"{G_PREFIX}:title:none")]))


async def on_title(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the title pressed (or none) and shows the summary."""
    await answer(update)
    if await still_admin(update, context) is None:
        return END
    d = current_draft(context, GRANT)
    if d is None or d.get("role") != Role.VOLUNTEER:
        return await gone(update, context)
    args = button_args(update, G_PREFIX, "title", 1)
    i = index_of(args[0] if args else None, TITLES)
    if args is None or (i is None and args[0] != "none"):
        return await refuse(update, context)
    await drop_buttons(update)
    title = TITLES[i] if i is not None else ""
    if await _unchanged(update, context, d, title):
        return None
    d["title"] = title
    return await _summary(update, context, d)


async def on_title_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the title typed and shows the summary; one too long is asked again."""
    if await still_admin(update, context) is None:
        return END
    d = current_draft(context, GRANT)
    if d is None or d.get("role") != Role.VOLUNTEER:
        return await gone(update, context)
    title = " ".join(clean_text(typed(update)).split())
    if not title or len(title) > MAX_TITLE:
        await reply(update, t(context, "A title of at most {max} characters, please (or press "
                                       "one).", max=MAX_TITLE),
                    reply_markup=_title_buttons(context))
        return None
    if await _unchanged(update, context, d, title):
        return None
    d["title"] = title
    return await _summary(update, context, d)


async def _unchanged(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                     title: str) -> bool:
    """Whether ``title`` ("": none) changes nothing for a volunteer of the area already
    (theirs would be kept, or is the one they hold): said so in the steps' own words, with
    the titles again (before, 确认 answered the typed command's hint, an area id and
    English words in it)."""
    repo = repo_of(context)
    who = await read(repo.person_by_telegram, int(d["tid"]))
    held = next((r for r in (who or {}).get("roles") or []
                 if r["role"] == Role.VOLUNTEER and r.get("area") == d["area"]), None)
    if held is None or (title and title[:MAX_TITLE] != held.get("title")):
        return False
    await reply(update, t(context, "{user} is {title} of {area} already, named {alias} in the "
                                   "public accounts: nothing would change. To change the "
                                   "title, press one (or type it); else press Cancel.",
                          user=d["user"], title=held.get("title") or "",
                          area=await area_name(context, d["area"]),
                          alias=public_role(who, d["area"])),
                reply_markup=_title_buttons(context))
    return True


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> object:
    """Shows what will be given, with sealed 确认 / 取消."""
    area = await area_name(context, d["area"])
    if d["role"] == Role.SUPERVISOR:
        what = t(context, "Make {who} a supervisor (监督员) of {area}: they will read what "
                          "waits and the daily summary, and approve nothing.",
                 who=d["who"], area=area)
    else:
        what = t(context, "Make {who} {title} of {area}: they will approve entries and "
                          "record money there; the public accounts name them by a pseudonym, "
                          "never by name.", who=d["who"], area=area,
                 title=d["title"] or t(context, "a volunteer (their title kept if they have "
                                                "one)"))
    held = (await _now(context, d)).get(Role(d["role"]))
    if held:  # 物管会主任 becoming 楼栋长: she sees the title it replaces
        what += "\n" + t(context, "Now: {title} of {area}.", title=held, area=area)
        renamed = await _renamed(context, d)
        if renamed:  # and what the public accounts will call them
            what += "\n" + t(context, "Their pseudonym in the public accounts changes: "
                                      "{old} → {new}.", old=renamed[0], new=renamed[1])
    text = what + "\n" + t(context, "They will be told, and their menu changes. Confirm?")
    await reply(update, text, reply_markup=sealed(keyboard(
        [(t(context, "Confirm"), f"{G_PREFIX}:ok:1"), (t(context, "Cancel"), f"{G_PREFIX}:ok:0")]),
        d, f"{G_PREFIX}:ok"))
    return G_CONFIRM


async def _renamed(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                   ) -> tuple[str, str] | None:
    """A volunteer's pseudonym now and after the title of draft ``d`` (物管会主任甲,
    楼栋长甲: the mark stays theirs in the area), when the title changes it."""
    who = await read(repo_of(context).person_by_telegram, int(d["tid"]))
    for r in (who or {}).get("roles") or []:
        if r["role"] == Role.VOLUNTEER == d["role"] and r.get("area") == d["area"] \
                and d["title"] and d["title"][:MAX_TITLE] != r.get("title"):
            return (public_role(who, d["area"]),
                    d["title"][:MAX_TITLE] + role_mark(r, d["area"]))
    return None


async def on_grant_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Gives the role as /grant typed would (or cancels)."""
    d = await confirmed(update, context, GRANT, G_PREFIX, lambda d: _summary(update, context, d))
    if isinstance(d, Answered):
        return d.state
    person = await still_admin(update, context)
    if person is None:
        return END
    await roles.give(update, context, person, int(d["tid"]), Role(d["role"]), d["area"],
                     d["title"], d["user"])
    await drop_buttons(update)  # after the write: 确认 is not there to press again
    return END


def _area_button(context: ContextTypes.DEFAULT_TYPE, i: int, area: str) -> tuple[str, str]:
    try:
        name = repo_of(context).street.area(area).name
    except KeyError:
        name = area
    return name, f"{G_PREFIX}:area:{i}"


GRANT_STATES: dict[object, list[Any]] = {
    G_WHO: [*buttons(G_PREFIX, {"who": on_who, "cancel": cancel_pressed(GRANT)}),
            MessageHandler(TEXT_INPUT, on_who_typed),
            *unexpected(lazy("Please type who gets the role: their registered name, household "
                             "or number (#12)."), markup=shown(GRANT, G_WHO))],
    G_AREA: [*buttons(G_PREFIX, {"area": on_area, "cancel": cancel_pressed(GRANT)}),
             *unexpected(AGAIN, markup=choices_markup(GRANT, "areas", _area_button, G_PREFIX))],
    G_ROLE: [*buttons(G_PREFIX, {"role": on_role, "cancel": cancel_pressed(GRANT)}),
             *unexpected(AGAIN, markup=_role_buttons)],
    G_TITLE: [*buttons(G_PREFIX, {"title": on_title, "cancel": cancel_pressed(GRANT)}),
              MessageHandler(TEXT_INPUT, on_title_typed),
              *unexpected(AGAIN, markup=_title_buttons)],
    G_CONFIRM: [*buttons(G_PREFIX, {"ok": on_grant_ok}),
                *unexpected(AGAIN, summary_again(GRANT, _summary))],
}

COMMANDS = [
    Command("grant", "Make someone a volunteer (or supervisor): /grant alone asks with "
            "buttons; or /grant <user> volunteer|supervisor <area> [title] (/grant help "
            "explains it)",
            grant_start, audience=Audience.ADMIN, order=80, flow=Flow(GRANT, GRANT_STATES),
            extra={"title": lazy("Giving a role (/grant)")}),
]

HANDLERS = [stale_buttons(G_PREFIX)]
