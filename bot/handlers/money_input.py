"""What a volunteer types or sends at a money flow's amount and receipt steps
(/income, /expense, and a resident's 缴费登记, ``pay.py``): the amount read through the
strict parser (what is wrong with it said, or nothing said when a later step takes
it), said back as understood (三百五 -> ¥350.00, against the schedule's amount), 没有收据
typed for the No receipt button, and the receipt photo stored (a PDF invoice is no
picture: how to send it).
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.errors import DomainError, MoneyError
from db.money import format_fen, parse_amount

from ..context import error_text, reply, repo_of, t
from ..files import photo_of, save_photo
from ..flows import typed
from ..i18n import lazy
from ..staff import fail

__all__ = ["read_amount", "amount_or_problem", "amount_typed", "amount_noted",
           "NOT_A_PICTURE", "INVOICE_NOT_A_PICTURE", "NO_RECEIPT_WORDS", "no_receipt_typed",
           "read_receipt"]


async def read_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The amount typed, or None after explaining what is wrong with it."""
    try:  # the street's ceiling: the limit a refusal quotes is the configured one
        return parse_amount(typed(update), ceiling_fen=repo_of(context).amount_ceiling)
    except MoneyError as exc:
        await reply(update, error_text(context, exc))
        return None


# A receipt sent as a file that is no picture (an e-invoice's PDF, as shops and payment
# apps send them): the volunteer read "this step does not take a file", not how to send
# it (as 缴费登记 says it, bot.handlers.pay).
NOT_A_PICTURE = lazy("This file was not kept: the receipt can only be a picture. For an "
                     "e-invoice (a PDF file), open it on your phone, take a screenshot and send "
                     "the screenshot here. No receipt? Press the button below.")
INVOICE_NOT_A_PICTURE = lazy("This file was not kept: the receipt can only be a picture. For "
                             "an e-invoice (a PDF file), open it on your phone, take a "
                             "screenshot and send the screenshot here (or press Cancel).")


def amount_or_problem(update: Update, context: ContextTypes.DEFAULT_TYPE
                      ) -> tuple[int | None, str]:
    """The amount typed, or None and what is wrong with it (the amount step says it
    before its question again, with its buttons: the earlier ones have scrolled away)."""
    try:
        return parse_amount(typed(update), ceiling_fen=repo_of(context).amount_ceiling), ""
    except MoneyError as exc:
        return None, error_text(context, exc)


def amount_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The amount typed, or None (nothing said) when the text is no amount: a later
    step takes an amount typed again, and anything else as that step would."""
    try:
        return parse_amount(typed(update), ceiling_fen=repo_of(context).amount_ceiling)
    except MoneyError:
        return None


# What people type at a receipt step for the No receipt button (its own words, too).
NO_RECEIPT_WORDS = frozenset({"没有收据", "没收据", "无收据", "没有", "没", "无", "没有票",
                              "没有发票", "没发票", "没有单据", "收据没有", "没有收据继续",
                              "不用收据", "noreceipt", "none", "no"})


def no_receipt_typed(update: Update) -> bool:
    """Whether the text typed says there is no receipt (没有收据, 没有), as its button does."""
    said = re.sub(r"[\W_]+", "", typed(update)).lower()
    return said in NO_RECEIPT_WORDS


def amount_noted(context: ContextTypes.DEFAULT_TYPE, fen: int, *, again: bool = False,
                 usual: int | None = None) -> str:
    """The amount as understood, in digits (三百五 -> ¥350.00), before anything is
    recorded; with ``usual`` (the schedule's amount it differs from, ``db.fees.
    unusual_amount``), that amount, to check against; with ``again``, how to correct it
    at the next step."""
    noted = t(context, "Amount understood: {amount}", amount=format_fen(fen))
    if usual is not None:
        noted = t(context, "The standard amount for this period is {usual}; you typed "
                           "{amount}. Please check. If it is right (a part payment, an agreed "
                           "amount), just go on.", usual=format_fen(usual),
                  amount=format_fen(fen))
    return noted + ("\n" + t(context, "Not right? Just type the amount again.") if again else "")


async def read_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       markup: InlineKeyboardMarkup | None = None) -> str | None:
    """The receipt photo of the message, stored; None after saying what went wrong,
    with the step's buttons ``markup`` (send another, or go on without)."""
    try:
        return await save_photo(update, context, photo_of(update.effective_message))
    except DomainError as exc:
        await reply(update, fail(context, exc), reply_markup=markup)
        return None
