"""What one recording a ballot is shown of the ballot recorded before, when theirs would
replace it (``db.votes.VoteConflict``), and the question whether to record theirs: how
an owner voted online is said to nobody, volunteers included (``paper_earlier``)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.entries import Entry
from db.errors import DomainError

from ..context import read, repo_of, t
from ..i18n import lazy
from .paper_earlier import former_of

__all__ = ["conflict", "BALLOT_ONLINE", "backs_text", "backs_or_blank"]


def backs_text(proposal: Entry, backs: list[int]) -> str:
    """The backed candidates by number and title ("1 候选人甲、3 候选人丙"); "" for none."""
    titles = {int(c["n"]): c["title"] for c in proposal.data["election"]["candidates"]}
    return "、".join(f"{n} {titles.get(n, '?')}" for n in backs)


def backs_or_blank(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   backs: list[int]) -> str:
    return backs_text(proposal, backs) or t(context, "a blank ballot (nobody backed)")


async def conflict(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, exc: DomainError,
                   backs: list[int], *, paper: bool) -> str:
    p = exc.params
    try:
        place = await read(repo_of(context).street.household_label, str(p["household"]))
    except KeyError:
        place = str(p["household"])
    at = str(p["at"])[:16].replace("T", " ")
    former = await former_of(context, proposal, p)  # cast by people who left it since
    if p.get("backs") is None:  # an online ballot asked about by a volunteer: never whom
        online = {"owner": FORMER_OWNER_BALLOT, "residents": FORMER_RESIDENTS_BALLOT}
        said = t(context, online.get(former, BALLOT_ONLINE), household=place, at=at)
    else:
        earlier = [int(b) for b in p.get("backs") or []]  # type: ignore[attr-defined]
        how = t(context, "a paper ballot") if p["paper"] else t(context, "an online ballot")
        recorded = FORMER_OWNER_BALLOT_SAID if former == "owner" else RECORDED
        said = t(context, recorded, household=place, how=how, at=at, role=p["role"],
                 backs=backs_or_blank(context, proposal, earlier))
    return "\n".join((
        said,
        t(context, "Record this ballot ({backs}) instead? The later one counts; both stay on "
                   "record, and the household's residents are told.",
          backs=backs_or_blank(context, proposal, backs))))


BALLOT_ONLINE = lazy("For {household}, the owner already cast an online ballot, on {at}. How "
                     "anyone voted online is secret: it is shown to nobody, volunteers "
                     "included.")
RECORDED = lazy("For {household}, {how} was already recorded on {at} by {role}: {backs}.")
FORMER_OWNER_BALLOT = lazy("For {household}, its former owner (before the flat was sold) "
                           "already cast an online ballot, on {at}. How anyone voted online "
                           "is secret: it is shown to nobody, volunteers included.")
FORMER_RESIDENTS_BALLOT = lazy("For {household}, the residents who have since moved out "
                               "already cast an online ballot, on {at}. How anyone voted "
                               "online is secret: it is shown to nobody, volunteers "
                               "included.")
FORMER_OWNER_BALLOT_SAID = lazy("For {household}, its former owner's {how} (before the flat "
                                "was sold) was already recorded on {at} by {role}: {backs}.")
