"""/pay's typed answers (``bot.handlers.pay``): a fee, a period, an amount typed
instead of pressed, the receipt photo (or a file that is no picture), and words at the
summary, kept as the report's note for the volunteers (``db.fee_remark``: never
published).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import fees, labels
from db.errors import DomainError
from db.fee_remark import MAX_REMARK, REMARK, clean_remark
from db.money import amount_like, format_fen, parse_amount

from ..context import error_text, lang_of, read, reply, repo_of, t, word
from ..files import photo_of, save_photo
from ..flows import clean_text, draft, short, typed
from ..i18n import lazy, period_words
from ..keyboards import button, rows
from ..words import normalise
from .money_steps import amount_typed, no_receipt_typed, read_amount
from .pay_ask import (
    FLOW,
    MAX_PERIOD,
    PREFIX,
    amount_keyboard,
    ask_amount,
    ask_period,
    ask_receipt,
    cancel_row,
    period_buttons,
    receipt_keyboard,
    show_summary,
)

__all__ = ["on_fee_text", "fee_said", "on_period_text", "on_amount", "on_amount_again",
           "on_receipt", "on_receipt_file", "remark_at_summary", "REMARK", "receipt_early"]


async def on_fee_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the fee whose name was typed instead of pressed, and asks for the period.

    卫生费 or 交了卫生费 chooses 卫生费, and 交了卫生费120元 keeps the amount too (the
    amount step then only shows it); other text gets the step's question again, with
    the fees that can be recorded named."""
    d = draft(context, FLOW)
    if not fee_said(context, d, typed(update)):
        names = [word(context, labels.FEE_TYPE, code) for code in d.get("fees", ())]
        await reply(update, t(context, "Please choose the fee with the buttons above. The "
                                       "fees you can record here: {fees}.",
                              fees="、".join(names)))
        return None
    return await ask_period(update, context)


def fee_said(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], text: str) -> bool:
    """Whether ``text`` names one of the draft's fees (卫生费, 我今天交了卫生费120元): it is
    the draft's fee then, and an amount said with 元 or 块 its amount (shown at the
    amount step, not typed again)."""
    said = clean_text(text)[:MAX_PERIOD].lower()
    names = {code: word(context, labels.FEE_TYPE, code) for code in d.get("fees", ())}
    named = [code for code, name in names.items() if name.lower() in said]
    if len(named) != 1:
        return False
    d["fee_type"] = named[0]
    fen = _amount_said(said, repo_of(context).amount_ceiling)
    if fen is not None:  # 交了卫生费120元: the amount, not to be typed again
        d["said_fen"] = fen
    return True


