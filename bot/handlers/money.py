"""Money: /income records fees collected door to door, /expense records money
spent, /reverse N reason corrects a published line with a reversing entry.

Both flows end in a pending entry that another volunteer must approve
(maker-checker); it is posted to the area's volunteers and group with
Approve / Reject buttons. Amounts go through the strict parser: a bad amount
is explained and the flow stays at that step. Nothing is ever edited or
deleted.

Callback data: ``inc:<step>:<value>`` and ``exp:<step>:<value>``; values are
indexes into the choices shown (kept in the draft) or known codes, checked
before use.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler
from telegram.ext import filters as F

from db import labels
from db.entries import EXPENSE_CATEGORIES, FEE_TYPES, Kind, Status
from db.errors import DomainError, MoneyError
from db.money import format_fen, parse_amount

from ..commands import Audience, Command, Flow
from ..context import call, error_text, read, reply, repo_of, t, word
from ..files import photo_of, save_photo
from ..i18n import lazy
from ..keyboards import button, rows
from ..notify import notify_pending
from ..resident import TEXT_INPUT, answer, clean_text, clear_flow, flow_data
from ..resident import other_input_handlers as others
from .roles import area_name, entry_id_of, fail, require_staff, staff_areas, words

__all__ = ["COMMANDS", "HANDLERS", "choose_area", "resolve_household"]

INC, EXP = "inc", "exp"  # callback data prefixes
INCOME, EXPENSE = "income", "expense"  # flow names
I_AREA, I_UNIT, I_HOUSEHOLD, I_FEE, I_PERIOD, I_AMOUNT, I_RECEIPT = (
    f"income:{s}" for s in ("area", "unit", "household", "fee", "period", "amount", "receipt"))
E_AREA, E_AMOUNT, E_PAYEE, E_PURPOSE, E_CATEGORY, E_PROJECT, E_RECEIPT = (
    f"expense:{s}" for s in ("area", "amount", "payee", "purpose", "category", "project",
                             "receipt"))
MAX_FIELD = 200
PHOTO = F.PHOTO | F.Document.IMAGE


_PERIOD = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?)?\s*年?$")


def _keyboard(buttons: list[tuple[str, str]], columns: int = 2) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(rows([button(text, data) for text, data in buttons], columns))


def _button_value(update: Update, prefix: str, step: str) -> str | None:
    """The value of ``<prefix>:<step>:<value>``, or None."""
    query = update.callback_query
    parts = (query.data or "").split(":") if query else []
    if len(parts) == 3 and parts[0] == prefix and parts[1] == step and parts[2]:
        return parts[2]
    return None


def _index(value: str | None, choices: list[Any]) -> int | None:
    if value is not None and value.isascii() and value.isdigit() and len(value) < 6:
        i = int(value)
        if i < len(choices):
            return i
    return None


async def _stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A button of another step (or forged): say so; the flow stays where it is."""
    await answer(update)
    await reply(update, t(context, "That button is no longer valid."))
    return None


def _text(update: Update) -> str:
    """The text of the message (empty when there is none)."""
    message = update.effective_message
    return (message.text or "") if message else ""


# -- shared steps -----------------------------------------------------------------------


async def choose_area(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], prefix: str) -> str | None:
    """The caller's only area; with several, shows buttons ``<prefix>:area:<i>`` and
    returns None (the choices are kept in ``draft["areas"]``)."""
    areas = await staff_areas(context, person)
    if len(areas) == 1:
        return areas[0]
    draft = flow_data(context, {INC: "income", EXP: "expense"}.get(prefix, prefix))
    draft["areas"] = areas
    names = [await area_name(context, a) for a in areas]
    await reply(update, t(context, "Which area?"),
                reply_markup=_keyboard([(n, f"{prefix}:area:{i}") for i, n in enumerate(names)]))
    return None


