"""/expense: an amount larger than the area's balance is stopped and said, before it goes
on (``expense.py``). ¥1,000,000 typed for ¥1,000 (three zeros too many) against a
balance of ¥3,489.50 was said back as 金额：¥1,000,000.00（请核对） and taken: the
next question scrolled it away, and the summary's 确认登记 recorded it. Now the
amount step says the balance and asks: the amount is right (a bill paid before the
fees come in: the accounts go below zero), or type the right one; 取消 drops it.
Nothing typed so far is lost. An area whose accounts have not begun (no line) is asked
so only of an amount absurdly large (``ABSURD_FEN``; its approver confirms the deficit,
``db.review``). The balance is counted less the expenses waiting for approval (two, each
within it, together went over it, and both were approved); one entered in a reversed
line's place (代替第 N 笔), for no more than that line was, is not (it was spent before).

Asked where the amount is typed (the amount step, again at the payee step or at the
summary) and once more at 确认登记, for an amount changed since it was confirmed.
Button: ``exp:big:<fen>`` (that amount is right), checked against the draft.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.money import format_fen

from ..context import read, reply, repo_of, t
from ..i18n import lazy
from ..keyboards import button
from ..staff import area_name
from .expense_back import BACK
from .money_steps import E_AMOUNT, EXP

__all__ = ["OVER_BALANCE", "OVER_WAITING", "over_balance", "confirmed", "OK", "REPLACED"]

# An area whose accounts have no line yet (no opening balance, no fee) has no balance to
# check against: its first expense is its first line. Said there only from ¥100,000 up (a
# tenth of the default ceiling, no compound's bill; a street's lower ceiling refuses first).
ABSURD_FEN = 10_000_000
OK = "over_ok"  # the draft's amount confirmed as larger than the balance
REPLACED = "replaced_fen"  # what the reversed line this expense replaces was (代替第 N 笔)
SAID = "over"  # the amount the question was asked of (its button's)

OVER_BALANCE = lazy("⚠️ {amount} is more than all that {area} holds: its balance is "
                    "{balance}. Please check the amount (a zero too many?): once approved it "
                    "is public for good. Wrong: just type the right amount. Right (paid before "
                    "the money came in; the accounts then show a deficit): press the button.")
# The balance less the expenses waiting for approval: each within the balance, two of them
# together were over it, and both were approved (db.review refuses the second now).
OVER_WAITING = lazy("⚠️ {amount} is more than {area} has left: its balance is {balance}, but "
                    "{count} expense(s) waiting for approval already take {waiting} of it, "
                    "which leaves {left}. Please check the amount (a zero too many?): once "
                    "approved it is public for good. Wrong: just type the right amount. Right "
                    "(paid before the money came in; the accounts then show a deficit, and "
                    "the approver is asked to confirm it): press the button.")


async def over_balance(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any], amount: int) -> str | None:
    """E_AMOUNT after asking whether ``amount`` is right, when it is more than the draft's
    area holds and was not confirmed (the draft's amount is left as it was); None when it
    may go on."""
    if d.get(OK) == amount or (d.get("replaces") and amount <= int(d.get(REPLACED) or 0)):
        return None  # said right; or in a reversed line's place, for no more than it was
    repo = repo_of(context)
    balance = await read(repo.balance, d["area"])
    count, waiting = await read(repo.waiting_expenses, d["area"])
    if amount <= balance - waiting or (amount < ABSURD_FEN and await read(
            repo.first_month, d["area"]) is None):
        return None  # within what is left; or accounts not begun, and not absurdly large
    d[SAID] = amount
    markup = InlineKeyboardMarkup([
        [button(t(context, "Yes, {amount} is right", amount=format_fen(amount)),
                f"{EXP}:big:{amount}")],
        [button(*BACK.cancel(context))]])
    area = await area_name(context, d["area"])
    said = t(context, OVER_WAITING, amount=format_fen(amount), area=area,
             balance=format_fen(balance), count=count, waiting=format_fen(waiting),
             left=format_fen(balance - waiting)) if waiting else \
        t(context, OVER_BALANCE, amount=format_fen(amount), area=area,
          balance=format_fen(balance))
    await reply(update, said, reply_markup=markup)
    return E_AMOUNT


def confirmed(d: dict[str, Any], said: str) -> int | None:
    """The amount of the ``exp:big:<fen>`` pressed if it is the one asked of, else None."""
    if not said.isdigit() or d.get(SAID) != int(said):
        return None
    d[OK] = int(said)
    d.pop(SAID, None)
    return int(said)
