"""/pay's questions (``bot.handlers.pay``): each step of a fee record asked, with its
buttons, and its summary; the answers are taken in ``bot.handlers.pay`` (buttons) and
``bot.handlers.pay_typed`` (what is typed or sent).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import fees, labels
from db.entries import Status
from db.errors import DomainError
from db.fee_remark import REMARK
from db.money import format_fen
from db.places import Basis, FeeSchedule

from ..consent import public_notice
from ..context import lang_of, read, reply, repo_of, t, word
from ..flows import END, current_draft, draft, drop_draft, sealed, states
from ..i18n import lazy, period_words
from ..keyboards import button, rows
from ..menu import menu_of
from ..step_back import back_line, back_of, back_to
from .money_steps import amount_noted

__all__ = ["FLOW", "PREFIX", "household_fees", "ask_fee", "ask_period", "ask_amount",
           "ask_receipt", "show_summary", "so_far", "cancel_row", "period_buttons",
           "receipt_keyboard", "usual_fen", "keep_row", "KEPT", "amount_keyboard",
           "fee_keyboard"]

FLOW = PREFIX = "pay"
FEE, PERIOD, AMOUNT, RECEIPT, CONFIRM = states(FLOW, "fee", "period", "amount", "receipt",
                                              "confirm")
PERIOD_BUTTON = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
MAX_PERIOD = 40
FEE_AGAIN = lazy("Please choose the fee with the buttons above.")
UNUSUAL = lazy("⚠️ The standard amount for this period is {usual}; this report says {amount}. "
               "Right (a part payment, agreed)? Press \"Submit\"; if not, \"Start again\".")


def cancel_row(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    """取消, after ⬅️ 上一步 at a step that has one (``bot.step_back``: noted in the draft
    as the step is asked, so its every keyboard has it)."""
    return back_line(lang_of(context), PREFIX, back_of(current_draft(context, FLOW)),
                     button(t(context, "Cancel"), f"{PREFIX}:cancel"))


# ⬅️ 上一步 (``pay:back:<step>``, or 上一步 typed; ``bot.handlers.pay_back``): the period
# to the fee, the amount to the period, the receipt to the amount, the summary to the
# receipt; at the fee, the first step, 上一步 leaves keeping the draft (继续填写). A step
# she comes back to says what it holds, with 不改，继续 (``pay:keep:<step>``).
KEPT = lazy("Now: {what}. To keep it, press \"Keep it, continue\"; to change it, choose or "
            "type another.")


def keep_row(context: ContextTypes.DEFAULT_TYPE, step: str) -> list[list[Any]]:
    """不改，继续 (``pay:keep:<step>``), at a step she came back to."""
    return [[button(t(context, "Keep it, continue"), f"{PREFIX}:keep:{step}")]]


def _kept(context: ContextTypes.DEFAULT_TYPE, text: str, what: str) -> str:
    return text + "\n" + t(context, KEPT, what=what)


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


async def ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    d = draft(context, FLOW)
    d["fees"] = await read(household_fees, repo_of(context), d["area"])
    if not d["fees"]:
        return await _none_to_record(update, context)
    back_to(d, None)  # the first step: 上一步 leaves the report
    text = t(context, "Which fee did you pay?")
    if d.get("fee_type") in d["fees"]:  # came back to it: kept
        text = _kept(context, text, word(context, labels.FEE_TYPE, d["fee_type"]))
    await reply(update, text, reply_markup=fee_keyboard(context))
    return FEE


def fee_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The fee step's buttons: 不改，继续 (came back to it), the fees, 取消; again under
    请点上面的按钮选择缴费项目 after a sticker or a voice note, the buttons scrolled away."""
    d = current_draft(context, FLOW) or {}
    fees = [button(word(context, labels.FEE_TYPE, code), f"{PREFIX}:fee:{code}")
            for code in d.get("fees") or []]
    kept = keep_row(context, "fee") if d.get("fee_type") in (d.get("fees") or []) else []
    return InlineKeyboardMarkup(kept + rows(fees, 2) + [cancel_row(context)])


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


PAID = "paid"  # the draft's periods offered whose fee her household has in the accounts


def period_buttons(context: ContextTypes.DEFAULT_TYPE) -> list[list[Any]]:
    """The period step's buttons: the periods offered (one her household has paid marked
    so: ``PAID``), and Cancel."""
    d = draft(context, FLOW)
    paid = d.get(PAID) or {}
    periods = [button(t(context, "{period} (paid already)", period=period_words(
        lang_of(context), p)) if p in paid else period_words(lang_of(context), p),
        f"{PREFIX}:per:{p}") for p in _periods(context, d["area"], str(d.get("fee_type")))]
    return rows(periods, 2) + [cancel_row(context)]


