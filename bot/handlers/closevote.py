"""How a vote ends, in the bot: by itself at its deadline, or early with two
volunteers.

* **At the deadline.** Every ``CHECK_EVERY`` seconds a JobQueue job
  (``close_due``) closes the votes whose deadline day is over, and once at
  start-up (``catch_up``) it closes those whose deadline passed while the
  bot was down. Each result is announced to the area's residents and
  volunteers (``announce_result``); the site follows the change event. One
  closed at night (every deadline ends at midnight) goes to the volunteers at
  once and to the residents in the morning (``reminders.send_night_results``).
* **/closevote** (no number: a button per open vote of the volunteer's
  areas). A vote whose deadline has passed closes at once. One still open
  asks for a public reason (``/closevote N reason`` gives it at once) and a
  confirmation; the area's other volunteers are then asked, each with
  buttons ``ec:y:<proposal>:<request>`` / ``ec:n:<proposal>:<request>``, and
  the first who confirms closes it (the site says it closed early and why).
  The one who asked cannot confirm it. Once it is decided, every copy says who
  decided and what, without buttons (``bot.handlers.close_requests``). The one who
  asked may take it back with the button under "Asked" (``ec:n`` too).

The flow is written as ``bot.flows`` says; its buttons are ``cv:<step>:<value>``.

The results are told by ``bot.handlers.vote_results``, the second volunteer's word is
taken by ``bot.handlers.early_close``; their public names are importable from here too.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler

from db.closing import MAX_REASON
from db.entries import Entry, Kind, Status
from db.errors import DomainError, PermissionDenied
from db.tally import Tally
from db.votes import is_due

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, entry_or_none, person_of, read, reply, repo_of, t
from ..conversation import entered_at_start
from ..flows import (
    END,
    SEAL,
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
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import parse_ints
from ..private_only import is_private
from ..staff import TOO_LONG, entry_id_of, require_staff, staff_areas, words
from ..step_buttons import remember, shown

# the results (at the deadline, after a stop) and the second volunteer's word: kept
# importable from here, where the rest of the bot looks for them
from .closevote_back import BACK, CONFIRM, FLOW, PICK, PREFIX, REASON
from .early_close import (
    EARLY,
    finish_saved,
    on_early,
    open_proposals,
    post_requests_waiting,
    requests_waiting,
    send_request,
    vote_error,
)
from .vote_results import (
    CHECK_EVERY,
    announce_result,
    catch_up,
    close_due,
    result_key,
    result_text,
    resume_results,
    schedule,
    volunteers_key,
)

__all__ = ["COMMANDS", "HANDLERS", "announce_result", "close_due", "catch_up", "schedule",
           "finish_saved", "finish_request", "saved_press", "resume_results", "result_key",
           "volunteers_key",
           "open_proposals", "CHECK_EVERY", "vote_error", "requests_waiting",
           "post_requests_waiting"]



# -- /closevote ------------------------------------------------------------------------------


async def closevote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts closing a vote: closes a due one, or asks which one or why."""
    person = await require_staff(update, context)
    if person is None:
        return END
    args = words(update, maxsplit=1)
    d = new_draft(context, FLOW)
    if not args:
        return await _ask_pick(update, context, d, person)
    proposal_id = entry_id_of(args[0])
    if proposal_id is None:
        await reply(update, t(context, "Usage: /closevote N [reason], e.g. /closevote 7 or "
                                       "/closevote 7 施工方案有变，需重新表决"))
        return END
    entered_at_start(context, FLOW)  # /closevote 7 (理由): kept if a menu button leaves it
    return await _chosen(update, context, person, proposal_id,
                         clean_text(args[1]) if len(args) > 1 else "")


async def _ask_pick(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    person: dict[str, Any] | None = None) -> object:
    """The open votes of the person's areas, a button each (the first step)."""
    person = person or await require_staff(update, context)
    found = await open_proposals(context, person) if person is not None else []
    if not found:
        await reply(update, t(context, "No vote is open in your areas."))
        return END
    d["ids"] = [p.id for p in found]
    return await BACK.say(update, context, PICK, t(context, "Which vote?"), keyboard(
        [(f"#{p.id} {p.data.get('title', '')}"[:60], f"{PREFIX}:p:{p.id}") for p in found], 1))


async def closevote_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen vote and closes it, or asks why it should close early."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = parse_ints(button_args(update, PREFIX, "p", 1))
    if not args or args[0] not in d.get("ids", []):
        return await refuse(update, context)
    person = await require_staff(update, context)
    if person is None:
        return END
    return await _chosen(update, context, person, args[0], "")


