"""What the bot's state keeper (``bot.state``) holds, and the documents it saves: a
user's conversation states and ``user_data``, a chat's ``chat_data``, as JSON, compared
with what the store holds so that a step writes only what it changed. Split from
``bot.state``, whose ``Keeper`` is a ``KeeperBase``.
"""

from __future__ import annotations

import collections
import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application

from db.repository import Repository

from .conversation import IdleConversation
from .ptb_private import ConversationKey, conversation_state

__all__ = ["KEY", "KeeperBase", "as_json"]

log = logging.getLogger("bot.state")  # its lines as they were, when this was bot/state.py's

KEY = "keeper"  # bot_data

_App = Application[Any, Any, Any, Any, Any, Any]


def as_json(value: Any) -> Any:
    """A JSON copy of ``value`` (TypeError/ValueError if it is not JSON)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


class KeeperBase:
    """What the keeper holds of the bot's state, as the store has it, and the documents
    it saves of it."""

    def __init__(self, app: _App) -> None:
        self.app = app
        self._users: dict[int, dict[str, Any]] = {}  # as the store holds them
        self._chats: dict[int, dict[str, Any]] = {}
        self._done: collections.deque[int] = collections.deque()  # oldest first
        self._busy: set[int] = set()  # update ids queued or being handled here
        self._again: dict[int, int] = {}  # update id -> tries: queued again at start
        self._tried_now: set[int] = set()  # update ids whose try this start counted
        self._handlers: list[IdleConversation] | None = None
        app.bot_data[KEY] = self

    @property
    def repo(self) -> Repository:
        return self.app.bot_data["repo"]  # type: ignore[no-any-return]

    def _flows(self) -> list[IdleConversation]:
        if self._handlers is None:  # the handlers are all added before the first update
            self._handlers = [h for handlers in self.app.handlers.values() for h in handlers
                              if isinstance(h, IdleConversation)]
        return self._handlers

    # -- what a step changed -------------------------------------------------------------

    @staticmethod
    def _keys(handler: IdleConversation, update: Update) -> list[ConversationKey]:
        chat, user = update.effective_chat, update.effective_user
        key: list[int] = []
        if handler.per_chat:
            if chat is None:
                return []
            key.append(chat.id)
        if handler.per_user:
            if user is None:
                return []
            key.append(user.id)
        return [tuple(key)] if key else []

    def _changed(self, update: Update) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        user, chat = update.effective_user, update.effective_chat
        users, chats = [], []
        if user is not None:
            doc = self._user_doc(user.id, self._flows(), update)
            if doc is not None:
                users.append(doc)
        if chat is not None:
            data = self.app.chat_data.get(chat.id)
            old = self._chats.get(chat.id)
            if data or old is not None:
                doc = self._doc("chat", chat.id, data or {})
                if doc is not None and doc != old:
                    chats.append(doc)
        return users, chats

    def _user_doc(self, user_id: int, handlers: list[IdleConversation],
                  update: Update | None = None,
                  keys: list[tuple[str, ConversationKey]] | None = None
                  ) -> dict[str, Any] | None:
        """The user's document as it should be now, or None if the store has it."""
        old = self._users.get(user_id)
        touched: dict[tuple[str, ConversationKey], object] = {}
        for handler in handlers:
            for key in (self._keys(handler, update) if update is not None else
                        [k for name, k in keys or [] if name == handler.name]):
                touched[(str(handler.name), key)] = conversation_state(handler, key)
        flows = [f for f in (old or {}).get("flows") or []
                 if (f[0], tuple(f[1])) not in touched]
        flows += [[name, list(key), state] for (name, key), state in touched.items()
                  if state is not None]
        flows.sort(key=lambda f: (f[0], f[1]))
        doc = self._doc("user", user_id, self.app.user_data.get(user_id) or {}, flows=flows)
        if doc is None or doc == old or (old is None and not doc["data"] and not flows):
            return None
        return doc

    @staticmethod
    def _doc(kind: str, id_: int, data: Any, **more: Any) -> dict[str, Any] | None:
        try:
            return {kind: id_, "data": as_json(dict(data)), **as_json(more)}
        except (TypeError, ValueError) as exc:
            log.error("the %s data of %s is not JSON and is not saved: %s", kind, id_, exc)
            return None
