"""/expense's invoice photo (``expense.py``): the photo (required), whether it may be
published (the volunteer looks at it for personal data), then the summary
(``expense_summary``); a file that is not a picture, text, or a second photo is said so."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..context import reply, t
from ..flows import answer, button_args, current_draft, draft, gone, keyboard, refuse
from ..i18n import lazy
from .expense_back import BACK
from .expense_summary import summary as _summary
from .money_steps import (
    E_PUBLIC,
    E_RECEIPT,
    EXP,
    EXPENSE,
    INVOICE_NOT_A_PICTURE,
    STEPS,
    read_receipt,
)

__all__ = ["on_receipt", "receipt_buttons", "ask_public", "on_public", "on_text_for_receipt",
           "on_receipt_file", "on_second_receipt", "ONE_RECEIPT"]


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and asks whether it may be published."""
    receipt = await read_receipt(update, context)
    if receipt is None:
        return None
    draft(context, EXPENSE)["receipt"] = receipt
    return await ask_public(update, context)


async def ask_public(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    choices = [(t(context, "It shows no personal data: publish it"), f"{EXP}:pub:1"),
               (t(context, "It shows personal data: volunteers only"), f"{EXP}:pub:0")]
    return await BACK.asking(update, context, E_PUBLIC, keyboard(choices, 1))


async def on_public(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores whether the invoice may be published and shows the summary to confirm."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "pub", 1)
    if args is None or args[0] not in ("0", "1") or not d.get("receipt"):
        return await refuse(update, context)
    d["public"] = args[0] == "1"
    return await _summary(update, context, d)


def receipt_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup | None:
    """The photo step's ⬅️ 上一步 and 取消, under what asks for it again (its words say to
    press 取消: they said to send /cancel)."""
    return BACK.buttons_of(context, E_RECEIPT, cancel=True)


async def on_text_for_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks again for the receipt as a photo (text came instead)."""
    await reply(update, t(context, STEPS[E_RECEIPT].again), reply_markup=receipt_buttons(context))


async def on_receipt_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Says how to send an invoice that came as a file other than a picture."""
    await reply(update, t(context, INVOICE_NOT_A_PICTURE), reply_markup=receipt_buttons(context))
    return None


ONE_RECEIPT = lazy("An expense keeps one receipt or invoice photo, the one above: this one "
                   "was not saved. If this is the one to keep, answer the question above, then "
                   "press Edit → Invoice photo on the summary and send it again.")


async def on_second_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says a further photo is not kept, an expense keeping one receipt.

    An album's second photo (the invoice after the receipt) read 这一步不收照片, as if
    the flow took no photo at all."""
    await reply(update, t(context, ONE_RECEIPT))


