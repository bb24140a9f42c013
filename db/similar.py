"""Reports that may be about the same problem: before a resident sends a new
report, the open issues of the same area and category whose text shares enough
pairs of characters with theirs are offered ("Me too").

Pairs of characters rather than words: Chinese has no spaces, and "3号楼路灯不亮"
and "三号楼的路灯坏了" share "路灯" whatever the words around it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .entries import Entry, Kind, Status

__all__ = ["similar_issues", "earlier_alike", "own_waiting_alike", "MAX_SIMILAR", "THRESHOLD"]

MAX_SIMILAR = 3  # offered at most
THRESHOLD = 0.34  # the share of the shorter text's pairs found in the other

_WORD = re.compile(r"\w", re.UNICODE)


@functools.lru_cache(maxsize=4096)  # the open issues' texts, compared at every report
def _grams(text: str) -> frozenset[str]:
    chars = "".join(_WORD.findall(text.lower()))
    if len(chars) < 2:
        return frozenset({chars} if chars else ())
    return frozenset(chars[i:i + 2] for i in range(len(chars) - 1))


def similar_issues(repo: Any, area: str, category: str, text: str,
                   limit: int = MAX_SIMILAR) -> list[Entry]:
    """Open public issues of ``area`` and ``category`` whose text shares enough
    character pairs with ``text``, the closest first (all of them, newest first, when
    ``text`` is empty, e.g. a voice report)."""
    candidates = [e for e in repo.open_issues(area) if e.data.get("category") == category]
    mine = _grams(text)
    if not mine:
        return list(reversed(candidates))[:limit]
    return _closest(candidates, mine, limit)


def earlier_alike(repo: Any, entry: Entry, limit: int = MAX_SIMILAR) -> list[Entry]:
    """For a report waiting for approval: the earlier reports of its area and category,
    open or waiting too, whose text is alike (the closest first). Residents are offered
    only public ones, so two neighbours report the same broken lamp within the hour and
    the volunteer approving the second should know of the first."""
    text = str(entry.data.get("text") or "")
    if entry.kind != Kind.ISSUE or not _grams(text):
        return []
    category = entry.data.get("category")
    candidates = [e for e in repo.open_issues(entry.area) + repo.entries(
        area=entry.area, kind=Kind.ISSUE, status=Status.PENDING)
        if e.id < entry.id and e.data.get("category") == category]
    return _closest(candidates, _grams(text), limit)


def own_waiting_alike(repo: Any, author: int, area: str, category: str, text: str, *,
                      voice: bool = False) -> list[Entry]:
    """Reports of ``author`` still waiting for approval, of ``area`` and ``category``, whose
    text is alike ``text`` (for a voice report: those by voice), the closest first. Sent
    twice, not sure the first went through, a report reached the volunteers twice."""
    candidates = [e for e in repo.entries(area=area, kind=Kind.ISSUE, status=Status.PENDING,
                                          author=author)
                  if e.data.get("category") == category and bool(e.data.get("voice")) == voice]
    if voice:
        return list(reversed(candidates))[:MAX_SIMILAR]
    mine = _grams(text)
    return _closest(candidates, mine, MAX_SIMILAR) if mine else []


def _closest(candidates: list[Entry], mine: frozenset[str], limit: int) -> list[Entry]:
    """Those of ``candidates`` whose text shares enough pairs with ``mine``."""
    scored = []
    for e in candidates:
        theirs = _grams(str(e.data.get("text", "")))
        if not theirs:
            continue
        score = len(mine & theirs) / min(len(mine), len(theirs))
        if score >= THRESHOLD:
            scored.append((score, e.id, e))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    return [e for _, _, e in scored[:limit]]
