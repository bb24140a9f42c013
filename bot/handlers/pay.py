"""/pay (缴费登记): a resident reports a fee they paid — fee type, period,
amount (the strict money parser: a bad amount gets a clear reply and the
step is asked again, nothing lost), and a receipt photo. It stays pending
until a volunteer confirms it; only then does it reach the ledger.

When the area's schedule gives the fee's usual amount for the kind of period chosen
(a year's for a year, a month's for a month), the amount step offers it as a button
(``pay:amt:<fen>``, checked against the schedule again when pressed): nothing to
type for the usual case.

Written as ``bot.flows`` says. Buttons: ``pay:fee:<code>``, ``pay:per:<period>``,
``pay:amt:<fen>``, ``pay:skip``, ``pay:ok``, ``pay:again`` and ``pay:cancel``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler, filters

from db import fees, labels
from db.entries import Entry, Kind
from db.errors import DomainError
from db.money import amount_like, format_fen, parse_amount
from db.places import Basis, FeeSchedule

from .. import kept
from ..commands import Audience, Command, Flow
from ..consent import public_notice
from ..context import call, drop_buttons, error_text, lang_of, read, reply, repo_of, t, word
from ..files import photo_of, save_photo
from ..flows import (
    END,
    PHOTO,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    draft,
    drop_draft,
    gone,
    leave,
    matches,
    refuse,
    sealed,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy, period_words
from ..keyboards import button, rows
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import COLLECTED_FEES, rate_limited, require_resident, start_resident_flow
from .money_steps import (
    amount_at_summary,
    amount_noted,
    amount_typed,
    no_receipt_typed,
    read_amount,
)
from .receipt_again import receipt_at_summary

__all__ = ["COMMANDS", "HANDLERS", "receipt"]

FLOW = PREFIX = "pay"
FEE, PERIOD, AMOUNT, RECEIPT, CONFIRM = states(FLOW, "fee", "period", "amount", "receipt",
                                              "confirm")
PERIOD_BUTTON = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
MAX_PERIOD = 40
FEE_AGAIN = lazy("Please choose the fee with the buttons above.")
UNUSUAL = lazy("⚠️ The standard amount for this period is {usual}; this report says {amount}. "
               "Right (a part payment, agreed)? Press \"Submit\"; if not, \"Start again\".")


def _cancel(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    return [button(t(context, "Cancel"), f"{PREFIX}:cancel")]


async def pay_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a fee report and asks which fee was paid."""
    started = await start_resident_flow(update, context, FLOW, volunteer=COLLECTED_FEES)
    if started is None:
        return END
    person, _area, d = started
    d["household"] = person["household"]
    return await _ask_fee(update, context)


def household_fees(repo: Any, area: str) -> list[str]:
    """The fee types a household of ``area`` pays itself (its schedule's fees per
    household; every fee type when the area has no schedule)."""
    return [f.fee_type for f in fees.fee_types(repo.street, area)
            if f.per in (None, Basis.HOUSEHOLD)]


# How a fee of the schedule is paid when not by each household (_none_to_record).
_PAID_BY = {Basis.UNIT: lazy("{fee}: paid by each building unit"),
            Basis.AREA: lazy("{fee}: paid for the whole area")}


async def _none_to_record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Ends the flow when the area's schedule has no fee a household pays itself (each
    is collected by building unit, or for the whole area), saying so: there is nothing
    for the resident to choose."""
    area = draft(context, FLOW)["area"]
    ways = [t(context, _PAID_BY[f.per], fee=word(context, labels.FEE_TYPE, f.fee_type))
            for f in await read(fees.fee_types, repo_of(context).street, area)
            if f.per in _PAID_BY]
    drop_draft(context, FLOW)
    await reply(update, "\n".join([
        t(context, "In {area} no fee is paid by each household itself, so there is nothing "
                   "for you to record here:", area=repo_of(context).street.area(area).name),
        *ways,
        t(context, "The volunteers record these payments; you can see them under "
                   "\"Accounts\".")]), reply_markup=await menu_of(update, context))
    return END


async def _ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    d = draft(context, FLOW)
    d["fees"] = await read(household_fees, repo_of(context), d["area"])
    if not d["fees"]:
        return await _none_to_record(update, context)
    fees = [button(word(context, labels.FEE_TYPE, code), f"{PREFIX}:fee:{code}")
            for code in d["fees"]]
    await reply(update, t(context, "Which fee did you pay?"),
                reply_markup=InlineKeyboardMarkup(rows(fees, 2) + [_cancel(context)]))
    return FEE


def _schedule(context: ContextTypes.DEFAULT_TYPE, area: str, fee_type: str
              ) -> FeeSchedule | None:
    """The area's schedule of ``fee_type``; None when it has none (or not this fee)."""
    try:
        return fees.schedule(repo_of(context).street, area, fee_type)
    except DomainError:
        return None


