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
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
)

from db.closing import MAX_REASON
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.tally import Tally
from db.votes import is_due

from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, entry_or_none, person_of, read, reply, repo_of, t
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
    stale_buttons,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy, tr
from ..keyboards import parse_ints
from ..notify import (
    Msg,
    PerLanguage,
    notify_group,
    notify_once,
    notify_volunteers_once,
    post_to_person,
    send_to_person,
)
from ..staff import TOO_LONG, entry_id_of, fail, require_staff, staff_areas, words
from .close_requests import answer_stale, settle_request
from .decided import who_of
from .outcome import PLAIN_RESULT, plain_result, plain_result_params, result_readers, result_url
from .reminders import RESIDENT_HOURS

__all__ = ["COMMANDS", "HANDLERS", "announce_result", "close_due", "catch_up", "schedule",
           "finish_saved", "finish_request", "saved_press", "resume_results", "result_key",
           "volunteers_key",
           "open_proposals", "CHECK_EVERY", "vote_error", "requests_waiting",
           "post_requests_waiting"]

log = logging.getLogger(__name__)

FLOW = "closevote"
PREFIX = "cv"
EARLY = "ec"  # the second volunteer's buttons (no flow: their state is in the button)
PICK, REASON, CONFIRM = states(FLOW, "pick", "reason", "confirm")
CHECK_EVERY = 60.0  # seconds between looks for votes whose deadline has passed
RESUME_DAYS = 1  # a result whose telling a stop cut short is finished within this time
MAX_LISTED = 10

ERRORS = {
    "vote_not_due": lazy("Voting on #{id} is open until the end of {deadline}. To close it "
                         "early, give a reason: another volunteer must confirm."),
    "vote_due": lazy("The deadline of #{id} has passed: send /closevote {id} to close it."),
    "same_volunteer": lazy("Another volunteer must confirm: you asked for it yourself."),
    "no_close_request": lazy("That request to close #{id} early is no longer waiting (it was "
                             "confirmed, declined or replaced)."),
    "vote_closed": lazy("Voting on this proposal is closed."),
    "reason_required": lazy("Please give a reason."),
    "vote_changed": lazy("The household's vote changed in the meantime; nothing was recorded. "
                         "Please look again."),
}

RESULT = lazy("Vote on #{id} {title} closed: {outcome}.\n{explanation}")
RESULT_EARLY = lazy("Vote on #{id} {title} closed early, before the end of {deadline}: "
                    "{outcome}.\nWhy: {reason} (asked by {asked}, confirmed by "
                    "{confirmed}).\n{explanation}")
PASSED, NOT_PASSED = lazy("it passed"), lazy("it did not pass")
ELECTED, NONE_ELECTED = lazy("the committee is elected"), lazy("nobody was elected")


def vote_error(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    """A domain error of closing or withdrawing, as a message for the user."""
    msgid = ERRORS.get(exc.code)
    if msgid is None:
        return fail(context, exc)
    try:
        return t(context, msgid, **exc.params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])


async def open_proposals(context: ContextTypes.DEFAULT_TYPE,
                         person: dict[str, Any]) -> list[Entry]:
    """The open proposals of the areas a volunteer (or admin) acts in, newest last."""
    areas = set(await staff_areas(context, person))
    found = await read(repo_of(context).entries, kind=Kind.PROPOSAL, status=Status.OPEN)
    return [p for p in found if p.area in areas][-MAX_LISTED:]


# -- announcing a result -------------------------------------------------------------


