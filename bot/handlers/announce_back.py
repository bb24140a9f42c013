"""/announce (公告), its steps and one step back (``back_steps``, on ``bot.step_back``):
⬅️ 上一步 pressed (``an:back:<step>``) or 上一步 (返回上一步, 后退) typed at the preview goes
to the areas (a volunteer of several) or to the text, shown kept with 不改，继续
(``an:keep:text``, or 不改 typed); at the areas, to the text. At the text, the first
step, 上一步 leaves as 返回 does.

Before, 上一步 typed at the preview left /announce, and the text typed was lost.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from ..context import t
from ..flows import short, states
from .back_steps import KEPT, Back

__all__ = ["FLOW", "PREFIX", "CONFIRM", "AREA", "TEXT", "BACK"]

FLOW = "announce"
PREFIX = "an"
CONFIRM, AREA, TEXT = states(FLOW, "confirm", "area", "text")


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the text, the first)."""
    if state == CONFIRM:
        return "area" if d.get("areas") else "text"
    return "text" if state == AREA else None


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """The text she came back to, said."""
    return t(context, KEPT, what=short(d["text"], 60)) if state == TEXT and d.get("text") \
        else ""


BACK = Back(FLOW, PREFIX, (AREA, TEXT, CONFIRM), _back_of, _kept, lambda c, d, s: "", {},
            CONFIRM)
