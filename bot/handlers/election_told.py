"""A committee election announced to its area's residents (``election.py`` opens it,
``vote_opened`` finishes the telling after a stop): with the ballot's buttons to those
who may cast their home's ballot, and to a tenant (an election is a joint matter of the
owners, Civil Code art. 278 item 3) without them, asking them to tell the owner: a
tenant ticked a candidate into a refusal, and the owner, who may live elsewhere, never
heard."""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.entries import Entry
from db.matters import matter

from ..i18n import lazy
from ..notify import notify_once, opened_key
from .ballot import ANNOUNCED, ballot_keyboard
from .propose_words import tenants_apart

__all__ = ["announce_election", "TENANT_ELECTION"]

TENANT_ELECTION = lazy("Committee election #{id}: {title}\n{seats} seats; the candidates:\n"
                       "{candidates}\nVoting closes at the end of {deadline}. The owners "
                       "elect the committee (Civil Code art. 278): please tell the owner of "
                       "your home, who can vote here or sign a paper ballot with a volunteer.")


async def announce_election(context: ContextTypes.DEFAULT_TYPE, election: Entry) -> int:
    """Tell the residents of the election's area, each in their language, with the
    ballot's buttons under it (the same as /vote's: a resident votes from the
    announcement, checked as any ballot is), a tenant without them; how many were
    reached."""
    spec = election.data["election"]
    listed = "\n".join(f"{c['n']}. {c['title']}" for c in spec["candidates"])
    params = {"id": election.id, "title": election.data.get("title", ""),
              "seats": spec["seats"], "candidates": listed,
              "deadline": str(election.data.get("deadline", ""))[:10]}
    voters, tenants = await tenants_apart(context, election.area, matter("committee_election"))
    return await notify_once(context, voters, opened_key(election.id), ANNOUNCED,
                             markup=lambda lang: ballot_keyboard(election, lang), **params
                             ) + await notify_once(context, tenants, opened_key(election.id),
                                                   TENANT_ELECTION, **params)
