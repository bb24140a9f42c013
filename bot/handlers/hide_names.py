"""🙈 隐去名字: a volunteer hides words (the name of someone the street does not know) from
the public reading of an entry (``db.hidden_names``), before approving it or once it is
public.

李建国把垃圾堆在楼道 was approved as typed (the site masks only the names of people the
street knows) or rejected, and the elderly author typed it all again. Now the post of a
waiting report, opinion, question, correction or minutes (and its row in 待审核) has
🙈 隐去名字 (``q:h:<id>``); ``/hide N`` does the same for an entry already public (a
neighbour asks for her name to be taken off: the next build hides it), ``/hide N 李建国
王大明`` at once; ``/hide 489 老杨`` too for a project's stage notes, published at once
by /stage (whose reply gives that command when a note calls someone by surname:
``bot.called_words``). The bot asks for the words (a ForceReply, naming the presser in a group:
``bot.force_reply``), keeps them (``Repository.hide_words``, which checks her role in the
entry's area, so a forged button changes nothing) and shows what the public will read,
with ✅ / ❌ when it waits. Words not in the text, too short or too long are said and
asked again, nothing lost.

The author is told, once, which of her words the site does not show and why (a street
office says what it did to a resident's words, so that she is not surprised by the
site, and does not blame her): her own words, in her private chat. The words are never
shown anywhere public.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler

from db import labels
from db.entries import Entry, Kind, Status, is_public
from db.errors import DomainError
from db.hidden_names import (
    MAX_HIDDEN,
    MAX_WORD,
    MIN_WORD,
    STAGES,
    authors_words,
    hidden_entry,
    hidden_of,
)
from db.public_words import public_text, public_words

from ..commands import Audience, Command, Flow
from ..context import call, lang_of, read, reply, repo_of, t
from ..describe import DESCRIPTION_TEXT_LIMIT, pending_keyboard, quoted
from ..flows import (
    TEXT_INPUT,
    answer,
    clean_text,
    current_draft,
    drop_draft,
    new_draft,
    refuse,
    states,
    typed,
    unexpected,
)
from ..force_reply import asked
from ..hidden_posts import posted_descriptions, show_hidden_on_posts
from ..i18n import lazy
from ..notify import QUEUE_PREFIX, notify_once
from ..posts import record_post
from ..sending import deliver, fit_message
from ..staff import NUMBER_THEN, entry_id_of, fail, number_and_text, require_staff

__all__ = ["COMMANDS", "split_words", "ANY_REPORT"]

log = logging.getLogger(__name__)

FLOW = "hide"
TOLD_KEY = "hidden"  # hidden:<entry id>:<words hidden>: its author told of them (db.reminders)
(WORDS,) = states(FLOW, "words")
BUTTON = re.compile(rf"^{QUEUE_PREFIX}:h:([0-9]{{1,9}})$")
SEPARATORS = re.compile(r"[\s,，、;；/]+")

ASK = lazy("Which words of #{id} should the website not show? Reply with them as written, "
           "e.g. a neighbour's full name; several separated by spaces or commas. They are shown "
           "as [姓名已隐藏]; the rest is published as typed. Or reply 取消 (cancel).")
ANY_REPORT = 0  # q:h:0, under 报事处理's list: the number is asked with the words
ASK_WHICH = lazy("Which report, and which of its words should the website not show? Reply with "
                 "its number and the words as written, e.g. “147 李建国”. They are shown as "
                 "[姓名已隐藏]; the rest is published as typed. Or reply 取消 (cancel).")
HIDDEN_WAITING = lazy("#{id}: {words} will be hidden on the website. It will read:\n{text}\n"
                      "Approve it now?")
HIDDEN_PUBLIC = lazy("#{id}: {words} will be hidden on the website at its next update (usually "
                     "within minutes). It will read:\n{text}")
NOT_IN_TEXT = lazy("“{word}” is not in the words of #{id}. Write it exactly as it appears in the "
                   "text (e.g. the full name), or reply 取消 (cancel).")
TOO_SHORT = lazy("“{word}” is too short: write at least {min} characters (e.g. the full name, "
                 "not the surname alone), or reply 取消 (cancel).")
TOO_LONG = lazy("A word to hide is at most {max} characters; write the name alone, or reply "
                "取消 (cancel).")
TOO_MANY = lazy("#{id} can have at most {max} hidden words ({left} more). If more must go, "
                "reject it with the reason and ask the author to write it again.")
NO_WORDS = lazy("Please write the words to hide, or reply 取消 (cancel).")
CANNOT = lazy("The words of #{id} ({kind}) cannot be hidden here: only those of a report, an "
              "opinion, a question, a correction, minutes or a project's stage notes.")
NOT_IN_NOTES = lazy("“{word}” is not in the stage notes of project #{id}: only they can be "
                    "hidden (its title and description, voted on, stay as published). Write a "
                    "word of a note exactly as it appears, or reply 取消 (cancel).")
NOT_SHOWN = lazy("#{id} is not shown to anyone (it is {status}): there is nothing to hide.")
USAGE = lazy("Usage: /hide <number> [words], e.g. /hide 12 李建国: the website shows the words as "
             "[姓名已隐藏]. Or press \"🙈 Hide a name…\" under a waiting entry.")
TOLD_AUTHOR_WAITING = lazy("To protect other people's privacy, when your {kind} #{id} is "
                           "published the website will not show {words} (it shows "
                           "[姓名已隐藏] instead). The rest is unchanged; you need not do "
                           "anything.")
TOLD_AUTHOR = lazy("To protect other people's privacy, a volunteer hid these words of your {kind} "
                   "#{id} on the website: {words} (shown as [姓名已隐藏]). The rest is "
                   "unchanged; you need not do anything.")


def split_words(text: str) -> list[str]:
    """The words she typed, separated by spaces, commas, 、 or semicolons."""
    return [w for w in SEPARATORS.split(clean_text(text)) if w]


async def hide_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/hide N [words]: hides the words at once; without them, asks for them."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    entry_id, text = number_and_text(update)
    if entry_id is None:
        await reply(update, t(context, USAGE))
        return ConversationHandler.END
    if not text:
        return await _ask(update, context, person, entry_id)
    return await _hide(update, context, person, entry_id, split_words(text))


async def hide_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed 🙈 under a waiting entry's post for the words."""
    await answer(update)
    query = update.callback_query
    match = BUTTON.match(query.data or "") if query else None
    if match is None:
        await refuse(update, context)
        return ConversationHandler.END
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    if int(match.group(1)) == ANY_REPORT:  # 报事处理's: which report is typed with the words
        new_draft(context, FLOW, id=ANY_REPORT)
        text, more = asked(update, t(context, ASK_WHICH))
        await reply(update, text, **more)
        return WORDS
    return await _ask(update, context, person, int(match.group(1)))


