"""/mode (admins): record that an area is now managed another way, with a
public reason and, where one decided it, the vote or election
(``/mode chengjian committee #12 业主选举产生物管会``). /mode alone lists each
area's mode and history. A summary asks to confirm; the area's page then
shows the change in its history (``db.modes``).

The confirmation is a flow as ``bot.flows`` says: its buttons are
``mode:ok:1`` / ``mode:ok:0``, checked against the draft.

**After an election.** Once /seat has given the elected their role in an area not
recorded as managed by its committee, the admin is asked whether it now is
(``seated_prompt``), with a button (``mode:from:<election>``) that opens the same
summary, the election cited, a reason and the committee's name filled in; nothing
changes until she records it there. Before, the area's page kept reading 社区托管
under a committee just seated, unless she remembered /mode and its words.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler

from db.elections import is_election
from db.entries import Entry, Status
from db.errors import DomainError
from db.modes import MAX_STEWARD
from db.places import Mode

from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, entry_or_none, person_of, read, reply, repo_of, t
from ..flows import (
    END,
    SEAL,
    TEXT_INPUT,
    Answered,
    answer,
    button_args,
    buttons,
    clean_text,
    confirmed,
    current_draft,
    gone,
    keyboard,
    new_draft,
    refuse,
    sealed,
    stale_buttons,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..menu import menu_of
from ..notify import notify_volunteers_once
from ..staff import area_name, entry_id_of, explain, require_admin, words
from ..step_buttons import remember, shown

__all__ = ["COMMANDS", "HANDLERS", "MODE_WORDS", "finish_saved", "seated_prompt"]

FLOW = "mode"
PREFIX = "mode"
M_CONFIRM, M_STEWARD = states(FLOW, "confirm", "steward")
MODE_WORDS = {
    "party_branch": Mode.PARTY_BRANCH, "党支部": Mode.PARTY_BRANCH,
    "小区党支部": Mode.PARTY_BRANCH, "committee": Mode.COMMITTEE, "物管会": Mode.COMMITTEE,
    "业委会": Mode.COMMITTEE, "trusteeship": Mode.TRUSTEESHIP, "托管": Mode.TRUSTEESHIP,
    "社区托管": Mode.TRUSTEESHIP, "property_company": Mode.PROPERTY_COMPANY,
    "物业公司": Mode.PROPERTY_COMPANY, "unmanaged": Mode.UNMANAGED, "失管": Mode.UNMANAGED}
USAGE = lazy("Usage: /mode <area> <mode> [#vote] reason, e.g. /mode chengjian committee #12 "
             "业主选举产生物管会. Modes: party_branch (小区党支部), committee (物管会), "
             "trusteeship (社区托管), property_company (物业公司), unmanaged (失管).")
ERRORS = {
    "same_mode": lazy("The area is already managed that way."),
    "bad_decision": lazy("#{id} is not a passed vote or election of this area."),
    "bad_date": lazy("The date must not be after today nor before the last change."),
    "too_long": lazy("That is too long: at most {max} characters."),
}


async def mode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Lists each area's mode, or asks to confirm a change of one."""
    person = await require_admin(update, context)
    if person is None:
        return END
    repo = repo_of(context)
    args = words(update, maxsplit=3)
    if len(args) < 3:
        lines = [t(context, USAGE)]
        for a in await read(lambda: list(repo.street.areas)):
            history = await read(repo.mode_history, a.id)
            steps = " → ".join(f"{Mode(h['mode']).label_zh}（{h['since'] or '—'}）"
                               for h in history)
            lines.append(f"{a.id} {a.name}：{steps}")
        await reply(update, "\n".join(lines))
        return END
    area, word, rest = args[0], args[1], args[2:]
    to = MODE_WORDS.get(word.lower())
    decided = entry_id_of(rest[0]) if rest and rest[0].startswith(("#", "＃")) else None
    reason = clean_text(" ".join(rest[1:] if decided is not None else rest))[:500]
    if to is None or not reason:
        await reply(update, t(context, USAGE))
        return END
    try:
        await read(lambda: repo.street.area(area))
    except KeyError:
        await reply(update, t(context, "There is no area {area}.", area=area))
        return END
    now = (await read(repo.mode_history, area))[-1]
    if now["mode"] == str(to):
        await reply(update, t(context, ERRORS["same_mode"]))
        return END
    d = new_draft(context, FLOW, area=area, mode=str(to), reason=reason, decided=decided)
    return await _summary(update, context, d)


