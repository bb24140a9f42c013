"""/unpublish (撤回公开同意): a resident withdraws their agreement to publication
(PIPL art. 15) and stays registered. What they published comes off the website at
its next build (``db.privacy.withdraw_consent``), what of theirs waits for review is
withdrawn (its volunteers' posts say so), and the next thing they send asks for
their agreement again. Deleting everything instead is /forget.

Two buttons, ``up:ok`` and ``up:cancel``, need no state: the question is checked
again against the person when pressed, as /forget's is.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import is_public
from db.errors import DomainError
from db.privacy import WITHHOLDABLE

from ..commands import Command
from ..context import call, error_text, lang_of, person_of, read, reply, repo_of, t
from ..flows import yes_or_cancel
from ..i18n import tr
from ..keyboards import button
from ..menu import main_menu
from ..posts import withdraw_posts

__all__ = ["COMMANDS", "HANDLERS", "unpublish"]

PREFIX = "up"


async def unpublish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what withdrawing the agreement to publication does, and asks to confirm."""
    person = await person_of(update, context)
    own = [e for e in await read(repo_of(context).entries, author=person["id"])
           if e.kind in WITHHOLDABLE and not e.data.get("withheld")
           and not e.data.get("proxy")]
    shown = sum(1 for e in own if is_public(e.kind, e.status))
    waiting = sum(1 for e in own if e.status == "pending")
    if not person.get("consents") and not shown and not waiting:
        await reply(update, t(context, "You have not agreed to publication, and nothing you "
                                       "sent is published."))
        return
    await reply(update, t(context, "This withdraws your agreement to publication. The words "
                                   "and photos of the {m} text(s) you published (reports, "
                                   "opinions, questions, corrections) come off the public "
                                   "website at its next update, and your {n} submission(s) "
                                   "waiting for review are withdrawn. You stay registered: "
                                   "you can still vote and read the accounts, and the "
                                   "accounts keep the fees your household paid (building and "
                                   "unit only), since they are never edited. Before you send "
                                   "a report, an opinion or a fee again, you will be asked to "
                                   "agree again. Stop publishing what you sent?",
                          m=shown, n=waiting),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "Yes, stop publishing"), f"{PREFIX}:ok")],
                    [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]))


async def on_unpublish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Withdraws the caller's agreement to publication (``up:ok``) or leaves it."""
    if not await yes_or_cancel(update, context, PREFIX, t(context, "Nothing was changed.")):
        return
    person = await person_of(update, context)
    try:
        withdrawn, hidden = await call(repo_of(context).withdraw_consent, person["id"])
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    for entry in withdrawn:  # the volunteers' posts of it no longer ask for a decision
        await withdraw_posts(context, entry.id, _withdrawn_text(entry.id))
    await reply(update, t(context, "Done. The {m} text(s) you published come off the website "
                                   "at its next update; {n} waiting submission(s) were "
                                   "withdrawn. You are still registered.",
                          m=hidden, n=len(withdrawn)),
                reply_markup=main_menu(lang_of(context)))


def _withdrawn_text(entry_id: int) -> Callable[[str], str]:
    """What a volunteer's post of a withdrawn entry says, in the post's language."""
    def said(lang: str) -> str:
        return tr(lang, "#{id} was withdrawn by its author, who no longer agrees to "
                        "publication.", id=entry_id)
    return said


COMMANDS = [
    Command("unpublish", "Stop publishing what you sent (withdraw your agreement)", unpublish,
            order=73),
]

HANDLERS = [CallbackQueryHandler(on_unpublish, pattern=f"^{PREFIX}:")]
