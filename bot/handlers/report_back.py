"""/report (报事), one step back: ⬅️ 上一步 pressed, or 上一步 (返回上一步, 后退) typed, at
any step after the category goes to the step before it, keeping all she entered: the
description to the category, the similar reports and the photos to the description,
the buildings to the photos, a building's units to its page of buildings, the summary
to the buildings; while she changes one part from the summary (修改), back to the
summary. At the category, the first step, 上一步 leaves the report as 返回 does,
keeping the draft with 继续填写 (``bot.leaving``).

Before, only a building's units had ⬅️ 上一步; 上一步 typed anywhere else left the report.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from ..flows import answer, button_args, current_draft, gone, refuse
from ..step_back import KEEP_WORDS, back_pressed, keep_typed
from ..step_back import stepping as _stepping
from .report_ask import (
    FLOW,
    LONG,
    PHOTOS_BEFORE,
    PREFIX,
    after_description,
    ask_category,
    ask_description,
    ask_photos,
    ask_place,
    show_summary,
)

__all__ = ["on_back", "on_keep", "stepping", "kept_as_it_is", "KEEP_WORDS"]

_STEPS = ("cat", "text", "photos", "place", "sum")


async def go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                  to: str | int) -> object:
    """Asks the step ``to`` (a ``BACK_STEP``) again; what was entered is kept."""
    if isinstance(to, int):  # a building's units: the page of buildings holding it
        return await ask_place(update, context, d, to)
    if to == "cat":
        return await ask_category(update, context)
    if to == "text":
        return await ask_description(update, context)
    if to == "photos":
        return await ask_photos(update, context, d)
    if to == "place":
        return await ask_place(update, context, d, 0)
    # "sum": changing one part, left unchanged (the photos she was to send again kept)
    if not d.get("photos") and d.get(PHOTOS_BEFORE):
        d["photos"] = d[PHOTOS_BEFORE]
    return await show_summary(update, context, d)


on_back = back_pressed(FLOW, PREFIX, _STEPS, go_back)  # ⬅️ 上一步 (rep:back:<step>)
stepping = _stepping(FLOW, go_back)  # a step's typed text, 上一步 taken as its ⬅️ 上一步


def kept_as_it_is(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  d: dict[str, Any]) -> bool:
    """Whether 不改 (继续 ...) was typed at the description she came back to."""
    return bool(d.get("text")) and keep_typed(update)


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the description she came back to and goes on (不改，继续)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "keep", 0) is None or not d.get("text"):
        return await refuse(update, context)
    d.pop(LONG, None)
    return await after_description(update, context, d)
