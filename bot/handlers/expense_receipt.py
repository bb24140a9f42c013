"""/expense's invoice photo (``expense.py``): the photo, whether it may be published (the
volunteer looks at it for personal data), then the summary (``expense_summary``); a file
that is not a picture, text, or a second photo is said so.

Paid where no receipt is given (a street repairman, a market stall): 没有收据, pressed
(``exp:norcpt:1``) or typed, asks why, in words published with the line (无收据：<why>,
``db.lines``), checked for names as the purpose is; a photo sent then (the payee's signed
收条) is the receipt after all. The approving volunteer reads why (``bot.describe``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..context import reply, t
from ..flows import (
    answer,
    button_args,
    clean_text,
    current_draft,
    draft,
    gone,
    keyboard,
    refuse,
    typed,
)
from ..i18n import lazy
from .expense_back import BACK
from .expense_summary import summary as _summary
from .money_steps import (
    E_NO_RECEIPT,
    E_PUBLIC,
    E_RECEIPT,
    EXP,
    EXPENSE,
    INVOICE_NOT_A_PICTURE,
    MAX_FIELD,
    STEPS,
    no_receipt_typed,
    read_receipt,
    unfit,
)

__all__ = ["on_receipt", "receipt_buttons", "ask_public", "early_receipt", "receipt_next",
           "on_public", "on_text_for_receipt",
           "on_receipt_file", "on_second_receipt", "ONE_RECEIPT", "ask_receipt",
           "no_receipt_markup", "on_no_receipt", "on_no_receipt_reason", "ask_why"]


def no_receipt_markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The photo step's 没有收据 button."""
    return keyboard([(t(context, "No receipt"), f"{EXP}:norcpt:1")])


async def ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Asks for the receipt or invoice photo, with 没有收据."""
    return await BACK.asking(update, context, E_RECEIPT, no_receipt_markup(context))


async def ask_why(update: Update, context: ContextTypes.DEFAULT_TYPE, before: str = "") -> str:
    """Asks why there is no receipt (or for a photo of the payee's signed note)."""
    return await BACK.asking(update, context, E_NO_RECEIPT, before=before)


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and asks whether it may be published."""
    receipt = await read_receipt(update, context)
    if receipt is None:
        return None
    d = draft(context, EXPENSE)
    d["receipt"] = receipt
    d.pop("no_receipt", None)  # the payee's signed note, sent after 没有收据: a receipt
    return await ask_public(update, context)


async def on_no_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks why there is no receipt (没有收据 pressed)."""
    await answer(update)
    if current_draft(context, EXPENSE) is None:
        return await gone(update, context)
    if button_args(update, EXP, "norcpt", 1) != ["1"]:
        return await refuse(update, context)
    return await ask_why(update, context)


async def on_no_receipt_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps why there is no receipt and shows the summary (a name in it: asked again)."""
    d = draft(context, EXPENSE)
    why = clean_text(typed(update))
    named = await unfit(context, why, MAX_FIELD, d.get("area"))
    if not why or no_receipt_typed(update):  # 没有 again is no reason: it was asked again
        await ask_why(update, context, before=t(context, REASON_NEEDED))  # saying nothing
        return None
    if named:
        await ask_why(update, context, before=named)
        return None
    d["no_receipt"], d["receipt"], d["public"] = why, None, False
    return await _summary(update, context, d)


async def ask_public(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     before: str = "") -> str:
    choices = [(t(context, "It shows no personal data: publish it"), f"{EXP}:pub:1"),
               (t(context, "It shows personal data: volunteers only"), f"{EXP}:pub:0")]
    return await BACK.asking(update, context, E_PUBLIC, keyboard(choices, 1), before=before)


EARLY_KEPT = lazy("This photo is kept as the receipt of this expense: you will not be asked "
                  "for it again, only whether it may be published. First, please answer the "
                  "question below.")
EARLY_NOT_KEPT = lazy("This photo was not kept: this expense has its receipt photo already. To "
                      "change it, press Edit → Invoice photo on the summary at the end.")
EARLY_ASKED = lazy("The receipt photo you sent earlier is kept (scroll up to see it).")


async def early_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        ask_again: Callable[[], Awaitable[object]]) -> object:
    """Keeps a photo sent before the receipt is asked (at the category, say) as the
    receipt, says so and asks the step again (``ask_again``); a draft with a receipt
    already, or one changed from the summary, keeps its own and says so.

    Before, the photo sent with the words was dropped (这一步不收照片) and the receipt was
    asked again three steps on: a busy volunteer sends the receipt first and the words
    after, and had to find the photo and send it once more."""
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    if d.get("receipt") or d.get("fixing"):
        await reply(update, t(context, EARLY_NOT_KEPT))
        return await ask_again()
    receipt = await read_receipt(update, context)
    if receipt is None:  # said what went wrong
        return await ask_again()
    d["receipt"] = receipt
    d.pop("no_receipt", None)
    d.pop("public", None)  # asked when the photo's step comes
    await reply(update, t(context, EARLY_KEPT))
    return await ask_again()


async def receipt_next(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
    """The receipt's step: asked for, or (a photo sent earlier kept as the receipt:
    ``early_receipt``) whether it may be published."""
    if d.get("receipt") and not d.get("fixing"):
        return await ask_public(update, context, before=t(context, EARLY_ASKED))
    return await ask_receipt(update, context)


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
    """The photo step's 没有收据, ⬅️ 上一步 and 取消, under what asks for it again (its
    words say to press 取消: they said to send /cancel)."""
    return BACK.buttons_of(context, E_RECEIPT, no_receipt_markup(context), cancel=True)


async def on_text_for_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks why there is none (没有收据 typed), else again for the receipt as a photo."""
    if no_receipt_typed(update):
        return await ask_why(update, context)
    await reply(update, t(context, STEPS[E_RECEIPT].again), reply_markup=receipt_buttons(context))
    return None


async def on_receipt_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Says how to send an invoice that came as a file other than a picture."""
    await reply(update, t(context, INVOICE_NOT_A_PICTURE), reply_markup=receipt_buttons(context))
    return None


REASON_NEEDED = lazy("A reason is needed: please write why there is no receipt, e.g. "
                     "“现金付给临时工”. “No” alone is not a reason.")

ONE_RECEIPT = lazy("An expense keeps one receipt or invoice photo, the one above: this one "
                   "was not saved. If this is the one to keep, answer the question above, then "
                   "press Edit → Invoice photo on the summary and send it again.")


async def on_second_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says a further photo is not kept, an expense keeping one receipt.

    An album's second photo (the invoice after the receipt) read 这一步不收照片, as if
    the flow took no photo at all."""
    await reply(update, t(context, ONE_RECEIPT))


