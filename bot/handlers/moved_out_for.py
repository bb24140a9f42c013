"""A volunteer ends a resident's tie to her flat with no newcomer registering
(``db.moving.Moving.move_out_for``): the flat is empty after a sale, an elderly resident
without a phone moved to her daughter's, or she died. Her tie kept her household counted
and her name on the volunteers' lists.

``/movedout 1/1/101`` (the flat typed as /paper and /income read it, ``bot.rooms_typed``, or
a resident's number, ``/movedout #12``;
only in a private chat: it names people) lists the flat's confirmed residents as buttons
(``mvv:p:<person>``); a name pressed asks why, four buttons (``mvv:r:<person>:<reason>``:
搬走了 / 房子卖了 / 去世 / 其他), and the reason pressed is the one write. The flat listed is
kept in ``user_data`` (``KEY``): a press of an older list, or for someone no longer living
there, changes nothing; the repository checks the presser's role and the resident's flat
again. She is told kindly (not when she died: then nobody is messaged); the area's other
volunteers are told. After a restart between the write and its messages, the press handled
again finds the audit line it wrote (``finish_saved``) and tells them once.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.errors import DomainError
from db.moving import MoveReason
from db.people import resident_area

from ..context import call, error_text, read, reply, repo_of, t
from ..flows import answer, refuse
from ..i18n import lazy
from ..keyboards import button
from ..moved_words import WHAT_STAYS
from ..notify import Msg, notify_volunteers_once, send_once
from ..private_only import PRIVATE_BUTTON, is_private
from ..rooms_typed import example_household, households_typed, which_household
from ..staff import require_staff, staff_areas

__all__ = ["HANDLERS", "PREFIX", "start", "list_flat", "finish_saved", "told_key"]

PREFIX = "mvv"
KEY = "moved_out_for"  # user_data: the flat last listed ({"h": household})
PICK = re.compile(rf"^{PREFIX}:p:([0-9]{{1,12}})$")
NUMBER = re.compile(r"#\s*([0-9]{1,9})")
REASON = re.compile(rf"^{PREFIX}:r:([0-9]{{1,12}}):([a-z]{{1,8}})$")

REASONS = {
    MoveReason.MOVED: lazy("moved out"),
    MoveReason.SOLD: lazy("the flat was sold"),
    MoveReason.DIED: lazy("passed away"),
    MoveReason.OTHER: lazy("other reason"),
}

NOT_FOUND = lazy("I cannot find the flat \"{text}\" in your area(s). Type it as /movedout "
                 "{example}. Nothing was changed.")
NOBODY = lazy("Nobody is registered as a resident of {household} now: nothing to change.")
LIST = lazy("Registered residents of {household}:\n{names}\nWho no longer lives there? Press "
            "the name; you then choose why. Nothing is changed before that.")
WHY = lazy("Why does {name} no longer live at {household}? Pressing a reason records it: "
           "{name} will no longer be registered there (their household no longer counts "
           "them, nor do your lists). What they sent stays. They are told, unless they "
           "passed away.")
# what a vote makes of it (``db.votes``: a paper signature for a flat of an owner of
# several, emptied during the vote, is its buyer's only when it was sold)
SOLD_OR_LET = lazy("Sold? Press “the flat was sold”: a vote recorded for this flat from now "
                   "on is its new owner's. A tenant, or the owner's family, who moved away: "
                   "press “moved out”.")
STALE = lazy("{name} is not registered at {household} any more, or that list is old: nothing "
             "was changed. Send /movedout and the flat again to see who lives there.")
DONE = lazy("Done: {name} is no longer registered as a resident of {household} ({reason}). "
            "{told}")
OWN = lazy("That is you: if you moved out yourself, send /movedout alone and confirm. Nothing "
           "was changed.")
TOLD = lazy("They were told.")
NOT_TOLD = lazy("Nobody was messaged.")
UNREACHED = lazy("They could not be reached by the bot (no Telegram).")
# her message was on its way as the bot stopped (``finish_saved``): said so, not "told"
# (before: 已通知本人, of a message a kill may have lost)
MAYBE_TOLD = lazy("The message to them was sent just as I was restarting and may not have "
                  "arrived: please tell them yourself.")
STILL = lazy("Still registered there: press a name if they moved out too.")
TO_RESIDENT = lazy("A volunteer of your compound recorded that you no longer live at "
                   "{household} ({reason}), so you are no longer registered as its resident.\n"
                   "{stays}\nIf this is a mistake, please tell a volunteer, or register again "
                   "with /start.")
TO_VOLUNTEERS = lazy("🚚 {volunteer} recorded that {name} no longer lives at {household} "
                     "({reason}): they are no longer registered as its resident.")


def _name(person: dict[str, Any]) -> str:
    return str(person.get("name") or f"#{person['id']}")


def _names_markup(context: ContextTypes.DEFAULT_TYPE,
                  people: list[dict[str, Any]]) -> InlineKeyboardMarkup:
    rows = [[button(_name(p), f"{PREFIX}:p:{p['id']}")] for p in people]
    return InlineKeyboardMarkup([*rows, [button(t(context, "Cancel"), f"{PREFIX}:x")]])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                typed: str) -> None:
    """/movedout FLAT by a volunteer (in a private chat): the flat's residents as buttons."""
    repo = repo_of(context)
    assert context.user_data is not None
    context.user_data.pop(KEY, None)  # an older list's buttons no longer act
    areas = await staff_areas(context, person)
    number = NUMBER.fullmatch(typed)
    if number:  # /movedout #12: the person (her number in the admins' message, /mydata)
        who = await read(repo.person, int(number.group(1)))
        home = str(who.get("household") or "") if who else ""
        found = {resident_area(who): [home]} if home and resident_area(who) in areas else {}
    else:
        found = {a: await call(households_typed, repo, a, typed) for a in areas}
    homes = [h for hs in found.values() for h in hs]
    if len(homes) != 1:
        several = next((a for a, hs in found.items() if len(hs) > 1), None)
        text = await which_household(context, several, typed) if several else ""
        await reply(update, text or t(context, NOT_FOUND, text=typed[:40], example=await call(
            example_household, repo, areas)))
        return
    await list_flat(update, context, homes[0])


