"""What volunteers and residents wrote for everyone, for the site
(``site_builder.collect``): announcements and progress notes, and the opinions
residents gave with the volunteers' replies.
"""

from __future__ import annotations

from typing import Any

from db.entries import Entry, Kind, Status
from db.opinions import replies_by_opinion

from .collect_base import CollectorBase, first_at, photo_refs, proxy_text

__all__ = ["NoteCollector"]


class NoteCollector(CollectorBase):
    """An area's announcements, progress notes and opinions (part of
    ``collect._Collector``)."""

    def notes(self, entries: list[Entry], kind: Kind) -> list[dict[str, Any]]:
        out = []
        for e in entries:
            if e.kind != kind or e.status != Status.PUBLISHED:
                continue
            self.stamps.append(e.created)
            out.append({"id": e.id, "at": e.created, "role": e.author_role,
                        "title": self.words(e.data.get("title")),
                        "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                        "photos": self.keep(photo_refs(e.data.get("photos"), e.data.get("photo"))),
                        "opinion": e.data.get("opinion") if kind == Kind.PROGRESS_NOTE
                        else None,
                        "issue": e.data.get("issue") if kind == Kind.PROGRESS_NOTE
                        else None})
        out.sort(key=lambda n: (n["at"], n["id"]), reverse=True)
        return out

    def opinions(self, entries: list[Entry]) -> list[dict[str, Any]]:
        """Approved general opinions (not about a proposal: those are on the votes
        page), newest first, each with the volunteers' replies, oldest first."""
        replies = replies_by_opinion(entries)
        out = []
        for e in entries:
            if e.kind != Kind.OPINION or e.status != Status.APPROVED or e.data.get("proposal"):
                continue
            at = first_at(e, "approved") or e.created
            self.stamps.append(at)
            answers = []
            for r in replies.get(e.id, []):
                self.stamps.append(r.created)
                answers.append({"id": r.id, "at": r.created, "role": r.author_role,
                                "text": self.text_of(r), "corrected": self.corrected.get(r.id)})
            out.append({"id": e.id, "at": e.created, "published_at": at,
                        "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                        "replies": answers, "proxy": proxy_text(e.data)})
        out.sort(key=lambda o: (o["at"], o["id"]), reverse=True)
        return out

