"""A flat that changes hands (sold, or its residents moved out): its former residents
stop speaking for it (``db.moving``).

* **The volunteer's third button.** Under a registration for a flat that already has
  confirmed residents (``bot.describe``: ✅ 确认同住 / ❌ 驳回), ✅ 确认（原住户已搬走）,
  ``q:m:<id>``, confirms the newcomer and ends the former residents' tie to the flat in
  one write. The data is parsed strictly and the repository checks the presser's role in
  the entry's area, so a forged button changes nothing; pressed again, or after another
  volunteer decided, it says who decided (``queue``). The former residents are told
  (``bot.moved_words``, from ``verdict``: also after a restart, ``queue_saved``).
* **The resident's own 我搬走了** (/movedout, a button under 帮助's more actions): asked
  to confirm (``mv:ok`` / ``mv:cancel``, ``bot.asked``: a Yes after her no does nothing),
  checked again against her when pressed; her tie ends, the area's volunteers are told
  (after a restart between the write and its messages: ``finish_saved``).
* **A volunteer's /movedout FLAT** (``bot.handlers.moved_out_for``): a resident of her
  area who moved away, or died, with no newcomer registering; /movedout alone picks the
  flat on buttons (``bot.handlers.moved_out_pick``).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.errors import DomainError
from db.people import is_admin, resident_area, volunteer_areas

from ..asked import asked, confirmed
from ..commands import Command
from ..context import call, error_text, person_of, read, reply, repo_of, t
from ..flows import answer, refuse
from ..i18n import lazy
from ..keyboards import button
from ..menu import menu_of, private_menu
from ..moved_posts import pressed_elsewhere
from ..moved_words import WHAT_STAYS
from ..notify import QUEUE_PREFIX, notify_volunteers_once
from ..private_only import PRIVATE_BUTTON, in_private, is_private
from ..staff import require_staff, words
from . import moved_out_for, moved_out_pick
from .queue import approve_entry
from .reject_reason import left_for_another

__all__ = ["COMMANDS", "HANDLERS", "MOVE", "BUTTON", "finish_saved"]

BUTTON = re.compile(rf"^{QUEUE_PREFIX}:m:([0-9]{{1,9}})$")
MOVE = "mv"  # the resident's question's buttons: mv:ok, mv:cancel (bot.asked)

CONFIRMED = lazy("#{id} confirmed as the flat's new resident. Its {n} former resident(s) are "
                 "no longer registered there and were told; what they sent stays theirs.")
CONFIRMED_ALONE = lazy("#{id} confirmed as the flat's new resident. Nobody else was registered "
                       "there any more (they had said they moved out).")
NO_HOME = lazy("You have no confirmed household now, so there is nothing to move out of. To "
               "register your home, send /start.")
ASK = lazy("You say you no longer live at {household} (the flat was sold, or you moved out). "
           "You will no longer be registered as its resident.\n{stays}\nThe volunteers of "
           "your compound are told. Move out?")
YES = lazy("Yes, I moved out")
DONE = lazy("Done. You are no longer registered as a resident of {household}.\n{stays}")
TO_VOLUNTEERS = lazy("🚚 {name} said they moved out of {household}: they are no longer "
                     "registered as its resident. A vote they cast for the flat that is still "
                     "open counts until someone living there votes again. If the flat has a new "
                     "resident, they can register with /start.")


async def moved_out_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirms a registration as the flat's former residents having moved out (if the
    presser may: a volunteer of its area, checked by the repository)."""
    await answer(update)
    query = update.callback_query
    match = BUTTON.match(query.data or "") if query else None
    if match is None:
        await refuse(update, context)
        return
    entry_id = int(match.group(1))
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, entry_id):
        return
    await left_for_another(update, context, entry_id)
    entry = await approve_entry(update, context, person, entry_id, moved_out=True)
    if entry is not None:  # 待审核's count made right again
        n = len(entry.data.get("moved_out") or [])  # none: they had moved out themselves
        await reply(update, t(context, CONFIRMED, id=entry.id, n=n) if n else
                    t(context, CONFIRMED_ALONE, id=entry.id),
                    **await private_menu(update, context))