def _periods(context: ContextTypes.DEFAULT_TYPE, area: str, fee_type: str) -> list[str]:
    """The periods offered as buttons: the years of a fee the schedule says is due by
    the year, the months of one due by the month, else both (a yearly fee offered
    this month first would be booked for the month, and its year seen as unpaid)."""
    today = repo_of(context).clock()
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    months = [f"{today.year}-{today.month:02d}", f"{last[0]}-{last[1]:02d}"]
    years = [str(today.year), str(today.year - 1)]
    fee = _schedule(context, area, fee_type)
    due = fee.period if fee is not None else None
    return years if due == "year" else months if due == "month" else months + years


def _period_buttons(context: ContextTypes.DEFAULT_TYPE) -> list[list[Any]]:
    """The period step's buttons: the periods offered, and Cancel."""
    d = draft(context, FLOW)
    periods = [button(period_words(lang_of(context), p), f"{PREFIX}:per:{p}")
               for p in _periods(context, d["area"], str(d.get("fee_type")))]
    return rows(periods, 2) + [_cancel(context)]


async def _ask_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "For which period? Choose, or type it (e.g. {year} first "
                                   "half):", year=repo_of(context).clock().year),
                reply_markup=InlineKeyboardMarkup(_period_buttons(context)))
    return PERIOD


def _usual_fen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> int | None:
    """The schedule's usual amount of the draft's fee for its period (a yearly amount
    for a year, a monthly one for a month); None when there is none to offer."""
    fee = _schedule(context, d["area"], str(d.get("fee_type")))
    if fee is None or not fee.amount_fen:
        return None
    period = fees.normalise_period(str(d.get("period") or "")) or ""  # typed ones too
    kind = "year" if len(period) == 4 else "month" if period else None
    return fee.amount_fen if kind is not None and fee.period == kind else None


async def _ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = draft(context, FLOW)
    if "said_fen" in d:  # said with the fee: shown in digits, to be typed again if wrong
        d["amount_fen"] = d.pop("said_fen")
        return await _ask_receipt(update, context)
    usual = _usual_fen(context, d)
    if usual is None:
        await reply(update, t(context, "How much did you pay? Type the amount in yuan, e.g. "
                                       "120, 120.50 or 一百二十元."),
                    reply_markup=InlineKeyboardMarkup([_cancel(context)]))
        return AMOUNT
    await reply(update, t(context, "How much did you pay? The usual amount is {amount}: press "
                                   "it, or type another amount in yuan (e.g. 120.50).",
                          amount=format_fen(usual)),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "{amount} (the usual amount)", amount=format_fen(usual)),
                            f"{PREFIX}:amt:{usual}")], _cancel(context)]))
    return AMOUNT


def _receipt_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t(context, "No receipt, continue"), f"{PREFIX}:skip")],
                                 _cancel(context)])


