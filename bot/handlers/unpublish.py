"""/unpublish (撤回公开同意): a resident withdraws their agreement to publication
(PIPL art. 15) and stays registered. What they published comes off the website at
its next build (``db.privacy.withdraw_consent``), what of theirs waits for review is
withdrawn (its volunteers' posts say so), and the next thing they send asks for
their agreement again. Deleting everything instead is /forget.

Two buttons, ``up:ok`` and ``up:cancel``, need no state: the question is checked
again against the person when pressed, as /forget's is.

When she agrees to the notice again, the texts taken off the website stay off: she is
told so, with two buttons (``bot.consent.earlier_texts``), ``rp:ok`` putting them back
(``db.privacy.Privacy.republish``, a choice of its own: PIPL art. 25) and ``rp:no``
keeping them off; both are checked again when pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry, Status
from db.errors import DomainError
from db.privacy import WITHDRAWN_NOTE, published_own, waiting_own

from ..asked import asked, confirmed
from ..commands import Command
from ..consent import REPUBLISH
from ..context import (
    call,
    drop_buttons,
    error_text,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from ..flows import answer, refuse
from ..i18n import lazy, tr
from ..keyboards import button
from ..menu import menu_of
from ..posts import withdraw_posts
from ..privacy_notes import for_someone_else, tell_admins_unpublished
from ..private_only import PRIVATE_BUTTON, in_private, is_private

__all__ = ["COMMANDS", "HANDLERS", "unpublish", "finish_saved", "finish_republish",
           "withdrawn_text"]

PREFIX = "up"


async def unpublish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what withdrawing the agreement to publication does, and asks to confirm: what
    comes off the website and what waiting is withdrawn, said only when there is some
    (an admin's /unpublish N: how to do it for resident N on the server)."""
    if await for_someone_else(update, context, "unpublish") or \
            not await in_private(update, context, "unpublish"):  # her data: not in a group
        return
    person = await person_of(update, context)
    own = await read(repo_of(context).entries, author=person["id"])
    shown, waiting = len(published_own(own)), len(waiting_own(own))
    if not person.get("consents") and not shown and not waiting:
        await reply(update, t(context, "You have not agreed to publication, and nothing you "
                                       "sent is published."))
        return
    said = [t(context, "This withdraws your agreement to publication:")]
    if shown:
        said.append(t(context, "• The words and photos of the {m} text(s) you published "
                               "(reports, opinions, questions, corrections) come off the "
                               "public website at its next update; if you agree again "
                               "later, they stay off unless you ask to put them back;",
                      m=shown))
        # as /forget says: what came off the site is not taken off a wall or a phone
        said.append(t(context, "• A paper notice already posted stays up, and messages the "
                               "volunteers already received in Telegram stay in their chats;"))
    else:
        said.append(t(context, "• Nothing you sent is on the public website now, so nothing "
                               "comes off it;"))
    if waiting:
        said.append(t(context, "• Your {n} submission(s) waiting for review are withdrawn;",
                      n=waiting))
    said.append(t(context, "• You stay registered: you can still vote and read the accounts;\n"
                           "• The accounts keep the fees your household paid (building and "
                           "unit only), since they are never edited;\n"
                           "• Before you send a report, an opinion or a fee again, you will "
                           "be asked to agree again."))
    said.append(t(context, "Stop publishing what you sent?") if shown or waiting
                else t(context, "Withdraw your agreement to publication?"))
    await reply(update, "\n".join(said),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "Yes, stop publishing"), f"{PREFIX}:ok")],
                    [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]))
    asked(context, PREFIX)  # 是的 typed under it: told nothing is withdrawn yet (bot.asked)


async def on_unpublish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Withdraws the caller's agreement to publication (``up:ok``) or leaves it."""
    if not is_private(update):  # her data: not in a group
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    if not await confirmed(update, context, PREFIX):  # not after her no (bot.asked)
        return
    person = await person_of(update, context)
    try:
        withdrawn, hidden = await call(repo_of(context).withdraw_consent, person["id"])
    except DomainError as exc:  # withdrawn already (确定 pressed twice): not a failure
        said = UNPUBLISH_REFUSED.get(exc.code)
        await reply(update, t(context, said) if said else error_text(context, exc))
        return
    await _done(update, context, withdrawn, hidden)


