"""How a flat's vote cast by its former residents is told (``db.moving``): it counts for
the flat until someone living there now votes, and which way it went is theirs, not the
flat's new people's (nor is the new people's vote told to the former residents). Used by
/vote, a vote's confirmation, 我的 and an election ballot's confirmation."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.entries import Entry
from db.errors import DomainError

from .context import entry_or_none, read, repo_of
from .i18n import lazy

__all__ = ["cast_by_former", "home_vote_by_former", "former_signature", "FORMER_SUMMARY",
           "FORMER_VOTED", "FORMER_REPLACED", "FORMER_BALLOT_REPLACED", "REPLACED_AFTER_LEAVING",
           "REPLACED_BY_OTHER_FLAT_AFTER_LEAVING", "EARLIER_VOTED", "EARLIER_REPLACED",
           "EARLIER_SUMMARY", "EARLIER_BALLOT_REPLACED",
           "former_said", "replaced_said", "summary_said", "ballot_replaced_said",
           "OTHER_FLAT_VOTED", "SOLD_FLAT_VOTED", "OTHER_FLAT_REPLACED", "OTHER_FLAT_SUMMARY",
           "OTHER_FLAT_BALLOT_REPLACED"]

FORMER_VOTED = lazy("This flat's former residents voted before it changed hands; their vote "
                    "counts for the flat until your household votes (which way they voted is "
                    "not told).")
FORMER_REPLACED = lazy("Recorded: your household votes \"{choice}\" on proposal #{id}. It "
                       "replaces the vote the flat's former residents cast before it changed "
                       "hands.")
FORMER_BALLOT_REPLACED = lazy("It replaces the ballot the flat's former residents cast before it "
                              "changed hands.")
FORMER_SUMMARY = lazy("{summary} (replaces the vote of the flat's former residents)")
# A vote recorded for the flat before the household living there now registered, nothing
# saying the flat was left since (``Repository.before_household``): who cast it is not
# known (a paper signature for a flat nobody had registered may be the household's own).
EARLIER_VOTED = lazy("A vote was recorded for this flat before your household registered; it "
                     "counts for the flat until your household votes (which way it went is "
                     "not told here).")
EARLIER_REPLACED = lazy("Recorded: your household votes \"{choice}\" on proposal #{id}. It "
                        "replaces the vote recorded for this flat before your household "
                        "registered.")
EARLIER_SUMMARY = lazy("{summary} (replaces the vote recorded for this flat before your "
                       "household registered)")
EARLIER_BALLOT_REPLACED = lazy("It replaces the ballot recorded for this flat before your "
                               "household registered.")
# The same, cast from another flat of the same owner by people who have left it since
# (``home_vote_by_former``): they are not "this flat's former residents".
OTHER_FLAT_VOTED = lazy("Someone who has since moved out of another flat of the same owner "
                        "voted from it; that vote counts for the owner until your household "
                        "votes (which way it went is not told).")
# Cast for the owner from another of her flats before or after this one changed hands
# during the vote: the flat's former owner's (``home_vote_by_former``).
SOLD_FLAT_VOTED = lazy("This flat's former owner voted from another flat they own; that vote "
                       "counts for this flat until your household votes (which way it went "
                       "is not told).")
# The same when the flat is not known to have been sold (``Repository.sold_during``: a
# newcomer who has not said how he stands to it, or says he rents it): it read 这套房原来的
# 业主 to a tenant of the owner who voted.
OWNER_BEFORE_VOTED = lazy("Before your household moved in, this flat's owner voted from another "
                          "flat they own; that vote counts for this flat until your household "
                          "votes (which way it went is not told).")
OTHER_FLAT_REPLACED = lazy("Recorded: your household votes \"{choice}\" on proposal #{id}. It "
                           "replaces the vote cast from another flat of the same owner by "
                           "someone who has since moved out of it.")
OTHER_FLAT_SUMMARY = lazy("{summary} (replaces the vote cast from another flat of the same "
                          "owner by someone who has since moved out of it)")
OTHER_FLAT_BALLOT_REPLACED = lazy("It replaces the ballot cast from another flat of the same "
                                  "owner by someone who has since moved out of it.")
REPLACED_BY_OTHER_FLAT_AFTER_LEAVING = lazy("replaced: a vote from another flat of the same "
                                            "owner, after you moved out, counts now")
REPLACED_AFTER_LEAVING = lazy("replaced: a vote of the flat's residents after you moved out "
                              "counts now")


async def cast_by_former(context: ContextTypes.DEFAULT_TYPE, vote: Entry | None) -> bool:
    """Whether ``vote`` (None: no vote) was cast for its flat by people who no longer
    live there (``Repository.by_former``)."""
    return vote is not None and bool(await read(repo_of(context).by_former, vote.id))


async def home_vote_by_former(context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                              household: str | None, viewer: int | None = None) -> bool:
    """Whether the vote counted now for ``household``'s owner on the proposal was cast by
    people who no longer live in the flat it was cast for: that flat's former residents,
    or those of another flat of the same owner (she moved out of it, or it was sold);
    or cast from another flat of the owner while ``household`` changed hands since voting
    opened (the former owner's, not its buyer's: ``Repository.for_former_owner``; a flat
    the buyer bought with it is his, and his vote is told to its people). Which way it
    went is theirs, told to nobody living in the owner's flats now but its author
    (``viewer``, a person id: she moved to the owner's other flat)."""
    if not household:
        return False
    repo = repo_of(context)
    vote = await read(repo.household_vote_entry, proposal_id, household)
    if vote is None or (viewer is not None and vote.author == viewer):
        return False
    if vote.data.get("household") != household and \
            await read(repo.for_former_owner, proposal_id, household, vote.id):
        return True  # the former owner's, from her other flat: this flat was sold since
        # (not a flat its buyer bought with this one: his family's is his vote)
    return await cast_by_former(context, vote)


async def former_signature(context: ContextTypes.DEFAULT_TYPE,
                           conflict: DomainError) -> int | None:
    """The vote a resident's online vote would replace (``db.votes.VoteConflict``) when it
    is a paper signature the flat's former residents gave, else None: his vote replaces
    it as any later vote of the household does (``db.moving``), without asking him over
    it, which showed him which way they signed."""
    earlier = conflict.params.get("earlier")
    vote = await entry_or_none(context, earlier) if isinstance(earlier, int) else None
    if vote is None or not vote.data.get("paper") or not await cast_by_former(context, vote):
        return None
    return vote.id


async def former_said(context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                      household: str) -> Any:
    """How the vote counted now for ``household`` is told when ``home_vote_by_former``:
    ``EARLIER_VOTED`` when it was recorded before the household registered, else
    ``FORMER_VOTED``."""
    repo = repo_of(context)
    vote = await read(repo.household_vote_entry, proposal_id, household)
    if vote is not None and vote.data.get("household") != household:
        if not await read(repo.for_former_owner, proposal_id, household, vote.id):
            return OTHER_FLAT_VOTED
        known = await read(repo.sold_during, proposal_id, household)
        return SOLD_FLAT_VOTED if known else OWNER_BEFORE_VOTED
    earlier = vote is not None and bool(await read(repo.before_household, vote.id))
    return EARLIER_VOTED if earlier else FORMER_VOTED


async def replaced_said(context: ContextTypes.DEFAULT_TYPE, previous: Entry,
                        household: str | None = None) -> Any:
    """``FORMER_REPLACED``, or ``EARLIER_REPLACED`` for a vote recorded before the
    household registered (``former_said``), or ``OTHER_FLAT_REPLACED`` for one cast from
    another flat than ``household``."""
    return await _said(context, previous, EARLIER_REPLACED, FORMER_REPLACED,
                       OTHER_FLAT_REPLACED, household)


async def summary_said(context: ContextTypes.DEFAULT_TYPE, previous: Entry,
                       household: str | None = None) -> Any:
    """How 我的 tells that a vote replaced ``previous``, cast by the flat's former residents
    (``cast_by_former``): ``FORMER_SUMMARY``, or ``EARLIER_SUMMARY`` (``former_said``), or
    ``OTHER_FLAT_SUMMARY``."""
    return await _said(context, previous, EARLIER_SUMMARY, FORMER_SUMMARY,
                       OTHER_FLAT_SUMMARY, household)


async def ballot_replaced_said(context: ContextTypes.DEFAULT_TYPE, previous: Entry,
                               household: str | None = None) -> Any:
    """How a ballot's confirmation tells that it replaced ``previous``, the flat's former
    residents' (``cast_by_former``): ``FORMER_BALLOT_REPLACED``, or
    ``EARLIER_BALLOT_REPLACED`` (``former_said``), or ``OTHER_FLAT_BALLOT_REPLACED``."""
    return await _said(context, previous, EARLIER_BALLOT_REPLACED, FORMER_BALLOT_REPLACED,
                       OTHER_FLAT_BALLOT_REPLACED, household)


async def _said(context: ContextTypes.DEFAULT_TYPE, previous: Entry, earlier: Any,
                former: Any, other: Any, household: str | None) -> Any:
    """``other`` when ``previous`` was cast for another flat (of the same owner) than
    ``household``; ``earlier`` when it was recorded before the household living in its
    flat now registered (``Repository.before_household``: who cast it is not known), else
    ``former``."""
    if household and previous.data.get("household") != household:
        return other
    return earlier if await read(repo_of(context).before_household, previous.id) else former
