"""Opinions (意见) and the volunteers' replies to them.

A reply is a public progress note (``Kind.PROGRESS_NOTE``) that names the
opinion it answers in ``data["opinion"]``, as a progress note on an issue
names its issue in ``data["issue"]``: it is published at once, with the
volunteer's role and never their name, and the site shows it under the
opinion. Only a volunteer of the opinion's area may reply (the repository's
``submit`` checks it), and only to an opinion that is public (approved).

Everything here goes through the repository's public API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .entries import Entry, Kind, Status
from .errors import DomainError

__all__ = ["MAX_REPLY", "reply_to_opinion", "replies_by_opinion"]

MAX_REPLY = 1000  # characters of one reply


def reply_to_opinion(repo: Any, actor_id: int, opinion_id: int, text: str) -> Entry:
    """Publish a volunteer's reply to an approved opinion; returns the reply."""
    text = (text or "").strip()
    if not text:
        raise DomainError("a reply needs some text", code="reply_required")
    if len(text) > MAX_REPLY:
        raise DomainError(f"a reply is at most {MAX_REPLY} characters", code="too_long",
                          max=MAX_REPLY)
    opinion = repo.entry(opinion_id)
    if opinion.kind != Kind.OPINION:
        raise DomainError(f"#{opinion.id} is not an opinion", code="not_opinion",
                          id=opinion.id)
    if opinion.status != Status.APPROVED:
        raise DomainError(f"opinion #{opinion.id} is not public: approve it first",
                          code="opinion_not_public", id=opinion.id)
    return repo.submit(actor_id, Kind.PROGRESS_NOTE, opinion.area,
                       {"opinion": opinion.id, "text": text})


def replies_by_opinion(entries: Iterable[Entry]) -> dict[int, list[Entry]]:
    """The published replies among ``entries``, by the opinion they answer, oldest first."""
    out: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind != Kind.PROGRESS_NOTE or e.status != Status.PUBLISHED:
            continue
        try:
            key = int(e.data.get("opinion") or 0)
        except (TypeError, ValueError):
            continue
        if key:
            out[key].append(e)
    for replies in out.values():
        replies.sort(key=lambda r: (r.created, r.id))
    return dict(out)