async def moved_out(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/movedout: says what moving out ends and what stays, and asks to confirm."""
    if not await in_private(update, context, "movedout"):
        return
    person = await person_of(update, context)
    staff = bool(volunteer_areas(person) or is_admin(person))
    typed = " ".join(words(update)).strip()
    if staff and typed:  # /movedout 1/1/101: a volunteer, for a resident of her area
        await moved_out_for.start(update, context, person, typed)
        return
    if not person.get("household") or resident_area(person) is None:
        if staff:  # the flat picked on buttons (before: only how to type it, 1/1/101)
            await moved_out_pick.show_picker(update, context, person)
            return
        await reply(update, t(context, NO_HOME), reply_markup=await menu_of(update, context))
        return
    label = repo_of(context).street.household_label(person["household"])
    # a volunteer living in her area: her own flat, or another resident's, picked
    others = [[button(*moved_out_pick.pick_markup(context))]] if staff else []
    await reply(update, t(context, ASK, household=label, stays=t(context, WHAT_STAYS)),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, YES), f"{MOVE}:ok")], *others,
                    [button(t(context, "Cancel"), f"{MOVE}:cancel")]]))
    asked(context, MOVE)


async def _tell_done(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any], left: str, area: str | None, at: str) -> None:
    """She is told it is done; the area's volunteers, each once for her move out at
    ``at`` (recorded just before it leaves: her press handled again after a kill, or
    finished at the next start, ``finish_saved``, sends none twice)."""
    label = repo_of(context).street.household_label(left)
    await reply(update, t(context, DONE, household=label, stays=t(context, WHAT_STAYS)),
                reply_markup=await menu_of(update, context))
    if area is not None:
        await notify_volunteers_once(context, area,
                                     f"{moved_out_for.told_key(person['id'], at)}:v",
                                     TO_VOLUNTEERS, exclude=person["id"],
                                     name=person.get("name") or f"#{person['id']}",
                                     household=label)


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her ``mv:ok`` saved just before the bot stopped, its messages not sent: she and
    the area's volunteers are told now; whether it was such a press."""
    query = update.callback_query
    if query is None or (query.data or "") != f"{MOVE}:ok":
        return False
    person = await person_of(update, context)
    line = await read(repo_of(context).last_moved_out, person["id"])
    if line is None or line.get("by") != person["id"]:
        return False
    left = str(line.get("from") or "").partition(":")[2]
    area = repo_of(context).street.locate(left)[0].id
    await _tell_done(update, context, person, left, area, str(line.get("at") or ""))
    return True


async def on_moved_out(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Her tie to her flat ends (``mv:ok``) or stays (``mv:cancel``); checked again now."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    if not await confirmed(update, context, MOVE):
        return
    person = await person_of(update, context)
    area = resident_area(person)
    try:
        left = await call(repo_of(context).move_out, person["id"])
    except DomainError as exc:
        text = t(context, NO_HOME) if exc.code == "not_confirmed" else error_text(context, exc)
        await reply(update, text, reply_markup=await menu_of(update, context))
        return
    await _tell_done(update, context, person, left, area, left.at)


COMMANDS = [
    Command("movedout", "I moved out: I no longer live in my registered home", moved_out,
            order=69, extra={"staff_help": lazy(
                "A resident of your area no longer lives in her flat (moved away, the flat "
                "sold, passed away) and nobody new registers: /movedout, then pick the flat "
                "(or type it: /movedout 1/1/101)"), "staff_order": 25}),
]

HANDLERS = [
    CallbackQueryHandler(moved_out_button, pattern=f"^{QUEUE_PREFIX}:m:"),
    CallbackQueryHandler(on_moved_out, pattern=f"^{MOVE}:"),
    *moved_out_for.HANDLERS,
    *moved_out_pick.HANDLERS,
]
