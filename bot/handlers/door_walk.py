"""Opening a door-to-door walk at each press (``bot.handlers.paper_doors`` for a vote's
paper signatures, ``bot.handlers.ballot_doors`` for an election's paper ballots): the
vote or election, its households still to visit in street order and its frozen list of
households, checked again from what the press carries."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Entry, Kind
from db.errors import DomainError

from ..context import read, reply, repo_of
from ..flows import refuse
from .early_close import vote_error
from .paper_walk import in_street_order

__all__ = ["open_walk"]


async def open_walk(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                    proposal_id: int, *, election: bool
                    ) -> tuple[Entry, list[str], list[str]] | None:
    """(the vote, or the election when ``election``, its households not voted yet in
    street order, its frozen list of households), or None when refused (said so): the
    caller a volunteer of its area (``doors_to_visit`` checks the role), at every press."""
    repo = repo_of(context)
    try:
        proposal = await read(repo.entry, proposal_id)
        if proposal.kind != Kind.PROPOSAL or bool(is_election(proposal.data)) != election:
            await refuse(update, context)
            return None
        left = await read(repo.doors_to_visit, person["id"], proposal_id)
        everyone = sorted((await read(repo.voters, proposal.id)).voter_of)
    except DomainError as exc:
        await reply(update, vote_error(context, exc))
        return None
    return proposal, await read(in_street_order, repo, proposal.area, left), everyone
