"""Messages the bot sends on its own: to an entry's author when its status
changes, to an area's volunteers (and its linked volunteers' group) when
something waits for them, and to an area's residents.

Every message goes out in the recipient's language: a parameter that is a
``Msg`` is translated for each recipient, a ``PerLanguage`` picks the
recipient's language. A recipient who blocked the bot must not break the
handler of the person who acted, so failures are logged and counted, never
raised. A text longer than one Telegram message (4,096 characters, counted
as Telegram counts them) is sent in parts (``split_message``), and the
caller learns how many parts went, so that the volunteer who acted can be
told the truth about what was delivered.

Pending entries are posted with Approve / Reject buttons (``notify_pending``; their
text and buttons: ``bot.describe``);
each post is remembered (``bot.posts``: in the store when the bot keeps its
state, so across a restart too) so that ``mark_decided`` can edit every copy
to show who acted, wherever the decision was taken. An entry's
photos (an album), receipt photo and voice message go just before its post
(``bot.entry_media``), so that whoever approves it has seen and heard them
(the site says "收据已核验" for receipts it does not show).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry

from .context import call, read, repo_of
from .describe import (
    QUEUE_PREFIX,
    SEPARATE,
    SHARED,
    VOICE,
    VOICE_TYPED,
    describe_entry,
    describe_pending,
    pending_keyboard,
)
from .entry_media import MediaCache, send_entry_media
from .i18n import DEFAULT_LANGUAGE, tr
from .page_count import recount_pages
from .posts import POSTS_KEY, mark_posts, record_post, unnamed
from .posts import withdraw_posts as replace_posts
from .reach import mentions
from .sender_line import reads_names
from .sending import (
    TELEGRAM_LIMIT,
    Unwanted,
    deliver,
    fan_out,
    fit_message,
    may_have_gone,
    split_message,
)

# buttons under a message, or a menu under the typing field (a new volunteer's: bot.menu)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup

__all__ = ["send_to_person", "split_message", "fit_message", "TELEGRAM_LIMIT",
           "notify_author", "notify_volunteers", "notify_residents", "broadcast",
           "notify_households", "notify_residents_once", "notify_volunteers_once",
           "notify_once", "told_of", "opened_key", "send_once", "post_once",
           "notify_author_once", "notify_group_once",
           "pending_targets", "post_pending",
           "notify_pending", "mark_decided", "record_post", "describe_entry", "post_to_person",
           "describe_pending", "pending_keyboard", "notify_household",
           "withdraw_posts", "Msg", "PerLanguage", "QUEUE_PREFIX", "POSTS_KEY", "SEPARATE",
           "SHARED", "VOICE", "VOICE_TYPED"]

log = logging.getLogger(__name__)


class Msg(str):
    """A message id used as a parameter: translated into each recipient's language."""


class PerLanguage(dict):  # type: ignore[type-arg]
    """A parameter already written in each language: {"zh": ..., "en": ...}. A
    ``db.labels.Label`` works the same way."""


def _params(lang: str, params: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in params.items():
        if isinstance(value, Msg):
            value = tr(lang, value)
        elif isinstance(value, PerLanguage):
            value = value.get(lang) or value.get(DEFAULT_LANGUAGE) or ""
        elif isinstance(value, labels.Label):
            value = value.word(lang)
        out[key] = value
    return out


async def send_to_person(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any] | None,
                         msgid: str, /, reply_markup: Markup | None = None,
                         **params: Any) -> int:
    """Send ``msgid`` translated into the person's language, in as many messages as it
    takes; returns how many were sent, or 0 if it did not all go (nobody to send to,
    or Telegram refused a part)."""
    if not person or not person.get("telegram_id"):
        return 0
    return await _send_to_chat(context, int(person["telegram_id"]),
                               person.get("language") or DEFAULT_LANGUAGE, msgid,
                               reply_markup, f"person {person.get('id')}", params)


async def post_to_person(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any] | None,
                         msgid: str, /, reply_markup: InlineKeyboardMarkup | None = None,
                         **params: Any) -> bool:
    """Send ``msgid`` with its buttons to the person, in their language, as one message
    (cut to fit), and remember it as a post of the entry ``params["id"]``
    (``bot.posts``), to be edited once that is decided (``mark_posts``); whether it
    went."""
    if not person or not person.get("telegram_id"):
        return False
    lang = person.get("language") or DEFAULT_LANGUAGE
    text = fit_message(tr(lang, msgid, **_params(lang, params)))
    try:
        message = await deliver(context.application, int(person["telegram_id"]), text,
                                reply_markup=reply_markup)
    except TelegramError as exc:
        log.warning("could not message person %s: %s", person.get("id"), exc)
        return False
    await record_post(context, int(params["id"]), message.chat_id, message.message_id, text,
                      lang)
    return True