async def list_flat(update: Update, context: ContextTypes.DEFAULT_TYPE, household: str) -> None:
    """The confirmed residents of ``household`` (found by the volunteer: typed, or picked
    with ``moved_out_pick``) as buttons, kept as the flat last listed."""
    repo = repo_of(context)
    assert context.user_data is not None
    context.user_data.pop(KEY, None)  # an older list's buttons no longer act
    label = repo.street.household_label(household)
    people = await read(repo.residents_of, household)
    if not people:
        await reply(update, t(context, NOBODY, household=label))
        return
    context.user_data[KEY] = {"h": household}
    await reply(update, t(context, LIST, household=label,
                          names="\n".join(f"• {_name(p)}" for p in people)),
                reply_markup=_names_markup(context, people))


async def _checked(update: Update, context: ContextTypes.DEFAULT_TYPE
                   ) -> tuple[dict[str, Any], str] | None:
    """The presser (a volunteer) and the flat last listed, or None when refused."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return None
    await answer(update)
    volunteer = await require_staff(update, context)
    if volunteer is None:
        return None
    kept = (context.user_data or {}).get(KEY) or {}
    if not kept.get("h"):
        await refuse(update, context)
        return None
    return volunteer, str(kept["h"])


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A name (asks why), a reason (the write) or Cancel."""
    data = update.callback_query.data or "" if update.callback_query else ""
    if data == f"{PREFIX}:x":
        await answer(update)
        if context.user_data is not None:  # the list's buttons no longer act after it
            context.user_data.pop(KEY, None)
        await reply(update, t(context, "Nothing was changed."))
        return
    pick, why = PICK.match(data), REASON.match(data)
    if pick is None and (why is None or why.group(2) not in set(MoveReason)):
        await answer(update)
        await refuse(update, context)
        return
    checked = await _checked(update, context)
    if checked is None:
        return
    volunteer, household = checked
    repo = repo_of(context)
    label = repo.street.household_label(household)
    target = int((pick or why).group(1))  # type: ignore[union-attr]
    living = {p["id"]: p for p in await read(repo.residents_of, household)}
    if pick is not None:
        if target not in living:
            who = await read(repo.person, target)
            await reply(update, t(context, STALE, name=_name(who or {"id": target}),
                                  household=label))
            return
        await reply(update, t(context, WHY, name=_name(living[target]), household=label)
                    + "\n" + t(context, SOLD_OR_LET),
                    reply_markup=InlineKeyboardMarkup(
                        [[button(t(context, text), f"{PREFIX}:r:{target}:{code}")]
                         for code, text in REASONS.items()]
                        + [[button(t(context, "Cancel"), f"{PREFIX}:x")]]))
        return
    assert why is not None
    reason = MoveReason(why.group(2))
    who = await read(repo.person, target)
    try:
        left = await call(repo.move_out_for, volunteer["id"], target, household, reason)
    except DomainError as exc:
        text = (t(context, STALE, name=_name(who or {"id": target}), household=label)
                if exc.code in ("not_resident", "no_person") else t(context, OWN)
                if exc.code == "own_home" else error_text(context, exc))
        await reply(update, text)
        return
    assert who is not None
    await _tell(update, context, volunteer, who, household, reason, left.at)


