"""/withdraw: a volunteer of the area withdraws an open proposal, with a
public reason (a mistake in it, a plan that changed). It is then not decided
at all: the votes cast on it are kept but not counted, the site shows it as
已撤回 with the reason, and the area's residents are told.

/withdraw alone shows a button per open proposal of the volunteer's areas;
/withdraw N asks for the reason; /withdraw N reason goes straight to the
confirmation. The flow is written as ``bot.flows`` says; its buttons are
``wd:<step>:<value>``.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db.closing import MAX_REASON
from db.entries import Entry, Kind, Status
from db.errors import DomainError, PermissionDenied

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, person_of, read, reply, repo_of, t
from ..conversation import entered_at_start
from ..flows import (
    END,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    draft,
    drop_draft,
    gone,
    keyboard,
    matches,
    new_draft,
    refuse,
    sealed,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import parse_ints
from ..notify import notify_residents_once, notify_volunteers_once, told_of
from ..staff import entry_id_of, require_staff, staff_areas, words
from ..step_buttons import remember, shown
from .called_confirm import as_pressed, called_lines, choice, choices, sent_by
from .close_requests import settle_request
from .closevote import open_proposals, saved_press, vote_error
from .closevote_back import reason_back

__all__ = ["COMMANDS", "HANDLERS", "finish_saved", "withdrawn_key"]

FLOW = "withdraw"
PREFIX = "wd"
PICK, REASON, CONFIRM = states(FLOW, "pick", "reason", "confirm")
# ⬅️ 上一步 (wd:back:<step>, or 上一步 typed): the confirmation to the reason (kept, with
# 不改，继续), the reason to the list when picked from it; the first step leaves
BACK = reason_back(FLOW, PREFIX, PICK, REASON, CONFIRM)
REASON_PROMPT = lazy("Please send the reason for withdrawing the proposal, as text (it will "
                     "be published).")
CHOOSE = lazy("Please choose with the buttons above.")


async def withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts withdrawing a proposal; asks which one, or why."""
    person = await require_staff(update, context)
    if person is None:
        return END
    args = words(update, maxsplit=1)
    d = new_draft(context, FLOW)
    if not args:
        return await _ask_pick(update, context, d, person)
    proposal_id = entry_id_of(args[0])
    if proposal_id is None:
        await reply(update, t(context, "Usage: /withdraw N [reason], e.g. /withdraw 7 预算有误，"
                                       "重新发起"))
        return END
    entered_at_start(context, FLOW)  # /withdraw 7 (理由): kept if a menu button leaves it
    return await _chosen(update, context, proposal_id,
                         clean_text(args[1]) if len(args) > 1 else "")


async def _ask_pick(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    person: dict[str, Any] | None = None) -> object:
    """The open proposals of the person's areas, a button each (the first step)."""
    person = person or await require_staff(update, context)
    found = await open_proposals(context, person) if person is not None else []
    if not found:
        await reply(update, t(context, "No vote is open in your areas."))
        return END
    d["ids"] = [p.id for p in found]
    return await BACK.say(update, context, PICK, t(context, "Which proposal do you withdraw?"),
                          keyboard([(f"#{p.id} {p.data.get('title', '')}"[:60],
                                     f"{PREFIX}:p:{p.id}") for p in found], 1))


async def withdraw_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen proposal and asks why it is withdrawn."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = parse_ints(button_args(update, PREFIX, "p", 1))
    if not args or args[0] not in d.get("ids", []):
        return await refuse(update, context)
    return await _chosen(update, context, args[0], "")


async def _chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                  reason: str) -> object:
    try:
        proposal = await read(repo_of(context).entry, proposal_id)
        if proposal.area not in await staff_areas(context, await person_of(update, context)):
            raise PermissionDenied("not your area", code="volunteer_only", area=proposal.area)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError("not a proposal", code="not_proposal")
        if proposal.status != Status.OPEN:
            raise DomainError("closed", code="vote_closed")
    except DomainError as exc:
        drop_draft(context, FLOW)
        await reply(update, vote_error(context, exc))
        return END
    was = current_draft(context, FLOW) or {}  # back at the list: its proposals, the reason
    d = new_draft(context, FLOW, id=proposal.id, area=proposal.area,  # area: bot.kept's
                  **{k: was[k] for k in ("ids", "reason") if was.get(k)})
    if reason:
        d["reason"] = reason[:MAX_REASON]
        return await _confirm(update, context, proposal, d["reason"])
    return await _ask_reason(update, context, proposal)


async def _ask_reason(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      proposal: Entry) -> object:
    return await BACK.say(update, context, REASON, t(
        context, "Withdraw #{id} {title}? Send the reason (it will be published). To keep it "
                 "open, press Cancel (or type 取消).", id=proposal.id,
        title=proposal.data.get("title", "")), cancel=True)