def resolve_household(repo: Any, area: str, text: str) -> str | None:
    """A household of ``area`` from what a volunteer typed: its id, or the end of it
    (``1/1/101`` or ``1-1-101``) when only one household matches."""
    text = re.sub(r"[\s\-－—_]+", "/", text.strip()).strip("/")
    if not text:
        return None
    ids = [h.id for h in repo.street.area_households(area)]
    if text in ids:
        return text
    matches = [h for h in ids if h.endswith("/" + text)]
    return matches[0] if len(matches) == 1 else None


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


async def _amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The amount typed, or None after explaining what is wrong with it."""
    text = _text(update)
    try:
        return parse_amount(text or "")
    except MoneyError as exc:
        await reply(update, error_text(context, exc))
        return None


async def _receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    media = photo_of(update.effective_message)
    try:
        return await save_photo(context, media)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None


async def _submit(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: Kind, area: str,
                  data: dict[str, Any]) -> None:
    """Stores the pending money entry, posts it for approval and says what happens next."""
    person_id = context.user_data.get("flow:person") if context.user_data else None
    repo = repo_of(context)
    try:
        entry = await call(repo.submit, person_id, kind, area, data)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    await notify_pending(context, entry)
    await reply(update, t(context, "Recorded as #{id} ({amount}). Another volunteer must "
                                   "approve it before it appears in the public accounts.",
                          id=entry.id, amount=format_fen(entry.data["amount_fen"])))


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str
                 ) -> dict[str, Any] | None:
    person = await require_staff(update, context)
    if person is None:
        return None
    clear_flow(context, name)
    context.user_data["flow:person"] = person["id"]  # type: ignore[index]
    return person


# -- /income ------------------------------------------------------------------------------


async def income(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts recording fees collected door to door."""
    person = await _start(update, context, "income")
    if person is None:
        return ConversationHandler.END
    area = await choose_area(update, context, person, INC)
    if area is None:
        return I_AREA
    return await _income_units(update, context, area)


async def income_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and shows its units."""
    await answer(update)
    draft = flow_data(context, "income")
    i = _index(_button_value(update, INC, "area"), draft.get("areas", []))
    if i is None:
        return await _stale(update, context)
    return await _income_units(update, context, draft["areas"][i])


async def _income_units(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> object:
    draft = flow_data(context, "income")
    draft["area"] = area
    draft["units"] = units = await read(_units, repo_of(context), area)
    await reply(update, t(context, "Fees collected: which building unit? (Or type the "
                                   "household, e.g. 1/1/101.)"),
                reply_markup=_keyboard([(u[1], f"{INC}:unit:{i}") for i, u in enumerate(units)]))
    return I_UNIT


async def income_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the unit and shows its households."""
    await answer(update)
    draft = flow_data(context, "income")
    i = _index(_button_value(update, INC, "unit"), draft.get("units", []))
    if i is None:
        return await _stale(update, context)
    draft["unit"] = i
    unit = draft["units"][i]
    buttons = [(room, f"{INC}:hh:{j}") for j, (_, room) in enumerate(unit[2])]
    buttons.append((t(context, "The whole unit"), f"{INC}:hh:all"))
    await reply(update, t(context, "{unit}: which household?", unit=unit[1]),
                reply_markup=_keyboard(buttons, 3))
    return I_HOUSEHOLD


async def income_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the household (or the whole unit) and asks for the fee type."""
    await answer(update)
    draft = flow_data(context, "income")
    value = _button_value(update, INC, "hh")
    if draft.get("unit") is None:
        return await _stale(update, context)
    unit = draft["units"][draft["unit"]]
    if value == "all":
        draft["place"] = {"unit": unit[0], "unit_label": unit[1]}
    else:
        j = _index(value, unit[2])
        if j is None:
            return await _stale(update, context)
        draft["place"] = {"household": unit[2][j][0]}
    return await _ask_fee(update, context)


async def income_typed_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A household typed instead of chosen."""
    draft = flow_data(context, "income")
    text = clean_text(_text(update))
    hid = await read(resolve_household, repo_of(context), draft["area"], text)
    if hid is None:
        await reply(update, t(context, "I cannot find household {text} in this area. Choose "
                                       "with the buttons, or type it as building/unit/room, "
                                       "e.g. 1/1/101.", text=text))
        return None
    draft["place"] = {"household": hid}
    return await _ask_fee(update, context)


