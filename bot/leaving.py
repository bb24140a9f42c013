"""A main-menu button or a command sent in the middle of a flow acts on the first press.

Each flow is a ConversationHandler of its own, all in one handler group, and
python-telegram-bot gives an update to the first handler of the group that
takes it. So a menu button pressed in the middle of a flow was taken either by
the flow, which ended and asked for the button again, or by an earlier flow or
command, which acted while the flow stayed open behind it (its next prompt
answered by whatever was typed later). ``leave_flows`` runs first (a group of
its own before the flows): it ends every flow the person is in, says plainly
what was not kept if anything had been entered since the flow started
(``bot.conversation.STEPPED``), and lets the update go on to the button's or
command's own handler, which now finds no flow in its way.

The same goes for a button that starts something: a ``go:<command>`` button
(``bot.freetext``) or a button that starts a flow (a flow's entry point, such as
a volunteer's 驳回 under an entry). /cancel and 取消 are left to the flows
(``bot.flows.cancel``), which say that nothing was saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from .commands import Command, commands_of
from .context import lang_of, reply, t
from .conversation import IdleConversation, note_step, stepped
from .flows import drop_drafts
from .menu import MENU_TEXT

__all__ = ["LEAVE_GROUP", "leave_flows", "leaving_handlers"]

LEAVE_GROUP = -1  # before the flows (group 0): the flows are left before anything acts

_CANCEL = filters.Regex(r"^/cancel(@\w+)?(\s|$)")


def _flows(app: Application[Any, Any, Any, Any, Any, Any]) -> list[IdleConversation]:
    """The flows that come after ``leave_flows`` (not one an earlier group just started)."""
    return [h for group, hs in app.handlers.items() if group > LEAVE_GROUP for h in hs
            if isinstance(h, IdleConversation)]


def _title(context: ContextTypes.DEFAULT_TYPE, flow: str) -> str:
    """A flow as its user knows it: its menu button, else its command."""
    for command in commands_of(context.application):
        if command.flow is not None and command.flow.name == flow:
            return t(context, command.menu_label) if command.menu_label else f"/{command.name}"
    return f"/{flow}"


async def leave_flows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ends the flows this person is in, saying what was not kept, and lets the button
    or command act."""
    left = [h for h in _flows(context.application) if h.leave(update)]
    if not left:
        return
    names = [str(h.name) for h in left]
    entered = [name for name in names if stepped(context.user_data, name)]
    for name in names:
        note_step(context, name, False)
    drop_drafts(context)
    if entered:
        titles = (", " if lang_of(context) == "en" else "、").join(
            _title(context, name) for name in entered)
        await reply(update, t(context, "What you had entered in \"{flow}\" was not sent and "
                                       "not saved.", flow=titles))


def leaving_handlers(commands: Sequence[Command], go: str) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of ``leave_flows``: a menu button, a command other than /cancel, a
    ``<go>:`` button, and a button that starts one of the flows of ``commands``. (The
    press is answered by the handler that acts on it.)"""
    starts = [h.pattern for c in commands if c.flow is not None for h in c.flow.entry_points
              if isinstance(h, CallbackQueryHandler) and h.pattern is not None]
    return [MessageHandler(MENU_TEXT | (filters.COMMAND & ~_CANCEL), leave_flows),
            CallbackQueryHandler(leave_flows, pattern=rf"^{go}:"),
            *(CallbackQueryHandler(leave_flows, pattern=p) for p in starts)]
