"""The household a volunteer refused her, chosen again (the same address typed, or
picked, after 您的住户登记 #543 未通过审核。理由：101住的不是她): the whole question came
again as if nothing had happened, and a second registration went to the volunteers
with nothing said of the first (found trying the real ``steward run`` as a newcomer).
The question now begins with the refusal and its reason, and what to do first."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.entries import Kind, Status

from ..context import read, repo_of, t
from ..i18n import lazy

__all__ = ["refused_line"]

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
