"""A door-to-door walk at each press (``bot.handlers.paper_doors`` for a vote's paper
signatures, ``bot.handlers.ballot_doors`` for an election's paper ballots, each with its
own button prefix): opened (the vote or election, its households still to visit in
street order and its frozen list of households, checked again from what the press
carries), its building units shown, a unit's rooms shown."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Entry, Kind
from db.errors import DomainError

from ..context import read, reply, repo_of, t
from ..flows import refuse
from . import paper_walk as walk
from .early_close import vote_error
from .paper_walk import in_street_order

__all__ = ["open_walk", "show_units", "show_rooms"]


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


async def show_units(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                     left: list[str], everyone: list[str], page: int = 0, *,
                     prefix: str = walk.PREFIX) -> None:
    """The units with households left, a page of them (the first if ``page`` has none)."""
    if not left:
        await reply(update, t(context, "Every household's owner has voted."))
        return
    found = await read(walk.units, repo_of(context), left, everyone)
    at = page if page * walk.MAX_UNITS < len(found) else 0
    await reply(update, t(context, "#{id}: {n} households not voted yet. Which building unit?",
                          id=proposal.id, n=len(left)),
                reply_markup=walk.units_markup(context, proposal.id, found, at, prefix=prefix))


async def show_rooms(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                     household: str, left: list[str], everyone: list[str], *,
                     prefix: str = walk.PREFIX, room: str = "h") -> None:
    """The rooms of ``household``'s unit not voted yet (or that there are none, and the
    other units); a room's button is ``<prefix>:<room>:...``."""
    unit, rooms = await read(walk.rooms, repo_of(context), household, left, everyone)
    if not rooms:
        await reply(update, t(context, "Every household of {unit} has voted.", unit=unit))
        await show_units(update, context, proposal, left, everyone, prefix=prefix)
        return
    await reply(update, t(context, "#{id} {unit}: {n} not voted yet. Which room?",
                          id=proposal.id, unit=unit, n=len(rooms)),
                reply_markup=walk.rooms_markup(context, proposal.id, rooms, prefix, room=room))
