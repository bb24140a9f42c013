"""/income: a volunteer records fees collected door to door — area (when they
have several), building unit, household (or the whole unit, or typed),
fee type, period, amount and an optional receipt photo. It ends in a
pending entry another volunteer must approve (see ``money_steps``).

Written as ``bot.flows`` says. Buttons: ``inc:area:<i>``, ``inc:unit:<i>``,
``inc:hh:<i>`` or ``inc:hh:all``, ``inc:fee:<code>``, ``inc:per:<period>``
and ``inc:skip:1``; indexes point into the choices kept in the draft.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db import labels
from db.entries import FEE_TYPES, Kind

from ..commands import Audience, Command, Flow
from ..context import call, read, reply, repo_of, t, word
from ..flows import (
    END,
    PHOTO,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    clean_text,
    current_draft,
    draft,
    gone,
    index_of,
    keyboard,
    refuse,
    stale_buttons,
    typed,
)
from ..staff import area_chosen, resolve_household
from .money_steps import (
    I_AMOUNT,
    I_AREA,
    I_FEE,
    I_HOUSEHOLD,
    I_PERIOD,
    I_RECEIPT,
    I_UNIT,
    INC,
    INCOME,
    STEPS,
    ask,
    begin,
    read_amount,
    read_receipt,
    step,
    submit,
)

__all__ = ["COMMANDS", "HANDLERS", "normalise_period"]

_PERIOD = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?)?\s*年?$")


def normalise_period(text: str) -> str | None:
    """'2025', '2025-3', '2025年3月' -> '2025', '2025-03'; None if not a period."""
    match = _PERIOD.match((text or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    if match.group(2) is None:
        return match.group(1)
    month = int(match.group(2))
    return f"{match.group(1)}-{month:02d}" if 1 <= month <= 12 else None


def _units(repo: Any, area: str) -> list[list[Any]]:
    """[unit key, label, [[household id, room], ...]] of every unit in ``area``."""
    street = repo.street
    out = []
    for cid in street.area(area).compounds:
        comp = street.compound(cid)
        for b in comp.buildings:
            for u in b.units:
                out.append([f"{comp.id}/{b.id}/{u.id}", f"{comp.name} {b.name} {u.name}",
                            [[h.id, h.room] for h in u.households]])
    return out


async def income(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts recording fees collected door to door; asks which area or unit."""
    started = await begin(update, context, INCOME, INC)
    if started is None:
        return END
    d, area = started
    return I_AREA if area is None else await _ask_unit(update, context, d, area)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and shows its units."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    area = area_chosen(update, INC, d)
    if area is None:
        return await refuse(update, context)
    return await _ask_unit(update, context, d, area)


async def _ask_unit(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    area: str) -> str:
    d["area"] = area
    d["units"] = units = await read(_units, repo_of(context), area)
    return await ask(update, context, I_UNIT,
                     keyboard([(u[1], f"{INC}:unit:{i}") for i, u in enumerate(units)]))


async def on_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the unit and shows its households."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "unit", 1)
    i = index_of(args[0] if args else None, d.get("units", []))
    if i is None:
        return await refuse(update, context)
    d["unit"] = i
    unit = d["units"][i]
    rooms = [(room, f"{INC}:hh:{j}") for j, (_, room) in enumerate(unit[2])]
    rooms.append((t(context, "The whole unit"), f"{INC}:hh:all"))
    return await ask(update, context, I_HOUSEHOLD, keyboard(rooms, 3), unit=unit[1])


async def on_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the household (or the whole unit) and asks for the fee type."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "hh", 1)
    if args is None or d.get("unit") is None:
        return await refuse(update, context)
    unit = d["units"][d["unit"]]
    if args[0] == "all":
        d["place"] = {"unit": unit[0], "unit_label": unit[1]}
    else:
        j = index_of(args[0], unit[2])
        if j is None:
            return await refuse(update, context)
        d["place"] = {"household": unit[2][j][0]}
    return await _ask_fee(update, context)


