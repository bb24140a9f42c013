"""The volunteers' posts of pending entries, remembered across a restart.

Each message that carries an entry's Approve / Reject buttons — its post to
each volunteer of the area and to the linked group, a message listing several
new entries (``bot.digest``), a ``/pending`` listing, a post pressed that was
not remembered — is remembered with the entries it carries, so that deciding
one entry (by a button, ``/approve N`` or ``/reject N``, in any chat) edits
every copy with the verdict, and withdrawing it edits them to say it is gone.

When the bot keeps its state (``steward run``), the record of each message is
kept in the store too (partition ``bot/posts``, one document per message:
chat, message id, its text and language, the entries it still carries, the
list's state, when it was posted), and read back at start (``Posts.load``). So
a decision after a restart edits every copy as it does without one.

* **Crash-consistent.** A record is written right after its message went,
  before anyone can press its buttons, through the same writer as every write
  (``bot.context.call``): the journal holds it before any decision taken on it.
  A decision takes the entry's records in memory, has the messages edited in
  the background (``bot.edits``: only a message's latest edit goes), and each
  record is dropped in the store only once its edit went (``settle``). A crash
  between the decision and its write is finished at the next start
  (``bot.handlers.queue_saved``), edits and all; an edit not sent before a stop
  or a crash after it leaves its record, and a button pressed on that post
  answers who decided and edits it then (``bot.handlers.decided``). A crash
  after an edit and before its record is dropped edits it again with the same
  text: Telegram changes nothing, nobody sees a second message.
  The records' writes carry no update id (they are not the update's write: a
  redelivered ``/pending`` is listed again, not answered "saved already").
* **Bounded.** A record goes once every entry it carries is decided or
  withdrawn and its edit made; any record goes after ``MAX_AGE`` (a post
  older than that is no longer edited; its buttons still answer who decided),
  and the oldest go beyond ``MAX_POSTS``.
* **Private.** Records hold Telegram chat and message ids and what the
  volunteers were shown: they stay in the data folder (and its backups), like
  the conversations in ``bot/state``. The site builder reads no ``bot/``
  partition; ``/mydata`` does not list them (they are the bot's copies of
  messages it sent to volunteers, about entries ``/mydata`` gives whole), and a
  resident's ``/forget`` withdraws their pending entries, which rewrites their
  posts and drops their records. A decision edits a post in a group that is no
  longer its area's volunteers' group (/linkgroup moved them) naming the volunteer by
  role alone (``mark_posts``): that group may hold anyone now.

Without kept state (the demo, the terminal chat) the records live in memory.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from db.errors import DomainError, StoreError
from db.repository import Repository

from .context import RIDER, call, read
from .digest import decided, withdrawn
from .edits import edits_of
from .reach import MENTIONED, mentions_in
from .sending import fit_message, paced

__all__ = ["Post", "Posts", "Named", "unnamed", "posts_of", "record_post", "mark_posts",
           "withdraw_posts", "unbutton_posts",
           "POSTS_KEY", "PARTITION", "TABLE", "MAX_AGE", "MAX_POSTS"]

log = logging.getLogger(__name__)

POSTS_KEY = "pending_posts"  # bot_data: the application's Posts
PARTITION, TABLE = "bot/posts", "posts"  # one document per message
MAX_AGE = 30 * 24 * 3600  # seconds a record is kept (an entry left waiting longer)
MAX_POSTS = 10_000  # records kept at most (the oldest go first)

_App = Application[Any, Any, Any, Any, Any, Any]


class Named(str):
    """A volunteer as her own chats and the area's volunteers' group read her, by role and
    name (物管会主任甲 甲志愿者: ``bot.handlers.decided.who_of``), that knows her ``role``
    alone (物管会主任甲), as any other group reads her."""

    role: str

    def __new__(cls, text: str, role: str) -> Named:
        named = super().__new__(cls, text)
        named.role = role
        return named


def unnamed(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with each volunteer (``Named``) by role alone."""
    return {k: v.role if isinstance(v, Named) else v for k, v in params.items()}