async def _ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Shows the amount as understood, in digits (it can be typed again), and asks for
    the receipt."""
    d = draft(context, FLOW)
    usual = fees.unusual_amount(repo_of(context).street, d["area"], str(d.get("fee_type")),
                                str(d.get("period") or ""), d["amount_fen"])
    noted = amount_noted(context, d["amount_fen"], again=True, usual=usual)
    await reply(update, noted + "\n" + t(context, "Please send a photo of the receipt (only "
                                                  "volunteers see it). No receipt? Press the "
                                                  "button."),
                reply_markup=_receipt_keyboard(context))
    return RECEIPT


async def _recorded_already(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[str]:
    """Above 提交: that her household's fee for this period is in the accounts already, or
    reported and waiting (before, only the volunteer approving it was warned: she had
    forgotten, or a volunteer had collected it at her door); nothing when it is not."""
    try:
        found = await read(repo_of(context).fee_recorded, d["household"], d["fee_type"],
                           str(d.get("period") or ""))
    except DomainError:
        return []
    if not found:
        return []
    first = found[0]
    params = {"fee": word(context, labels.FEE_TYPE, d["fee_type"]),
              "period": period_words(lang_of(context), d["period"])}
    said = t(context, "⚠️ Your household's {fee} {period} is in the public accounts already, "
                      "line {seq}.", seq=first["seq"], **params) if first["seq"] else \
        t(context, "⚠️ Your household's {fee} {period} was reported already (#{id}) and waits "
                   "for a volunteer to check it.", id=first["id"], **params)
    return [said, t(context, "If this really is another payment, press Submit; if it is the "
                             "same one, press Cancel.")]


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    repo = repo_of(context)
    usual = fees.unusual_amount(repo.street, d["area"], str(d.get("fee_type")),
                                str(d.get("period") or ""), d["amount_fen"])
    lines = [t(context, "Please check your fee report:"),
             t(context, "Fee: {fee}", fee=word(context, labels.FEE_TYPE, d["fee_type"])),
             t(context, "Period: {period}", period=period_words(lang_of(context), d["period"])),
             t(context, "Amount: {amount}", amount=format_fen(d["amount_fen"])),
             *([t(context, UNUSUAL, usual=format_fen(usual), amount=format_fen(d["amount_fen"]))]
               if usual is not None else []),  # as when typed, once more before sending
             t(context, "Household: {household}",
               household=repo.street.household_label(d["household"])),
             t(context, "Receipt photo: yes") if d.get("receipt")
             else t(context, "Receipt photo: none"),
             public_notice(context, "fee", *(("fee_receipt",) if d.get("receipt") else ())),
             *await _recorded_already(context, d)]
    keyboard = InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "Start again"), f"{PREFIX}:again"), *_cancel(context)],
    ])
    await reply(update, "\n".join(lines), reply_markup=sealed(keyboard, d, f"{PREFIX}:ok"))
    return CONFIRM


# -- buttons ------------------------------------------------------------------------


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the fee report and shows the menu."""
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
    return await _ask_period(update, context)


async def on_fee_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee whose name was typed instead of pressed, and asks for the period.

    卫生费 or 交了卫生费 chooses 卫生费, and 交了卫生费120元 keeps the amount too (the
    amount step then only shows it); other text gets the step's question again, with
    the fees that can be recorded named."""
    d = draft(context, FLOW)
    said = clean_text(typed(update))[:MAX_PERIOD].lower()
    names = {code: word(context, labels.FEE_TYPE, code) for code in d.get("fees", ())}
    named = [code for code, name in names.items() if name.lower() in said]
    if len(named) != 1:
        await reply(update, t(context, "Please choose the fee with the buttons above. The "
                                       "fees you can record here: {fees}.",
                              fees="、".join(names.values())))
        return None
    d["fee_type"] = named[0]
    fen = _amount_said(said, repo_of(context).amount_ceiling)
    if fen is not None:  # 交了卫生费120元: the amount, not to be typed again
        d["said_fen"] = fen
    return await _ask_period(update, context)


# An amount said with its unit inside a sentence (交了卫生费120元, 一百二十块).
_SAID_AMOUNT = re.compile(r"(\d+(?:\.\d{1,2})?|[零〇一二两三四五六七八九十百千万]+)\s*(?:元|块)")


def _amount_said(said: str, ceiling_fen: int) -> int | None:
    """The amount in fen a sentence says with 元 or 块; None when it says none, or more
    than one, or one out of bounds."""
    found = _SAID_AMOUNT.findall(said)
    if len(found) != 1:
        return None
    try:
        return parse_amount(found[0], ceiling_fen=ceiling_fen)
    except DomainError:
        return None


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
    return await _ask_amount(update, context)


async def on_usual_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes the usual amount the schedule gives and asks for the receipt."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "amt", 1)
    usual = _usual_fen(context, d)
    if args is None or usual is None or args[0] != str(usual):  # forged, or another step's
        return await refuse(update, context)
    d["amount_fen"] = usual
    return await _ask_receipt(update, context)


async def on_no_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Notes there is no receipt and shows the summary."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "skip", 0) is None or not d.get("amount_fen"):
        return await refuse(update, context)
    d.pop("receipt", None)
    return await _summary(update, context, d)


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
    return await _ask_fee(update, context)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee report, tells the volunteers and gives its number."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("amount_fen"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: _summary(update, context, d))
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
            "receipt": d.get("receipt"), "source": "resident"}
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
    """What a resident is told once her fee report is stored: its number and amount."""
    return t(context, "Received: fee report #{id} ({amount}). A volunteer will check it; it "
                      "appears in the accounts once confirmed.",
             id=entry.id, amount=format_fen(entry.data["amount_fen"]))


# -- typed input --------------------------------------------------------------------


async def on_period_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the period typed and asks for the amount."""
    assert update.message is not None
    period = clean_text(update.message.text)
    if not period or len(period) > MAX_PERIOD or "\n" in period:
        await reply(update, t(context, "Please type the period in one short line (at most "
                                       "{max} characters), e.g. {year} or {year}-03.",
                              max=MAX_PERIOD, year=repo_of(context).clock().year))
        return None
    if not any(unicodedata.category(ch)[0] in "LN" for ch in period):
        # 👍 or 😀 typed at 是哪个期间的？ was stored as the fee's period, published so
        await reply(update, t(context, NO_PERIOD, year=repo_of(context).clock().year),
                    reply_markup=InlineKeyboardMarkup(_period_buttons(context)))
        return None
    # "2026年" is the year 2026 the fees page and /unpaid count, not a period of its own
    # and 12月 typed is the latest December, not a period "12月" of no year
    today = repo_of(context).clock().date()
    months = fees.months_said(period, today)
    if months:  # 11-12月 kept as typed would count for neither month on the fees page
        buttons_ = [button(period_words(lang_of(context), m), f"{PREFIX}:per:{m}")
                    for m in months]
        await reply(update, t(context, "Paid for several months at once ({months})? Please "
                                       "report each month on its own: press the first month "
                                       "below; once it is sent, press Fee paid again for the "
                                       "next month.",
                              months="、".join(period_words(lang_of(context), m) for m in months)),
                    reply_markup=InlineKeyboardMarkup(rows(buttons_, 3) + [_cancel(context)]))
        return None
    normal = fees.normalise_period(period, today)
    fen = None if normal else _amount_in(period)
    if fen is not None:  # 120 typed for the period: the amount, said a step too early
        await reply(update, t(context, AMOUNT_FOR_PERIOD, amount=format_fen(fen)))
        return await _ask_period(update, context)
    draft(context, FLOW)["period"] = normal or period
    return await _ask_amount(update, context)