async def _chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  proposal_id: int, reason: str) -> object:
    repo = repo_of(context)
    result: Tally | None = None
    try:
        proposal = await read(repo.entry, proposal_id)
        if proposal.area not in await staff_areas(context, person):  # nothing of it shown
            raise PermissionDenied("not your area", code="volunteer_only", area=proposal.area)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError("not a proposal", code="not_proposal")
        if proposal.status != Status.OPEN:
            raise DomainError("closed", code="vote_closed")
        today = repo.clock().date().isoformat()
        if is_due(proposal, today):
            proposal, result = await call(repo.close_vote, proposal_id, person["id"])
        elif (refusal := await read(repo.early_close_refusal, proposal_id)) is not None:
            raise refusal  # said before a reason is asked for nothing
    except DomainError as exc:
        drop_draft(context, FLOW)
        await reply(update, vote_error(context, exc))
        return END
    if result is not None:  # its deadline had passed: closed now
        drop_draft(context, FLOW)
        await announce_result(context, proposal, result, exclude=person["id"])
        await reply(update, result_text(context, proposal, result))
        return END
    waiting = next((r for r in proposal.data.get("early_close") or []
                    if r.get("outcome") == "pending"), None)
    if waiting is not None and waiting.get("by") != person["id"]:
        return await _waiting_for_you(update, context, person, proposal, waiting, reason)
    if waiting is not None and not reason:  # hers: a new reason replaces it
        await reply(update, t(context, OWN_WAITING, id=proposal.id,
                              reason=waiting.get("reason", "")))
    was = current_draft(context, FLOW) or {}  # back at the list: its votes, the reason kept
    d = new_draft(context, FLOW, id=proposal.id, area=proposal.area,  # area: bot.kept's
                  **{k: was[k] for k in ("ids", "reason") if was.get(k)})
    if reason and len(reason) <= MAX_REASON:
        d["reason"] = reason
        return await _confirm(update, context, proposal, d["reason"])
    if reason:  # published whole, never cut short: asked again below
        await reply(update, t(context, TOO_LONG, count=len(reason), max=MAX_REASON))
    return await _ask_reason(update, context, proposal)


WAITING = lazy("A request to close #{id} early already waits for a second volunteer: it is "
               "below, to confirm or decline. No other reason is asked.")
WAITING_SENT = lazy("A request to close #{id} early already waits for a second volunteer: it "
                    "was sent to you in a private chat with me, to confirm or decline there. "
                    "No other reason is asked.")
WAITING_UNSENT = lazy("A request to close #{id} early already waits for a second volunteer. "
                      "To confirm or decline it, send /pending to me in a private chat.")
NOT_SENT = lazy("Your reason was not sent. To ask with it instead, decline the request below, "
                "then send /closevote {id} again.")
OWN_WAITING = lazy("You already asked to close #{id} early (reason: {reason}); it waits for "
                   "another volunteer to confirm. To replace it, send a new reason below.")


async def _waiting_for_you(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           person: dict[str, Any], proposal: Entry, request: dict[str, Any],
                           reason: str) -> object:
    """Another volunteer's request to close ``proposal`` early waits: ``person`` is shown
    it with its Confirm / Decline buttons instead of being asked a reason of her own
    (before, hers replaced it, and a third volunteer had to confirm)."""
    drop_draft(context, FLOW)
    not_sent = t(context, NOT_SENT, id=proposal.id) if reason else ""
    if is_private(update):  # the note, then the request right below it
        await reply(update, "\n".join(filter(None, [t(context, WAITING, id=proposal.id),
                                                     not_sent])))
        await post_requests_waiting(context, person, [(proposal, request)])
        return END
    sent = await post_requests_waiting(context, person, [(proposal, request)])  # privately
    await reply(update, "\n".join(filter(None, [
        t(context, WAITING_SENT if sent else WAITING_UNSENT, id=proposal.id), not_sent])))
    return END


async def _ask_reason(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      proposal: Entry) -> object:
    return await BACK.say(update, context, REASON, t(
        context, "Voting on #{id} {title} is open until the end of {deadline}. To close it "
                 "early, send the reason (it will be published); another volunteer of the "
                 "area must then confirm. To leave it open, press Cancel (or type 取消).",
        id=proposal.id, title=proposal.data.get("title", ""),
        deadline=str(proposal.data.get("deadline", ""))[:10]), cancel=True)


