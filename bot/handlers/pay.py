"""/pay (缴费登记): a resident reports a fee they paid — fee type, period,
amount (the strict money parser: a bad amount gets a clear reply and the
step is asked again, nothing lost), and a receipt photo. It stays pending
until a volunteer confirms it; only then does it reach the ledger."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler
from telegram.ext import filters as F

from db import labels
from db.entries import FEE_TYPES, Kind
from db.errors import DomainError
from db.money import format_fen, parse_amount

from ..commands import Audience, Command, Flow
from ..context import call, error_text, lang_of, reply, repo_of, t, word
from ..files import photo_of, save_photo
from ..i18n import lazy
from ..keyboards import button, rows
from ..notify import notify_pending
from ..ratelimit import allow_submission
from ..resident import (
    RATE_LIMITED,
    TEXT_INPUT,
    answer,
    clean_text,
    clear_flow,
    flow_data,
    other_input_handlers,
    refuse_button,
    require_resident,
    stale_button,
    start_resident_flow,
    step_buttons,
)
from .common import main_menu

__all__ = ["COMMANDS", "HANDLERS"]

FLOW = "pay"
FEE, PERIOD, AMOUNT, RECEIPT, CONFIRM = ("pay:fee", "pay:period", "pay:amount", "pay:receipt",
                                        "pay:confirm")
PERIOD_BUTTON = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
MAX_PERIOD = 40


def _cancel(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    return [button(t(context, "Cancel"), "pay:cancel")]


async def pay_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return ConversationHandler.END
    person, _area, draft = started
    draft["household"] = person["household"]
    return await _ask_fee(update, context)


async def _ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    buttons = [button(word(context, labels.FEE_TYPE, code), f"pay:fee:{code}")
               for code in labels.FEE_TYPE]
    await reply(update, t(context, "Which fee did you pay?"),
                reply_markup=InlineKeyboardMarkup(rows(buttons, 2) + [_cancel(context)]))
    return FEE


def _periods(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    today = repo_of(context).clock()
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return [f"{today.year}-{today.month:02d}", f"{last[0]}-{last[1]:02d}", str(today.year),
            str(today.year - 1)]


async def _ask_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    buttons = [button(p, f"pay:per:{p}") for p in _periods(context)]
    await reply(update, t(context, "For which period? Choose, or type it (e.g. 2025 first "
                                   "half):"),
                reply_markup=InlineKeyboardMarkup(rows(buttons, 2) + [_cancel(context)]))
    return PERIOD


async def _ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "How much did you pay? Type the amount in yuan, e.g. 120, "
                                   "120.50 or 一百二十元."),
                reply_markup=InlineKeyboardMarkup([_cancel(context)]))
    return AMOUNT


async def _ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "Please send a photo of the receipt. No receipt? Press the "
                                   "button."),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "No receipt, continue"), "pay:skip")], _cancel(context)]))
    return RECEIPT


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   draft: dict[str, Any]) -> str:
    repo = repo_of(context)
    lines = [t(context, "Please check your fee report:"),
             t(context, "Fee: {fee}", fee=word(context, labels.FEE_TYPE, draft["fee_type"])),
             t(context, "Period: {period}", period=draft["period"]),
             t(context, "Amount: {amount}", amount=format_fen(draft["amount_fen"])),
             t(context, "Household: {household}",
               household=repo.street.household_label(draft["household"])),
             t(context, "Receipt photo: yes") if draft.get("receipt")
             else t(context, "Receipt photo: none")]
    keyboard = InlineKeyboardMarkup([
        [button(t(context, "Submit"), "pay:ok")],
        [button(t(context, "Start again"), "pay:again"), *_cancel(context)],
    ])
    await reply(update, "\n".join(lines), reply_markup=keyboard)
    return CONFIRM


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    query = update.callback_query
    assert query is not None
    draft = (context.user_data or {}).get(f"flow:{FLOW}")
    if not draft:
        await refuse_button(update, context)
        return ConversationHandler.END
    fields = (query.data or "").split(":", 2)
    action = fields[1] if len(fields) > 1 else ""
    arg = fields[2] if len(fields) > 2 else None
    if action == "cancel" and arg is None:
        await answer(update)
        clear_flow(context, FLOW)
        await reply(update, t(context, "Cancelled. Nothing was saved."),
                    reply_markup=main_menu(lang_of(context)))
        return ConversationHandler.END
    if action == "fee" and arg in FEE_TYPES:
        await answer(update)
        draft["fee_type"] = arg
        return await _ask_period(update, context)
    if action == "per" and arg is not None and PERIOD_BUTTON.match(arg) \
            and 2000 <= int(arg[:4]) <= 2100:
        await answer(update)
        draft["period"] = arg
        return await _ask_amount(update, context)
    if action == "skip" and arg is None and draft.get("amount_fen"):
        await answer(update)
        draft.pop("receipt", None)
        return await _summary(update, context, draft)
    if action == "again" and arg is None:
        await answer(update)
        for key in ("fee_type", "period", "amount_fen", "receipt"):
            draft.pop(key, None)
        return await _ask_fee(update, context)
    if action == "ok" and arg is None and draft.get("amount_fen"):
        return await _submit(update, context, draft)
    await refuse_button(update, context)
    return None


async def on_period_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    assert update.message is not None
    period = clean_text(update.message.text)
    if not period or len(period) > MAX_PERIOD or "\n" in period:
        await reply(update, t(context, "Please type the period in one short line (at most "
                                       "{max} characters), e.g. 2025 or 2025-03.",
                              max=MAX_PERIOD))
        return None
    flow_data(context, FLOW)["period"] = period
    return await _ask_amount(update, context)


async def on_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    assert update.message is not None
    try:
        fen = parse_amount(clean_text(update.message.text)[:100])
    except DomainError as exc:
        await reply(update, error_text(context, exc) + "\n" +
                    t(context, "Please type the amount again."))
        return None
    flow_data(context, FLOW)["amount_fen"] = fen
    return await _ask_receipt(update, context)


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    draft = flow_data(context, FLOW)
    try:
        draft["receipt"] = await save_photo(context, photo_of(update.message))
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    return await _summary(update, context, draft)


async def _submit(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  draft: dict[str, Any]) -> Any:
    await answer(update)
    who = await require_resident(update, context)
    if who is None or who[1] != draft["area"] or who[0].get("household") != draft["household"]:
        clear_flow(context, FLOW)
        if who is not None:
            await reply(update, t(context, "Your household changed while you were writing. "
                                           "Nothing was saved; please start again."))
        return ConversationHandler.END
    person, area = who
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, t(context, RATE_LIMITED))
        return None
    data = {"fee_type": draft["fee_type"], "period": draft["period"],
            "amount_fen": int(draft["amount_fen"]), "household": draft["household"],
            "receipt": draft.get("receipt"), "source": "resident"}
    repo = repo_of(context)
    try:
        entry = await call(repo.submit, person["id"], Kind.FEE_INCOME, area, data)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    clear_flow(context, FLOW)
    await reply(update, t(context, "Received: fee report #{id} ({amount}). A volunteer will "
                                   "check it; it appears in the accounts once confirmed.",
                          id=entry.id, amount=format_fen(entry.data["amount_fen"])),
                reply_markup=main_menu(lang_of(context)))
    await notify_pending(context, entry)
    return ConversationHandler.END


def _step(*actions: str) -> list[CallbackQueryHandler]:
    return step_buttons("pay", on_button, *actions)


_PHOTO = F.PHOTO | F.Document.IMAGE
_STATES: dict[object, list[Any]] = {
    FEE: [*_step("fee", "cancel"), *other_input_handlers(
        lazy("Please choose the fee with the buttons above."))],
    PERIOD: [*_step("per", "cancel"), MessageHandler(TEXT_INPUT, on_period_text),
             *other_input_handlers(lazy("Please choose or type the period."))],
    AMOUNT: [*_step("cancel"), MessageHandler(TEXT_INPUT, on_amount),
             *other_input_handlers(lazy("Please type the amount, e.g. 120 or 120.50."))],
    RECEIPT: [*_step("skip", "cancel"), MessageHandler(_PHOTO, on_receipt),
              *other_input_handlers(
                  lazy("Please send the receipt as a photo, or press the button."))],
    CONFIRM: [*_step("ok", "again", "cancel"), *other_input_handlers(
        lazy("Please press Submit, Start again or Cancel above."))],
}

COMMANDS = [
    Command("pay", "Report a fee you paid", pay_start, audience=Audience.RESIDENT,
            menu_label="Fee paid", order=40, flow=Flow(FLOW, _STATES)),
]

HANDLERS = [CallbackQueryHandler(stale_button, pattern=r"^pay:")]