async def _paid_periods(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                        ) -> dict[str, int]:
    """Of the periods offered, those whose fee her household has in the public accounts,
    with the line (her household's own: one of the flat's former residents is not hers
    to be told of). She learnt it only at 提交, after the amount and the receipt photo."""
    out: dict[str, int] = {}
    for period in _periods(context, d["area"], str(d.get("fee_type"))):
        try:
            found = await read(repo_of(context).home_fee_recorded, d["household"],
                               d["fee_type"], period)
        except DomainError:
            return {}
        seq = next((f["seq"] for f in found if not f.get("earlier") and f.get("seq")), None)
        if seq:
            out[period] = int(seq)
    return out


async def ask_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = draft(context, FLOW)
    back_to(d, "fee")
    d[PAID] = await _paid_periods(context, d)
    text, kept = t(context, "For which period? Choose, or type it (e.g. {year} first half):",
                   year=repo_of(context).clock().year), []
    for period, seq in d[PAID].items():  # said before she types the amount
        text += "\n" + t(context, "Your household's {fee} {period} is in the accounts already "
                                  "(line {seq}).", seq=seq,
                         fee=word(context, labels.FEE_TYPE, d["fee_type"]),
                         period=period_words(lang_of(context), period))
    if d.get("period"):  # came back to it: kept
        text = _kept(context, text, period_words(lang_of(context), d["period"]))
        kept = keep_row(context, "period")
    await reply(update, text, reply_markup=InlineKeyboardMarkup(kept + period_buttons(context)))
    return PERIOD


def usual_fen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> int | None:
    """The schedule's usual amount of the draft's fee for its period (a yearly amount
    for a year, a monthly one for a month); None when there is none to offer."""
    fee = _schedule(context, d["area"], str(d.get("fee_type")))
    if fee is None:
        return None
    period = fees.normalise_period(str(d.get("period") or "")) or ""  # typed ones too
    kind = "year" if len(period) == 4 else "month" if period else None
    # that period's amount: 2025's stays ¥120 when 2026's is ¥150 (db.fee_amounts)
    return fees.usual_amount(fee, period) if kind is not None and fee.period == kind else None


async def ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = draft(context, FLOW)
    if "said_fen" in d:  # said with the fee: shown in digits, to be typed again if wrong
        d["amount_fen"] = d.pop("said_fen")
        return await ask_receipt(update, context)
    back_to(d, "period")
    usual = usual_fen(context, d)
    if usual is None:
        text = t(context, "How much did you pay? Type the amount in yuan, e.g. 120, 120.50 or "
                          "一百二十元.")
    else:
        text = t(context, "How much did you pay? The usual amount is {amount}: press it, or "
                          "type another amount in yuan (e.g. 120.50).", amount=format_fen(usual))
    if d.get("amount_fen"):  # came back to it: kept
        text = _kept(context, text, format_fen(d["amount_fen"]))
    await reply(update, text, reply_markup=amount_keyboard(context))
    return AMOUNT


def amount_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The amount step's buttons: the amount kept (came back to it), the schedule's usual
    amount when there is one, 上一步 and 取消; again under an amount not understood."""
    d = draft(context, FLOW)
    usual = usual_fen(context, d)
    kept = keep_row(context, "amount") if d.get("amount_fen") else []
    offered = [[button(t(context, "{amount} (the usual amount)", amount=format_fen(usual)),
                       f"{PREFIX}:amt:{usual}")]] if usual is not None else []
    return InlineKeyboardMarkup([*kept, *offered, cancel_row(context)])


def receipt_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    d = current_draft(context, FLOW) or {}
    kept = keep_row(context, "receipt") if d.get("receipt") else []
    return InlineKeyboardMarkup([*kept, [button(t(context, "No receipt, continue"),
                                                f"{PREFIX}:skip")], cancel_row(context)])


RECEIPT_KEPT = lazy("The receipt photo you sent is kept: to keep it, press \"Keep it, "
                    "continue\"; to change it, send another.")


async def ask_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Shows the amount as understood, in digits (it can be typed again), and asks for
    the receipt."""
    d = draft(context, FLOW)
    back_to(d, "amount")
    usual = fees.unusual_amount(repo_of(context).street, d["area"], str(d.get("fee_type")),
                                str(d.get("period") or ""), d["amount_fen"])
    noted = amount_noted(context, d["amount_fen"], again=True, usual=usual)
    asked = t(context, RECEIPT_KEPT) if d.get("receipt") else \
        t(context, "Please send a photo of the receipt (only volunteers see it). No receipt? "
                   "Press the button.")
    await reply(update, noted + "\n" + asked, reply_markup=receipt_keyboard(context))
    return RECEIPT


