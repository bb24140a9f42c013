"""Taking back one's own entry before anyone decided it: the receipt of a fee
recorded (/income), an expense (/expense) or a fee a resident reported (/pay)
carries a 撤回 button, and 我的 has one under each of these, reports and opinions
still waiting (sent by mistake, or the problem gone). It asks to confirm, then the
entry is withdrawn (``Repository.withdraw_own``: only its author, only while
pending; an approved fee is corrected with /reverse, a published report closed by
a volunteer), the volunteers' posts of it say so and lose their buttons, and the
author is told it will not reach the accounts, or not be published.

Buttons: ``tb:ask:<id>``, then ``tb:ok:<id>`` or ``tb:no:<id>``. The data is
parsed strictly and the domain checks who presses, so a forged or stale button
changes nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.errors import DomainError, NotFound
from db.money import format_fen
from db.review import WITHDRAWN_NOTE
from db.withheld import WITHDRAWN_NOTE as UNPUBLISHED_NOTE

from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    person_of,
    read,
    reply,
    repo_of,
    status_word,
    t,
    word,
)
from ..flows import answer, button_args, keyboard, refuse, short, stale_buttons
from ..i18n import lazy
from ..notify import mark_decided
from ..staff import explain
from .decided import WITHDRAWN_BY
from .money_steps import TAKE_BACK, TAKEN_BACK_KINDS, what_recorded

__all__ = ["HANDLERS", "COMMANDS", "OWN_TAKEN_BACK", "finish_saved", "shown_status",
           "taken_back", "unpublished_line"]

PREFIX = TAKE_BACK
UNPUBLISHED_WHY = lazy("You withdrew it with your agreement to publication (/unpublish), "
                       "before a volunteer reviewed it: it was never published.")
# What a 撤回 button may take back: money entries (their receipts), and a resident's
# report or opinion not yet reviewed (in 我的).
OWN_TAKEN_BACK = TAKEN_BACK_KINDS | {Kind.ISSUE, Kind.OPINION, Kind.REVERSAL}
# A volunteer's reversal of the wrong line (eight fees alike in /reverse's list): she takes
# it back herself, as the domain lets her, instead of asking another volunteer to reject it.
REVERSAL_ASK = lazy("Withdraw reversal #{id} (of line {line})? Line {line} will not be "
                    "reversed and stays in the accounts as it is; the volunteers will see that "
                    "it was withdrawn. To reverse another line, send /reverse afterwards.")
REVERSAL_WITHDRAWN = lazy("Reversal #{id} is withdrawn: line {line} is not reversed and stays "
                          "in the accounts. To reverse another line, send /reverse.")
WORDS = (Kind.ISSUE, Kind.OPINION)  # withdrawn from review, not from the accounts
ERRORS = {
    "withdraw_approved": lazy("#{id} is already approved and in the public accounts, so it "
                              "cannot be withdrawn. A volunteer corrects it with /reverse "
                              "(its line number and the reason)."),
    "withdraw_decided": lazy("#{id} was already decided (rejected or withdrawn): there is "
                             "nothing to withdraw."),
    "withdraw_not_author": lazy("Only whoever recorded #{id} can withdraw it."),
    "not_withdrawable": lazy("#{id} cannot be withdrawn here."),
    "withdraw_published": lazy("#{id} is published already, so it cannot be withdrawn. If the "
                               "problem is gone, tell a volunteer so they close it."),
}


# 确认撤回 or 不撤回 pressed for an entry no longer waiting: before, 不撤回 under one she
# had just withdrawn said 已保留：#N 仍在等待审核, and 确认撤回 again 已驳回或已撤回.
DECIDED = lazy("#{id} is {status} already: there is nothing to withdraw.")
UNCHANGED = lazy("#{id} is {status} already: this press changed nothing.")


def taken_back(e: Entry) -> bool:
    """Whether its author withdrew ``e`` before anyone reviewed it (已撤回): with 撤回, or
    with her /unpublish (withdrawn with her agreement to publication). The latter read
    已驳回 under 我的 and /mydata, with the store's English note as its reason (原因：
    withdrawn by its author, who withdrew their consent to publication), as if a
    volunteer had turned it down."""
    return e.status == Status.REJECTED and bool(e.history) and \
        e.history[-1].get("note") in (WITHDRAWN_NOTE, UNPUBLISHED_NOTE)


def unpublished_line(context: ContextTypes.DEFAULT_TYPE, e: Entry) -> str | None:
    """Why ``e`` was withdrawn, when her /unpublish withdrew it: in her words."""
    if e.status == Status.REJECTED and e.history and \
            e.history[-1].get("note") == UNPUBLISHED_NOTE:
        return t(context, UNPUBLISHED_WHY)
    return None


def shown_status(context: ContextTypes.DEFAULT_TYPE, e: Entry) -> str:
    """Where ``e`` stands, in words: 已受理, 已撤回 for one its author took back."""
    return status_word(context, e.kind, Status.WITHDRAWN if taken_back(e) else e.status)


def _id(update: Update, action: str) -> int | None:
    args = button_args(update, PREFIX, action, 1)
    return int(args[0]) if args and args[0].isdigit() and len(args[0]) < 10 else None


async def _own_pending(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       action: str) -> tuple[dict[str, Any], Entry] | None:
    """The caller and the pending money entry of the pressed button, as
    ``Repository.withdrawable`` finds it; None after saying why not (someone else's,
    decided already, a button that names no such entry)."""
    await answer(update)
    entry_id = _id(update, action)
    if entry_id is None:
        await refuse(update, context)
        return None
    person = await person_of(update, context)
    repo = repo_of(context)
    try:
        entry = await read(repo.entry, entry_id)
        if entry.kind not in OWN_TAKEN_BACK:  # the entries a button is shown for
            raise DomainError(f"#{entry.id} cannot be withdrawn here",
                              code="not_withdrawable", id=entry.id)
        entry = await read(repo.withdrawable, entry_id, person["id"])
    except NotFound:
        await refuse(update, context)
        return None
    except DomainError as exc:
        if exc.code == "withdraw_decided":  # which of the two: she withdrew it, or not
            await reply(update, t(context, DECIDED, id=entry.id,
                                  status=shown_status(context, entry)))
        else:
            await reply(update, explain(context, exc, ERRORS))
        return None
    return person, entry


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows what would be withdrawn and asks to confirm."""
    found = await _own_pending(update, context, "ask")
    if found is None:
        return
    _, entry = found
    if entry.kind == Kind.REVERSAL:
        await reply(update, t(context, REVERSAL_ASK, id=entry.id, line=entry.data.get("line")),
                    reply_markup=_confirm(context, entry))
        return
    if entry.kind in WORDS:
        await reply(update, t(context, "Withdraw #{id} ({what})? No volunteer will review it "
                                       "and it will not be published. You can send it again "
                                       "afterwards.", id=entry.id, what=_words(context, entry)),
                    reply_markup=_confirm(context, entry))
        return
    await reply(update, t(context, "Withdraw #{id} ({what}, {amount})? It will not go into "
                                   "the accounts, and the volunteers will see that it was "
                                   "withdrawn. You can record it again afterwards.",
                          id=entry.id, what=await what_recorded(context, entry),
                          amount=format_fen(int(entry.data["amount_fen"]))),
                reply_markup=_confirm(context, entry))


