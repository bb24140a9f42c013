"""Reminders the bot sends on its own, each once (``db.reminders`` records who
was reminded of what before the message goes, so a restart sends nothing twice).

* **The daily summary** (每日提醒) to each area's volunteers and supervisors
  (``recipients``), once a day at the street file's ``digest_hour`` (China
  time, default 8); one missed then (the bot was down, or started late) goes later
  only while it is still daytime (``RESIDENT_HOURS``), not at 23:00. It lists entries
  waiting for approval more than a day, reports without progress for a week, votes
  closing within three days with their participation against the quorum. Nothing is
  sent on a day with nothing in it.
* **A vote closing** in two days: one reminder (in the daytime, 8:00 to 21:00
  China time: ``RESIDENT_HOURS``) to each resident whose household has not
  voted, with the vote's buttons and one to turn reminders off (``rmd:off``;
  ``rmd:on`` turns them on again).
* **A vote's result closed at night** (a deadline ends at midnight): to each
  resident of the area, once, in the daytime (``send_night_results``); the
  volunteers were told when it closed. As the reminders, a result is recorded just
  before it leaves (``bot.notify.notify_once``), so that nobody is told it twice; a
  stop in the middle leaves out only one whose message was on its way.
* **An announcement cut short** by a restart is sent to the rest of its
  residents (``bot.handlers.announce.resume_announcements``).

A JobQueue job looks every ``CHECK_EVERY`` seconds (``remind``); the offline
bot runs it with ``OfflineBot.run_jobs``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from db import labels
from db.elections import is_election
from db.entries import Kind, Status
from db.matters import matter_of_proposal
from db.people import Relation, is_admin, relation_of, volunteer_areas
from db.reminders import VOTE_REMINDER_DAYS, reminders_on

from ..context import call, person_of, read, reply, repo_of, t
from ..flows import answer, button_args, refuse
from ..i18n import DEFAULT_LANGUAGE, lazy, tr
from ..keyboards import button
from ..notify import notify_once, send_to_person
from ..sending import fan_out
from ..stopping import cut_at_stop
from .announce import resume_announcements
from .ballot import ballot_keyboard
from .outcome import PLAIN_RESULT, plain_result_params, result_readers, result_url

__all__ = ["HANDLERS", "schedule", "remind", "send_digests", "send_vote_reminders",
           "recipients", "digest_text", "closing_lines", "digest_due", "CHECK_EVERY",
           "DEFAULT_DIGEST_HOUR"]

log = logging.getLogger(__name__)

PREFIX = "rmd"
CHECK_EVERY = 300.0  # seconds between looks for reminders that are due
DEFAULT_DIGEST_HOUR = 8
CHUNK = 25  # reminders recorded at once before they are sent
SHOWN = 8  # items of each kind named in a summary
# China time when residents are reminded of a vote: a reminder is due from the day's
# start, and it went out at midnight (a trial over New Year's Eve); one due at night waits.
RESIDENT_HOURS = range(8, 21)


def recipients(repo: Any, area: str) -> list[dict[str, Any]]:
    """Who gets an area's reminders: its volunteers and its supervisors (the admins
    when it has neither), each once."""
    people = {p["id"]: p for p in [*repo.people(volunteer_of=area), *repo.supervisors(area)]}
    if not people:
        people = {p["id"]: p for p in repo.people(admins=True)}
    return [p for _, p in sorted(people.items()) if p.get("telegram_id")]


WAITING = lazy("Waiting for approval more than a day ({n}): press \"To approve\" in the "
               "menu (or send /pending):")
WAITING_TO_READ = lazy("Waiting for a volunteer's approval more than a day ({n}); to read them, "
                       "press \"To approve\" in the menu (or send /pending):")


def digest_text(repo: Any, digest: dict[str, Any], lang: str, steward: bool = False
                ) -> str | None:
    """The daily summary of one area in ``lang``; None when there is nothing in it. To a
    volunteer (``steward``), the entries waiting say to decide them and the reports without
    progress how to record some; to a supervisor, that he may read what waits."""
    if not (digest["waiting"] or digest["stale"] or digest["closing"]):
        return None
    area = repo.street.area(digest["area"]).name
    lines = [tr(lang, "📋 Daily reminder for {area} ({day}):", area=area, day=digest["day"])]
    if digest["waiting"]:
        # a supervisor reads the queue, a volunteer decides it: "处理" told him to do
        # what he may not
        lines.append(tr(lang, WAITING if steward else WAITING_TO_READ, n=len(digest["waiting"])))
        lines += [tr(lang, "  #{id} {kind}, waiting {days} days", id=w["id"], days=w["days"],
                     kind=labels.label(labels.KIND, w["kind"], lang))
                  for w in digest["waiting"][:SHOWN]]
    if digest["stale"]:
        lines.append(tr(lang, "Reports without progress for 7 days or more ({n}):",
                        n=len(digest["stale"])))
        lines += [tr(lang, "  #{id} {text} — no progress for {days} days", id=s["id"],
                     text=s["text"], days=s["days"]) for s in digest["stale"][:SHOWN]]
        if steward:
            lines.append(tr(lang, "  To record progress: send /progress <number> <what was "
                                  "done>, or a photo with \"<number> <what was done>\" as its "
                                  "caption, e.g. {example}",
                            example=f"{digest['stale'][0]['id']} 已联系维修师傅"))
    if digest["closing"]:
        lines.append(tr(lang, "Votes closing within 3 days ({n}):", n=len(digest["closing"])))
        for c in digest["closing"][:SHOWN]:
            lines += closing_lines(c, lang)
    return "\n".join(lines)


def closing_lines(c: dict[str, Any], lang: str) -> list[str]:
    """A vote closing soon: who took part (owners, an owner of several flats once), and
    for a joint matter how far it stands from two thirds of the owners and the area."""
    if c.get("by_owner"):
        lines = [tr(lang, "  #{id} {title}, closes at the end of {deadline}: {voted} of {total} "
                          "owners voted ({participation}; {flats} of {all_flats} households)",
                    id=c["id"], title=c["title"], deadline=c["deadline"], voted=c["voted"],
                    total=c["total"], participation=c["participation"],
                    flats=c["households_voted"], all_flats=c["households_total"])]
    else:
        lines = [tr(lang, "  #{id} {title}, closes at the end of {deadline}: {voted} of "
                          "{total} owners voted ({participation})",
                    id=c["id"], title=c["title"], deadline=c["deadline"], voted=c["voted"],
                    total=c["total"], participation=c["participation"])]
    if c["quorum"] is None:
        return lines
    state = tr(lang, "reached") if c["quorum_met"] else \
        tr(lang, "not reached yet: {owners} more owner(s) and {area} m² more floor area must "
                 "take part", owners=c["owners_short"], area=c["area_short"])
    lines.append(tr(lang, "    the law needs two thirds of the owners ({owners} of {total}) and "
                          "of the floor area ({area} of {area_total} m²) to take part; floor "
                          "area so far: {area_voted} m² ({area_pct}): {state}",
                    owners=c["owners_needed"], total=c["total"], area=c["area_needed"],
                    area_total=c["area_total"], area_voted=c["area_voted"],
                    area_pct=c["area_participation"], state=state))
    return lines


def _digest_hour(repo: Any) -> int:
    return int(repo.settings.get("digest_hour", DEFAULT_DIGEST_HOUR))


def digest_due(hour: int, digest_hour: int) -> bool:
    """Whether the daily summary may go at ``hour`` (China time): in its hour, or later
    that day while it is still daytime (one missed: the bot was down then)."""
    return hour == digest_hour or (hour > digest_hour and hour in RESIDENT_HOURS)


async def send_digests(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Each area's daily summary, once a day at the digest hour (or later in the
    daytime); how many went."""
    repo = repo_of(context)
    now = repo.clock()
    if not digest_due(now.hour, _digest_hour(repo)):
        return 0
    sent = 0
    for area in [a.id for a in repo.street.areas]:
        key = f"digest:{area}:{now.date().isoformat()}"
        people = await read(recipients, repo, area)
        if {p["id"] for p in people} <= await read(repo.reminded, key):
            continue  # today's went already (the job looks every few minutes)
        digest = await read(repo.digest, area)
        new = set(await call(repo.claim_reminder, key, [p["id"] for p in people]))
        for person in people:
            if person["id"] not in new:
                continue
            text = await read(digest_text, repo, digest,
                              person.get("language") or DEFAULT_LANGUAGE,
                              bool(volunteer_areas(person) or is_admin(person)))
            if text is not None:
                sent += bool(await send_to_person(context, person, VERBATIM, text=text))
    return sent


