"""/answer (答复): a volunteer answers a resident's public question.

``/answer N text`` publishes the answer to question #N at once; ``/answer``
alone lists the public questions of the volunteer's areas still waiting,
oldest first, with how many days each has waited and an 答复 button
(``ans:q:<id>``) that asks for the text. The answer is published on the site
beside the question (with the volunteer's role, never their name), and the
asker is sent it. Only a volunteer of the question's area (or an admin)
answers, and only a question a volunteer has checked (``db.civic``).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler

from db.civic import MAX_ANSWER
from db.elections import is_election
from db.entries import Entry, Kind, Status
from db.errors import DomainError

from ..called_words import called_note
from ..civic_text import item_about
from ..commands import Audience, Command, Flow
from ..context import (
    ERROR_MESSAGES,
    call,
    entry_or_none,
    lang_of,
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
from ..notify import notify_author_once, split_message
from ..staff import (
    asks_the_bot,
    command_of,
    fail,
    number_and_text,
    require_staff,
    staff_areas,
)
from ..step_buttons import remember, shown
from ..supervise import days_waited
from .answer_waiting import (
    UNAPPROVED_SHOWN,
    drop_held,
    held_for,
    show_unapproved,
    unapproved,
)
from .called_ask import ask_first, doer, held_press, spend
from .queue_page import post_one

__all__ = ["COMMANDS", "HANDLERS", "publish_answer", "finish_saved", "answered_key"]

FLOW = "answer"
PREFIX = "ans"
(TEXT,) = states(FLOW, "text")
SHOWN = 10
TO_ASKER = lazy("A volunteer answered your question #{id} ({about}):\n{text}\nThe answer is "
                "also shown on the public site.")
ERRORS = {
    "not_question": lazy("#{id} is not a question."),
    "question_not_public": lazy("Question #{id} is not public yet: approve it first."),
    "already_answered": lazy("Question #{id} has already been answered (or was rejected)."),
    "too_long": lazy("That is too long: an answer is at most {max} characters."),
}


async def about(context: ContextTypes.DEFAULT_TYPE, q: Entry) -> str:
    """What a question is about, in words: 第 36 笔账, 提议 #12 (选举 #12), 会议纪要 #15."""
    ref = q.data.get("ref")
    target = str(q.data.get("target") or "")
    election = False
    if target == "proposal":
        proposal = await entry_or_none(context, int(ref or 0))
        election = proposal is not None and is_election(proposal.data)
    return item_about(lang_of(context), target, ref, election)


async def publish_answer(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         person: dict[str, Any], question_id: int, text: str, *,
                         asked: bool = False) -> Entry | None:
    """Publishes the answer, tells the asker and the volunteer; on an error says why.
    An answer calling someone by surname is held and asked about first (``called_ask``;
    ``asked``: she was): None then, as nothing is published yet."""
    repo = repo_of(context)
    q = None if asked else await entry_or_none(context, question_id)
    if q is not None and q.kind == Kind.QUESTION and q.status == Status.APPROVED and \
            len(text) <= MAX_ANSWER and q.area in await staff_areas(context, person) and \
            await ask_first(
                update, context, act="answer", area=q.area, note=text,
                who=t(context, "the asker of question #{id} is told in her chat",
                      id=question_id),
                sent=t(context, TO_ASKER, id=question_id, about=await about(context, q),
                       text=text), id=question_id):
        return None
    try:
        q = await call(repo.answer_question, question_id, person["id"], text)
    except DomainError as exc:
        waiting = await entry_or_none(context, question_id) \
            if exc.code == "question_not_public" else None
        if waiting is not None:  # her area's (checked first): shown, the answer kept
            await show_unapproved(update, context, waiting, text)
            return None
        if exc.code == "already_answered":  # her area's (checked first): how, by whom
            done = await entry_or_none(context, question_id)
            if done is not None:
                await reply(update, _answered_already(context, done, text))
                return None
        msgid = ERRORS.get(exc.code)
        await reply(update, t(context, msgid, **exc.params) if msgid else fail(context, exc))
        return None
    drop_held(context, question_id)
    await _tell(update, context, person, q, asked=asked)
    return q


def _answered_already(context: ContextTypes.DEFAULT_TYPE, q: Entry, text: str) -> str:
    """Why an answer to question ``q`` was not published: the same one was (a message sent
    twice), someone answered it (who, when, what), or it was rejected."""
    if q.status != Status.ANSWERED:
        return t(context, "Question #{id} was rejected: it cannot be answered. This answer "
                          "was not published.", id=q.id)
    if q.data.get("answer") == text:
        return t(context, "This answer to question #{id} was published already; it was not "
                          "published or sent to the asker again.", id=q.id)
    event: dict[str, Any] = next(
        (e for e in reversed(q.history) if e.get("to") == str(Status.ANSWERED)), {})
    return t(context, "Question #{id} was answered already by {who} on {day}: “{answer}”. "
                      "This answer was not published.", id=q.id,
             who=event.get("role") or t(context, "a volunteer"),
             day=str(event.get("at") or q.updated)[:10],
             answer=short(str(q.data.get("answer") or ""), 200))