async def announce_result(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, result: Tally,
                          *, exclude: int | None = None, residents: bool = True) -> int:
    """Tell the area's residents (unless not ``residents``), volunteers (but
    ``exclude``) and linked volunteers' group how the vote ended."""
    params = _result_params(proposal, result, result_url(context, proposal))
    msgid = RESULT_EARLY if proposal.data.get("closed_early") else RESULT
    await settle_request(context, proposal)  # confirmed, or void at the deadline
    if exclude is not None:  # the one who closed it, told by their answer: recorded first,
        # it also marks the volunteers' telling as begun (``resume_results``)
        await call(repo_of(context).claim_reminder, volunteers_key(proposal.id), [exclude])
    # residents: short and plain, with what happens next; volunteers: the full account
    told = await notify_once(context, await result_readers(context, proposal.area),
                             result_key(proposal.id), PLAIN_RESULT,
                             **plain_result_params(proposal, result,
                                                   result_url(context, proposal))
                             ) if residents else 0
    told += await notify_volunteers_once(context, proposal.area, volunteers_key(proposal.id),
                                         msgid, exclude=exclude, **params)
    # the committee's group, where its new entries are posted: the full account too
    told += await _tell_group(context, proposal, msgid, params)
    return told


async def _tell_group(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, msgid: str,
                      params: dict[str, Any]) -> int:
    """Post the result in the committee's group, once (recorded under ``group_key``, by
    the group's number without its sign); how many messages it took."""
    repo = repo_of(context)
    group = await read(repo.linked_group, proposal.area)
    if group is None or abs(group) in await read(repo.reminded, group_key(proposal.id)):
        return 0
    told = await notify_group(context, proposal.area, msgid, **params)
    if told:
        await call(repo.claim_reminder, group_key(proposal.id), [abs(group)])
    return told


def group_key(proposal_id: int) -> str:
    """Whether the result of vote ``proposal_id`` was posted in the committee's group."""
    return f"result:{proposal_id}:g"


def _account(lang: str | None, proposal: Entry, result: Tally, url: str) -> str:
    """The volunteers' account of a result: the residents' lines of owners and floor
    area, word for word (``outcome.plain_result``), then the rule it was decided by."""
    return plain_result(lang or "zh", proposal, result, url, early=False, basis=True)[1]


def _result_params(proposal: Entry, result: Tally, url: str = "") -> dict[str, Any]:
    early = proposal.data.get("closed_early") or {}
    return {"id": proposal.id, "title": proposal.data.get("title", ""),
            "outcome": Msg((ELECTED if result.passed else NONE_ELECTED)
                           if proposal.data.get("election") else
                           (PASSED if result.passed else NOT_PASSED)),
            "explanation": PerLanguage(zh=_account("zh", proposal, result, url),
                                       en=_account("en", proposal, result, url)),
            "deadline": early.get("deadline", ""), "reason": early.get("reason", ""),
            "asked": early.get("requested_role", ""),
            "confirmed": early.get("confirmed_role", "")}


def _result_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, result: Tally) -> str:
    params = _result_params(proposal, result)
    lang = (context.user_data or {}).get("lang")
    params["outcome"] = tr(lang, params["outcome"])
    params["explanation"] = _account(lang, proposal, result, result_url(context, proposal))
    return t(context, RESULT_EARLY if proposal.data.get("closed_early") else RESULT, **params)


# -- at the deadline -------------------------------------------------------------------


