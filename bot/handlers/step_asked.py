"""A report's step (/progress, /resolve, /close, or a photo on site pressed as one) whose
note calls someone by surname (已请电工老杨明天上午来看) is held and asked about before the
reporter and the neighbours following it are told, and the site shows it
(``bot.handlers.called_ask``); what the reporter is told of each step (``TO_AUTHOR``,
used by ``bot.handlers.issue_work``, which stores the step when 照发 or 隐去 is pressed)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Kind, Status

from ..context import entry_or_none, t, word
from ..i18n import lazy
from ..staff import staff_areas
from .called_ask import ask_first

__all__ = ["TO_AUTHOR", "ask_step"]

TO_AUTHOR = {
    "progress": lazy("Update on your report #{id}: work is under way. {note}"),
    "note": lazy("Update on your report #{id}: {note}"),
    "resolve": lazy("Your report #{id} has been resolved: {note}\nIf it is not fixed, "
                    "press the button below."),
    "close": lazy("Your report #{id} was closed ({reason}): {note}"),
}
WHO = lazy("the reporter of #{id} and the neighbours following it are told in their chats")


async def ask_step(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                   entry_id: int, action: str, note: str, photos: list[str],
                   reason: str | None) -> bool:
    """Holds the step's note when it calls someone by surname, on a report of the
    volunteer's areas that may take a step (one waiting for approval, or none of hers,
    is refused as before); whether it was held (and asked about)."""
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.kind != Kind.ISSUE or entry.status == Status.PENDING or \
            entry.area not in await staff_areas(context, person):
        return False
    told = "note" if action == "progress" and entry.status == Status.IN_PROGRESS else action
    sent = t(context, TO_AUTHOR[told], id=entry.id, note=note,
             reason=word(context, labels.CLOSE_REASON, reason) if reason else "")
    return await ask_first(update, context, act="step", area=entry.area, note=note,
                           who=t(context, WHO, id=entry.id), sent=sent, id=entry.id,
                           action=action, reason=reason, photos=photos)