async def on_typed_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores a household typed instead of chosen and asks for the fee type."""
    d = draft(context, INCOME)
    text = clean_text(typed(update))
    hid = await read(resolve_household, repo_of(context), d["area"], text)
    if hid is None:
        await reply(update, t(context, "I cannot find household {text} in this area. Choose "
                                       "with the buttons, or type it as building/unit/room, "
                                       "e.g. 1/1/101.", text=text))
        return None
    d["place"] = {"household": hid}
    return await _ask_fee(update, context)


async def _ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    fees = [(word(context, labels.FEE_TYPE, code), f"{INC}:fee:{code}") for code in FEE_TYPES]
    return await ask(update, context, I_FEE, keyboard(fees))


async def on_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee type and asks for the period."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "fee", 1)
    if args is None or args[0] not in FEE_TYPES:
        return await refuse(update, context)
    d["fee_type"] = args[0]
    today = (await call(lambda: repo_of(context).clock())).date()
    month, year = f"{today:%Y-%m}", f"{today:%Y}"
    return await ask(update, context, I_PERIOD,
                     keyboard([(month, f"{INC}:per:{month}"), (year, f"{INC}:per:{year}")]))


async def on_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the period chosen or typed and asks for the amount."""
    if update.callback_query:
        await answer(update)
        args = button_args(update, INC, "per", 1)
        period = normalise_period(args[0]) if args else None
    else:
        period = normalise_period(typed(update))
    if period is None:
        await reply(update, t(context, STEPS[I_PERIOD].again))
        return None
    draft(context, INCOME)["period"] = period
    return await ask(update, context, I_AMOUNT)


async def on_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount and asks for an optional receipt photo."""
    amount = await read_amount(update, context)
    if amount is None:
        return None
    draft(context, INCOME)["amount_fen"] = amount
    return await ask(update, context, I_RECEIPT,
                     keyboard([(t(context, "No receipt"), f"{INC}:skip:1")]))


async def on_no_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the income without a receipt."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    if button_args(update, INC, "skip", 1) != ["1"]:
        return await refuse(update, context)
    return await _record(update, context, d, None)


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and records the income."""
    receipt = await read_receipt(update, context)
    if receipt is None:
        return None
    return await _record(update, context, draft(context, INCOME), receipt)


async def _record(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                  receipt: str | None) -> object:
    data = {"fee_type": d["fee_type"], "period": d["period"], "amount_fen": d["amount_fen"],
            "receipt": receipt, "collected": True, **d["place"]}
    return await submit(update, context, INCOME, Kind.FEE_INCOME, d["area"], data)


STATES: dict[object, list[Any]] = {
    I_AREA: step(I_AREA, *buttons(INC, {"area": on_area})),
    I_UNIT: step(I_UNIT, *buttons(INC, {"unit": on_unit}),
                 MessageHandler(TEXT_INPUT, on_typed_household)),
    I_HOUSEHOLD: step(I_HOUSEHOLD, *buttons(INC, {"hh": on_household}),
                      MessageHandler(TEXT_INPUT, on_typed_household)),
    I_FEE: step(I_FEE, *buttons(INC, {"fee": on_fee})),
    I_PERIOD: step(I_PERIOD, *buttons(INC, {"per": on_period}),
                   MessageHandler(TEXT_INPUT, on_period)),
    I_AMOUNT: step(I_AMOUNT, *buttons(INC, {}), MessageHandler(TEXT_INPUT, on_amount)),
    I_RECEIPT: step(I_RECEIPT, MessageHandler(PHOTO, on_receipt),
                    *buttons(INC, {"skip": on_no_receipt})),
}

COMMANDS = [
    Command("income", "Record fees collected door to door", income,
            audience=Audience.VOLUNTEER, order=40, flow=Flow(INCOME, STATES)),
]

HANDLERS = [stale_buttons(INC)]
