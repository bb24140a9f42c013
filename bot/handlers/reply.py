"""/reply N text: a volunteer answers a resident's opinion (意见) in public.

The reply is published on the site under the opinion at once (with the
volunteer's role, never their name; ``db.opinions``) and the resident who
gave the opinion is sent it. Only a volunteer of the opinion's area may
reply, and only to an opinion that was approved.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler

from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.opinions import MAX_REPLY, replies_by_opinion, reply_to_opinion

from ..called_words import called_note
from ..commands import Audience, Command, Flow
from ..context import (
    ERROR_MESSAGES,
    call,
    entry_or_none,
    lang_of,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from ..flows import (
    TEXT_INPUT,
    answer,
    button_args,
    clean_text,
    current_draft,
    drop_draft,
    new_draft,
    refuse,
    short,
    states,
    typed,
    unexpected,
)
from ..force_reply import asked
from ..i18n import lazy
from ..keyboards import button, parse_ints
from ..notify import notify_author_once
from ..staff import (
    asks_the_bot,
    command_of,
    entry_id_of,
    fail,
    require_staff,
    staff_areas,
    words,
)
from ..voice_words import entry_words
from .called_ask import ask_first, doer, held_press, spend

__all__ = ["COMMANDS", "HANDLERS", "finish_saved", "replied_key", "publish_reply"]

FLOW = "reply"
PREFIX = "rpl"
(TEXT,) = states(FLOW, "text")
USAGE = lazy("Usage: /reply N text, e.g. /reply 12 已在院内装好两个晾衣架，谢谢您的建议")
NONE_WAITING = lazy("Every public opinion of your area has a reply: none is waiting for one.")
ASK = lazy("Opinion #{id}: {text}\nWrite your reply in one message: it is published on the "
           "site under the opinion and sent to the resident. To reply nothing, send 取消 "
           "(cancel).")
ASKS_THE_BOT = lazy("\"{text}\" reads like a question to me, so nothing was published. The "
                    "reply goes on the site and to the resident word for word: write the reply "
                    "itself. To publish these words after all, send them again.")
TO_AUTHOR = lazy("A volunteer replied to your opinion #{id}:\n{text}\nThe reply is also "
                 "shown on the public site.")
NOBODY = lazy("Nobody is told in a chat: you recorded opinion #{id} for a household (/proxy).")
ERRORS = {
    "not_opinion": lazy("#{id} is not an opinion."),
    "opinion_not_public": lazy("Opinion #{id} is not public yet: approve it first."),
    "too_long": lazy("That is too long: a reply is at most {max} characters."),
}


async def reply_opinion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Publishes /reply N text at once; /reply N asks for the text; /reply alone lists the
    opinions without a reply, each with a button that asks for it."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    args = words(update, maxsplit=1)
    opinion_id = entry_id_of(args[0]) if args else None
    text = clean_text(args[1]) if len(args) > 1 else ""
    if opinion_id is not None and not text:  # the text comes next, as a phone sends it
        return await _ask_text(update, context, person, opinion_id)
    if opinion_id is None or not text:
        found = await unreplied_opinions(context, person)
        markup = InlineKeyboardMarkup([[button(
            t(context, "💬 Reply to #{id} {text}", id=e.id,
              text=short(_words(context, e.data), 12)),
            f"{PREFIX}:o:{e.id}")] for e in found[:UNREPLIED_SHOWN]]) if found else None
        # /reply alone with nothing to reply to said only how to type it, as if the
        # numbers were to be looked up somewhere: it says there is none
        none = "" if found or args else t(context, NONE_WAITING) + "\n"
        await reply(update, none + t(context, USAGE) + await unreplied(context, person, found),
                    reply_markup=markup)
        return ConversationHandler.END
    await publish_reply(update, context, person, opinion_id, text)
    return ConversationHandler.END


async def publish_reply(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        person: dict[str, Any], opinion_id: int, text: str, *,
                        asked: bool = False) -> None:
    """Publishes the reply, tells the opinion's author and the volunteer; on an error
    says why. A reply calling someone by surname (已请老杨装好) is held and asked about
    first (``called_ask``; ``asked``: she was)."""
    repo = repo_of(context)
    opinion = None if asked else await entry_or_none(context, opinion_id)
    own = opinion is not None and opinion.author in (None, person["id"])  # 代办: nobody told
    if opinion is not None and opinion.kind == Kind.OPINION and len(text) <= MAX_REPLY and \
            opinion.status == Status.APPROVED and \
            opinion.area in await staff_areas(context, person) and await ask_first(
                update, context, act="reply", area=opinion.area, note=text,
                who=None if own else t(context, "the author of opinion #{id} is told in her "
                                                "chat", id=opinion_id),
                sent=None if own else t(context, TO_AUTHOR, id=opinion_id, text=text),
                nobody=t(context, NOBODY, id=opinion_id) if own else "", id=opinion_id):
        return
    try:
        answer = await call(reply_to_opinion, repo, person["id"], opinion_id, text)
    except DomainError as exc:
        msgid = ERRORS.get(exc.code)
        await reply(update, t(context, msgid, **exc.params) if msgid else fail(context, exc))
        return
    await _tell(update, context, person, answer, asked=asked)


@doer("reply")
async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                held: dict[str, Any], note: str) -> None:
    """照发 / 隐去 pressed under a held reply: published and sent as /reply would."""
    await publish_reply(update, context, person, int(held["id"]), note, asked=True)


async def on_reply_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed 💬 回复 for the reply's text."""
    await answer(update)
    ids = parse_ints(button_args(update, PREFIX, "o", 1))
    if not ids:
        return await refuse(update, context)
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    return await _ask_text(update, context, person, ids[0])