SEATED_MODE = lazy("{area} is still recorded as managed by {mode}. If its committee elected "
                   "in #{id} manages it from now on, press below to check the change and "
                   "record it (nothing changes until you do); or send /mode {area_id} "
                   "committee #{id} and the reason.")


async def seated_prompt(context: ContextTypes.DEFAULT_TYPE, election: Entry
                        ) -> tuple[str, InlineKeyboardMarkup] | None:
    """What /seat adds once the elected of ``election`` hold their role: when its area is
    not recorded as managed by its committee, the question and its button
    (``mode:from:<id>``); None when it is (a new committee of a committee, 换届)."""
    now = (await read(repo_of(context).mode_history, election.area))[-1]
    if now["mode"] == str(Mode.COMMITTEE):
        return None
    text = t(context, SEATED_MODE, area=await area_name(context, election.area),
             mode=Mode(now["mode"]).label_zh, id=election.id, area_id=election.area)
    return text, keyboard([(t(context, "Record: its committee manages it"),
                            f"{PREFIX}:from:{election.id}")], 1)


async def mode_from_election(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Shows the change to the committee (``seated_prompt``'s button) to record or cancel.

    The election is cited, its reason and the committee's name filled in."""
    await answer(update)
    person = await require_admin(update, context)
    if person is None:
        return END
    args = button_args(update, PREFIX, "from", 1)
    election = await entry_or_none(context, int(args[0])) \
        if args and args[0].isdigit() and len(args[0]) < 10 else None
    if election is None or not is_election(election.data) or \
            election.status != Status.PASSED or election.area is None:
        return await refuse(update, context)
    history = await read(repo_of(context).mode_history, election.area)
    if history[-1]["mode"] == str(Mode.COMMITTEE):  # recorded since: by this button or /mode
        await reply(update, t(context, "{area} is recorded as managed by {mode} already.",
                              area=await area_name(context, election.area),
                              mode=Mode.COMMITTEE.label_zh))
        return END
    area = await read(lambda: repo_of(context).street.area(election.area))
    body = f"{area.name}物管会"
    d = new_draft(context, FLOW, area=area.id, mode=str(Mode.COMMITTEE), decided=election.id,
                  reason=f"业主选举产生物管会（选举 #{election.id}），当选委员已就任")
    if body != area.steward and len(body) <= MAX_STEWARD:
        d["steward"] = body
    return await _summary(update, context, d)


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> object:
    """Shows the change of draft ``d`` with sealed buttons to record or cancel it."""
    repo = repo_of(context)
    area = await read(lambda: repo.street.area(d["area"]))
    now = (await read(repo.mode_history, d["area"]))[-1]
    cited = t(context, "Decided by: #{id}", id=d["decided"]) if d["decided"] else \
        t(context, "No vote cited.")
    body = t(context, "Managed by: {old} → {new}", old=area.steward, new=d["steward"]) \
        if d.get("steward") else t(context, "Managed by: {old} (unchanged)", old=area.steward)
    await reply(update, t(context, "Record for {name}: {old} → {new} from today.\nReason: "
                                   "{reason}\n{cited}\nThe area's page shows this in its "
                                   "history.", name=area.name, old=Mode(now["mode"]).label_zh,
                          new=Mode(d["mode"]).label_zh, reason=d["reason"], cited=cited)
                + "\n" + body,
                reply_markup=remember(d, M_CONFIRM, sealed(keyboard(
                    [(t(context, "Record the change"), f"{PREFIX}:ok:1"),
                     (t(context, "✏️ Change who manages it"), f"{PREFIX}:body"),
                     (t(context, "Cancel"), f"{PREFIX}:ok:0")], 1), d, f"{PREFIX}:ok")))
    return M_CONFIRM  # its buttons noted: again after a sticker (bot.step_buttons)


async def mode_body(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks for the name of the body that manages the area from now on."""
    await answer(update)
    if current_draft(context, FLOW) is None:
        return await gone(update, context)
    await reply(update, t(context, "Type the name of the body that manages the area from now "
                                   "on, as the site should show it (at most {max} characters), "
                                   "e.g. 城建小区物管会.", max=MAX_STEWARD))
    return M_STEWARD


async def mode_body_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the new managing body and shows the summary again."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    body = clean_text(typed(update))
    if not body or len(body) > MAX_STEWARD:
        await reply(update, t(context, "Please type a name of at most {max} characters.",
                              max=MAX_STEWARD))
        return None
    d["steward"] = body
    return await _summary(update, context, d)


async def mode_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the change of mode (or cancels it)."""
    d = await confirmed(update, context, FLOW, PREFIX, lambda d: _summary(update, context, d))
    if isinstance(d, Answered):
        return d.state
    person = await require_admin(update, context)
    if person is None:
        return END
    try:
        event = await call(repo_of(context).change_mode, person["id"], d["area"], d["mode"],
                           reason=d["reason"], decided_by=d["decided"],
                           steward=d.get("steward"))
    except DomainError as exc:
        await reply(update, explain(context, exc, ERRORS))
        return END
    await drop_buttons(update)  # recorded: 记录这一变化/取消 are not there to press again
    await _recorded(update, context, event)
    return END


async def _recorded(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    event: dict[str, Any], **markup: Any) -> None:
    """Tells the admin the change of mode ``event`` is recorded, and the area's
    volunteers, once (``mode:<area>:<n>``; also after a stop): those who run the area
    heard nothing of who manages it now."""
    name = await area_name(context, event["area"])
    await reply(update, t(context, "Recorded: {area} is managed as {mode} from {since}.",
                          area=name, mode=Mode(event["mode"]).label_zh,
                          since=event["since"]), **markup)
    admin = await person_of(update, context)
    await notify_volunteers_once(context, event["area"], f"mode:{event['area']}:{event['n']}",
                                 TO_VOLUNTEERS, exclude=admin["id"] if admin else None,
                                 area=name, mode=Mode(event["mode"]).label_zh,
                                 since=event["since"], steward=event.get("steward") or "—",
                                 reason=event.get("reason") or "")


TO_VOLUNTEERS = lazy("{area} is managed as {mode} from {since}, by {steward} (recorded by the "
                     "admin). Reason: {reason}. The area's page lists it under its changes of "
                     "mode.")


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 记录变更 (``mode:ok:1``) whose change was stored just before the bot stopped:
    the admin is told what the press would have said (before, she read "already saved …
    start again from the menu", unsure the area's mode had changed); whether it was such
    a press (the area's newest change is the draft's: its mode, vote and reason)."""
    query = update.callback_query
    d = current_draft(context, FLOW)  # as it was before the press: not saved since
    if query is None or (query.data or "").split(SEAL, 1)[0] != f"{PREFIX}:ok:1" or \
            not d or "area" not in d:
        return False
    try:
        event = (await read(repo_of(context).mode_history, d["area"]))[-1]
    except (DomainError, KeyError):
        return False
    reason = str(event.get("reason") or "")
    if event.get("mode") != d.get("mode") or event.get("decided_by") != d.get("decided") or \
            not reason or not str(d.get("reason") or "").strip().startswith(reason):
        return False
    await drop_buttons(update)  # stored: the summary's buttons go, as at the press
    await _recorded(update, context, event, reply_markup=await menu_of(update, context))
    return True


STATES: dict[object, list[Any]] = {
    M_CONFIRM: [*buttons(PREFIX, {"ok": mode_confirm, "body": mode_body}),
                *unexpected(lazy("Please choose with the buttons above."),
                            markup=shown(FLOW, M_CONFIRM))],
    M_STEWARD: [MessageHandler(TEXT_INPUT, mode_body_typed),
                *unexpected(lazy("Please type the name of the body that manages the area."))],
}

COMMANDS = [
    Command("mode", "Record a change of an area's mode: /mode <area> <mode> [#vote] reason",
            mode, audience=Audience.ADMIN, order=83,
            extra={"title": lazy("Change of mode (/mode)")},
            flow=Flow(FLOW, STATES, entry_points=[
                CallbackQueryHandler(mode_from_election, pattern=rf"^{PREFIX}:from:")])),
]

HANDLERS = [stale_buttons(PREFIX)]
