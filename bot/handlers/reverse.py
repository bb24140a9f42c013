"""/reverse N reason: a published income or expense line is never edited or
deleted; a mistake is corrected by a reversing entry, which another
volunteer must approve (maker-checker) before it reaches the ledger. The
original line stays."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError

from ..commands import Audience, Command
from ..context import call, reply, repo_of, t
from ..flows import clean_text
from ..notify import notify_pending
from ..staff import entry_id_of, fail, require_staff, words

__all__ = ["COMMANDS"]


async def reverse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records a reversing entry for a published income or expense (/reverse N reason)."""
    person = await require_staff(update, context)
    if person is None:
        return
    args = words(update, maxsplit=1)
    entry_id = entry_id_of(args[0]) if args else None
    reason = clean_text(args[1]) if len(args) > 1 else ""
    if entry_id is None or not reason:
        await reply(update, t(context, "Usage: /reverse N reason, e.g. /reverse 12 金额记错了"))
        return
    try:
        entry = await call(repo_of(context).reverse, entry_id, person["id"], reason)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    await notify_pending(context, entry)
    await reply(update, t(context, "Reversal #{id} of #{original} recorded. Another volunteer "
                                   "must approve it; the original line stays in the ledger.",
                          id=entry.id, original=entry_id))


COMMANDS = [
    Command("reverse", "Correct a published money line: /reverse N reason", reverse,
            audience=Audience.VOLUNTEER, order=42),
]
