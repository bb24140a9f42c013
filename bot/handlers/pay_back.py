"""/pay (缴费登记), one step back (``bot.step_back``): ⬅️ 上一步 pressed (``pay:back:<step>``)
or 上一步 (返回上一步, 后退) typed goes to the step before, keeping all she entered: the
period to the fee, the amount to the period, the receipt to the amount, the summary to
the receipt. At the fee, the first step, 上一步 leaves as 返回 does, keeping the draft
(继续填写). A step she comes back to says what it holds, with 不改，继续 (``pay:keep:<step>``,
or 不改 typed) to go on with it.

Before, 上一步 typed at any step left the report (已退出“缴费登记”), to be taken up with
继续填写 at the step she was at, not one step back.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from ..flows import answer, button_args, current_draft, gone, refuse, stale_button
from ..step_back import Handler, back_pressed, keep_typed, stepping
from .pay_ask import (
    FLOW,
    PREFIX,
    ask_amount,
    ask_fee,
    ask_period,
    ask_receipt,
    show_summary,
)

__all__ = ["on_back", "keeping", "keep_pressed", "back_at_summary"]

# each step's name, the value it holds, and what goes on from it kept (不改，继续)
_HOLDS = {"fee": "fee_type", "period": "period", "amount": "amount_fen", "receipt": "receipt"}


async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again; what was entered is kept."""
    if to == "fee":
        return await ask_fee(update, context)
    if to == "period":
        return await ask_period(update, context)
    if to == "amount":
        d.pop("said_fen", None)  # said with the fee: taken already
        return await ask_amount(update, context)
    return await ask_receipt(update, context)


async def _go_on(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                 step: str) -> object:
    """Goes on from ``step`` with what it holds (不改，继续)."""
    if step == "fee":
        return await ask_period(update, context)
    if step == "period":
        return await ask_amount(update, context)
    if step == "amount":
        return await ask_receipt(update, context)
    return await show_summary(update, context, d)


on_back = back_pressed(FLOW, PREFIX, tuple(_HOLDS), _go_back)
_stepping = stepping(FLOW, _go_back)


def keeping(step: str, handler: Handler) -> Handler:
    """``handler`` of the typed text of ``step``, with 上一步 typed taken as its ⬅️ 上一步
    and 不改 (继续) typed at the step she came back to as its 不改，继续."""
    async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        d = current_draft(context, FLOW)
        if d is not None and d.get(_HOLDS[step]) and keep_typed(update):
            return await _go_on(update, context, d, step)
        return await handler(update, context)
    typed_at.__doc__ = handler.__doc__
    typed_at.__name__ = getattr(handler, "__name__", "typed_at")
    return _stepping(typed_at)


def keep_pressed(step: str) -> Handler:
    """The handler of 不改，继续 (``pay:keep:<step>``) at ``step``: goes on with what it
    holds; another step's (an older message's) gets the step she is at again."""
    async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Goes on with what the step she came back to holds (不改，继续)."""
        args = button_args(update, PREFIX, "keep", 1)
        if args is not None and args[0] in _HOLDS and args[0] != step:
            return await stale_button(update, context)
        await answer(update)
        d = current_draft(context, FLOW)
        if d is None:
            return await gone(update, context)
        if args is None or not d.get(_HOLDS[step]):
            return await refuse(update, context)
        return await _go_on(update, context, d, step)
    return on_keep


async def _summary_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Shows the summary again (上一步 typed there goes to the receipt: ``back_at_summary``)."""
    d = current_draft(context, FLOW)
    return await show_summary(update, context, d) if d is not None else await gone(update,
                                                                                    context)

# 上一步 typed at the summary (before its words, which are kept as the report's note):
# the receipt step
back_at_summary = _stepping(_summary_again)