@dataclass
class Post:
    """One message carrying the buttons of ``entries`` (a list's: several)."""

    key: int  # its document's id
    chat: int
    message: int
    text: str
    lang: str
    digest: dict[str, Any] | None  # a message listing several entries (bot.digest)
    entries: list[int] = field(default_factory=list)  # not yet decided on it
    at: int = 0  # when it was posted (seconds since the epoch)

    def doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"chat": self.chat, "message": self.message, "text": self.text,
                               "lang": self.lang, "entries": list(self.entries), "at": self.at}
        if self.digest is not None:
            doc["digest"] = {"blocks": self.digest["blocks"],
                             "verdicts": self.digest["verdicts"],
                             "rows": [[[b.text, b.callback_data] for b in row]
                                      for row in self.digest["rows"]]}
            if "queue" in self.digest:  # a page of /pending: its area ("" all), recounted
                doc["digest"]["queue"] = self.digest["queue"]
            if MENTIONED in self.digest:  # a registrant's tap-to-open name (bot.reach)
                doc["digest"][MENTIONED] = self.digest[MENTIONED]
        return doc

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Post:
        digest = doc.get("digest")
        if digest is not None:
            digest = {"blocks": [[int(i), str(text)] for i, text in digest["blocks"]],
                      "verdicts": [str(v) for v in digest["verdicts"]],
                      "rows": [[InlineKeyboardButton(str(text), callback_data=str(data))
                                for text, data in row] for row in digest["rows"]],
                      **({"queue": str(digest["queue"])} if "queue" in digest else {}),
                      **({MENTIONED: digest[MENTIONED]} if MENTIONED in digest else {})}
        return cls(int(doc["doc_id"]), int(doc["chat"]), int(doc["message"]),
                   str(doc.get("text") or ""), str(doc.get("lang") or "zh"), digest,
                   [int(i) for i in doc.get("entries") or []], int(doc.get("at") or 0))


class Posts:
    """The posts remembered, by entry; kept in the store when ``keep``."""

    def __init__(self, *, keep: bool = False, clock: Callable[[], float] = time.time) -> None:
        self.keep = keep
        self.clock = clock
        self._all: dict[int, Post] = {}  # by key, oldest first
        self._by_entry: dict[int, list[Post]] = {}
        self._next = 1
        self.repo: Repository | None = None  # once loaded (kept state only)

    def __len__(self) -> int:
        return len(self._all)

    def of(self, entry_id: int) -> list[Post]:
        """The posts still to edit when ``entry_id`` is decided."""
        return list(self._by_entry.get(int(entry_id), ()))

    def entry_ids(self) -> list[int]:
        """The entries with posts still to edit once decided."""
        return sorted(self._by_entry)

    def in_chat(self, chat: int) -> list[Post]:
        """The posts remembered in ``chat``, oldest first."""
        return [p for p in self._all.values() if p.chat == int(chat)]

    def has(self, entry_id: int, chat: int, message: int) -> bool:
        return any(p.chat == chat and p.message == message for p in self.of(entry_id))

    # -- start ---------------------------------------------------------------------

    async def load(self, repo: Repository) -> int:
        """Read the records kept (dropping those too old); how many are kept."""
        self.repo = repo
        if not self.keep:
            return 0
        repo.store.pinned.add(PARTITION)  # written with every post: kept in memory
        docs = await asyncio.to_thread(repo.store.all, PARTITION, TABLE)
        for doc in sorted(docs, key=lambda d: int(d["doc_id"])):
            try:
                post = Post.of(doc)
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("a volunteers' post record is unreadable and is dropped: %s", exc)
                post = Post(int(doc["doc_id"]), 0, 0, "", "", None)
            self._add(post)
            self._next = max(self._next, post.key + 1)
        gone = {p.key: p for p in self._all.values() if not p.entries or not p.chat}
        gone.update((p.key, p) for p in self._expired())
        for post in gone.values():
            self._drop(post)
        if gone:
            await self._write([], list(gone.values()))
        return len(self._all)

    # -- remembering ---------------------------------------------------------------

    async def record(self, entry_ids: Iterable[int], chat: int, message: int, text: str,
                     lang: str, digest: dict[str, Any] | None = None) -> Post:
        """Remember a message carrying the buttons of ``entry_ids`` (saved before this
        returns, when kept). A list keeps only its state (``digest``), not its text."""
        post = Post(self._next, int(chat), int(message), text if digest is None else "",
                    lang, digest,
                    sorted({int(i) for i in entry_ids}), int(self.clock()))
        self._next += 1
        self._add(post)
        old = self._expired()
        for gone in old:
            self._drop(gone)
        await self._write([post], old)
        return post

    def take(self, entry_id: int) -> list[Post]:
        """The posts of ``entry_id``, no longer found by it: they are being edited.
        Their records stay in the store until ``settle``."""
        return self._by_entry.pop(int(entry_id), [])

    async def settle(self, entry_id: int, posts: list[Post]) -> None:
        """``posts`` were edited for ``entry_id`` (decided or withdrawn): save it, and
        forget the records that carry nothing more."""
        changed, gone = [], []
        for post in posts:
            if int(entry_id) in post.entries:
                post.entries.remove(int(entry_id))
            if post.entries:
                changed.append(post)
            else:
                self._drop(post)
                gone.append(post)
        await self._write(changed, gone)

    async def rewrite(self, posts: list[Post]) -> None:
        """Save ``posts``, whose text changed while their entries still wait."""
        await self._write(posts, [])

    async def forget(self, posts: list[Post]) -> None:
        """Forget ``posts`` (left in a group the area's posts moved from): no decision
        edits them again."""
        for post in posts:
            self._drop(post)
        await self._write([], posts)

    # -- in memory -------------------------------------------------------------------

    def _add(self, post: Post) -> None:
        self._all[post.key] = post
        for entry_id in post.entries:
            self._by_entry.setdefault(entry_id, []).append(post)

    def _drop(self, post: Post) -> None:
        self._all.pop(post.key, None)
        for entry_id in post.entries:
            left = [p for p in self._by_entry.get(entry_id, ()) if p is not post]
            if left:
                self._by_entry[entry_id] = left
            else:
                self._by_entry.pop(entry_id, None)

    def _expired(self) -> list[Post]:
        """The oldest records beyond ``MAX_POSTS``, and those older than ``MAX_AGE``."""
        cutoff = self.clock() - MAX_AGE
        out = []
        extra = len(self._all) - MAX_POSTS
        for post in self._all.values():  # oldest first
            if extra <= 0 and post.at >= cutoff:
                break
            out.append(post)
            extra -= 1
        return out

    # -- in the store ----------------------------------------------------------------

    async def _write(self, put: list[Post], remove: list[Post]) -> None:
        if not self.keep or self.repo is None or not (put or remove):
            return
        docs = [(p.key, p.doc()) for p in put if p.key in self._all]
        token = RIDER.set(None)  # not the write of the update being handled
        try:
            await call(_save, self.repo, docs, [p.key for p in remove])
        except StoreError as exc:  # edited in this run still; not after a restart
            log.warning("could not save the volunteers' posts (%d): %s", len(put), exc)
        finally:
            RIDER.reset(token)


