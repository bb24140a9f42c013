"""A flow's draft and the seal of its summaries (``bot.flows``, rules 2 and 7): the draft of a
flow kept in ``user_data["flow:<FLOW>"]`` (``draft``, ``new_draft``, ``current_draft``,
``drop_draft``, ``drop_drafts``), a flow's states named ``<flow>:<name>`` (``states``), and
the digest a summary's confirming buttons carry of the draft they showed (``seal``,
``sealed``, ``matches``). Plain data: nothing is sent from here. Split from ``bot.flows``,
which re-exports these names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

__all__ = ["DRAFT", "SEAL", "current_draft", "draft", "drop_draft", "drop_drafts", "matches",
           "new_draft", "seal", "sealed", "states"]


DRAFT = "flow:"  # user_data key prefix of the drafts (user_data[DRAFT + flow])


def states(flow: str, *names: str) -> tuple[str, ...]:
    """The states of ``flow``, named ``<flow>:<name>``."""
    return tuple(f"{flow}:{name}" for name in names)


def draft(context: ContextTypes.DEFAULT_TYPE, flow: str) -> dict[str, Any]:
    """The draft of ``flow`` (an empty one if it has none yet)."""
    return context.user_data.setdefault(DRAFT + flow, {})  # type: ignore[union-attr]


def new_draft(context: ContextTypes.DEFAULT_TYPE, flow: str, **fields: Any) -> dict[str, Any]:
    """A fresh draft of ``flow`` holding ``fields`` (an earlier one is forgotten)."""
    fresh = dict(fields)
    context.user_data[DRAFT + flow] = fresh  # type: ignore[index]
    return fresh


def current_draft(context: ContextTypes.DEFAULT_TYPE, flow: str) -> dict[str, Any] | None:
    """The draft of ``flow``, or None when there is none (or it is empty)."""
    return (context.user_data or {}).get(DRAFT + flow) or None


def drop_draft(context: ContextTypes.DEFAULT_TYPE, flow: str) -> None:
    context.user_data.pop(DRAFT + flow, None)  # type: ignore[union-attr]


def drop_drafts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget the draft of every flow."""
    for key in [k for k in (context.user_data or {}) if k.startswith(DRAFT)]:
        context.user_data.pop(key, None)  # type: ignore[union-attr]


SEAL = "~"  # callback data of a summary's buttons: <prefix>:<action>[:<arg>...]~<seal>
# a draft's key: the buttons its step was last asked with (bot.step_buttons), which say
# nothing of what the draft holds: not sealed (a step asked again, nothing changed)
SHOWN = "step_buttons"


def seal(d: Mapping[str, Any]) -> str:
    """A short digest of draft ``d`` (but the buttons last shown): equal drafts, equal
    seals."""
    if SHOWN in d:
        d = {k: v for k, v in d.items() if k != SHOWN}
    body = json.dumps(d, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]


def sealed(markup: InlineKeyboardMarkup, d: Mapping[str, Any],
           confirm: str) -> InlineKeyboardMarkup:
    """``markup`` with the seal of ``d`` at the end of the data of its confirming
    buttons (``confirm``, e.g. ``pay:ok``, and ``confirm:<arg>``)."""
    mark = SEAL + seal(d)

    def sealing(b: InlineKeyboardButton) -> InlineKeyboardButton:
        data = b.callback_data
        if isinstance(data, str) and (data == confirm or data.startswith(confirm + ":")):
            return InlineKeyboardButton(b.text, callback_data=data + mark)
        return b

    return InlineKeyboardMarkup([[sealing(b) for b in row] for row in markup.inline_keyboard])


def matches(update: Update, d: Mapping[str, Any]) -> bool:
    """Whether the pressed button was sent under a summary of draft ``d`` as it is
    now (a button without a seal, from before seals, is taken as such)."""
    query = update.callback_query
    data = (query.data or "") if query is not None else ""
    return SEAL not in data or data.rsplit(SEAL, 1)[1] == seal(d)
