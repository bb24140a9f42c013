"""/income: a volunteer records fees collected — area (when they have
several), fee type, then who paid as the area's fee schedule says (a
household: its unit, then its room, or typed; a unit; nothing for a fee of
the whole area; an area without a schedule also takes a whole unit), period,
amount (the schedule's usual amount is a button) and an optional receipt
photo. A summary of it all is shown last, with 确认登记 / 修改 / 取消
(``income_summary``; the receipt step, ``income_receipt``): nothing is stored before
确认登记. It ends in a pending
entry another volunteer must approve (see ``money_steps``).

Written as ``bot.flows`` says. Buttons: ``inc:area:<i>``, ``inc:fee:<code>``,
``inc:unit:<i>``, ``inc:hh:<i>`` or ``inc:hh:all``, ``inc:per:<period>``,
``inc:amt:<fen>``, ``inc:skip:1``, then ``inc:ok:1|0``, ``inc:edit`` and
``inc:fix:<what>``; indexes point into the choices kept in
the draft. ``inc:for:<household>:<fee>`` (the fee buttons of /proxy, 代办)
starts it with the household and fee chosen, at the period;
``inc:for:<household>:<fee>:<month>:<last month>`` (after one of several months
paid at once) at the amount of the next month.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from db import fees, labels
from db.entries import Kind
from db.places import Basis

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import read, reply, repo_of, t, word
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
    drop_draft,
    gone,
    index_of,
    keyboard,
    new_draft,
    refuse,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import button
from ..private_only import INCOME_NOT_HERE
from ..staff import (
    chosen_area,
    example_household,
    may_act_for,
    require_staff,
    resolve_household,
    which_household,
)
from ..step_back import back_of
from .income_back import BACK, ONE_FEE, ONLY_FEE
from .income_door import income_door
from .income_next import SAME_PERIOD, amount_next, income_next, income_next_unit, income_walk
from .income_receipt import (
    amount_buttons,
    ask_amount,
    ask_receipt,
    no_receipt,
    on_amount,
    on_amount_again,
    on_no_receipt,
    on_receipt,
    on_receipt_file,
    on_usual_amount,
)
from .income_summary import FIXES, already, months_between, on_edit, on_ok, recorded_before, summary
from .money_steps import (
    I_AMOUNT,
    I_AREA,
    I_CONFIRM,
    I_FEE,
    I_FIX,
    I_HOUSEHOLD,
    I_PERIOD,
    I_RECEIPT,
    I_UNIT,
    INC,
    INCOME,
    STEPS,
    amount_at_summary,
    begin,
    household_label,
    offer_replacing,
    schedule_of,
    so_far,
    step,
    this_year,
    units_of,
)
from .replacing import begin_replacing, fill_fee, on_same_amount

__all__ = ["COMMANDS", "HANDLERS", "normalise_period"]

# what a typed year or month means (db.fees; /unpaid and /pay read periods so too)
normalise_period = fees.normalise_period


async def income(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts recording fees collected; asks which area or which fee."""
    started = await begin(update, context, INCOME, INC, INCOME_NOT_HERE)
    if started is None:
        return END
    d, area = started
    return I_AREA if area is None else await _ask_fee(update, context, d, area)


async def income_replacing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a fee replacing a reversed fee line, filled in from it; asks how much.

    (Which fee, when it cannot be filled in.)

    The button under a reversal approved (代替第 N 笔), checked by ``begin_replacing``."""
    await answer(update)
    started = await begin_replacing(update, context, INCOME, INC, Kind.FEE_INCOME)
    if started is None:
        return END
    d, line = started
    before = await fill_fee(context, d, line)
    if not before:
        return await _ask_fee(update, context, d, d["area"])
    d["first"] = I_AMOUNT  # its first step: 上一步 leaves (income_back)
    return await ask_amount(update, context, d, before=before)


async def on_same(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the amount of the line replaced (金额没错) and shows the summary."""
    await answer(update)
    return await on_same_amount(update, context, INCOME, INC, summary)