async def _ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    person: dict[str, Any], opinion_id: int) -> object:
    """Asks for the reply to opinion #opinion_id, once it is one this volunteer may reply
    to (the checks of ``db.opinions``: nothing of an entry elsewhere is shown)."""
    opinion = await entry_or_none(context, opinion_id)
    problem = None
    if opinion is None or opinion.kind != Kind.OPINION:
        problem = t(context, ERRORS["not_opinion"], id=opinion_id)
    elif opinion.area not in await staff_areas(context, person):
        problem = t(context, ERROR_MESSAGES["volunteer_only"])
    elif opinion.status != Status.APPROVED:
        problem = t(context, ERRORS["opinion_not_public"], id=opinion_id)
    if problem is not None or opinion is None:
        await reply(update, problem or "")
        return ConversationHandler.END
    new_draft(context, FLOW, id=opinion_id)
    text, more = asked(update, t(context, ASK, id=opinion_id,
                                 text=short(_words(context, opinion.data), 300)))
    await reply(update, text, **more)
    return TEXT


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Publishes the reply typed to the opinion waiting for it."""
    d = current_draft(context, FLOW)
    person = await require_staff(update, context)
    if person is None or not d:
        drop_draft(context, FLOW)
        return ConversationHandler.END
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, "Please write the reply."))
        return TEXT
    if len(text) > MAX_REPLY:
        await reply(update, t(context, ERRORS["too_long"], max=MAX_REPLY))
        return TEXT
    if asks_the_bot(text) and d.get("question") != text:  # typed twice: meant it
        d["question"] = text
        await reply(update, t(context, ASKS_THE_BOT, text=text[:200]))
        return TEXT
    drop_draft(context, FLOW)
    await publish_reply(update, context, person, int(d["id"]), text)
    return ConversationHandler.END


def replied_key(reply_id: int) -> str:
    """The ``db.reminders`` key recording that the opinion's author was sent reply #id."""
    return f"replied:{reply_id}"


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                answer: Entry, asked: bool = False) -> None:
    """Send the opinion's author the reply just published, once (recorded just before it
    leaves, ``bot.notify.send_once``: a telling a stop cut short is finished at the next
    start, ``finish_saved``, none twice), and tell the volunteer whether it reached her."""
    repo = repo_of(context)
    opinion = await read(repo.entry, int(answer.data["opinion"]))
    key = replied_key(answer.id)
    own = opinion.author == person["id"] or opinion.author is None
    told = not own and opinion.author in await read(repo.reminded, key)
    if not own and not told:
        told = bool(await notify_author_once(context, opinion, key, TO_AUTHOR,
                                             text=str(answer.data.get("text") or "")))
    await reply(update, t(context, "Reply #{reply} to opinion #{id} published on the site; "
                                   "{told}.", reply=answer.id, id=opinion.id,
                          told=t(context, "its author was sent it") if told
                          else t(context, "its author could not be told"))
                + ("" if asked else called_note(context, answer.data.get("text"))))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A /reply N text stored just before the bot stopped, the opinion's author perhaps
    not told: she is sent it now unless she was, and the volunteer is told as the
    command would have (before, she never got the reply and the volunteer read "already
    saved … start again from the menu"); whether it was such a command (this volunteer's
    reply to that opinion, with these words, found)."""
    message = update.effective_message
    held = held_press(update, context, "reply")  # 照发 / 隐去 under a held reply
    opinion_id: int | None
    if held is not None:
        opinion_id, text = int(held[1]["id"]), held[2]
    elif update.callback_query is not None or message is None or not message.text or \
            update.effective_user is None:
        return False
    elif message.text.startswith("/"):
        if command_of(update) != "reply":
            return False
        args = words(update, maxsplit=1)
        opinion_id = entry_id_of(args[0]) if args else None
        text = clean_text(args[1]) if len(args) > 1 else ""
    else:  # the text 💬 回复 asked for (the draft as it was before: not saved since)
        d = current_draft(context, FLOW)
        opinion_id, text = (int(d["id"]), clean_text(message.text)) if d and "id" in d \
            else (None, "")
    if opinion_id is None or not text:
        return False
    person = await person_of(update, context)
    answer = await newest_own(context, person["id"], Kind.PROGRESS_NOTE,
                              lambda e: e.data.get("opinion") == opinion_id
                              and e.data.get("text") == text)
    if answer is None:
        return False
    await _tell(update, context, person, answer, asked=held is not None)
    if held is not None:
        spend(context, held[0])
    return True


UNREPLIED_SHOWN = 8  # opinions named under the usage


def _words(context: ContextTypes.DEFAULT_TYPE, data: dict[str, Any]) -> str:
    """An opinion's words (a voice message's: its length and summary, in the
    volunteer's language)."""
    return entry_words(lang_of(context), data, brief=True)