EARLIER_PAID = lazy("⚠️ This flat's {fee} {period} was paid already, before your household "
                    "lived here (by its former residents).")
EARLIER_WAITING = lazy("⚠️ This flat's {fee} {period} was reported before your household lived "
                       "here (by its former residents) and waits for a volunteer to check it.")

BEFORE_PAID = lazy("⚠️ This flat's {fee} {period} was paid already, before your household "
                   "registered.")
BEFORE_WAITING = lazy("⚠️ This flat's {fee} {period} was reported before your household "
                      "registered and waits for a volunteer to check it.")
EARLIER_AGAIN = lazy("If your household paid it again, press Submit; if not, press Cancel.")


async def _recorded_already(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                            ) -> list[str]:
    """Above 提交: that her household's fee for this period is in the accounts already, or
    reported and waiting (before, only the volunteer approving it was warned: she had
    forgotten, or a volunteer had collected it at her door); nothing when it is not."""
    try:
        found = await read(repo_of(context).home_fee_recorded, d["household"], d["fee_type"],
                           str(d.get("period") or ""))
    except DomainError:
        return []
    if not found:
        return []
    ours = [f for f in found if not f.get("earlier")]
    first = (ours or found)[0]
    params = {"fee": word(context, labels.FEE_TYPE, d["fee_type"]),
              "period": period_words(lang_of(context), d["period"])}
    if first.get("earlier"):  # the flat's former residents': not which line, nor how much
        paid = first["status"] == Status.APPROVED  # its former residents', or not known
        said = t(context, (EARLIER_PAID if paid else EARLIER_WAITING) if first.get("former")
                 else BEFORE_PAID if paid else BEFORE_WAITING, **params)
        return [said, t(context, EARLIER_AGAIN)]
    said = t(context, "⚠️ Your household's {fee} {period} is in the public accounts already, "
                      "line {seq}.", seq=first["seq"], **params) if first["seq"] else \
        t(context, "⚠️ Your household's {fee} {period} was reported already (#{id}) and waits "
                   "for a volunteer to check it.", id=first["id"], **params)
    return [said, t(context, "If this really is another payment, press Submit; if it is the "
                             "same one, press Cancel.")]


async def show_summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    repo = repo_of(context)
    back_to(d, "receipt")
    usual = fees.unusual_amount(repo.street, d["area"], str(d.get("fee_type")),
                                str(d.get("period") or ""), d["amount_fen"])
    lines = [t(context, "Please check your fee record:"),
             t(context, "Fee: {fee}", fee=word(context, labels.FEE_TYPE, d["fee_type"])),
             t(context, "Period: {period}", period=period_words(lang_of(context), d["period"])),
             t(context, "Amount: {amount}", amount=format_fen(d["amount_fen"])),
             *([t(context, UNUSUAL, usual=format_fen(usual), amount=format_fen(d["amount_fen"]))]
               if usual is not None else []),  # as when typed, once more before sending
             t(context, "Household: {household}",
               household=repo.street.household_label(d["household"])),
             t(context, "Receipt photo: yes") if d.get("receipt")
             else t(context, "Receipt photo: none"),
             *([t(context, "Note (only volunteers and you see it): {remark}",
                  remark=d[REMARK])] if d.get(REMARK) else []),
             public_notice(context, "fee", *(("fee_receipt",) if d.get("receipt") else ())),
             *await _recorded_already(context, d)]
    keyboard = InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "Start again"), f"{PREFIX}:again"), *cancel_row(context)],
    ])
    await reply(update, "\n".join(lines), reply_markup=sealed(keyboard, d, f"{PREFIX}:ok"))
    return CONFIRM


async def so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """What a kept fee record holds, said when it is taken up (``Flow.so_far``): 物业费 ·
    2026-12 · ¥120.00; nothing at the summary, which shows it all."""
    if state == CONFIRM:
        return []
    parts = [word(context, labels.FEE_TYPE, d["fee_type"])] if d.get("fee_type") else []
    parts += [d["period"]] if d.get("period") else []
    parts += [format_fen(d["amount_fen"])] if d.get("amount_fen") is not None else []
    return parts
