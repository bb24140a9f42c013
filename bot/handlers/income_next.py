"""/income door to door in one building unit: ➕ 本单元再登记一户 under a household's fee
just recorded (``income_summary.next_flat``, ``inc:next:<household>:<fee>:<period>``)
starts the next one with the fee and the period kept and asks only which household of
that unit, those whose fee for that period is in already marked ✓ (booked or waiting);
the household chosen goes on at the amount (``income.on_household``). Before, each flat
started again at /income, the fee, the unit and the period: eight taps a flat, five now.

The button is checked again when pressed: the presser a volunteer of the household's
area, the fee one paid per household there, the period one /income reads.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import fees, labels
from db.places import Basis

from ..context import read, repo_of, t, word
from ..flows import END, answer, button_args, drop_draft, keyboard, new_draft, refuse
from ..staff import may_act_for, require_staff, staff_areas
from .income_back import BACK
from .income_receipt import ask_amount
from .income_summary import recorded_before
from .money_steps import I_HOUSEHOLD, I_UNIT, INC, INCOME, household_label, schedule_of, units_of

__all__ = ["SAME_PERIOD", "income_next", "income_walk", "income_next_unit", "amount_next"]

SAME_PERIOD = "same_period"  # a draft's key: the period kept, the amount asked next
PAID = " ✓"


async def income_next(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts the fee of another household of the unit, its fee and period kept.

    Asks which household (➕ 本单元再登记一户 under the fee just recorded)."""
    return await _flat_of_unit(update, context, "next")


async def income_walk(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts the fee of a household of the unit pressed under /unpaid's long list.

    Asks which household, the fee and the period kept (``inc:walk:<a household of the
    unit>:<fee>:<period>``, checked as ``inc:next`` is)."""
    return await _flat_of_unit(update, context, "walk")


async def _flat_of_unit(update: Update, context: ContextTypes.DEFAULT_TYPE, how: str) -> object:
    """Asks which household of the unit of the button's household, its fee and period kept
    (``how``: "next", after a fee recorded; "walk", from /unpaid's list of units)."""
    await answer(update)
    args = button_args(update, INC, how, 3)
    person = await require_staff(update, context)
    if person is None:
        return END
    area = await may_act_for(context, person, args[0]) if args else None
    period = fees.normalise_period(args[2]) if args else None
    if args is None or area is None or period is None:
        await refuse(update, context)
        return END
    repo = repo_of(context)
    d = new_draft(context, INCOME)
    d["area"], d["fees"] = area, await read(schedule_of, repo, area)
    d["units"] = units = await read(units_of, repo, area)
    fee = next((f for f in d["fees"] if f[0] == args[1] and f[1] in (None, Basis.HOUSEHOLD)),
               None)
    unit = next((i for i, u in enumerate(units) if any(h == args[0] for h, _ in u[2])), None)
    if fee is None or unit is None:
        drop_draft(context, INCOME)
        await refuse(update, context)
        return END
    d.update(fee=fee, unit=unit, period=period, first=I_HOUSEHOLD)
    d[SAME_PERIOD] = True
    rooms = []
    for j, (household, room) in enumerate(units[unit][2]):
        paid = await read(repo.fee_recorded, household, fee[0], period)
        rooms.append((room + (PAID if paid else ""), f"{INC}:hh:{j}"))
    fee_word = word(context, labels.FEE_TYPE, fee[0])
    before = t(context, "Another household of the unit: {fee} {period} (✓: recorded already).",
               fee=fee_word, period=period) if how == "next" else \
        t(context, "Record a fee: {fee} {period} (✓: recorded already).", fee=fee_word,
          period=period)
    return await BACK.asking(update, context, I_HOUSEHOLD, keyboard(rooms, 3), before=before,
                             unit=units[unit][1])


async def income_next_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts the fee of another building unit, its fee and period kept; asks which unit.

    The button is ➕ 再登记一个单元, under a fee paid per unit just recorded."""
    await answer(update)
    args = button_args(update, INC, "nextu", 3)
    person = await require_staff(update, context)
    if person is None:
        return END
    repo = repo_of(context)
    period = fees.normalise_period(args[2]) if args else None
    if args is None or period is None:
        await refuse(update, context)
        return END
    found = None
    for area in await staff_areas(context, person):
        units = await read(units_of, repo, area)
        if any(u[0] == args[0] for u in units):
            found = area, units
    fee = next((f for f in await read(schedule_of, repo, found[0])
                if f[0] == args[1] and f[1] == Basis.UNIT), None) if found else None
    if found is None or fee is None:
        await refuse(update, context)
        return END
    d = new_draft(context, INCOME)
    d["area"], d["units"] = found
    d["fees"] = await read(schedule_of, repo, d["area"])
    d.update(fee=fee, period=period, first=I_UNIT)
    d[SAME_PERIOD] = True
    choices = []
    for i, (unit, label, _) in enumerate(d["units"]):
        paid = await read(repo.unit_fee_recorded, unit, fee[0], period)
        choices.append((label + (PAID if paid else ""), f"{INC}:unit:{i}"))
    return await BACK.say(update, context, I_UNIT, t(
        context, "Another unit: {fee} {period} (✓: recorded already). Which unit?",
        fee=word(context, labels.FEE_TYPE, fee[0]), period=period), keyboard(choices))


async def amount_next(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> str:
    """Asks the amount of the household just chosen, the period kept (with a warning when
    its fee for that period is in already)."""
    warning = await recorded_before(context, d)
    household = d["place"].get("household")
    said = t(context, "Household: {household}", household=await read(
        household_label, repo_of(context), household)) if household else \
        t(context, "Building unit: {unit}", unit=d["units"][d["unit"]][1])
    return await ask_amount(update, context, d, before="\n".join(filter(None, [
        said,
        t(context, "Period: {period}", period=d["period"]), warning])), cancel=bool(warning))
