"""Which handler takes an update, found without asking every handler.

python-telegram-bot asks the handlers of a group one after another, in the
order they were added, until one says it takes the update. The bot has
about a hundred in group 0 (each command, its menu button and its go: button,
every flow, every module's buttons), so a button near the end of the list
(``reg:``, ``vote:``, ``pay:``) was checked against some 75 handlers first,
each flow checking its own entry points: about 200 µs of every update, as
much as the whole of a bare echo bot's update (the bench's bot mix).

``Routes`` skips the handlers that cannot take an update, and asks the
others in the same order, so the same handler takes it as before:

* a button (callback query) can be taken only by a ``CallbackQueryHandler``
  whose pattern its data may match (a pattern ``^lit...`` needs data starting
  with ``lit``), never by a command or message handler (their filters take
  messages only);
* a command (a message starting with a bot_command entity) only by the
  ``CommandHandler`` of that command, or a message handler;
* any other message by the message handlers;
* a flow (``ConversationHandler``) only when that person has a conversation
  going on in it, or one of its entry points may take the update.

Anything else (other kinds of handler or update) is asked as before. A subclass
that only takes less than its base (``bot.leaving``) says so by naming the base
in ``routes_as``, and is routed as its base. What may
take which kind of update is worked out once per group and kind of update and
kept until a handler is added or removed (``clear``).

``process_update`` is python-telegram-bot 22.8's ``Application.process_update``
with the candidates in place of the whole group (``tests/test_bot_dispatch.py``
checks that every kind of update in the bench's mix and in the flows reaches
the handler the full scan picks).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Coroutine
from typing import Any

from telegram import MessageEntity, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    ExtBot,
    MessageHandler,
)
from telegram.ext.filters import BaseFilter

from .ptb_private import DEFAULT_TRUE, check_initialized, has_conversation, mark_for_persistence

__all__ = ["Routes", "process_update", "signature", "literal_prefix"]

log = logging.getLogger(__name__)

_App = Application[Any, Any, Any, Any, Any, Any]
_Handler = BaseHandler[Any, Any, Any]
_Signature = tuple[str, str]
_SPECIAL = set("\\.^$*+?{}[]|()")
MAX_ROUTES = 512  # kinds of update remembered (forged button data could make many)

# What a handler needs of an update before it is asked.
ALWAYS, IF_ONGOING = 0, 1


def literal_prefix(pattern: Any) -> str | None:
    """What data matching ``pattern`` must start with ("" when anything may match),
    or None when the pattern is not one this module reads (then it is always asked)."""
    flags = 0
    if isinstance(pattern, re.Pattern):
        flags, pattern = pattern.flags, pattern.pattern
    if not isinstance(pattern, str) or flags & re.IGNORECASE:
        return None
    if not pattern.startswith("^") or _either_whole(pattern):  # anywhere, or one of several
        return ""
    out: list[str] = []
    for ch in pattern[1:]:
        if ch in _SPECIAL:
            if ch in "*?{" and out:  # the character before may be left out
                out.pop()
            break
        out.append(ch)
    return "".join(out)


def _either_whole(pattern: str) -> bool:
    """Whether ``pattern`` is one of several whole patterns (a ``|`` outside every group:
    ``^a|^b``); one inside a group (``^go:pay(:agree|:photo)?$``) leaves what comes
    before the group needed."""
    depth, escaped, in_class = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "|" and depth == 0:
            return True
    return False


def signature(update: object) -> _Signature | None:
    """The kind of an update as the routes tell it: ("q", data up to its first ":")
    for a button, ("c", command) for a command, ("m", "") for any other message,
    ("o", "") for an update without a message; None: every handler is asked."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is None or update.effective_user is None:
        return None
    query = update.callback_query
    if query is not None:
        data = query.data
        if not data or not isinstance(data, str) or query.game_short_name \
                or query.inline_message_id:
            return None  # (python-telegram-bot lets every button handler take no data)
        return ("q", data.split(":", 1)[0])
    message = update.effective_message
    if message is None:
        return ("o", "")
    entities = message.entities
    text = message.text
    if entities and text and entities[0].type == MessageEntity.BOT_COMMAND \
            and entities[0].offset == 0:
        return ("c", text[1:entities[0].length].split("@")[0].lower())
    return ("m", "")