def _confirm(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> Any:
    return keyboard([(t(context, "Yes, withdraw it"), f"{PREFIX}:ok:{entry.id}"),
                     (t(context, "No, keep it"), f"{PREFIX}:no:{entry.id}")])


def _words(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """A report's category and words, or an opinion's words, shortened."""
    d = entry.data
    text = t(context, "(a voice message)") if d.get("voice") else f"“{short(d.get('text'), 30)}”"
    if entry.kind == Kind.ISSUE:
        return f"{word(context, labels.ISSUE_CATEGORY, d.get('category'))} {text}"
    return text


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keeps the entry as it is, saying where it stands."""
    await answer(update)
    await drop_buttons(update)
    entry_id = _id(update, "no")
    person = await person_of(update, context) if entry_id is not None else None
    entry = await entry_or_none(context, entry_id) if entry_id is not None else None
    if person is None or entry is None or entry.author != person["id"]:
        await refuse(update, context)
        return
    if entry.status != Status.PENDING:  # withdrawn meanwhile (its 确认撤回), or reviewed
        await reply(update, t(context, UNCHANGED, id=entry.id,
                              status=shown_status(context, entry)))
        return
    await reply(update, t(context, "Kept: #{id} is still waiting for review.", id=entry_id))


async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Withdraws the entry, marks the volunteers' posts of it, tells the author."""
    found = await _own_pending(update, context, "ok")
    if found is None:
        return
    person, entry = found
    await drop_buttons(update)
    try:
        entry = await call(repo_of(context).withdraw_own, entry.id, person["id"])
    except DomainError as exc:
        await reply(update, explain(context, exc, ERRORS))
        return
    await _withdrawn(update, context, entry)


async def _withdrawn(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> None:
    """Marks the volunteers' posts of the withdrawn ``entry`` and tells its author."""
    await mark_decided(context, entry.id, WITHDRAWN_BY)
    if entry.kind == Kind.REVERSAL:
        await reply(update, t(context, REVERSAL_WITHDRAWN, id=entry.id,
                              line=entry.data.get("line")))
        return
    if entry.kind in WORDS:
        await reply(update, t(context, "#{id} is withdrawn: it will not be published, and the "
                                       "volunteers see that you withdrew it. To send it again, "
                                       "start again from the menu.", id=entry.id))
        return
    await reply(update, t(context, "#{id} is withdrawn: it will not go into the accounts. To "
                                   "record it again, start again from the menu.", id=entry.id))


COMMANDS: list[Any] = []
HANDLERS = [CallbackQueryHandler(on_ask, pattern=f"^{PREFIX}:ask:"),
            CallbackQueryHandler(on_confirm, pattern=f"^{PREFIX}:ok:"),
            CallbackQueryHandler(on_keep, pattern=f"^{PREFIX}:no:"),
            stale_buttons(PREFIX)]


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 撤回's Yes (``tb:ok:<id>``) whose withdrawal was stored before the bot stopped:
    the volunteers' posts are marked and the author told, as the press would have
    (before, she read only "already saved … please start again from the menu", and the
    posts kept their Approve buttons); whether it was such a press (the entry hers and
    withdrawn)."""
    entry_id = _id(update, "ok") if update.callback_query is not None else None
    if entry_id is None or update.effective_user is None:
        return False
    person = await person_of(update, context)
    entry = await entry_or_none(context, entry_id)
    if entry is None:
        return False
    last = entry.history[-1] if entry.history else {}
    if entry.kind not in OWN_TAKEN_BACK or entry.author != person["id"] or \
            last.get("note") != WITHDRAWN_NOTE or last.get("by") != person["id"]:
        return False
    await _withdrawn(update, context, entry)
    return True
