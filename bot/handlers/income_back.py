"""/income (收费登记), one step back (``bot.step_back``): ⬅️ 上一步 pressed
(``inc:back:<step>``) or 上一步 (返回上一步, 后退) typed goes to the step before, keeping
all that was entered: the fee to the areas (for a volunteer of several), who paid (the
unit) to the fee, the household to the unit, the period to who paid (the household, the
unit, or the fee for a fee of the whole area), the amount to the period, the receipt to
the amount, the summary to the receipt, 修改's question to the summary; a step 修改 asked
again goes back to the summary unchanged. A picker she comes back to says what was chosen
(pressed again, it goes on); the period, the amount and a receipt photo say what they
hold, with 不改，继续 (``inc:keep:<step>``, or 不改 typed). At the first step (the fee, or
the areas; where /proxy or a reversal started it, the step it started at) 上一步 leaves
as 返回 does, keeping the draft (继续填写). An older message's ⬅️ 上一步 or 不改，继续
pressed at another step is not taken: the step she is at comes again.

Before, 上一步 typed at any step left the fee (已退出“收费登记（/income）”), to be taken
up with 继续填写 at the step she was at, not one step back.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from db import labels
from db.money import format_fen
from db.places import Basis

from ..context import lang_of, reply, t, word
from ..flows import (
    STEP_BACK,
    TEXT_INPUT,
    answer,
    button_args,
    current_draft,
    gone,
    keyboard,
    refuse,
    stale_button,
)
from ..i18n import lazy
from ..keyboards import button
from ..staff import area_name
from ..step_back import Handler, back_line, back_pressed, back_to, keep_typed, stepping
from .money_steps import (
    I_AMOUNT,
    I_AREA,
    I_CONFIRM,
    I_FEE,
    I_FIX,
    I_HOUSEHOLD,
    I_PERIOD,
    I_RECEIPT,
    I_UNIT,
    INC,
    INCOME,
    STEPS,
)

__all__ = ["asking", "backed", "noted", "with_back", "backs", "keeping", "set_asks"]

Ask = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]], Coroutine[Any, Any, object]]
_STATES = (I_AREA, I_FEE, I_UNIT, I_HOUSEHOLD, I_PERIOD, I_AMOUNT, I_RECEIPT, I_CONFIRM, I_FIX)
_STATE = {s.split(":", 1)[1]: s for s in _STATES}  # fee -> income:fee
_BEFORE = {I_UNIT: "fee", I_HOUSEHOLD: "unit", I_AMOUNT: "period", I_RECEIPT: "amount",
           I_CONFIRM: "receipt", I_FIX: "confirm"}
_ASKS: dict[str, Ask] = {}  # each step asked again (income.RESUME), given by set_asks

CHOSEN = lazy("Chosen now: “{what}”. To keep it, press it again; to change it, press "
              "another.")
KEPT = lazy("Now: {what}. To keep it, press \"Keep it, continue\"; to change it, choose or "
            "type another.")
RECEIPT_KEPT = lazy("The receipt photo you sent is kept: to keep it, press \"Keep it, "
                    "continue\"; to change it, send another.")


def set_asks(asks: Mapping[str, Ask]) -> None:
    """How each step is asked again (``income.RESUME``: it imports this module)."""
    _ASKS.update(asks)


def _name(state: str) -> str:
    return state.split(":", 1)[1]


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if d.get("fixing") and state in (I_PERIOD, I_AMOUNT, I_RECEIPT):
        return "confirm"  # asked again from 修改: back to the summary, unchanged
    if state in (I_AREA, d.get("first")):
        return None
    if state == I_FEE:
        return "area" if d.get("areas") else None
    if state == I_PERIOD:
        basis = (d.get("fee") or [None, None])[1]
        if basis == Basis.AREA:
            return "fee"
        return "household" if basis != Basis.UNIT and "household" in (d.get("place") or {}) \
            and d.get("unit") is not None else "unit"
    return _BEFORE.get(state)


def noted(d: dict[str, Any] | None, state: str) -> str | None:
    """Notes in draft ``d`` where ⬅️ 上一步 leads from ``state``; that step."""
    return back_to(d, _back_of(d, state)) if d is not None else None


def with_back(context: ContextTypes.DEFAULT_TYPE, to: str | None,
              markup: InlineKeyboardMarkup | None, keep: str = ""
              ) -> InlineKeyboardMarkup | None:
    """``markup`` with 不改，继续 first (``keep``: the step's name) and ⬅️ 上一步 last."""
    rows = [[button(t(context, "Keep it, continue"), f"{INC}:keep:{keep}")]] if keep else []
    rows += [list(row) for row in markup.inline_keyboard] if markup else []
    if to:
        rows.append(back_line(lang_of(context), INC, to))
    return InlineKeyboardMarkup(rows) if rows else None


def backed(context: ContextTypes.DEFAULT_TYPE, state: str,
           markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """``markup`` of ``state`` with its ⬅️ 上一步, noted in the draft."""
    return with_back(context, noted(current_draft(context, INCOME), state), markup)


def _chosen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What a picker she came back to holds, said ("" when nothing)."""
    units, unit = d.get("units") or [], d.get("unit")
    what = ""
    if state == I_FEE and d.get("fee") in (d.get("fees") or []):
        what = word(context, labels.FEE_TYPE, d["fee"][0])
    elif state in (I_UNIT, I_HOUSEHOLD) and isinstance(unit, int) and unit < len(units):
        household = (d.get("place") or {}).get("household")
        what = units[unit][1] if state == I_UNIT else next(
            (room for h, room in units[unit][2] if h == household), "")
    return t(context, CHOSEN, what=what) if what else ""


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What the period, the amount or the receipt she came back to holds, said."""
    if state == I_PERIOD and d.get("period"):
        return t(context, KEPT, what=d["period"])
    if state == I_AMOUNT and d.get("amount_fen") is not None:
        return t(context, KEPT, what=format_fen(d["amount_fen"]))
    if state == I_RECEIPT and d.get("receipt"):
        return t(context, RECEIPT_KEPT)
    return ""


async def asking(update: Update, context: ContextTypes.DEFAULT_TYPE, state: str,
                 markup: InlineKeyboardMarkup | None = None, *, before: str = "",
                 **params: object) -> str:
    """Asks the question of ``state`` (after ``before``) with its ⬅️ 上一步, and what it
    holds when she came back to it (with 不改，继续); returns the state."""
    d = current_draft(context, INCOME)
    text = t(context, STEPS[state].ask, **params)
    kept = _kept(context, d, state) if d is not None else ""
    said = kept or (_chosen(context, d, state) if d is not None else "")
    text = "\n".join(filter(None, [before, text, said]))
    await reply(update, text, reply_markup=with_back(
        context, noted(d, state), markup, _name(state) if kept else ""))
    return state


async def _ask_area(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    d: dict[str, Any]) -> str:
    back_to(d, None)
    names = [await area_name(context, a) for a in d["areas"]]
    text = t(context, STEPS[I_AREA].ask)
    if d.get("area") in d["areas"]:
        text += "\n" + t(context, CHOSEN, what=await area_name(context, d["area"]))
    await reply(update, text, reply_markup=keyboard(
        [(n, f"{INC}:area:{i}") for i, n in enumerate(names)]))
    return I_AREA


async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again; what was entered is kept."""
    if to == "area" and d.get("areas"):
        return await _ask_area(update, context, d)
    return await _ASKS[_STATE.get(str(to), I_CONFIRM)](update, context, d)


async def _go_on(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                 state: str) -> object:
    """Goes on from ``state`` with what it holds (不改，继续); to the summary from 修改."""
    after = {I_PERIOD: I_AMOUNT, I_AMOUNT: I_RECEIPT}.get(state, I_CONFIRM)
    return await _ASKS[I_CONFIRM if d.get("fixing") else after](update, context, d)


on_back = back_pressed(INCOME, INC, tuple(n for n in _STATE if n != "fix"), _go_back)
_stepping = stepping(INCOME, _go_back)


async def _again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the step she is at (where there is no ⬅️ 上一步, bot.leaving took it).

    上一步 typed at a step without ⬅️ 上一步 leaves the flow before it comes here."""
    return None


def _keep_pressed(state: str) -> Handler:
    async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Goes on with what the step she came back to holds (不改，继续)."""
        args = button_args(update, INC, "keep", 1)
        if args is not None and args[0] in _STATE and args[0] != _name(state):
            return await stale_button(update, context)
        await answer(update)
        d = current_draft(context, INCOME)
        if d is None:
            return await gone(update, context)
        if args is None or not _kept(context, d, state):
            return await refuse(update, context)
        return await _go_on(update, context, d, state)
    return on_keep


def backs(state: str) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of ``state``'s ⬅️ 上一步 and 不改，继续 (pressed or typed), before
    its own."""
    return [CallbackQueryHandler(on_back, pattern=f"^{INC}:back:"),
            CallbackQueryHandler(_keep_pressed(state), pattern=f"^{INC}:keep:"),
            MessageHandler(TEXT_INPUT & filters.Regex(STEP_BACK), _stepping(_again))]


def keeping(state: str, handler: Handler) -> Handler:
    """``handler`` of the typed text of ``state``, with 不改 (继续) typed at the step she
    came back to taken as its 不改，继续."""
    async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        d = current_draft(context, INCOME)
        if d is not None and keep_typed(update) and _kept(context, d, state):
            return await _go_on(update, context, d, state)
        return await handler(update, context)
    typed_at.__doc__ = handler.__doc__
    typed_at.__name__ = getattr(handler, "__name__", "typed_at")
    return typed_at
