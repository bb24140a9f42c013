"""How many took part in a vote so far, as residents and volunteers are told it
(never how anyone voted): the owners (an owner of several flats counts once),
their floor area for a joint matter (art. 278), and for a volunteer collecting
paper signatures how far both stand from the two thirds the law needs."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Entry, Kind, Status
from db.matters import Matter, matter_of_proposal
from db.tally import Tally, m2, m2_up, pct

from ..context import lang_of, read, repo_of, t
from ..i18n import lazy, listing
from ..keyboards import button
from ..staff import area_name, staff_areas
from .paper_walk import PREFIX as DOORS_PREFIX

__all__ = ["participation_text", "area_text", "quorum_text", "resident_quorum_text",
           "plain_needs", "turnout",
           "staff_votes", "no_area_note"]


def plain_needs(m: Matter) -> str:
    """What ``m`` needs to pass, in one plain line for a resident (a msgid: translate
    it with ``t`` or send it as ``bot.notify.Msg``)."""
    if not m.joint:
        return lazy("To pass, more than half of those who vote must agree.")
    if m.special:
        return lazy("To pass, two thirds or more of the owners (by number and by floor area) "
                    "must take part, and three quarters or more of those taking part agree.")
    return lazy("To pass, two thirds or more of the owners (by number and by floor area) "
                "must take part, and more than half of those taking part agree.")


def participation_text(context: ContextTypes.DEFAULT_TYPE, tally: Tally) -> str:
    """How many took part so far (never how they voted)."""
    if tally.by_owner:
        return t(context, "Participation so far: {voted} of {total} owners ({pct}%), "
                          "{flats} of {all_flats} households",
                 voted=tally.owners_voted, total=tally.owners_total,
                 pct=tally.participation_pct, flats=tally.households_voted,
                 all_flats=tally.households_total)
    # owners, as the result counts them (参加：3 位业主中有 2 位): before, "3 户中已有 2 户"
    # here, and 还差 1 位业主 in the same message
    return t(context, "Participation so far: {voted} of {total} owners ({pct}%)",
             voted=tally.owners_voted, total=tally.owners_total, pct=tally.participation_pct)


def area_text(context: ContextTypes.DEFAULT_TYPE, tally: Tally, joint: bool) -> str:
    """For a joint matter (art. 278: two thirds of the floor area must take part too),
    the floor area of the owners who voted; empty for an everyday one, or no area."""
    if not joint or not tally.area_total:
        return ""
    return t(context, "Floor area of the owners who voted: {voted}/{total} m² ({pct}%)",
             voted=m2(tally.area_voted), total=m2(tally.area_total),
             pct=pct(tally.participation_area))


def quorum_text(context: ContextTypes.DEFAULT_TYPE, tally: Tally) -> str:
    """For a joint matter: two thirds of the owners and of the floor area have taken
    part, or how many owners and m² are still short; empty for an everyday matter
    (or an area without recorded floor areas, which the result explains)."""
    needs, short = tally.quorum_needs, tally.quorum_short
    if needs is None or short is None or not tally.area_total:
        return ""
    owners, area = needs[0], m2_up(needs[1])
    if not short[0] and not short[1]:
        return t(context, "Two thirds have taken part, as the law needs: at least {owners} "
                          "owners and {area} m².", owners=owners, area=area)
    if not short[1]:
        still = t(context, "{n} more owner(s)", n=short[0])
    elif not short[0]:
        still = t(context, "{area} m² more floor area", area=m2_up(short[1]))
    else:
        still = t(context, "{n} more owner(s) and {area} m² more floor area", n=short[0],
                  area=m2_up(short[1]))
    return t(context, "The law needs two thirds to take part: at least {owners} owners and "
                      "{area} m². Still needed: {still}.", owners=owners, area=area,
             still=still)


def resident_quorum_text(context: ContextTypes.DEFAULT_TYPE, tally: Tally) -> str:
    """For a joint matter, in a resident's words: how many more owners (and how much more
    floor area) must vote before the vote counts at all, or that it counts now and its
    result is published when voting ends (how anyone voted is said to nobody before);
    empty for an everyday matter (no quorum) or an area without recorded floor areas."""
    needs, short = tally.quorum_needs, tally.quorum_short
    if needs is None or short is None or not tally.area_total:
        return ""
    law = {"owners": needs[0], "area": m2_up(needs[1])}
    if not short[0] and not short[1]:
        return t(context, "Two thirds of the owners, by number and by floor area, have voted: "
                          "this vote counts. Whether it passes is published when voting ends.")
    if not short[1]:
        return t(context, "{n} more owner(s) must vote before this vote counts (the law needs "
                          "two thirds of the owners: {owners} owners, {area} m²).",
                 n=short[0], **law)
    if not short[0]:
        return t(context, "Enough owners have voted, but their floor area is {short} m² short "
                          "before this vote counts (the law needs two thirds of both: {owners} "
                          "owners, {area} m²). More owners voting makes it up.",
                 short=m2_up(short[1]), **law)
    return t(context, "{n} more owner(s) must vote, and their floor area is {short} m² short, "
                      "before this vote counts (the law needs two thirds of both: {owners} "
                      "owners, {area} m²).", n=short[0], short=m2_up(short[1]), **law)


async def turnout(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> str:
    """Where participation stands now, for the volunteer going door to door: owners,
    floor area and, for a joint matter (a committee election is one), what two thirds
    still needs."""
    tally = await read(repo_of(context).tally, proposal.id)
    joint = matter_of_proposal(proposal.data).joint
    return "\n".join(x for x in (participation_text(context, tally),
                                  area_text(context, tally, joint),
                                  quorum_text(context, tally)) if x)


NO_AREA = lazy("{household} has no floor area recorded: the owner counts as one owner who "
               "took part, with 0 m², so the floor area taking part did not grow. The admin "
               "can enter its area in the street file (for the next vote: this one keeps the "
               "areas it opened with).")


def no_area_note(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, households: list[str],
                 label: str) -> str:
    """For a joint matter, when none of the flats a vote stands for (``households``, the
    owner's) had a floor area recorded as the vote opened: why the area did not move
    (the number above it stood still with no word); else ""."""
    frozen = (proposal.data.get("electorate") or {}).get("households") or {}
    if not matter_of_proposal(proposal.data).joint or not households or \
            any(frozen.get(h) is not None for h in households):
        return ""
    return t(context, NO_AREA, household=label)


STAFF_VOTE = lazy("#{id} {title}: voting is open until the end of {deadline}.")
STAFF_PAPER = lazy("Paper signatures door to door: the button below (or /paper {id}) lists "
                   "the households that have not voted yet.")
DOORS = lazy("📝 #{id} paper signatures, door to door")
NO_STAFF_VOTE = lazy("No proposal is open for voting in {areas}. To put one to the "
                     "households: /propose.")


async def staff_votes(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]
                      ) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """The open votes of a volunteer's areas, each with where it stands and how to
    collect paper signatures: what 投票 shows a grid worker who has no home here (it
    said only 请先登记住户); and a button a vote leading to its doors not voted yet
    (``paper_doors``: an election's ballots are typed, /paper N)."""
    repo = repo_of(context)
    areas = await staff_areas(context, person)
    parts = []
    doors: list[list[InlineKeyboardButton]] = []
    for area in areas:
        for proposal in await read(repo.entries, area=area, kind=Kind.PROPOSAL,
                                   status=Status.OPEN):
            parts.append("\n".join([
                t(context, STAFF_VOTE, id=proposal.id, title=proposal.data.get("title", ""),
                  deadline=str(proposal.data.get("deadline", ""))[:10]),
                await turnout(context, proposal),
                t(context, STAFF_PAPER, id=proposal.id)]))
            if not is_election(proposal.data):
                doors.append([button(t(context, DOORS, id=proposal.id),
                                     f"{DOORS_PREFIX}:l:{proposal.id}")])
    if not parts:
        names = [await area_name(context, a) for a in areas]
        return t(context, NO_STAFF_VOTE, areas=listing(lang_of(context), names)), []
    return "\n\n".join(parts), doors
