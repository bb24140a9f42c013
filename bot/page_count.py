"""The 下一页 ▶（还有 N 条） of a page of /pending (``bot.handlers.queue_page``), counted
again when a decision edits the page (``recount_pages``, from ``bot.notify.mark_decided``):
N is what waits after the page's last entry now, for the volunteer whose chat it is (in
a group, in the areas linked there); nothing waiting, the button goes. Before, N was
counted when the page was sent: entries after it decided meanwhile (on the next page, or
by another volunteer) still counted, as long as the page stayed.

The page's head (待审核（第 1–8 条，共 12 条）) is counted again too, from everything that
waits for that chat now (its area alone for /pending 城建小区): it kept 共 12 条 after
decisions made from the page. Counted from the index, area by area; 下一页's count, the
entries after the page's last only.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram.ext import ContextTypes

from db.entries import Status
from db.errors import DomainError, StoreError
from db.people import is_admin, volunteer_areas

from .context import read
from .i18n import lazy, tr
from .keyboards import button
from .posts import posts_of
from .queue_order import key

__all__ = ["NEXT_PREFIX", "NEXT", "NEXT_LABEL", "QUEUE", "recount_pages", "waiting_after",
           "place_of"]

log = logging.getLogger(__name__)

NEXT_PREFIX = "qn"
NEXT = re.compile(rf"^{NEXT_PREFIX}:([0-9]{{1,9}})(?::([A-Za-z0-9_-]{{1,40}}))?$")
NEXT_LABEL = lazy("Next page ▶ ({n} more)")
QUEUE = "queue"  # a digest's key on a page of /pending: the area it lists ("" all)
HEAD_NOW = lazy("Waiting for approval, {n} now (those decided are marked below):")
HEAD_NONE = lazy("Waiting for approval: none now (those decided are marked below).")


async def place_of(repo: Any, entry_id: int) -> tuple[int, int]:
    """Where entry ``entry_id`` (the last of a page) comes in /pending's order
    (``bot.queue_order``: the money first), decided meanwhile or not."""
    try:
        entry = await read(repo.entry, entry_id)
    except DomainError:  # no such entry (a forged button): after all the money
        return (1, entry_id)
    return key(entry)


async def waiting_after(repo: Any, chat: int, after: int, area: str) -> int:
    """How many entries wait after number ``after`` in /pending's order (the money first,
    ``bot.queue_order``; in ``area`` alone when given) for the volunteer of the private
    chat ``chat`` to decide (not those they recorded), or in the areas linked to the
    group ``chat``. Read area by area from the index: those after ``after`` only, and
    after a page ending in the money, the rest too."""
    last = await place_of(repo, after) if after else (0, 0)
    every = [a.id for a in repo.street.areas]
    own: set[int] = set()
    if chat > 0:
        person = await read(repo.person_by_telegram, chat)
        if person is None:
            return 0
        areas = every if is_admin(person) else volunteer_areas(person)
        own = set(await read(repo.own_waiting, person["id"]))
    else:
        areas = [a for a in every if await read(repo.linked_group, a) == chat]
    n = 0
    for a in areas:
        if not area or a == area:
            waiting = await read(repo.entries, area=a, status=Status.PENDING,
                                 after=after if last[0] else 0)
            n += sum(1 for e in waiting if e.id not in own and key(e) > last)
    return n


async def recount_pages(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> None:
    """Count again the 下一页 of each page of /pending listing ``entry_id`` (about to be
    edited with its decision); drop it when nothing waits after the page."""
    repo = context.bot_data["repo"]
    for post in posts_of(context.application).of(entry_id):
        if post.digest is not None and QUEUE in post.digest:
            await _recount_head(repo, post)
        rows = post.digest["rows"] if post.digest is not None else []
        for i, row in enumerate(rows):
            data = str(row[0].callback_data or "") if len(row) == 1 else ""
            match = NEXT.match(data)
            if match is None:
                continue
            try:
                n = await waiting_after(repo, post.chat, int(match.group(1)),
                                        match.group(2) or "")
            except (DomainError, StoreError) as exc:  # the number stays as it was
                log.info("could not count the queue after post %s: %s", post.message, exc)
                continue
            rows[i] = [button(tr(post.lang, NEXT_LABEL, n=n), data)] if n else []
        if post.digest is not None:
            post.digest["rows"] = [row for row in rows if row]


async def _recount_head(repo: Any, post: Any) -> None:
    """The head of a page of /pending (its block 0) says what waits for its chat now."""
    try:
        n = await waiting_after(repo, post.chat, 0, str(post.digest[QUEUE] or ""))
    except (DomainError, StoreError) as exc:  # the head stays as it was
        log.info("could not count the queue of post %s: %s", post.message, exc)
        return
    head = tr(post.lang, HEAD_NOW, n=n) if n else tr(post.lang, HEAD_NONE)
    post.digest["blocks"] = [[i, head if i == 0 else text] for i, text in post.digest["blocks"]]
