"""Updates in the store (``bot.state``'s records): the queue that saves each update
before it is taken from Telegram (``Inbox``), what tells an update from another with
the same id (``fingerprint``), and each record's writes: a received update saved
(``receive``), a start at which its handling began counted (``tried``), updates given
up (``given_up``), and a step's changes to the conversations saved with its update
marked done (``step_done``), each in one transaction.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import TYPE_CHECKING, Any

from telegram import Update

from db.errors import StoreError
from db.repository import Repository
from db.store import Store, WouldBlock

from .unsaved import Unsaved, stalled_of

if TYPE_CHECKING:
    from .state import Keeper

__all__ = ["STATE", "UPDATES", "Inbox", "fingerprint", "same", "saved", "receive", "tried",
           "given_up", "step_done"]

STATE = "bot/state"  # partition: tables users, chats
UPDATES = "bot/updates"  # partition: table updates (doc id = update id)


def fingerprint(update: Update) -> str:
    """What tells an update from another with the same id: a button press's (or any
    query's) own id; a message's chat, message id and edit time; else a digest of the
    whole update. Telegram sends a redelivered update as it was, so its fingerprint is
    the same; one numbered afresh that meets a kept id is another message."""
    query = (update.callback_query or update.inline_query or update.shipping_query
             or update.pre_checkout_query)
    if query is not None:
        return f"q:{query.id}"
    message = update.effective_message
    if message is not None:
        edited = message.edit_date
        return (f"m:{message.chat_id}:{message.message_id}:"
                f"{int(edited.timestamp()) if edited else ''}")
    whole = json.dumps(update.to_dict(), sort_keys=True, ensure_ascii=False)
    return "d:" + hashlib.sha256(whole.encode()).hexdigest()[:24]


def same(saved: dict[str, Any], update: Update) -> bool:
    """Whether ``saved`` (what the store keeps under ``update``'s id) is ``update``:
    a mark kept without a fingerprint (before they were kept) is taken as the same."""
    seen = saved.get("seen")
    return seen is None or seen == fingerprint(update)


async def saved(store: Store, update_id: int) -> dict[str, Any] | None:
    """What the store holds about an update: read on the event loop when that needs
    no waiting (nearly always), else in a worker thread."""
    try:
        return store.run_inline(store.get, UPDATES, "updates", update_id)  # type: ignore[no-any-return]
    except WouldBlock:
        return await asyncio.to_thread(store.get, UPDATES, "updates", update_id)


def receive(repo: Repository, update: Update) -> str:
    """Save a received update unless it is known: "new"; "same" (saved already: not
    saved again); "other" (saved in place of a done update that had its id). One that
    meets an update received and not done yet under its id is taken as the same (two
    updates waiting under one id: not met in practice)."""
    update_id, seen = update.update_id, fingerprint(update)
    with repo.store.transaction() as tx:
        known = tx.get(UPDATES, "updates", update_id)
        if known is not None and (not known.get("done") or same(known, update)):
            return "same"
        tx.put(UPDATES, "updates", update_id, {"update": update.to_dict(), "seen": seen})
    return "new" if known is None else "other"


def tried(repo: Repository, update_id: int, saved: dict[str, Any], tries: int) -> None:
    """Count a start at which the handling of a received update began."""
    kept = {k: v for k, v in saved.items() if k != "doc_id"}
    with repo.store.transaction() as tx:
        tx.put(UPDATES, "updates", update_id, {**kept, "tries": tries})


def cut_at_stop(repo: Repository, update_id: int) -> None:
    """Take back the try counted for a received update at this start (``tried``): a
    clean stop (SIGTERM) cut its handling short, it did not stop the bot; counted
    as ``cut`` instead (``bot.state.MAX_STARTS``). What the store holds is read
    again: the step may have written (``wrote``) since its try was counted."""
    with repo.store.transaction() as tx:
        doc = tx.get(UPDATES, "updates", update_id)
        if doc is None or doc.get("done") or not doc.get("tries"):
            return
        kept = {k: v for k, v in doc.items() if k != "doc_id"}
        tx.put(UPDATES, "updates", update_id, {**kept, "tries": int(doc["tries"]) - 1,
                                               "cut": int(doc.get("cut") or 0) + 1})


def given_up(repo: Repository, given_up: list[dict[str, Any]]) -> None:
    """Mark the ``given_up`` updates (their saved documents) done."""
    with repo.store.transaction() as tx:
        for doc in given_up:
            mark = {"done": True, "given_up": True}
            if doc.get("seen"):
                mark["seen"] = doc["seen"]
            tx.put(UPDATES, "updates", int(doc["doc_id"]), mark)


def step_done(repo: Repository, update_id: int | None, users: list[dict[str, Any]],
               chats: list[dict[str, Any]], drop: list[int], seen: str | None = None
               ) -> None:
    """Save what a step changed, with its update marked done (and its fingerprint,
    ``seen``), in one transaction. A user's or chat's document left with nothing in it
    is deleted, not kept empty under their Telegram id (as after /forget cleared it)."""
    with repo.store.transaction() as tx:
        if update_id is not None:
            tx.put(UPDATES, "updates", update_id,
                   {"done": True, "seen": seen} if seen else {"done": True})
        for table, key, docs in (("users", "user", users), ("chats", "chat", chats)):
            for doc in docs:
                if doc.get("data") or doc.get("flows"):
                    tx.put(STATE, table, int(doc[key]), doc)
                elif tx.get(STATE, table, int(doc[key])) is not None:
                    tx.remove(STATE, table, int(doc[key]))
        for old in drop:
            tx.remove(UPDATES, "updates", old)


class Inbox(asyncio.Queue):  # type: ignore[type-arg]
    """The application's update queue: an update is saved (``Keeper.received``)
    before it is queued, so before the poller confirms it to Telegram (with its
    next getUpdates) and before the webhook answers 200."""

    def __init__(self) -> None:
        super().__init__()
        self.keeper: Keeper | None = None

    async def put(self, item: object) -> None:
        keeper = self.keeper
        if keeper is not None and isinstance(item, Update) and "repo" in keeper.app.bot_data:
            try:
                fresh = await keeper.received(item)
            except StoreError as exc:
                # Not saved, so not taken: the poller retries (a NetworkError is what
                # its retry loop expects) without confirming it; the webhook answers
                # 500 and Telegram sends it again later. The sender, the operator
                # and the admins are told now and then (bot/unsaved.py).
                stalled_of(keeper.app).note(item, exc)
                raise Unsaved(f"could not save update {item.update_id}: {exc}") from exc
            stalled_of(keeper.app).saved(item.update_id)
            if not fresh:
                return
        await super().put(item)

    async def put_saved(self, item: Update) -> None:
        """Queue an update the store holds already (received before a restart)."""
        await super().put(item)