async def _ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    buttons = [(word(context, labels.FEE_TYPE, code), f"{INC}:fee:{code}") for code in FEE_TYPES]
    await reply(update, t(context, "Which fee?"), reply_markup=_keyboard(buttons))
    return I_FEE


async def income_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee type and asks for the period."""
    await answer(update)
    code = _button_value(update, INC, "fee")
    if code not in FEE_TYPES:
        return await _stale(update, context)
    flow_data(context, "income")["fee_type"] = code
    today = (await call(lambda: repo_of(context).clock())).date()
    month, year = f"{today:%Y-%m}", f"{today:%Y}"
    await reply(update, t(context, "For which period? Choose, or type e.g. 2025 or 2025-03."),
                reply_markup=_keyboard([(month, f"{INC}:per:{month}"),
                                        (year, f"{INC}:per:{year}")]))
    return I_PERIOD


def normalise_period(text: str) -> str | None:
    """'2025', '2025-3', '2025年3月' -> '2025', '2025-03'; None if not a period."""
    match = _PERIOD.match((text or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    if match.group(2) is None:
        return match.group(1)
    month = int(match.group(2))
    return f"{match.group(1)}-{month:02d}" if 1 <= month <= 12 else None


async def income_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the period (button or typed) and asks for the amount."""
    if update.callback_query:
        await answer(update)
        period = normalise_period(_button_value(update, INC, "per") or "")
    else:
        period = normalise_period(_text(update))
    if period is None:
        await reply(update, t(context, "Please give the period as a year or a month, e.g. "
                                       "2025 or 2025-03."))
        return None
    flow_data(context, "income")["period"] = period
    await reply(update, t(context, "How much was collected? (e.g. 120 or 120.50)"))
    return I_AMOUNT


async def income_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount and asks for an optional receipt photo."""
    amount = await _amount(update, context)
    if amount is None:
        return None
    flow_data(context, "income")["amount_fen"] = amount
    await reply(update, t(context, "Send a photo of the receipt, or press No receipt."),
                reply_markup=_keyboard([(t(context, "No receipt"), f"{INC}:skip:1")]))
    return I_RECEIPT


async def income_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo (or none) and records the income."""
    receipt = None
    if update.callback_query:
        await answer(update)
        if _button_value(update, INC, "skip") != "1":
            return await _stale(update, context)
    else:
        receipt = await _receipt(update, context)
        if receipt is None:
            return None
    draft = flow_data(context, "income")
    data = {"fee_type": draft["fee_type"], "period": draft["period"],
            "amount_fen": draft["amount_fen"], "receipt": receipt, "collected": True,
            **draft["place"]}
    await _submit(update, context, Kind.FEE_INCOME, draft["area"], data)
    clear_flow(context, "income")
    return ConversationHandler.END


# -- /expense -----------------------------------------------------------------------------


