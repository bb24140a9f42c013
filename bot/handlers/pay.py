"""/pay (缴费登记): a resident reports a fee they paid — fee type, period,
amount (the strict money parser: a bad amount gets a clear reply and the
step is asked again, nothing lost), and a receipt photo. It stays pending
until a volunteer confirms it; only then does it reach the ledger. Words typed at the
summary (是去年交的) are kept as its note, for the volunteers and her only
(``db.fee_remark``).

When the area's schedule gives the fee's usual amount for the kind of period chosen
(a year's for a year, a month's for a month), the amount step offers it as a button
(``pay:amt:<fen>``, checked against the schedule again when pressed): nothing to
type for the usual case.

Written as ``bot.flows`` says. Buttons: ``pay:fee:<code>``, ``pay:per:<period>``,
``pay:amt:<fen>``, ``pay:skip``, ``pay:ok``, ``pay:again``, ``pay:back:<step>`` and
``pay:keep:<step>`` (⬅️ 上一步 and 不改，继续: ``bot.handlers.pay_back``) and ``pay:cancel``.
Each step is asked in ``bot.handlers.pay_ask``; what is typed or sent instead of a
press is taken in ``bot.handlers.pay_typed``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler, filters

from db import labels
from db.entries import Entry, Kind
from db.errors import DomainError
from db.money import format_fen

from .. import kept, said_photos
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, error_text, read, reply, repo_of, t, word
from ..flows import (
    END,
    PHOTO,
    STEP_BACK,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    current_draft,
    draft,
    drop_draft,
    gone,
    leave,
    matches,
    refuse,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import go_data
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import (
    COLLECTED_FEES,
    SAID,
    rate_limited,
    require_resident,
    start_resident_flow,
)
from .money_steps import amount_at_summary
from .pay_ask import (
    AMOUNT,
    CONFIRM,
    FEE,
    FEE_AGAIN,
    FLOW,
    PERIOD,
    PERIOD_BUTTON,
    PREFIX,
    RECEIPT,
    amount_keyboard,
    ask_amount,
    ask_fee,
    ask_period,
    ask_receipt,
    fee_keyboard,
    household_fees,
    period_buttons,
    receipt_keyboard,
    show_summary,
    so_far,
    usual_fen,
)
from .pay_back import back_at_summary, keep_pressed, keeping, on_back
from .pay_typed import (
    REMARK,
    fee_said,
    on_amount,
    on_amount_again,
    on_fee_text,
    on_period_text,
    on_receipt,
    on_receipt_file,
    receipt_early,
    remark_at_summary,
)
from .receipt_again import receipt_at_summary

__all__ = ["COMMANDS", "HANDLERS", "receipt", "household_fees", "FLOW", "PREFIX"]


async def pay_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a fee record and asks which fee was paid."""
    started = await start_resident_flow(update, context, FLOW, volunteer=COLLECTED_FEES)
    if started is None:
        return END
    person, _area, d = started
    d["household"] = person["household"]
    receipt = _receipt_before(update, context)
    if receipt:  # 💰 这是缴费收据 under a photo sent first: asked to keep at its step
        d["receipt"] = receipt
    elif _photo_pressed(update) and (gone := said_photos.gone_line(context,
                                                                    said_photos.GONE_IN_PAY)):
        await reply(update, gone)  # the photo, dropped since: said, not silently missing
    said = _said_before(update, context)
    if said:  # 我今天交了卫生费120元, then 💰 under it: the fee (and amount) it says
        d["fees"] = await read(household_fees, repo_of(context), d["area"])
        if fee_said(context, d, said):
            await reply(update, t(context, "From what you wrote: {fee}.",
                                  fee=word(context, labels.FEE_TYPE, d["fee_type"])))
            return await ask_period(update, context)
    return await ask_fee(update, context)


