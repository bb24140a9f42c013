"""What a supervisor (监督员) sees: an area's approval queue, to read.

A supervisor watches the volunteers of their area: what waits for approval
and for how long. They decide nothing, so their list has no buttons, and it
leaves out what only those who decide need (who asked to register, receipt
photos): each entry is its number, kind, the days it has waited, who recorded
it (a role, never a name) and the start of its text. The approval buttons
refuse them anyway (``bot.staff.require_staff``, then the repository).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind

from .context import lang_of, read, reply, repo_of, t, word
from .i18n import lazy
from .notify import split_message
from .signed import signature
from .voice_words import voice_words

__all__ = ["show_queue", "days_waited", "SHOWN"]

SHOWN = 30  # entries listed at once
TEXT_SHOWN = 80  # characters of an entry's text


def days_waited(created: str, today: date) -> int:
    """Whole days from an ISO time ``created`` to ``today`` (0 on the day itself)."""
    try:
        return max(0, (today - date.fromisoformat(created[:10])).days)
    except ValueError:
        return 0


def _line(context: ContextTypes.DEFAULT_TYPE, entry: Entry, today: date,
          names: dict[str, str]) -> str:
    head = t(context, "#{id} {kind} · {area} · waiting {days} day(s) · {role}", id=entry.id,
             kind=word(context, labels.KIND, entry.kind), area=names.get(entry.area, entry.area),
             days=days_waited(entry.created, today),
             role=signature(lang_of(context), entry.author_role))
    if entry.kind == Kind.REGISTRATION:
        return head  # who asks to live where is for the volunteers who confirm it
    if entry.data.get("voice"):  # its length (and summary), never the draft's placeholder
        text = voice_words(lang_of(context), entry.data)
    else:
        text = str(entry.data.get("text") or entry.data.get("purpose") or entry.data.get("title")
                   or "")
    text = text.replace("\n", " ")
    if len(text) > TEXT_SHOWN:
        text = text[:TEXT_SHOWN - 1] + "…"
    return f"{head}\n  {text}" if text else head


READ_ONLY = lazy("You supervise {areas}. {n} entries wait for the volunteers, oldest first "
                 "(you can read them; only the volunteers approve or reject):")


async def show_queue(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any], areas: list[str]) -> None:
    """Lists the pending entries of the supervised ``areas``, read-only."""
    repo = repo_of(context)
    entries = await read(repo.pending_for, person["id"])
    entries = [e for e in entries if e.area in areas]
    names = {a: (await read(lambda a=a: repo.street.area(a).name)) for a in areas}
    if not entries:
        await reply(update, t(context, "Nothing is waiting for the volunteers of {areas}.",
                              areas="、".join(names.values())))
        return
    today = repo.clock().date()
    lines = [t(context, READ_ONLY, areas="、".join(names.values()), n=len(entries))]
    lines += [_line(context, e, today, names) for e in entries[:SHOWN]]
    if len(entries) > SHOWN:
        lines.append(t(context, "…and {n} more.", n=len(entries) - SHOWN))
    for part in split_message("\n".join(lines)):
        await reply(update, part)