@doer("answer")
async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                held: dict[str, Any], note: str) -> None:
    """照发 / 隐去 pressed under a held answer: published and sent as /answer would."""
    await publish_answer(update, context, person, int(held["id"]), note, asked=True)


def answered_key(question_id: int) -> str:
    """The ``db.reminders`` key recording that the asker was sent the answer."""
    return f"answered:{question_id}"


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                q: Entry, asked: bool = False) -> None:
    """Send the asker the answer just published, once (recorded just before it leaves,
    ``bot.notify.send_once``: a telling a stop cut short is finished at the next start,
    ``finish_saved``, none twice), and tell the volunteer whether it reached her."""
    repo = repo_of(context)
    key = answered_key(q.id)
    told = q.author != person["id"] and q.author is not None and (
        q.author in await read(repo.reminded, key))
    if not told and q.author != person["id"]:
        told = bool(await notify_author_once(context, q, key, TO_ASKER,
                                             about=await about(context, q),
                                             text=str(q.data.get("answer") or "")))
    await reply(update, t(context, "The answer to question #{id} is published on the site; "
                                   "{told}.", id=q.id,
                          told=t(context, "the asker was sent it") if told
                          else t(context, "the asker could not be told"))
                + ("" if asked else called_note(context, q.data.get("answer"), q.id)))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An answer (``/answer N text``, or the text the 答复 flow asked for) stored just
    before the bot stopped, the asker perhaps not told: she is sent it now unless she
    was, and the volunteer is told as the step would have (before, the asker never got
    her answer and the volunteer read "already saved … start again from the menu");
    whether it was such an update (this volunteer's answer, with these words, found)."""
    message = update.effective_message
    held = held_press(update, context, "answer")  # 照发 / 隐去 under a held answer
    qid: int | None
    if held is not None:
        qid, text = int(held[1]["id"]), held[2]
    elif update.callback_query is not None or message is None or not message.text or \
            update.effective_user is None:
        return False
    elif message.text.startswith("/"):
        if command_of(update) != "answer":
            return False
        qid, text = number_and_text(update)
    else:
        d = current_draft(context, FLOW)  # as it was before the message: not saved since
        qid, text = (int(d["id"]), clean_text(message.text)) if d and "id" in d \
            else (None, "")
    if qid is None or not text:
        return False
    q = await entry_or_none(context, qid)
    if q is None:
        return False
    person = await person_of(update, context)
    last = q.history[-1] if q.history else {}
    if q.kind != Kind.QUESTION or q.status != Status.ANSWERED or \
            last.get("by") != person["id"] or q.data.get("answer") != text:
        return False
    await _tell(update, context, person, q, asked=held is not None)
    if held is not None:
        spend(context, held[0])
    return True


async def answer_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Answers /answer N text at once; /answer alone lists the questions waiting."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    qid, text = number_and_text(update)
    if qid is not None and text:
        await publish_answer(update, context, person, qid, text)
        return ConversationHandler.END
    if qid is not None:
        return await _ask_text(update, context, qid, person)
    repo = repo_of(context)
    areas = await staff_areas(context, person)
    waiting = [q for area in areas for q in await read(repo.questions, area, waiting=True)]
    checking = await unapproved(context, person, areas)  # not public yet: approved first
    if not waiting:
        await reply(update, t(context, "No public question is waiting for an answer.") + (
            "\n" + t(context, "{n} question(s) wait for a volunteer's approval; each is "
                              "answered once it is public:", n=len(checking))
            if checking else ""))
        chat = update.effective_chat
        for q in checking[:UNAPPROVED_SHOWN]:
            if chat is not None:
                await post_one(context, chat.id, q)
        return ConversationHandler.END
    waiting.sort(key=lambda q: q.id)
    today = repo.clock().date()
    lines = [t(context, "{n} questions wait for an answer, oldest first:", n=len(waiting))]
    for q in waiting[:SHOWN]:
        lines.append(t(context, "#{id} about {about}, waiting {days} day(s): {text}", id=q.id,
                       about=await about(context, q), days=days_waited(_published(q), today),
                       text=str(q.data.get("text") or "")[:200]))
    if checking:
        lines.append(t(context, "Also waiting for approval before they can be answered: "
                                "{ids} (send /answer and the number to see one and approve "
                                "it).", ids="、".join(f"#{q.id}" for q in checking[:SHOWN])))
    markup = InlineKeyboardMarkup([[button(t(context, "Answer #{id}", id=q.id),
                                           f"{PREFIX}:q:{q.id}")] for q in waiting[:SHOWN]])
    parts = split_message("\n".join(lines))
    for part in parts[:-1]:
        await reply(update, part)
    await reply(update, parts[-1], reply_markup=markup)
    return ConversationHandler.END


def _published(q: Entry) -> str:
    """When a question was made public (the day its wait is counted from)."""
    return next((h["at"] for h in q.history if h.get("to") == "approved"), q.created)


async def on_answer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed 答复 for the answer's text."""
    await answer(update)
    ids = parse_ints(button_args(update, PREFIX, "q", 1))
    if not ids:
        return await refuse(update, context)
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    return await _ask_text(update, context, ids[0], person)


async def _ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE, qid: int,
                    person: dict[str, Any]) -> object:
    """Asks for the answer to question #qid, once it is one this volunteer may answer
    (the same checks as ``db.civic``: nothing of an entry elsewhere is shown)."""
    repo = repo_of(context)
    try:
        q = await read(repo.entry, qid)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return ConversationHandler.END
    problem = None
    if q.kind != Kind.QUESTION:
        problem = t(context, ERRORS["not_question"], id=qid)
    elif q.area not in await staff_areas(context, person):
        problem = t(context, ERROR_MESSAGES["volunteer_only"])
    elif q.status == Status.PENDING:
        await show_unapproved(update, context, q)
        return ConversationHandler.END
    elif q.status != Status.APPROVED:
        problem = t(context, ERRORS["already_answered"], id=qid)
    if problem is not None:
        await reply(update, problem)
        return ConversationHandler.END
    d = new_draft(context, FLOW, id=qid)
    text, more = asked(update, t(context, "Question #{id} about {about}: {text}\nReply with "
                                          "your answer (it is published on the site); to "
                                          "answer nothing, send 取消 (cancel).", id=qid,
                                 about=await about(context, q),
                                 text=str(q.data.get("text") or "")[:500]))
    kept = held_for(context, qid)
    if kept:  # typed before the question was approved (bot.handlers.answer_waiting)
        text += "\n\n" + t(context, "The answer you wrote before:\n{text}", text=kept)
        more = {"reply_markup": remember(d, TEXT, InlineKeyboardMarkup([[button(
            t(context, "📢 Publish the answer I wrote"), f"{PREFIX}:p:{qid}")]]))}
    await reply(update, text, **more)
    return TEXT


