"""The bot's own state, kept in the store as JSON: conversations, drafts, and
the updates it was given. (What the keeper holds, and the documents it saves of a
user's and a chat's data, are made in ``bot.state_docs``.)

Nothing of it is pickled, and nothing is saved every few seconds: each update
is a *step*, and what the step changed is saved with it.

* **Conversations and drafts.** After each update, the conversation states
  of its user (every flow's ``ConversationHandler``) and its ``user_data``
  (the flows' drafts, the language) and ``chat_data`` are compared with what
  the store holds; what changed is written in one transaction with the
  update's id (``bot/state``: ``users``, ``chats``). At start they are read
  back (``Keeper.load``), so a restart resumes every flow at the step its
  user last saw.
* **Updates handled once.** A write a handler makes while handling an update
  carries the update's id in the same journal record (``Store.riding``;
  ``bot.context.call`` adds it): ``wrote``. When the step is over, the id is
  marked ``done``. An update seen again (Telegram redelivers one whose
  webhook answer was lost, or one fetched before a crash) is dropped if done;
  if it only ``wrote`` (the bot stopped before the step was over), its user
  is told it was saved already, and nothing is written twice.
* **Nothing fetched is lost.** Every update is saved (``received``, with its
  JSON) before the bot takes it from Telegram's queue: ``Inbox.put`` (``bot.inbox``,
  with the records' writes), which
  the poller calls before it confirms the updates to Telegram (its next
  ``getUpdates``) and the webhook before it answers 200. At start, updates
  received and not done are handled again (``Keeper.load``).

The ids of the last ``KEEP`` done updates are kept; older ones are dropped
(Telegram redelivers only recent updates). Each is kept with the update's
``fingerprint`` (its chat and message, or its button press's id): Telegram
numbers a bot's updates afresh, from a random id, after a week without any, and a
new bot token (or data that met another bot's ids, a test emulator's) numbers
from its own. An update that comes with a kept id but another fingerprint is a new
one and is handled; only the same update again is dropped. A done mark kept
before fingerprints were (no ``seen``) cannot tell, and drops it as before.

An update whose handling began at ``MAX_TRIES`` starts and never ended (one
that stops the bot each time it is handled) is given up with a log line, so
that the bot does not stop forever on it. A try is counted when its handling
begins, not when it is queued: the updates queued behind it, and those waiting
when the bot was stopped again before it reached them (a crash loop, a machine
restarted twice), are not given up with it. The updates handled again are handled
one at a time (``bot.concurrency.PerUserUpdateProcessor.one_at_a_time``), so
that the one being handled when the bot stops again is the only one whose try
counted: run together, every one of them that had begun was given up beside it.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import logging
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext

from db.errors import StoreError
from db.store import Transaction

from .context import RIDER, call, read
from .conversation import IdleConversation
from .i18n import lazy, tr
from .inbox import STATE, UPDATES, Inbox, fingerprint
from .inbox import cut_at_stop as _cut_at_stop
from .inbox import given_up as _given_up
from .inbox import receive as _receive
from .inbox import same as _same
from .inbox import saved as _saved
from .inbox import step_done as _step_done
from .inbox import tried as _tried
from .menu import menu_for
from .ptb_private import (
    ConversationKey,
    conversation_state,
    end_conversation,
    restore_chat_data,
    restore_conversation,
    restore_user_data,
)
from .sending import deliver
from .state_docs import KEY, KeeperBase, as_json

__all__ = ["Keeper", "Inbox", "STATE", "UPDATES", "KEEP", "ALREADY_SAVED", "keeper_of",
           "OLD_PICKLE", "FINISH_KEY", "fingerprint", "checkpoint_after_step"]

log = logging.getLogger(__name__)

KEEP = 10_000  # how many done update ids are remembered
MAX_TRIES = 3  # starts at which an update is handled before it is given up
# starts at which its handling began, counting those a clean stop cut short (``cut``:
# a slow step, a site build, Telegram out of reach): one that hangs is given up too
MAX_STARTS = 10
# bot_data: async (update, context) -> bool, each asked first about an update that
# wrote before the bot stopped: True when it sent what should have followed the write
# (bot.handlers.queue_saved: a volunteer's decision, whose author was not told yet).
FINISH_KEY = "finish_saved"
OLD_PICKLE = "bot-state.pickle"  # what older versions kept conversations in (never read)

ALREADY_SAVED = lazy("This was already saved before the bot restarted, so it was not saved "
                     "again. Press “Mine” to see it; if you were in the middle of something, "
                     "please start it again from the menu.")

GIVEN_UP = lazy("Sorry: the bot stopped each time it handled your last message, so it was "
               "set aside without being handled. Please send it again in another way, or "
               "start again from the menu; press “Mine” to see what is saved.")

ALREADY_SAVED_SHORT = lazy("Already saved before the bot restarted; not saved again.")

_App = Application[Any, Any, Any, Any, Any, Any]


# The update the keeper is handling, whether handled or answered as saved before a stop.
_STEP: contextvars.ContextVar[Step | None] = contextvars.ContextVar("steward_step",
                                                                    default=None)


class Step:
    """The update being handled: a write made meanwhile carries its id
    (``bot.context.RIDER``)."""

    def __init__(self, update: Update) -> None:
        self.update = update
        self.over = False  # the step has ended (its done mark is on its way)
        self.checkpoint = False  # once done: a checkpoint (``checkpoint_after_step``)

    def ride(self, tx: Transaction) -> None:
        """Stage "this update wrote" beside a write (``Store.riding``); not for a
        write a task started by the step makes after it ended (it would undo the
        update's done mark)."""
        if not self.over:
            tx.put(UPDATES, "updates", self.update.update_id,
                   {"wrote": True, "update": self.update.to_dict(),
                    "seen": fingerprint(self.update)})


def keeper_of(app: _App) -> Keeper | None:
    return app.bot_data.get(KEY)  # type: ignore[no-any-return]


class Keeper(KeeperBase):
    """Saves and restores the bot's state in the repository's store."""

    # -- start ---------------------------------------------------------------------

    async def load(self) -> int:
        """Put the saved conversations and data back, and queue the updates received
        and not done; how many were queued."""
        store = self.repo.store
        store.pinned.update((STATE, UPDATES))  # read on every update: kept in memory
        old = Path(store.root) / OLD_PICKLE
        if old.exists():
            log.warning("%s 是旧版 Steward 留下的，不会读取（pickle 文件可能运行代码），对话现在"
                        "保存在数据目录里：请删除它。 / %s is from an older Steward and is not "
                        "read (a pickle can run code); conversations are kept in the store now. "
                        "Delete it.", old, old)
        flows = {h.name: h for h in self._flows()}
        users = await asyncio.to_thread(store.all, STATE, "users")
        for doc in users:
            uid = int(doc["user"])
            doc = {k: v for k, v in doc.items() if k != "doc_id"}
            self._users[uid] = doc
            restore_user_data(self.app, uid, as_json(doc.get("data") or {}))
            for name, key, state in doc.get("flows") or []:
                handler = flows.get(name)
                if handler is not None and state is not None:
                    restore_conversation(handler, tuple(key), state)
        for doc in await asyncio.to_thread(store.all, STATE, "chats"):
            cid = int(doc["chat"])
            doc = {k: v for k, v in doc.items() if k != "doc_id"}
            self._chats[cid] = doc
            restore_chat_data(self.app, cid, as_json(doc.get("data") or {}))
        pending: list[dict[str, Any]] = []
        given_up: list[dict[str, Any]] = []
        for doc in await asyncio.to_thread(store.all, UPDATES, "updates"):
            if doc.get("done"):
                self._done.append(int(doc["doc_id"]))
            elif doc.get("update"):
                tries = int(doc.get("tries") or 0)
                starts = tries + int(doc.get("cut") or 0)
                (pending if tries < MAX_TRIES and starts < MAX_STARTS else given_up).append(doc)
        for doc in given_up:
            log.error("update %s was being handled at each of the last %d stops; it is "
                      "dropped so that the bot can run: %s", doc["doc_id"],
                      int(doc.get("tries") or 0) + int(doc.get("cut") or 0),
                      json.dumps(doc["update"], ensure_ascii=False)[:500])
        if given_up:
            # Told before it is marked given up: stopped in between, a sender is told
            # twice (at the next start again), never not at all.
            for doc in given_up:
                await self._tell_given_up(doc)
            await call(_given_up, self.repo, given_up)
        one_at_a_time = getattr(self.app.update_processor, "one_at_a_time", None)
        if one_at_a_time is not None:  # so that a try counts for the one being handled
            one_at_a_time(int(doc["update"]["update_id"]) for doc in pending)
        for doc in pending:  # oldest first: each person's updates stay in order
            update = Update.de_json(doc["update"], self.app.bot)
            self._busy.add(update.update_id)
            self._again[update.update_id] = int(doc.get("tries", 0))
            queue = self.app.update_queue
            if isinstance(queue, Inbox):
                await queue.put_saved(update)
            else:
                await queue.put(update)
        if pending:
            log.info("现在处理机器人停下前收到的 %d 条消息 / handling %d update(s) received "
                     "before the bot stopped", len(pending), len(pending))
        return len(pending)

    async def _tell_given_up(self, doc: dict[str, Any]) -> None:
        """Tell the sender of an update given up (in a private chat) that it was not
        handled, rather than leave them waiting for an answer. One that wrote is not
        told so: what it wrote is saved."""
        if doc.get("wrote"):
            return
        try:
            update = Update.de_json(doc["update"], self.app.bot)
        except Exception:  # noqa: BLE001 - an update that cannot be read: logged above
            return
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != chat.PRIVATE:
            return
        lang = (self.app.user_data.get(user.id) or {}).get("lang")
        try:
            await deliver(self.app, chat.id, tr(lang, GIVEN_UP),  # in its turn: a burst
                          reply_markup=await read(menu_for, self.app.bot_data["repo"],
                                                  user.id, lang or "zh"))
        except Exception as exc:  # noqa: BLE001 - blocked, network: the log has it
            log.warning("could not tell %s that update %s was given up: %s", chat.id,
                        doc["doc_id"], exc)

    # -- receiving -----------------------------------------------------------------

    async def received(self, update: Update) -> bool:
        """Save ``update`` before it is confirmed to Telegram; False if it is one
        already saved (redelivered): it is not queued again."""
        uid = update.update_id
        if uid in self._busy:
            log.info("dropped redelivered update %s (being handled)", uid)
            return False
        self._busy.add(uid)
        try:
            known = await call(_receive, self.repo, update)
        except BaseException:
            self._busy.discard(uid)
            raise
        if known == "same":
            self._busy.discard(uid)
            log.info("dropped redelivered update %s (done)", uid)
            return False
        if known == "other":
            self._forget_done(uid)
        return True

    def _forget_done(self, uid: int) -> None:
        """A new update came with the id of a done one (numbered afresh): the old mark
        is gone from the store, so from the ids to drop later too."""
        log.warning("update %s has the id of an earlier, different update (Telegram "
                    "numbers afresh after a week without updates, or a new bot token "
                    "does): handled as a new one", uid)
        try:
            self._done.remove(uid)
        except ValueError:
            pass

    # -- one step --------------------------------------------------------------------

    async def handle(self, update: Update, process: Any) -> None:
        """Handle ``update`` once (``process``: the application's own handling), then
        save what it changed with its id."""
        uid = update.update_id
        self._busy.add(uid)
        try:
            saved = await _saved(self.repo.store, uid)
            if saved is not None and saved.get("done"):
                if _same(saved, update):
                    log.info("dropped redelivered update %s (done)", uid)
                    return
                self._forget_done(uid)
                saved = None  # another update under a done one's id: a new one
            tries = self._again.pop(uid, None)
            if tries is not None and saved is not None:
                # One more try, counted before it is handled: an update that stops the
                # bot whenever it is handled is given up after MAX_TRIES starts.
                try:
                    await call(_tried, self.repo, uid, saved, tries + 1)
                except StoreError as exc:  # it stays received: handled at the next start
                    log.error("update %s could not be handled: %s", uid, exc)
                    return
                self._tried_now.add(uid)
            step = Step(update)
            handling = _STEP.set(step)
            try:
                if saved is not None and saved.get("wrote"):
                    await self._already_saved(update)
                else:
                    token = RIDER.set(step.ride)
                    try:
                        await process(update)
                    finally:
                        step.over = True
                        RIDER.reset(token)
            finally:
                _STEP.reset(handling)
            users, chats = self._changed(update)
            try:
                await call(_step_done, self.repo, uid, users, chats, self._old(uid),
                           fingerprint(update))
            except StoreError as exc:
                # The step is over, but the disk did not take it: the update stays
                # received, and is handled again at the next start (or, if it wrote,
                # answered as saved). Nobody was told its state was saved.
                log.error("the state after update %s could not be saved: %s", uid, exc)
                return
            self._done.append(uid)
            while len(self._done) > KEEP:
                self._done.popleft()
            for doc in users:
                self._users[int(doc["user"])] = doc
            for doc in chats:
                self._chats[int(doc["chat"])] = doc
            if step.checkpoint:
                try:
                    await asyncio.to_thread(self.repo.store.checkpoint)
                except StoreError as exc:  # the next one, when due, writes them
                    log.error("the checkpoint after update %s failed: %s", uid, exc)
        finally:
            self._busy.discard(uid)

    async def cut_at_stop(self, update_id: int) -> None:
        """A clean stop (SIGTERM) cut the handling of ``update_id`` short: the try
        counted for it at this start is taken back (``bot.inbox.cut_at_stop``). Counted
        so, a volunteer's /publish waiting for the site's build (or any step waiting for
        a slow Telegram) at three restarts in a row was given up, its sender told the
        bot had stopped each time it handled it."""
        if update_id not in self._tried_now:
            return
        self._tried_now.discard(update_id)
        try:
            await call(_cut_at_stop, self.repo, update_id)
        except StoreError as exc:  # counted as a try, as before
            log.error("update %s: the stop could not be saved as a clean one: %s",
                      update_id, exc)

    async def _already_saved(self, update: Update) -> None:
        """An update whose write was saved before the bot stopped: say so, end the
        flows it was in (their drafts are spent) and write nothing else."""
        user, chat = update.effective_user, update.effective_chat
        log.info("update %s was saved before a restart; not handled again", update.update_id)
        finished = False
        for finish in self.app.bot_data.get(FINISH_KEY) or ():
            try:  # before the drafts are dropped: a reason step's draft names its entry
                finished = await finish(update, CallbackContext.from_update(update, self.app))
            except Exception:  # noqa: BLE001 - the update is over either way
                log.exception("could not finish update %s saved before a restart",
                              update.update_id)
            if finished:
                break
        if user is not None:
            for handler in self._flows():
                for key in self._keys(handler, update):
                    if conversation_state(handler, key) is not None:
                        end_conversation(handler, key)
            data = self.app.user_data.get(user.id)
            if data:
                for name in [k for k in data if str(k).startswith("flow:")]:
                    data.pop(name, None)
        lang = (self.app.user_data.get(user.id) or {}).get("lang") if user else None
        private = chat is not None and chat.type == chat.PRIVATE
        if update.callback_query is not None:
            try:  # in a group, the note on the button is all the answer
                await update.callback_query.answer(
                    None if private else tr(lang, ALREADY_SAVED_SHORT))
            except Exception:  # noqa: BLE001 - an old query cannot be answered
                pass
        if chat is not None and private and not finished:
            await self.app.bot.send_message(chat.id, tr(lang, ALREADY_SAVED),
                                            reply_markup=await read(
                                                menu_for, self.app.bot_data["repo"],
                                                user.id if user else None,
                                                lang or "zh"))

    async def ended(self, handler: IdleConversation, keys: list[ConversationKey]) -> None:
        """Save that ``keys`` of ``handler`` ended outside an update (idle too long)."""
        users = []
        for key in keys:
            user_id = key[-1] if handler.per_user else None
            if not isinstance(user_id, int):
                continue
            doc = self._user_doc(user_id, [handler], keys=[(str(handler.name), key)])
            if doc is not None:
                users.append(doc)
        await self._save_users(users)

    async def users_changed(self, user_ids: list[int]) -> None:
        """Save the data of ``user_ids`` changed outside an update (a sweep dropped
        what had expired), their flows as they are."""
        await self._save_users([doc for user_id in user_ids
                                if (doc := self._user_doc(user_id, [])) is not None])

    async def _save_users(self, users: list[dict[str, Any]]) -> None:
        """Write users' documents changed outside an update, and keep them as saved."""
        if users:
            await call(_step_done, self.repo, None, users, [], [])
            for doc in users:
                self._users[int(doc["user"])] = doc

    def _old(self, update_id: int) -> list[int]:
        """The done update ids to forget when ``update_id`` is done (beyond ``KEEP``)."""
        extra = len(self._done) + 1 - KEEP
        return list(itertools.islice(self._done, max(0, extra)))


def checkpoint_after_step() -> bool:
    """Have the data folder's files written (``Store.checkpoint``) once the update
    being handled is done, its mark saved: someone was just forgotten, and until a
    checkpoint, due every ``checkpoint_every`` commits (weeks, on a small street),
    ``people.json`` still held her name and Telegram id, and the journal her messages
    received (with her Telegram name) and what she wrote. For an update handled or
    answered as saved after a stop (``finish_forget``). False when no update is being
    handled here (the offline chat: its store is checkpointed when it closes)."""
    step = _STEP.get()
    if step is None:
        return False
    step.checkpoint = True
    return True