async def income_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a fee of the household and fee type /proxy chose.

    Asks for the period (or, the next of several months paid at once, the amount)."""
    await answer(update)
    args = button_args(update, INC, "for", 4) or button_args(update, INC, "for", 2)
    person = await require_staff(update, context)
    if person is None:
        return END
    area = await may_act_for(context, person, args[0]) if args else None
    if args is None or area is None:
        await refuse(update, context)
        return END
    d = new_draft(context, INCOME)
    d["area"] = area
    d["fees"] = await read(schedule_of, repo_of(context), area)
    fee = next((f for f in d["fees"] if f[0] == args[1] and f[1] in (None, Basis.HOUSEHOLD)),
               None)
    if fee is None:
        drop_draft(context, INCOME)
        await refuse(update, context)
        return END
    d["fee"] = fee
    d["place"] = {"household": args[0]}
    months = months_between(*args[2:]) if len(args) == 4 else None
    d["first"] = I_AMOUNT if months else I_PERIOD  # 上一步 there leaves (income_back)
    if not months:
        return await _ask_period(update, context, d)
    label = await read(household_label, repo_of(context), args[0])
    recorded = await read(repo_of(context).fee_recorded, args[0], args[1], months[0])
    if recorded:  # a button left on an earlier message: that month is in already
        drop_draft(context, INCOME)
        await reply(update, already(context, recorded[0], label, fee[0], months[0]))
        return END
    d["months"], d["period"] = months, months[0]
    return await ask_amount(update, context, d, before="\n".join([
        t(context, "Household: {household}", household=label),
        t(context, "Period: {period}", period=months[0])]))


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks which fee."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, INC, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    return await _ask_fee(update, context, d, area)


async def _ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   area: str) -> str:
    d["area"] = area
    d["fees"] = await read(schedule_of, repo_of(context), area)
    markup = keyboard(
        [(word(context, labels.FEE_TYPE, f[0]), f"{INC}:fee:{f[0]}") for f in d["fees"]])
    # a fresh fee: the area's fee lines lately reversed, nothing in their place yet
    before, rows = ("", []) if d.get("replaces") else \
        await offer_replacing(context, area, Kind.FEE_INCOME)
    d.pop(ONE_FEE, None)
    if len(d["fees"]) == 1 and not rows:  # nothing to choose: taken, and said
        d[ONE_FEE] = True
        return await _fee_chosen(update, context, d, d["fees"][0], t(
            context, ONLY_FEE, fee=word(context, labels.FEE_TYPE, d["fees"][0][0])))
    # 取消 last, as /meeting's first question has it
    markup = InlineKeyboardMarkup([*markup.inline_keyboard, *rows,
                                   [button(*BACK.cancel(context))]])
    return await BACK.asking(update, context, I_FEE, markup, before=before)


async def on_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee type and asks who paid it (as the schedule says), or the period."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "fee", 1)
    fee = next((f for f in d.get("fees", []) if args and f[0] == args[0]), None)
    if fee is None:
        return await refuse(update, context)
    return await _fee_chosen(update, context, d, fee)


async def _fee_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                      fee: list[Any], before: str = "") -> str:
    """Stores the fee type and asks who paid it (as the schedule says), or the period;
    after ``before``."""
    d["fee"] = fee
    if fee[1] == Basis.AREA:
        d["place"] = {}
        return await _ask_period(update, context, d, first=before)
    return await _ask_unit(update, context, d, before)


async def _ask_unit(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    before: str = "") -> str:
    fee = d["fee"]
    d["units"] = units = await read(units_of, repo_of(context), d["area"])
    choices = keyboard([(u[1], f"{INC}:unit:{i}") for i, u in enumerate(units)])
    if fee[1] == Basis.UNIT:  # the unit chosen said, come back to
        return await BACK.say(update, context, I_UNIT, "\n".join(filter(None, [before, t(
            context, "{fee} is paid per building unit: which unit?",
            fee=word(context, labels.FEE_TYPE, fee[0]))])), choices)
    return await BACK.asking(update, context, I_UNIT, choices, before=before,
                             fee=word(context, labels.FEE_TYPE, fee[0]),
                             example=await read(example_household, repo_of(context),
                                                [d["area"]], said=True))  # not 1/1/101


async def on_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the unit; asks for its household, or (a fee per unit) the period."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None or "fee" not in d:
        return await gone(update, context)
    args = button_args(update, INC, "unit", 1)
    i = index_of(args[0] if args else None, d.get("units", []))
    if i is None:
        return await refuse(update, context)
    d["unit"] = i
    if d["fee"][1] == Basis.UNIT:
        d["place"] = {"unit": d["units"][i][0]}
        if d.pop(SAME_PERIOD, None) and d.get("period"):  # 再登记一个单元 (income_next)
            return await amount_next(update, context, d)
        return await _ask_period(update, context, d)
    return await _ask_household(update, context, d)


async def _ask_household(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         d: dict[str, Any]) -> str:
    unit = d["units"][d["unit"]]
    rooms = [(room, f"{INC}:hh:{j}") for j, (_, room) in enumerate(unit[2])]
    if d["fee"][1] is None:  # no schedule: a unit's fees may be booked together
        rooms.append((t(context, "The whole unit"), f"{INC}:hh:all"))
    return await BACK.asking(update, context, I_HOUSEHOLD, keyboard(rooms, 3), unit=unit[1])


async def on_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the household (or the whole unit) and asks for the period."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "hh", 1)
    if args is None or d.get("unit") is None or "fee" not in d:
        return await refuse(update, context)
    unit = d["units"][d["unit"]]
    if args[0] == "all" and d["fee"][1] is None:
        d["place"] = {"unit": unit[0]}
    else:
        j = index_of(args[0], unit[2])
        if j is None:
            return await refuse(update, context)
        d["place"] = {"household": unit[2][j][0]}
    if d.pop(SAME_PERIOD, None) and d.get("period"):  # 本单元再登记一户 (income_next)
        return await amount_next(update, context, d)
    return await _ask_period(update, context, d, named=True)


async def on_typed_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores a household typed instead of chosen and asks for the period."""
    d = draft(context, INCOME)
    text = clean_text(typed(update))
    if d.get("fee", [None, None])[1] == Basis.UNIT:
        await reply(update, t(context, STEPS[I_UNIT].again))
        return None
    hid = await read(resolve_household, repo_of(context), d["area"], text)
    if hid is None:
        await reply(update, await which_household(context, d["area"], text) or
                    t(context, "I cannot find household {text} in this area. Choose with "
                               "the buttons, or type its building, unit and room, e.g. "
                               "{example}.",
                      text=text, example=await read(example_household, repo_of(context),
                                                    [d["area"]], said=True)))
        return None
    d["place"] = {"household": hid}
    if back_of(d) == "fee":  # typed at the units: ⬅️ 上一步 at the period goes to them
        d.pop("unit", None)
    return await _ask_period(update, context, d, named=True)


