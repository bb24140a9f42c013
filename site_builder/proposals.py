"""What the site says of how a vote ended, beside its tally: closed early
(why, and which roles asked and confirmed), a request to close early still
waiting for a second volunteer, or withdrawn (why, and by which role). The
reasons are public by design; phone numbers in them are masked like any
text people typed (the street's redaction, ``db.redact``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.entries import Entry, Status

Redact = Callable[[Any], str]  # the street's redaction (db.redact.redactor)

__all__ = ["closed_early", "close_request", "withdrawn"]


def closed_early(data: dict[str, Any], redact: Redact) -> dict[str, str] | None:
    """Why a vote closed before its deadline, and which roles asked and confirmed."""
    early = data.get("closed_early")
    if not early:
        return None
    return {"reason": redact(early.get("reason")), "asked": str(early.get("requested_role") or ""),
            "confirmed": str(early.get("confirmed_role") or ""),
            "deadline": str(early.get("deadline") or "")[:10], "at": str(early.get("at") or "")}


def close_request(entry: Entry, redact: Redact) -> dict[str, str] | None:
    """A request to close an open vote early, waiting for a second volunteer."""
    if entry.status != Status.OPEN:
        return None
    for r in reversed(entry.data.get("early_close") or []):
        if r.get("outcome") == "pending":
            return {"reason": redact(r.get("reason")), "role": str(r.get("role") or ""),
                    "at": str(r.get("at") or "")}
    return None


def withdrawn(entry: Entry, redact: Redact) -> dict[str, str]:
    """Why a proposal was withdrawn (an older one: the note of its last step)."""
    w = entry.data.get("withdrawn") or {}
    last = entry.history[-1] if entry.history else {}
    return {"reason": redact(w.get("reason") or last.get("note")),
            "role": str(w.get("role") or last.get("role") or ""),
            "at": str(w.get("at") or last.get("at") or "")}