async def _done(update: Update, context: ContextTypes.DEFAULT_TYPE, withdrawn: list[Entry],
                hidden: int) -> None:
    """The volunteers' posts of the submissions withdrawn say so; she is told it is
    done, and what it withdrew; the admins are told her number (``bot.privacy_notes``)."""
    for entry in withdrawn:  # the volunteers' posts of it no longer ask for a decision
        await withdraw_posts(context, entry.id, withdrawn_text(entry.id))
    said = [t(context, "Done. Your agreement to publication is withdrawn.")]
    said.append(t(context, "The {m} text(s) you published come off the website at its next "
                           "update.", m=hidden) if hidden
                else t(context, "Nothing of yours was on the website."))
    if withdrawn:
        said.append(t(context, "{n} waiting submission(s) were withdrawn.", n=len(withdrawn)))
    said.append(t(context, "You are still registered; before you send anything to publish "
                           "again, you will be asked to agree again."))
    await reply(update, "\n".join(said), reply_markup=await menu_of(update, context))
    person = await person_of(update, context)  # its record off the machine, for a restore
    if person.get("consent_withdrawn"):
        await tell_admins_unpublished(context, person["id"], str(person["consent_withdrawn"]))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her Yes to /unpublish (``up:ok``) stored just before the bot stopped: the
    volunteers' posts of what it withdrew say so, and she is told it is done, as the
    press would have (before, she read "already saved … start again from the menu" and
    the posts still asked for a decision); whether it was such a press (her agreement
    withdrawn, found by its time: what it withdrew and withheld then)."""
    query = update.callback_query
    if query is None or (query.data or "") != f"{PREFIX}:ok" or update.effective_user is None:
        return False
    person = await person_of(update, context)
    at = str(person.get("consent_withdrawn") or "")
    if not at or person.get("consents"):
        return False
    own = await read(repo_of(context).entries, author=person["id"])
    withdrawn = [e for e in own if e.status == Status.REJECTED and e.history
                 and e.history[-1].get("by") is None
                 and str(e.history[-1].get("at") or "") >= at
                 and str(e.history[-1].get("note") or "").startswith(WITHDRAWN_NOTE)]
    hidden = sum(1 for e in own if e.data.get("withheld") == at)
    await _done(update, context, withdrawn, hidden)
    return True


async def on_republish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Puts the texts withheld by /unpublish back on the website (``rp:ok``), for a
    resident who agreed to the notice again; ``rp:no`` keeps them off, the button to
    put them back staying for a change of mind."""
    await answer(update)
    query = update.callback_query
    action = (query.data or "") if query else ""
    if action == f"{REPUBLISH}:no":
        await reply(update, t(context, "They stay off the website. If you change your mind, "
                                       "press \"Put them back on the website\" above."))
        return
    if action != f"{REPUBLISH}:ok":
        await refuse(update, context)
        return
    person = await person_of(update, context)
    try:
        back = await call(repo_of(context).republish, person["id"])
    except DomainError as exc:
        said = REPUBLISH_REFUSED.get(exc.code)
        await reply(update, t(context, said) if said else error_text(context, exc))
        return
    await _back(update, context, len(back))


async def _back(update: Update, context: ContextTypes.DEFAULT_TYPE, n: int) -> None:
    """Her buttons go, and she is told how many texts are back on the website."""
    await drop_buttons(update)
    await reply(update, t(context, "Done: your {n} earlier text(s) are back on the website at "
                                   "its next update. To take them off again, send /unpublish.",
                          n=n))


async def finish_republish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her 放回网站 (``rp:ok``) stored just before the bot stopped: she is told how many
    texts are back, as the press would have (before, she read "already saved … start
    again from the menu"); whether it was such a press (her texts put back, found by
    the time they were: the newest)."""
    query = update.callback_query
    if query is None or (query.data or "") != f"{REPUBLISH}:ok" or update.effective_user is None:
        return False
    person = await person_of(update, context)
    own = await read(repo_of(context).entries, author=person["id"])
    stamps = [str(e.data["republished"]) for e in own if e.data.get("republished")]
    if not stamps:
        return False
    newest = max(stamps)
    await _back(update, context, stamps.count(newest))
    return True


# Before, 确定，不再公开 pressed a second time said 抱歉，操作未成功：there is no consent
# to publication to withdraw: English, and as if her withdrawal had failed.
UNPUBLISH_REFUSED = {
    "no_consent_to_withdraw": lazy("Your agreement to publication is withdrawn already, and "
                                   "nothing you sent is published: this press changed "
                                   "nothing."),
}

REPUBLISH_REFUSED = {
    "no_consent": lazy("You do not agree to publication now (you withdrew it again), so "
                       "nothing was put back on the website."),
    "nothing_withheld": lazy("None of your texts is off the website now: nothing was "
                             "changed."),
}


def withdrawn_text(entry_id: int) -> Callable[[str], str]:
    """What a volunteer's post of a withdrawn entry says, in the post's language."""
    def said(lang: str) -> str:
        return tr(lang, "#{id} was withdrawn by its author, who no longer agrees to "
                        "publication.", id=entry_id)
    return said


COMMANDS = [
    Command("unpublish", "Stop publishing what you sent (withdraw your agreement)", unpublish,
            order=73),
]

HANDLERS = [CallbackQueryHandler(on_unpublish, pattern=f"^{PREFIX}:"),
            CallbackQueryHandler(on_republish, pattern=f"^{REPUBLISH}:")]
