"""/income's last look before anything is stored, as /expense has: the area, who
paid (a household, a unit, the whole area), the fee, period, amount and whether
there is a receipt photo, with 确认登记 / 修改 / 取消 (``money_steps.summary_buttons``).
Nothing is stored before 确认登记; a second press finds the draft gone and records
nothing. 修改 asks the amount, the period or the receipt again, or starts again at
the fee (who paid follows from it), and comes back to the summary.

Also what /income says of a fee already in for its household and period, and the
button recording the next of several months paid at once (``inc:for:...``).
Buttons here: ``inc:ok:1`` (sealed) / ``inc:ok:0``, ``inc:edit``; ``inc:fix:<what>``
is taken by ``income.on_fix``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import fees, labels
from db.entries import Kind
from db.money import format_fen
from db.places import Basis

from ..context import read, reply, repo_of, t, word
from ..flows import Answered, answer, button_args, current_draft, gone, keyboard, refuse
from ..i18n import lazy
from ..staff import area_name
from .income_back import BACK
from .money_steps import (
    I_CONFIRM,
    I_FIX,
    INC,
    INCOME,
    STEPS,
    household_label,
    pressed_ok,
    submit,
    summary_buttons,
)
from .replacing import replaces_lines

__all__ = ["already", "recorded_before", "months_between", "summary", "on_ok", "on_edit",
           "FIXES", "fee_data", "next_month", "next_flat"]


def _recorded(context: ContextTypes.DEFAULT_TYPE, first: dict[str, Any], label: str,
              fee: str, period: str) -> str:
    """That the household's ``fee`` for ``period`` is in (``first`` of ``fee_recorded``)."""
    params = {"fee": word(context, labels.FEE_TYPE, fee), "period": period,
              "household": label, "id": first["id"], "seq": first["seq"]}
    return (t(context, "{household}: {fee} {period} is already in the public accounts "
                       "(#{id}, line {seq}).", **params) if first["seq"] else
            t(context, "{household}: {fee} {period} is already recorded (#{id}) and waits "
                       "for approval.", **params))


def already(context: ContextTypes.DEFAULT_TYPE, first: dict[str, Any], label: str,
            fee: str, period: str, *, go_on: bool = False) -> str:
    """That the household's ``fee`` for ``period`` is in, and nothing was started, or
    (``go_on``) how to record another payment anyway."""
    said = _recorded(context, first, label, fee, period)
    if go_on:
        return "⚠️ " + said + "\n" + t(context, "If this really is another payment, go on; "
                                                "if not, press \"Cancel\" below.")
    return said + "\n" + t(context, "Nothing new was started. If this really is another "
                                     "payment, record it from the menu with its own period.")


async def _first_recorded(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                          ) -> tuple[dict[str, Any], str] | None:
    """The first entry holding the draft household's (or building unit's) fee for its
    period, and the payer's label; None when there is none (or the whole area pays)."""
    place, repo = d.get("place", {}), repo_of(context)
    if place.get("household"):
        recorded = await read(repo.fee_recorded, place["household"], d["fee"][0], d["period"])
    elif place.get("unit"):
        recorded = await read(repo.unit_fee_recorded, place["unit"], d["fee"][0], d["period"])
    else:
        return None
    if not recorded:
        return None
    if place.get("household"):
        return recorded[0], await read(household_label, repo, place["household"])
    return recorded[0], _unit_label(d, place["unit"])


def _unit_label(d: dict[str, Any], unit: str) -> str:
    return next((u[1] for u in d.get("units", []) if u[0] == unit), unit)


async def recorded_before(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """A warning that the draft's household has its fee for its period in already."""
    found = await _first_recorded(context, d)
    return already(context, found[0], found[1], d["fee"][0], d["period"], go_on=True) \
        if found else ""


def months_between(first: str, last: str) -> list[str] | None:
    """'2026-11', '2027-01' -> ['2026-11', '2026-12', '2027-01']; None unless both are
    months, in order, at most a year apart."""
    a, b = fees.normalise_period(first), fees.normalise_period(last)
    if not a or not b or len(a) != 7 or len(b) != 7 or a > b:
        return None
    n = (int(b[:4]) - int(a[:4])) * 12 + int(b[5:]) - int(a[5:])
    start = int(a[:4]) * 12 + int(a[5:]) - 1
    return [f"{(start + k) // 12}-{(start + k) % 12 + 1:02d}" for k in range(n + 1)] \
        if n < 12 else None


def next_month(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
                ) -> InlineKeyboardMarkup | None:
    """For one of several months paid at once by a household: a button recording the
    next month for it (its fee and household kept), or None."""
    household = d["place"].get("household")
    rest = [m for m in d.get("months") or [] if m > d["period"]]
    data = f"{INC}:for:{household}:{d['fee'][0]}:{rest[0]}:{rest[-1]}" if rest else ""
    if not household or not rest or len(data.encode()) > 64:  # Telegram's limit
        return None
    return keyboard([(t(context, "Record {month} for this household too", month=rest[0]),
                      data)])


def next_flat(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]
              ) -> InlineKeyboardMarkup | None:
    """For a household's fee just recorded: ➕ 本单元再登记一户 (``income_next``), its fee
    and period kept; for a fee paid per unit, ➕ 再登记一个单元; None for the area's fee."""
    household, unit = d["place"].get("household"), d["place"].get("unit")
    fee = word(context, labels.FEE_TYPE, d["fee"][0])
    if household:  # picked by its unit or typed (东小区1号楼1单元101): income_next finds its unit
        data = f"{INC}:next:{household}:{d['fee'][0]}:{d['period']}"
        label = t(context, "➕ Another household of this unit ({fee} {period})", fee=fee,
                  period=d["period"])
    elif unit and d["fee"][1] == Basis.UNIT:  # a fee paid per unit: the next unit
        data = f"{INC}:nextu:{unit}:{d['fee'][0]}:{d['period']}"
        label = t(context, "➕ Another unit ({fee} {period})", fee=fee, period=d["period"])
    else:
        return None
    return keyboard([(label, data)]) if len(data.encode()) <= 64 else None


