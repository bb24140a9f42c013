"""An address typed by someone whose household is registered, or waits for a
volunteer to confirm it (盐业小区1号楼2单元302, again, as an elderly resident does
when she is not sure it was taken): it is about her home, not a problem to report.

Before, it was kept as her words and, once her household was confirmed, offered
"to send to the volunteers" as a report or an opinion; typed after that, it was
offered as a report or an opinion at once (found trying the real ``steward run``
as a newcomer). Now she is told it is her household already (no need to send it
again), or which household is hers, with the way to change it.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.address import typed_households
from db.people import resident_area

from .context import reply, repo_of, t
from .flows import clean_text
from .i18n import lazy
from .keyboards import button

__all__ = ["named_households", "waiting_line", "answered"]

SAME_HOME = lazy("{household} is already your registered household: no need to send it "
                 "again. To report a problem or give an opinion, use the menu below.")
OTHER_HOME = lazy("Your registered household is {household}. If that is wrong, or you have "
                  "moved, press the button below to ask for a change.")
SAME_WAITING = lazy("{household} is the household you registered: no need to send it again.")
OTHER_WAITING = lazy("The household you registered is {household}. If that is wrong, press "
                     "the button below to take it back and choose again.")


def named_households(context: ContextTypes.DEFAULT_TYPE, text: str) -> list[str] | None:
    """The ids of the households an address ``text`` names ([] for an address naming
    none of the street's); None when it is no address (盐业小区1号楼2单元302门口的路灯
    坏了, a problem at an address, is no address: ``db.address`` reads addresses
    alone)."""
    said = clean_text(text)
    if not said or said.startswith("/"):
        return None
    street = repo_of(context).street
    found = typed_households(street, said)
    if found is None:
        return None
    homes = []
    for ci, bi, ui, hi in found:
        try:
            homes.append(street.compounds[ci].buildings[bi].units[ui].households[hi].id)
        except IndexError:
            continue
    return homes


def _label(context: ContextTypes.DEFAULT_TYPE, household: str) -> str:
    try:
        return str(repo_of(context).street.household_label(household))
    except KeyError:
        return household


def waiting_line(context: ContextTypes.DEFAULT_TYPE, text: str, household: str) -> str:
    """For someone whose registration of ``household`` waits: the line answering an
    address typed ("" when ``text`` is no address)."""
    homes = named_households(context, text)
    if homes is None:
        return ""
    return t(context, SAME_WAITING if household in homes else OTHER_WAITING,
             household=_label(context, household))


async def answered(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   person: dict[str, Any], text: str) -> bool:
    """A registered resident typed an address: told it is hers already, or which is
    hers with the button asking for a change (``reg:new``); whether she was."""
    home = person.get("household")
    if not home or resident_area(person) is None:
        return False
    homes = named_households(context, text)
    if homes is None:
        return False
    if home in homes:
        await reply(update, t(context, SAME_HOME, household=_label(context, home)))
        return True
    await reply(update, t(context, OTHER_HOME, household=_label(context, home)),
                reply_markup=InlineKeyboardMarkup([[button(
                    t(context, "Request a change of household"), "reg:new")]]))
    return True
