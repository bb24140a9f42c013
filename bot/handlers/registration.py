"""/start: welcome, and register a household by picking compound -> building ->
unit -> room on inline keyboards. The last step shows what the public site
will and will never publish (``bot.consent.NOTICE``) and registers on "I agree":
the consent is recorded with the registration (PIPL art. 25). "I do not agree"
offers to register all the same with nothing published (``reg:nr``, PIPL art. 16:
voting for one's home publishes nothing); what she sends later to be published
asks for the consent then (``bot.consent.ask_consent``). A
volunteer of the area confirms it (that part lives in the volunteer bot).
/start again shows the household and offers a change request. ``reg:agree``
records the consent of someone registered before the notice, when a flow
asks for it (``bot.consent.ask_consent``).

Buttons carry the path as indices into the street (``reg:h:0:1:0:3``), so
they stay short and survive a restart; every press is checked against the
street again, so forged data only earns a refusal. The picker's levels, each
after the first with "⬅️ 上一步" (Back), are drawn by ``registration_picker.py``.
While a registration waits for a volunteer, a press of the picker (an old
message's) only says so.
"""

from __future__ import annotations

import time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry
from db.errors import DomainError
from db.people import Role, resident_area
from db.places import Household

from ..commands import Command
from ..consent import (
    CONSENT_VERSION,
    DECLINED,
    DECLINED_REGISTRATION,
    NOTICE,
    consent_keyboard,
    earlier_texts,
    has_consent,
)
from ..context import call, error_text, lang_of, person_of, read, reply, repo_of, t
from ..flows import answer, button_args, refuse
from ..i18n import lazy, listing
from ..keyboards import button, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..notify import notify_once
from ..private_only import in_private
from ..ratelimit import allow_submission
from ..resident import PICKER_SHOWN, choose_household, pending_registration, rate_limited
from ..staff import area_name
from .registration_picker import (
    AT,
    AT_WHEN,
    DECLINED_AT,
    PREFIX,
    ROOMS_PAGE,
    above_rooms,
    above_units,
    back_rows,
    locate,
    restart_rows,
    scanned_compound,
    show,
    show_buildings,
    show_compounds,
    show_rooms,
    show_units,
)
from .registration_refused import refused_line, refused_wait_text, wait_text
from .registration_withdrawn import ASKED, say_withdrawn, withdrawn_since

__all__ = ["COMMANDS", "HANDLERS", "REDO", "start", "ask_confirm", "locate", "restart_rows",
           "above_units", "above_rooms",
           "show_buildings", "show_next",
           "label", "redo_markup", "show", "show_compounds", "registered_text", "tell_claimed",
           # the picker's (registration_picker), importable from here as before
           "PREFIX", "AT", "AT_WHEN", "DECLINED_AT", "ROOMS_PAGE"]

# a registered resident (asking to change household) typing 同意 within this many
# seconds of the question answers it; later, 同意 is about votes again
ASKED_WINDOW = 30 * 60
# To the residents already bound to a household someone else asks to be registered for.
CLAIMED = lazy("Someone asked to be registered as a resident of your household {household}. "
               "A volunteer will check it with you; if nobody else lives with you, please "
               "tell a volunteer.")
# action -> how many integer fields follow it (an action ending in "p" turns a page)
_ARITY = {"new": 0, "cp": 1, "c": 1, "bp": 2, "b": 2, "up": 3, "u": 3, "hp": 4, "h": 4,
          "ok": 4, "agree": 0, "no": 0, "nh": 4,  # nh: I do not agree, to this household
          "nr": 4,  # nr: register all the same, nothing published (PIPL art. 16)
          "keep": 0}  # keep: a change of household asked, declined (her home stays)