def _may_take(handler: _Handler, sig: _Signature) -> int | None:
    """ALWAYS or IF_ONGOING when ``handler`` may take updates of kind ``sig``; None
    when it cannot."""
    kind, word = sig
    if isinstance(handler, ConversationHandler):
        if handler.per_message:
            return ALWAYS
        entries = (_may_take(h, sig) for h in handler.entry_points)
        return ALWAYS if any(e is not None for e in entries) else IF_ONGOING
    kind_of_handler = getattr(handler, "routes_as", type(handler))
    if kind_of_handler is CallbackQueryHandler and isinstance(handler, CallbackQueryHandler):
        if kind != "q":
            return None
        if handler.game_pattern is not None:
            return ALWAYS
        if handler.pattern is None:
            return ALWAYS
        prefix = literal_prefix(handler.pattern)
        if prefix is None or not prefix:
            return ALWAYS
        if ":" in prefix:
            return ALWAYS if prefix.split(":", 1)[0] == word else None
        return ALWAYS if word.startswith(prefix) else None
    if kind_of_handler is CommandHandler and isinstance(handler, CommandHandler):
        if kind == "c" and word in handler.commands:
            return ALWAYS
        return None if kind in ("q", "c", "m") else ALWAYS
    if kind_of_handler is MessageHandler and isinstance(handler, MessageHandler) \
            and isinstance(handler.filters, BaseFilter):
        return None if kind == "q" else ALWAYS  # filters take message updates only
    return ALWAYS


class Routes:
    """The handlers of each group that may take each kind of update, in order."""

    def __init__(self) -> None:
        self._routes: dict[tuple[int, _Signature], list[tuple[_Handler, int]]] = {}
        self._shape: tuple[tuple[int, int], ...] = ()

    def clear(self) -> None:
        self._routes.clear()

    def candidates(self, group: int, handlers: list[_Handler], sig: _Signature | None,
                   update: object) -> list[_Handler]:
        """The handlers of ``group`` to ask about ``update``, in their order."""
        if sig is None:
            return list(handlers)
        key = (group, sig)
        route = self._routes.get(key)
        if route is None:
            route = [(h, m) for h in handlers if (m := _may_take(h, sig)) is not None]
            if len(self._routes) < MAX_ROUTES:
                self._routes[key] = route
        return [h for h, m in route
                if m == ALWAYS or has_conversation(h, update)]  # type: ignore[arg-type]

    def check(self, app: _App) -> None:
        """Forget the routes if the handlers changed other than by add/remove_handler."""
        shape = tuple((g, len(hs)) for g, hs in app.handlers.items())
        if shape != self._shape:
            self._routes.clear()
            self._shape = shape


async def process_update(app: _App, routes: Routes, update: object) -> None:
    """``Application.process_update`` of python-telegram-bot 22.8, asking only the
    handlers ``routes`` gives for the update."""
    check_initialized(app)
    routes.check(app)
    sig = signature(update)
    context = None
    any_blocking = False
    for group, handlers in [(g, v.copy()) for g, v in app.handlers.items()]:
        try:
            for handler in routes.candidates(group, handlers, sig, update):
                check = handler.check_update(update)
                if check is None or check is False:
                    continue
                if not context:
                    try:
                        context = app.context_types.context.from_update(update, app)
                    except Exception as exc:  # noqa: BLE001 - as python-telegram-bot does
                        log.critical("Error while building CallbackContext for update %s. "
                                     "Update will not be processed.", update, exc_info=exc)
                        return
                    await context.refresh_data()
                coroutine: Coroutine[Any, Any, Any] = handler.handle_update(
                    update, app, check, context)
                if not handler.block or (
                    handler.block is DEFAULT_TRUE
                    and isinstance(app.bot, ExtBot)
                    and app.bot.defaults
                    and not app.bot.defaults.block
                ):
                    app.create_task(coroutine, update=update,
                                    name=f"Application:{app.bot.id}:process_update_non_blocking"
                                         f":{handler}")
                else:
                    any_blocking = True
                    await coroutine
                break
        except ApplicationHandlerStop:
            log.debug("Stopping further handlers due to ApplicationHandlerStop")
            break
        except Exception as exc:  # noqa: BLE001 - handed to the error handlers
            if await app.process_error(update=update, error=exc):
                log.debug("Error handler stopped further handlers.")
                break
    if any_blocking:
        mark_for_persistence(app, update)
