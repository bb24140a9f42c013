"""Sending the bot's own messages within Telegram's limits.

Telegram lets a bot send about 30 messages a second in all and about one a
second to one chat; beyond that it answers 429 "Too Many Requests" with a
``retry_after`` (in seconds) during which nothing the bot sends is accepted.
So every message the bot sends on its own (``bot.notify``: an announcement to
a thousand residents, reminders, a volunteer told of a new entry) waits here
for its turn (``Pace``), and a 429 holds every sender for ``retry_after``
before the message is sent again. A message refused with 429 was not
delivered, so sending it again delivers it once; a message whose answer was
lost (a timeout) may have been delivered, so it is never sent again; one that
failed before anything left (no connection could be made) is sent again a
little later (``never_sent``).

Answers to the person who acted go out directly (``bot.context.reply``): one
message per update is well within the limits.

A message sent once to each of many (``bot.notify.notify_once``) is recorded as
told just before it leaves, after its turn came (``deliver``'s ``ready``): see there
why at most once, not at least once.

A text longer than one message is cut in parts (``split_message``).

A volunteers' group upgraded to a supergroup gets a new chat id; Telegram refuses
what is sent to the old one, naming the new one (``ChatMigrated``). The message
is then sent to the new id, and whoever keeps chat ids is told
(``on_chat_moved``: the linked group moves with it, ``bot.handlers.groups``).

``deliver`` sends one message (``paced`` any other call to a chat, such as an
edit or an album); ``Pace`` is kept in ``bot_data`` (``pace_of``),
made from ``Settings.send_rate`` and ``Settings.send_rate_per_chat`` when the
application is built. The offline bot (demo, chat, tests) paces nothing unless
a test asks for it.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from .stopping import late

__all__ = ["split_message", "fit_message", "TELEGRAM_LIMIT", "Pace", "deliver", "fan_out",
           "pace_of", "PACE_KEY", "MAX_TRIES", "WORKERS", "paced", "Bounds", "MOVED_KEY",
           "not_modified", "never_sent", "retry_seconds", "Unwanted", "may_have_gone"]

log = logging.getLogger(__name__)

T = TypeVar("T")

PACE_KEY = "pace"  # bot_data: the application's Pace
# bot_data: async (old chat id, new chat id) -> None, told when a group became a supergroup
MOVED_KEY = "chat_moved"
MAX_TRIES = 6  # sends of one message refused with 429 before giving up on it
# Messages on their way at once in a broadcast: one at a time, each waiting for its
# answer from Telegram (a tenth of a second or more), would never reach the rate.
WORKERS = 8
_FORGET_AFTER = 4096  # chats remembered before those whose turn has passed are dropped
TELEGRAM_LIMIT = 4096  # UTF-16 code units in one message
# Failures before a request left: no connection made, or none free in the pool.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
MARGIN = 1.05  # the pace's gaps, longer than the limits' by this factor


def _units(text: str) -> int:
    """The length of ``text`` as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``text`` in parts of at most ``limit`` units each, cut at a line break where
    one is near the end of a part, otherwise between characters."""
    if _units(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while rest:
        if _units(rest) <= limit:
            parts.append(rest)
            break
        end = 0
        used = 0
        for i, ch in enumerate(rest):
            used += 2 if ord(ch) > 0xFFFF else 1
            if used > limit:
                break
            end = i + 1
        cut = rest.rfind("\n", 0, end)
        if cut < end // 2:  # no line break in the second half: cut where it is full
            cut = end
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return parts


def fit_message(text: str, limit: int = TELEGRAM_LIMIT) -> str:
    """``text`` cut to one message (ending in "…" when it was cut)."""
    if _units(text) <= limit:
        return text
    return split_message(text, limit - 1)[0] + "…"


class Pace:
    """When the next message may go: at most ``per_second`` in all, ``per_chat`` a
    second to one chat, none while Telegram asked to wait (``hold``). A rate of 0
    means no limit. Each message reserves its slot when it asks (``wait``), so
    senders running at once share the rate in the order they asked."""

    def __init__(self, per_second: float = 30.0, per_chat: float = 1.0, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        # a little more (``MARGIN``): messages leave on time but reach Telegram a few
        # milliseconds early or late, and n + 1 in one second are refused
        self.gap = MARGIN / per_second if per_second > 0 else 0.0
        self.chat_gap = MARGIN / per_chat if per_chat > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self._next = 0.0  # the earliest time of the next message, to any chat
        self._chats: dict[int, float] = {}  # chat id -> earliest time of its next message
        self._later: list[float] = []  # slots past ``_next`` kept for a chat's own turn
        self.held_until = 0.0  # Telegram's retry_after, for everyone
        self.holds = 0  # how many 429 answers were honoured

    def reserve(self, chat_id: int) -> float:
        """Reserve the next slot for ``chat_id``; the time it may be sent. A message
        that waits for its own chat's turn (a second edit of a post, a second message
        to one person) keeps its slot then, and holds no other chat's message
        behind it: those take the slots before it."""
        now = self.clock()
        if self._later:
            self._later = [t for t in self._later if t > now - self.gap]
        turn = max(now, self._next, self.held_until)  # the next slot in the queue
        own = self._chats.get(chat_id, 0.0)
        if own > turn:  # later than the queue's turn: a slot of its own
            at = self._free(own)
            if self.gap:
                bisect.insort(self._later, at)
        else:
            at = self._free(turn)
            self._next = at + self.gap
        if self.chat_gap:
            if len(self._chats) >= _FORGET_AFTER:
                self._chats = {c: t for c, t in self._chats.items() if t > now}
            self._chats[chat_id] = at + self.chat_gap
        return at

    def _free(self, at: float) -> float:
        """The first time from ``at`` on at least ``gap`` from every slot kept for a
        chat's own turn."""
        if not self.gap:
            return at
        i = bisect.bisect_left(self._later, at - self.gap)
        while i < len(self._later) and self._later[i] < at + self.gap:
            at = max(at, self._later[i] + self.gap)
            i += 1
        return at

    async def wait(self, chat_id: int,
                   before: Callable[[float], None] | None = None) -> None:
        """Wait for ``chat_id``'s turn. A sender whose turn came while Telegram asked to
        wait (a 429 answered another sender meanwhile) takes a new turn after the hold:
        what is sent during a hold is refused, and Telegram makes the wait longer.
        ``before(delay)`` is told each wait before it begins (it may raise: a stop)."""
        delay = self.reserve(chat_id) - self.clock()
        if delay > 0:
            if before is not None:
                before(delay)
            await self.sleep(delay)
        while self.clock() < self.held_until:
            delay = self.reserve(chat_id) - self.clock()
            if delay > 0:
                if before is not None:
                    before(delay)
                await self.sleep(delay)

    def hold(self, seconds: float) -> None:
        """Telegram said to wait ``seconds``: nobody sends before then."""
        self.holds += 1
        self.held_until = max(self.held_until, self.clock() + max(0.0, seconds))