def _receipt_before(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The photo sent into the chat (``bot.said_photos``, taken) under which 💰 这是缴费收据
    (``go:pay:photo``) was pressed: the receipt (the newest, when several); "" for /pay,
    the menu's or another 💰 button, or no photo. It was offered only as a report's (交钱,
    then the receipt's photo)."""
    if not _photo_pressed(update):
        return ""
    refs = said_photos.take(context)
    return refs[-1] if refs else ""


def _photo_pressed(update: Update) -> bool:
    """Whether 💰 这是缴费收据 (``go:pay:photo``) started the fee."""
    query = update.callback_query
    return query is not None and query.data == f"{go_data('pay')}:{said_photos.RECEIPT}"


def _said_before(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The words typed into the chat under which 💰 缴费登记 (``go:pay``) was pressed
    (``SAID``, taken); "" for /pay, the menu's button or no words. They were not read:
    "您交的是哪项费用？" after 我今天交了卫生费120元, then the amount asked again (found
    trying the real ``steward run`` as an elderly resident)."""
    query = update.callback_query
    if query is None or query.data != go_data("pay") or context.user_data is None:
        return ""
    said = context.user_data.pop(SAID, None)
    return said if isinstance(said, str) else ""


# -- buttons ------------------------------------------------------------------------


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the fee record and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


async def on_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee type and asks for the period."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "fee", 1)
    if args is None or args[0] not in d.get("fees", ()):
        return await refuse(update, context)
    d["fee_type"] = args[0]
    return await ask_period(update, context)


async def on_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the period chosen and asks for the amount."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "per", 1)
    if args is None or not PERIOD_BUTTON.match(args[0]) or not 2000 <= int(args[0][:4]) <= 2100:
        return await refuse(update, context)
    d["period"] = args[0]
    return await ask_amount(update, context)


async def on_usual_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes the usual amount the schedule gives and asks for the receipt."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "amt", 1)
    usual = usual_fen(context, d)
    if args is None or usual is None or args[0] != str(usual):  # forged, or another step's
        return await refuse(update, context)
    d["amount_fen"] = usual
    return await ask_receipt(update, context)


async def on_no_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Notes there is no receipt and shows the summary."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "skip", 0) is None or not d.get("amount_fen"):
        return await refuse(update, context)
    d.pop("receipt", None)
    return await show_summary(update, context, d)


async def on_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Forgets the fee, period, amount and receipt and asks for the fee again."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "again", 0) is None:
        return await refuse(update, context)
    for key in ("fee_type", "period", "amount_fen", "receipt"):
        d.pop(key, None)
    return await ask_fee(update, context)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee record, tells the volunteers and gives its number."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("amount_fen"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: show_summary(update, context, d))
    who = await require_resident(update, context)
    if who is None or who[1] != d["area"] or who[0].get("household") != d["household"]:
        drop_draft(context, FLOW)
        if who is not None:
            await reply(update, t(context, "Your household changed while you were writing. "
                                           "Nothing was saved; please start again."))
        return END
    person, area = who
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, rate_limited(context, person["telegram_id"], draft_of=FLOW))
        return None
    data = {"fee_type": d["fee_type"], "period": d["period"],
            "amount_fen": int(d["amount_fen"]), "household": d["household"],
            "receipt": d.get("receipt"), "source": "resident",
            **({REMARK: d[REMARK]} if d.get(REMARK) else {})}  # never published
    try:
        entry = await call(repo_of(context).submit, person["id"], Kind.FEE_INCOME, area, data)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/修改/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What a resident is told once her fee record is stored: its number and amount."""
    return t(context, "Received: fee record #{id} ({amount}). A volunteer will check it; it "
                      "appears in the accounts once confirmed.",
             id=entry.id, amount=format_fen(entry.data["amount_fen"]))


STATES: dict[object, list[Any]] = {
    FEE: [*buttons(PREFIX, {"fee": on_fee, "keep": keep_pressed("fee"), "cancel": on_cancel}),
          MessageHandler(TEXT_INPUT, keeping("fee", on_fee_text)),
          MessageHandler(PHOTO, receipt_early(ask_fee)),
          *unexpected(FEE_AGAIN, markup=fee_keyboard)],
    PERIOD: [*buttons(PREFIX, {"per": on_period, "keep": keep_pressed("period"),
                               "back": on_back, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, keeping("period", on_period_text)),
             MessageHandler(PHOTO, receipt_early(ask_period)),
             # a sticker or a pin: the periods right below, not a scroll up away
             *unexpected(lazy("Please choose the period below, or type it:"),
                         markup=lambda c: InlineKeyboardMarkup(period_buttons(c)))],
    AMOUNT: [*buttons(PREFIX, {"amt": on_usual_amount, "keep": keep_pressed("amount"),
                               "back": on_back, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, keeping("amount", on_amount)),
             MessageHandler(PHOTO, receipt_early(ask_amount)),
             *unexpected(lazy("Please type the amount, e.g. 120 or 120.50."),
                         markup=amount_keyboard)],
    RECEIPT: [*buttons(PREFIX, {"skip": on_no_receipt, "keep": keep_pressed("receipt"),
                                "back": on_back, "cancel": on_cancel}),
              MessageHandler(PHOTO, on_receipt),
              MessageHandler(filters.Document.ALL, on_receipt_file),
              MessageHandler(TEXT_INPUT, keeping("receipt", on_amount_again)),
              *unexpected(lazy("Please send the receipt as a photo, or press the button below."),
                          markup=receipt_keyboard)],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "again": on_again, "back": on_back,
                                "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT & filters.Regex(STEP_BACK), back_at_summary),
              # 120.5 typed at the summary (不对的话，直接重新输入金额即可, the step before
              # said) was passed over, the summary shown again with the old amount; other
              # words (是去年交的) are the report's note for the volunteers
              *amount_at_summary(FLOW, show_summary, remark_at_summary),
              *receipt_at_summary(FLOW, show_summary),  # sent again, or found after 没有收据
              *unexpected(lazy("Please press Submit, Start again or Cancel above."),
                          lambda u, c: show_summary(u, c, draft(c, FLOW)))],
}


RESUME = {FEE: lambda u, c, d: ask_fee(u, c), PERIOD: lambda u, c, d: ask_period(u, c),
          AMOUNT: lambda u, c, d: ask_amount(u, c), RECEIPT: lambda u, c, d: ask_receipt(u, c),
          CONFIRM: show_summary}  # each step asked again for a kept draft taken up (bot.kept)
COMMANDS = [
    Command("pay", "Record a fee you paid", pay_start, audience=Audience.RESIDENT,
            menu_label="Fee record", order=40,
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=so_far)),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
