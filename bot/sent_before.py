"""What a summary's 提交 pressed after its flow ended says of what she sent.

She pressed 提交 under a second copy of her opinion's summary after the first had sent
it, and read only 这个按钮已失效…这次没有做任何事: she feared her opinion was lost (found
trying the real ``steward run`` as an elderly resident). ``ended_button``
(``bot.flows``) now adds a line naming the newest entry of that flow's kind she sent
in the last hours, when there is one: it says what was received, and not that this
press sent it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.core import china_minute
from db.entries import Entry, Kind
from db.people import resident_area

from .context import person_of, read, reply, repo_of, t, word
from .drafts import SEAL
from .i18n import lazy
from .menu import menu_of
from .words import normalise

__all__ = ["received_line", "ended_words", "said_again"]

# the summaries' confirming buttons (<prefix>:ok~<seal>) of a resident's flows
KINDS = {"rep": Kind.ISSUE, "op": Kind.OPINION, "pay": Kind.FEE_INCOME}
WITHIN = timedelta(hours=6)
RECEIVED = lazy("Your {kind} #{id}, sent at {time}, was received: no need to send it again.")
# ... then, in place of the refusal (这个按钮已失效…这次没有做任何事 above it read as if
# what she sent was lost: the reassurance came second, found trying the real steward run)
SENT_ONCE = lazy("This press did nothing more (nothing is sent twice). To see it, press "
                 "\"Mine\" in the menu below.")


def _recent(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> bool:
    """Whether ``entry`` was sent within ``WITHIN``."""
    try:
        at = datetime.fromisoformat(entry.created)
    except ValueError:
        return False
    now = repo_of(context).clock()
    if at.tzinfo is None or now.tzinfo is None:
        at, now = at.replace(tzinfo=None), now.replace(tzinfo=None)
    return timedelta(0) <= now - at <= WITHIN


async def received_line(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """For a summary's confirming button: the line naming her newest entry of its kind
    sent within ``WITHIN`` ("" when there is none, or it is no such button)."""
    query = update.callback_query
    data = (query.data or "") if query is not None else ""
    kind = KINDS.get(data.split(":", 1)[0]) if SEAL in data else None
    if kind is None or update.effective_user is None:
        return ""
    person = await person_of(update, context)
    repo = repo_of(context)
    mine = await read(repo.entries, kind=kind, author=person["id"], limit=1)
    if not mine or not _recent(context, mine[-1]):
        return ""
    return t(context, RECEIVED, kind=word(context, labels.KIND, str(kind)), id=mine[-1].id,
             time=china_minute(mine[-1].created)[5:])


async def ended_words(update: Update, context: ContextTypes.DEFAULT_TYPE, ended: str) -> str:
    """What a flow's button pressed after its flow ended says: ``ended`` (the refusal),
    or, for a summary's 提交 whose entry was received, that first (``received_line``)
    and one short line that this press sent nothing more."""
    sent = await received_line(update, context)
    return f"{sent}\n{t(context, SENT_ONCE)}" if sent else ended


# The words of her report typed again into the chat (she sends the same thing twice,
# not sure it went): 您刚才写的这段话还没有交给志愿者，也没有保存, with 📝 to report it
# again — as if #542 had not been received (found trying the real steward run).
SAME_WORDS = lazy("These are the words of your {kind} #{id}, sent at {time}: it was "
                  "received, no need to send it again. For something else, use the menu "
                  "below.")
LAST_SENT = 3  # her newest entries looked at (by the author index: a few documents read)


async def said_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any], text: str) -> bool:
    """A resident typed the words of a report or an opinion of hers sent within
    ``WITHIN``: told it was received (with the menu); whether she was."""
    said = normalise(text)
    if resident_area(person) is None or len(said) < 2 or said.startswith("/"):
        return False
    mine = await read(repo_of(context).entries, author=person["id"], limit=LAST_SENT)
    same = next((e for e in reversed(mine) if e.kind in (Kind.ISSUE, Kind.OPINION)
                 and normalise(str(e.data.get("text") or "")) == said
                 and _recent(context, e)), None)
    if same is None:
        return False
    await reply(update, t(context, SAME_WORDS, kind=word(context, labels.KIND, str(same.kind)),
                          id=same.id, time=china_minute(same.created)[5:]),
                reply_markup=await menu_of(update, context))
    return True
