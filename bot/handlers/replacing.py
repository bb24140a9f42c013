"""The right line in place of a reversed one (代替第 N 笔), started from the button
``exp:rep:<area>:<seq>`` (or ``inc:rep:…``) under a reversal approved or /expense's
(/income's) list of lines reversed with nothing in their place yet
(``money_steps.offer_replacing``).

The draft is filled in from the line reversed: an expense's payee, purpose, category,
project, report and invoice photo; a fee's fee, household (or unit), period and
receipt photo. Only the amount is asked, with a button keeping the old one (a wrong
payee), then the summary, where anything can be changed (修改). Before, a volunteer
typed it all again on a phone, the reason (应为450元) far up the chat. A line whose
entry cannot be filled in (a fee no longer in the schedule, an expense without its
photo) is asked step by step as before.

The press itself: the button is taken off the message pressed (it records one line;
pressed again it would say it is already being replaced), and the presser is checked
again by the domain (``Repository.replaceable_line``): the data can be forged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db import labels
from db.elections import is_election
from db.entries import Kind, Status
from db.errors import DomainError
from db.money import format_fen
from db.people import volunteer_areas

from ..context import error_text, lang_of, read, reply, repo_of, t, word
from ..flows import button_args, current_draft, gone, keyboard, new_draft, refuse, short
from ..i18n import lazy
from ..staff import require_staff
from ..voice_words import entry_words
from .money_steps import REPLACES_LINE, household_label, schedule_of, units_of

__all__ = ["begin_replacing", "fill_expense", "fill_fee", "same_amount", "on_same_amount",
           "replaces_lines"]

FILLED = {
    Kind.EXPENSE: lazy("Recording the right one in place of line {seq}, which said: {amount}, "
                       "paid to {payee}, for {purpose} ({category}). Reason for the reversal: "
                       "{reason}\nThe payee, purpose, category, project, report and invoice "
                       "photo are filled in as line {seq} had them; you can change any of "
                       "them at the summary. Only the amount is asked now."),
    Kind.FEE_INCOME: lazy("Recording the right one in place of line {seq}, which said: "
                          "{amount}, {fee} {period}, {payer}. Reason for the reversal: "
                          "{reason}\nThe fee, who paid, the period and the receipt photo are "
                          "filled in as line {seq} had them; you can change any of them at "
                          "the summary. Only the amount is asked now."),
}
# a line paid without a receipt (无收据：<why>): filled in as any other, its why too
FILLED_NO_RECEIPT = lazy("Recording the right one in place of line {seq}, which said: {amount}, "
                         "paid to {payee}, for {purpose} ({category}), no receipt (why: {why}). "
                         "Reason for the reversal: {reason}\nThe payee, purpose, category, "
                         "project, report and why there is no receipt are filled in as line "
                         "{seq} had them; you can change any of them at the summary. Only the "
                         "amount is asked now.")
SAME_AMOUNT = lazy("The amount was right: {amount}")
# The button pressed again (on another message: the reversal's approval, an earlier
# /expense) once the right one is recorded: that nothing is left to do, and by whom.
DONE_ALREADY = {
    "replacement_pending": lazy("The right one in place of line {seq} is already recorded: "
                                "#{id}, waiting for another volunteer's approval. There is "
                                "nothing more to record."),
    "already_replaced": lazy("The right one in place of line {seq} is already recorded and "
                             "approved: line {by} of the public accounts. There is nothing "
                             "more to record."),
}
PHOTO_KEPT = lazy("The photo is line {seq}'s, as it was; to send another, press Edit.")
# Nothing changed from the line reversed (金额没错 pressed, nothing edited): the same
# mistake would be recorded again, the reversal undone for nothing.
SAME_AS_LINE = lazy("⚠️ This is exactly what line {seq} said. If line {seq} was wrong, press "
                    "Edit and change what was wrong (the reason given: {reason}).")
EXPENSE_FIELDS = ("amount_fen", "payee", "purpose", "category", "project", "issue", "receipt",
                  "public", "no_receipt")
FEE_FIELDS = ("amount_fen", "fee", "place", "period", "receipt")


async def begin_replacing(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                          prefix: str, kind: Kind
                          ) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A fresh draft of ``flow`` replacing the line the pressed ``<prefix>:rep:<area>:<seq>``
    names, and that line, if the presser may: a volunteer of that area, and the line one
    of ``kind``, reversed and not yet replaced (asked of the domain again: callback data
    can be forged, and the line replaced since the button was sent); else says why,
    None. Either way the button is taken off the message pressed, the others kept. The
    press is answered by the caller."""
    person = await require_staff(update, context)
    if person is None:
        return None
    args = button_args(update, prefix, "rep", 2)
    seq = int(args[1]) if args and args[1].isdigit() else None
    if args is None or seq is None or args[0] not in volunteer_areas(person):
        await refuse(update, context)
        return None
    await _drop_pressed(update)
    try:
        line = await read(repo_of(context).replaceable_line, args[0], kind, seq)
    except DomainError as exc:
        done = DONE_ALREADY.get(exc.code)
        await reply(update, t(context, done, **exc.params) if done else error_text(context, exc))
        return None
    d = new_draft(context, flow)
    d["area"], d["replaces"] = args[0], seq
    return d, line