def _save(repo: Repository, put: list[tuple[int, dict[str, Any]]], remove: list[int]) -> None:
    with repo.store.transaction() as tx:
        for key, doc in put:
            tx.put(PARTITION, TABLE, key, doc)
        for key in remove:
            if tx.get(PARTITION, TABLE, key) is not None:
                tx.remove(PARTITION, TABLE, key)


def posts_of(app: _App) -> Posts:
    posts = app.bot_data.get(POSTS_KEY)
    if posts is None:  # an application not built by bot.app: in memory
        posts = app.bot_data[POSTS_KEY] = Posts()
    return posts  # type: ignore[no-any-return]


async def record_post(context: ContextTypes.DEFAULT_TYPE, entry_ids: int | Iterable[int],
                      chat_id: int, message_id: int, text: str, lang: str,
                      digest: dict[str, Any] | None = None) -> None:
    """Remember a message carrying the buttons of ``entry_ids``, to edit it once one is
    decided (``digest``: the state of a message that lists several, ``bot.digest``)."""
    ids = [entry_ids] if isinstance(entry_ids, int) else list(entry_ids)
    await posts_of(context.application).record(ids, chat_id, message_id, text, lang, digest)


async def mark_posts(context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                     said: Callable[[str, bool, bool], str],
                     swap: Callable[[str], list[tuple[str, str]]] | None = None) -> int:
    """Edit every remembered post of ``entry_id``: append the verdict (``said(lang,
    named, private)``, cut to fit one message) and drop its buttons (on a list of several entries:
    that entry's verdict, by its number, and only its buttons); ``swap(lang)``, old
    line and a new, replaces a line of the entry's text no longer true. Where the text
    cannot be edited, the buttons are still taken away. Returns how many posts are to be
    edited (in the background: ``bot.edits``).

    ``named`` is whether the post's chat may read a volunteer's name: a private chat, or
    the entry's area's volunteers' group now. A group the area's posts left (/linkgroup
    in another) may hold anyone: its posts were edited with ✅ 已由物管会主任甲 甲志愿者审核通过;
    ``said`` gives the volunteer by role alone there (``unnamed``). ``private`` is whether
    the post is in a private chat: a group, even the area's volunteers' group, is not told
    what names a resident (a rejection's reason: ``bot.group_post``)."""
    linked = await _linked_group(context, entry_id)

    def swapped(text: str, pairs: list[tuple[str, str]]) -> str:
        for old, new in pairs:
            text = text.replace(old, new) if old else text
        return text

    def verdict(post: Post) -> tuple[str, InlineKeyboardMarkup | None]:
        pairs = swap(post.lang) if swap else []
        named = post.chat > 0 or post.chat == linked  # a user's chat id is positive
        if post.digest is not None:
            if pairs:
                post.digest["blocks"] = [[i, swapped(text, pairs) if i == entry_id else text]
                                         for i, text in post.digest["blocks"]]
            return decided(post.digest, int(entry_id), said(post.lang, named, post.chat > 0))
        text = swapped(post.text, pairs)
        line = said(post.lang, named, post.chat > 0)
        if text.endswith(f"\n\n{line}"):  # a press after the edit: it shows it already
            return fit_message(text), None
        return fit_message(f"{text}\n\n{line}"), None

    return await _edit_posts(context, entry_id, verdict, delete_stuck=False, wait=False)


