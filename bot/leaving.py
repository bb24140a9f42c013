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
command's own handler, which now finds no flow in its way. What was entered in a
flow that can be taken up again is kept instead, with a button to go on with it
(``bot.kept``).

The same goes for a button that starts something: a ``go:<command>`` button
(``bot.freetext``) or a button that starts a flow (a flow's entry point, such as
a volunteer's 驳回 under an entry, or 继续填写 under a kept draft). /cancel and
取消 are left to the flows (``bot.flows.cancel``), which say that nothing was saved.

Its handlers take an update only when its person has a flow going on (``Leaving``:
the flows' own records of their conversations, looked up without building a
context), so a command or a menu button outside any flow, most of them, costs
nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from .commands import Command
from .context import lang_of, reply, t
from .conversation import IdleConversation, note_step, stepped
from .flows import BACK_STEP, STEP_BACK, current_draft, drop_drafts
from .i18n import lazy, listing
from .kept import PREFIX as KEPT_PREFIX
from .kept import keep, title, valid
from .menu import MENU_TEXT, menu_of
from .presses import repeated
from .ptb_private import has_conversation

__all__ = ["LEAVE_GROUP", "HANDS_ON", "BACK_TEXT", "leave_flows", "go_back", "leaving_handlers",
           "bind_flows", "in_flow"]

LEAVE_GROUP = -1  # before the flows (group 0): the flows are left before anything acts
# A draft's key: the start of the data of the buttons of another flow its step shows, which
# carry it on there (/proxy's fee buttons, inc:for:<household>:): one pressed leaves the
# flow without keeping its draft or a word (it was kept, with 继续填写, or said lost).
HANDS_ON = "hands_on"

_CANCEL = filters.Regex(r"^/cancel(@\w+)?(\s|$)")
# 返回 (退出, 上一步 ...) typed alone in a flow, as a phone's own 返回 says it: it was
# taken as the step's answer (a report's description 返回, a fee's period 返回, an
# opinion 返回 shown to be sent).
BACK_TEXT = filters.Regex(r"^\s*(返回|后退|退出|回去|上一步|返回上一步|返回主菜单"
                          r"|回到主菜单|回主菜单|主菜单|[Bb]ack)[\s。.!！]*$")


_App = Application[Any, Any, Any, Any, Any, Any]


def _flows(app: _App) -> list[IdleConversation]:
    """The flows that come after ``leave_flows`` (not one an earlier group just started)."""
    return [h for group, hs in app.handlers.items() if group > LEAVE_GROUP for h in hs
            if isinstance(h, IdleConversation)]


class Leaving:
    """A handler of ``leave_flows``: what its filters or pattern take, and only when the
    update's person has a conversation going on in one of ``flows`` (``bind_flows``)."""

    flows: tuple[IdleConversation, ...] = ()

    def check_update(self, update: object) -> Any:
        check = super().check_update(update)  # type: ignore[misc]
        if check is None or check is False:
            return check
        return check if any(has_conversation(flow, update) for flow in self.flows) else False


class _LeavingMessage(Leaving, MessageHandler[Any, Any]):
    """``leave_flows``' handler of menu buttons and commands."""

    routes_as = MessageHandler  # it takes less than its base: bot.dispatch routes it so


class _LeavingPress(Leaving, CallbackQueryHandler[Any, Any]):
    """``leave_flows``' handler of buttons that start something."""

    routes_as = CallbackQueryHandler


def in_flow(app: _App, update: Update) -> bool:
    """Whether ``update``'s person has a flow going on."""
    return any(has_conversation(flow, update) for flow in _flows(app))


def bind_flows(app: _App) -> None:
    """Give ``leave_flows``' handlers the flows of ``app`` (once every handler is added)."""
    flows = tuple(_flows(app))
    for handler in app.handlers.get(LEAVE_GROUP, ()):
        if isinstance(handler, Leaving):
            handler.flows = flows


async def leave_flows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ends the flows this person is in, keeping what was entered (or saying it was not
    kept), and lets the button or command act."""
    if not valid(update, context):  # a stale 继续填写: refused by its own handler
        return
    if repeated(update, context):  # a double tap: the first press began the flow she is in
        return
    await _leave(update, context)


async def go_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Leaves the flow 返回 (or 退出, 上一步) was typed in, keeping what was entered with
    继续填写 as a command does, and shows the main menu; the word is not the step's
    answer, and nothing else takes it. Except 上一步 at a step that shows ⬅️ 上一步
    (``BACK_STEP`` in its draft): the step takes it, as its button."""
    if _step_back(update, context):
        return
    left = await _leave(update, context)
    if left:
        lang = lang_of(context)
        titles = listing(lang, (title(context.application, lang, name) for name in left))
        await reply(update, t(context, BACK, flow=titles),
                    reply_markup=await menu_of(update, context))
    raise ApplicationHandlerStop


def _step_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether 上一步 was typed at a step of a flow of hers that shows ⬅️ 上一步."""
    message = update.effective_message
    if message is None or not STEP_BACK.match(message.text or ""):
        return False
    return any(BACK_STEP in (current_draft(context, str(h.name)) or {})
               for h in _flows(context.application) if has_conversation(h, update))


BACK = lazy("You have left \"{flow}\" and are back at the main menu: press one of its "
            "buttons below.")


async def _leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    """``leave_flows``' work: the names of the flows left."""
    # how long each would have waited (a draft refused for the hour's limit: until it
    # may go), asked before leaving it; its draft is kept as long
    data = context.user_data
    ended = [(h, h.idle_left(update, data), h.leave(update, data))
             for h in _flows(context.application)]
    left = [(h, wait, state) for h, wait, state in ended if state is not None]
    if not left:
        return []
    entered = [(h, wait, state) for h, wait, state in left
               if stepped(context.user_data, str(h.name)) and not _handed_on(context, h, update)]
    for h, _, _ in left:
        note_step(context, str(h.name), False)
    lost = [str(h.name) for h, wait, state in entered
            if not await keep(update, context, h, state, wait)]
    drop_drafts(context)
    if lost:
        lang = lang_of(context)
        titles = listing(lang, (title(context.application, lang, name) for name in lost))
        await reply(update, t(context, "What you had entered in \"{flow}\" was not sent and "
                                       "not saved.", flow=titles))
    return [str(h.name) for h, _, _ in left]


def _handed_on(context: ContextTypes.DEFAULT_TYPE, flow: IdleConversation,
               update: Update) -> bool:
    """Whether the button pressed is one of those ``flow``'s step showed to go on in
    another flow (``HANDS_ON``)."""
    on = (current_draft(context, str(flow.name)) or {}).get(HANDS_ON)
    query = update.callback_query
    return bool(on) and query is not None and (query.data or "").startswith(str(on))


def leaving_handlers(commands: Sequence[Command], go: str) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of ``leave_flows``: a menu button, a command other than /cancel, a
    ``<go>:`` button, and a button that starts one of the flows of ``commands``. (The
    press is answered by the handler that acts on it.)"""
    starts = [h.pattern for c in commands if c.flow is not None for h in c.flow.entry_points
              if isinstance(h, CallbackQueryHandler) and h.pattern is not None]
    return [_LeavingMessage(MENU_TEXT | (filters.COMMAND & ~_CANCEL), leave_flows),
            _LeavingMessage(BACK_TEXT & ~filters.COMMAND, go_back),
            _LeavingPress(leave_flows, pattern=rf"^{go}:"),
            _LeavingPress(leave_flows, pattern=rf"^{KEPT_PREFIX}:(go|new):"),
            *(_LeavingPress(leave_flows, pattern=p) for p in starts)]
