"""/income (收费登记), one step back (``back_steps``, on ``bot.step_back``): ⬅️ 上一步
pressed (``inc:back:<step>``) or 上一步 (返回上一步, 后退) typed goes to the step before,
keeping all that was entered: the fee to the areas (for a volunteer of several), who paid
(the unit) to the fee, the household to the unit, the period to who paid (the household,
the unit, or the fee for a fee of the whole area), the amount to the period, the receipt
to the amount, the summary to the receipt, 修改's question to the summary; a step 修改
asked again goes back to the summary unchanged. A picker she comes back to says what was
chosen (pressed again, it goes on); the period, the amount and a receipt photo say what
they hold, with 不改，继续 (``inc:keep:<step>``, or 不改 typed). At the first step (the
fee, or the areas; where /proxy or a reversal started it, the step it started at) 上一步
leaves as 返回 does, keeping the draft (继续填写). An area's only fee is not asked
(``ONE_FEE``): the step after it is the first, or goes back to the areas.

Before, 上一步 typed at any step left the fee (已退出“收费登记（/income）”), to be taken
up with 继续填写 at the step she was at, not one step back.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.money import format_fen
from db.places import Basis

from ..context import t, word
from ..i18n import lazy
from .back_steps import CHOSEN, KEPT, RECEIPT_KEPT, Back
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
)

__all__ = ["BACK", "ONE_FEE", "ONLY_FEE"]

ONE_FEE = "one_fee"  # a draft's key: the area has one fee, taken without asking
ONLY_FEE = lazy("Fees collected: {fee} (the only fee of this area).")

_BEFORE = {I_UNIT: "fee", I_HOUSEHOLD: "unit", I_AMOUNT: "period", I_RECEIPT: "amount",
           I_CONFIRM: "receipt", I_FIX: "confirm"}


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step); past
    the fee, not asked where the area has one (``ONE_FEE``)."""
    to = _before(d, state)
    return ("area" if d.get("areas") else None) if to == "fee" and d.get(ONE_FEE) else to


def _before(d: dict[str, Any], state: str) -> str | None:
    if d.get("fixing") and d.get("amount_fen") is not None and \
            state in (I_PERIOD, I_AMOUNT, I_RECEIPT):
        return "confirm"  # asked again from 修改: back to the summary, unchanged (a
        # reversal's replacing line, filled in but its amount, starts at the amount)
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


BACK = Back(INCOME, INC, (I_AREA, I_FEE, I_UNIT, I_HOUSEHOLD, I_PERIOD, I_AMOUNT, I_RECEIPT,
                          I_CONFIRM, I_FIX), _back_of, _kept, _chosen,
            {I_PERIOD: I_AMOUNT, I_AMOUNT: I_RECEIPT}, I_CONFIRM)
