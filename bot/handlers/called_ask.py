"""Asking a volunteer before words she publishes herself go out, when they call someone
by surname (门卫老杨, 电工李师傅: ``db.chinese_names.neighbours_called``) or name one in
full (已请电工王建国明天来看: ``db.full_names``, ``bot.full_name_note.named_in``).

A project's stage note (/stage 489 施工 门卫老杨开始值晚班, or the same as a photo's
caption) goes at once to every resident of the area and to the site; a report's step
(/progress 148 已请电工老杨明天上午来看, /resolve, /close) to the reporter and the
neighbours following it; a reply to an opinion (/reply) and an answer to a question
(/answer) to their authors. Before, the bot only said afterwards how to /hide the name
from the site: the residents' chats held it already. Now such words are held
(``ask_first``) and shown as they would go and as the site would read them, with
照发 (as typed), 隐去“老杨”再发 (each word masked as /hide masks it, [姓名已隐藏], in the
words stored, sent and published) and 取消; nothing is stored, sent or published before
a press. Words calling no one go at once, as before.

What is held is kept in the volunteer's ``user_data`` (``HELD``, by a random token),
which the bot's state keeper saves with each step and reads back at start (as a flow's
draft, e.g. /expense's summary asking about a payee who reads as a person): a press
after a restart still finds it; the press's write rides its update's id, so a press
redelivered is not carried out twice, and the held words are dropped in the same step:
a second press, or one under a confirmation already used (or held over a day,
``HELD_FOR``: the news in it stale), is told so and does nothing.
The button's data names the volunteer who wrote the words; a press by anyone else (a
volunteers' group, or forged data) is refused, and the presser is checked again to be a
volunteer of the entry's area. The commands register what a press does (``doer``). A
press whose write was stored just before the bot stopped, those it tells not all told, is
finished at the next start by ``stage_saved``, ``issue_saved``, ``reply`` and ``answers``
(``held_press``)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.errors import DomainError
from db.hidden_names import hide_in
from db.public_words import public_text

from ..context import drop_buttons, read, reply, repo_of, t
from ..describe import quoted
from ..files import photo_of, save_photo
from ..flows import answer
from ..full_name_note import named_in
from ..i18n import lazy
from ..keyboards import button
from ..staff import fail, require_staff, staff_areas

__all__ = ["HANDLERS", "HELD", "PREFIX", "album_photo", "ask_first", "doer", "held_press",
           "hidden_note", "spend"]

PREFIX = "cn"  # cn:<s|h|x>:<token>:<telegram id of the volunteer who wrote it>
HELD = "called:held"  # user_data: {token: what a press sends}
MAX_HELD = 20  # the oldest are forgotten past this many
MAX_ALBUM = 10  # photos in one album, as Telegram allows
HELD_FOR = timedelta(days=1)  # a note held longer is not sent: written again if still meant

Doer = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any], dict[str, Any], str],
                Awaitable[object]]
DOERS: dict[str, Doer] = {}

ASK = lazy("Nothing has been sent yet. {words} reads like a person called by name: once sent, "
           "{who}, and it is public on the site; it cannot be taken back from their chats.")
ASK_SITE = lazy("Nothing has been saved yet. {words} reads like a person called by name: once "
                "saved, it is public on the site at once.")
AS_SENT = lazy("It would go as:\n{text}")
ON_SITE = lazy("The site would read:\n{text}")
HIDDEN = lazy("With {words} hidden, it reads:\n{text}")
SEND = lazy("Send as is")
SEND_HIDDEN = lazy("Send with {words} hidden")
NOT_YOURS = lazy("This is another volunteer's note: only the one who wrote it can send it. "
                 "Nothing was sent.")
USED = lazy("This note was already sent or cancelled (or is too old to send): nothing was done. "
            "To send it, write it again.")
NOT_AREA = lazy("You are no longer a volunteer of that area: nothing was sent.")
CANCELLED = lazy("Cancelled: nothing was sent or saved.")


def doer(act: str) -> Callable[[Doer], Doer]:
    """Registers what a press sends for words held under ``act``: ``fn(update, context,
    person, held, note)``, ``note`` the words as they are to go (masked, or as typed)."""
    def register(fn: Doer) -> Doer:
        DOERS[act] = fn
        return fn
    return register


def hidden_note(note: str, words: list[str]) -> str:
    """``note`` with each of ``words`` masked as /hide masks them ([姓名已隐藏])."""
    return hide_in(note, words)


async def ask_first(update: Update, context: ContextTypes.DEFAULT_TYPE, *, act: str, area: str,
                    note: str, who: str | None, sent: str | None, nobody: str = "",
                    everyone: bool = False, **held: Any) -> bool:
    """When ``note`` calls someone by surname, or names one in full whom the site does not
    mask already (a registered name is masked where it goes): keep what a press needs
    (``held``, JSON, with ``act``, ``area`` and ``note``), show the words as they would go
    (``sent``, to ``who``; None: to the site alone, ``nobody`` saying why nobody is told in
    a chat) and as the site would read them, with 照发 / 隐去 / 取消, and return True;
    False (nothing kept or said) when it names no one. With ``everyone`` (a stage note:
    every resident of the area reads it as typed, in her chat), a full name the site
    masks is asked about too: it is published all the same."""
    called = named_in(note)  # 门卫老杨; 王建国 (a full name)
    user = update.effective_user
    if not called or user is None or context.user_data is None:
        return False
    site = await read(public_text, repo_of(context), note, area)
    # 王秀兰 registered, 王建国 nobody's: the site and the neighbours following it read
    # [姓名已隐藏], the one person it is sent to as typed: not asked
    called = named_in(note, None if everyone else site)
    if not called:
        return False
    kept: dict[str, Any] = context.user_data.setdefault(HELD, {})
    for old in [k for k, v in kept.items() if not isinstance(v, dict) or _too_old(context, v)]:
        kept.pop(old, None)
    for old in list(kept)[:max(0, len(kept) - MAX_HELD + 1)]:
        kept.pop(old, None)
    token = secrets.token_hex(4)
    kept[token] = {**held, "act": act, "area": area, "note": note, "words": called,
                   "at": repo_of(context).clock().isoformat()}
    group = getattr(update.effective_message, "media_group_id", None)
    if group and held.get("photos"):  # an album's other photos follow: ``album_photo``
        kept[token]["group"] = str(group)
    words = quoted(called)
    text = "\n\n".join([
        t(context, ASK, words=words, who=who) if who else "\n".join(
            filter(None, [t(context, ASK_SITE, words=words), nobody])),
        *([t(context, AS_SENT, text=sent)] if sent else []), t(context, ON_SITE, text=site),
        t(context, HIDDEN, words=words, text=hidden_note(site, called))])
    tail = f"{token}:{user.id}"
    markup = InlineKeyboardMarkup([
        [button(t(context, SEND), f"{PREFIX}:s:{tail}")],
        [button(t(context, SEND_HIDDEN, words=words), f"{PREFIX}:h:{tail}")],
        [button(t(context, "Cancel"), f"{PREFIX}:x:{tail}")]])
    await reply(update, text, reply_markup=markup)
    return True


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """照发 / 隐去…再发 / 取消 under held words: sends them (masked for 隐去) as the
    command would have, once; or drops them."""
    await answer(update)
    query, user = update.callback_query, update.effective_user
    parts = ((query.data or "") if query else "").split(":")
    if len(parts) != 4 or parts[1] not in ("s", "h", "x") or user is None:
        await reply(update, t(context, USED))
        return
    _, op, token, owner = parts
    if owner != str(user.id):  # another volunteer's (a group), or forged
        await reply(update, t(context, NOT_YOURS))
        return
    kept = (context.user_data or {}).get(HELD) or {}
    held = kept.get(token) if isinstance(kept, dict) else None
    if isinstance(held, dict) and _too_old(context, held):  # 照发 a week on: not sent
        kept.pop(token, None)
        held = None
    if not isinstance(held, dict) or held.get("act") not in DOERS:
        await drop_buttons(update)
        await reply(update, t(context, USED))
        return
    if op == "x":
        kept.pop(token, None)
        await drop_buttons(update)
        await reply(update, t(context, CANCELLED))
        return
    person = await require_staff(update, context)
    if person is None:
        kept.pop(token, None)
        return
    if held.get("area") not in await staff_areas(context, person):
        kept.pop(token, None)
        await drop_buttons(update)
        await reply(update, t(context, NOT_AREA))
        return
    note = str(held.get("note") or "")
    if op == "h":
        note = hidden_note(note, [str(w) for w in held.get("words") or []])
    await DOERS[str(held["act"])](update, context, person, held, note)
    kept.pop(token, None)  # sent, or refused and said why: in this same step
    await drop_buttons(update)


def _too_old(context: ContextTypes.DEFAULT_TYPE, held: dict[str, Any]) -> bool:
    """Whether ``held`` was held longer than ``HELD_FOR`` (the news in it stale by now)."""
    try:
        at = datetime.fromisoformat(str(held.get("at")))
    except ValueError:
        return False  # held before the time was kept
    return repo_of(context).clock() - at > HELD_FOR


async def album_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Another photo of the album whose captioned photo's note is held (they come as
    messages of their own, without the caption): kept to go with it at the press, and
    said so (True); False for any other message."""
    message = update.effective_message
    group = getattr(message, "media_group_id", None)
    kept = (context.user_data or {}).get(HELD)
    if message is None or not group or message.caption or not isinstance(kept, dict):
        return False
    held = next((h for h in reversed(kept.values())
                 if isinstance(h, dict) and h.get("group") == str(group)), None)
    media = photo_of(message)
    if held is None or media is None:
        return False
    photos = held.setdefault("photos", [])
    if len(photos) < MAX_ALBUM:
        try:
            photos.append(await save_photo(update, context, media))
        except DomainError as exc:
            await reply(update, fail(context, exc))
            return True
    await reply(update, t(context, "This photo goes with the note to #{id} too ({count} "
                                   "photos). Nothing is saved until you press a button "
                                   "above.", id=held.get("id"), count=len(photos)))
    return True


