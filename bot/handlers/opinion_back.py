"""/opinion (提意见), one step back (``bot.step_back``): ⬅️ 上一步 pressed (``op:back:<step>``)
or 上一步 (返回上一步, 后退) typed goes to the step before, keeping what she chose and
wrote: the text to the open proposals (the one chosen said), the confirmation to the
text (shown kept, with 不改，继续: ``op:keep``, or 不改 typed), the text 修改 asked
again to the confirmation unchanged. At the first step (the proposals, or the text
when there is none to choose) 上一步 leaves as 返回 does, keeping the draft (继续填写).

Before, 上一步 typed at any step left the opinion (已退出“提意见”).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from ..flows import answer, button_args, current_draft, gone, refuse
from ..step_back import Handler, back_pressed, keep_typed, stepping
from .opinion_ask import EDITING, FLOW, PREFIX, ask_about, ask_text, confirm

__all__ = ["on_back", "on_keep", "step", "keeping"]


async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again; what was chosen and written is kept."""
    if to == "about":
        return await ask_about(update, context, d["area"])
    if to == "confirm" and isinstance(d.get("data"), dict):  # 修改 left unchanged
        return await confirm(update, context, d["data"])
    return await ask_text(update, context)


on_back = back_pressed(FLOW, PREFIX, ("about", "text", "confirm"), _go_back)
step = stepping(FLOW, _go_back)  # a step's typed text, 上一步 taken as its ⬅️ 上一步


def _kept(d: dict[str, Any] | None) -> dict[str, Any] | None:
    """The opinion written, at the text she came back to (not one 修改 asks again)."""
    data = (d or {}).get("data")
    return data if isinstance(data, dict) and data.get("text") and \
        not (d or {}).get(EDITING) else None


def keeping(handler: Handler) -> Handler:
    """``handler`` of the text typed, with 上一步 taken as ⬅️ 上一步 and 不改 (继续) typed
    at the text she came back to as its 不改，继续."""
    async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        kept = _kept(current_draft(context, FLOW))
        if kept is not None and keep_typed(update):
            return await confirm(update, context, kept)
        return await handler(update, context)
    typed_at.__doc__ = handler.__doc__
    typed_at.__name__ = getattr(handler, "__name__", "typed_at")
    return step(typed_at)


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the opinion written at the text she came back to and shows it to submit."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    kept = _kept(d)
    if button_args(update, PREFIX, "keep", 0) is None or kept is None:
        return await refuse(update, context)
    return await confirm(update, context, kept)