VERBATIM = lazy("{text}")
VOTE_SOON = lazy("🗳 The vote on #{id} {title} closes at the end of {deadline}, and your "
                 "household has not voted yet. Vote with the buttons below, or press \"Vote\" "
                 "in the menu.")
# an election's, with its ballot's buttons as under its announcement (bot.handlers.ballot):
# it said 请点下方菜单的“投票”参加 and had none, a step more for a voter the day before
ELECTION_SOON = lazy("🗳 The election #{id} {title} closes at the end of {deadline}, and your "
                     "household has not voted yet. Tick candidates below and press \"Submit "
                     "ballot\", or press \"Vote\" in the menu.")
# A tenant cannot cast the owners' vote on a joint matter (art. 278): "vote with the
# buttons below" sent them to a refusal; the owner may not live there to be reminded.
OWNER_SOON = lazy("🗳 The vote on #{id} {title} closes at the end of {deadline}, and the owner "
                  "of your home has not voted yet. The owners decide it: please tell the owner, "
                  "who can vote here or sign a paper ballot with a volunteer.")


def _vote_buttons(proposal: Any, lang: str, tenant: bool) -> InlineKeyboardMarkup:
    rows: list[Sequence[InlineKeyboardButton]] = [] if tenant else \
        list(ballot_keyboard(proposal, lang).inline_keyboard) if is_election(proposal.data) \
        else [[button(labels.label(labels.CHOICE, c, lang), f"vote:{proposal.id}:{c}")
               for c in labels.CHOICE]]
    rows.append([button(tr(lang, "🔕 No more reminders"), f"{PREFIX}:off")])
    return InlineKeyboardMarkup(rows)


