"""One step back in a flow: ⬅️ 上一步 pressed (``<prefix>:back:<step>``), or 上一步
(返回上一步, 后退) typed, goes to the step before, keeping all she entered.

Each step after a flow's first notes in its draft where its ⬅️ 上一步 leads
(``bot.flows.BACK_STEP``, ``back_to``); ``bot.leaving`` then lets 上一步 typed there
through to the step instead of leaving the flow, and ``stepping`` takes it as the
button. At the first step nothing is noted, so 上一步 leaves the flow as 返回 does,
keeping the draft (继续填写). A ⬅️ 上一步 of an older message pressed at another step is
not taken for this step's: the step she is at comes again (``bot.flows.stale_button``).

Made for /report (``bot.handlers.report_back``); /pay and /opinion go back the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from .flows import (
    BACK_STEP,
    STEP_BACK,
    answer,
    button_args,
    current_draft,
    gone,
    refuse,
    stale_button,
    typed,
)
from .i18n import tr
from .keyboards import button
from .words import normalise

__all__ = ["back_to", "back_of", "back_button", "back_line", "stepping", "back_pressed",
           "keep_typed", "KEEP_WORDS", "Handler", "GoBack"]

# Typed at a step she came back to, for its 不改，继续 button.
KEEP_WORDS = frozenset({"不改", "不用改", "不改了", "不改继续", "不用改继续", "继续", "保留",
                        "keepit", "keepitcontinue", "keep", "continue"})

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, object]]
# Asks the step a ⬅️ 上一步 leads to again: (update, context, draft, step) -> state
GoBack = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any], Any],
                  Coroutine[Any, Any, object]]


def back_to(d: dict[str, Any], step: str | None) -> str | None:
    """Notes in draft ``d`` that ⬅️ 上一步 leads to ``step`` (nowhere at the first step:
    None); that step."""
    if step is None:
        d.pop(BACK_STEP, None)
    else:
        d[BACK_STEP] = step
    return step


def back_of(d: dict[str, Any] | None) -> str | None:
    """Where the ⬅️ 上一步 of the step draft ``d`` is at leads (None: it has none)."""
    to = (d or {}).get(BACK_STEP)
    return to if isinstance(to, str) else None


def back_button(lang: str | None, prefix: str, step: str) -> InlineKeyboardButton:
    return button(tr(lang, "⬅️ Back"), f"{prefix}:back:{step}")


def back_line(lang: str | None, prefix: str, step: str | None,
              *rest: InlineKeyboardButton) -> list[InlineKeyboardButton]:
    """A row of ``rest`` (取消) after ⬅️ 上一步 when the step has one (``step``)."""
    return [back_button(lang, prefix, step), *rest] if step else list(rest)


def stepping(flow: str, go_back: GoBack) -> Callable[[Handler], Handler]:
    """Wraps the handler of a step's typed text so that 上一步 typed at a step with a
    ⬅️ 上一步 is taken as that button (``go_back`` to the step noted)."""
    def wrap(handler: Handler) -> Handler:
        async def step(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
            d = current_draft(context, flow)
            to = d.get(BACK_STEP) if d else None
            if d is not None and isinstance(to, (str, int)) and STEP_BACK.match(typed(update)):
                return await go_back(update, context, d, to)
            return await handler(update, context)
        step.__doc__ = handler.__doc__
        step.__name__ = getattr(handler, "__name__", "step")
        return step
    return wrap


def back_pressed(flow: str, prefix: str, steps: Collection[str], go_back: GoBack) -> Handler:
    """The handler of a flow's ⬅️ 上一步 (``<prefix>:back:<step>``, ``step`` one of
    ``steps``): ``go_back`` to it, or, pressed where it is not the step's own (an older
    message's, or pressed twice), the step she is at again."""
    async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Goes one step back (⬅️ 上一步), keeping what was entered."""
        d = current_draft(context, flow)
        args = button_args(update, prefix, "back", 1)
        if d is not None and args is not None and args[0] in steps and \
                d.get(BACK_STEP) != args[0]:
            return await stale_button(update, context)
        await answer(update)
        if d is None:
            return await gone(update, context)
        if args is None or args[0] not in steps:
            return await refuse(update, context)
        return await go_back(update, context, d, args[0])
    return on_back


def keep_typed(update: Update) -> bool:
    """Whether 不改 (继续, 保留 ...) was typed, as a 不改，继续 button."""
    return normalise(typed(update)) in KEEP_WORDS
