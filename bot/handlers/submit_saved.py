"""A resident's report, fee report, opinion or question stored just before the bot
stopped, her receipt perhaps not sent.

Pressing Submit under a summary is one write, then the receipt ("已收到，报事编号
#12…"), then the step is marked done. When the bot dies in between (a crash,
``kill -9``, a reboot), the press is handled again at the next start and the store
says it wrote already (``bot.state.Keeper``): nothing is written twice. Before, she
was told only "already saved … if you were in the middle of something, please start it
again from the menu": killed before the receipt, she never learned her entry's number
(nor that it was stored at all, but from "Mine"); killed after it, the second message
contradicted the receipt she had just read. ``finish_saved`` finds the entry the press
stored (hers, of the flow's kind, with the summary's contents, the newest) and sends
the receipt as the press would have: once more, with the same number, when it had gone
already. Its volunteers are told at the start (``bot.notices`` resumes the posts of
entries still waiting).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind

from ..context import lang_of, person_of, read, reply, repo_of
from ..flows import SEAL, current_draft
from ..menu import main_menu
from . import ask, opinion, pay, report, report_ask

__all__ = ["finish_saved"]

LOOKED_AT = 20  # her newest entries of the kind looked at


@dataclass(frozen=True)
class _Submit:
    flow: str
    kind: Kind
    same: Callable[[Mapping[str, Any], Mapping[str, Any]], bool]  # (draft, entry's data)
    receipt: Callable[[ContextTypes.DEFAULT_TYPE, Entry], str]


def _same_report(d: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return data.get("text") == d.get("text") and data.get("category") == d.get("category")


def _same_fee(d: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return all(data.get(k) == d.get(k) for k in ("fee_type", "period", "household")) and \
        str(data.get("amount_fen")) == str(d.get("amount_fen"))


def _same_opinion(d: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return data.get("text") == (d.get("data") or {}).get("text")


def _same_question(d: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return data.get("text") == d.get("text") and data.get("ref") == d.get("ref")


# the Submit button of each flow (its data before the seal) -> how to find what it stored
_SUBMITS = {
    f"{report_ask.PREFIX}:ok": _Submit(report_ask.FLOW, Kind.ISSUE, _same_report,
                                       report.receipt),
    f"{pay.PREFIX}:ok": _Submit(pay.FLOW, Kind.FEE_INCOME, _same_fee, pay.receipt),
    f"{opinion.PREFIX}:ok": _Submit(opinion.FLOW, Kind.OPINION, _same_opinion,
                                    opinion.receipt),
    f"{ask.PREFIX}:ok": _Submit(ask.FLOW, Kind.QUESTION, _same_question, ask.receipt),
}


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Send the receipt of the entry a resident's Submit stored before the bot stopped;
    whether it was such a press (and its entry was found)."""
    query = update.callback_query
    submit = _SUBMITS.get((query.data or "").split(SEAL, 1)[0]) if query else None
    if submit is None or update.effective_user is None:
        return False
    d = current_draft(context, submit.flow)  # as it was before the press: not saved since
    if not d:
        return False
    person = await person_of(update, context)
    found = [e for e in await read(repo_of(context).entries, kind=submit.kind,
                                   author=person["id"], limit=LOOKED_AT)
             if submit.same(d, e.data)]
    if not found:
        return False
    await reply(update, submit.receipt(context, found[-1]),
                reply_markup=main_menu(lang_of(context)))
    return True