async def words_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Hides the words just sent from the entry the flow asked about."""
    d = current_draft(context, FLOW)
    person = await require_staff(update, context)
    if person is None or not d:
        drop_draft(context, FLOW)
        return ConversationHandler.END
    words = split_words(typed(update))
    entry_id = int(d["id"])
    if entry_id == ANY_REPORT:  # "147 李建国": the number first
        glued = NUMBER_THEN.fullmatch(words[0]) if words else None  # 147：李建国
        if glued and glued.group(2):
            words[:1] = list(glued.groups())
        number = entry_id_of(words[0]) if words else None
        if number is None:
            await reply(update, t(context, ASK_WHICH))
            return WORDS
        entry_id, words = number, words[1:]
        if not words:
            return await _ask(update, context, person, entry_id)
        new_draft(context, FLOW, id=entry_id)  # words not in its text are asked again
    if not words:
        await reply(update, t(context, NO_WORDS))
        return WORDS
    return await _hide(update, context, person, entry_id, words)


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               entry_id: int) -> object:
    """Checks the caller may hide words of the entry, then asks for them."""
    try:
        await read(repo_of(context).hideable, entry_id, person["id"])
    except DomainError as exc:
        await _refused(update, context, exc, entry_id)
        return ConversationHandler.END
    new_draft(context, FLOW, id=entry_id)
    text, more = asked(update, t(context, ASK, id=entry_id))
    await reply(update, text, **more)
    return WORDS


async def _refused(update: Update, context: ContextTypes.DEFAULT_TYPE, exc: DomainError,
                   entry_id: int) -> bool:
    """Says why the words were not hidden; whether she may send other words."""
    p = exc.params
    typed_again: dict[str, tuple[Any, dict[str, Any]]] = {
        "word_not_in_text": (NOT_IN_NOTES if p.get("kind") == Kind.PROPOSAL else NOT_IN_TEXT,
                             {"word": p.get("word")}),
        "word_too_short": (TOO_SHORT, {"word": p.get("word"), "min": MIN_WORD}),
        "word_too_long": (TOO_LONG, {"max": MAX_WORD}),
        "no_words": (NO_WORDS, {})}
    again = typed_again.get(exc.code)
    if again is not None:
        await reply(update, t(context, again[0], id=entry_id, **again[1]))
        return True
    if exc.code == "too_many_words":
        await reply(update, t(context, TOO_MANY, id=entry_id, max=MAX_HIDDEN,
                              left=p.get("left", 0)))
    elif exc.code == "cannot_hide":
        await reply(update, t(context, CANNOT, id=entry_id, kind=labels.label(
            labels.KIND, p.get("kind"), lang_of(context))))
    elif exc.code == "not_shown":
        await reply(update, t(context, NOT_SHOWN, id=entry_id, status=labels.status_label(
            p.get("kind") or "issue", p.get("status"), lang_of(context))))
    else:
        await reply(update, fail(context, exc))
    return False


async def _hide(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                entry_id: int, words: list[str]) -> object:
    """Keeps the words hidden, shows what the public will read; tells the author once."""
    repo = repo_of(context)
    try:
        described = await posted_descriptions(context, entry_id)
        entry = await call(repo.hide_words, entry_id, person["id"], words)
    except DomainError as exc:
        if await _refused(update, context, exc, entry_id):  # other words are taken next
            if not current_draft(context, FLOW):
                new_draft(context, FLOW, id=entry_id)
            return WORDS
        drop_draft(context, FLOW)
        return ConversationHandler.END
    drop_draft(context, FLOW)
    text = await read(_public_reading, repo, entry)
    if len(text) > DESCRIPTION_TEXT_LIMIT:
        text = text[:DESCRIPTION_TEXT_LIMIT - 1] + "…"
    shown = quoted(hidden_of(entry))
    # every volunteer's post of it, or of its waiting correction, reads what the site will
    await show_hidden_on_posts(context, described, entry, text)
    if entry.status == Status.PENDING:
        await _with_buttons(update, context, entry, fit_message(
            t(context, HIDDEN_WAITING, id=entry.id, words=shown, text=text)))
    else:
        await reply(update, t(context, HIDDEN_PUBLIC, id=entry.id, words=shown, text=text))
    if entry.author is not None and entry.author != person["id"]:
        await _tell_author(context, entry)
    return ConversationHandler.END


async def _with_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                        text: str) -> None:
    """``text`` with ✅ / ❌ of waiting ``entry``, remembered as one of its posts: edited
    with the verdict when someone decides it elsewhere (its buttons then gone)."""
    chat = update.effective_chat
    assert chat is not None
    lang = lang_of(context)
    try:
        message = await deliver(context.application, chat.id, text,
                                reply_markup=pending_keyboard(entry.id, lang))
    except TelegramError as exc:
        log.warning("could not send what #%s will read to chat %s: %s", entry.id, chat.id, exc)
        return
    await record_post(context, entry.id, message.chat_id, message.message_id, text, lang)


def _public_reading(repo: Any, entry: Entry) -> str:
    """What the public will read of ``entry``: its words as the site shows them (minutes:
    their topics and decisions), then each note of its steps a word was hidden in (a
    project: those alone, its stages' notes), as the site shows it."""
    shown = hidden_entry(entry)
    if entry.kind == Kind.PROPOSAL:
        typed = [str(s.get("note") or "") for s in entry.data.get(STAGES) or []]
        read = [str(s.get("note") or "") for s in shown.data.get(STAGES) or []]
    else:
        typed = [str(h.get("note") or "") for h in entry.history]
        read = [str(h.get("note") or "") for h in shown.history]
    notes = [public_text(repo, n, entry.area) for t, n in zip(typed, read, strict=False)
             if n != t]
    if entry.kind == Kind.PROPOSAL:
        return "\n".join(notes)
    if entry.kind != Kind.MEETING:
        words = public_words(repo, [entry])[entry.id]
    else:
        words = "\n".join(public_text(repo, shown.data.get(k), entry.area)
                          for k in ("topics", "decisions") if shown.data.get(k))
    return "\n".join([words, *notes])


async def _tell_author(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> None:
    """Her own words, in her private chat: those hidden she was not told of yet, and why.
    Words standing only in a volunteer's words on her entry (a step's note, an answer)
    are not hers: nothing of them is said (she read 您的报事 … 中的“老杨” of a note she
    never wrote). Each telling is recorded (``db.reminders``: ``hidden:<id>:<words
    hidden then>``), so that a press redelivered, or two volunteers hiding at once, tell
    her once, and words hidden just before a stop are told when it is handled again."""
    if entry.author is None or (entry.status != Status.PENDING
                                and not is_public(entry.kind, entry.status)):
        return
    repo, words = repo_of(context), hidden_of(entry)
    told = 0
    for n in range(len(words), 0, -1):
        if entry.author in await read(repo.reminded, f"{TOLD_KEY}:{entry.id}:{n}"):
            told = n
            break
    if told >= len(words):
        return
    hers = await read(_hers, repo, entry, words[told:])
    if not hers:
        return
    author = await read(repo.person, entry.author)
    await notify_once(context, [author] if author else [], f"{TOLD_KEY}:{entry.id}:{len(words)}",
                      TOLD_AUTHOR_WAITING if entry.status == Status.PENDING else TOLD_AUTHOR,
                      id=entry.id, kind=labels.KIND.get(str(entry.kind)), words=quoted(hers))


def _hers(repo: Any, entry: Entry, words: list[str]) -> list[str]:
    """Those of ``words`` standing in what ``entry``'s author wrote: its words, or a
    correction of it she made (waiting or approved)."""
    mine = [] if entry.kind == Kind.CORRECTION or entry.area is None else repo.entries(
        area=entry.area, kind=Kind.CORRECTION, status=(Status.PENDING, Status.APPROVED),
        author=entry.author)
    return authors_words(entry, words, mine)


COMMANDS = [
    Command("hide", "Hide a name in an entry on the website: /hide N words", hide_command,
            audience=Audience.VOLUNTEER, order=23,
            extra={"title": lazy("Hiding a name (/hide)")},
            flow=Flow(FLOW, {WORDS: [MessageHandler(TEXT_INPUT, words_given),
                                       *unexpected(NO_WORDS)]},
                      entry_points=[CallbackQueryHandler(hide_button,
                                                         pattern=f"^{QUEUE_PREFIX}:h:")])),
]
