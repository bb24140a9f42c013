"""/income's amount and receipt steps (``income.py``): the amount typed (or the fee's
usual amount, or the reversed line's, pressed), then an optional photo of the receipt, or
没有收据 (typed or pressed); an amount typed again there replaces the amount. Then the
summary (``income_summary``)."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import fees
from db.errors import DomainError
from db.fee_amounts import amount_at
from db.money import amount_like, format_fen

from ..context import reply, repo_of, t
from ..flows import answer, button_args, current_draft, draft, gone, keyboard, refuse, typed
from .income_back import BACK
from .income_summary import summary
from .money_steps import (
    I_AMOUNT,
    I_RECEIPT,
    INC,
    INCOME,
    NOT_A_PICTURE,
    amount_noted,
    amount_or_problem,
    amount_typed,
    no_receipt_typed,
    read_amount,
    read_receipt,
)
from .replacing import same_amount

__all__ = ["no_receipt", "ask_receipt", "on_receipt_file", "on_amount_again", "on_no_receipt",
           "on_receipt", "ask_amount", "amount_buttons", "on_amount", "on_usual_amount"]


def no_receipt(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The receipt step's button, under whatever asks for the receipt again."""
    return keyboard([(t(context, "No receipt"), f"{INC}:skip:1")])


async def on_receipt_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Says how to send a receipt that came as a file other than a picture."""
    await reply(update, t(context, NOT_A_PICTURE), reply_markup=no_receipt(context))
    return None


async def ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Shows the amount as understood (it can be typed again; one that differs from
    the schedule's usual amount for the period, with that amount) and asks for the
    receipt."""
    d = draft(context, INCOME)
    usual = fees.unusual_amount(repo_of(context).street, d["area"], d["fee"][0], d["period"],
                                d["amount_fen"])
    return await BACK.asking(update, context, I_RECEIPT, no_receipt(context),
                             before=amount_noted(context, d["amount_fen"], again=True, usual=usual))


async def on_amount_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores an amount typed again at the receipt step and asks for the receipt.

    没有收据 typed goes on as its button does; an amount it cannot read (120.5.5,
    ¥-3) is said to be wrong, and why, before the step's question again with the
    amount kept (it was passed over in silence, the old amount said back as if it were
    the new); other text gets the step's question again, with the amount kept."""
    if no_receipt_typed(update):
        return await _record(update, context, draft(context, INCOME), None)
    amount = amount_typed(update, context)
    if amount is not None:
        draft(context, INCOME)["amount_fen"] = amount
    elif amount_like(typed(update)):
        await read_amount(update, context)  # says what is wrong with it
    return await ask_receipt(update, context)


async def on_no_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps that there is no receipt and shows the summary."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    if button_args(update, INC, "skip", 1) != ["1"]:
        return await refuse(update, context)
    return await _record(update, context, d, None)


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and shows the summary."""
    receipt = await read_receipt(  # refused: with the step's button, as it was asked
        update, context, keyboard([(t(context, "No receipt"), f"{INC}:skip:1")]))
    if receipt is None:
        return None
    return await _record(update, context, draft(context, INCOME), receipt)


async def _record(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                  receipt: str | None) -> object:
    """Keeps the receipt (None: none) and shows the summary; nothing is stored yet."""
    d["receipt"] = receipt
    return await summary(update, context, d)


async def ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                      *, before: str = "", cancel: bool = False) -> str:
    """Asks how much (after ``before``); ``cancel``: with 取消, which ``before`` names
    (the household's fee for that period is in already: 不是的话，请点“取消”)."""
    return await BACK.asking(update, context, I_AMOUNT, amount_buttons(context, d),
                             before=before,  # the first step has it already
                             cancel=cancel and BACK.back_of(d, I_AMOUNT) is not None)


def amount_buttons(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                    ) -> InlineKeyboardMarkup | None:
    """The amount step's buttons: the fee's usual amount, the reversed line's kept."""
    usual = usual_of(context, d)
    rows = [(t(context, "The usual {amount}", amount=format_fen(usual)),
             f"{INC}:amt:{usual}")] if usual else []
    markup = same_amount(context, INC, d, rows)
    # the first step (/proxy's months paid at once start here): no ⬅️ 上一步, so 取消
    return BACK.with_cancel(context, markup) if BACK.back_of(d, I_AMOUNT) is None else markup


def usual_of(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> int | None:
    """The fee's usual amount per payer and schedule period for the draft's period: the
    amount of that period (2025's ¥120 when 2026's is ¥150, ``db.fee_amounts``); of
    this month, for a period in other words; None when the schedule fixes none."""
    code = (d.get("fee") or [None] * 4)[0]
    repo = repo_of(context)
    try:
        fee = fees.schedule(repo.street, d["area"], str(code))
    except (DomainError, KeyError):
        return None
    period = fees.normalise_period(str(d.get("period") or "")) or f"{repo.clock():%Y-%m}"
    return amount_at(fee, period)


async def on_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount typed and asks for an optional receipt photo.

    A wrong one is said and asked again, with the usual amount's button and 取消: the
    way out is kept (asked after "the fee is in already: 不是的话，请点取消", 12o lost
    the 取消 it named, as it lost it anywhere ⬅️ 上一步 stood alone)."""
    amount, problem = amount_or_problem(update, context)
    d = draft(context, INCOME)
    if amount is None:
        await ask_amount(update, context, d, before=problem, cancel=True)
        return None
    d["amount_fen"] = amount
    return await (summary(update, context, d) if d.get("fixing") else
                  ask_receipt(update, context))


async def on_usual_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the schedule's usual amount and asks for an optional receipt photo."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    usual = usual_of(context, d)
    if not usual or button_args(update, INC, "amt", 1) != [str(usual)]:
        return await refuse(update, context)
    d["amount_fen"] = int(usual)
    return await (summary(update, context, d) if d.get("fixing") else
                  ask_receipt(update, context))
