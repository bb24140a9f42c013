"""What a summary's 提交 pressed after its flow ended says of what she sent.

She pressed 提交 under a second copy of her opinion's summary after the first had sent
it, and read only 这个按钮已失效…这次没有做任何事: she feared her opinion was lost (found
trying the real ``steward run`` as an elderly resident). ``ended_button``
(``bot.flows``) now adds a line naming the newest entry of that flow's kind she sent
in the last hours, when there is one: it says what was received, and not that this
press sent it."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.core import china_minute
from db.entries import Kind

from .context import person_of, read, repo_of, t, word
from .drafts import SEAL
from .i18n import lazy

__all__ = ["received_line", "ended_words"]

# the summaries' confirming buttons (<prefix>:ok~<seal>) of a resident's flows
KINDS = {"rep": Kind.ISSUE, "op": Kind.OPINION, "pay": Kind.FEE_INCOME}
WITHIN = timedelta(hours=6)
RECEIVED = lazy("Your {kind} #{id}, sent at {time}, was received: no need to send it again.")
# ... then, in place of the refusal (这个按钮已失效…这次没有做任何事 above it read as if
# what she sent was lost: the reassurance came second, found trying the real steward run)
SENT_ONCE = lazy("This press did nothing more (nothing is sent twice). To see it, press "
                 "\"Mine\" in the menu below.")


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
    if not mine:
        return ""
    try:
        at = datetime.fromisoformat(mine[-1].created)
    except ValueError:
        return ""
    now = repo.clock()
    if at.tzinfo is None or now.tzinfo is None:
        at, now = at.replace(tzinfo=None), now.replace(tzinfo=None)
    if not timedelta(0) <= now - at <= WITHIN:
        return ""
    return t(context, RECEIVED, kind=word(context, labels.KIND, str(kind)), id=mine[-1].id,
             time=china_minute(mine[-1].created)[5:])


async def ended_words(update: Update, context: ContextTypes.DEFAULT_TYPE, ended: str) -> str:
    """What a flow's button pressed after its flow ended says: ``ended`` (the refusal),
    or, for a summary's 提交 whose entry was received, that first (``received_line``)
    and one short line that this press sent nothing more."""
    sent = await received_line(update, context)
    return f"{sent}\n{t(context, SENT_ONCE)}" if sent else ended