def told_key(person_id: int, at: str) -> str:
    """The ``db.reminders`` key of the messages that ``person_id``'s tie to her flat
    ended at ``at`` (the audit line's stamp: ``db.moving.Left``): to her, and (``:v``) to
    the area's volunteers."""
    return f"moved:{person_id}:{at}"


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, volunteer: dict[str, Any],
                who: dict[str, Any], household: str, reason: MoveReason, at: str) -> None:
    """The volunteer, the resident (unless she died) and the area's other volunteers;
    the resident and each volunteer once for the move out at ``at`` (recorded just
    before it leaves, ``bot.notify.send_once``: the press handled again after a kill
    sends none twice)."""
    repo = repo_of(context)
    label = repo.street.household_label(household)
    area = repo.street.locate(household)[0].id
    key = told_key(who["id"], at)
    told = NOT_TOLD
    if reason != MoveReason.DIED:
        if who["id"] in await read(repo.reminded, key):
            # recorded as sent before a stop (the press handled again): it was on its way
            # at the kill, or went and its answer was lost; not sent again (at most once)
            told = MAYBE_TOLD
        else:
            sent = await send_once(context, who, key, TO_RESIDENT, household=label,
                                   reason=Msg(REASONS[reason]), stays=Msg(WHAT_STAYS))
            told = TOLD if sent else UNREACHED
    others = await read(repo.residents_of, household)
    await reply(update, "\n".join(filter(None, [
        t(context, DONE, name=_name(who), household=label, reason=t(context, REASONS[reason]),
          told=t(context, told)), t(context, STILL) if others else ""])),
        reply_markup=_names_markup(context, others) if others else None)
    await notify_volunteers_once(context, area, f"{key}:v", TO_VOLUNTEERS,
                                 exclude=volunteer["id"], volunteer=_name(volunteer),
                                 name=_name(who), household=label,
                                 reason=Msg(REASONS[reason]))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A reason pressed and saved just before the bot stopped, its messages not sent:
    told now, once; whether it was such a press."""
    query = update.callback_query
    why = REASON.match(query.data or "") if query else None
    if why is None or why.group(2) not in set(MoveReason):
        return False
    repo = repo_of(context)
    volunteer = await read(repo.person_by_telegram, update.effective_user.id) \
        if update.effective_user else None
    target = int(why.group(1))
    who = await read(repo.person, target)
    line = await read(repo.last_moved_out, target) if who else None
    if volunteer is None or who is None or line is None or line.get("by") != volunteer["id"] \
            or not str(line.get("note") or "").endswith(f": {why.group(2)}"):
        return False
    household = str(line.get("from") or "").partition(":")[2]
    await _tell(update, context, volunteer, who, household, MoveReason(why.group(2)),
                str(line.get("at") or ""))
    return True


HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:")]