def _reminder(context: ContextTypes.DEFAULT_TYPE, proposal: Any, deadline: str,
              joint: bool) -> Any:
    """The function that reminds one person of this vote (a tenant, of a joint matter:
    to tell the owner, with no vote buttons)."""
    election = is_election(proposal.data)

    async def one(person: dict[str, Any]) -> int:
        lang = person.get("language") or DEFAULT_LANGUAGE
        tenant = joint and relation_of(person) == Relation.TENANT
        return bool(await send_to_person(
            context, person, OWNER_SOON if tenant else ELECTION_SOON if election else VOTE_SOON,
            reply_markup=_vote_buttons(proposal, lang, tenant), id=proposal.id,
            title=str(proposal.data.get("title") or ""), deadline=deadline))

    return one


async def send_vote_reminders(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Remind each resident whose household has not voted, two days before a vote
    closes (once, and not those who turned reminders off); how many were sent."""
    repo = repo_of(context)
    now = repo.clock()
    if now.hour not in RESIDENT_HOURS:  # not at midnight, when the date turns
        return 0
    today = now.date()
    sent = 0
    for proposal in await read(repo.entries, kind=Kind.PROPOSAL, status=Status.OPEN):
        deadline = date.fromisoformat(str(proposal.data.get("deadline"))[:10])
        if not 0 <= (deadline - today).days <= VOTE_REMINDER_DAYS:
            continue
        homes = set(await read(repo.not_voted, proposal.id))
        people = [p for p in await read(repo.people, resident_of=proposal.area)
                  if p.get("household") in homes and reminders_on(p) and p.get("telegram_id")]
        one = _reminder(context, proposal, deadline.isoformat(),
                        matter_of_proposal(proposal.data).joint)
        for start in range(0, len(people), CHUNK):
            chunk = people[start:start + CHUNK]
            new = set(await call(repo.claim_reminder, f"vote:{proposal.id}",
                                 [p["id"] for p in chunk]))
            sent += await fan_out([p for p in chunk if p["id"] in new], one)
    return sent


NIGHT_RESULT_DAYS = 2  # a result closed at night is still told this many days later
NIGHT_TOLD_KEY = "night_results_told"  # bot_data: the votes whose result went since start


def _closed_at_night(proposal: Any, since: str) -> bool:
    """Whether the system closed this vote at its deadline at night, since ``since``."""
    closed = next((h for h in reversed(proposal.history)
                   if h.get("to") == str(proposal.status)), None)
    if closed is None or closed.get("by") is not None or str(closed.get("at")) < since:
        return False
    return datetime.fromisoformat(str(closed["at"])).hour not in RESIDENT_HOURS


async def send_night_results(context: ContextTypes.DEFAULT_TYPE) -> int:
    """In the daytime, tell each resident the result of a vote closed at night (its
    deadline ends at midnight: ``closevote.close_due`` told only the volunteers then),
    once; how many were told. Each is recorded just before it is told (a sending a
    stop cut short goes on at the next run after the start; nobody is told twice:
    ``bot.notify.notify_once``), and each result is sent once per start (one it cannot
    reach is not tried again every few minutes)."""
    repo = repo_of(context)
    now = repo.clock()
    if now.hour not in RESIDENT_HOURS:
        return 0
    since = (now - timedelta(days=NIGHT_RESULT_DAYS)).isoformat(timespec="seconds")
    sent = 0
    finished: set[int] = context.bot_data.setdefault(NIGHT_TOLD_KEY, set())
    for status in (Status.PASSED, Status.FAILED):
        for proposal in await read(repo.entries, kind=Kind.PROPOSAL, status=status):
            kept = proposal.data.get("result") or {}
            if not kept or not _closed_at_night(proposal, since):
                continue
            result = dataclasses.replace(
                await read(repo.tally, proposal.id), passed=bool(kept.get("passed")),
                explanation_zh=str(kept.get("explanation_zh") or ""),
                explanation_en=str(kept.get("explanation_en") or ""))
            if proposal.id in finished:
                continue
            params = plain_result_params(proposal, result, result_url(context, proposal))
            people = await result_readers(context, proposal.area)
            sent += await notify_once(context, people, f"result:{proposal.id}", PLAIN_RESULT,
                                      **params)
            finished.add(proposal.id)
    return sent


async def remind(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The job: the summaries, the vote reminders and the night's results that are due."""
    sent = 0
    for step in (send_digests, send_vote_reminders, send_night_results,
                 resume_announcements):
        try:
            sent += await step(context)
        except Exception:  # noqa: BLE001 - one failing must not stop the other
            log.exception("reminders failed (%s)", step.__name__)
    return sent


def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Look for reminders every ``CHECK_EVERY`` seconds, from a minute after start."""
    if app.job_queue is not None:
        app.job_queue.run_repeating(cut_at_stop(remind), CHECK_EVERY, first=60.0, name="reminders")


async def on_switch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turns the person's reminders off (or on again) and says how to undo it."""
    await answer(update)
    query = update.callback_query
    choice = (query.data or "")[len(PREFIX) + 1:] if query else ""
    if choice not in ("off", "on") or button_args(update, PREFIX, choice, 0) is None:
        await refuse(update, context)
        return
    person = await person_of(update, context)
    await call(repo_of(context).set_reminders, person["id"], choice == "on")
    if choice == "off":
        await reply(update, t(context, "You will get no more vote reminders. Votes are still "
                                       "under \"Vote\" in the menu."),
                    reply_markup=InlineKeyboardMarkup([[button(
                        t(context, "🔔 Turn reminders back on"), f"{PREFIX}:on")]]))
    else:
        await reply(update, t(context, "Vote reminders are on again."))


HANDLERS = [CallbackQueryHandler(on_switch, pattern=f"^{PREFIX}:")]