async def closevote_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason and asks to confirm the request to close early."""
    d = current_draft(context, FLOW)
    if d is None or "id" not in d:
        return await gone(update, context)
    text = clean_text(typed(update))
    if not text or len(text) > MAX_REASON:
        await reply(update, "\n".join(filter(None, [
            t(context, TOO_LONG, count=len(text), max=MAX_REASON) if text else "",
            t(context, REASON_PROMPT)])), reply_markup=_reason_buttons(context))
        return None
    d["reason"] = text
    proposal = await read(repo_of(context).entry, d["id"])
    return await _confirm(update, context, proposal, text)


REASON_PROMPT = lazy("Please send the reason for closing the vote early, as text.")


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   reason: str) -> object:
    back = BACK.noted(current_draft(context, FLOW), CONFIRM)  # before the seal
    await reply(update, t(context, "Close the vote on #{id} {title} before the end of "
                                   "{deadline}?\nReason (public): {reason}\nAnother volunteer of "
                                   "the area must confirm; until then voting goes on.",
                          id=proposal.id, title=proposal.data.get("title", ""),
                          deadline=str(proposal.data.get("deadline", ""))[:10], reason=reason),
                reply_markup=remember(draft(context, FLOW), CONFIRM, BACK.with_back(
                    context, back, sealed(keyboard([
                        (t(context, "Ask another volunteer to confirm"), f"{PREFIX}:ok:1"),
                        (t(context, "Cancel"), f"{PREFIX}:ok:0")], 1), draft(context, FLOW),
                        f"{PREFIX}:ok:1"))))  # again after a sticker (bot.step_buttons)
    return CONFIRM


async def closevote_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks the area's other volunteers to confirm closing early (or cancels)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or "reason" not in d:
        return await gone(update, context)
    args = button_args(update, PREFIX, "ok", 1)
    if args is None or args[0] not in ("0", "1"):
        return await refuse(update, context)
    if args[0] == "1" and not matches(update, d):
        proposal = await read(repo_of(context).entry, d["id"])
        return await changed(update, context,
                             lambda: _confirm(update, context, proposal, d["reason"]))
    drop_draft(context, FLOW)
    if args[0] == "0":
        await drop_buttons(update)  # answered: the summary's buttons are done
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return END
    person = await require_staff(update, context)
    if person is None:
        return END
    repo = repo_of(context)
    try:
        proposal = await call(repo.request_early_close, d["id"], person["id"], d["reason"])
    except DomainError as exc:
        await reply(update, vote_error(context, exc))
        return END
    await drop_buttons(update)  # asked: its buttons are not there to press again
    await send_request(update, context, proposal, proposal.data["early_close"][-1], person)
    return END


async def saved_press(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                      data: str) -> tuple[dict[str, Any], Entry, dict[str, Any]] | None:
    """For a step saved just before the bot stopped (``bot.state``'s finishers): when
    ``update`` is the press of ``data`` (its seal aside) in ``flow``, whose draft names a
    proposal, the draft, the proposal and the person who pressed; else None."""
    query = update.callback_query
    if query is None or (query.data or "").split(SEAL, 1)[0] != data or \
            update.effective_user is None:
        return None
    d = current_draft(context, flow)
    if not d or not d.get("id"):
        return None
    proposal = await entry_or_none(context, int(d["id"]))
    if proposal is None:
        return None
    return d, proposal, await person_of(update, context)


async def finish_request(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A request to close a vote early saved just before the bot stopped
    (``bot.state``), not yet sent to every other volunteer: sent now to those it had
    not reached, and the one who asked told as the press would have; whether it was
    such a press."""
    saved = await saved_press(update, context, FLOW, f"{PREFIX}:ok:1")
    if saved is None or not saved[0].get("reason"):
        return False
    d, proposal, person = saved
    request = next((r for r in reversed(proposal.data.get("early_close") or [])
                    if r.get("by") == person["id"]), None)
    if proposal.status != Status.OPEN or request is None or \
            request.get("outcome") != "pending" or request.get("reason") != d["reason"]:
        return False
    await send_request(update, context, proposal, request, person)
    return True


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


B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 (closevote_back)
BACK.asks.update({PICK: lambda u, c, d: _ask_pick(u, c, d), REASON: _reason_again,
                  CONFIRM: _confirm_again})
STATES: dict[object, list[Any]] = {
    PICK: [*B(PICK), *buttons(PREFIX, {"p": closevote_pick}),
           *unexpected(lazy("Please choose with the buttons above."), markup=shown(FLOW, PICK))],
    REASON: [*B(REASON), MessageHandler(TEXT_INPUT, K(REASON, closevote_reason)),
             *buttons(PREFIX, {"cancel": BACK.on_cancel}),
             *unexpected(REASON_PROMPT, markup=_reason_buttons)],
    CONFIRM: [*B(CONFIRM), *buttons(PREFIX, {"ok": closevote_confirm}),
              *unexpected(lazy("Please choose with the buttons above."),
                          markup=shown(FLOW, CONFIRM))],
}

COMMANDS = [
    Command("closevote", "Close a vote: at once after its deadline, or early with a reason "
                         "and a second volunteer: /closevote N [reason]", closevote,
            audience=Audience.VOLUNTEER, order=52,
            extra={"title": lazy("Closing a vote (/closevote)")},
            flow=Flow(FLOW, STATES, resume=BACK.resume())),
]

HANDLERS = [
    CallbackQueryHandler(on_early, pattern=f"^{EARLY}:"),
    kept.stale_buttons(FLOW, PREFIX),
]
