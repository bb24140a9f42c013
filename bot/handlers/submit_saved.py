"""A resident's report, fee report, opinion, question, correction, vote or registration
stored just before the bot stopped, her receipt perhaps not sent.

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
entries still waiting). A vote's button (``finish_vote``) and a registration's
(``finish_registration``) likewise: she is told the vote her household now has, or that
her registration #N waits for a volunteer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind
from db.errors import DomainError
from db.tally import Choice

from ..context import (
    drop_buttons,
    entry_or_none,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
)
from ..flows import SEAL, current_draft
from ..keyboards import parse_ints
from ..menu import menu_of
from ..resident import pending_registration
from . import ask, opinion, pay, privacy, registration, report, report_ask, vote
from .report_typed import typed_same

__all__ = ["finish_saved", "finish_vote", "finish_registration", "finish_me_too"]



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


def _same_correction(d: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return data.get("text") == d.get("text") and str(data.get("corrects")) == str(d.get("id"))


# the Submit button of each flow (its data before the seal) -> how to find what it stored
_SUBMITS = {
    f"{report_ask.PREFIX}:ok": _Submit(report_ask.FLOW, Kind.ISSUE, _same_report,
                                       report.receipt),
    f"{pay.PREFIX}:ok": _Submit(pay.FLOW, Kind.FEE_INCOME, _same_fee, pay.receipt),
    f"{opinion.PREFIX}:ok": _Submit(opinion.FLOW, Kind.OPINION, _same_opinion,
                                    opinion.receipt),
    f"{ask.PREFIX}:ok": _Submit(ask.FLOW, Kind.QUESTION, _same_question, ask.receipt),
    f"{privacy.PREFIX}:ok": _Submit(privacy.FLOW, Kind.CORRECTION, _same_correction,
                                    privacy.receipt),
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
    entry = await newest_own(context, person["id"], submit.kind,
                             lambda e: submit.same(d, e.data))
    if entry is None:
        return False
    await drop_buttons(update)  # stored: the summary's buttons are not there to press again
    await reply(update, submit.receipt(context, entry), reply_markup=await menu_of(update, context))
    return True


async def finish_vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A vote's button (``vote:<id>:<choice>``) whose vote was recorded before the bot
    stopped: she is told that her household votes so, and the owner's flats what the
    press would have told them (``vote.finish_recorded``); whether it was such a press
    (and her household's vote is that)."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ids = parse_ints(fields[1:2]) if len(fields) in (3, 4) and fields[0] == vote.PREFIX \
        else None
    if not ids or fields[2] not in {c.value for c in Choice} or update.effective_user is None:
        return False
    person = await person_of(update, context)
    home = person.get("household")
    repo = repo_of(context)
    try:
        if not home or await read(repo.household_vote, ids[0], home) != fields[2]:
            return False
        proposal = await read(repo.entry, ids[0])
    except DomainError:
        return False
    await vote.finish_recorded(update, context, person, proposal, fields[2])
    return True


async def finish_registration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A registration's confirming button (``reg:ok:…``, ``reg:nr:…``) whose
    registration was stored before the bot stopped: she is told its number and that it
    waits for a volunteer, as the press would have, and the household's residents not
    told yet that someone asked to live there (before, they never were); whether it was
    such a press."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    if fields[:1] != [registration.PREFIX] or len(fields) < 2 or \
            fields[1] not in ("ok", "nr") or update.effective_user is None:
        return False
    person = await person_of(update, context)
    pending = await pending_registration(context, person["id"])
    if pending is None:
        return False
    await reply(update, registration.registered_text(context, pending),
                reply_markup=registration.redo_markup(context, pending.id))
    # the household's residents, not told before the stop, hear that someone claims it
    await registration.tell_claimed(context, pending)
    return True


async def finish_me_too(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A "me too" on a similar report (its button ``rep:me:<id>``, or 我也遇到 typed when
    one was offered) stored before the bot stopped: she is told it was added and that she
    follows the report, as the press would have; whether it was such an update."""
    d = current_draft(context, report_ask.FLOW)
    similar = list((d or {}).get("similar") or [])
    query = update.callback_query
    if query is not None:
        fields = (query.data or "").split(SEAL, 1)[0].split(":")
        ids = parse_ints(fields[2:3]) if len(fields) == 3 and \
            fields[:2] == [report_ask.PREFIX, "me"] else None
    else:
        message = update.effective_message
        said = (message.text or "") if message is not None else ""
        ids = similar[:1] if len(similar) == 1 and said and typed_same(said) else None
    if not ids or ids[0] not in similar or update.effective_user is None:
        return False
    person = await person_of(update, context)
    entry = await entry_or_none(context, ids[0])
    if entry is None or person["id"] not in (entry.data.get("me_too") or []):
        return False
    await report.me_too_told(update, context, entry, True)
    return True
