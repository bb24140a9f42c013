"""The volunteer whose paper signature (or paper ballot) another volunteer's replaced.

Two volunteers at the same door at about the same moment, or a sheet entered for the
wrong room: the later paper signature for the same owner replaced the earlier one
silently; its recorder read "它取代了…", the earlier one was never told and went on
believing hers counted. The domain now refuses the later one until its recorder has
seen the earlier and confirmed (``db.votes``: ``VoteConflict`` over a paper signature);
once she has, the earlier recorder is told here what replaced hers, by which role, so
that she can check with her colleague whether the owner did sign twice.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry

from ..context import repo_of
from ..i18n import lazy
from ..notify import Msg, notify_author_once

__all__ = ["tell_earlier_recorder", "SIGNATURE_REPLACED", "BALLOT_REPLACED"]

SIGNATURE_REPLACED = lazy(
    "The paper signature you recorded on #{proposal} for {household} (“{old}”, {at}) no "
    "longer counts: {role} recorded a paper signature “{choice}” for the same owner after "
    "it and confirmed that it replaces yours. Only the later one counts; both stay on "
    "record. If the owner did not sign twice, check with {role}.")
BALLOT_REPLACED = lazy(
    "The paper ballot you recorded in election #{proposal} for {household} ({old}, {at}) no "
    "longer counts: {role} recorded a paper ballot ({choice}) for the same owner after it "
    "and confirmed that it replaces yours. Only the later one counts; both stay on record. "
    "If the owner did not sign twice, check with {role}.")
BLANK = "a blank ballot (nobody backed)"  # ``bot.handlers.ballot``'s words for it


async def tell_earlier_recorder(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                                vote: Entry, previous: Entry | None,
                                person: dict[str, Any]) -> int:
    """When ``vote``, a paper signature ``person`` recorded, replaced ``previous``, a paper
    signature another volunteer recorded: tell her, once (``notify_author_once``: the
    update may be handled again after a kill); how many messages went now (0: none)."""
    if previous is None or not (vote.data.get("paper") and previous.data.get("paper")) or \
            previous.author in (None, person["id"]):
        return 0
    try:
        place = repo_of(context).street.household_label(str(previous.data["household"]))
    except KeyError:
        place = str(previous.data["household"])
    election = proposal.data.get("election")
    old: Any
    new: Any
    if election:
        titles = {int(c["n"]): c["title"] for c in election["candidates"]}

        def backed(v: Entry) -> str:
            return "、".join(f"{n} {titles.get(int(n), '?')}"
                            for n in v.data.get("backs") or []) or Msg(BLANK)
        old, new, msgid = backed(previous), backed(vote), BALLOT_REPLACED
    else:
        old, new = labels.CHOICE[previous.data["choice"]], labels.CHOICE[vote.data["choice"]]
        msgid = SIGNATURE_REPLACED
    return await notify_author_once(context, previous, f"replaced:{previous.id}", msgid,
                                    proposal=proposal.id, household=place, old=old,
                                    choice=new, role=vote.author_role,
                                    at=previous.created[:16].replace("T", " "))
