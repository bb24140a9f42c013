"""Edits of the volunteers' posts, sent in the background, the latest only.

Deciding an entry edits every copy of each post it is on (``bot.posts``): one
per volunteer and one in the linked group, and a message listing several
entries is edited once per entry decided. Telegram takes about one message a
second to a chat, so a volunteer approving twenty entries of one list in a row
made forty edits of the same few messages wait their turn, the last ones for
most of a minute, each approval's answer behind them.

Now a decision hands its edits over (``Edits.submit``) and is answered at once;
each chat's edits go one after the other in their turn (``bot.sending.paced``),
and an edit of a message that still waits for its turn is replaced by the newer
one: only the message's latest text and buttons go (a list's text holds every
verdict so far), never an older one after a newer one.

* **Crash-consistent.** The records of a post (``bot.posts``) are settled — the
  entry dropped from them in the store — only once the edit that shows its
  verdict went (or was superseded by one that went). An edit not sent before a
  stop or a crash leaves its record; the entry's state is on the site and in
  /pending, and a button still on the post answers that it was decided.
* **A stop waits a little.** At a stop (``drain`` with a ``timeout``) what waits
  is sent for at most ``STOP_WAIT`` seconds; the rest is dropped (logged) and
  made at the next start (``bot.handlers.decided.mark_left``). Only edits wait
  here: answers to people and their receipts go as before. An edit that takes
  back what a post said about someone (``bot.posts.withdraw_posts``: they asked
  to be forgotten) is waited for by its step, so it is never dropped.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from .sending import not_modified, paced

__all__ = ["Edits", "edits_of", "EDITS_KEY", "STOP_WAIT"]

log = logging.getLogger(__name__)

EDITS_KEY = "post_edits"  # bot_data: the application's Edits
STOP_WAIT = 5.0  # seconds a stop waits for the edits still queued

_App = Application[Any, Any, Any, Any, Any, Any]
Done = Callable[[], Awaitable[None]]  # told once the edit went (or could not)


@dataclass
class Edit:
    """The text and buttons a message is to show; ``done`` once they went."""

    chat: int
    message: int
    text: str
    markup: InlineKeyboardMarkup | None
    delete_stuck: bool  # a text that cannot be edited: delete the message instead
    entities: list[Any] | None = None  # a registrant's tap-to-open name (bot.reach)
    done: list[Done] = field(default_factory=list)
    started: bool = False  # its call went out: a newer edit is sent after it
    finished: asyncio.Event = field(default_factory=asyncio.Event)  # went, or given up


class Edits:
    """Per chat, the messages whose edits wait, in order; one task per chat sends them."""

    def __init__(self, app: _App) -> None:
        self.app = app
        self._waiting: dict[int, dict[int, Edit]] = {}  # chat -> message -> its edit
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self.sent = 0  # edits sent (tests)
        self.superseded = 0  # edits replaced by a newer one before their turn
        self.dropped = 0  # edits given up at a stop

    @property
    def waiting(self) -> int:
        return sum(len(w) for w in self._waiting.values())

    def submit(self, chat: int, message: int, text: str, markup: InlineKeyboardMarkup | None,
               *, delete_stuck: bool = False, done: Done | None = None,
               entities: list[Any] | None = None) -> Edit:
        """Have ``message`` in ``chat`` show ``text`` and ``markup`` in its turn; a
        waiting edit of it is replaced (its ``done`` is called once this one went).
        The edit that will show it (``finished`` once it went)."""
        chat, message = int(chat), int(message)
        queue = self._waiting.setdefault(chat, {})
        edit = queue.get(message)
        if edit is not None and not edit.started:
            edit.text, edit.markup, edit.delete_stuck = text, markup, delete_stuck
            edit.entities = entities
            self.superseded += 1
        else:
            edit = Edit(chat, message, text, markup, delete_stuck, entities)
            queue[message] = edit  # (one on its way already goes first)
        if done is not None:
            edit.done.append(done)
        task = self._tasks.get(chat)
        if task is None or task.done():
            # In a context of its own: not the update's (its writes are not the step's).
            self._tasks[chat] = asyncio.get_running_loop().create_task(
                self._send_chat(chat), context=contextvars.Context())
        return edit

    async def _send_chat(self, chat: int) -> None:
        queue = self._waiting.get(chat, {})
        while queue:
            message = next(iter(queue))
            edit = queue[message]
            try:
                await self._send(edit)
            except Exception:  # noqa: BLE001 - the next edits still go
                log.exception("could not edit message %s in chat %s", message, chat)
            if queue.get(message) is edit:
                del queue[message]
            for done in edit.done:
                try:
                    await done()
                except Exception:  # noqa: BLE001
                    log.exception("could not save the edit of message %s in chat %s",
                                  message, chat)
            edit.finished.set()
        if self._waiting.get(chat) is queue and not queue:
            del self._waiting[chat]
        self._tasks.pop(chat, None)

    async def _send(self, edit: Edit) -> None:
        """The edit, in its turn (again after a 429), with what is newest when its call
        goes; where the text cannot be edited, the message deleted (``delete_stuck``)
        or at least its buttons taken away."""
        bot = self.app.bot

        def on(method: Any, args: Callable[[], dict[str, Any]]) -> Awaitable[Any]:
            # never on a group's new id, where the same message number is another message
            return paced(self.app, edit.chat, lambda chat: method(
                chat_id=chat, message_id=edit.message, **args()), follow=False)

        def newest() -> dict[str, Any]:
            if not edit.started:  # from here on, a newer edit waits for its own turn
                edit.started = True
                queue = self._waiting.get(edit.chat, {})
                if queue.get(edit.message) is edit:
                    del queue[edit.message]
            return {"text": edit.text, "reply_markup": edit.markup,
                    **({"entities": edit.entities} if edit.entities else {})}

        for attempt in range(2):
            try:
                await on(bot.edit_message_text, newest)
                self.sent += 1
                return
            except TelegramError as exc:
                if not_modified(exc):  # it says so already (an edit that went, asked again)
                    self.sent += 1
                    return
                log.info("could not edit message %s in chat %s: %s", edit.message, edit.chat,
                         exc)
                if not edit.entities or attempt or not isinstance(exc, BadRequest):
                    break
                edit.entities = None  # a mention Telegram will not take: the text without it
        if edit.delete_stuck:
            try:
                await on(bot.delete_message, dict)
                return
            except TelegramError as exc:
                log.info("could not delete message %s in chat %s: %s", edit.message,
                         edit.chat, exc)
        try:
            await on(bot.edit_message_reply_markup, lambda: {"reply_markup": edit.markup})
        except TelegramError:
            pass

    async def drain(self, timeout: float | None = None) -> bool:
        """Send every edit waiting (the offline bot after each update; a stop, for at
        most ``timeout`` seconds, after which the rest is dropped); whether all went."""
        while self._tasks:
            tasks = list(self._tasks.values())
            done, pending = await asyncio.wait(tasks, timeout=timeout)
            if pending:
                self.dropped += self.waiting
                log.warning("停下时发给志愿者的帖子有 %d 处没有更新（记录的状态在网站上和 "
                            "/pending 里都看得到） / stopping without %d edits of volunteers' "
                            "posts (their entries' state is on the site and in /pending)",
                            self.waiting, self.waiting)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                for queue in self._waiting.values():
                    for edit in queue.values():
                        edit.finished.set()  # nobody waits for what will not go
                self._tasks.clear()
                self._waiting.clear()
                return False
            for task in done:
                for chat, known in list(self._tasks.items()):
                    if known is task:
                        del self._tasks[chat]
        return True


def edits_of(app: _App) -> Edits:
    """The application's ``Edits`` (made on first use)."""
    edits = app.bot_data.get(EDITS_KEY)
    if edits is None:
        edits = app.bot_data[EDITS_KEY] = Edits(app)
    return edits  # type: ignore[no-any-return]
