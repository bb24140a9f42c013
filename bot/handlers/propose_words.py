"""What the volunteer opening a proposal reads of the law, in the area's own numbers:
what a joint matter needs (Civil Code art. 278) as so many owners and so many m² of
this area (the law's sentence alone, 专有部分面积占比三分之二以上且人数占比三分之二以上的
业主参与表决……, left her to work out that 38 of the 57 owners must take part), and
whether the deadline leaves the owners the 15 days' notice a meeting of the owners asks
(物业管理条例第十四条, ``db.matters.NOTICE_DAYS``): a warning, never a refusal (the
notice may have gone up on the board earlier)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram.ext import ContextTypes

from db.matters import NOTICE_DAYS, Matter, notice_short
from db.people import Relation, relation_of
from db.tally import m2, m2_up, tally

from ..context import read, repo_of, t
from ..i18n import lazy

__all__ = ["in_numbers", "notice_warning", "tenants_apart", "DEADLINE_DAYS",
           "JOINT_DEADLINE_DAYS", "TENANT_NEW"]

DEADLINE_DAYS = (7, 14, 30)  # an everyday matter
JOINT_DEADLINE_DAYS = (NOTICE_DAYS, 30)  # a joint matter: the notice the law asks, or more

IN_NUMBERS = lazy("In this area's numbers as registered now ({owners_total} owners, "
                  "{households} households, {area_total} m² of floor area): the vote counts "
                  "only if at least {owners} owners, holding at least {area} m² between "
                  "them, take part; then it passes if {agree} of those taking part agree, "
                  "counted both by owners and by floor area.")
MORE_THAN_HALF = lazy("more than half")
THREE_QUARTERS = lazy("three quarters or more")
NO_AREA = lazy("No floor areas are registered in this area, so no vote on a matter the "
               "owners decide jointly can pass (two thirds of the floor area must take "
               "part). Please ask the admin to enter the flats' areas first.")
WITHOUT_AREA = lazy("{n} household(s) have no floor area recorded: they count as owners "
                    "but as 0 m², so their votes add nothing to the area; the admin can "
                    "enter their areas in the street file before the vote opens.")
SHORT_NOTICE = lazy("⚠️ Voting is open only until the end of {deadline}, fewer than {days} "
                    "days from today. For a matter the owners decide jointly, the Regulation "
                    "on Property Management (art. 14) asks that every owner be told {days} "
                    "days before the owners' meeting: with less, owners who have not seen "
                    "the notice may miss the vote, and the decision may be challenged. If "
                    "the notice went up {days} days ago, you may go on; otherwise press "
                    "“⬅️ Back” and choose a later day.")


def in_numbers(context: ContextTypes.DEFAULT_TYPE, area: str, m: Matter) -> str:
    """What matter ``m`` needs in ``area``'s owners and m² (its households now: the vote
    freezes them when it opens); "" for an everyday matter, whose rule says it all."""
    if not m.joint:
        return ""
    count = tally(repo_of(context).street.area_households(area), {}, matter=m)
    needs = count.quorum_needs
    if needs is None:
        return ""
    if not count.area_total:
        return t(context, NO_AREA)
    said = t(context, IN_NUMBERS, owners_total=count.owners_total,
             households=count.households_total, area_total=m2(count.area_total),
             owners=needs[0], area=m2_up(needs[1]),
             agree=t(context, THREE_QUARTERS if m.special else MORE_THAN_HALF))
    if count.households_without_area:  # their owners count, their m² do not: said
        said += "\n" + t(context, WITHOUT_AREA, n=count.households_without_area)
    return said


def notice_warning(context: ContextTypes.DEFAULT_TYPE, m: Matter, today: date,
                   deadline: date) -> str:
    """The warning of a joint matter voted on with less notice than the law asks; ""."""
    if not notice_short(m, today, deadline):
        return ""
    return t(context, SHORT_NOTICE, deadline=deadline.isoformat(), days=NOTICE_DAYS)


# A new joint matter, as its tenants are told it: with its vote buttons a tenant pressed
# into a refusal (the owners decide), and the owner, who may live elsewhere, never heard.
TENANT_NEW = lazy("New proposal #{id}: {title}\n{description}\nBudget: {budget}\nDecides: "
                  "{matter}\n{needs}\nVoting closes at the end of {deadline}. The owners "
                  "decide it (Civil Code art. 278): please tell the owner of your home, who "
                  "can vote here or sign a paper ballot with a volunteer.")


async def tenants_apart(context: ContextTypes.DEFAULT_TYPE, area: str, m: Matter
                        ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The residents of ``area`` told of a new proposal on ``m``: those who may vote
    on it, and (for a joint matter) the tenants, who are asked to tell the owner."""
    people = await read(repo_of(context).people, resident_of=area)
    tenants = [p for p in people if m.joint and relation_of(p) == Relation.TENANT]
    return [p for p in people if p not in tenants], tenants
