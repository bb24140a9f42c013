"""What a restore does again, and what the bot's /forget drops beside the person.

A restore never brings back a person who asked to be forgotten after the backup was
made (PIPL art. 47): ``forget_again`` reads who is forgotten in the folder it replaces
and forgets them again in the restored one, withdraws again the agreement to
publication of those who withdrew it (and have not agreed since), and the submissions
their authors took back since (``withdraw_own``) that still wait for review in the
backup (``db.backup``).

Forgetting someone also drops what the bot saved under their Telegram id
(``forget_with_state``: their drafts, language and messages not yet handled) and the
Telegram id in the marks of their messages handled (``forget_marks``), whether the bot,
``steward forget`` or a restore forgets them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .entries import Entry, Status
from .errors import NotFound
from .review import WITHDRAWN_NOTE

__all__ = ["forget_again", "forget_with_state", "forget_marks", "BOT_STATE", "BOT_UPDATES"]


def _forgotten(person: dict[str, Any]) -> bool:
    return bool(person.get("forgotten"))


def _unpublished(person: dict[str, Any]) -> bool:
    """Withdrew their consent to publication and did not agree since."""
    return bool(person.get("consent_withdrawn")) and not person.get("consents")


def _withdrawn_by_author(entry: Entry) -> bool:
    """Taken back by its author before anyone decided it (``Review.withdraw_own``)."""
    last = entry.history[-1] if entry.history else {}
    return (entry.status == Status.REJECTED and last.get("note") == WITHDRAWN_NOTE
            and last.get("by") == entry.author)


def forget_again(current: Path, restored: Path) -> tuple[list[int], list[str], list[int]]:
    """Forget again, in ``restored``, the people forgotten in ``current``, withdraw
    again the consent of those who withdrew it and did not agree since, and the
    submissions their authors withdrew since: the person ids done, what could not be
    done, and the entry ids withdrawn again."""
    from .errors import DomainError
    from .repository import Repository

    try:
        repo = Repository.open(current, readonly=True)
        try:
            people = repo.people()
            gone = sorted(int(p["id"]) for p in people if _forgotten(p))
            unpublished = sorted(int(p["id"]) for p in people
                                 if _unpublished(p) and not _forgotten(p))
            # the same entry: its number, author and time of making
            taken_back = [(e.id, e.author, e.created)
                          for e in repo.entries(status=Status.REJECTED)
                          if e.author is not None and _withdrawn_by_author(e)]
        finally:
            repo.close()
    except Exception as exc:  # noqa: BLE001 - a damaged folder is why one restores
        return [], [f"who was forgotten in {current} could not be read ({exc})"], []
    again: list[int] = []
    withdrawn: list[int] = []
    left: list[str] = []
    repo = Repository.open(restored)
    try:
        # (who, done already in the restored folder when, what does it again)
        redo: list[tuple[list[int], Callable[[dict[str, Any]], bool], Callable[[int], object]]]
        redo = [(gone, _forgotten, lambda person_id: forget_with_state(repo, person_id)),
                (unpublished, _unpublished, repo.withdraw_consent)]
        for ids, skip, call in redo:
            for person_id in ids:
                person = repo.person(person_id)
                if person is None or skip(person):
                    continue
                try:
                    call(person_id)
                    again.append(person_id)
                except DomainError as exc:
                    left.append(f"person #{person_id}: {exc}")
        for entry_id, author, created in taken_back:
            try:
                entry = repo.entry(entry_id)
                if (entry.status != Status.PENDING or entry.author != author
                        or entry.created != created):
                    continue  # decided in the backup already, or not the same entry
                repo.withdraw_own(entry_id, author)
                withdrawn.append(entry_id)
            except NotFound:
                continue  # made after the backup: not in it
            except DomainError as exc:
                left.append(f"entry #{entry_id}: {exc}")
    finally:
        repo.close()
    return again, left, withdrawn


# The bot's saved state (``bot.state``: STATE, UPDATES), by partition name: db does not
# import the bot.
BOT_STATE, BOT_UPDATES = "bot/state", "bot/updates"


def forget_with_state(repo: Any, person_id: int) -> None:
    """Forget ``person_id`` in ``repo`` (a ``db.repository.Repository``), and drop what
    the bot saved under their Telegram id, as the bot's /forget does (``drop_drafts``,
    ``user_data.clear()``): their flows, drafts and language, their private chat's
    data, and their messages received and not yet handled (marked done: not handled
    again at the next start, which would register them again from it); and their
    Telegram id in the marks of their messages handled (``forget_marks``)."""
    telegram_id = (repo.person(person_id) or {}).get("telegram_id")
    repo.forget(person_id)
    if telegram_id is None:
        return
    uid, store = int(telegram_id), repo.store
    saved = [table for table in ("users", "chats") if store.get(BOT_STATE, table, uid)]
    waiting = [int(doc["doc_id"]) for doc in store.all(BOT_UPDATES, "updates")
               if not doc.get("done") and _sent_by(doc.get("update"), uid)]
    forget_marks(repo, uid)
    if not saved and not waiting:
        return
    with store.transaction() as tx:
        for table in saved:
            tx.remove(BOT_STATE, table, uid)
        for update_id in waiting:
            tx.put(BOT_UPDATES, "updates", update_id, {"done": True})


def forget_marks(repo: Any, telegram_id: int) -> int:
    """Drop the Telegram id ``telegram_id`` (someone just forgotten) from the marks of
    the updates handled (``bot.state``: the last ``KEEP``, each with its ``seen``
    fingerprint, which names a message's chat: ``m:<chat id>:<message id>:``). Their
    mark stays ``done`` without it, and a redelivered update of theirs is dropped, as
    one marked before fingerprints were; how many marks changed."""
    head = f"m:{int(telegram_id)}:"
    store = repo.store
    marks = [int(doc["doc_id"]) for doc in store.all(BOT_UPDATES, "updates")
             if doc.get("done") and str(doc.get("seen") or "").startswith(head)]
    if marks:
        with store.transaction() as tx:
            for update_id in marks:
                doc = store.get(BOT_UPDATES, "updates", update_id) or {}
                tx.put(BOT_UPDATES, "updates", update_id,
                       {k: v for k, v in doc.items() if k not in ("seen", "doc_id")})
    return len(marks)


def _sent_by(update: object, uid: int) -> bool:
    """Whether a saved Telegram update (its JSON) came from user ``uid``: its message,
    button press or other part's sender."""
    if not isinstance(update, dict):
        return False
    return any(isinstance(part, dict) and isinstance(part.get("from"), dict)
               and part["from"].get("id") == uid for part in update.values())