async def close_due(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Closes every vote whose deadline has passed and announces each result."""
    repo = repo_of(context)
    if not await read(repo.overdue_votes):  # most minutes: nothing for the writer to do
        return 0
    closed = await call(repo.close_overdue)
    # a deadline ends at midnight: the residents are told in the morning
    # (bot.handlers.reminders.send_night_results), the volunteers at once
    daytime = repo.clock().hour in RESIDENT_HOURS
    for proposal, result in closed:
        await announce_result(context, proposal, result, residents=daytime)
    return len(closed)


def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Look for votes whose deadline has passed every ``CHECK_EVERY`` seconds."""
    if app.job_queue is not None:
        app.job_queue.run_repeating(close_due, CHECK_EVERY, first=CHECK_EVERY,
                                    name="close votes at their deadline")


async def catch_up(app: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """At start-up: close the votes whose deadline passed while the bot was down, and
    finish telling the residents the results whose sending a stop cut short."""
    context = CallbackContext(app)
    try:
        closed = await close_due(context)
    except Exception:  # noqa: BLE001 - the bot must start; the job tries again soon
        log.exception("could not close the votes that are due")
        closed = 0
    try:
        await resume_results(context)
    except Exception:  # noqa: BLE001 - the bot must start
        log.exception("could not finish telling the residents the results of votes")
    return closed


def result_key(proposal_id: int) -> str:
    """Who was told the result of vote ``proposal_id`` (``db.reminders``): here as it
    closed, or in the morning after a night (``reminders.send_night_results``)."""
    return f"result:{proposal_id}"


def volunteers_key(proposal_id: int) -> str:
    """Who of the area's volunteers (or admins) was told the result of vote
    ``proposal_id``, the one who closed it first (``announce_result``)."""
    return f"result:{proposal_id}:v"


async def resume_results(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The results of votes closed in the last ``RESUME_DAYS`` whose residents or
    volunteers were being told when the bot stopped (some told, some not): told now to
    the rest; how many. The residents of one closed at night by itself are left to
    ``reminders.send_night_results``."""
    repo = repo_of(context)
    now = repo.clock()
    since = (now - timedelta(days=RESUME_DAYS)).isoformat(timespec="seconds")
    sent = 0
    for status in (Status.PASSED, Status.FAILED):
        for proposal in await read(repo.entries, kind=Kind.PROPOSAL, status=status):
            closed = next((h for h in reversed(proposal.history)
                           if h.get("to") == str(proposal.status)), None)
            if closed is None or str(closed.get("at")) < since or not proposal.data.get(
                    "result"):
                continue
            night = closed.get("by") is None and \
                datetime.fromisoformat(str(closed["at"])).hour not in RESIDENT_HOURS
            told = await read(repo.reminded, result_key(proposal.id))
            volunteers = await read(repo.reminded, volunteers_key(proposal.id))
            if not volunteers and (night or not told):
                continue  # not begun here (before this was kept, or none reached)
            sent += await _resume(context, proposal, residents=not night,
                                  volunteers=bool(volunteers))
    if sent:
        log.info("told %d people the results of votes that a stop cut short", sent)
    return sent


async def _resume(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, *, residents: bool,
                  volunteers: bool, exclude: int | None = None) -> int:
    """Tell the result of closed vote ``proposal`` to those of its residents (if
    ``residents``) and volunteers (but ``exclude``) not told yet; the volunteers only
    when their telling had begun (``volunteers``) or residents were told now (they are
    told after the residents), and then the committee's group if it was not; how many
    people were."""
    result = await _kept_result(context, proposal)
    sent = await notify_once(
        context, await result_readers(context, proposal.area), result_key(proposal.id),
        PLAIN_RESULT, **plain_result_params(proposal, result, result_url(context, proposal))
    ) if residents else 0
    if not (volunteers or sent):
        return sent
    params = _result_params(proposal, result, result_url(context, proposal))
    msgid = RESULT_EARLY if proposal.data.get("closed_early") else RESULT
    sent += await notify_volunteers_once(context, proposal.area, volunteers_key(proposal.id),
                                         msgid, exclude=exclude, **params)
    await _tell_group(context, proposal, msgid, params)
    return sent


async def _kept_result(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> Tally:
    """The result of closed vote ``proposal``, as it was kept when it closed."""
    kept = proposal.data.get("result") or {}
    return dataclasses.replace(
        await read(repo_of(context).tally, proposal.id), passed=bool(kept.get("passed")),
        explanation_zh=str(kept.get("explanation_zh") or ""),
        explanation_en=str(kept.get("explanation_en") or ""))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A second volunteer's confirmation of closing a vote early, saved just before the
    bot stopped (``bot.state``): the residents and volunteers not told yet are told the
    result now (the start told them already when their telling had begun:
    ``resume_results``), and the volunteer as the press would have told them, not only
    that it was saved; whether it was such a press. A request to close early:
    ``finish_request``."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ints = parse_ints(fields[2:4]) if len(fields) == 4 and fields[:2] == [EARLY, "y"] \
        else None
    if not ints or len(ints) != 2 or update.effective_user is None:
        return False
    proposal = await entry_or_none(context, ints[0])
    if proposal is None:
        return False
    person = await person_of(update, context)
    asked = next((r for r in proposal.data.get("early_close") or []
                  if r.get("n") == ints[1]), None)
    if asked is None or asked.get("outcome") != "confirmed" or \
            asked.get("decided_by") != person["id"] or not proposal.data.get("result"):
        return False
    await _resume(context, proposal, residents=True, volunteers=True, exclude=person["id"])
    await reply(update, _result_text(context, proposal, await _kept_result(context, proposal)))
    return True


# -- /closevote ------------------------------------------------------------------------------


async def closevote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts closing a vote: closes a due one, or asks which one or why."""
    person = await require_staff(update, context)
    if person is None:
        return END
    args = words(update, maxsplit=1)
    d = new_draft(context, FLOW)
    if not args:
        found = await open_proposals(context, person)
        if not found:
            await reply(update, t(context, "No vote is open in your areas."))
            return END
        d["ids"] = [p.id for p in found]
        await reply(update, t(context, "Which vote?"), reply_markup=keyboard(
            [(f"#{p.id} {p.data.get('title', '')}"[:60], f"{PREFIX}:p:{p.id}") for p in found],
            1))
        return PICK
    proposal_id = entry_id_of(args[0])
    if proposal_id is None:
        await reply(update, t(context, "Usage: /closevote N [reason], e.g. /closevote 7 or "
                                       "/closevote 7 施工方案有变，需重新表决"))
        return END
    return await _chosen(update, context, person, proposal_id,
                         clean_text(args[1]) if len(args) > 1 else "")


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
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError("not a proposal", code="not_proposal")
        if proposal.status != Status.OPEN:
            raise DomainError("closed", code="vote_closed")
        today = repo.clock().date().isoformat()
        if is_due(proposal, today):
            proposal, result = await call(repo.close_vote, proposal_id, person["id"])
    except DomainError as exc:
        drop_draft(context, FLOW)
        await reply(update, vote_error(context, exc))
        return END
    if result is not None:  # its deadline had passed: closed now
        drop_draft(context, FLOW)
        await announce_result(context, proposal, result, exclude=person["id"])
        await reply(update, _result_text(context, proposal, result))
        return END
    d = new_draft(context, FLOW, id=proposal.id)
    if reason and len(reason) <= MAX_REASON:
        d["reason"] = reason
        return await _confirm(update, context, proposal, d["reason"])
    if reason:  # published whole, never cut short: asked again below
        await reply(update, t(context, TOO_LONG, count=len(reason), max=MAX_REASON))
    await reply(update, t(context, "Voting on #{id} {title} is open until the end of "
                                   "{deadline}. To close it early, send the reason (it will be "
                                   "published); another volunteer of the area must then "
                                   "confirm. /cancel leaves it open.", id=proposal.id,
                          title=proposal.data.get("title", ""),
                          deadline=str(proposal.data.get("deadline", ""))[:10]))
    return REASON


async def closevote_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason and asks to confirm the request to close early."""
    d = current_draft(context, FLOW)
    if d is None or "id" not in d:
        return await gone(update, context)
    text = clean_text(typed(update))
    if not text or len(text) > MAX_REASON:
        await reply(update, "\n".join(filter(None, [
            t(context, TOO_LONG, count=len(text), max=MAX_REASON) if text else "",
            t(context, REASON_PROMPT)])))
        return None
    d["reason"] = text
    proposal = await read(repo_of(context).entry, d["id"])
    return await _confirm(update, context, proposal, text)


REASON_PROMPT = lazy("Please send the reason for closing the vote early, as text.")


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   reason: str) -> object:
    await reply(update, t(context, "Close the vote on #{id} {title} before the end of "
                                   "{deadline}?\nReason (public): {reason}\nAnother volunteer of "
                                   "the area must confirm; until then voting goes on.",
                          id=proposal.id, title=proposal.data.get("title", ""),
                          deadline=str(proposal.data.get("deadline", ""))[:10], reason=reason),
                reply_markup=sealed(keyboard([
                    (t(context, "Ask another volunteer to confirm"), f"{PREFIX}:ok:1"),
                    (t(context, "Cancel"), f"{PREFIX}:ok:0")], 1), draft(context, FLOW),
                    f"{PREFIX}:ok:1"))
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
    await _asked(update, context, proposal, proposal.data["early_close"][-1], person)
    return END


async def _asked(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                 request: dict[str, Any], person: dict[str, Any]) -> None:
    """Send ``request`` (just saved) to the area's other volunteers not sent it yet, and
    tell the one who asked how many can confirm."""
    if request["n"] > 1:  # the one it replaced: its copies say so, before the new ones go
        await settle_request(context, proposal, request["n"] - 1)
    asked = await _ask_second(context, proposal, request, person)
    # with a button to take it back (asked by mistake): remembered as the others' copies
    # are, so that it too shows how the request was decided
    back = keyboard([(t(context, "↩️ Take the request back"),
                      f"{EARLY}:n:{proposal.id}:{request['n']}")], 1)
    chat = update.effective_chat
    if chat is None or chat.id != person.get("telegram_id") or not await post_to_person(
            context, person, ASKED, reply_markup=back, n=asked, id=proposal.id):
        await reply(update, t(context, ASKED, n=asked, id=proposal.id), reply_markup=back)


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
    await _asked(update, context, proposal, request, person)
    return True


ASKED = lazy("Asked: {n} other volunteers can confirm closing #{id} early. Voting goes on "
             "until one of them does.")


async def _ask_second(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                      request: dict[str, Any], person: dict[str, Any]) -> int:
    """Send the request to the area's other volunteers (the admins when there are none),
    each once (recorded as it went: a sending a stop cut short goes on where it stopped,
    ``finish_request``); how many it reached, now and before."""
    repo = repo_of(context)
    people = [p for p in await read(repo.people, volunteer_of=proposal.area)
              if p["id"] != person["id"]]
    if not people:
        people = [p for p in await read(repo.people, admins=True) if p["id"] != person["id"]]
    key = f"ask:{proposal.id}:{request['n']}"
    done = await read(repo.reminded, key)
    sent = 0
    for other in people:
        if other["id"] in done:
            sent += 1
        elif await _post_request(context, proposal, request, who_of(person, proposal.area),
                                 other):
            await call(repo.claim_reminder, key, [other["id"]])
            sent += 1
    return sent


async def _post_request(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        request: dict[str, Any], asker: str, other: dict[str, Any]) -> bool:
    """The request, with its Confirm / Decline buttons, to ``other``; remembered, to be
    edited once it is decided (``bot.handlers.close_requests``)."""
    data = f"{proposal.id}:{request['n']}"
    lang = other.get("language") or "zh"
    markup = keyboard([(tr(lang, "Confirm: close it now"), f"{EARLY}:y:{data}"),
                       (tr(lang, "Decline: voting goes on"), f"{EARLY}:n:{data}")], 1)
    return await post_to_person(
        context, other, EARLY_ASK,
        reply_markup=markup, role=asker, id=proposal.id,
        title=proposal.data.get("title", ""), reason=request["reason"],
        deadline=str(proposal.data.get("deadline", ""))[:10],
        **await _so_far(context, proposal.id))


async def requests_waiting(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]
                           ) -> list[tuple[Entry, dict[str, Any]]]:
    """The requests to close a vote early, in the person's areas, that wait for another
    volunteer's word: not those they asked themselves."""
    out = []
    for proposal in await open_proposals(context, person):
        request = next((r for r in proposal.data.get("early_close") or []
                        if r.get("outcome") == "pending"), None)
        if request is not None and request.get("by") != person["id"]:
            out.append((proposal, request))
    return out


async def post_requests_waiting(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                                waiting: list[tuple[Entry, dict[str, Any]]]) -> int:
    """/pending: each of ``waiting`` (``requests_waiting``) to ``person`` again, with its
    buttons, remembered as the first copy was; how many went."""
    repo = repo_of(context)
    sent = 0
    for proposal, request in waiting:
        asker = await read(repo.person, request["by"])
        sent += await _post_request(context, proposal, request,
                                    who_of(asker, proposal.area) if asker else
                                    str(request.get("role") or ""), person)
    return sent


# What the second volunteer weighs (tried in the self-government trial, where they read
# only "40 of 57 have voted"): the owners who have not voted were told they could until
# the deadline, and a joint matter short of two thirds can then only fail. Participation
# is public; how anyone voted is not said.
EARLY_ASK = lazy("{role} asks to close the vote on #{id} {title} before the end of "
                 "{deadline}.\nReason: {reason}\n{voted} of {total} owners have voted so "
                 "far; the other {left} were told they could vote until the end of {deadline}, "
                 "and closing now ends that.{short}\nClosing early needs a second volunteer: do "
                 "you confirm?")
SHORT_VOTE = lazy(" Fewer than two thirds of the owners (by number or by floor area) have "
                  "taken part: closed now, it cannot pass.")
SHORT_ELECTION = lazy(" Fewer than two thirds of the owners (by number or by floor area) have "
                      "taken part: closed now, nobody is elected.")


async def _so_far(context: ContextTypes.DEFAULT_TYPE, proposal_id: int) -> dict[str, Any]:
    repo = repo_of(context)
    tally = await read(repo.tally, proposal_id)
    short = tally.quorum_short
    election = bool((await read(repo.entry, proposal_id)).data.get("election"))
    return {"voted": tally.owners_voted, "total": tally.owners_total,
            "left": tally.owners_total - tally.owners_voted,
            "short": Msg(SHORT_ELECTION if election else SHORT_VOTE)
            if short is not None and (short[0] or short[1]) else ""}


async def on_early(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Closes the vote early on a second volunteer's word, or declines the request."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ints = parse_ints(fields[2:4]) if len(fields) == 4 and fields[1] in ("y", "n") else None
    if not ints or len(ints) != 2:
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None:
        return
    repo = repo_of(context)
    proposal_id, request = ints
    try:
        if fields[1] == "y":
            proposal, result = await call(repo.confirm_early_close, proposal_id, person["id"],
                                          request)
        else:
            proposal = await call(repo.decline_early_close, proposal_id, person["id"], request)
    except DomainError as exc:
        # decided already (by another volunteer, or the vote ended): say how, on this copy
        # too; the repository refused a presser not of the area before these
        if exc.code not in ("no_close_request", "vote_closed") or \
                not await answer_stale(update, context, proposal_id, request):
            await reply(update, vote_error(context, exc))
        return
    asked = next(r for r in proposal.data["early_close"] if r["n"] == request)
    asker = await read(repo.person, asked["by"])
    if fields[1] == "n":
        await settle_request(context, proposal, request)
        if asked["by"] == person["id"]:  # the one who asked took it back
            await reply(update, t(context, "You took back your request to close #{id} early; "
                                           "voting goes on.", id=proposal.id))
            return
        await reply(update, t(context, "Declined: voting on #{id} goes on.", id=proposal.id))
        if asker is not None and asker["id"] != person["id"]:
            await send_to_person(context, asker, lazy("{role} declined closing #{id} early; "
                                                      "voting goes on."),
                                 role=who_of(person, proposal.area), id=proposal.id)
        return
    await announce_result(context, proposal, result, exclude=person["id"])
    await reply(update, _result_text(context, proposal, result))


STATES: dict[object, list[Any]] = {
    PICK: [*buttons(PREFIX, {"p": closevote_pick}),
           *unexpected(lazy("Please choose with the buttons above."))],
    REASON: [MessageHandler(TEXT_INPUT, closevote_reason), *buttons(PREFIX, {}),
             *unexpected(REASON_PROMPT)],
    CONFIRM: [*buttons(PREFIX, {"ok": closevote_confirm}),
              *unexpected(lazy("Please choose with the buttons above."))],
}

COMMANDS = [
    Command("closevote", "Close a vote: at once after its deadline, or early with a reason "
                         "and a second volunteer: /closevote N [reason]", closevote,
            audience=Audience.VOLUNTEER, order=52,
            extra={"title": lazy("Closing a vote (/closevote)")},
            flow=Flow(FLOW, STATES)),
]

HANDLERS = [
    CallbackQueryHandler(on_early, pattern=f"^{EARLY}:"),
    stale_buttons(PREFIX),
]
