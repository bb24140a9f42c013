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

__all__ = ["FLOW", "PREFIX", "PICK", "REASON", "CONFIRM", "BACK", "reason_back"]

FLOW = "closevote"
PREFIX = "cv"
PICK, REASON, CONFIRM = states(FLOW, "pick", "reason", "confirm")


def reason_back(flow: str, prefix: str, pick: str, reason: str, confirm: str) -> Back:
    """One step back in a flow of a list to pick from, a public reason and a confirmation
    (/closevote, /withdraw): the confirmation to the reason (kept, 不改，继续), the reason
    to the list when it was picked from it (``d["ids"]``)."""
    def back_of(d: dict[str, Any], state: str) -> str | None:
        if state == confirm:
            return "reason"
        return "pick" if state == reason and d.get("ids") else None

    def kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
        return t(context, KEPT, what=short(d["reason"], 60)) \
            if state == reason and d.get("reason") else ""

    return Back(flow, prefix, (pick, reason, confirm), back_of, kept, lambda c, d, s: "", {},
                confirm)


BACK = reason_back(FLOW, PREFIX, PICK, REASON, CONFIRM)
