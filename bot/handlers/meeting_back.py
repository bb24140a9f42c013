"""/meeting (会议纪要), one step back (``back_steps``, on ``bot.step_back``): ⬅️ 上一步
pressed (``mt:back:<step>``) or 上一步 (返回上一步, 后退) typed goes to the step before,
keeping all that was entered: the date to the kind of meeting, the place to the date, the
roles to the place, the residents to the roles, the topics to the residents, the decisions
to the topics, the reports to the decisions, the sheet to the reports, the summary to the
sheet; a part changed from ✏️ goes back to the summary unchanged. A step she comes back to
says what it holds, with 不改，继续 (``mt:keep:<step>``, or 不改 typed); the kind says which
was chosen. At the kind (the areas, for a volunteer of several) 上一步 leaves as 返回 does.

Before, 上一步 typed at any step left the minutes, and all typed was lost.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db import labels

from ..context import t, word
from ..flows import short
from ..i18n import lazy
from .back_steps import CHOSEN, KEPT, Back
from .meeting_text import (
    CONFIRM,
    DATE,
    DECISIONS,
    FLOW,
    KIND,
    LINKS,
    PLACE,
    PREFIX,
    RESIDENTS,
    ROLES,
    SHEET,
    STEPS,
    TOPICS,
)

__all__ = ["BACK"]

_ORDER = (KIND, DATE, PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS, LINKS, SHEET, CONFIRM)
SHEET_KEPT = lazy("The sheet photo you sent is kept: to keep it, press \"Keep it, "
                  "continue\"; to change it, send another.")


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if d.get("fix") and state != CONFIRM:
        return "confirm"  # a part changed from ✏️: back to the summary, unchanged
    if state == KIND:
        return "area" if d.get("areas") else None
    i = _ORDER.index(state) if state in _ORDER else 0
    return _ORDER[i - 1].split(":", 1)[1] if i > 0 else None


def _chosen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    if state == KIND and d.get("meeting_kind"):
        return t(context, CHOSEN, what=word(context, labels.MEETING_KIND, d["meeting_kind"]))
    return ""


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What a step she came back to holds, said."""
    if state == SHEET:
        return t(context, SHEET_KEPT) if d.get("sheet") else ""
    if state == LINKS and "issues" in d:
        what = " ".join(f"#{i}" for i in d["issues"] + d.get("proposals", [])) or \
            t(context, "None")
    elif state == ROLES and d.get("roles"):
        what = "、".join(d["roles"])
    else:
        key = {DATE: "date", PLACE: "place", RESIDENTS: "residents", TOPICS: "topics",
               DECISIONS: "decisions"}.get(state)
        value = d.get(key) if key else None
        what = short(str(value), 60) if value is not None and value != "" else ""
    return t(context, KEPT, what=what) if what else ""


BACK = Back(FLOW, PREFIX, STEPS, _back_of, _kept, _chosen,
            {s: _ORDER[i + 1] for i, s in enumerate(_ORDER[1:-1], 1)}, CONFIRM)
