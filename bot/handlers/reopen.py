"""A resolved problem report's 没有解决：#N (``mine:reopen:<id>``), under 我的 and under
the message that told its reporter it was resolved.

One tap reopened it at once and told every volunteer of the area, with nothing to
undo (found trying the real bot as an elderly resident: pressed scrolling back under
an old 已解决, then 按错了 typed got only the greeting). Now the press asks first:
``mine:reopen:<id>`` shows what would happen with 是的，还没解决
(``mine:reopen_yes:<id>``) and 按错了，不用 (``mine:reopen_no:<id>``); nothing is
written or sent before the Yes. Each press checks again that the presser reported
it and that it is resolved now, so a forged or stale button changes nothing. A Yes
cut short by a stop is finished, not done again, by ``bot.handlers.issue_saved``.
按错了 typed at the question, instead of pressing, is answered as 按错了，不用
(``bot.handlers.pressed_wrong``: ``typed_no``)."""

from __future__ import annotations

import time
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry, Kind, Status
from db.errors import DomainError

from ..context import call, drop_buttons, error_text, person_of, read, reply, repo_of, t
from ..flows import answer, button_args, clean_text, keyboard, refuse, short
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..notify import notify_volunteers_once, told_of
from .follow import TO_FOLLOWERS, notify_followers
from .take_back import shown_status

__all__ = ["HANDLERS", "PREFIX", "ASK", "YES", "NO", "REOPENED", "not_fixed_button",
           "reopen_key", "tell_reopened", "typed_no", "typed_words"]

PREFIX = "mine"
ASK, YES, NO = "reopen", "reopen_yes", "reopen_no"
REOPENED = lazy("The resident says #{id} is not fixed; it is open again: {text}")
QUESTION = lazy("Is the problem of #{id} still not solved? ({what}) If you confirm, it is "
                "opened again and the volunteers are told.")
KEPT = lazy("Nothing changed: #{id} stays resolved, and no volunteer was told.")
ASKED = "reopen_asked"  # user_data: [report, when asked (seconds)], till Yes or No
ASKED_WINDOW = 3600  # 按错了 typed this long after the question is about it
NOT_RESOLVED = lazy("#{id} is {status} now, not resolved: this press changed nothing.")
# Words typed at the question instead of a press (扶手还是松的，一点没修): they were offered
# as a new report or opinion, the question left unanswered above. Now the question is
# asked again right below, and her words go to the volunteers with a Yes.
SAID = "reopen_said"  # user_data: [report, her words], till Yes or No
TYPED_AT_QUESTION = lazy("Do you mean that the problem of #{id} is still not solved? If so, "
                         "press \"Yes, still not solved\" below: the volunteers will also "
                         "read what you wrote: “{words}”. If not, press \"Pressed by mistake, "
                         "no\".")
REOPENED_SAID = lazy("The resident says #{id} is not fixed; it is open again: {text}\n"
                     "She wrote: {words}")
MAX_SAID = 500  # characters of her words passed on


def not_fixed_button(lang: str, entry_id: int) -> InlineKeyboardButton:
    """The "没有解决 / not fixed" button for a resolved problem report."""
    return button(tr(lang, "Not fixed: #{id}", id=entry_id), f"{PREFIX}:{ASK}:{entry_id}")


async def _own_resolved(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str
                        ) -> tuple[dict[str, Any], Entry] | None:
    """The presser and the resolved report of the pressed button, checked again at
    this press; None after saying why not."""
    await answer(update)
    ids = parse_ints(button_args(update, PREFIX, action, 1))
    if not ids:
        await refuse(update, context)
        return None
    person = await person_of(update, context)
    try:
        entry = await read(repo_of(context).entry, ids[0])
    except DomainError as exc:
        await refuse(update, context, error_text(context, exc))
        return None
    if entry.kind != Kind.ISSUE or entry.author != person["id"]:
        await refuse(update, context, t(context, "Only the person who reported it may "
                                                 "reopen it."))
        return None
    if entry.status != Status.RESOLVED:
        # where it stands: pressed twice, it said 没有标为已解决，无需重新处理 of a report
        # she had just reopened, as if it needed no more work
        await refuse(update, context, t(context, NOT_RESOLVED, id=entry.id,
                                        status=shown_status(context, entry)))
        return None
    return person, entry


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """没有解决 pressed: asks before anything is written or sent."""
    found = await _own_resolved(update, context, ASK)
    if found is None:
        return
    _, entry = found
    if context.user_data is not None:
        context.user_data[ASKED] = [entry.id, int(time.time())]
        context.user_data.pop(SAID, None)
    await reply(update, t(context, QUESTION, id=entry.id,
                          what=short(entry.data.get("text"), 40)),
                reply_markup=_yes_no(context, entry.id))