async def _drop_pressed(update: Update) -> None:
    """The pressed button off its message, the message's other buttons kept."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    markup = getattr(query.message, "reply_markup", None)
    rows = [[b for b in row if b.callback_data != query.data]
            for row in (markup.inline_keyboard if markup is not None else ())]
    rows = [r for r in rows if r]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except TelegramError:  # a message too old to edit: the press goes on
        pass


async def _reason(context: ContextTypes.DEFAULT_TYPE, area: str, seq: int) -> str:
    """Why line ``seq`` was reversed, as its reversal said."""
    repo = repo_of(context)
    for e in await read(repo.entries, area=area, kind=Kind.REVERSAL, status=Status.APPROVED):
        if e.data.get("line") == seq:
            return short(e.data.get("reason"), 200)
    return ""


async def fill_expense(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                       line: dict[str, Any]) -> str:
    """Draft ``d`` of /expense filled in from the expense of ``line`` (all but the
    amount; then the summary, as after 修改), and what the volunteer is told of it; ""
    (nothing filled in) when its entry lacks its receipt photo and a reason for none (or
    a payee, purpose or category: recorded before they were asked). A line paid without
    a receipt was not filled in at all: its volunteer, told only the amount would be
    asked, was asked everything again."""
    repo = repo_of(context)
    data = (await read(repo.entry, int(line["entry"]))).data
    none = str(data.get("no_receipt") or "") if not data.get("receipt") else ""
    if not all(data.get(k) for k in ("payee", "purpose", "category")) or \
            not (data.get("receipt") or none):
        return ""
    projects = [p for p in await read(repo.entries, area=d["area"], kind=Kind.PROPOSAL,
                                      status=Status.PASSED) if not is_election(p.data)]
    if projects:  # 修改 offers the project only then, as the flow does
        d["projects"] = [p.id for p in projects]
        d["titles"] = {str(p.id): str(p.data.get("title", "")) for p in projects}
    d["project"] = data.get("project") if data.get("project") in d.get("projects", []) else None
    d["issue"], d["issue_text"] = None, ""
    if data.get("issue"):
        try:  # still a report its area's expense may name
            report = await read(repo.paid_issue, d["area"], data["issue"])
            d["issue"], d["issue_text"] = report.id, short(
                entry_words(lang_of(context), report.data, brief=True), 20)
        except DomainError:
            pass
    d.update(payee=data["payee"], purpose=data["purpose"], category=data["category"],
             receipt=data.get("receipt"), public=bool(data.get("receipt_public")),
             photo_of_line=data.get("receipt"), was_fen=int(data["amount_fen"]), fixing=True,
             why=await _reason(context, d["area"], d["replaces"]) or "—")
    if none:
        d["no_receipt"] = none
    d["was"] = {k: d.get(k) for k in EXPENSE_FIELDS} | {"amount_fen": d["was_fen"]}
    return t(context, FILLED_NO_RECEIPT if none else FILLED[Kind.EXPENSE], seq=d["replaces"],
             amount=format_fen(d["was_fen"]), payee=d["payee"], purpose=d["purpose"],
             category=word(context, labels.EXPENSE_CATEGORY, d["category"]), reason=d["why"],
             why=none)


async def fill_fee(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   line: dict[str, Any]) -> str:
    """Draft ``d`` of /income filled in from the fee of ``line`` (all but the amount;
    then the summary), and what the volunteer is told of it; "" (nothing filled in)
    when its fee is no longer in the area's schedule, or is paid by another kind of
    payer now."""
    repo = repo_of(context)
    data = (await read(repo.entry, int(line["entry"]))).data
    schedule = await read(schedule_of, repo, d["area"])
    place = {"household": data["household"]} if data.get("household") else \
        {"unit": data["unit"]} if data.get("unit") else {}
    basis = "household" if "household" in place else "unit" if place else "area"
    fee = next((f for f in schedule if f[0] == data.get("fee_type")
                and f[1] in (None, basis)), None)
    if fee is None or not data.get("period"):
        return ""
    if place.get("household"):
        payer = await read(household_label, repo, place["household"])
    elif place.get("unit"):
        d["units"] = await read(units_of, repo, d["area"])
        payer = next((u[1] for u in d["units"] if u[0] == place["unit"]), place["unit"])
    else:
        payer = t(context, "the whole area")
    d.update(fees=schedule, fee=fee, place=place, period=data["period"],
             receipt=data.get("receipt"), photo_of_line=data.get("receipt"),
             was_fen=int(data["amount_fen"]), fixing=True,
             why=await _reason(context, d["area"], d["replaces"]) or "—")
    d["was"] = {k: d.get(k) for k in FEE_FIELDS} | {"amount_fen": d["was_fen"]}
    return t(context, FILLED[Kind.FEE_INCOME], seq=d["replaces"],
             amount=format_fen(d["was_fen"]), fee=word(context, labels.FEE_TYPE, fee[0]),
             period=d["period"], payer=payer, reason=d["why"])


def same_amount(context: ContextTypes.DEFAULT_TYPE, prefix: str, d: dict[str, Any],
                more: list[tuple[str, str]] | None = None) -> InlineKeyboardMarkup | None:
    """The amount step's buttons of a draft filled in from a reversed line: the old
    amount kept (``<prefix>:same``), after ``more`` (the fee's usual amount)."""
    rows = list(more or [])
    if d.get("was_fen") is not None and d.get("fixing"):
        # the fee's usual amount, when it is the old one, said once (two buttons alike)
        rows = [r for r in rows if not r[1].endswith(f":amt:{d['was_fen']}")]
        rows.append((t(context, SAME_AMOUNT, amount=format_fen(d["was_fen"])), f"{prefix}:same"))
    return keyboard(rows, 1) if rows else None


async def on_same_amount(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                         prefix: str,
                         summary: Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]],
                                           Awaitable[str]]) -> object:
    """Keeps the reversed line's amount (金额没错) and shows the summary (the press
    answered by the caller)."""
    d = current_draft(context, flow)
    if d is None:
        return await gone(update, context)
    if button_args(update, prefix, "same", 0) is None or d.get("was_fen") is None:
        return await refuse(update, context)
    d["amount_fen"] = int(d["was_fen"])
    return await summary(update, context, d)


def replaces_lines(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[str]:
    """What a summary says of the line its draft replaces, and of the photo kept from it."""
    if not d.get("replaces"):
        return []
    kept = d.get("photo_of_line") and d.get("receipt") == d["photo_of_line"]
    was = d.get("was")
    same = isinstance(was, dict) and all(d.get(k) == v for k, v in was.items())
    return [t(context, REPLACES_LINE, seq=d["replaces"])] + (
        [t(context, PHOTO_KEPT, seq=d["replaces"])] if kept else []) + (
        [t(context, SAME_AS_LINE, seq=d["replaces"], reason=d.get("why") or "—")]
        if same else [])
