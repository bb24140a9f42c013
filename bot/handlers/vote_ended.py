"""What a resident pressing a vote's button after its voting ended is told: not
recorded, and how it ended (or that it is being counted)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.entries import Entry, Status

from ..context import t
from ..i18n import lazy

__all__ = ["ended"]

ENDED = lazy("Voting on proposal #{id} has ended; this press was not recorded. ")
ENDED_PASSED = lazy("Result: it passed.")
ENDED_FAILED = lazy("Result: it did not pass.")
ENDED_WITHDRAWN = lazy("It was withdrawn before the vote ended.")
ENDED_COUNTING = lazy("Its deadline ({deadline}) is over and the votes are being counted: the "
                      "result will be sent to you here.")


def ended(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> str:
    """A press after a vote ended: not recorded, and how it ended (or that it is being
    counted): 这个提议的投票已经结束 alone left her to wonder whether it counted and how
    it came out."""
    said = {Status.PASSED: ENDED_PASSED, Status.FAILED: ENDED_FAILED,
            Status.WITHDRAWN: ENDED_WITHDRAWN}.get(proposal.status, ENDED_COUNTING)
    return t(context, ENDED, id=proposal.id) + t(
        context, said, deadline=str(proposal.data.get("deadline") or "")[:10])
