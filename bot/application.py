"""The bot's Application (``bot.app.build_application`` builds it): each update handled
as one step whose changes to the conversations are saved with its id, when kept
(``bot.state.Keeper``), and asked only of the handlers that may take it
(``bot.dispatch``); a flow ended idle saved as ended. A bot that keeps no state (the
demo, the terminal chat) drops a redelivered update in memory instead.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler, ContextTypes

from .conversation import IdleConversation
from .dispatch import Routes
from .dispatch import process_update as dispatch
from .state import keeper_of

__all__ = ["StewardApplication", "save_ended", "SEEN_UPDATES", "drop_redelivered"]

log = logging.getLogger("bot.app")  # its lines as they were, when this was bot/app.py's


class StewardApplication(Application):  # type: ignore[type-arg]
    """The Application, each update handled as one step whose changes to the
    conversations are saved with its id (``bot.state.Keeper``), when kept; each
    update asked only of the handlers that may take it (``bot.dispatch``)."""

    @property
    def routes(self) -> Routes:
        routes: Routes | None = getattr(self, "_steward_routes", None)
        if routes is None:
            routes = self._steward_routes = Routes()
        return routes

    def add_handler(self, handler: BaseHandler[Any, Any, Any], group: int = 0) -> None:
        super().add_handler(handler, group)
        self.routes.clear()

    def remove_handler(self, handler: BaseHandler[Any, Any, Any], group: int = 0) -> None:
        super().remove_handler(handler, group)
        self.routes.clear()

    async def _dispatch(self, update: object) -> None:
        await dispatch(self, self.routes, update)

    async def process_update(self, update: object) -> None:
        keeper = keeper_of(self)
        if keeper is None or not isinstance(update, Update) or "repo" not in self.bot_data:
            await self._dispatch(update)
            return
        await keeper.handle(update, self._dispatch)


async def save_ended(handler: IdleConversation, keys: list[Any], app: Application) -> None:
    """Save that idle flows ended (when conversations are kept)."""
    keeper = keeper_of(app)
    if keeper is not None:
        await keeper.ended(handler, keys)


SEEN_UPDATES = 10_000  # how many recent update ids are remembered


async def drop_redelivered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram redelivers an update whose delivery it thinks failed (a webhook
    answer that timed out): handle each update id once, so a redelivered "confirm"
    tap or typed amount is not taken as a second one. In memory only: for a bot
    that keeps no state (the demo, the terminal chat); ``steward run`` keeps the
    ids in the store with the writes they caused (bot/state.py)."""
    seen = context.application.bot_data.setdefault("_seen_updates", OrderedDict())
    if update.update_id in seen:
        log.info("dropped redelivered update %s", update.update_id)
        raise ApplicationHandlerStop
    seen[update.update_id] = None
    while len(seen) > SEEN_UPDATES:
        seen.popitem(last=False)
