"""Volunteers told of new entries in the background, several at once in one
message.

A resident's report, registration, fee report (and the other flows that make
an entry waiting for approval) used to post it to every volunteer of the area
inside the handler, under Telegram's pacing of one message a second to a chat:
a burst of reports in one area held each submitter's next tap, and a busy
volunteer got one message per entry. Now the handler hands the entry over
(``queue_pending``) and is done; ``Notices`` sends the posts:

* **promptly**: ``window`` seconds (2 by default, ``Settings.notice_window``)
  after the first entry waiting, everything waiting goes;
* **combined**: a chat with one new entry gets its post as before (photos,
  receipt or voice first, then the post with its Approve / Reject buttons); a
  chat with several gets one message listing them (``bot.digest``), each with
  its buttons (“#12 ✅ 通过”, “#12 ❌ 驳回” …), their photos before it in albums
  of up to ten, and the other review commands (/pending, /approve N) as before.
  Deciding one entry edits that message: its verdict, by number, and its
  buttons gone, the others' left;
* **to the same people**: each entry goes to its area's volunteers but its
  author (the admins when nobody else is left) and the area's linked group
  (``bot.notify.pending_targets``); an entry decided meanwhile is not posted;
* **within Telegram's limits**: every message waits its turn in the bot's
  ``Pace`` and honours a 429's retry_after (``bot.sending.deliver``);
* **not lost at a stop**: a clean stop sends what waits (``drain``); and, when
  the bot keeps its state (``steward run``), the number of the first entry not
  yet posted is saved after each round (``bot/state``, table ``notices``): at
  the next start, the entries still waiting for approval from that number on
  are posted (``resume``) to the chats that have no post of theirs remembered
  (``bot.posts``, written as each message goes): a round cut short by a crash
  goes on where it stopped, rather than posting all of it again to the chats
  served first (again and again, if the bot stops again before the round ends,
  while the last chats get nothing). A post that went just before a crash,
  before its record was written, may be posted twice; none is left unposted. A
  post that did not go (Telegram out of reach, or the bot stopping, its
  connection closed) leaves its entry owed, so the next start posts it there.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext

from db.entries import Entry, Kind, Status
from db.repository import Repository

from .context import call, entry_or_none, read, repo_of
from .digest import digest_text, new_digest
from .entry_media import MediaCache, media_of, send_media_of
from .i18n import tr
from .keyboards import button
from .notify import describe_pending, pending_targets, post_pending, record_post
from .posts import posts_of
from .reach import keep_mentions, mentions
from .sender_line import reads_names
from .sending import TELEGRAM_LIMIT, deliver, fan_out

__all__ = ["Notices", "queue_pending", "notices_of", "NOTICES_KEY", "WINDOW", "MAX_DIGEST",
           "POSTED_KINDS"]

log = logging.getLogger(__name__)

NOTICES_KEY = "notices"  # bot_data: the application's Notices
WINDOW = 2.0  # seconds from the first entry waiting to the posts
MAX_DIGEST = 8  # entries listed in one message (each with its row of buttons)
STATE, TABLE, MARK = "bot/state", "notices", 1  # where the first unposted entry is kept
RESUME_LIMIT = 500  # newest waiting entries looked at when the bot starts
# The kinds of entry a flow posts to the volunteers when it is made.
POSTED_KINDS = frozenset({Kind.REGISTRATION, Kind.ISSUE, Kind.OPINION, Kind.FEE_INCOME,
                          Kind.EXPENSE, Kind.REVERSAL, Kind.CORRECTION, Kind.MEETING,
                          Kind.QUESTION})

_App = Application[Any, Any, Any, Any, Any, Any]


def notices_of(app: _App) -> Notices | None:
    return app.bot_data.get(NOTICES_KEY)  # type: ignore[no-any-return]


async def queue_pending(context: Any, entry: Entry) -> None:
    """Have a new pending ``entry`` posted to its volunteers soon (at once when the
    application has no ``Notices``)."""
    notices = notices_of(context.application)
    if notices is None:
        from .notify import notify_pending

        await notify_pending(context, entry)
        return
    notices.add(entry.id)


class Notices:
    """The entries waiting to be posted, and the task that posts them."""

    def __init__(self, app: _App, window: float = WINDOW, *, keep: bool = False) -> None:
        self.app = app
        self.window = window
        self.keep = keep  # save the first unposted entry's number (bot/state)
        self._waiting: list[int] = []
        self._sending: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        self._sleeping = False  # the task waits for the window (nothing is being sent)
        self._mark: int | None = None  # as saved
        self._posted: set[int] = set()  # from the mark on (kept state only)
        self._round = asyncio.Lock()
        self.rounds = 0  # how many rounds went (tests, bench)

    @property
    def repo(self) -> Repository:
        return self.app.bot_data["repo"]  # type: ignore[no-any-return]

    def add(self, entry_id: int) -> None:
        """Post ``entry_id`` with what else waits, ``window`` seconds after the first."""
        self._waiting.append(int(entry_id))
        if self._task is None or self._task.done():
            # In a context of its own: not the update's (its writes are not the step's).
            self._task = asyncio.get_running_loop().create_task(
                self._later(), context=contextvars.Context())

    @property
    def waiting(self) -> int:
        return len(self._waiting) + len(self._sending)

    async def _later(self) -> None:
        while self._waiting:
            self._sleeping = True
            try:
                await asyncio.sleep(self.window)
            finally:
                self._sleeping = False
            try:
                await self.send_round()
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("volunteers' posts failed")

    async def drain(self) -> None:
        """Send everything waiting now (a stop; the offline bot after each update)."""
        while self._waiting:
            await self.send_round()
        async with self._round:  # a round the timer started is over
            pass
        if self._task is not None and self._sleeping and not self._waiting:
            self._task.cancel()  # its wait is for nothing now (a stop must not leave it)

    async def cancel(self) -> None:
        """Stop the round under way, if any (at the shutdown, once the stop's wait gave up
        on it): what it did not post stays owed and goes at the next start."""
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=1.0)  # over before the loop closes

    async def send_round(self) -> int:
        """Post every entry waiting, each chat's in one message; how many messages."""
        async with self._round:
            ids, self._waiting = self._waiting, []
            if not ids:
                return 0
            self._sending.update(ids)
            try:
                sent, short = await self._post(sorted(set(ids)))
            finally:
                self._sending.difference_update(ids)
                self.rounds += 1
            # one whose post did not go to every chat stays owed: posted at the next start
            await self._save_mark([i for i in ids if i not in short])
            return sent

    async def _post(self, ids: list[int]) -> tuple[int, set[int]]:
        """Post ``ids`` to the chats that have no post of theirs: how many messages went,
        and the entries whose post did not go to some chat (Telegram out of reach, or
        the bot stopping: its connection closed)."""
        context = CallbackContext(self.app)
        chats: dict[int, tuple[str, list[Entry]]] = {}
        posts = posts_of(self.app)
        for entry_id in ids:
            entry = await entry_or_none(context, entry_id)
            if entry is None or entry.status != Status.PENDING:  # decided or withdrawn since
                continue
            posted = {post.chat for post in posts.of(entry.id)}  # before a stop
            for chat_id, lang in await pending_targets(context, entry):
                if chat_id not in posted:
                    chats.setdefault(chat_id, (lang, []))[1].append(entry)
        cache = MediaCache()  # each file uploaded once in the round
        texts: dict[int, dict[tuple[str, bool], tuple[str, InlineKeyboardMarkup]]] = {}
        described: Described = {}  # an area's volunteers share a language: read once

        async def one(item: tuple[int, tuple[str, list[Entry]]]) -> int:
            chat_id, (lang, entries) = item
            if len(entries) == 1:
                entry = entries[0]
                return int(await post_pending(context, entry, chat_id, lang, cache,
                                              texts.setdefault(entry.id, {})))
            return await _post_digest(context, chat_id, lang, entries, cache, described)

        items = list(chats.items())
        if any(media_of(e) for _, (_, entries) in items for e in entries):
            # One chat after the other: a file goes up once, to the first chat, and by
            # the id Telegram gave it to the others (bot.entry_media.MediaCache).
            sent = sum([await one(item) for item in items])
        else:
            sent = await fan_out(items, one)
        short = {entry.id for chat_id, (_, entries) in items for entry in entries
                 if chat_id not in {post.chat for post in posts.of(entry.id)}}
        return sent, short

    # -- kept across a stop ------------------------------------------------------

    def posted(self, entry_id: int) -> None:
        """``entry_id`` was posted another way (at once: ``bot.notify.notify_pending``)."""
        self._posted.add(int(entry_id))

    async def _save_mark(self, ids: list[int]) -> None:
        """Save the number of the first entry that may not be posted yet: the lowest
        still waiting here, or still pending in the store and never posted (its flow
        wrote it and has not handed it over yet), else one more than the last posted."""
        if not self.keep or self._mark is None:
            return
        self._posted.update(ids)
        try:
            owed = [e.id for e in await asyncio.to_thread(_waiting_since, self.repo,
                                                          self._mark)
                    if e.id not in self._posted and e.kind in POSTED_KINDS]
            unsent = [*self._waiting, *self._sending, *owed]
            mark = min(unsent) if unsent else max([self._mark - 1, *self._posted]) + 1
            if mark > self._mark:
                await call(_put_mark, self.repo, mark)
                self._mark = mark
                self._posted = {i for i in self._posted if i >= mark}
        except Exception:  # noqa: BLE001 - saved with the next round
            log.exception("could not save which entries are posted")

    async def resume(self) -> int:
        """At start: queue the entries still waiting for approval that may not have
        been posted before the bot stopped; how many."""
        if not self.keep:
            return 0
        repo = self.repo
        mark = await call(_get_mark, repo)
        if mark is None:  # the first start that keeps it: nothing from before is owed
            newest = await asyncio.to_thread(repo.entries, limit=1)
            self._mark = (newest[-1].id + 1) if newest else 1
            await call(_put_mark, repo, self._mark)
            return 0
        self._mark = mark
        owed = [e.id for e in await asyncio.to_thread(_waiting_since, repo, mark)
                if e.kind in POSTED_KINDS]
        for entry_id in owed:
            self.add(entry_id)
        if owed:
            log.info("机器人停下时有 %d 条待审核的记录还没有发给志愿者，现在发送 / posting %d "
                     "%s to volunteers that waited when the bot stopped", len(owed),
                     len(owed), "entry" if len(owed) == 1 else "entries")
        return len(owed)


