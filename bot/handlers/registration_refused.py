"""The household a volunteer refused her, chosen again (the same address typed, or
picked, after 您的住户登记 #543 未通过审核。理由：101住的不是她): the whole question came
again as if nothing had happened, and a second registration went to the volunteers
with nothing said of the first (found trying the real ``steward run`` as a newcomer).
The question now begins with the refusal and its reason, and what to do first.

Refused again and again, she could ask again at once each time, without end (each ask a
post to every volunteer of the area and to their group). After a second refusal within a
week she waits a day, after a third a week (``db.refused_wait``, which the repository's
``register`` enforces): the room she picks is answered with until when, and to speak to
a volunteer meanwhile (``wait_text``), before the consent and its 同意."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.core import china_minute
from db.entries import Kind, Status
from db.errors import DomainError

from ..context import read, repo_of, t
from ..i18n import lazy

__all__ = ["refused_line", "wait_text", "refused_wait_text"]

REFUSED = lazy("A volunteer did not confirm your registration #{id} of this household "
               "(reason: {reason}). If you do live there, you may register again; better tell "
               "a volunteer first.")


async def refused_line(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                       household: str) -> str:
    """The line (ending in a blank line) saying her newest refused registration was of
    ``household``, with its reason; "" when it was not (one document read at most)."""
    if not person.get("id"):
        return ""
    refused = await read(repo_of(context).entries, kind=Kind.REGISTRATION,
                         status=Status.REJECTED, author=person["id"], limit=1)
    if not refused or refused[-1].data.get("household") != household:
        return ""
    entry = refused[-1]
    event = next((e for e in entry.history if e.get("from") == str(Status.PENDING)), {})
    reason = str(event.get("note") or "")
    if not reason or event.get("by") in (None, entry.author):  # she took it back herself
        return ""
    return t(context, REFUSED, id=entry.id, reason=reason) + "\n\n"


WAIT = lazy("Volunteers did not confirm your registration {n} times lately, so you can ask "
            "again from {until}. Nothing was sent now. Meanwhile please speak to a volunteer "
            "of your compound (in person or by phone) and say which home you live in; then "
            "send /start to register.")


def refused_wait_text(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str | None:
    """The words for the repository's refusal ``refused_wait``; None for another."""
    if exc.code != "refused_wait":
        return None
    return t(context, WAIT, n=exc.params.get("n", 2),
             until=china_minute(exc.params.get("until")))


async def wait_text(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> str:
    """Until when she may not ask to register, said (``WAIT``); "" when she may now."""
    if not person.get("id"):
        return ""
    wait = await read(repo_of(context).refused_wait, person["id"])
    if wait is None:
        return ""
    return t(context, WAIT, n=wait[1], until=china_minute(wait[0].isoformat()))
