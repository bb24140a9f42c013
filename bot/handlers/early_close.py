"""Closing a vote early, in the bot: the request a volunteer made with /closevote
(``bot.handlers.closevote``) goes to the area's other volunteers, each with
buttons ``ec:y:<proposal>:<request>`` / ``ec:n:<proposal>:<request>``, and the
first who confirms closes it (the site says it closed early and why). The one who
asked cannot confirm it. Once it is decided, every copy says who decided and what,
without buttons (``bot.handlers.close_requests``). The one who asked may take it
back with the button under "Asked" (``ec:n`` too). /pending sends the requests
waiting for a volunteer again (``requests_waiting``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.matters import NOTICE_DAYS, matter_of_proposal, notice_short

from ..context import call, entry_or_none, person_of, read, reply, repo_of, t
from ..flows import answer, keyboard, refuse
from ..i18n import LANGUAGES, lazy, tr
from ..keyboards import parse_ints
from ..menu import private_menu
from ..notify import Msg, PerLanguage, post_once, post_to_person, send_once
from ..staff import fail, require_staff, staff_areas
from .close_requests import answer_stale, settle_request
from .decided import who_of
from .vote_results import announce_result, kept_result, result_text, resume_telling

__all__ = ["EARLY", "ERRORS", "vote_error", "open_proposals", "finish_saved", "send_request",
           "requests_waiting", "post_requests_waiting", "on_early"]

EARLY = "ec"  # the second volunteer's buttons (no flow: their state is in the button)
MAX_LISTED = 10

ERRORS = {
    "vote_not_due": lazy("Voting on #{id} is open until the end of {deadline}. To close it "
                         "early, give a reason: another volunteer must confirm."),
    "vote_due": lazy("The deadline of #{id} has passed: send /closevote {id} to close it."),
    "same_volunteer": lazy("Another volunteer must confirm: you asked for it yourself."),
    "no_close_request": lazy("That request to close #{id} early is no longer waiting (it was "
                             "confirmed, declined or replaced)."),
    "vote_closed": lazy("Voting on this proposal is closed."),
    "result_open": lazy("Voting on #{id} cannot close early: {left} owner(s) have not voted "
                        "yet, and their votes could still change the result. They were told "
                        "they could vote until the end of {deadline}, so voting goes on until "
                        "then. It may close early once the result can no longer change. If "
                        "the proposal is no longer needed (the plan changed, the work was done "
                        "another way), withdraw it instead: /withdraw {id}."),
    "reason_required": lazy("Please give a reason."),
    "vote_changed": lazy("The household's vote changed in the meantime; nothing was recorded. "
                         "Please look again."),
}


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


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A second volunteer's confirmation of closing a vote early, saved just before the
    bot stopped (``bot.state``): the residents and volunteers not told yet are told the
    result now (the start told them already when their telling had begun:
    ``resume_results``), and the volunteer as the press would have told them, not only
    that it was saved; whether it was such a press. A request to close early:
    ``finish_request``."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ints = parse_ints(fields[2:4]) if len(fields) == 4 and fields[:2] in ([EARLY, "y"],
                                                                          [EARLY, "n"]) \
        else None
    if not ints or len(ints) != 2 or update.effective_user is None:
        return False
    proposal = await entry_or_none(context, ints[0])
    if proposal is None:
        return False
    person = await person_of(update, context)
    asked = next((r for r in proposal.data.get("early_close") or []
                  if r.get("n") == ints[1]), None)
    if fields[1] == "n":  # a decline (or the asker taking it back)
        if asked is None or asked.get("outcome") != "declined" or \
                asked.get("decided_by") != person["id"]:
            return False
        await _declined(update, context, proposal, asked, person)
        return True
    if asked is None or asked.get("outcome") != "confirmed" or \
            asked.get("decided_by") != person["id"] or not proposal.data.get("result"):
        return False
    await resume_telling(context, proposal, residents=True, volunteers=True, exclude=person["id"])
    await reply(update, result_text(context, proposal, await kept_result(context, proposal)))
    return True


async def _declined(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                    asked: dict[str, Any], person: dict[str, Any],
                    menu: dict[str, Any] | None = None) -> None:
    """A request to close early declined by ``person`` (or taken back by its asker), just
    stored, or stored before the bot stopped (``finish_saved``): every copy says so, she
    is answered, and the asker told once (``send_once``: recorded just before it leaves,
    so a press handled again after a kill does not tell her twice)."""
    await settle_request(context, proposal, asked["n"])
    if asked["by"] == person["id"]:  # the one who asked took it back
        await reply(update, t(context, "You took back your request to close #{id} early; "
                                       "voting goes on.", id=proposal.id), **(menu or {}))
        return
    await reply(update, t(context, "Declined: voting on #{id} goes on.", id=proposal.id),
                **(menu or {}))
    asker = await read(repo_of(context).person, asked["by"])
    if asker is not None and asker["id"] != person["id"]:
        await send_once(context, asker, f"declined:{proposal.id}:{asked['n']}", DECLINED,
                        role=who_of(person, proposal.area), id=proposal.id)


DECLINED = lazy("{role} declined closing #{id} early; voting goes on.")


async def send_request(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
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


ASKED = lazy("Asked: {n} other volunteers can confirm closing #{id} early. Voting goes on "
             "until one of them does.")


async def _ask_second(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                      request: dict[str, Any], person: dict[str, Any]) -> int:
    """Send the request to the area's other volunteers (the admins when there are none),
    each once (recorded just before it leaves, ``bot.notify.post_once``: a sending a stop
    cut short goes on where it stopped, ``finish_request``, and sends none twice); how
    many it reached, now and before."""
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
                                 other, key):
            sent += 1
    return sent


async def _post_request(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        request: dict[str, Any], asker: str, other: dict[str, Any],
                        key: str | None = None) -> bool:
    """The request, with its Confirm / Decline buttons, to ``other``; remembered, to be
    edited once it is decided (``bot.handlers.close_requests``). With ``key``, once
    (``post_once``)."""
    data = f"{proposal.id}:{request['n']}"
    lang = other.get("language") or "zh"
    markup = keyboard([(tr(lang, "Confirm: close it now"), f"{EARLY}:y:{data}"),
                       (tr(lang, "Decline: voting goes on"), f"{EARLY}:n:{data}")], 1)
    params = dict(role=asker, id=proposal.id, title=proposal.data.get("title", ""),
                  reason=request["reason"], deadline=str(proposal.data.get("deadline", ""))[:10],
                  **await _so_far(context, proposal.id))
    asked = EARLY_ASK if params["left"] else EARLY_ASK_ALL
    if key is not None:
        return await post_once(context, other, key, asked, reply_markup=markup, **params)
    return await post_to_person(context, other, asked, reply_markup=markup, **params)


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
                 "and closing now ends that.{settled}{short}{notice}\nClosing early needs a "
                 "second volunteer: do you confirm?")
# Every owner has voted: "the other 0 were told they could vote until …, and closing now
# ends that" was said of nobody (steward chat, walk173).
EARLY_ASK_ALL = lazy("{role} asks to close the vote on #{id} {title} before the end of "
                     "{deadline}.\nReason: {reason}\nAll {total} owners have voted: the "
                     "result can no longer change.{short}{notice}\nClosing early needs a "
                     "second volunteer: do you confirm?")
# Only a vote whose result is settled may close early (``db.closing.early_close_refusal``):
# said, so that the second volunteer knows why it was not refused; never which way it went.
SETTLED = lazy(" However they would vote, the result can no longer change.")
EARLY_NOTICE = lazy(" It opened on {opened}, {days} day(s) ago: a matter the owners decide "
                    "jointly owes every owner {need} days' notice before it is decided "
                    "(Regulation on Property Management, art. 14), and a decision taken "
                    "sooner may be challenged.")
SHORT_VOTE = lazy(" Fewer than two thirds of the owners (by number or by floor area) have "
                  "taken part: closed now, it cannot pass.")


async def _so_far(context: ContextTypes.DEFAULT_TYPE, proposal_id: int) -> dict[str, Any]:
    repo = repo_of(context)
    tally = await read(repo.tally, proposal_id)
    short = tally.quorum_short
    proposal = await read(repo.entry, proposal_id)
    left = tally.owners_total - tally.owners_voted
    return {"voted": tally.owners_voted, "total": tally.owners_total, "left": left,
            "settled": Msg(SETTLED) if left else "",
            "short": Msg(SHORT_VOTE) if short is not None and (short[0] or short[1]) else "",
            "notice": _notice(proposal, repo.clock().date())}


def _notice(proposal: Entry, today: date) -> PerLanguage | str:
    """A joint matter closed sooner than the notice the law asks after it opened (as a
    deadline that near is warned of at /propose): said to the second volunteer; ""."""
    opened = date.fromisoformat(str(proposal.created)[:10])
    if not notice_short(matter_of_proposal(proposal.data), opened, today):
        return ""
    return PerLanguage({lang: tr(lang, EARLY_NOTICE, opened=opened.isoformat(),
                                 days=(today - opened).days, need=NOTICE_DAYS)
                        for lang in LANGUAGES})


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
    # a request waiting counts on 待审核 as an entry does: made right again with the answer
    menu = await private_menu(update, context)
    if fields[1] == "n":
        await _declined(update, context, proposal, asked, person, menu)
        return
    await announce_result(context, proposal, result, exclude=person["id"])
    await reply(update, result_text(context, proposal, result), **menu)