async def _linked_group(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> int | None:
    """The volunteers' group of ``entry_id``'s area now, when a post of it is in a group
    (None: none is, or the entry is gone)."""
    registry = posts_of(context.application)
    if all(post.chat > 0 for post in registry.of(entry_id)):
        return None
    repo = registry.repo if registry.repo is not None else context.bot_data["repo"]
    try:
        entry = await read(repo.entry, int(entry_id))
        return await read(repo.linked_group, entry.area)
    except (DomainError, StoreError):
        return None


async def withdraw_posts(context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                         gone: Callable[[str], str]) -> int:
    """Replace every remembered post of ``entry_id`` by ``gone(lang)`` (on a list of
    several entries, only that entry's part and buttons); how many are to be edited. A post
    about that entry alone whose text cannot be edited is deleted instead, since what it
    says is what its author asked to take back; failing that, its buttons go."""
    def withdrawal(post: Post) -> tuple[str, InlineKeyboardMarkup | None]:
        if post.digest is not None:
            return withdrawn(post.digest, int(entry_id), gone(post.lang))
        return gone(post.lang), None

    return await _edit_posts(context, entry_id, withdrawal, delete_stuck=True, wait=True)


async def _edit_posts(context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                      render: Callable[[Post], tuple[str, InlineKeyboardMarkup | None]],
                      *, delete_stuck: bool, wait: bool) -> int:
    """Have each remembered post of ``entry_id`` edited to ``render(post)`` in the
    background (``bot.edits``: a newer edit of a post still waiting replaces it), and
    forget them once edited; when to ``wait``, return once they are. A post whose
    text cannot be edited (too old, or Telegram refuses) is deleted when
    ``delete_stuck`` and it is about this entry alone, and otherwise, or if that fails
    too, keeps its text but loses the buttons: none is left to press. Returns how many
    posts are to be edited."""
    registry = posts_of(context.application)
    edits = edits_of(context.application)
    posts = registry.take(entry_id)
    submitted = []
    for post in posts:
        text, markup = render(post)
        submitted.append(edits.submit(
            post.chat, post.message, text, markup, entities=mentions_in(post.digest, text),
            delete_stuck=delete_stuck and post.digest is None,
            done=functools.partial(registry.settle, entry_id, [post])))
    if wait:
        for edit in submitted:
            await edit.finished.wait()
    return len(posts)


async def _on(app: Application, post: Post, method: Any, **kwargs: Any) -> Any:
    """``method`` (an edit or a deletion) on ``post``, in its turn and again after a 429
    (edits are flood-limited as messages are); never on a group's new id, where the
    same message number is another message."""
    return await paced(app, post.chat, lambda chat: method(
        chat_id=chat, message_id=post.message, **kwargs), follow=False)


async def unbutton_posts(context: ContextTypes.DEFAULT_TYPE, chat: int, area: str) -> int:
    """Take the buttons off the remembered posts in ``chat`` whose entries are all of
    ``area`` (their volunteer no longer is one there); how many. They stay remembered:
    a decision still shows on them, and a withdrawal still takes their text away. A
    post that cannot be edited keeps its buttons, which refuse a press anyway."""
    registry = posts_of(context.application)
    repo = registry.repo if registry.repo is not None else context.bot_data["repo"]
    mine = []
    for post in registry.in_chat(chat):
        areas = set()
        for entry_id in post.entries:
            try:
                areas.add((await call(repo.entry, entry_id)).area)
            except (DomainError, StoreError):
                areas.add(None)
        if areas == {area}:
            mine.append(post)
    cleared = 0
    for post in mine:
        try:
            await _on(context.application, post, context.bot.edit_message_reply_markup,
                      reply_markup=None)
            cleared += 1
        except TelegramError as exc:
            log.info("could not take the buttons off post %s in chat %s: %s", post.message,
                     post.chat, exc)
    return cleared

