"""Telegram as a witness: at each publish, each changed area's new chain head
(line count and the first 16 hex digits) is posted in the area's linked
volunteers' group.

A message in a group is a copy of the head that the operator cannot take
back: anyone in the group who later sees a different hash for that line on
the site knows the ledger was rewritten. The heads are signed and logged by
``db.heads.record_heads`` (the publisher calls it before each build); they are
posted only once the site that shows them has been built.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application

from db.errors import IntegrityError, StoreError
from db.witness import superseded
from site_builder.notice_content import check_url

from .alerts import fit_halves
from .context import read
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .sending import Bounds, paced, retry_seconds

__all__ = ["log_cut", "post_heads", "sign_heads", "head_text", "restored_since", "HEADS_FAILED",
           "HEADS_REFUSED",
           "MAX_RETRY_WAIT"]

log = logging.getLogger(__name__)

MAX_RETRY_WAIT = 60.0  # seconds: a longer flood wait is not waited for here
# A head is posted at a publish, in the background: two tries, and no long flood wait.
HEAD_BOUNDS = Bounds(tries=2, max_wait=MAX_RETRY_WAIT)


def restored_since(log: list[dict[str, Any]], record: dict[str, Any]
                   ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The heads of ``record``'s area that a restore superseded (``db.restore_heads``)
    since the area's head signed before ``record`` in the head log ``log``: (the head,
    the restore record), for the group that was shown them."""
    number = record.get("n")
    if not isinstance(number, int):
        return []
    gone = superseded(log)
    heads = {r.get("n"): r for r in log if r.get("type") == "head"
             and r.get("area") == record.get("area")}
    before = max((n for n in heads if isinstance(n, int) and n < number and n not in gone),
                 default=0)
    return [(heads[n], by) for n, by in sorted(gone.items())
            if n in heads and before < int(by.get("n") or 0) < number]


def head_text(area_name: str, record: dict[str, Any], lang: str = DEFAULT_LANGUAGE,
              site_url: str = "",
              restored: list[tuple[dict[str, Any], dict[str, Any]]] | None = None) -> str:
    """A head as posted in the group: with the site's address, a link that checks this
    very head on the integrity page (in the reader's browser) now or any day later; and
    first, the heads posted before that a restore since superseded (``restored_since``):
    a head of the same line with another hash is then not a rewrite, and says so."""
    text = "".join(
        tr(lang, "⚠️ A backup was restored on {day}: the head posted before for line {seq} "
                 "({head}) no longer holds, that line now reads 'lost in a restore' (the "
                 "site's head log says so, record #{n}).",
           day=str(by.get("at") or "")[:10], seq=old.get("seq"),
           head=str(old.get("head"))[:16], n=by.get("n")) + "\n"
        for old, by in restored or [])
    text += tr(lang, "📌 Ledger of {area}: {count} lines; head {head} (signed by the street "
                     "office). Keep this message: if line {count} of this ledger ever shows "
                     "another hash on the site, its history was rewritten.",
               area=area_name, count=record["seq"], head=str(record["head"])[:16])
    url = check_url(site_url, str(record["area"]), int(record["seq"]), str(record["head"]))
    if url:
        # the address on a line of its own: Telegram makes it a link whatever the
        # language's punctuation before it
        text += "\n" + tr(lang, "To check it on the site, now or any day later, open:") + \
            "\n" + url
    return text


async def _send(app: Application, chat_id: int, text: str) -> bool:
    """Post ``text`` in group ``chat_id`` in its turn (``bot.sending.paced``, within
    ``HEAD_BOUNDS``; to its new id if it became a supergroup); whether it went."""
    try:
        await paced(app, chat_id, lambda chat: app.bot.send_message(chat, text),
                    bounds=HEAD_BOUNDS)
        return True
    except RetryAfter as exc:
        log.warning("not posting the head in chat %s: flood wait %ss", chat_id,
                    retry_seconds(exc))
    except TelegramError as exc:
        log.warning("could not post the head in chat %s: %s", chat_id, exc)
    return False


async def post_heads(app: Application, records: list[dict[str, Any]]) -> int:
    """Post each area's newest head among ``records`` in its linked group (one message
    per group, whatever number of its areas changed). Returns the messages sent."""
    repo = app.bot_data["repo"]
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        if record.get("type") == "head":
            latest[str(record["area"])] = record
    by_chat: dict[int, list[str]] = {}
    street = await read(lambda r: r.street, repo)
    # the whole log (read incrementally, ``HeadLog.read``): a restore since the heads
    # posted before is said with the new head
    from db.heads import HeadLog

    whole = await asyncio.to_thread(HeadLog(repo.store.root).read) if latest else []
    settings = app.bot_data.get("settings")
    site_url = (settings.site_url if settings is not None else "") or street.site_url or ""
    for area, record in sorted(latest.items()):
        chat = await read(repo.linked_group, area)
        if chat is None:
            continue
        try:
            name = street.area(area).name
        except KeyError:
            name = area
        by_chat.setdefault(chat, []).append(head_text(
            name, record, site_url=site_url, restored=restored_since(whole, record)))
    sent = 0
    for chat, texts in by_chat.items():
        sent += await _send(app, chat, "\n\n".join(texts))
    return sent


def log_cut(repo: Any) -> bool:
    """Whether the head log lost records at its end (``db.heads.log_cut``: against
    ``heads.seen`` and the start check's mark, as ``steward verify`` asks): asked only
    when signing failed, so that the site does not publish the log without them."""
    from db.heads import log_cut as cut

    return cut(repo) is not None


HEADS_FAILED = lazy("The chain heads could not be signed: {error}")
# bot_data key: the code of the IntegrityError the last signing refused with ('' if
# none): a ledger that no longer extends its signed heads, a cut log, a clock set back
HEADS_REFUSED = "heads_refused"


async def sign_heads(app: Application) -> tuple[list[dict[str, Any]], str]:
    """Sign and log the new heads before a build (in a worker thread: it waits for the
    disk); returns the new records and, if signing failed, why."""
    from db.heads import record_heads

    repo = app.bot_data.get("repo")
    if repo is None:
        return [], ""
    app.bot_data[HEADS_REFUSED] = ""
    try:
        return await asyncio.to_thread(record_heads, repo), ""
    except IntegrityError as exc:  # the ledger or the log not sound: nothing is published
        log.error("not signing the chain heads: %s", exc)
        app.bot_data[HEADS_REFUSED] = exc.code
        return [], fit_halves(str(exc))
    except (OSError, StoreError) as exc:  # the disk (full, read-only): said plainly
        log.error("could not sign the chain heads: %s", exc)
        return [], fit_halves(str(exc))
    except Exception as exc:  # noqa: BLE001 - told to the admins; the site is still built
        log.exception("could not sign the chain heads")
        return [], fit_halves(str(exc))