def never_sent(exc: TelegramError) -> bool:
    """Whether the call failed before anything reached Telegram (no connection could be
    made, or none was free): calling again cannot make it happen twice."""
    return isinstance(exc.__cause__, NOT_SENT)


def may_have_gone(exc: TelegramError) -> bool:
    """Whether a call that failed may still have reached its chat: its answer was lost
    (a timeout, a dropped connection) after the request left. A refusal (403, 400,
    429) or a call that never left did not."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest) \
        and not never_sent(exc)


class Unwanted(Exception):  # noqa: N818 - not an error: a message not to send
    """``deliver``'s ``ready`` said, at the message's turn, that it is not to go
    (another sending recorded it first): nothing was sent."""


def not_modified(exc: TelegramError) -> bool:
    """Telegram's answer to an edit that changes nothing: the message already shows it
    (a button tapped twice, an edit that went and was asked again)."""
    return isinstance(exc, BadRequest) and "not modified" in exc.message.lower()


def retry_seconds(exc: RetryAfter) -> float:
    """How long a 429 asks to wait, whether PTB gives it as seconds or a timedelta."""
    with warnings.catch_warnings():  # PTB 22 warns of its coming switch to timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def pace_of(app: Application[Any, Any, Any, Any, Any, Any]) -> Pace:
    """The application's ``Pace`` (one unpaced if it has none)."""
    pace = app.bot_data.get(PACE_KEY)
    if pace is None:
        pace = app.bot_data[PACE_KEY] = Pace(0, 0)
    return pace  # type: ignore[no-any-return]


