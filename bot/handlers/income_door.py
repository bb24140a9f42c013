"""/income from /unpaid's list: a button per door not paid (收费：1号楼1单元101), its fee and
period kept, asks only the amount. Before, the volunteer read the list, went to the door,
and started again at /income: the fee, the unit, the household, the period, then the
amount.

``inc:door:h:<household>:<fee>:<period>`` (or ``u:<unit>`` for a fee paid per unit), checked
again when pressed, as callback data can be forged: the presser a volunteer of the door's
area (or an admin), the fee one of that area paid on that basis, the period one /income
reads. A door whose fee for that period is in already (recorded since the list was sent)
gets the warning /income gives, with 取消.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import fees
from db.places import Basis

from ..context import read, repo_of, t
from ..flows import END, answer, button_args, new_draft, refuse
from ..keyboards import button
from ..staff import may_act_for, require_staff, staff_areas
from .income_next import amount_next
from .money_steps import I_AMOUNT, INC, INCOME, schedule_of, units_of

__all__ = ["income_door", "door_buttons", "unit_buttons", "DOOR_BUTTONS", "COMPOUND_ROW",
           "compound_row"]

DOOR_BUTTONS = 40  # doors offered as buttons under one list (a longer list: /income)
COMPOUND_ROW = "unp:c"  # the row naming the compound of the doors below it (a note only)
_BASIS = {"h": Basis.HOUSEHOLD, "u": Basis.UNIT}


def door_data(basis: str, payer: str, fee: str, period: str) -> str | None:
    """The button's data for ``payer`` (a household, or a unit for a fee paid per unit),
    None when it does not fit Telegram's 64 bytes."""
    data = f"{INC}:door:{'u' if basis == 'unit' else 'h'}:{payer}:{fee}:{period}"
    return data if len(data.encode()) <= 64 else None


def door_buttons(context: ContextTypes.DEFAULT_TYPE, doors: list[tuple[str, str, str]],
                 basis: str, fee: str, compounds: dict[str, str] | None = None
                 ) -> InlineKeyboardMarkup | None:
    """A button per door of ``doors`` ([(payer, its label, the period owed)]), two a row,
    at most ``DOOR_BUTTONS``; None when there are none (or more: the list is long, a
    volunteer pages no keyboard of a hundred doors). ``compounds`` (payer -> its
    compound's name), when they are in more than one: the doors grouped by compound under
    a row naming it once (``COMPOUND_ROW``), not each door (盐业小区 1号楼1单元 101 cut
    short to 登记 盐业小区 1号楼… on a phone, two a row)."""
    if not doors or len(doors) > DOOR_BUTTONS:
        return None
    groups: dict[str, list[tuple[str, str]]] = {}
    several = compounds is not None and len({compounds.get(p, "") for p, _, _ in doors}) > 1
    for payer, label, period in doors:
        if data := door_data(basis, payer, fee, period):
            where = (compounds or {}).get(payer, "") if several else ""
            groups.setdefault(where, []).append((t(context, "Record {door}", door=label), data))
    rows: list[list[Any]] = []
    for where, cells in groups.items():
        if where:
            rows.append([button(f"🏘 {where}", COMPOUND_ROW)])
        rows.extend([button(*c) for c in cells[i:i + 2]] for i in range(0, len(cells), 2))
    return InlineKeyboardMarkup(rows) if rows else None


async def compound_row(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says, on the button, that a compound's row names the doors under it."""
    await answer(update, t(context, "The doors below are in this compound: press one to "
                                    "record its fee."))


def unit_buttons(context: ContextTypes.DEFAULT_TYPE, units: list[tuple[str, str, int]],
                 fee: str, period: str) -> InlineKeyboardMarkup | None:
    """A button per building unit of a list too long for a button per door ([(a household
    of the unit not paid, the unit's label, how many there have not)]), two a row, at most
    ``DOOR_BUTTONS``: pressed, it asks which household of that unit
    (``income_next.income_walk``); None when there are none or more."""
    if not units or len(units) > DOOR_BUTTONS:
        return None
    cells = [(t(context, "Record {unit} ({n} not paid)", unit=label, n=n), data)
             for household, label, n in units
             if len((data := f"{INC}:walk:{household}:{fee}:{period}").encode()) <= 64]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    return InlineKeyboardMarkup([[button(*c) for c in row] for row in rows]) if rows else None


async def income_door(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a fee of the door pressed under /unpaid's list; asks how much."""
    await answer(update)
    args = button_args(update, INC, "door", 4)
    person = await require_staff(update, context)
    if person is None:
        return END
    if args is None or args[0] not in _BASIS:
        await refuse(update, context)
        return END
    basis, payer, code = _BASIS[args[0]], args[1], args[2]
    period = fees.normalise_period(args[3])
    repo = repo_of(context)
    area: str | None = None
    units: list[list[Any]] = []
    if basis == Basis.HOUSEHOLD:
        area = await may_act_for(context, person, payer)
    else:
        for mine in await staff_areas(context, person):
            found = await read(units_of, repo, mine)
            if any(u[0] == payer for u in found):
                area, units = mine, found
    schedule = await read(schedule_of, repo, area) if area else []
    fee = next((f for f in schedule if f[0] == code and (
        f[1] == basis or (f[1] is None and basis == Basis.HOUSEHOLD))), None)
    if area is None or fee is None or period is None:
        await refuse(update, context)
        return END
    d = new_draft(context, INCOME)
    d.update(area=area, fees=schedule, fee=fee, period=period, first=I_AMOUNT)
    if basis == Basis.HOUSEHOLD:
        d["place"] = {"household": payer}
    else:
        d["units"] = units
        d["unit"] = next(i for i, u in enumerate(units) if u[0] == payer)
        d["place"] = {"unit": payer}
    return await amount_next(update, context, d)  # warned if in already, with 取消