NO_PERIOD = lazy("An emoji or a mark alone is not a period. For which period did you pay? "
                 "Press one below, or type it, e.g. {year} or {year}-03.")


# The amount typed at the period step (120, 一百二十元): it was stored as the period
# "120", to be published on the ledger so, and the amount asked next with no usual one.
AMOUNT_FOR_PERIOD = lazy("{amount} is the amount you paid, is it not? First, please say for "
                         "which period it was; the amount comes next.")


def _amount_in(typed: str) -> int | None:
    """The amount in fen ``typed`` says, when it is one (120, 120元, 一百二十); None else."""
    try:
        return parse_amount(typed[:100])
    except DomainError:
        return None


async def on_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount (strictly parsed) and asks for the receipt."""
    assert update.message is not None
    try:
        fen = parse_amount(clean_text(update.message.text)[:100],
                           ceiling_fen=repo_of(context).amount_ceiling)
    except DomainError as exc:
        await reply(update, error_text(context, exc) + "\n" +
                    t(context, "Please type the amount again."))
        return None
    draft(context, FLOW)["amount_fen"] = fen
    return await _ask_receipt(update, context)


async def on_amount_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores an amount typed again at the receipt step and asks for the receipt.

    没有收据 typed goes on as its button does; other text gets the step's question
    again, with the amount kept."""
    if no_receipt_typed(update):
        d = draft(context, FLOW)
        d.pop("receipt", None)
        return await _summary(update, context, d)
    fen = amount_typed(update, context)
    if fen is not None:
        draft(context, FLOW)["amount_fen"] = fen
        return await _ask_receipt(update, context)
    # 0, -5 or 一二零 (what is wrong with it said), 好的: the step asked again saying the
    # amount is unchanged (it read "您输入的是 ¥120.50" under the 0 she had just typed)
    if amount_like(typed(update)):
        await read_amount(update, context)
    await reply(update, t(context, AMOUNT_KEPT,
                          amount=format_fen(draft(context, FLOW)["amount_fen"])),
                reply_markup=_receipt_keyboard(context))
    return None


