"""What a volunteer (or a resident) is shown of the vote recorded before, when the one
they are recording would replace it (``db.votes.VoteConflict``), and the question
whether to record theirs instead.

How an owner voted online is said to nobody: the site and the tallies never say it,
and neither does the bot. A volunteer about to record a paper signature over an online
vote read 东小区 1号楼 1单元 101 已在 … 由居民记录了网上投票：“同意”: door to door, she
learned how the household voted. The domain no longer gives its choice in that case
(``choice`` None) and she reads that the owner voted online, and when, never which way.
A paper signature asked about (by a volunteer recording another, or by the resident
voting online over it) is still shown as signed: the volunteers saw the sheet.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.tally import Choice

from ..context import drop_buttons, entry_or_none, read, reply, repo_of, t, word
from ..flows import keyboard
from ..i18n import lazy

__all__ = ["HOW", "conflict_text", "keep_earlier", "same_as_earlier", "VOTED_ONLINE",
           "REPLACED_ONLINE", "former_of", "SOLD_ASK", "SOLD_BALLOT_ASK", "sold_markup"]

HOW = {True: lazy("a paper signature"), False: lazy("an online vote")}

# A flat of an owner of several whose people changed during the vote, nothing saying
# whether it was sold (a newcomer who has not answered the bot, a tenant who said 我搬走了
# herself): its signature counted as a buyer's, the owner counted twice if it was let.
# Asked before a paper signature (``bot.handlers.paper``) or a paper ballot
# (``bot.handlers.ballot``) is recorded, typed or by the door walk's buttons.
SOLD_ASK = lazy("The people who lived in {household} moved out during this vote, and nothing "
                "says whether the flat was sold. Who signed this paper (“{choice}”)? Sold: it "
                "counts for this flat alone. Not sold: it is the owner's one vote, for all the "
                "flats they own.")
SOLD_BALLOT_ASK = lazy("The people who lived in {household} moved out during this election, "
                       "and nothing says whether the flat was sold. Who filled in this paper "
                       "ballot? Sold: it counts for this flat alone. Not sold: it is the "
                       "owner's one ballot, for all the flats they own.")
SOLD_YES = lazy("The new owner (the flat was sold)")
SOLD_NO = lazy("The owner (not sold: let or lent)")


def sold_markup(context: ContextTypes.DEFAULT_TYPE, data: str) -> InlineKeyboardMarkup:
    """The two answers to ``SOLD_ASK``: ``<data>:1`` (sold) and ``<data>:0`` (not sold)."""
    return keyboard([(t(context, SOLD_YES), f"{data}:1"), (t(context, SOLD_NO), f"{data}:0")],
                    1)


async def conflict_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        exc: DomainError, choice: Choice | str, *, paper: bool,
                        household: str | None = None) -> str:
    """What was recorded before, and the question whether to replace it; when the earlier
    vote is of another flat of the same owner than ``household`` (the one voted for),
    it says so first (a volunteer recording 302 was shown 301's vote without why)."""
    repo = repo_of(context)
    p = exc.params
    try:
        place = repo.street.household_label(str(p["household"]))
    except KeyError:
        place = str(p["household"])
    owner = ""
    if household and household != str(p["household"]):
        try:
            asked = repo.street.household_label(household)
        except KeyError:
            asked = household
        owner = t(context, await _whose(context, proposal, household, p), asked=asked,
                  household=place) + "\n"
    at = str(p["at"])[:16].replace("T", " ")
    former = "" if owner else await former_of(context, proposal, p)
    if p.get("choice") is None:  # an online vote asked about by a volunteer: never which way
        said = {"owner": FORMER_OWNER_ONLINE, "residents": FORMER_RESIDENTS_ONLINE}
        earlier = owner + t(context, said.get(former, VOTED_ONLINE), household=place, at=at)
    else:
        signed = FORMER_OWNER_SIGNED if former == "owner" else RECORDED
        earlier = owner + t(context, signed, household=place,
                            how=t(context, HOW[bool(p["paper"])]), at=at, role=p["role"],
                            choice=word(context, labels.CHOICE, p["choice"]))
    ask = t(context, "Record {how} “{choice}” on #{id} instead? The later vote counts; both stay "
                     "on record, and the household's residents are told.",
            how=t(context, HOW[paper]), choice=word(context, labels.CHOICE, choice),
            id=proposal.id)
    return f"{earlier}\n{ask}"


# A flat sold during the vote (``db.votes``): the earlier vote was cast for a flat that is
# another owner's now, or the street file, corrected since, joins the flat to its buyer's.
SOLD_AWAY = lazy("{household} was sold during the vote: the vote recorded for it before the "
                 "sale was its former owner's, who owns {asked} too, and counts for {asked} "
                 "until a vote is recorded for {asked}.")
ONE_OWNER = lazy("{asked} and {household} have one owner, who has one vote.")
JOINED = lazy("{asked} was sold during the vote; the corrected street file lists it under the "
              "same owner as {household}. One owner has one vote.")


async def _whose(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, household: str,
                 params: dict[str, Any]) -> Any:
    """Why the earlier vote, cast for another flat than ``household``, is asked about: one
    owner's flats; or its flat was sold during the vote (``SOLD_AWAY``); or ``household``,
    sold during the vote, joins its buyer's flats (``JOINED``)."""
    earlier = params.get("earlier")
    vote = await entry_or_none(context, earlier) if isinstance(earlier, int) else None
    voters = await read(repo_of(context).voters, proposal.id)
    mine = voters.voter_of.get(household)
    if vote is not None and vote.data.get("voter") and mine != vote.data["voter"]:
        return JOINED
    if voters.voter_of.get(str(params["household"])) != mine:
        return SOLD_AWAY
    return ONE_OWNER


# The earlier vote was cast for this very flat by people who have left it since
# (``Repository.by_former``): by its former owner when it is known to have been sold during
# the vote (``Repository.sold_during``), else by its former residents (let, or not known).
# Never named. It read 101 的业主已于……投过票, as if the owner now had voted.
RECORDED = lazy("For {household}, {how} was already recorded on {at} by {role}: “{choice}”.")
FORMER_OWNER_ONLINE = lazy("For {household}, its former owner (before the flat was sold) "
                           "already voted online, on {at}. How anyone voted online is "
                           "secret: it is shown to nobody, volunteers included.")
FORMER_RESIDENTS_ONLINE = lazy("For {household}, the residents who have since moved out "
                               "already voted online, on {at}. How anyone voted online is "
                               "secret: it is shown to nobody, volunteers included.")
FORMER_OWNER_SIGNED = lazy("For {household}, its former owner's {how} (before the flat was "
                           "sold) was already recorded on {at} by {role}: “{choice}”.")


async def former_of(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                    params: dict[str, Any]) -> str:
    """Who cast the earlier vote (``params``: a ``VoteConflict``'s) for its flat, when they
    no longer live there: "owner" (the flat was sold during the vote), "residents" (they
    moved out, the flat let or not known to be sold; a paper signature is the owner's:
    not said), "" when they still live there or it is not known who cast it."""
    earlier = params.get("earlier")
    vote = await entry_or_none(context, earlier) if isinstance(earlier, int) else None
    if vote is None or vote.kind != Kind.VOTE:
        return ""
    repo = repo_of(context)
    if not await read(repo.by_former, vote.id) or await read(repo.before_household, vote.id):
        return ""
    if await read(repo.sold_during, proposal.id, str(params["household"])):
        return "owner"
    return "" if params.get("paper") else "residents"


VOTED_ONLINE = lazy("For {household}, the owner already voted online, on {at}. How anyone "
                    "voted online is secret: it is shown to nobody, volunteers included.")
REPLACED_ONLINE = lazy("It replaces the owner's earlier online vote (how it went stays secret).")


async def keep_earlier(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       earlier: list[int] | None) -> None:
    """"Keep the online vote" (``pp:n:<proposal>:<earlier vote>``, as ``pb:n``): nothing is
    recorded; said so, and, when the vote it named no longer counts (the paper signature
    was recorded meanwhile, with the other button), that it was replaced. Before, such a
    press said the earlier vote stays. (A button from before it named the vote: as then.)"""
    await drop_buttons(update)
    vote = await entry_or_none(context, earlier[0]) if earlier else None
    if vote is not None and vote.kind == Kind.VOTE and vote.status == Status.REPLACED:
        await reply(update, t(context, "Nothing was done now. That earlier vote no longer "
                                       "counts: it has been replaced meanwhile (see the "
                                       "messages above)."))
        return
    await reply(update, t(context, "Nothing was recorded; the earlier vote stays."))


async def same_as_earlier(update: Update, context: ContextTypes.DEFAULT_TYPE, household: str,
                          exc: DomainError, *, choice: Choice | None = None,
                          backs: list[int] | None = None, backs_said: str = "") -> bool:
    """Whether the vote recorded before (``exc.params``) is this very paper signature
    (``choice``) or paper ballot (``backs``, said ``backs_said``) of ``household``: said
    so, and nothing asked. /paper 532 1/1/101 同意 typed twice asked 要改为登记纸质签字“同意”
    吗？ over a signature “同意” (a ballot the same): answered yes, the household's residents
    were told of a change that was none. An online vote is never said to be the same (how
    it went is secret)."""
    p: dict[str, Any] = dict(exc.params)
    if not p.get("paper") or p.get("household") != household:
        return False
    if choice is not None and p.get("choice") != str(choice):
        return False
    if backs is not None and sorted(p.get("backs") or []) != sorted(backs):
        return False
    label = await read(repo_of(context).street.household_label, household)
    at = str(p["at"])[:16].replace("T", " ")
    if backs is not None:
        await reply(update, t(context, "The paper ballot of {household} ({backs}) was already "
                                       "recorded on {at} by {role}: nothing was changed.",
                              household=label, backs=backs_said, at=at, role=p["role"]))
    else:
        await reply(update, t(context, "The paper signature “{choice}” of {household} was "
                                       "already recorded on {at} by {role}: nothing was "
                                       "changed.", choice=word(context, labels.CHOICE, choice),
                              household=label, at=at, role=p["role"]))
    return True