def _ready(d: dict[str, Any]) -> bool:
    """Whether the draft holds all a fee is recorded with (the receipt step passed)."""
    return all(k in d for k in ("area", "fee", "place", "period", "amount_fen", "receipt"))


async def _payer(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    place = d["place"]
    if place.get("household"):
        return t(context, "Household: {household}", household=await read(
            household_label, repo_of(context), place["household"]))
    if place.get("unit"):
        return t(context, "Building unit: {unit}", unit=_unit_label(d, place["unit"]))
    return t(context, "Paid for: the whole area")


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """Everything the fee will be recorded with, a last look before it is stored, with
    what to check (the fee in already for the household and period, an amount not the
    schedule's usual one): 确认登记 (sealed: the draft as shown), 修改, 取消."""
    d.pop("fixing", None)
    lines = [
        t(context, STEPS[I_CONFIRM].ask),
        t(context, "Area: {area}", area=await area_name(context, d["area"])),
        await _payer(context, d),
        t(context, "Fee: {fee}", fee=word(context, labels.FEE_TYPE, d["fee"][0])),
        t(context, "Period: {period}", period=d["period"]),
        t(context, "Amount: {amount}", amount=format_fen(d["amount_fen"])),
        t(context, "Receipt photo: yes (only volunteers see it)") if d["receipt"] else
        t(context, "Receipt photo: none")]
    usual = fees.unusual_amount(repo_of(context).street, d["area"], d["fee"][0], d["period"],
                                d["amount_fen"])
    if usual is not None:
        lines.append("⚠️ " + t(context, "The standard amount for this period is {usual}.",
                               usual=format_fen(usual)))
    found = await _first_recorded(context, d)
    if found:
        lines.append("⚠️ " + _recorded(context, found[0], found[1], d["fee"][0], d["period"])
                     + "\n" + t(context, "If this really is another payment, record it; if "
                                         "not, press Cancel."))
    lines += replaces_lines(context, d)
    lines.append(t(context, "Once another volunteer approves it, it appears in the public "
                            "accounts."))
    back = BACK.noted(d, I_CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, "\n".join(lines),
                reply_markup=BACK.with_back(context, back, summary_buttons(context, INC, d)))
    return I_CONFIRM


async def on_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the fee as the summary showed it (确认登记), or drops it (取消)."""
    await answer(update)
    d = await pressed_ok(update, context, INCOME, INC, _ready, summary)
    if isinstance(d, Answered):
        return d.state
    return await submit(update, context, INCOME, Kind.FEE_INCOME, d["area"], fee_data(d),
                        reply_markup=next_month(context, d) or next_flat(context, d),
                        show=summary)


def fee_data(d: dict[str, Any]) -> dict[str, Any]:
    """What the fee of a ready draft is stored with."""
    return {"fee_type": d["fee"][0], "period": d["period"], "amount_fen": d["amount_fen"],
            "receipt": d["receipt"], "collected": True, **d["place"]} | (
        {"replaces": d["replaces"]} if d.get("replaces") else {})


# 修改: what can be changed, each step asked again and then the summary again; the
# fee (and who paid it, which follows from the fee) starts again at the fee, the area
# kept.
FIXES = {"amount": lazy("Amount"), "period": lazy("Period"), "receipt": lazy("Receipt photo"),
         "fee": lazy("Fee or household: start again")}


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks what to change (修改 under the summary)."""
    await answer(update)
    d = current_draft(context, INCOME)
    if d is None:
        return await gone(update, context)
    if button_args(update, INC, "edit", 0) is None or not _ready(d):
        return await refuse(update, context)
    return await BACK.asking(update, context, I_FIX, keyboard(
        [(t(context, label), f"{INC}:fix:{key}") for key, label in FIXES.items()], 2))