async def _send_to_chat(context: ContextTypes.DEFAULT_TYPE, chat_id: int, lang: str,
                        msgid: str, reply_markup: Markup | None, who: str,
                        params: dict[str, Any]) -> int:
    """``send_to_person`` to a chat in ``lang`` (``who``: for the log)."""
    parts = split_message(tr(lang, msgid, **_params(lang, params)))
    for n, part in enumerate(parts):
        try:  # in its turn, within Telegram's limits (bot.sending)
            await deliver(context.application, chat_id, part,
                          reply_markup=reply_markup if n == len(parts) - 1 else None)
        except TelegramError as exc:
            log.warning("could not message %s (part %d of %d): %s", who, n + 1, len(parts),
                        exc)
            return 0
    return len(parts)


async def notify_group(context: ContextTypes.DEFAULT_TYPE, area: str, msgid: str, /,
                       **params: Any) -> int:
    """Post ``msgid`` in ``area``'s linked volunteers' group (``/linkgroup``), if it has
    one, in the default language; how many messages it took (0: no group, or it did
    not go)."""
    group = await read(repo_of(context).linked_group, area)
    if group is None:
        return 0
    return await _send_to_chat(context, group, DEFAULT_LANGUAGE, msgid, None,
                               f"the group of {area}", params)


async def notify_author(context: ContextTypes.DEFAULT_TYPE, entry: Entry, msgid: str, /,
                        markup: Callable[[str], InlineKeyboardMarkup] | None = None,
                        **params: Any) -> int:
    """Tell the author of ``entry`` (if it has one) about a change; how many messages it
    took (0: it did not reach them). ``markup``: the buttons to add, made in the
    author's language."""
    if entry.author is None:
        return 0
    person = await read(repo_of(context).person, entry.author)
    buttons = markup(person.get("language") or DEFAULT_LANGUAGE) if markup and person else None
    return await send_to_person(context, person, msgid, reply_markup=buttons, id=entry.id,
                                **params)


async def notify_volunteers(context: ContextTypes.DEFAULT_TYPE, area: str, msgid: str, /,
                            reply_markup: InlineKeyboardMarkup | None = None,
                            exclude: int | None = None, **params: Any) -> int:
    """Tell every volunteer of ``area`` (or the admins when it has none); returns how many
    were reached. ``exclude`` is a person id not to message (the one who acted)."""
    sent = 0
    for person in await _stewards(context, area, exclude):
        sent += bool(await send_to_person(context, person, msgid, reply_markup=reply_markup,
                                          **params))
    return sent


async def _stewards(context: ContextTypes.DEFAULT_TYPE, area: str,
                    exclude: int | None) -> list[dict[str, Any]]:
    """The volunteers of ``area`` but ``exclude``; the admins when that leaves nobody."""
    repo = repo_of(context)
    people = [p for p in await read(repo.people, volunteer_of=area) if p["id"] != exclude]
    if not people:
        people = [p for p in await read(repo.people, admins=True) if p["id"] != exclude]
    return people


async def notify_residents(context: ContextTypes.DEFAULT_TYPE, area: str, msgid: str, /,
                           markup: Callable[[str], InlineKeyboardMarkup] | None = None,
                           **params: Any) -> int:
    """Tell every confirmed resident of ``area``; returns how many were reached.
    ``markup``: the buttons to add, made in each resident's language."""
    people = await read(repo_of(context).people, resident_of=area)
    return await broadcast(context, people, msgid, markup=markup, **params)


def opened_key(vote_id: int) -> str:
    """The ``notify_residents_once`` key of the notice that vote ``vote_id`` is open."""
    return f"opened:{vote_id}"


