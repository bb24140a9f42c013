"""/closevote (提前结束表决), its steps and one step back (``back_steps``, on
``bot.step_back``): ⬅️ 上一步 pressed (``cv:back:<step>``) or 上一步 (返回上一步, 后退) typed
at the confirmation goes to the reason, shown kept with 不改，继续 (``cv:keep:reason``, or
不改 typed); at the reason of a vote picked from the list (/closevote alone), to the list.
At the first step (the list, or the reason of /closevote N) 上一步 leaves as 返回 does.

Before, 上一步 typed at the confirmation left /closevote, and the reason typed was lost.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from ..context import t
from ..flows import short, states
from .back_steps import KEPT, Back

__all__ = ["FLOW", "PREFIX", "PICK", "REASON", "CONFIRM", "BACK"]

FLOW = "closevote"
PREFIX = "cv"
PICK, REASON, CONFIRM = states(FLOW, "pick", "reason", "confirm")


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if state == CONFIRM:
        return "reason"
    return "pick" if state == REASON and d.get("ids") else None


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """The reason she came back to, said."""
    return t(context, KEPT, what=short(d["reason"], 60)) \
        if state == REASON and d.get("reason") else ""


BACK = Back(FLOW, PREFIX, (PICK, REASON, CONFIRM), _back_of, _kept, lambda c, d, s: "", {},
            CONFIRM)