async def _ask_period(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any], *, named: bool = False, first: str = "") -> str:
    """Asks for the period (after ``first``); ``named``: after saying which household was
    understood (a room typed as 1号楼2单元401 or pressed among a dozen), so a wrong one is
    seen now."""
    hid = d["place"].get("household") if named else None
    before = first or (t(context, "Household: {household}", household=await read(
        household_label, repo_of(context), hid)) if hid else "")
    return await BACK.asking(update, context, I_PERIOD, _periods(context, d), before=before,
                             year=repo_of(context).clock().date().year)


def _periods(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> Any:
    """The periods offered for the fee of ``d``, a button each."""
    today = repo_of(context).clock().date()
    month, year = f"{today:%Y-%m}", f"{today:%Y}"
    last_month = f"{today.year - 1}-12" if today.month == 1 else \
        f"{today.year}-{today.month - 1:02d}"
    offered = {"year": [year, str(today.year - 1)], "month": [month, last_month]}.get(
        d["fee"][3], [month, year])
    markup = keyboard([(p, f"{INC}:per:{p}") for p in offered])
    # the first step (/proxy → 交费 starts here): no ⬅️ 上一步, so 取消, as at the fee
    return BACK.with_cancel(context, markup) if BACK.back_of(d, I_PERIOD) is None else markup


async def on_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the period chosen or typed and asks for the amount."""
    if update.callback_query:
        await answer(update)
        args = button_args(update, INC, "per", 1)
        period = normalise_period(args[0]) if args else None
    else:  # 12月 or 十二月 typed: the latest such month
        today = repo_of(context).clock().date()
        period = normalise_period(typed(update), today)
        months = fees.months_said(typed(update), today) if period is None else None
        if months:  # 11-12月: one fee a month, or the fees page and /unpaid miss a month
            draft(context, INCOME)["months"] = months
            await reply(update, t(context, "Paid for several months at once ({months})? "
                                           "Record each month as a fee of its own, so that "
                                           "the fees page and /unpaid count every month: "
                                           "press the first month below, then record the "
                                           "next one.", months="、".join(months)),
                        reply_markup=keyboard([(m, f"{INC}:per:{m}") for m in months]))
            return None
    if period is None:  # the buttons again (she typed the amount here, as often as not)
        await reply(update, t(context, STEPS[I_PERIOD].again, **this_year(context)),
                    reply_markup=_periods(context, draft(context, INCOME)))
        return None
    d = draft(context, INCOME)
    d["period"] = period
    if d.get("fixing"):
        return await summary(update, context, d)
    warning = await recorded_before(context, d)  # it names 取消: the step has it
    before = warning
    if not update.callback_query:  # 本月 typed at midnight on 31 December: which month?
        before = "\n".join(filter(None, [t(context, "Period understood: {period}",
                                            period=period), before]))
    return await ask_amount(update, context, d, before=before, cancel=bool(warning))


async def on_fix(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks the step chosen under 修改 again; its answer leads back to the summary.

    The fee (and who paid it) starts again at the fee, the area kept."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    args = button_args(update, INC, "fix", 1)
    if args is None or args[0] not in FIXES or "receipt" not in d:
        return await refuse(update, context)
    if args[0] == "fee":
        for key in ("fee", "place", "unit", "units", "period", "amount_fen", "receipt",
                    "months", "first"):
            d.pop(key, None)
        return await _ask_fee(update, context, d, d["area"])
    d["fixing"] = True
    if args[0] == "period":
        return await _ask_period(update, context, d)
    return await (ask_amount(update, context, d) if args[0] == "amount" else
                  ask_receipt(update, context))


# Each step asked again, after what was entered (so_far), for a kept draft taken up
# (bot.kept), and for ⬅️ 上一步 (``income_back``).
RESUME = {I_FEE: lambda u, c, d: _ask_fee(u, c, d, d["area"]), I_UNIT: _ask_unit,
          I_HOUSEHOLD: _ask_household, I_PERIOD: lambda u, c, d: _ask_period(u, c, d),
          I_AMOUNT: lambda u, c, d: ask_amount(u, c, d),
          I_RECEIPT: lambda u, c, d: ask_receipt(u, c), I_CONFIRM: summary, I_FIX: summary}
BACK.asks.update(RESUME)

STATES: dict[object, list[Any]] = {
    I_AREA: step(I_AREA, *buttons(INC, {"area": on_area, "cancel": BACK.on_cancel})),
    I_FEE: step(I_FEE, *BACK.backs(I_FEE), *buttons(INC, {"fee": on_fee,
                                                         "cancel": BACK.on_cancel})),
    I_UNIT: step(I_UNIT, *BACK.backs(I_UNIT), *buttons(INC, {"unit": on_unit}),
                 MessageHandler(TEXT_INPUT, on_typed_household)),
    I_HOUSEHOLD: step(I_HOUSEHOLD, *BACK.backs(I_HOUSEHOLD), *buttons(INC, {"hh": on_household}),
                      MessageHandler(TEXT_INPUT, on_typed_household)),
    I_PERIOD: step(I_PERIOD, *BACK.backs(I_PERIOD), *buttons(INC, {"per": on_period,
                                                                   "cancel": BACK.on_cancel}),
                   MessageHandler(TEXT_INPUT, BACK.keeping(I_PERIOD, on_period)), params=this_year),
    I_AMOUNT: step(I_AMOUNT, *BACK.backs(I_AMOUNT),
                   *buttons(INC, {"amt": on_usual_amount, "same": on_same,
                                  "cancel": BACK.on_cancel}),
                   MessageHandler(TEXT_INPUT, BACK.keeping(I_AMOUNT, on_amount)),  # a photo: kept
                   markup=lambda c: amount_buttons(c, current_draft(c, INCOME) or {})),
    I_RECEIPT: step(I_RECEIPT, *BACK.backs(I_RECEIPT), MessageHandler(PHOTO, on_receipt),
                    MessageHandler(filters.Document.ALL, on_receipt_file),
                    MessageHandler(TEXT_INPUT, BACK.keeping(I_RECEIPT, on_amount_again)),
                    *buttons(INC, {"skip": on_no_receipt}), markup=no_receipt),
    I_CONFIRM: [*BACK.backs(I_CONFIRM), *buttons(INC, {"ok": on_ok, "edit": on_edit}),
                MessageHandler(PHOTO, on_receipt), *amount_at_summary(INCOME, summary),
                *unexpected(STEPS[I_CONFIRM].again,
                            lambda u, c: summary(u, c, draft(c, INCOME)))],
    I_FIX: step(I_FIX, *BACK.backs(I_FIX), *buttons(INC, {"fix": on_fix})),
}
COMMANDS = [
    Command("income", "Record fees collected door to door", income,
            audience=Audience.VOLUNTEER, order=40, extra={"title": lazy("Fee record (/income)")},
            flow=Flow(INCOME, STATES, resume=RESUME, so_far=so_far, entry_points=[
                CallbackQueryHandler(income_for, pattern=f"^{INC}:for:"),
                CallbackQueryHandler(income_door, pattern=f"^{INC}:door:"),  # from /unpaid
                CallbackQueryHandler(income_walk, pattern=f"^{INC}:walk:"),  # its units
                CallbackQueryHandler(income_next, pattern=f"^{INC}:next:"),
                CallbackQueryHandler(income_next_unit, pattern=f"^{INC}:nextu:"),
                CallbackQueryHandler(income_replacing, pattern=f"^{INC}:rep:")])),
]

HANDLERS = [kept.stale_buttons(INCOME, INC)]