async def notify_residents_once(context: ContextTypes.DEFAULT_TYPE, area: str, key: str,
                                msgid: str, /,
                                markup: Callable[[str], InlineKeyboardMarkup] | None = None,
                                **params: Any) -> int:
    """``notify_residents``, each resident once for ``key`` (``opened_key``), even
    across a stop in the middle: each resident is recorded (``db.reminders``) just
    before their message leaves, and one recorded is not sent it again. A kill while a
    message is on its way loses that one (at most once: ``bot.sending.paced`` says
    why); those not yet recorded are sent theirs after the restart. How many were
    reached now."""
    people = await read(repo_of(context).people, resident_of=area)
    return await notify_once(context, people, key, msgid, markup=markup, **params)


async def notify_volunteers_once(context: ContextTypes.DEFAULT_TYPE, area: str, key: str,
                                 msgid: str, /, exclude: int | None = None,
                                 residents: bool = True, **params: Any) -> int:
    """``notify_volunteers``, each volunteer once for ``key``, even across a stop in
    the middle (as ``notify_residents_once``); how many were reached now. Not
    ``residents``: a volunteer who is a resident of ``area`` is left out (she is sent
    the same message as one)."""
    people = await _stewards(context, area, exclude)
    if not residents:
        living = {p["id"] for p in await read(repo_of(context).people, resident_of=area)}
        people = [p for p in people if p["id"] not in living]
    return await notify_once(context, people, key, msgid, **params)


async def notify_once(context: ContextTypes.DEFAULT_TYPE, people: list[dict[str, Any]],
                      key: str, msgid: str, /,
                      markup: Callable[[str], Markup] | None = None,
                      **params: Any) -> int:
    """``broadcast`` to those of ``people`` not recorded yet for ``key``; how many were
    reached now. Each is recorded (``db.reminders``) as told durably when their
    message's turn has come, just before it leaves (``bot.sending.paced``: at most
    once; a kill while it is on its way loses that one, and none is sent twice), and
    the record is undone when Telegram refuses it (not told: tried again next time)."""
    repo = repo_of(context)
    done = await read(repo.reminded, key)

    async def one(person: dict[str, Any]) -> int:
        if not person.get("telegram_id"):
            return 0
        lang = person.get("language") or DEFAULT_LANGUAGE
        buttons = markup(lang) if markup else None
        return bool(await _send_once(context, person, lang, key, msgid, buttons, params))

    return await fan_out([p for p in people if p["id"] not in done], one)


async def _send_once(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any], lang: str,
                     key: str, msgid: str, reply_markup: Markup | None,
                     params: dict[str, Any], *, chat_id: int | None = None,
                     post: int | None = None) -> int:
    """``msgid`` to ``person`` (to ``chat_id`` when given: a group, claimed as
    ``person["id"]``), recorded as told of ``key`` at its turn before it leaves
    (``notify_once``); how many messages went (0: none; the first part at least is
    told). ``post``: the entry whose post it is (one message, cut to fit, remembered to
    be edited once decided: ``post_to_person``)."""
    repo = repo_of(context)
    chat_id = int(person["telegram_id"]) if chat_id is None else chat_id
    text = tr(lang, msgid, **_params(lang, params))
    parts = [fit_message(text)] if post is not None else split_message(text)
    claimed = False

    async def claim() -> bool:
        nonlocal claimed
        claimed = bool(await call(repo.claim_reminder, key, [person["id"]]))
        return claimed

    async def release() -> None:  # not told: refused, or cancelled before it left
        nonlocal claimed
        if claimed:
            claimed = False
            await call(repo.release_reminder, key, person["id"])

    try:
        message = await deliver(context.application, chat_id, parts[0], ready=claim,
                                unready=release,
                                reply_markup=reply_markup if len(parts) == 1 else None)
    except Unwanted:  # told already (another sending at once): nothing sent
        return 0
    except TelegramError as exc:
        log.warning("could not message person %s: %s", person.get("id"), exc)
        if not may_have_gone(exc):
            await release()  # refused: not told, tried again by the next sending
        return 0
    if post is not None:
        await record_post(context, post, message.chat_id, message.message_id, parts[0], lang)
    for n, part in enumerate(parts[1:], 2):
        try:
            await deliver(context.application, chat_id, part,
                          reply_markup=reply_markup if n == len(parts) else None)
        except TelegramError as exc:
            log.warning("could not message person %s (part %d of %d): %s", person.get("id"),
                        n, len(parts), exc)
            return n - 1
    return len(parts)


