"""How a vote's result is told, in the bot: announced as it closes, at its deadline
or early (``bot.handlers.closevote``), and finished after a stop.

* **At the deadline.** Every ``CHECK_EVERY`` seconds a JobQueue job
  (``close_due``) closes the votes whose deadline day is over, and once at
  start-up (``catch_up``) it closes those whose deadline passed while the
  bot was down. Each result is announced to the area's residents and
  volunteers (``announce_result``); the site follows the change event. One
  closed at night (every deadline ends at midnight) goes to the volunteers at
  once and to the residents in the morning (``reminders.send_night_results``).
* **After a stop.** The results whose telling a stop cut short are told to the
  rest at start-up (``resume_results``).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes

from db.entries import Entry, Kind, Status
from db.tally import Tally

from ..context import call, read, repo_of, t
from ..i18n import lazy, tr
from ..notify import (
    Msg,
    PerLanguage,
    notify_group_once,
    notify_once,
    notify_volunteers_once,
)
from ..stopping import cut_at_stop
from .close_requests import settle_request
from .outcome import PLAIN_RESULT, plain_result, plain_result_params, result_readers, result_url
from .reminders import RESIDENT_HOURS

__all__ = ["announce_result", "close_due", "catch_up", "schedule", "resume_results",
           "resume_telling", "kept_result", "result_text", "result_key", "volunteers_key",
           "group_key", "CHECK_EVERY", "RESUME_DAYS"]

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0  # seconds between looks for votes whose deadline has passed
RESUME_DAYS = 1  # a result whose telling a stop cut short is finished within this time

RESULT = lazy("Vote on #{id} {title} closed: {outcome}.\n{explanation}")
RESULT_EARLY = lazy("Vote on #{id} {title} closed early, before the end of {deadline}: "
                    "{outcome}.\nWhy: {reason} (asked by {asked}, confirmed by "
                    "{confirmed}).\n{explanation}")
PASSED, NOT_PASSED = lazy("it passed"), lazy("it did not pass")
ELECTED, NONE_ELECTED = lazy("the committee is elected"), lazy("nobody was elected")


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
    return told + await _tell_admins(context, proposal)


TO_SEAT = lazy("Election #{id} {title} in {area} elected {n}: {elected}. They take their "
               "committee role once you seat them: send /seat {id} (it lists them in order), "
               "then /seat {id} and each one's Telegram id or @username.")


async def _tell_admins(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> int:
    """An election that elected: the admins, who alone seat the elected (/seat), are told
    so, once (``admins_key``). Before, the area's volunteers and residents read 接下来：
    管理员确认后，当选的人就任 and the admin was told nothing."""
    repo = repo_of(context)
    entry = await read(repo.entry, proposal.id)
    spec = entry.data.get("election") or {}
    elected = [int(n) for n in (spec.get("result") or {}).get("elected") or []]
    if not elected or spec.get("seated"):
        return 0
    titles = {int(c["n"]): str(c["title"]) for c in spec.get("candidates") or []}
    admins = [p for p in await read(repo.people, admins=True) if p.get("telegram_id")]
    return await notify_once(context, admins, admins_key(proposal.id), TO_SEAT, id=entry.id,
                             title=entry.data.get("title", ""), n=len(elected),
                             area=repo.street.area(entry.area).name,
                             elected="、".join(titles.get(n, "?") for n in elected))


def admins_key(proposal_id: int) -> str:
    """Whether the admins were told that election ``proposal_id`` elected (to /seat)."""
    return f"result:{proposal_id}:a"


async def _tell_group(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, msgid: str,
                      params: dict[str, Any]) -> int:
    """Post the result in the committee's group, once (recorded under ``group_key``, by
    the group's number without its sign, just before it leaves: ``notify_group_once``);
    how many messages it took now."""
    repo = repo_of(context)
    group = await read(repo.linked_group, proposal.area)
    if group is None or abs(group) in await read(repo.reminded, group_key(proposal.id)):
        return 0
    return await notify_group_once(context, proposal.area, group_key(proposal.id), msgid,
                                   **params)


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


def result_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, result: Tally) -> str:
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
        app.job_queue.run_repeating(cut_at_stop(close_due), CHECK_EVERY, first=CHECK_EVERY,
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
    volunteers were not all told when the bot stopped: told now to the rest; how many.
    That includes one told to nobody yet: the close is written first and its telling
    follows, so a stop (a kill, or a stop that cancels the job) can fall between the
    two. The residents of one closed at night by itself are left to
    ``reminders.send_night_results``; its volunteers are told now."""
    repo = repo_of(context)
    now = repo.clock()
    since = (now - timedelta(days=RESUME_DAYS)).isoformat(timespec="seconds")
    until = now.isoformat(timespec="seconds")
    sent = 0
    for status in (Status.PASSED, Status.FAILED):
        for proposal in await read(repo.entries, kind=Kind.PROPOSAL, status=status):
            closed = next((h for h in reversed(proposal.history)
                           if h.get("to") == str(proposal.status)), None)
            if closed is None or not since <= str(closed.get("at")) <= until or \
                    not proposal.data.get("result"):
                continue  # long closed, or "closed" after now (a clock set back)
            night = closed.get("by") is None and \
                datetime.fromisoformat(str(closed["at"])).hour not in RESIDENT_HOURS
            sent += await resume_telling(context, proposal, residents=not night,
                                         volunteers=True)
    if sent:
        log.info("机器人停下时没有发完的投票结果，现在告诉了 %d 人 / told %d people the "
                 "results of votes that a stop cut short", sent, sent)
    return sent


async def resume_telling(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, *, residents: bool,
                  volunteers: bool, exclude: int | None = None) -> int:
    """Tell the result of closed vote ``proposal`` to those of its residents (if
    ``residents``) and volunteers (but ``exclude``) not told yet; the volunteers only
    when their telling had begun (``volunteers``) or residents were told now (they are
    told after the residents), and then the committee's group if it was not; how many
    people were."""
    result = await kept_result(context, proposal)
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
    return sent + await _tell_admins(context, proposal)


async def kept_result(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> Tally:
    """The result of closed vote ``proposal``, as it was kept when it closed."""
    kept = proposal.data.get("result") or {}
    return dataclasses.replace(
        await read(repo_of(context).tally, proposal.id), passed=bool(kept.get("passed")),
        explanation_zh=str(kept.get("explanation_zh") or ""),
        explanation_en=str(kept.get("explanation_en") or ""))
