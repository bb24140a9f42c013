"""A grid worker's note on site ("532 已修好", typed or as a photo's caption) about a report
still waiting for approval: kept until she approves it, then asked about as any note.

Before, it was answered 这次没有保存…通过后再把说明（和照片）发一次: she approved it with
the buttons shown, then had to type the note again and find the photo in her gallery.
Now the note and its photo are kept (``field_note.HELD``, for ``MINUTES``); her ✅ 通过
pressed on that report (``verdict.approved_pressed``) asks at once which step it is
(📝 进展 / ✅ 已解决 / …), with nothing stored before that press, as for an open report
(``field_note.ask_step``). Rejected, or approved by someone else, it is not asked.
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind, Status

from .field_note import HELD, LOOSE_MINUTES, ask_step, hold

__all__ = ["after_approval", "MINUTES"]

MINUTES = LOOSE_MINUTES  # how long the note waits for her approval


async def after_approval(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         entry: Entry) -> bool:
    """After her ✅ approved report ``entry``: the note she sent on it while it waited
    asked about now (whether it was)."""
    data = context.user_data
    held = data.get(HELD) if data is not None else None
    if data is None or not isinstance(held, dict) or held.get("issue") != entry.id:
        return False
    data.pop(HELD, None)
    if time.time() - float(held.get("at") or 0) > MINUTES * 60 or \
            entry.kind != Kind.ISSUE or entry.status != Status.APPROVED:
        return False
    d = {"issue": entry.id, "note": str(held.get("note") or ""), "photo": held.get("photo")}
    if not d["note"]:
        return False
    hold(context, d)
    await ask_step(update, context, entry, d)
    return True
