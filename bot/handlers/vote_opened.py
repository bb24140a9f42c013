"""A vote opened just before the bot stopped, its residents not all told.

Opening a proposal (/propose) or an election (/election) is one write, then a
message to each resident of the area, with the vote's buttons. When the bot dies in
between (a crash, ``kill -9``, a reboot), the press is handled again at the next start
and the store says it wrote already (``bot.state.Keeper``): nothing is written twice.
Before, the volunteer was only told "already saved, press Mine" and the residents not
reached before the stop never heard that the vote was open. ``finish_saved`` tells
them now (``bot.notify.notify_once`` recorded each just before her message left;
nobody is told twice, one whose message was on its way at the stop is not sent it
again: at most once, ``bot.sending.paced`` says why), and tells the volunteer the
vote is open and how many residents were told, as the press would have.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind, Status

from ..context import person_of, read, reply, repo_of, t
from ..flows import SEAL, current_draft
from ..notify import opened_key, told_of
from . import election, proposals
from .called_confirm import HIDE, as_pressed
from .election_told import announce_election
from .paper import paper_hint

__all__ = ["finish_saved"]

# the confirming buttons of each flow that opens a vote: (flow, proposal or election);
# a proposal's 隐去“老杨”再发 opened it with its title masked (``called_confirm``)
_OPENING = {f"{proposals.PREFIX}:ok:1": (proposals.PROPOSE, False),
            f"{proposals.PREFIX}:ok:{HIDE}": (proposals.PROPOSE, False),
            f"{election.PREFIX}:ok:1": (election.FLOW, True)}


async def _opened(context: ContextTypes.DEFAULT_TYPE, author: int, area: str, title: str,
                  is_election: bool) -> Entry | None:
    """The open vote this volunteer opened in ``area`` from the draft titled ``title``
    (the newest of them)."""
    found = [p for p in await read(repo_of(context).entries, kind=Kind.PROPOSAL,
                                   status=Status.OPEN)
             if p.author == author and p.area == area
             and bool(p.data.get("election")) == is_election
             and p.data.get("title") == title]
    return found[-1] if found else None


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell the residents not yet told of the vote ``update`` opened before the bot
    stopped, and the volunteer that it is open; whether it was such a press."""
    query = update.callback_query
    opening = _OPENING.get((query.data or "").split(SEAL, 1)[0]) if query else None
    if opening is None or update.effective_user is None:
        return False
    flow, is_election = opening
    d = current_draft(context, flow)
    if not d or not d.get("area"):
        return False
    person = await person_of(update, context)
    [title] = as_pressed(update, proposals.PREFIX, [str(d.get("title") or "")]) \
        if not is_election else [str(d.get("title") or "")]
    vote = await _opened(context, person["id"], d["area"], title, is_election)
    if vote is None:
        return False
    if is_election:
        await announce_election(context, vote)
        told = await told_of(context, opened_key(vote.id))
        said = t(context, "Election #{id} is open; {n} residents were told.", id=vote.id,
                 n=told)
    else:
        await proposals.announce_proposal(context, vote)
        told = await told_of(context, opened_key(vote.id))
        said = t(context, "Proposal #{id} is open for voting; {n} residents were told.",
                 id=vote.id, n=told)
    await reply(update, "\n".join(line for line in (said, await paper_hint(context, vote))
                                  if line))
    return True