# An amount said with its unit inside a sentence (交了卫生费120元, 一百二十块).
_NUMBER = r"(\d+(?:\.\d{1,2})?|[零〇一二两三四五六七八九十百千万]+)"
_SAID_AMOUNT = re.compile(_NUMBER + r"\s*(?:元|块)")
# ... or right after 交了 at the end, as said aloud (卫生费交了一百二, 交了120): it was lost,
# the amount asked again; a year there (交了2025) is no amount.
_PAID_LAST = re.compile(r"(?:交|缴|付)了?\s*" + _NUMBER + r"\s*(?:钱)?(?:了|啦)?\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _amount_said(said: str, ceiling_fen: int) -> int | None:
    """The amount in fen a sentence says with 元 or 块, or right after 交了 at its end;
    None when it says none, or more than one, or one out of bounds."""
    found = _SAID_AMOUNT.findall(said)
    last = _PAID_LAST.search(said) if not found else None
    if last is not None and not _YEAR.fullmatch(last.group(1)):
        found = [last.group(1)]
    if len(found) != 1:
        return None
    try:
        return parse_amount(found[0], ceiling_fen=ceiling_fen)
    except DomainError:
        return None


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
                    reply_markup=InlineKeyboardMarkup(period_buttons(context)))
        return None
    # "2026年" is the year 2026 the fees page and /unpaid count, not a period of its own
    # and 12月 typed is the latest December, not a period "12月" of no year
    today = repo_of(context).clock().date()
    months = fees.months_said(period, today)
    if months:  # 11-12月 kept as typed would count for neither month on the fees page
        buttons_ = [button(period_words(lang_of(context), m), f"{PREFIX}:per:{m}")
                    for m in months]
        await reply(update, t(context, "Paid for several months at once ({months})? Please "
                                       "record each month on its own: press the first month "
                                       "below; once it is sent, press \"Fee record\" again for the "
                                       "next month.",
                              months="、".join(period_words(lang_of(context), m) for m in months)),
                    reply_markup=InlineKeyboardMarkup(rows(buttons_, 3) + [cancel_row(context)]))
        return None
    normal = fees.normalise_period(period, today)
    fen = None if normal else _amount_in(period)
    if fen is not None:  # 120 typed for the period: the amount, said a step too early
        await reply(update, t(context, AMOUNT_FOR_PERIOD, amount=format_fen(fen)))
        return await ask_period(update, context)
    if not normal and not fees.says_a_period(period):  # 好, 是的: not a period, published so
        await reply(update, t(context, NOT_A_PERIOD, typed=period[:20],
                              year=repo_of(context).clock().year),
                    reply_markup=InlineKeyboardMarkup(period_buttons(context)))
        return None
    # a period in words is its public line's (chained as made): never a person's name
    name = None if normal else await read(repo_of(context).named_person, period)
    if name is not None:
        await reply(update, t(context, PERIOD_NAMED, name=name, year=today.year),
                    reply_markup=InlineKeyboardMarkup(period_buttons(context)))
        return None
    private = None if normal else await read(repo_of(context).private_in_line, period)
    if private is not None:  # 替王建国交的上半年, a phone, a plate: refused by the domain too
        await reply(update, t(context, PERIOD_PRIVATE, words=private[1], year=today.year),
                    reply_markup=InlineKeyboardMarkup(period_buttons(context)))
        return None
    draft(context, FLOW)["period"] = normal or period
    return await ask_amount(update, context)


PERIOD_NAMED = lazy("“{name}” is the name of someone registered here, and a fee's period is "
                    "published in the accounts as typed: a person's name may be published "
                    "only with their own consent. Please give the period alone: press one "
                    "below, or type it, e.g. {year} or {year} first half.")


PERIOD_PRIVATE = lazy("“{words}” would be published in the accounts with the period, as "
                      "typed: a person's name, phone number or licence plate may not be "
                      "published without their consent. Please give the period alone: press "
                      "one below, or type it, e.g. {year} or {year} first half.")


NOT_A_PERIOD = lazy("“{typed}” was not kept: it does not say a year or a month. For which "
                    "period did you pay? Press one below, or type it, e.g. {year} or {year}-03.")
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
                    t(context, "Please type the amount again."),
                    reply_markup=amount_keyboard(context))  # the usual amount's, in sight
        return None
    draft(context, FLOW)["amount_fen"] = fen
    return await ask_receipt(update, context)


async def on_amount_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores an amount typed again at the receipt step and asks for the receipt.

    没有收据 typed goes on as its button does; other text gets the step's question
    again, with the amount kept."""
    if no_receipt_typed(update):
        d = draft(context, FLOW)
        d.pop("receipt", None)
        return await show_summary(update, context, d)
    d = draft(context, FLOW)
    if d.get("receipt") and normalise(typed(update)) in RECEIPT_YES:  # 好的: the one she sent
        return await show_summary(update, context, d)
    fen = amount_typed(update, context)
    if fen is not None:
        draft(context, FLOW)["amount_fen"] = fen
        return await ask_receipt(update, context)
    # 0, -5 or 一二零 (what is wrong with it said), 好的: the step asked again saying the
    # amount is unchanged (it read "您输入的是 ¥120.50" under the 0 she had just typed)
    if amount_like(typed(update)):
        await read_amount(update, context)
    await reply(update, t(context, AMOUNT_KEPT_RECEIPT if d.get("receipt") else AMOUNT_KEPT,
                          amount=format_fen(draft(context, FLOW)["amount_fen"])),
                reply_markup=receipt_keyboard(context))
    return None


# ... with the receipt's photo kept: "请发一张收据照片" asked for the photo she had sent, and
# 好的 typed there did not keep it (found trying the real ``steward run``)
AMOUNT_KEPT_RECEIPT = lazy("The amount stays {amount}, unchanged. The receipt photo you sent is "
                           "kept: to keep it, press \"Keep it, continue\"; to change it, send "
                           "another.")
RECEIPT_YES = frozenset({"好", "好的", "好了", "对", "对的", "是", "是的", "可以", "行", "嗯",
                         "嗯嗯", "没问题", "确认", "确定", "就这张", "就用这张", "用这张", "ok",
                         "okay", "yes"})
AMOUNT_KEPT = lazy("The amount stays {amount}, unchanged. Please send a photo of the receipt "
                   "(only volunteers see it). No receipt? Press the button.")


async def on_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the receipt photo and shows the summary."""
    d = draft(context, FLOW)
    try:
        d["receipt"] = await save_photo(update, context, photo_of(update.message))
    except DomainError as exc:  # with the step's buttons: send another, or go on without
        await reply(update, error_text(context, exc), reply_markup=receipt_keyboard(context))
        return None
    return await show_summary(update, context, d)


