"""A button of another step pressed while its flow goes on: the step she is at, asked
again below.

At a report's 照片 step she scrolled up and tapped another category; at the summary,
没有照片，继续 again: each got 这个按钮已失效。 and nothing more, neither where she was
nor what to do next. Now ``bot.flows.stale_button`` says the button is not of this
step and did nothing, and asks the step she is at again, with its buttons, as taking
up a kept draft does (the flow's ``Flow.resume``). A flow that cannot ask its steps
again keeps the short refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from .commands import commands_of
from .context import reply, t
from .conversation import IdleConversation
from .i18n import lazy

__all__ = ["ask_step_again", "EARLIER_STEP", "NOT_ASKED"]

EARLIER_STEP = lazy("That button is not of this step: it no longer works, and this press "
                    "did nothing. Please go on with the question below:")
NOT_ASKED = object()  # no step could be asked again


async def ask_step_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         draft_of: Callable[[str], dict[str, Any] | None]) -> object:
    """Says a button of another step did nothing and asks the step of the flow the
    person is in again; its state (the ask's), or ``NOT_ASKED`` (nothing said)."""
    app = context.application
    running = {h.name: h for hs in app.handlers.values() for h in hs
               if isinstance(h, IdleConversation) and h.name}
    for command in commands_of(app):
        flow = command.flow
        handler = running.get(flow.name) if flow is not None else None
        if flow is None or handler is None or not flow.resume:
            continue
        state = handler.state_of(update)
        ask = flow.resume.get(state) if isinstance(state, str) else None
        d = draft_of(flow.name)
        if ask is None or d is None:
            continue
        await reply(update, t(context, EARLIER_STEP))
        return await ask(update, context, d)
    return NOT_ASKED