async def deliver(app: Application[Any, Any, Any, Any, Any, Any], chat_id: int, text: str,
                  reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
                  entities: list[Any] | None = None, *,
                  ready: Callable[[], Awaitable[bool]] | None = None,
                  unready: Callable[[], Awaitable[Any]] | None = None) -> Message:
    """Send one message in its turn; after a 429, wait as told and send it again (up to
    ``MAX_TRIES`` times). Other errors are raised (``telegram.error.TelegramError``).
    The message's ``chat_id`` is where it went (a group may have moved). ``entities``
    (a mention of a registrant: ``bot.reach``) that Telegram refuses are left out: the
    message goes without them. ``ready``: awaited once when the message's turn has
    come, just before it leaves (a durable record that it is sent: ``paced``); False
    raises ``Unwanted``, nothing sent. ``unready`` undoes that record if the message is
    cancelled before it left (``paced``)."""
    if entities:
        try:
            return await paced(app, chat_id, lambda chat: app.bot.send_message(
                chat, text, reply_markup=reply_markup, entities=entities), ready=ready,
                unready=unready)
        except BadRequest as exc:
            log.warning("sent without its mentions to chat %s: %s", chat_id, exc)
            if ready is not None:
                ready = _recorded  # it was recorded before the refused try
    return await paced(app, chat_id, lambda chat: app.bot.send_message(
        chat, text, reply_markup=reply_markup), ready=ready, unready=unready)


async def _recorded() -> bool:
    """A ``ready`` awaited already: the message is recorded, and it is to go."""
    return True


@dataclass(frozen=True)
class Bounds:
    """How long ``paced`` keeps at one call: at most ``tries`` calls refused with 429
    (or that never reached Telegram), and no flood wait longer than ``max_wait``
    seconds waited for (None: any). A group's move to a supergroup is not a try."""
    tries: int = MAX_TRIES
    max_wait: float | None = None


