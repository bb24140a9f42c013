"""/election (物管会选举), its steps and one step back (``back_steps``, on
``bot.step_back``): ⬅️ 上一步 pressed (``elx:back:<step>``) or 上一步 (返回上一步, 后退)
typed goes to the step before, keeping all that was entered: the seats to the title, the
candidates to the seats, the deadline to the candidates (the list so far, with 就这些), the
check to the deadline. The title, the seats and the deadline say what they hold, with
不改，继续 (``elx:keep:<step>``, or 不改 typed). At the title (the areas, for a volunteer of
several) 上一步 leaves as 返回 does.

Before, 上一步 typed at any step left the election, and all typed was lost.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from ..context import t
from ..flows import states
from .back_steps import KEPT, Back

__all__ = ["FLOW", "PREFIX", "E_AREA", "E_TITLE", "E_SEATS", "E_CANDIDATES", "E_DEADLINE",
           "E_CONFIRM", "BACK"]

FLOW = "election"
PREFIX = "elx"
E_AREA, E_TITLE, E_SEATS, E_CANDIDATES, E_DEADLINE, E_CONFIRM = states(
    FLOW, "area", "title", "seats", "candidates", "deadline", "confirm")
_BEFORE = {E_SEATS: "title", E_CANDIDATES: "seats", E_DEADLINE: "candidates",
           E_CONFIRM: "deadline"}


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if state == E_TITLE:
        return "area" if d.get("areas") else None
    return _BEFORE.get(state)


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What the title, the seats or the deadline she came back to holds, said."""
    key = {E_TITLE: "title", E_SEATS: "seats", E_DEADLINE: "deadline"}.get(state)
    return t(context, KEPT, what=str(d[key])) if key and d.get(key) else ""


BACK = Back(FLOW, PREFIX, (E_AREA, E_TITLE, E_SEATS, E_CANDIDATES, E_DEADLINE, E_CONFIRM),
            _back_of, _kept, lambda c, d, s: "", {E_TITLE: E_SEATS, E_SEATS: E_CANDIDATES},
            E_CONFIRM)