def _waiting_since(repo: Repository, mark: int) -> list[Entry]:
    """The entries waiting for approval numbered ``mark`` or more: the newest few
    first, more only while all are (older partitions are not read for nothing)."""
    limit = 8
    while True:
        newest = repo.entries(status=Status.PENDING, limit=limit)
        if len(newest) < limit or newest[0].id < mark or limit >= RESUME_LIMIT:
            return [e for e in newest if e.id >= mark]
        limit *= 4


def _get_mark(repo: Repository) -> int | None:
    for doc in repo.store.all(STATE, TABLE):
        if int(doc["doc_id"]) == MARK:
            return int(doc["next"])
    return None


def _put_mark(repo: Repository, mark: int) -> None:
    with repo.store.transaction() as tx:
        tx.put(STATE, TABLE, MARK, {"next": int(mark)})


# -- several entries in one message -------------------------------------------------


def _buttons(entry_id: int, markup: InlineKeyboardMarkup) -> list[list[InlineKeyboardButton]]:
    """An entry's rows of buttons (Approve / Reject, then 🙈 隐去名字), each button named
    with its number."""
    return [[button(f"#{entry_id} {b.text}", str(b.callback_data)) for b in row]
            for row in markup.inline_keyboard]


# An entry's description for the approval queue in a language, naming its resident
# sender or not (``describe_pending``), made once a round for every chat it goes to.
Described = dict[tuple[int, str, bool], tuple[str, InlineKeyboardMarkup]]