async def on_publish_held(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Publishes the answer kept for the question, as /answer N text would.

    The button is 📢 发布我写好的这条答复 under the 答复 question (``_ask_text``)."""
    await answer(update)
    ids = parse_ints(button_args(update, PREFIX, "p", 1))
    person = await require_staff(update, context) if ids else None
    if not ids:
        return await refuse(update, context)
    if person is None:
        return ConversationHandler.END
    kept = held_for(context, ids[0])
    if kept is None:  # published already, or another answer kept since
        await reply(update, t(context, "That answer is no longer kept: send /answer {id} "
                                       "and the answer.", id=ids[0]))
        return ConversationHandler.END
    drop_draft(context, FLOW)
    await publish_answer(update, context, person, ids[0], kept)
    return ConversationHandler.END


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Publishes the answer typed to the question waiting for it."""
    d = current_draft(context, FLOW)
    person = await require_staff(update, context)
    if person is None or not d:
        drop_draft(context, FLOW)
        return ConversationHandler.END
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, "Please write the answer."))
        return TEXT
    if len(text) > MAX_ANSWER:
        await reply(update, t(context, "That is too long: an answer is at most {max} "
                                       "characters.", max=MAX_ANSWER))
        return TEXT
    if asks_the_bot(text) and d.get("question") != text:  # typed twice: meant it
        d["question"] = text
        await reply(update, t(context, "\"{text}\" reads like a question to me, so nothing "
                                       "was published. The answer goes on the site and to "
                                       "the resident word for word: write the answer itself. "
                                       "To publish these words after all, send them again.",
                              text=text[:200]))
        return TEXT
    drop_draft(context, FLOW)
    await publish_answer(update, context, person, int(d["id"]), text)
    return ConversationHandler.END


COMMANDS = [
    Command("answer", "Answer a resident's public question: /answer N text (or /answer to "
            "list them)", answer_command, audience=Audience.VOLUNTEER, order=25,
            extra={"title": lazy("Answer to a question (/answer)")},
            flow=Flow(FLOW, {TEXT: [MessageHandler(TEXT_INPUT, on_text),
                              CallbackQueryHandler(on_publish_held, pattern=f"^{PREFIX}:p:"),
                              *unexpected("Please write the answer.",
                                          markup=shown(FLOW, TEXT))]},  # 📢 again
                      entry_points=[CallbackQueryHandler(on_answer_button,
                                                         pattern=f"^{PREFIX}:q:")])),
]

HANDLERS = [CallbackQueryHandler(on_publish_held, pattern=f"^{PREFIX}:p:"),
            CallbackQueryHandler(on_answer_button, pattern=f"^{PREFIX}:")]