async def withdraw_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason and asks to confirm the withdrawal."""
    d = current_draft(context, FLOW)
    if d is None or "id" not in d:
        return await gone(update, context)
    text = clean_text(typed(update))[:MAX_REASON]
    if not text:
        await reply(update, t(context, REASON_PROMPT), reply_markup=_reason_buttons(context))
        return None
    d["reason"] = text
    return await _confirm(update, context, await read(repo_of(context).entry, d["id"]), text)


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   reason: str) -> object:
    back = BACK.noted(current_draft(context, FLOW), CONFIRM)  # before the seal
    await reply(update, t(context, "Withdraw #{id} {title}?\nReason (public): {reason}\nIt will "
                                   "not be decided; the votes cast on it are kept but not "
                                   "counted.", id=proposal.id,
                          title=proposal.data.get("title", ""), reason=reason)
                + called_lines(context, [reason]),  # to every resident, for good: 门卫老杨
                reply_markup=remember(draft(context, FLOW), CONFIRM, BACK.with_back(
                    context, back, sealed(keyboard(
                        choices(context, PREFIX, [reason], t(context, "Withdraw it")), 1),
                        draft(context, FLOW), f"{PREFIX}:ok"))))  # again after a sticker
    return CONFIRM


async def withdraw_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Withdraws the proposal (or cancels) and tells the area's residents why."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or "reason" not in d:
        return await gone(update, context)
    pressed = choice(update, PREFIX, [d["reason"]])
    if pressed is None:
        return await refuse(update, context)
    if pressed != "0" and not matches(update, d):
        proposal = await read(repo_of(context).entry, d["id"])
        return await changed(update, context,
                             lambda: _confirm(update, context, proposal, d["reason"]))
    drop_draft(context, FLOW)
    if pressed == "0":
        await drop_buttons(update)  # answered: the summary's buttons are done
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return END
    person = await require_staff(update, context)
    if person is None:
        return END
    try:
        proposal = await call(repo_of(context).withdraw_proposal, d["id"], person["id"],
                              *as_pressed(update, PREFIX, [d["reason"]]))  # 隐去: masked
    except DomainError as exc:
        await reply(update, vote_error(context, exc))
        return END
    await drop_buttons(update)  # withdrawn: its buttons are not there to press again
    await _tell(update, context, person, proposal)
    return END


def withdrawn_key(proposal_id: int) -> str:
    """Who was told that proposal ``proposal_id`` was withdrawn (``db.reminders``): its
    residents; its volunteers under ``withdrawn_key(id) + ":v"``."""
    return f"withdrawn:{proposal_id}"


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                proposal: Entry) -> None:
    """Tell the area's residents and other volunteers that ``proposal`` was withdrawn,
    each once (a telling a stop cut short goes on from where it stopped:
    ``finish_saved``), and the volunteer how many residents were told."""
    await settle_request(context, proposal)  # a request to close it early: void now
    params: dict[str, Any] = {"id": proposal.id, "title": proposal.data.get("title", ""),
                              "role": proposal.data["withdrawn"]["role"],
                              "reason": proposal.data["withdrawn"]["reason"]}
    key = withdrawn_key(proposal.id)
    await notify_residents_once(context, proposal.area, key, WITHDRAWN, **params)
    await notify_volunteers_once(context, proposal.area, key + ":v", WITHDRAWN,  # as residents:
                                 exclude=person["id"], residents=False, **params)  # not twice
    await reply(update, t(context, "Proposal #{id} is withdrawn; {n} residents were told.",
                          id=proposal.id, n=await told_of(context, key)))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A withdrawal saved just before the bot stopped (``bot.state``), its residents
    and volunteers not all told: told now, those not told before, and the volunteer
    as the press would have; whether it was such a press."""
    pressed = sent_by(update, PREFIX)  # 撤回, or 照发 / 隐去 under a named reason
    saved = await saved_press(update, context, FLOW, f"{PREFIX}:ok:{pressed}") if pressed \
        else None
    if saved is None:
        return False
    _d, proposal, person = saved
    withdrawn: dict[str, Any] = next((h for h in reversed(proposal.history)
                                      if h.get("to") == str(Status.WITHDRAWN)), {})
    if proposal.status != Status.WITHDRAWN or withdrawn.get("by") != person["id"]:
        return False
    await _tell(update, context, person, proposal)
    return True


WITHDRAWN = lazy("Proposal #{id} {title} was withdrawn by {role}. Reason: {reason}\nIt will "
                 "not be decided; the votes cast on it are not counted.")

async def _reason_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any]) -> object:
    return await _ask_reason(update, context, await read(repo_of(context).entry, d["id"]))


async def _confirm_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         d: dict[str, Any]) -> object:
    return await _confirm(update, context, await read(repo_of(context).entry, d["id"]),
                          d["reason"])


def _reason_buttons(context: ContextTypes.DEFAULT_TYPE) -> Any:
    """The reason's ⬅️ 上一步 (picked from the list) and 取消, asked again too."""
    return BACK.buttons_of(context, REASON, cancel=True)


B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续
BACK.asks.update({PICK: lambda u, c, d: _ask_pick(u, c, d), REASON: _reason_again,
                  CONFIRM: _confirm_again})
STATES: dict[object, list[Any]] = {
    PICK: [*B(PICK), *buttons(PREFIX, {"p": withdraw_pick}),
           *unexpected(CHOOSE, markup=shown(FLOW, PICK))],
    REASON: [*B(REASON), MessageHandler(TEXT_INPUT, K(REASON, withdraw_reason)),
             *buttons(PREFIX, {"cancel": BACK.on_cancel}),
             *unexpected(REASON_PROMPT, markup=_reason_buttons)],
    CONFIRM: [*B(CONFIRM), *buttons(PREFIX, {"ok": withdraw_confirm}),
              *unexpected(CHOOSE, markup=shown(FLOW, CONFIRM))],
}

COMMANDS = [
    Command("withdraw", "Withdraw an open proposal with a public reason: /withdraw N [reason]",
            withdraw, audience=Audience.VOLUNTEER, order=54,
            extra={"title": lazy("Withdrawing a proposal (/withdraw)")},
            flow=Flow(FLOW, STATES, resume=BACK.resume())),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