async def unreplied_opinions(context: ContextTypes.DEFAULT_TYPE,
                             person: dict[str, Any]) -> list[Entry]:
    """The public opinions of the volunteer's areas without a reply, newest first."""
    repo = repo_of(context)
    found = []
    for area in await staff_areas(context, person):
        replied = replies_by_opinion(await read(repo.entries, area=area,
                                                kind=Kind.PROGRESS_NOTE,
                                                status=Status.PUBLISHED))
        found += [e for e in await read(repo.entries, area=area, kind=Kind.OPINION,
                                        status=Status.APPROVED) if e.id not in replied]
    found.sort(key=lambda e: -e.id)
    return found


async def unreplied(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                    found: list[Entry] | None = None) -> str:
    """"\n还没有回复的意见：#533 希望楼道里…; …", newest first, for the volunteer's areas
    (/reply alone, as the command menu sends it, said only how to type it, and the
    numbers were nowhere at hand), or "" when every public opinion has a reply."""
    if found is None:
        found = await unreplied_opinions(context, person)
    if not found:
        return ""
    shown = "; ".join(f"#{e.id} {short(_words(context, e.data), 25)}"
                      for e in found[:UNREPLIED_SHOWN])
    more = len(found) - UNREPLIED_SHOWN
    return "\n" + t(context, "Public opinions without a reply yet, newest first: {opinions}",
                     opinions=shown) + (t(context, " … and {n} more.", n=more) if more > 0
                                        else "")


COMMANDS = [
    Command("reply", "Reply in public to a resident's opinion: /reply N text (or /reply to "
            "list those without a reply)",
            reply_opinion, audience=Audience.VOLUNTEER, order=24,
            extra={"title": lazy("Reply to an opinion (/reply)")},
            flow=Flow(FLOW, {TEXT: [MessageHandler(TEXT_INPUT, on_text),
                              *unexpected("Please write the reply.")]},
                      entry_points=[CallbackQueryHandler(on_reply_button,
                                                         pattern=f"^{PREFIX}:o:")])),
]

HANDLERS = [CallbackQueryHandler(on_reply_button, pattern=f"^{PREFIX}:")]