def held_press(update: Update, context: ContextTypes.DEFAULT_TYPE,
               act: str) -> tuple[str, dict[str, Any], str] | None:
    """For ``update`` a press of 照发 or 隐去 under words held for ``act``, still held:
    (its token, what is held, the words as they go); else None."""
    query, user = update.callback_query, update.effective_user
    parts = (query.data or "").split(":") if query is not None else []
    if len(parts) != 4 or parts[0] != PREFIX or parts[1] not in ("s", "h") or user is None \
            or parts[3] != str(user.id):
        return None
    kept = (context.user_data or {}).get(HELD)
    held = kept.get(parts[2]) if isinstance(kept, dict) else None
    if not isinstance(held, dict) or held.get("act") != act:
        return None
    note = str(held.get("note") or "")
    if parts[1] == "h":
        note = hidden_note(note, [str(w) for w in held.get("words") or []])
    return parts[2], held, note


def spend(context: ContextTypes.DEFAULT_TYPE, token: str) -> None:
    """The held words of ``token`` are sent: a press under them does nothing more."""
    kept = (context.user_data or {}).get(HELD)
    if isinstance(kept, dict):
        kept.pop(token, None)


HANDLERS = [CallbackQueryHandler(on_press, pattern=rf"^{PREFIX}:")]
