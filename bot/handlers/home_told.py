"""Who of an owner's flats is told which way a vote recorded for the owner went.

When a vote or ballot is recorded for an owner (a paper signature, or an online vote
that stands for the owner's other flats), the confirmed residents of those flats are
told. On a joint matter of the owners (Civil Code art. 278, an election included) the
owner's vote is theirs and their family's to know: a tenant of one of the flats, or a
resident who has not said how they stand to it (``relation.hides_home_vote``), is told
only that the owner's vote was recorded, how and by whom, not which way. Before, a
tenant of 市药材小区 2号楼 1单元 302 read 已为您家记录纸质签字“同意”……取代此前的“反对”
（网上投票）: the owner's online vote, which the volunteer recording the paper was told
is secret from everyone, and "press Vote to vote again", which a tenant cannot."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.entries import Entry

from ..context import read, repo_of
from ..i18n import lazy
from ..notify import notify_once
from .relation import hides_home_vote

__all__ = ["home_readers", "tell_hidden", "TOLD_HIDDEN", "HOW_BALLOT", "home_told_key"]

TOLD_HIDDEN = lazy("#{id} {title}: a vote of your home's owner was recorded ({how}, by "
                   "{role}). Which way is told only to the owner and the owner's family.")

HOW_BALLOT = {True: lazy("a paper ballot"), False: lazy("an online ballot")}


async def home_readers(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                       households: list[str], exclude: int
                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The confirmed residents of ``households`` (but the person ``exclude``): those
    told which way the owner's vote went, and those told only that it was recorded."""
    wanted = set(households)
    people = [p for p in await read(repo_of(context).people, resident_of=proposal.area)
              if p.get("household") in wanted and p["id"] != exclude]
    hidden = [p for p in people if hides_home_vote(p, proposal)]
    return [p for p in people if p not in hidden], hidden


def home_told_key(vote_id: int) -> str:
    """The ``db.reminders`` key of the residents told that vote (or ballot) ``vote_id``
    was recorded for their home's owner: each is told once (``notify_once``: recorded
    just before the message leaves), though the update that recorded it is handled
    again after a kill (``bot.handlers.paper_saved``, ``vote.finish_recorded``) or
    delivered again by Telegram."""
    return f"home:{vote_id}"


async def tell_hidden(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                      people: list[dict[str, Any]], key: str, **params: Any) -> int:
    """Tell ``people`` that the owner's vote was recorded (``how``, ``role``), not which
    way, each once for ``key`` (``home_told_key``); how many were reached now."""
    if not people:
        return 0
    return await notify_once(context, people, key, TOLD_HIDDEN, id=proposal.id,
                             title=proposal.data.get("title", ""), **params)