_PICKING = {"new", "cp", "c", "bp", "b", "up", "u", "hp", "h"}  # the picker's own buttons


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome; show the household (or the pending registration), or start picking (in
    a group: only to send /start in a private chat, ``bot.private_only``)."""
    if not await in_private(update, context, "start"):
        return
    person = await person_of(update, context)
    repo = repo_of(context)
    await reply(update, t(context, "Welcome to Steward, the helper of your compound. Report "
                                   "problems, give opinions, vote for your household and "
                                   "see where every yuan goes. Use the menu below."),
                reply_markup=await menu_of(update, context))
    pending = await pending_registration(context, person["id"])
    household = person.get("household")
    if household and resident_area(person):
        lines = [t(context, "Your household: {household}.",
                   household=label(repo, household))]
        if pending is not None:
            lines.append(t(context, "Your change request #{id} to {household} is waiting "
                                    "for a volunteer to confirm it.", id=pending.id,
                           household=label(repo, pending.data["household"])))
            await reply(update, "\n".join(lines), reply_markup=redo_markup(context, pending.id))
            return
        keyboard = InlineKeyboardMarkup([[button(t(context, "Request a change of household"),
                                                 f"{PREFIX}:new")]])
        await reply(update, "\n".join(lines), reply_markup=keyboard)
        return
    if pending is not None:
        await reply(update, t(context, "Your registration #{id} for {household} is waiting "
                                       "for a volunteer to confirm it. I will tell you when "
                                       "it is done.", id=pending.id,
                              household=label(repo, pending.data["household"])),
                    reply_markup=redo_markup(context, pending.id))
        return
    staff = await staff_welcome(context, person)
    if staff:  # one button, not the compounds at every /start of a volunteer living elsewhere
        await reply(update, staff, reply_markup=choose_household(lang_of(context)))
        return
    scanned = scanned_compound(update, context)  # her compound's poster: its buildings
    if scanned is not None:
        if context.user_data is not None:  # the picker is shown, as by show_compounds
            context.user_data[PICKER_SHOWN] = True
        await show_buildings(update, context, *scanned, 0)
        return
    await show_compounds(update, context, 0)


async def staff_welcome(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> str:
    """What a volunteer, supervisor or admin who has no household here is told at
    /start before the compounds, so that "where do you live?" is not all they see:
    their roles, where their work comes, and that registering a home is for those who
    live here ("" for anyone else)."""
    roles: list[str] = []
    approves = False
    for role in person.get("roles") or []:
        if role["role"] == Role.ADMIN:
            roles.append(t(context, "the street's admin"))
        elif role["role"] == Role.VOLUNTEER:
            approves = True
            roles.append(t(context, "{title} for {area}", title=role.get("title") or t(
                context, "volunteer"), area=await area_name(context, role["area"])))
        elif role["role"] == Role.SUPERVISOR:
            roles.append(t(context, "supervisor of {area}",
                           area=await area_name(context, role["area"])))
    if not roles:
        return ""
    work = t(context, "Entries waiting for approval come to this chat with their buttons; the "
                      "first row of the menu below is your work (To approve, Handle reports, "
                      "Record money); for the volunteers' commands, press Help.") if approves \
        else \
        t(context, "/overview shows your areas at a glance; for the commands, press Help.")
    return "\n".join([t(context, "You are {roles}.", roles=listing(lang_of(context), roles)),
                      work, t(context, "If you live here yourself, press the button below "
                                       "to register your household; if not, you need not "
                                       "register.")])


REDO = "regwd"  # regwd:<id>: withdraw one's waiting registration and choose again


def redo_markup(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> InlineKeyboardMarkup:
    """The button under "your registration is waiting": chosen by mistake, withdraw it
    and choose again (``registration_redo``)."""
    return InlineKeyboardMarkup([[button(t(context, "Wrong household? Withdraw it and choose "
                                                    "again"), f"{REDO}:{entry_id}")]])


def registered_text(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What she is told once her registration ``entry`` is stored: its number, and who
    confirms it."""
    repo = repo_of(context)
    household = str(entry.data["household"])
    area, *_ = repo.street.locate(household)
    return t(context, "Thank you! Registration #{id} for {household} is waiting for a "
                      "volunteer of {area} to confirm it. I will tell you when it is done.",
             id=entry.id, household=label(repo, household), area=area.name)