async def send_once(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any] | None,
                    key: str, msgid: str, /, reply_markup: Markup | None = None,
                    **params: Any) -> int:
    """``send_to_person``, once for ``key``: recorded as told (``db.reminders``) at its
    turn, durably, just before it leaves, so that a telling a stop cut short and
    finished at the next start (a handler's ``finish_saved``), or a redelivered update,
    never sends it twice (at most once: ``bot.sending.paced`` says why); the record is
    undone when Telegram refuses it. How many messages went now (0: none, or told
    before: ``reminded``)."""
    if not person or not person.get("telegram_id"):
        return 0
    return await _send_once(context, person, person.get("language") or DEFAULT_LANGUAGE,
                            key, msgid, reply_markup, params)


async def post_once(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any] | None,
                    key: str, msgid: str, /, reply_markup: InlineKeyboardMarkup | None = None,
                    **params: Any) -> bool:
    """``post_to_person``, once for ``key`` (as ``send_once``); whether it went now."""
    if not person or not person.get("telegram_id"):
        return False
    return bool(await _send_once(context, person, person.get("language") or DEFAULT_LANGUAGE,
                                 key, msgid, reply_markup, params, post=int(params["id"])))


async def notify_author_once(context: ContextTypes.DEFAULT_TYPE, entry: Entry, key: str,
                             msgid: str, /,
                             markup: Callable[[str], InlineKeyboardMarkup] | None = None,
                             **params: Any) -> int:
    """``notify_author``, once for ``key`` (as ``send_once``); how many messages went
    now (0: none, or she was told before)."""
    if entry.author is None:
        return 0
    person = await read(repo_of(context).person, entry.author)
    buttons = markup(person.get("language") or DEFAULT_LANGUAGE) if markup and person else None
    return await send_once(context, person, key, msgid, reply_markup=buttons, id=entry.id,
                           **params)


async def notify_group_once(context: ContextTypes.DEFAULT_TYPE, area: str, key: str,
                            msgid: str, /, **params: Any) -> int:
    """``notify_group``, once for ``key`` (as ``send_once``; the group recorded as told
    by its chat id without its sign); how many messages went now (0: no group, told
    before, or it did not go)."""
    group = await read(repo_of(context).linked_group, area)
    if group is None:
        return 0
    return await _send_once(context, {"id": abs(group)}, DEFAULT_LANGUAGE, key, msgid, None,
                            params, chat_id=group)


async def told_of(context: ContextTypes.DEFAULT_TYPE, key: str) -> int:
    """How many were reached by ``notify_residents_once`` of ``key``, now or before."""
    return len(await read(repo_of(context).reminded, key))


async def broadcast(context: ContextTypes.DEFAULT_TYPE, people: list[dict[str, Any]],
                    msgid: str, /, markup: Callable[[str], InlineKeyboardMarkup] | None = None,
                    **params: Any) -> int:
    """Send ``msgid`` to each of ``people``, several on their way at once within
    Telegram's limits (``bot.sending``); how many it reached. ``markup``: buttons
    made in each person's language."""
    async def one(person: dict[str, Any]) -> int:
        buttons = markup(person.get("language") or DEFAULT_LANGUAGE) if markup else None
        return bool(await send_to_person(context, person, msgid, reply_markup=buttons,
                                         **params))

    return await fan_out(people, one)


async def notify_households(context: ContextTypes.DEFAULT_TYPE, area: str,
                            households: list[str] | set[str], msgid: str, /,
                            exclude: int | None = None, **params: Any) -> int:
    """Tell the confirmed residents of these households of ``area`` (but ``exclude``,
    a person id); returns how many were reached."""
    wanted = set(households)
    people = await read(repo_of(context).people, resident_of=area)
    sent = 0
    for person in people:
        if person.get("household") in wanted and person["id"] != exclude:
            sent += await send_to_person(context, person, msgid, **params)
    return sent


async def notify_household(context: ContextTypes.DEFAULT_TYPE, household: str, msgid: str, /,
                           exclude: int | None = None, key: str | None = None,
                           **params: Any) -> int:
    """Tell every confirmed resident of ``household`` (but the person ``exclude``);
    returns how many were reached. With ``key``, each once (``notify_once``)."""
    people = await read(repo_of(context).residents_of, household, exclude=exclude)
    if key is not None:
        return await notify_once(context, people, key, msgid, **params)
    sent = 0
    for person in people:
        sent += await send_to_person(context, person, msgid, **params)
    return sent


# -- the approval queue's posts ----------------------------------------------------