async def expense(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts recording money spent."""
    person = await _start(update, context, "expense")
    if person is None:
        return ConversationHandler.END
    area = await choose_area(update, context, person, EXP)
    if area is None:
        return E_AREA
    return await _ask_expense_amount(update, context, area)


async def expense_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks for the amount."""
    await answer(update)
    draft = flow_data(context, "expense")
    i = _index(_button_value(update, EXP, "area"), draft.get("areas", []))
    if i is None:
        return await _stale(update, context)
    return await _ask_expense_amount(update, context, draft["areas"][i])


async def _ask_expense_amount(update: Update, context: ContextTypes.DEFAULT_TYPE,
                              area: str) -> object:
    flow_data(context, "expense")["area"] = area
    await reply(update, t(context, "Money spent: how much? (e.g. 350 or 350.50)"))
    return E_AMOUNT


async def expense_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount and asks who was paid."""
    amount = await _amount(update, context)
    if amount is None:
        return None
    flow_data(context, "expense")["amount_fen"] = amount
    await reply(update, t(context, "Paid to whom? (a shop, a company or a worker)"))
    return E_PAYEE


async def expense_payee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the payee and asks for the purpose."""
    payee = clean_text(_text(update))[:MAX_FIELD]
    if not payee:
        await reply(update, t(context, "Paid to whom? (a shop, a company or a worker)"))
        return None
    flow_data(context, "expense")["payee"] = payee
    await reply(update, t(context, "What was it for? (e.g. 更换3号楼路灯灯泡)"))
    return E_PURPOSE


async def expense_purpose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the purpose and asks for the category."""
    purpose = clean_text(_text(update))[:MAX_FIELD]
    if not purpose:
        await reply(update, t(context, "What was it for? (e.g. 更换3号楼路灯灯泡)"))
        return None
    flow_data(context, "expense")["purpose"] = purpose
    buttons = [(word(context, labels.EXPENSE_CATEGORY, c), f"{EXP}:cat:{c}")
               for c in EXPENSE_CATEGORIES]
    await reply(update, t(context, "Which category?"), reply_markup=_keyboard(buttons))
    return E_CATEGORY


async def expense_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the category; asks for the project when the area has any."""
    await answer(update)
    code = _button_value(update, EXP, "cat")
    if code not in EXPENSE_CATEGORIES:
        return await _stale(update, context)
    draft = flow_data(context, "expense")
    draft["category"] = code
    projects = await read(repo_of(context).entries, area=draft["area"], kind=Kind.PROPOSAL,
                          status=Status.PASSED)
    if not projects:
        return await _ask_receipt(update, context)
    draft["projects"] = [p.id for p in projects]
    buttons = [(f"#{p.id} {p.data.get('title', '')}", f"{EXP}:prj:{p.id}") for p in projects]
    buttons.append((t(context, "No project"), f"{EXP}:prj:0"))
    await reply(update, t(context, "Is it part of a project?"), reply_markup=_keyboard(buttons, 1))
    return E_PROJECT


async def expense_project(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the project (or none) and asks for the receipt."""
    await answer(update)
    draft = flow_data(context, "expense")
    value = _button_value(update, EXP, "prj")
    pid = entry_id_of(value) if value != "0" else 0
    if pid is None or (pid and pid not in draft.get("projects", [])):
        return await _stale(update, context)
    draft["project"] = pid or None
    return await _ask_receipt(update, context)


async def _ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    await reply(update, t(context, "Send a photo of the receipt or invoice."))
    return E_RECEIPT


async def expense_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and records the expense."""
    receipt = await _receipt(update, context)
    if receipt is None:
        return None
    draft = flow_data(context, "expense")
    data = {"amount_fen": draft["amount_fen"], "payee": draft["payee"],
            "purpose": draft["purpose"], "category": draft["category"],
            "project": draft.get("project"), "receipt": receipt}
    await _submit(update, context, Kind.EXPENSE, draft["area"], data)
    clear_flow(context, "expense")
    return ConversationHandler.END


async def expense_text_at_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text where the receipt photo is expected."""
    await reply(update, t(context, "Please send the receipt as a photo (or /cancel)."))


# -- /reverse -----------------------------------------------------------------------------


async def reverse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reverse N reason: records a reversing entry for a published income or expense."""
    person = await require_staff(update, context)
    if person is None:
        return
    args = words(update, maxsplit=1)
    entry_id = entry_id_of(args[0]) if args else None
    reason = clean_text(args[1]) if len(args) > 1 else ""
    if entry_id is None or not reason:
        await reply(update, t(context, "Usage: /reverse N reason, e.g. /reverse 12 金额记错了"))
        return
    try:
        entry = await call(repo_of(context).reverse, entry_id, person["id"], reason)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    await notify_pending(context, entry)
    await reply(update, t(context, "Reversal #{id} of #{original} recorded. Another volunteer "
                                   "must approve it; the original line stays in the ledger.",
                          id=entry.id, original=entry_id))


INCOME_STATES: dict[object, list[Any]] = {
    I_AREA: [CallbackQueryHandler(income_area, pattern=f"^{INC}:area:"),
             CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
             *others(lazy("Please choose with the buttons above."))],
    I_UNIT: [CallbackQueryHandler(income_unit, pattern=f"^{INC}:unit:"),
             CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
             MessageHandler(TEXT_INPUT, income_typed_household),
             *others(lazy("Please choose with the buttons above."))],
    I_HOUSEHOLD: [CallbackQueryHandler(income_household, pattern=f"^{INC}:hh:"),
                  CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
                  MessageHandler(TEXT_INPUT, income_typed_household),
                  *others(lazy("Please choose with the buttons above."))],
    I_FEE: [CallbackQueryHandler(income_fee, pattern=f"^{INC}:fee:"),
            CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
            *others(lazy("Please choose with the buttons above."))],
    I_PERIOD: [CallbackQueryHandler(income_period, pattern=f"^{INC}:per:"),
               CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
               MessageHandler(TEXT_INPUT, income_period),
               *others(lazy("Please give the period as a year or a month, e.g. "
                             "2025 or 2025-03."))],
    I_AMOUNT: [MessageHandler(TEXT_INPUT, income_amount),
               CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
               *others(lazy("How much was collected? (e.g. 120 or 120.50)"))],
    I_RECEIPT: [MessageHandler(PHOTO, income_receipt),
                CallbackQueryHandler(income_receipt, pattern=f"^{INC}:skip:"),
                CallbackQueryHandler(_stale, pattern=f"^{INC}:"),
                *others(lazy("Send a photo of the receipt, or press No "
                              "receipt."))],
}

EXPENSE_STATES: dict[object, list[Any]] = {
    E_AREA: [CallbackQueryHandler(expense_area, pattern=f"^{EXP}:area:"),
             CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
             *others(lazy("Please choose with the buttons above."))],
    E_AMOUNT: [MessageHandler(TEXT_INPUT, expense_amount),
               CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
               *others(lazy("Money spent: how much? (e.g. 350 or 350.50)"))],
    E_PAYEE: [MessageHandler(TEXT_INPUT, expense_payee),
              CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
              *others(lazy("Paid to whom? (a shop, a company or a worker)"))],
    E_PURPOSE: [MessageHandler(TEXT_INPUT, expense_purpose),
                CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
                *others(lazy("What was it for? (e.g. 更换3号楼路灯灯泡)"))],
    E_CATEGORY: [CallbackQueryHandler(expense_category, pattern=f"^{EXP}:cat:"),
                 CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
                 *others(lazy("Please choose with the buttons above."))],
    E_PROJECT: [CallbackQueryHandler(expense_project, pattern=f"^{EXP}:prj:"),
                CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
                *others(lazy("Please choose with the buttons above."))],
    E_RECEIPT: [MessageHandler(PHOTO, expense_receipt),
                MessageHandler(TEXT_INPUT, expense_text_at_receipt),
                CallbackQueryHandler(_stale, pattern=f"^{EXP}:"),
                *others(lazy("Please send the receipt as a photo (or /cancel)."))],
}

COMMANDS = [
    Command("income", "Record fees collected door to door", income,
            audience=Audience.VOLUNTEER, order=40, flow=Flow(INCOME, INCOME_STATES)),
    Command("expense", "Record money spent, with the receipt", expense,
            audience=Audience.VOLUNTEER, order=41, flow=Flow(EXPENSE, EXPENSE_STATES)),
    Command("reverse", "Correct a published money line: /reverse N reason", reverse,
            audience=Audience.VOLUNTEER, order=42),
]

HANDLERS = [CallbackQueryHandler(_stale, pattern=f"^({INC}|{EXP}):")]
