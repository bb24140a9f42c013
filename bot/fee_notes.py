"""What the post of a fee waiting for approval warns the volunteer of, beyond a
possible double payment (``bot.notify``): an amount other than the schedule's for
its period, and a period not of the kind the fee is due by (half a year typed for a
yearly fee), which the fees page counts apart (``db.fees.unusual_period``)."""

from __future__ import annotations

from db import fees
from db.entries import Entry
from db.money import format_fen
from db.places import Street

from .i18n import lazy, tr

__all__ = ["fee_notes"]

DUE = {"year": lazy("⚠️ This fee is due by the year (e.g. 2025), and this one is for "
                     "\"{period}\": the fees page lists it on its own, not as a year paid. "
                     "Check the period before approving; if it is wrong, reject it saying so."),
       "month": lazy("⚠️ This fee is due by the month (e.g. 2025-03), and this one is for "
                      "\"{period}\": the fees page lists it on its own, not as a month paid. "
                      "Check the period before approving; if it is wrong, reject it saying "
                      "so.")}


def fee_notes(street: Street, entry: Entry, lang: str) -> list[str]:
    """The warnings on a pending fee's post, in ``lang``."""
    fee_type, period = str(entry.data.get("fee_type")), str(entry.data.get("period") or "")
    amount = int(entry.data.get("amount_fen") or 0)
    usual = fees.unusual_amount(street, entry.area, fee_type, period, amount)
    out = [] if usual is None else [tr(  # ¥100 for a ¥10 month: a typo, or agreed?
        lang, "⚠️ The standard amount for this period is {usual}; this one is {amount}.",
        usual=format_fen(usual), amount=format_fen(amount))]
    due = fees.unusual_period(street, entry.area, fee_type, period)
    if due is not None:
        out.append(tr(lang, DUE[due], period=period))
    return out
