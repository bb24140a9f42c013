"""/pending's entries a page at a time: one message listing several, each with its own
buttons, and 下一页 for the next ones.

/pending used to send one message per waiting entry, twenty a press: Telegram lets a bot
send about one message a second to a chat, so with sixty waiting the queue took over
twenty seconds to arrive, and pressing 待审核 again sent the same twenty again. Now the
entries come as the catch-up lists of ``bot.notices`` do (``bot.digest``): up to
``PAGE`` in one message, each with its number and what a volunteer needs to decide, and
under it a row of buttons per entry (“#12 ✅ 通过”, “#12 ❌ 驳回”). Deciding one edits the
message: its verdict, by number, its row gone, the others' left (``bot.posts``).

An entry with photos, a receipt or a voice message has a third button on its row
(“#12 📷 看照片”): it sends them, with the entry's own post and its buttons right under
them, as a single entry's post has always come; a volunteer at a door checks a receipt
and presses ✅ under it with one thumb, and the page stays as it was for the others. A
queue of one entry gets that post at once, photos first.

The 下一页 button carries the number of the last entry shown (and the area, for
/pending 城建小区): the next page is the entries after it that wait now, those decided
meanwhile left out; its count, and the page's head (共 N 条), are counted again when a
decision edits the page (``bot.page_count``). Both buttons re-check who presses: a
volunteer of the entry's area, in a private chat or that area's volunteers' group
(``bot.private_only``).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry, Status
from db.errors import DomainError

from .. import queue_order
from ..context import ERROR_MESSAGES, lang_of, read, reply, repo_of, t
from ..digest import digest_text, new_digest
from ..entry_media import MediaCache, in_group, media_of, send_entry_media
from ..flows import answer, refuse
from ..i18n import lazy, tr
from ..keyboards import button
from ..notify import QUEUE_PREFIX, describe_pending, record_post
from ..page_count import NEXT, NEXT_LABEL, NEXT_PREFIX, QUEUE, place_of
from ..post_notes import VOICE_WAITING
from ..private_only import NOT_LINKED_HERE, linked_here
from ..queue_order import grouped
from ..reach import mentions
from ..sender_line import reads_names
from ..sending import TELEGRAM_LIMIT, deliver, fit_message
from ..staff import require_staff, staff_areas
from .decided import already_decided

__all__ = ["PAGE", "HANDLERS", "send_page", "post_one", "queue_of"]

PAGE = 8  # entries in one message (each with its row of buttons)
ROOM = TELEGRAM_LIMIT - 600  # characters of descriptions in one page: verdicts come later
OPEN = re.compile(rf"^{QUEUE_PREFIX}:o:([0-9]{{1,9}})$")  # the entry's photos and post

HEAD = lazy("Waiting for approval, {first}–{last} of {n}:")
HEAD_ONE = lazy("Waiting for approval, {first} of {n}:")  # a last page of one
PHOTOS, RECEIPT, VOICE = lazy("📷 Photos"), lazy("🧾 Receipt"), lazy("🔊 Listen")
# What a post says of its media sent just above it, and what a page says instead: there
# they come with the entry's button (“照片见上” under a page with nothing above misled).
PHOTOS_ABOVE = "Photos above: {n}"  # bot.describe's msgids
RECEIPT_ABOVE = ("Receipt photo above: only volunteers see it; the site will say \"receipt "
                 "checked\".")
INVOICE_ABOVE = ("Receipt photo above: its recorder says it shows no personal data, so it will "
                 "be published with the line.")
BELOW = (
    (PHOTOS_ABOVE, lazy("Photos: {n}, press \"{button}\" below to see them")),
    (RECEIPT_ABOVE, lazy("Receipt photo: press \"{button}\" below to see it. Only volunteers "
                         "see it; the site will say \"receipt checked\".")),
    (INVOICE_ABOVE, lazy("Receipt photo: press \"{button}\" below to see it. Its recorder says "
                         "it shows no personal data, so it will be published with the line.")),
    (VOICE_WAITING, lazy("Voice message ({length}): press \"{button}\" below to listen. "
                         "Approving it needs a short written summary, which is published "
                         "instead of the voice.")))
NONE_AFTER = lazy("Nothing more is waiting after #{id}. Send /pending for the whole list "
                  "as it is now.")


async def queue_of(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                   areas: list[str], area: str) -> tuple[list[Entry], list[int]]:
    """What waits in ``areas`` (``area`` alone when given) for ``person`` to decide,
    the money first, oldest first in each (``bot.queue_order``), and the numbers of those
    they recorded and may not decide."""
    repo = repo_of(context)
    entries = [e for e in await read(repo.pending_for, person["id"]) if e.area in areas]
    if area:
        entries = [e for e in entries if e.area == area]
    own = set(await read(repo.own_waiting, person["id"]))
    return grouped(e for e in entries if e.id not in own), [e.id for e in entries
                                                             if e.id in own]


def _media_label(entry: Entry, lang: str, chat_id: int) -> str | None:
    media = in_group(chat_id, entry, media_of(entry))  # no receipt shown in a group
    if media.voice:
        return tr(lang, VOICE)
    if media.photos:
        return tr(lang, PHOTOS)
    return tr(lang, RECEIPT) if media.receipt else None


def _below(text: str, lang: str, button_text: str) -> str:
    """``text`` (an entry's post) with its lines on the media above it said for a page:
    the media come with the button ``button_text``."""
    for above, below in BELOW:
        pattern = re.escape(tr(lang, above))
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*?)", pattern)

        def said(match: re.Match[str], below: str = str(below)) -> str:
            return tr(lang, below, button=button_text, **match.groupdict())

        text = re.sub(f"^{pattern}$", said, text, flags=re.MULTILINE)
    return text


def _row(entry: Entry, markup: InlineKeyboardMarkup, lang: str, chat_id: int
         ) -> list[list[InlineKeyboardButton]]:
    """An entry's buttons on a page, each named with its number, its media's beside its
    first row (✅ ❌); its further rows (🙈 隐去名字) under it, as on its post."""
    rows = [[button(f"#{entry.id} {b.text}", str(b.callback_data)) for b in line]
            for line in markup.inline_keyboard]
    label = _media_label(entry, lang, chat_id)
    if label:
        rows[0].append(button(f"#{entry.id} {label}", f"{QUEUE_PREFIX}:o:{entry.id}"))
    return rows


async def send_page(update: Update, context: ContextTypes.DEFAULT_TYPE, entries: list[Entry],
                    before: int, area: str) -> int:
    """One message listing the first of ``entries`` (up to ``PAGE``, and what fits in a
    message), ``before`` of the queue having come before them, with 下一页 when more
    wait; remembered, so that a decision edits it. How many entries it lists."""
    chat = update.effective_chat
    assert chat is not None
    lang = lang_of(context)
    part: list[tuple[Entry, str, InlineKeyboardMarkup]] = []
    size = 0
    for entry in entries[:PAGE]:
        text, markup = await describe_pending(context, entry, lang, await read(
            reads_names, repo_of(context), chat.id, entry.area))
        label = _media_label(entry, lang, chat.id)
        text = _below(text, lang, f"#{entry.id} {label}") if label else text
        if part and size + len(text) + 2 > ROOM:
            break
        part.append((entry, text, markup))
        size += len(text) + 2
    total = before + len(entries)
    head = tr(lang, HEAD if len(part) > 1 else HEAD_ONE, first=before + 1,
              last=before + len(part), n=total)
    rows = [row for e, _, m in part for row in _row(e, m, lang, chat.id)]
    left = len(entries) - len(part)
    if left:
        data = f"{NEXT_PREFIX}:{part[-1][0].id}" + (f":{area}" if area else "")
        rows.append([button(tr(lang, NEXT_LABEL, n=left), data)])
    digest = new_digest([(0, head), *((e.id, text) for e, text, _ in part)], rows)
    digest[QUEUE] = area  # its head is counted again when a decision edits it
    body = digest_text(digest)
    message = await deliver(context.application, chat.id, body,
                            reply_markup=InlineKeyboardMarkup(rows),
                            entities=await mentions(context, [e for e, _, _ in part],
                                                    body, lang, chat.id))
    await record_post(context, [e.id for e, _, _ in part], message.chat_id,
                      message.message_id, body, lang, digest)
    return len(part)


async def post_one(context: ContextTypes.DEFAULT_TYPE, chat_id: int, entry: Entry,
                   cache: MediaCache | None = None) -> None:
    """``entry``'s own post: its photos, receipt or voice first, then its words with its
    buttons; remembered, so that a decision edits it."""
    lang = lang_of(context)
    text, markup = await describe_pending(context, entry, lang, await read(
        reads_names, repo_of(context), chat_id, entry.area))
    await send_entry_media(context, chat_id, entry, lang, cache)
    # in its turn, again after a 429 (bot.sending)
    message = await deliver(context.application, chat_id, fit_message(text), reply_markup=markup,
                            entities=await mentions(context, [entry], fit_message(text),
                                                    lang, chat_id))
    await record_post(context, entry.id, message.chat_id, message.message_id,
                      fit_message(text), lang)


async def open_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """“#12 📷 看照片” on a page: the entry's media and its own post with its buttons."""
    await answer(update)
    query = update.callback_query
    match = OPEN.match(query.data or "") if query else None
    chat = update.effective_chat
    if match is None or chat is None:
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None:
        return
    try:
        entry = await read(repo_of(context).entry, int(match.group(1)))
    except DomainError:
        entry = None
    if entry is None or entry.area not in await staff_areas(context, person):
        await reply(update, t(context, ERROR_MESSAGES["volunteer_only"]))
        return
    if not await linked_here(update, context, [entry.area]):  # its words stay out of here
        await reply(update, t(context, NOT_LINKED_HERE))
        return
    if entry.status != Status.PENDING:
        await already_decided(update, context, entry)
        return
    await post_one(context, chat.id, entry)


async def next_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """下一页: the entries waiting after the last one the page listed."""
    await answer(update)
    query = update.callback_query
    match = NEXT.match(query.data or "") if query else None
    if match is None:
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None:
        return
    areas = await linked_here(update, context, await staff_areas(context, person))
    if not areas:
        await reply(update, t(context, NOT_LINKED_HERE))
        return
    after, area = int(match.group(1)), match.group(2) or ""
    if area and area not in areas:
        area = ""
    entries, _own = await queue_of(context, person, areas, area)
    later = queue_order.after(entries, await place_of(repo_of(context), after))
    if not later:
        await reply(update, t(context, NONE_AFTER, id=after))
        return
    await send_page(update, context, later, len(entries) - len(later), area)


HANDLERS = [
    CallbackQueryHandler(open_pressed, pattern=f"^{QUEUE_PREFIX}:o:"),
    CallbackQueryHandler(next_pressed, pattern=f"^{NEXT_PREFIX}:"),
]
