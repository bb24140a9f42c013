"""/vote (投票): the open proposals of the resident's area, each with its
description, budget, rule, deadline and participation, and agree / disagree /
abstain buttons. One vote per household: a later vote replaces the earlier
one, and the bot says so. The repository enforces who may vote on what; the
buttons (``vote:<proposal>:<choice>``) are checked before it is asked.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.money import format_fen
from db.tally import Choice

from ..commands import Audience, Command
from ..context import call, error_text, read, reply, repo_of, t, word
from ..flows import answer, refuse
from ..keyboards import button, parse_ints
from ..ratelimit import allow_submission
from ..resident import RATE_LIMITED, require_resident

__all__ = ["COMMANDS", "HANDLERS", "proposal_text", "MAX_LISTED"]

PREFIX = "vote"
MAX_LISTED = 10


async def proposal_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        household: str | None) -> str:
    """What a resident needs to decide, in their language."""
    repo = repo_of(context)
    d = proposal.data
    tally = await read(repo.tally, proposal.id)
    lines = [t(context, "Proposal #{id}: {title}", id=proposal.id, title=d.get("title", "")),
             str(d.get("description") or ""),
             t(context, "Budget: {amount}", amount=format_fen(int(d.get("budget_fen") or 0))),
             t(context, "Decision rule: {rule}", rule=word(context, labels.RULE, d.get("rule"))),
             t(context, "Voting closes: {deadline}", deadline=str(d.get("deadline", ""))[:10]),
             t(context, "Participation so far: {voted} of {total} households ({pct}%)",
               voted=tally.households_voted, total=tally.households_total,
               pct=tally.participation_households_pct)]
    if household:
        mine = await read(repo.household_vote, proposal.id, household)
        if mine is not None:
            lines.append(t(context, "Your household voted: {choice}. You may change it.",
                           choice=word(context, labels.CHOICE, mine)))
    return "\n".join(line for line in lines if line)


def _keyboard(context: ContextTypes.DEFAULT_TYPE, proposal_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        button(word(context, labels.CHOICE, choice), f"{PREFIX}:{proposal_id}:{choice}")
        for choice in labels.CHOICE
    ]])


async def vote_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the area's open proposals, each with its voting buttons."""
    who = await require_resident(update, context)
    if who is None:
        return
    person, area = who
    repo = repo_of(context)
    proposals = await read(repo.entries, area=area, kind=Kind.PROPOSAL, status=Status.OPEN)
    if not proposals:
        await reply(update, t(context, "No proposal is open for voting in {area} right now.",
                              area=repo.street.area(area).name))
        return
    # One message per proposal, its buttons under it; the first also says how.
    intro = t(context, "Open proposals: one vote per household. Press a button under a "
                       "proposal to vote.")
    for n, proposal in enumerate(proposals[-MAX_LISTED:]):
        text = await proposal_text(context, proposal, person.get("household"))
        await reply(update, f"{intro}\n\n{text}" if n == 0 else text,
                    reply_markup=_keyboard(context, proposal.id))


async def on_vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the household's vote (``vote:<proposal id>:<agree|disagree|abstain>``)."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ids = parse_ints(fields[1:2]) if len(fields) == 3 and fields[0] == PREFIX else None
    if not ids or fields[2] not in {c.value for c in Choice}:
        await refuse(update, context)
        return
    who = await require_resident(update, context)
    if who is None:
        return
    person, _ = who
    if not allow_submission(context, person["telegram_id"]):
        await refuse(update, context, t(context, RATE_LIMITED))
        return
    repo = repo_of(context)
    try:
        vote, previous = await call(repo.cast_vote, person["id"], ids[0], fields[2])
    except DomainError as exc:
        await refuse(update, context, error_text(context, exc))
        return
    proposal = await read(repo.entry, ids[0])
    choice = word(context, labels.CHOICE, vote.data["choice"])
    if previous is None:
        text = t(context, "Recorded: your household votes \"{choice}\" on proposal #{id}.",
                 choice=choice, id=proposal.id)
    else:
        text = t(context, "Your household's earlier vote \"{old}\" on proposal #{id} was "
                          "replaced by \"{choice}\". Only the latest vote of a household "
                          "counts.", old=word(context, labels.CHOICE, previous.data["choice"]),
                 choice=choice, id=proposal.id)
    tally = await read(repo.tally, proposal.id)
    text += "\n" + t(context, "Participation so far: {voted} of {total} households ({pct}%)",
                     voted=tally.households_voted, total=tally.households_total,
                     pct=tally.participation_households_pct)
    await reply(update, text)


def vote_keyboard(context: ContextTypes.DEFAULT_TYPE, proposal_id: int) -> Any:
    """The agree / disagree / abstain buttons, for announcements of a new proposal."""
    return _keyboard(context, proposal_id)


COMMANDS = [
    Command("vote", "Vote on a proposal for your household", vote_command,
            audience=Audience.RESIDENT, menu_label="Vote", order=30),
]

HANDLERS = [CallbackQueryHandler(on_vote, pattern=f"^{PREFIX}:")]
