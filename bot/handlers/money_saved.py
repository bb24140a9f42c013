"""A volunteer's /income or /expense stored just before the bot stopped, her answer
perhaps not sent.

确认登记 under the summary is one write, then the answer ("已登记为 #12…" with its
Withdraw button), then the step is marked done. When the bot dies in between (a crash,
``kill -9``, a reboot), the press is handled again at the next start and the store says
it wrote already (``bot.state.Keeper``): nothing is written twice. Before, she read
only "already saved … please start again from the menu", never the entry's number (nor
its Withdraw button). ``finish_saved`` finds the entry the press stored (hers, of the
flow's kind and area, with the summary's contents, the newest) and answers as the press
would have. The other volunteers get it to approve at the start (``bot.notices``
resumes the posts of entries still waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.entries import Kind

from ..context import newest_own, person_of
from ..flows import SEAL, current_draft
from .expense_summary import expense_data
from .income_summary import fee_data, next_month
from .money_steps import EXP, EXPENSE, INC, INCOME, recorded

__all__ = ["finish_saved"]


Markup = Callable[[ContextTypes.DEFAULT_TYPE, dict[str, Any]], InlineKeyboardMarkup | None]

# the 确认登记 button of each flow (its data before the seal) -> its flow, the kind it
# stores, what it stores, and the buttons above Withdraw
_OKS: dict[str, tuple[str, Kind, Callable[[dict[str, Any]], dict[str, Any]], Markup]] = {
    f"{INC}:ok:1": (INCOME, Kind.FEE_INCOME, fee_data, next_month),
    f"{EXP}:ok:1": (EXPENSE, Kind.EXPENSE, expense_data, lambda context, d: None),
}


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell a volunteer the number of the fee or expense her 确认登记 stored before the
    bot stopped; whether it was such a press (and its entry was found)."""
    query = update.callback_query
    found = _OKS.get((query.data or "").split(SEAL, 1)[0]) if query else None
    if found is None or update.effective_user is None:
        return False
    flow, kind, stored, markup = found
    d = current_draft(context, flow)  # as it was before the press: not saved since
    if not d:
        return False
    try:
        data, area = stored(d), d["area"]
    except KeyError:  # not a draft that could have been stored
        return False
    person = await person_of(update, context)
    entry = await newest_own(context, person["id"], kind, lambda e: e.area == area and all(
        e.data.get(k) == v for k, v in data.items()))
    if entry is None:
        return False
    await recorded(update, context, entry, markup(context, d))
    return True
