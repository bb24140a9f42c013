"""A step's buttons as it was last asked, kept in its flow's draft, to come again under
what answers a sticker, a voice note or a photo there (``flows.unexpected``'s
``markup``, which is made without reading the store).

The steps whose buttons are read from the store when asked (the areas of a volunteer of
several, with their names; the latest lines, votes and minutes a question of /ask may
be about) came back bare: "请点上面的按钮选择" alone sent her scrolling up for them on a
phone (walk136's NOT_YET list, walk141). ``remember`` notes the buttons sent (their
labels and data: a few dozen at most) with the step's name; ``shown(flow, step)`` is the
``markup`` that brings them again, only while the draft's noted step is that one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import ContextTypes

from .drafts import SHOWN, current_draft

__all__ = ["SHOWN", "AREA_STEP", "remember", "shown"]

# SHOWN (a draft's key, not sealed: bot.drafts): [step, [[[label, data], ...], ...]]
MAX_BUTTONS = 60  # kept of one step: more is no keyboard to read on a phone anyway
AREA_STEP = "area"  # the areas of a volunteer (or supervisor) of several, in every flow


def remember(d: dict[str, Any] | None, step: str, markup: InlineKeyboardMarkup | None
             ) -> InlineKeyboardMarkup | None:
    """Note in draft ``d`` that ``step`` was asked with ``markup`` (its buttons with data);
    ``markup`` itself, to send."""
    if d is None or markup is None:
        return markup
    rows: list[list[list[str]]] = []
    count = 0
    for row in markup.inline_keyboard:
        kept = [[b.text, b.callback_data] for b in row if isinstance(b.callback_data, str)]
        count += len(kept)
        if kept and count <= MAX_BUTTONS:
            rows.append(kept)
    d[SHOWN] = [step, rows]
    return markup


Markup = Callable[[ContextTypes.DEFAULT_TYPE], InlineKeyboardMarkup | None]


def shown(flow: str, step: str, fallback: Markup | None = None) -> Markup:
    """The buttons ``step`` of ``flow`` was last asked with (``remember``), for
    ``flows.unexpected``; else ``fallback``'s (None without one: it noted none, asked
    before this was kept or another way)."""
    def markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup | None:
        noted = (current_draft(context, flow) or {}).get(SHOWN)
        if not isinstance(noted, list) or len(noted) != 2 or noted[0] != step or \
                not isinstance(noted[1], list) or not noted[1]:
            return fallback(context) if fallback is not None else None
        return InlineKeyboardMarkup([[InlineKeyboardButton(str(label), callback_data=str(data))
                                      for label, data in row] for row in noted[1]])
    return markup
