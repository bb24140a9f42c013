"""/reverse (冲正), its steps and one step back (``back_steps``, on ``bot.step_back``):
⬅️ 上一步 pressed (``rev:back:<step>``) or 上一步 (返回上一步, 后退) typed at the
confirmation goes to the reason, shown kept with 不改，继续 (``rev:keep:reason``, or 不改
typed); at the reason, to the list of lines when the line was picked from it (/reverse
alone). At the first step (the list, or the reason of /reverse N) 上一步 leaves as 返回
does.

Before, 上一步 typed at the confirmation left /reverse, and the reason typed was lost.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from ..context import t
from ..flows import short, states
from .back_steps import KEPT, Back

__all__ = ["FLOW", "PREFIX", "AREA", "REASON", "CONFIRM", "PICK", "RIGHT", "BACK"]

FLOW = PREFIX = "rev"
# RIGHT: the right amount of an opening balance typed wrong, asked after the reason
AREA, REASON, CONFIRM, PICK, RIGHT = states(FLOW, "area", "reason", "confirm", "pick",
                                            "right")


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if state == CONFIRM:
        return "right" if d.get("kind") == "opening" else "reason"
    if state == RIGHT:
        return "reason"
    if state == REASON:
        return "pick" if d.get("offered") else None
    if state == PICK:
        return "area" if d.get("areas") else None
    return None


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """The reason she came back to, said."""
    return t(context, KEPT, what=short(d["reason"], 60)) \
        if state == REASON and d.get("reason") else ""


BACK = Back(FLOW, PREFIX, (AREA, PICK, REASON, RIGHT, CONFIRM), _back_of, _kept,
            lambda c, d, s: "", {}, CONFIRM)