async def paced(app: Application[Any, Any, Any, Any, Any, Any], chat_id: int,
                send: Callable[[int], Awaitable[T]], *, follow: bool = True,
                bounds: Bounds = Bounds(),
                ready: Callable[[], Awaitable[bool]] | None = None,
                unready: Callable[[], Awaitable[Any]] | None = None) -> T:
    """``send(chat_id)`` (a Bot API call to that chat) in its turn; after a 429, wait as
    told and call it again (within ``bounds``: ``MAX_TRIES`` times, however long the
    wait, unless told otherwise); to a group that became a supergroup, call it again
    with the new id, once the move is told (``MOVED_KEY``), unless not to ``follow``
    (an edit: the old group's messages are not the new one's, whose same numbers are
    other messages). Other errors are raised, and the last 429. A step's call that would
    wait past a stop's deadline for its turn is given up (``bot.stopping.Abandoned``).

    ``ready`` is awaited once, when the call's turn first comes, right before it is
    made: a message sent once to each of many (``bot.notify.notify_once``) is recorded
    there as told, durably, before it leaves, not after its answer. Telegram cannot
    tell a message sent twice, nor say whether one whose answer was lost went, so one
    of the two must give: a kill between the record and the message loses that
    message (at most once), where a record after it sent it again at the next start
    (at least once). At most once, because a resident told twice is told something
    untrue (two votes opened, two notices of one water cut) and it cannot be taken
    back, and because what can be lost is small: only the messages whose request was
    on its way at the kill (``fan_out``'s ``WORKERS`` at the most; a message still
    waiting for its turn is not recorded, and goes after the restart), as a message
    whose answer timed out is never sent again either. A vote's notice so lost is
    made up for by its reminder to the households that have not voted (``bot.handlers.
    reminders``). False from ``ready`` (another sending recorded it first) raises
    ``Unwanted``: nothing sent.

    A record made by ``ready`` is undone by ``unready`` when the call is cancelled (a
    stop: ``bot.stopping``) before its request left: while it waits out a 429, or for
    Telegram to be reachable again, or while the record was being written. Nothing went
    then, and the update the stop leaves for the next start sends it there; had the
    record been kept, the next start would take her as told and never tell her. A
    cancel while the request is on its way keeps the record: it may have gone."""
    pace = pace_of(app)
    moved = False
    attempt = 1
    recorded = flying = False

    def before(delay: float) -> None:  # a stop does not wait for a hold or a retry
        late(app, time.monotonic() + delay)

    try:
        while True:
            await pace.wait(chat_id, before)
            if ready is not None:
                go, ready = await _ready(ready, unready), None
                if not go:
                    raise Unwanted(chat_id)
                recorded = True
            flying = True
            try:
                return await send(chat_id)
            except RetryAfter as exc:
                flying = False
                seconds = retry_seconds(exc)
                log.info("Telegram asked to wait %.0f s (call to %s, try %d)", seconds,
                         chat_id, attempt)
                pace.hold(seconds)
                if attempt >= bounds.tries or (bounds.max_wait is not None
                                               and seconds > bounds.max_wait):
                    raise
            except NetworkError as exc:
                if not never_sent(exc) or attempt >= bounds.tries:
                    raise  # a timeout or a dropped answer: it may have gone, not sent again
                flying = False
                log.info("Telegram out of reach (%s); call to %s again, try %d", exc,
                         chat_id, attempt + 1)
                before(min(2.0 ** attempt, 30.0))
                await pace.sleep(min(2.0 ** attempt, 30.0))
            except ChatMigrated as exc:
                flying = False
                log.info("chat %s is now supergroup %s", chat_id, exc.new_chat_id)
                if not moved:
                    await chat_moved(app, chat_id, int(exc.new_chat_id))
                if moved or not follow:
                    raise
                moved = True
                chat_id = int(exc.new_chat_id)
                continue  # the call to the new id has its tries
            attempt += 1
    except asyncio.CancelledError:
        if recorded and not flying and unready is not None:
            await unready()  # it did not go: the update left for the next start sends it
        raise


async def _ready(ready: Callable[[], Awaitable[bool]],
                 unready: Callable[[], Awaitable[Any]] | None) -> bool:
    """``ready()``; if the caller is cancelled meanwhile, the record it was making (a
    write the store's thread finishes anyway) is waited for and undone."""
    if unready is None:
        return await ready()
    making = asyncio.ensure_future(ready())
    try:
        return await asyncio.shield(making)
    except asyncio.CancelledError:
        try:
            made = await making
        except Exception:  # noqa: BLE001 -- not made: nothing to undo
            made = False
        if made:
            await unready()
        raise


async def chat_moved(app: Application[Any, Any, Any, Any, Any, Any], old: int,
                     new: int) -> None:
    """Tell whoever keeps chat ids (``MOVED_KEY``) that group ``old`` is now ``new``."""
    hook = app.bot_data.get(MOVED_KEY)
    if hook is not None:
        await hook(old, new)


async def fan_out(items: Iterable[T], send: Callable[[T], Awaitable[int]],
                  workers: int = WORKERS) -> int:
    """``send(item)`` for every item, ``workers`` at a time (each message still waits
    for its turn in the ``Pace``); the sum of what they returned. Each item is sent
    once, in order of the list as far as the rate allows."""
    queue = list(items)
    total = 0
    position = 0

    async def worker() -> None:
        nonlocal total, position
        while position < len(queue):
            item = queue[position]
            position += 1
            sent = await send(item)  # not ``total += await``: it would read total first
            total += sent

    await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(queue))))))
    return total
