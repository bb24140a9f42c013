"""How long someone whose registrations volunteers refused waits before asking again.

A volunteer refused 居民's registration (理由：101住的不是她), and she could ask again at
once, and again after the next refusal, without end: every ask is a post in each
volunteer's chat and in their group, and a message to the household's residents. A
first refusal is often a wrong room picked (the volunteer says which one), so she may
ask again at once; after a second refusal within ``WINDOW`` she waits a day from the
latest, after a third or more a week, and is told until when and to speak to a
volunteer meanwhile. A registration she took back herself is no refusal. Plain data:
the entries of her registrations and the time now.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from .entries import Entry, Status

__all__ = ["WINDOW", "refusals", "refused_until"]

WINDOW = timedelta(days=7)  # refusals older than this are not counted
SECOND_WAIT = timedelta(days=1)  # after a second refusal within WINDOW
LATER_WAIT = timedelta(days=7)  # after a third or more


def refusals(entries: Iterable[Entry]) -> list[datetime]:
    """When volunteers refused these registrations (not those their author took back),
    oldest first."""
    out = []
    for entry in entries:
        if entry.status != Status.REJECTED:
            continue
        event = next((e for e in entry.history if e.get("from") == str(Status.PENDING)), None)
        if not event or event.get("by") in (None, entry.author):
            continue
        try:
            out.append(datetime.fromisoformat(str(event.get("at"))))
        except ValueError:
            continue
    return sorted(out)


def refused_until(entries: Iterable[Entry], now: datetime) -> tuple[datetime, int] | None:
    """Until when the author of these registrations may not ask again, with how many
    refusals of the last ``WINDOW`` say so; None when she may now."""
    recent = [at for at in refusals(entries) if now - at < WINDOW]
    if len(recent) < 2:
        return None
    until = recent[-1] + (SECOND_WAIT if len(recent) == 2 else LATER_WAIT)
    return (until, len(recent)) if now < until else None