def label(repo: Any, household_id: str) -> str:
    try:
        return str(repo.street.household_label(household_id))
    except KeyError:
        return household_id


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the next choice of the picker (every ``reg:`` button), or registers."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    action = fields[1] if len(fields) > 1 else ""
    ints = parse_ints(button_args(update, PREFIX, action, _ARITY[action])) \
        if action in _ARITY else None
    if ints is None:
        await refuse(update, context)
        return
    person = await person_of(update, context)
    if action in ("new", "cp") and await _waiting(update, context, person):
        return
    if action in ("ok", "nr", "nh") and locate(context, ints) is not None:
        # an old question's button, of a registration she took back since: nothing
        # (checked before 不同意 forgets the question shown)
        withdrawn = await withdrawn_since(context, person, ints)
        if withdrawn is not None:
            await say_withdrawn(update, context, person, withdrawn)
            return
    if action in ("new", "no", "nh", "keep"):
        (context.user_data or {}).pop(ASKED, None)
        (context.user_data or {}).pop(AT, None)  # declined: her words no longer pick
    if action == "keep":
        home = person.get("household") if resident_area(person) else None
        await show(update, t(context, KEPT, household=label(repo_of(context), home))
                   if home else t(context, DECLINED), None)
        return
    if action == "new":  # someone registered: hers said, and the button keeping it
        home = person.get("household") if resident_area(person) else None
        await show_compounds(update, context, 0,
                             home=label(repo_of(context), home) if home else "")
        return
    if action == "no":
        if has_consent(person):  # 同意 pressed first (a double tap): it stands
            # before, this replaced 谢谢，已记录您的同意 with 这次什么也没有发送 while her
            # agreement stood and the flow she agreed for went on
            await reply(update, t(context, AGREED_ALREADY))
            return
        await show(update, t(context, DECLINED), None)
        return
    if action == "agree":
        await _agree(update, context, person)
        return
    if action == "cp":
        await show_compounds(update, context, ints[0])
        return
    page = ints[-1] if action.endswith("p") else 0
    path = ints[:-1] if action.endswith("p") else ints
    found = locate(context, path) if path else None
    if found is None:
        await refuse(update, context)
        return
    if action in _PICKING and await _waiting(update, context, person):
        return
    h = found[3]
    if action in ("c", "bp", "b", "up", "u", "hp", "h"):
        await show_next(update, context, path, page)
    elif action == "nh":  # registering without publishing, or back to the question
        at = ":".join(map(str, path))
        if context.user_data is not None:  # 上一步 typed: the question again
            context.user_data[DECLINED_AT] = [*path, int(time.time())]
        await show(update, t(context, DECLINED_REGISTRATION), InlineKeyboardMarkup(
            [[button(t(context, "Register without publishing"), f"{PREFIX}:nr:{at}")],
             [button(t(context, "⬅️ Back"), f"{PREFIX}:h:{at}")]]))
    elif action in ("ok", "nr") and h is not None:
        await _register(update, context, person, h, published=action == "ok")


async def _waiting(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   person: dict[str, Any]) -> bool:
    """A picker's button (an old message's) pressed while a registration waits for a
    volunteer: says so in its place; whether it did."""
    pending = await pending_registration(context, person["id"])
    if pending is None:
        return False
    await show(update, t(context, "Your registration #{id} for {household} is waiting for a "
                                   "volunteer to confirm it. I will tell you when it is done.",
                          id=pending.id, household=label(repo_of(context),
                                                          pending.data["household"])),
                redo_markup(context, pending.id))
    return True


async def ask_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, path: list[int],
                       h: Household, lead: str = "", notice: bool = True) -> None:
    repo = repo_of(context)
    area, *_ = repo.street.locate(h.id)
    at = ":".join(map(str, path))
    agree = consent_keyboard(context, f"{PREFIX}:ok:{at}",
                             t(context, "I agree: this is my home, register me"),
                             disagree=f"{PREFIX}:nh:{at}")
    rooms = f"{PREFIX}:hp:" + ":".join(map(str, path[:3])) + f":{path[3] // ROOMS_PAGE}"
    person = await person_of(update, context)
    home = person.get("household") if resident_area(person) else None
    keep = [[button(t(context, "No, keep {household}", household=label(repo, home)),
                    f"{PREFIX}:keep")]] if home else []
    keyboard = InlineKeyboardMarkup([*agree.inline_keyboard, *keep, *back_rows(context, rooms)])
    if home == h.id:  # her own home: said now, not after the notice and 同意
        await show(update, lead + t(context, "{household} is already your household.",
                                    household=label(repo, h.id)),
                   InlineKeyboardMarkup(back_rows(context, rooms)))
        return
    waits = await wait_text(context, person)  # refused again and again: not yet (db.refused_wait)
    if waits:
        await show(update, lead + waits, InlineKeyboardMarkup(back_rows(context, rooms)))
        return
    if context.user_data is not None:
        context.user_data[ASKED] = [*path, int(time.time())]
        context.user_data.pop(DECLINED_AT, None)
    # A change: before, she read only 登记为 …的住户吗？, not that her home then changes
    # (one household for each account), so the owner of a second flat took it for an
    # addition.
    change = "\n" + t(context, MOVES, old=label(repo, home), household=label(repo, h.id)) \
        if home else ""
    lead += await refused_line(context, person, h.id)  # refused her before: why, first
    await show(update, lead + t(context, "Register as a resident of {household}? A volunteer of "
                                          "{area} will confirm it.",
                          household=label(repo, h.id), area=area.name) + change +
                ("\n\n" + t(context, NOTICE) if notice else ""), keyboard)


