"""An area's modes over time, as its page shows them: each change dated, with
its public reason, the vote or election that decided it (a link to it on
the votes page) and the body that manages the area from then when it changed
(管理主体：城建小区社区托管小组 → 城建小区物管会). The first is the mode the street was set
up with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.errors import DomainError
from db.places import Mode

__all__ = ["mode_history"]


def mode_history(repo: Any, area: str, redact: Callable[[Any], str]) -> list[dict[str, Any]]:
    """The area's mode events, oldest first, ready for the templates."""
    out = []
    previous = body = ""
    for ev in repo.mode_history(area):
        decided = None
        if ev.get("decided_by"):
            try:
                entry = repo.entry(int(ev["decided_by"]))
                kind = "选举" if entry.data.get("election") else "提议"
                decided = {"id": entry.id, "label": f"{kind} #{entry.id}",
                           "title": redact(entry.data.get("title"))}
            except DomainError:
                decided = None
        mode_zh = Mode(ev["mode"]).label_zh
        steward = redact(ev.get("steward") or "")
        out.append({"mode": ev["mode"], "mode_zh": mode_zh, "from_zh": previous,
                    "since": str(ev.get("since") or ""), "at": str(ev.get("at") or ""),
                    "reason": redact(ev.get("reason")), "role": str(ev.get("role") or ""),
                    "decided": decided, "first": not previous,
                    # the body that manages the area, said when the change named a new one
                    "steward": steward if previous and body and steward != body else "",
                    "from_steward": body})
        previous, body = mode_zh, steward or body
    return out
