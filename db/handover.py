"""What a volunteer leaves unfinished in an area when her role there is taken away:
the open reports whose last step was hers (she accepted it and nothing happened since,
or her progress note is the latest), and the entries she recorded that still wait for
another volunteer's approval. Nothing is changed: the admin is told, and the area's
other volunteers are shown the reports (``bot.handlers.role_left``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .entries import Entry, Status

__all__ = ["Left", "work_left"]


@dataclass(frozen=True)
class Left:
    """The open reports she was handling and her entries waiting for approval."""

    reports: list[Entry] = field(default_factory=list)
    waiting: list[Entry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reports or self.waiting)


def work_left(repo: Any, person_id: int, area: str) -> Left:
    """What ``person_id`` leaves unfinished in ``area`` (the open reports are the area's
    kept list, the waiting entries read by author: no table is read whole)."""
    reports = [e for e in repo.open_issues(area)
               if e.history and e.history[-1].get("by") == person_id]
    waiting = repo.entries(area=area, status=Status.PENDING, author=person_id)
    return Left(reports, waiting)