AGREED_ALREADY = lazy("You have agreed already (your \"I agree\" is recorded): this press "
                      "changed nothing. To withdraw your agreement, press \"🚫 Stop publishing "
                      "what I sent\" under Help, or send /unpublish.")
KEPT = lazy("Nothing changed: your household is still {household}.")
MOVES = lazy("Your household now is {old}. Once a volunteer confirms, it becomes {household} "
             "instead: an account has one household, so {old} is then no longer your "
             "household here.")


async def show_next(update: Update, context: ContextTypes.DEFAULT_TYPE, path: list[int],
                     page: int = 0) -> None:
    """The picker's step (its page ``page``) after the compound, building, unit or room
    at the end of ``path``."""
    found = locate(context, path)
    if found is None:
        return
    comp, b, u, h = found
    if h is not None:
        await ask_confirm(update, context, path, h)
    elif u is not None and b is not None:
        await show_rooms(update, context, path[0], path[1], path[2], comp, b, u, page)
    elif b is not None:
        await show_units(update, context, path[0], path[1], comp, b, page)
    else:
        await show_buildings(update, context, path[0], comp, page)


async def _agree(update: Update, context: ContextTypes.DEFAULT_TYPE,
                 person: dict[str, Any]) -> None:
    """Records the consent of someone registered before the notice (asked by a flow)."""
    try:
        await call(repo_of(context).consent, person["id"], CONSENT_VERSION, lang_of(context))
    except DomainError as exc:
        await show(update, error_text(context, exc), None)
        return
    earlier, markup = await earlier_texts(context, person["id"])
    await show(update, t(context, "Thank you, your agreement is recorded. Please press the "
                                   "menu button again to go on.") + earlier, markup)


async def _register(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    person: dict[str, Any], h: Household, published: bool = True) -> None:
    repo = repo_of(context)
    if person.get("household") == h.id and resident_area(person):
        await show(update, t(context, "{household} is already your household.",
                              household=label(repo, h.id)), None)
        return
    pending = await pending_registration(context, person["id"])
    if pending is not None:
        if pending.data.get("household") == h.id:
            text = t(context, "Your registration #{id} for {household} is waiting for a "
                              "volunteer to confirm it. I will tell you when it is done.",
                     id=pending.id, household=label(repo, h.id))
        else:
            text = t(context, "You already asked to register for {household} (#{id}). "
                              "A volunteer will confirm or reject that first; then you can "
                              "choose again.", id=pending.id,
                     household=label(repo, pending.data["household"]))
        await show(update, text, redo_markup(context, pending.id))
        return
    user = update.effective_user
    assert user is not None
    if not allow_submission(context, user.id):
        await show(update, rate_limited(context, user.id), None)
        return
    agreed_now = published and not has_consent(person)
    try:
        entry = await call(repo.register, person["id"], h.id,
                           consent=CONSENT_VERSION if published else None,
                           language=lang_of(context), unpublished=not published,
                           name=user.full_name or "")
    except DomainError as exc:
        await show(update, refused_wait_text(context, exc) or error_text(context, exc), None)
        return
    (context.user_data or {}).pop(ASKED, None)
    (context.user_data or {}).pop(DECLINED_AT, None)  # its 不同意: answered too
    await show(update, registered_text(context, entry), redo_markup(context, entry.id))
    earlier, markup = await earlier_texts(context, person["id"]) if agreed_now else ("", None)
    if earlier:  # she withdrew her agreement before, and agrees again with this one
        await reply(update, earlier.strip(), reply_markup=markup)
    await tell_claimed(context, entry)
    await queue_pending(context, entry)


async def tell_claimed(context: ContextTypes.DEFAULT_TYPE, entry: Any) -> int:
    """Tell the residents of the household registration ``entry`` claims that someone
    asked to live there, each once (``db.reminders`` key ``claimed:<id>``, recorded as
    each went: a telling a stop cut short is finished at the next start,
    ``bot.handlers.submit_saved.finish_registration``); how many were reached now."""
    repo = repo_of(context)
    household = str(entry.data["household"])
    people = await read(repo.residents_of, household, exclude=entry.author)
    return await notify_once(context, people, f"claimed:{entry.id}", CLAIMED,
                             household=label(repo, household))


COMMANDS = [
    Command("start", "Start: register your household", start, order=1),
]

HANDLERS = [CallbackQueryHandler(on_button, pattern=f"^{PREFIX}:")]