# The receipt's photo sent before its step (at 交了多少钱？, the receipt in hand): "这张照片
# 没有保存：这一步不收照片", the step's buttons a scroll away. Kept as the receipt now (its
# step then asks to keep it), the step asked again with its buttons.
RECEIPT_EARLY = lazy("Your receipt photo is kept; it goes with this fee record. First, please "
                     "answer the question below:")


def receipt_early(ask: Any) -> Any:
    """For a step before the receipt's: a photo is kept as the receipt, ``ask`` again."""

    async def kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Keeps the photo as the receipt and asks the step again."""
        d = draft(context, FLOW)
        try:
            d["receipt"] = await save_photo(update, context, photo_of(update.message))
        except DomainError as exc:
            await reply(update, error_text(context, exc))
            return await ask(update, context)
        await reply(update, t(context, RECEIPT_EARLY))
        return await ask(update, context)

    return kept


# A receipt sent as a file that is no picture (an e-invoice's PDF, from a payment app):
# she was told "this step does not take a file", not how to send it, and the step's
# buttons were a scroll away.
NOT_A_PICTURE = lazy("This file was not kept: the receipt can only be a picture. For an "
                     "e-invoice (a PDF file), open it on your phone, take a screenshot and send "
                     "the screenshot here. No receipt? Press the button below.")


async def on_receipt_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Says how to send a receipt that came as a file other than a picture."""
    await reply(update, t(context, NOT_A_PICTURE), reply_markup=receipt_keyboard(context))
    return None


# Words at the summary that are no amount (是去年交的, 替楼上王阿姨交的): they were lost
# (then said not kept, "no note"), and the volunteer approving the fee never read them.
# Now they are its note (db.fee_remark): for the volunteers who check it and for her,
# never published; sent again, they replace it.
REMARK_KEPT = lazy("Noted with this fee record: \"{words}\". Only the volunteers who check "
                   "it and you (under \"Mine\") see this note; it is not published. To change "
                   "it, just send it again; to remove it, send 删除备注. Nothing is sent yet: "
                   "check below and press \"Submit\".")
REMARK_TOO_LONG = lazy("That note is too long ({count} characters; at most {max}). Please "
                       "send a shorter one; nothing was changed.")
REMARK_REMOVED = lazy("The note was removed.")
NO_REMARK = lazy("This fee record has no note.")
# what removes the note, as typed (spaces and marks ignored)
DROP_WORDS = frozenset({"删除备注", "删掉备注", "去掉备注", "不要备注", "清除备注", "取消备注",
                        "没有备注", "无备注", "removenote", "deletenote", "nonote"})


async def remark_at_summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                            d: dict[str, Any]) -> None:
    """Keeps the words typed at the summary as the fee record's note (bounded, on one
    line, ``db.fee_remark``), or removes it (删除备注), and says so; the caller shows
    the summary again."""
    said = clean_remark(typed(update))
    if re.sub(r"[\W_]+", "", said).lower() in DROP_WORDS:
        await reply(update, t(context, REMARK_REMOVED if d.pop(REMARK, None) else NO_REMARK))
        return
    if len(said) > MAX_REMARK:
        await reply(update, t(context, REMARK_TOO_LONG, count=len(said), max=MAX_REMARK))
        return
    d[REMARK] = said
    await reply(update, t(context, REMARK_KEPT, words=short(said, 40)))