async def pending_targets(context: ContextTypes.DEFAULT_TYPE, entry: Entry
                          ) -> list[tuple[int, str]]:
    """The chats a new pending ``entry`` is posted to, with their language: the
    volunteers of its area but its author (the admins when nobody else is left), and
    the area's linked volunteers' group chat."""
    repo = repo_of(context)
    targets: list[tuple[int, str]] = [
        (int(p["telegram_id"]), p.get("language") or DEFAULT_LANGUAGE)
        for p in await _stewards(context, entry.area, entry.author) if p.get("telegram_id")]
    group = await read(repo.linked_group, entry.area)
    if group is not None:
        targets.append((group, DEFAULT_LANGUAGE))
    return targets


async def post_pending(context: ContextTypes.DEFAULT_TYPE, entry: Entry, chat_id: int,
                       lang: str, cache: MediaCache,
                       texts: dict[tuple[str, bool], tuple[str, InlineKeyboardMarkup]]
                       | None = None) -> bool:
    """Post ``entry`` (its media first) with its buttons to one chat; whether it went.
    ``texts``: its descriptions by language and whether they name a resident sender."""
    texts = {} if texts is None else texts
    key = (lang, await read(reads_names, repo_of(context), chat_id, entry.area))
    if key not in texts:
        text, markup = await describe_pending(context, entry, lang, key[1])
        texts[key] = (fit_message(tr(lang, "Waiting for approval:") + "\n" + text), markup)
    await send_entry_media(context, chat_id, entry, lang, cache)
    named = await mentions(context, [entry], texts[key][0], lang, chat_id) if key[1] else None
    try:
        message = await deliver(context.application, chat_id, texts[key][0],
                                reply_markup=texts[key][1],  # within Telegram's limits
                                entities=named)
    except TelegramError as exc:
        log.warning("could not post pending #%s to chat %s: %s", entry.id, chat_id, exc)
        return False
    await record_post(context, entry.id, message.chat_id, message.message_id, texts[key][0],
                      lang)
    return True


async def notify_pending(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> int:
    """Post a new pending ``entry`` with Approve / Reject buttons, now, to the chats of
    ``pending_targets``. Returns how many chats were reached. (A resident's flow hands
    its entry to ``bot.notices.queue_pending`` instead: sent in the background, several
    new entries for one chat in one message.)"""
    sent = 0
    texts: dict[tuple[str, bool], tuple[str, InlineKeyboardMarkup]] = {}
    cache = MediaCache()  # each photo or voice message is uploaded once
    for chat_id, lang in await pending_targets(context, entry):
        sent += await post_pending(context, entry, chat_id, lang, cache, texts)
    notices = context.application.bot_data.get("notices")  # bot.notices: not owed at start
    if notices is not None:
        notices.posted(entry.id)
    return sent


async def mark_decided(context: ContextTypes.DEFAULT_TYPE, entry_id: int, verdict: str, /,
                       swap: Callable[[str], list[tuple[str, str]]] | None = None, *,
                       plain: str | None = None, grouped: str | None = None,
                       **params: Any) -> int:
    """Edit every remembered post of ``entry_id`` (``bot.posts``): append ``verdict`` (a
    msgid, translated per post) and drop its buttons (and ``swap``, per language, a line
    for another: ``bot.post_notes.summarised``); how many posts were edited. A post in a
    group that is not the area's volunteers' group reads ``plain`` instead when given
    (a rejection without its reason), the volunteer by role alone (``bot.posts``); a post
    in the area's volunteers' group reads ``grouped`` when given (a rejection naming her
    by name, its reason in the private chats: ``bot.group_post``)."""
    await recount_pages(context, entry_id)  # a page's 下一页（还有 N 条）, true again

    def said(lang: str, named: bool, private: bool) -> str:
        msgid = verdict if private else (grouped or verdict) if named else plain or verdict
        return tr(lang, msgid, **_params(lang, params if named else unnamed(params)))

    return await mark_posts(context, entry_id, said, swap)


async def withdraw_posts(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> int:
    """Replace every remembered post of ``entry_id`` (its author asked to be forgotten):
    the post said who they are and what they sent; now it says only that it is gone
    (on a message listing several entries, only that entry's part and buttons)."""
    return await replace_posts(context, entry_id, lambda lang: tr(
        lang, "#{id} was withdrawn by its author, who asked for their personal data to be "
              "deleted.", id=entry_id))