async def _post_digest(context: Any, chat_id: int, lang: str, entries: list[Entry],
                       cache: MediaCache, described: Described) -> int:
    """Several new entries for one chat: their media, then messages of up to
    ``MAX_DIGEST`` entries each listing them with their buttons; how many messages."""
    parts: list[list[tuple[Entry, str, InlineKeyboardMarkup]]] = [[]]
    size = 0
    for entry in entries:
        key = (entry.id, lang, await read(reads_names, repo_of(context), chat_id, entry.area))
        if key not in described:
            described[key] = await describe_pending(context, entry, lang, key[2])
        text, markup = described[key]
        need = len(text) + 2
        if parts[-1] and (len(parts[-1]) >= MAX_DIGEST or size + need > TELEGRAM_LIMIT - 600):
            parts.append([])
            size = 0
        parts[-1].append((entry, text, markup))
        size += need
    await send_media_of(context, chat_id, entries, lang, cache)
    sent = 0
    for part in parts:
        head = tr(lang, "Waiting for approval ({n}):", n=len(part)) if len(part) > 1 \
            else tr(lang, "Waiting for approval:")
        blocks = [(0, head), *((e.id, text) for e, text, _ in part)]
        digest = new_digest(blocks, [r for e, _, m in part for r in _buttons(e.id, m)])
        body = digest_text(digest)
        named = await mentions(context, [e for e, _, _ in part], body, lang, chat_id)
        keep_mentions(digest, body, named)  # put again when the list is edited
        try:
            message = await deliver(context.application, chat_id, body,
                                    reply_markup=InlineKeyboardMarkup(digest["rows"]),
                                    entities=named)
        except TelegramError as exc:
            log.warning("could not post %d pending entries to chat %s: %s", len(part),
                        chat_id, exc)
            continue
        await record_post(context, [e.id for e, _text, _markup in part], message.chat_id,
                          message.message_id, body, lang, digest)
        sent += 1
    return sent