AMOUNT_KEPT = lazy("The amount stays {amount}, unchanged. Please send a photo of the receipt "
                   "(only volunteers see it). No receipt? Press the button.")


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and shows the summary."""
    d = draft(context, FLOW)
    try:
        d["receipt"] = await save_photo(update, context, photo_of(update.message))
    except DomainError as exc:  # with the step's buttons: send another, or go on without
        await reply(update, error_text(context, exc), reply_markup=_receipt_keyboard(context))
        return None
    return await _summary(update, context, d)


# A receipt sent as a file that is no picture (an e-invoice's PDF, from a payment app):
# she was told "this step does not take a file", not how to send it, and the step's
# buttons were a scroll away.
NOT_A_PICTURE = lazy("This file was not kept: the receipt can only be a picture. For an "
                     "e-invoice (a PDF file), open it on your phone, take a screenshot and send "
                     "the screenshot here. No receipt? Press the button below.")


async def on_receipt_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Says how to send a receipt that came as a file other than a picture."""
    await reply(update, t(context, NOT_A_PICTURE), reply_markup=_receipt_keyboard(context))
    return None


# Words at the summary that are no amount (是去年交的): got the summary again, and were
# lost without a word; a fee report has no note, so she is told, and what to do instead.
WORDS_NOT_KEPT = lazy("Your words \"{words}\" were not kept: a fee report records only the "
                      "fee, the period, the amount and the receipt photo, with no note. If "
                      "the fee was for another year or month, press \"Start again\" and "
                      "choose that period; if all is right, check below and press "
                      "\"Submit\".")


STATES: dict[object, list[Any]] = {
    FEE: [*buttons(PREFIX, {"fee": on_fee, "cancel": on_cancel}),
          MessageHandler(TEXT_INPUT, on_fee_text), *unexpected(FEE_AGAIN)],
    PERIOD: [*buttons(PREFIX, {"per": on_period, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, on_period_text),
             # a sticker or a pin: the periods right below, not a scroll up away
             *unexpected(lazy("Please choose the period below, or type it:"),
                         markup=lambda c: InlineKeyboardMarkup(_period_buttons(c)))],
    AMOUNT: [*buttons(PREFIX, {"amt": on_usual_amount, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, on_amount),
             *unexpected(lazy("Please type the amount, e.g. 120 or 120.50."))],
    RECEIPT: [*buttons(PREFIX, {"skip": on_no_receipt, "cancel": on_cancel}),
              MessageHandler(PHOTO, on_receipt),
              MessageHandler(filters.Document.ALL, on_receipt_file),
              MessageHandler(TEXT_INPUT, on_amount_again),
              *unexpected(lazy("Please send the receipt as a photo, or press the button below."),
                          markup=_receipt_keyboard)],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "again": on_again, "cancel": on_cancel}),
              # 120.5 typed at the summary (不对的话，直接重新输入金额即可, the step before
              # said) was passed over, the summary shown again with the old amount
              *amount_at_summary(FLOW, _summary, WORDS_NOT_KEPT),
              *receipt_at_summary(FLOW, _summary),  # sent again, or found after 没有收据
              *unexpected(lazy("Please press Submit, Start again or Cancel above."),
                          lambda u, c: _summary(u, c, draft(c, FLOW)))],
}

async def _so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """What a kept fee report holds, said when it is taken up (``Flow.so_far``): 物业费 ·
    2026-12 · ¥120.00; nothing at the summary, which shows it all."""
    if state == CONFIRM:
        return []
    parts = [word(context, labels.FEE_TYPE, d["fee_type"])] if d.get("fee_type") else []
    parts += [d["period"]] if d.get("period") else []
    parts += [format_fen(d["amount_fen"])] if d.get("amount_fen") is not None else []
    return parts


RESUME = {FEE: lambda u, c, d: _ask_fee(u, c), PERIOD: lambda u, c, d: _ask_period(u, c),
          AMOUNT: lambda u, c, d: _ask_amount(u, c), RECEIPT: lambda u, c, d: _ask_receipt(u, c),
          CONFIRM: _summary}  # each step asked again for a kept draft taken up (bot.kept)
COMMANDS = [
    Command("pay", "Report a fee you paid", pay_start, audience=Audience.RESIDENT,
            menu_label="Fee paid", order=40,
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=_so_far)),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
