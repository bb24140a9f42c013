"""An area's issues (报事), for the site (``site_builder.collect``): those a volunteer
accepted, each with its steps and photos, its place at most to the unit, and the
progress notes posted on it among its steps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from db import labels
from db.entries import OPEN_ISSUE, PUBLIC_STATUSES, Entry, Kind, Status
from db.places import Street
from db.privacy import is_withheld

from .collect_base import (
    NOTE_STEP,
    CollectorBase,
    first_at,
    last_at,
    photo_refs,
    proxy_text,
    status_zh,
    zh,
)

__all__ = ["IssueCollector", "PUBLIC_ISSUE"]

# Issues the public sees (defined once, in db.entries).
PUBLIC_ISSUE = PUBLIC_STATUSES[Kind.ISSUE]


def _days(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    except ValueError:
        return None
    return max(delta.total_seconds(), 0) / 86400


def _place(street: Street, data: dict[str, Any], redact: Callable[[object], str]) -> str:
    """Where an issue is, at most to the unit; free text as the resident typed it, as
    the public reads her words (``words``: names, ids and rooms masked too; it was
    redacted of phone numbers alone, and "101室王秀兰家门口" was published as typed)."""
    hid = data.get("household")
    if hid:
        try:
            return street.household_label(str(hid), public=True)
        except KeyError:
            return ""
    return redact(data.get("place") or data.get("unit_label") or "")


class IssueCollector(CollectorBase):
    """An area's public issues (part of ``collect._Collector``)."""

    def issues(self, entries: list[Entry]) -> list[dict[str, Any]]:
        notes = self.notes_by_issue(entries)
        out = []
        for e in entries:
            if e.kind != Kind.ISSUE or e.status not in PUBLIC_ISSUE:
                continue
            d = e.data
            approved_at = first_at(e, "approved")
            steps = []
            for h in e.history:
                if h.get("to") in (None, "pending"):
                    continue
                steps.append({"at": h["at"], "role": h.get("role") or "",
                              "to": h.get("to"),
                              "to_zh": status_zh(e.kind, h.get("to")),
                              "note": self.words(h.get("note")),
                              "photos": self.keep(photo_refs(h.get("photos")))})
                self.stamps.append(h["at"])
            if e.id in notes:  # further progress notes, in their place among the steps
                steps = sorted(steps + notes[e.id], key=lambda s: s["at"])
            is_open = e.status in OPEN_ISSUE
            start = approved_at or e.created
            resolved_at = None if is_open else (last_at(e, "resolved") or last_at(e, "closed"))
            out.append({
                "id": e.id, "status": str(e.status),
                "status_zh": status_zh(e.kind, e.status), "open": is_open,
                "category": d.get("category") or "other",
                "category_zh": zh(labels.ISSUE_CATEGORY, d.get("category") or "other"),
                "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                "place": _place(self.street, d, self.words),
                "photos": [] if is_withheld(e, self.forgotten) else self.keep(
                    photo_refs(d.get("photos"), d.get("photo"))),
                "me_too": len(d.get("me_too") or []),
                "created": e.created, "approved_at": approved_at,
                "resolved_at": resolved_at,
                # An open issue's wait is counted to today by the page's script
                # from ``since`` (the page itself never changes with the clock);
                # a finished one took ``age_days``.
                "since": (start or "")[:10],
                "age_days": None if is_open else _days(start, resolved_at),
                "close_reason_zh": zh(labels.CLOSE_REASON, d.get("close_reason")),
                # what names the report this one repeats (``collect_sums.link_duplicates``)
                "duplicate_hint": _duplicate_hint(d, steps) if not is_open
                and d.get("close_reason") == "duplicate" else "",
                "updated": e.updated, "steps": steps, "author_role": e.author_role,
                "proxy": proxy_text(d),
            })
        return out

    def notes_by_issue(self, entries: list[Entry]) -> dict[int, list[dict[str, Any]]]:
        """Issue id -> its published progress notes (a /progress on an issue already in
        progress), as steps of the issue ("进展"), oldest first."""
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in entries:
            issue = e.data.get("issue")
            if e.kind != Kind.PROGRESS_NOTE or e.status != Status.PUBLISHED \
                    or not isinstance(issue, int):
                continue
            out[issue].append({"at": e.created, "role": e.author_role, "to": NOTE_STEP,
                               "to_zh": "进展", "note": self.text_of(e),
                               "photos": self.keep(photo_refs(e.data.get("photos"),
                                                           e.data.get("photo")))})
        return out


def _duplicate_hint(d: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    """The record's ``duplicate_of`` (as "#N"), else the public note of the step that
    closed the report: a volunteer's /close N duplicate 与 #12 重复."""
    if isinstance(d.get("duplicate_of"), int):
        return f"#{d['duplicate_of']}"
    notes = [str(s.get("note") or "") for s in steps if s.get("to") == "closed"]
    return notes[-1] if notes else ""