def _yes_no(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> Any:
    return keyboard([(t(context, "Yes, still not solved"), f"{PREFIX}:{YES}:{entry_id}"),
                     (t(context, "Pressed by mistake, no"), f"{PREFIX}:{NO}:{entry_id}")])


async def on_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """按错了，不用: nothing changes, and she is told so."""
    await answer(update)
    ids = parse_ints(button_args(update, PREFIX, NO, 1))
    if not ids:
        await refuse(update, context)
        return
    await drop_buttons(update)
    if context.user_data is not None:
        context.user_data.pop(ASKED, None)
        context.user_data.pop(SAID, None)
    person = await person_of(update, context)
    try:
        entry = await read(repo_of(context).entry, ids[0])
    except DomainError:
        entry = None
    if entry is None or entry.kind != Kind.ISSUE or entry.author != person["id"]:
        await refuse(update, context)
        return
    if entry.status != Status.RESOLVED:  # its Yes pressed before: where it stands
        await reply(update, t(context, NOT_RESOLVED, id=entry.id,
                              status=shown_status(context, entry)))
        return
    await reply(update, t(context, KEPT, id=entry.id))


async def on_yes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """是的，还没解决: reopens the report and tells the volunteers and followers."""
    found = await _own_resolved(update, context, YES)
    if found is None:
        return
    person, entry = found
    await drop_buttons(update)
    said = ""
    if context.user_data is not None:
        context.user_data.pop(ASKED, None)
        typed = context.user_data.pop(SAID, None)
        if isinstance(typed, list) and len(typed) == 2 and typed[0] == entry.id and \
                isinstance(typed[1], str):
            said = typed[1]
    try:
        entry = await call(repo_of(context).reopen, entry.id, person["id"],
                           tr("zh", "The resident says it is not fixed."))
    except DomainError as exc:
        await refuse(update, context, error_text(context, exc))
        return
    await tell_reopened(update, context, person, entry, len(entry.history) - 1, said)


def reopen_key(issue_id: int, event: int) -> str:
    """Who was told that report ``issue_id`` was reopened by its history event ``event``
    (``db.reminders``)."""
    return f"reopen:{issue_id}:{event}"


async def tell_reopened(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        person: dict[str, Any], entry: Entry, event: int,
                        said: str = "") -> None:
    """Tell the area's volunteers and the report's followers that its author reopened
    it (history event ``event``), each once (a telling a stop cut short goes on where it
    stopped: ``bot.handlers.issue_saved``), then her: that they were told once they
    were. ``said``: her words typed at the question, told to the volunteers alone."""
    key = reopen_key(entry.id, event)
    if said:
        await notify_volunteers_once(context, entry.area, key, REOPENED_SAID, id=entry.id,
                                     text=short(entry.data.get("text"), 200), words=said)
    else:
        await notify_volunteers_once(context, entry.area, key, REOPENED, id=entry.id,
                                     text=short(entry.data.get("text"), 200))
    await notify_followers(context, entry, TO_FOLLOWERS["reopen"], exclude=person["id"],
                           key=key)
    if await told_of(context, key):
        await reply(update, t(context, "#{id} is open again; the volunteers were told it is "
                                       "not fixed.", id=entry.id))
    else:  # none reached (blocked the bot, or Telegram out of reach): not said they were
        await reply(update, t(context, "#{id} is open again.", id=entry.id))


async def _asked_of(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: object
                    ) -> Entry | None:
    """The report of hers that 没有解决 was asked about (``ASKED``: [its id, when asked]),
    asked within ``ASKED_WINDOW``; None when there is none (or not hers, or no report)."""
    if not isinstance(asked, list) or len(asked) != 2 or \
            not all(isinstance(i, int) for i in asked) or \
            asked[1] < time.time() - ASKED_WINDOW:
        return None
    person = await person_of(update, context)
    try:
        entry = await read(repo_of(context).entry, asked[0])
    except DomainError:
        return None
    return entry if entry.kind == Kind.ISSUE and entry.author == person["id"] else None


async def typed_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """按错了 typed just after 没有解决 asked (instead of 按错了，不用): nothing changed,
    said so (it got the greeting); whether it was so answered."""
    asked = (context.user_data or {}).pop(ASKED, None)
    (context.user_data or {}).pop(SAID, None)
    entry = await _asked_of(update, context, asked)
    if entry is None:
        return False
    if entry.status != Status.RESOLVED:  # its Yes pressed meanwhile
        await reply(update, t(context, NOT_RESOLVED, id=entry.id,
                              status=shown_status(context, entry)))
    else:
        await reply(update, t(context, KEPT, id=entry.id))
    return True


async def typed_words(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """Words typed just after 没有解决 asked (扶手还是松的): kept for the volunteers, and the
    question asked again under them; whether they were so taken."""
    words = clean_text(text)[:MAX_SAID]
    if not words or context.user_data is None:
        return False
    entry = await _asked_of(update, context, context.user_data.get(ASKED))
    if entry is None or entry.status != Status.RESOLVED:
        return False
    context.user_data[SAID] = [entry.id, words]
    await reply(update, t(context, TYPED_AT_QUESTION, id=entry.id, words=short(words, 200)),
                reply_markup=_yes_no(context, entry.id))
    return True


async def _other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A ``mine:`` button of no known kind (forged, or of an older bot): refused."""
    await answer(update)
    await refuse(update, context)


HANDLERS = [CallbackQueryHandler(on_ask, pattern=f"^{PREFIX}:{ASK}:"),
            CallbackQueryHandler(on_yes, pattern=f"^{PREFIX}:{YES}:"),
            CallbackQueryHandler(on_no, pattern=f"^{PREFIX}:{NO}:"),
            CallbackQueryHandler(_other, pattern=f"^{PREFIX}:")]
