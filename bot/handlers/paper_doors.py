"""Paper signatures by buttons, door to door (the buttons under /paper N, built by
``bot.handlers.paper_walk``): a building unit, then a room, then 同意 / 反对 / 弃权;
after each signature the same unit's rooms still to visit come again, so the next
door is two presses. Typing ``/paper 532 1/1/101 同意`` for every household, or five
presses through /proxy, was slow on a phone at the door.

Every press is checked again as a typed /paper is: the caller a volunteer of the
vote's area (``doors_to_visit`` refuses anyone else, and a vote no longer open),
the household one of the vote's, the choice one of three. A household whose owner
already has a vote (online, or a paper signature recorded meanwhile: a double press,
another volunteer at the same door) is not recorded over silently: the domain refuses
it (``db.votes.VoteConflict``) and the earlier vote is shown and asked about, as
/paper does; even when both presses are handled at the same moment, the later sees
the earlier. Its answer, 登记纸质签字 (``pd:y``) or 保留纸质签字 (``pd:n``), brings the
unit's doors still to visit back, as a signature recorded at once does: she had to
send /paper N again to go on.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry
from db.tally import Choice

from ..context import drop_buttons, read, reply, repo_of, t
from ..flows import answer, refuse
from ..keyboards import parse_ints
from ..private_only import doors_here
from ..staff import require_staff, staff_areas
from . import paper_walk as walk
from .door_walk import open_walk, show_rooms, show_units
from .paper import record_paper
from .paper_earlier import keep_earlier

__all__ = ["HANDLERS", "on_press", "next_doors"]


async def _walk(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                proposal_id: int) -> tuple[Entry, list[str], list[str]] | None:
    return await open_walk(update, context, person, proposal_id, election=False)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """pd:l:<vote> the units; pd:u:<vote>:<k> a unit's rooms; pd:h:<vote>:<k> the
    choices for a room; pd:c:<vote>:<k>:<choice> records the paper signature; for a flat
    nobody says was sold or let, pd:s:<vote>:<k>:<choice>:1|0 records it with the
    volunteer's answer (sold, or not); over an earlier vote,
    pd:y:<vote>:<k>:<choice>:<earlier>[:1|0] records it all the same and
    pd:n:<vote>:<k>:<earlier> keeps the earlier one."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    action = fields[1] if len(fields) > 1 else ""
    sizes = {"l": (3, 4), "u": (4,), "h": (4,), "c": (5,), "s": (6,), "y": (6, 7),
             "n": (5,)}.get(action, ())
    # the vote asked about
    earlier = fields[5:6] if action == "y" else fields[4:5] if action == "n" else []
    said = fields[5] if action == "s" else fields[6] if action == "y" and len(fields) == 7 \
        else None  # sold (1) or not (0), as the volunteer answered
    ints = parse_ints(fields[2:4] + earlier) if len(fields) in sizes else None
    if not ints or (action in ("c", "y", "s") and fields[4] not in {c.value for c in Choice}) \
            or said not in (None, "0", "1"):
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None or not await doors_here(update, context,  # not in any group
                                              await staff_areas(context, person)):
        return
    if action == "n":  # 保留纸质签字: nothing recorded, then the unit's doors again
        await keep_earlier(update, context, ints[2:])
        await _next_after(update, context, person, ints[0], ints[1])
        return
    got = await _walk(update, context, person, ints[0])
    if got is None:
        return
    proposal, left, everyone = got
    if action == "l":  # pd:l:<vote>[:<page>]
        await show_units(update, context, proposal, left, everyone, ints[1] if ints[1:] else 0)
        return
    if ints[1] >= len(everyone):
        await refuse(update, context)
        return
    household = everyone[ints[1]]
    if action == "u":
        await show_rooms(update, context, proposal, household, left, everyone)
    elif action == "h":
        label = await read(repo_of(context).street.household_label, household)
        await reply(update, t(context, "#{id} {household}: what did the owner sign?",
                              id=proposal.id, household=label),
                    reply_markup=walk.choice_markup(context, proposal.id, ints[1]))
    else:  # c; s: sold or not, answered; or y: 登记纸质签字 over the earlier vote it names
        await drop_buttons(update)  # answered: a second press must not record again
        if await record_paper(update, context, person, proposal, household, Choice(fields[4]),
                              ints[2] if action == "y" else None,  # else an earlier vote
                              walking=True,  # of the owner is asked about (VoteConflict)
                              sold=None if said is None else said == "1"):
            await next_doors(update, context, person, proposal.id, household)


async def next_doors(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                     proposal_id: int, household: str) -> None:
    """After a paper signature for ``household``: the rooms of its unit still to visit, as
    buttons (also after one recorded through /proxy, which ended there before)."""
    got = await _walk(update, context, person, proposal_id)
    if got is not None:
        await show_rooms(update, context, got[0], household, got[1], got[2])


async def _next_after(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], proposal_id: int, k: int) -> None:
    """The doors still to visit in the unit of household ``k`` of the vote's list."""
    got = await _walk(update, context, person, proposal_id)
    if got is not None and k < len(got[2]):
        await show_rooms(update, context, got[0], got[2][k], got[1], got[2])


HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{walk.PREFIX}:")]
