"""/propose (新提议), its steps and one step back (``back_steps``, on ``bot.step_back``):
⬅️ 上一步 pressed (``prop:back:<step>``) or 上一步 (返回上一步, 后退) typed goes to the
step before, keeping all that was entered: the description to the title, the budget to
the description, the matter to the budget, the deadline to the matter, the check to the
deadline. The title, the description, the budget and the deadline say what they hold,
with 不改，继续 (``prop:keep:<step>``, or 不改 typed); the matter says which was chosen.
At the title (the areas, for a volunteer of several) 上一步 leaves as 返回 does, keeping
the draft (继续填写).

Before, 上一步 typed at any step left the proposal (已退出“新提议（/propose）”).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db import labels

from ..context import lang_of, t, word
from ..flows import short, states
from .back_steps import CHOSEN, KEPT, Back
from .vote import budget_words

__all__ = ["PREFIX", "PROPOSE", "P_AREA", "P_TITLE", "P_DESC", "P_BUDGET", "P_MATTER",
           "P_DEADLINE", "P_CONFIRM", "BACK"]

PREFIX = "prop"
PROPOSE = "propose"  # flow name
# The matter is chosen at the step once called "rule" (the state keeps its name, so
# that a flow saved at that step goes on).
P_AREA, P_TITLE, P_DESC, P_BUDGET, P_MATTER, P_DEADLINE, P_CONFIRM = states(
    PROPOSE, "area", "title", "description", "budget", "rule", "deadline", "confirm")

_BEFORE = {P_DESC: "title", P_BUDGET: "description", P_MATTER: "budget",
           P_DEADLINE: "rule", P_CONFIRM: "deadline"}


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if state == P_TITLE:
        return "area" if d.get("areas") else None
    return _BEFORE.get(state)


def _chosen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """The matter she came back to, said ("" when none was chosen)."""
    if state == P_MATTER and d.get("matter"):
        return t(context, CHOSEN, what=word(context, labels.MATTER_SHORT, d["matter"]))
    return ""


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What the title, the description, the budget or the deadline she came back to
    holds, said."""
    what = ""
    if state == P_TITLE and d.get("title"):
        what = d["title"]
    elif state == P_DESC and d.get("description"):
        what = short(d["description"], 60)
    elif state == P_BUDGET and d.get("budget_fen") is not None:
        what = budget_words(lang_of(context), d["budget_fen"])
    elif state == P_DEADLINE and d.get("deadline"):
        what = d["deadline"]
    return t(context, KEPT, what=what) if what else ""


BACK = Back(PROPOSE, PREFIX, (P_AREA, P_TITLE, P_DESC, P_BUDGET, P_MATTER, P_DEADLINE,
                              P_CONFIRM), _back_of, _kept, _chosen,
            {P_TITLE: P_DESC, P_DESC: P_BUDGET, P_BUDGET: P_MATTER}, P_CONFIRM)
