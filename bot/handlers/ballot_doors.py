"""Paper ballots of an election by buttons, door to door, as a proposal's paper signatures
are (``bot.handlers.paper_doors``): under /paper N of an election, a button per building
unit with households still to visit; under a unit, a button per room; under a room, the
candidates to tick (☐ / ☑, at most one per seat) and 登记这张选票 (none ticked: 登记空白票);
after each ballot the same unit's rooms still to visit come again. Before, a grid worker
typed /paper 533 1/1/101 1,3 at each of forty doors on a phone.

Buttons are ``bd:<action>:<election>:<household>[:<mask>]`` (``l`` units, ``u`` a unit's
rooms, ``r`` a room's ballot, ``h`` a tick, ``c`` record), the household as its place in
the election's frozen list of households and the candidates as bits of one number (as the
online ballot's ``el:`` buttons carry them), so that they stay short. Nothing is kept
between presses: each is checked again from what it carries: the caller a volunteer of the
election's area (``doors_to_visit``), the election open, the household one of its own, the
candidates its own and no more than the seats (``db.elections.check_backs``, through
``paper_ballot``, which also asks before a ballot goes over one recorded meanwhile).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.elections import MAX_CANDIDATES
from db.entries import Entry

from ..context import drop_buttons, read, reply, repo_of, t
from ..flows import answer, refuse
from ..i18n import lazy
from ..keyboards import button, parse_ints
from ..private_only import doors_here
from ..sending import not_modified
from ..staff import require_staff, staff_areas
from . import paper_walk as walk
from .ballot import backs_of, paper_ballot
from .door_walk import open_walk, show_rooms, show_units
from .paper_earlier import keep_earlier

__all__ = ["HANDLERS", "PREFIX", "units_markup", "ballot_markup", "on_press"]

PREFIX = "bd"
HOW = lazy("Press the building unit you are in, then the room, then tick the candidates "
           "the ballot backs:")


def units_markup(context: ContextTypes.DEFAULT_TYPE, election_id: int,
                 found: list[tuple[str, int, int]], page: int = 0) -> InlineKeyboardMarkup:
    """A button per unit with households left (``walk.units``), a page of them."""
    return walk.units_markup(context, election_id, found, page, prefix=PREFIX)


def ballot_markup(context: ContextTypes.DEFAULT_TYPE, election: Entry, k: int,
                   mask: int) -> InlineKeyboardMarkup:
    """The candidates of household ``k``'s paper ballot, ticked as ``mask`` says, then
    登记 and ⬅️ back to the unit's rooms."""
    rows = [[button(("☑ " if mask & (1 << (int(c["n"]) - 1)) else "☐ ") +
                    f"{c['n']} {c['title']}"[:40],
                    f"{PREFIX}:h:{election.id}:{k}:{mask ^ (1 << (int(c['n']) - 1))}")]
            for c in election.data["election"]["candidates"]]
    n = len(backs_of(mask))
    rows.append([button(t(context, "Record this ballot ({n} ticked)", n=n) if n else
                        t(context, "Record a blank ballot"),
                        f"{PREFIX}:c:{election.id}:{k}:{mask}")])
    rows.append([button(t(context, "⬅️ Other rooms"), f"{PREFIX}:u:{election.id}:{k}")])
    return InlineKeyboardMarkup(rows)


async def _walk(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                election_id: int) -> tuple[Entry, list[str], list[str]] | None:
    return await open_walk(update, context, person, election_id, election=True)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """bd:l:<election>[:<page>] the units; bd:u:<election>:<k> a unit's rooms;
    bd:r:<election>:<k> a room's ballot; bd:h:<election>:<k>:<mask> its ticks changed;
    bd:c:<election>:<k>:<mask> records it; for a flat nobody says was sold or let,
    bd:s:<election>:<k>:<mask>:1|0 records it with the volunteer's answer (sold, or not);
    over a ballot recorded meanwhile, bd:y:<election>:<k>:<mask>:<earlier>[:1|0] records
    it all the same and
    bd:n:<election>:<k>:<earlier> keeps the earlier; both bring the unit's doors back."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    action = fields[1] if len(fields) > 1 else ""
    sizes = {"l": (3, 4), "u": (4,), "r": (4,), "h": (5,), "c": (5,), "s": (6,), "y": (6, 7),
             "n": (5,)}.get(action, ())
    # sold (1) or not (0), as the volunteer answered: last of bd:s, and of bd:y asked after
    said = fields[5] if action == "s" else fields[6] if action == "y" and len(fields) == 7 \
        else None
    ints = parse_ints(fields[2:6 if action == "y" else 5 if action == "s" else None]) \
        if len(fields) in sizes else None
    if not ints or said not in (None, "0", "1") or \
            (action in ("h", "c", "y", "s") and not 0 <= ints[2] < 1 << MAX_CANDIDATES):
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None or not await doors_here(update, context,  # not in any group
                                              await staff_areas(context, person)):
        return
    if action == "n":  # 保留: nothing recorded, then the unit's doors again
        await keep_earlier(update, context, ints[2:])
        await _next_doors(update, context, person, ints[0], ints[1])
        return
    got = await _walk(update, context, person, ints[0])
    if got is None:
        return
    election, left, everyone = got
    if action == "l":
        await show_units(update, context, election, left, everyone, ints[1] if ints[1:] else 0,
                         prefix=PREFIX)
        return
    if ints[1] >= len(everyone):
        await refuse(update, context)
        return
    household = everyone[ints[1]]
    if action == "u":
        await show_rooms(update, context, election, household, left, everyone, prefix=PREFIX,
                         room="r")
        return
    mask = ints[2] if action in ("h", "c", "y", "s") else 0
    seats = int(election.data["election"]["seats"])
    if len(backs_of(mask)) > seats:
        await reply(update, t(context, "You may tick at most {seats} candidates, one per seat.",
                              seats=seats))
        return
    if action in ("r", "h"):  # a room's ballot, nothing ticked; or a tick, in its message
        label = await read(repo_of(context).street.household_label, household)
        text = t(context, "#{id} {household}: which candidates does the paper ballot back? "
                          "(none ticked: a blank ballot)", id=election.id, household=label)
        markup = ballot_markup(context, election, ints[1], mask)
        if action == "r" or not await _ticked(update, text, markup):
            await reply(update, text, reply_markup=markup)
        return
    await drop_buttons(update)  # recorded, or asked about: not to be pressed again
    if await paper_ballot(update, context, person, election, household, backs_of(mask),
                          ints[3] if action == "y" else None,  # over the earlier it names
                          doors=PREFIX,  # else asked, its answer brings the doors back
                          sold=None if said is None else said == "1"):
        await _next_doors(update, context, person, election.id, ints[1])


async def _next_doors(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], election_id: int, k: int) -> None:
    """The doors still to visit in the unit of household ``k`` of the election's list."""
    got = await _walk(update, context, person, election_id)
    if got is not None and k < len(got[2]):
        await show_rooms(update, context, got[0], got[2][k], got[1], got[2], prefix=PREFIX,
                         room="r")


async def _ticked(update: Update, text: str, markup: InlineKeyboardMarkup) -> bool:
    """The ballot with its ticks changed, in the message pressed; False when it could
    not be edited (it is then sent anew)."""
    query = update.callback_query
    if query is None or query.message is None:
        return False
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        return not_modified(exc)  # tapped twice: it shows this already
    return True


HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:")]
