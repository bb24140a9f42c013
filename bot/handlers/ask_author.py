"""A volunteer's question to the author of an entry waiting for approval, and the
author's answer back to the area's volunteers; the entry stays waiting.

A volunteer reading 楼道灯坏了 wants to ask 哪个单元的灯？ before deciding. Before, the
only way to reach the author was ❌ 驳回 with the question as its reason: the question
was shown back (“哪个单元的灯？”看起来是一个问题，所以还没有驳回 …) with one button,
用这些话驳回, and the author got 未通过审核 for a report that only lacked a word. Now that
step has a second button (``rjq:ask``): the question is kept on the entry
(``Repository.ask_author``, ``db.author_questions``) and goes to the author with ✍️ 回答
(``aq:<entry id>:<question number>``); her next message (typed, outside any flow:
``bot.freetext``) is kept as her answer (``Repository.answer_author``) and goes to the
chats the entry was posted to, with its ✅ / ❌ buttons. Whoever decides it later reads
both in its post (``bot.describe``: 问：… 答：…); she reads them in /mydata.

The same question asked again while unanswered (a volunteer who forgot, or another one)
is not sent again: she is told when it was sent (``asked_already``).

回答 works only for a question on record that she has not answered, while the entry
waits (``Repository.author_question``): a forged press, or one for a question answered,
changes nothing and sends nothing. The question is in the store, so a restart between
the question and her press loses nothing. Her answer is taken for ``WINDOW`` after the
press; after that, what she types is treated as any other text.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.author_questions import asked_of
from db.core import china_minute
from db.entries import MAX_TEXT, Entry, Status
from db.errors import DomainError

from ..context import call, entry_or_none, error_text, lang_of, person_of, read, reply, repo_of, t
from ..describe import label_of, pending_keyboard
from ..flows import answer, clean_text, current_draft, refuse
from ..group_post import household_words, shown_words
from ..i18n import lazy, tr
from ..keyboards import button
from ..menu import private_menu
from ..notify import notify_author_once, pending_targets
from ..posts import record_post
from ..private_only import PRIVATE_BUTTON, is_private
from ..sending import deliver, fit_message
from ..staff import staff_areas

__all__ = ["HANDLERS", "REJECT_FLOW", "ASK_BUTTON", "ask_button", "ask_offer", "send_question",
           "typed", "household_of",
           "finish_question", "finish_answer", "answer_rows", "not_an_answer"]

log = logging.getLogger(__name__)

REJECT_FLOW = "reject"  # the rejection's flow (bot.handlers.queue), whose step offers it
ASK_BUTTON = "rjq:ask"  # under the question shown back at the rejection's reason step
PREFIX = "aq"  # aq:<entry id>:<question number>: the author's ✍️ 回答 (aq:<id>: sent before
# questions were kept: the first unanswered one)
_DATA = re.compile(rf"^{PREFIX}:([0-9]{{1,9}})(?::([0-9]{{1,3}}))?$")
ANSWERING = "answering"  # user_data: {"id", "n", "at": time.time(), "question"} after 回答
WINDOW = 3600.0  # seconds her answer is waited for after the press

OR_ASK = lazy("Or, to leave #{id} waiting, send these words to its author as a question: "
              "their answer comes to the volunteers of the area.")
ASK_LABEL = lazy("❓ Ask the author, do not reject")
OR_ASK_PROXY = lazy("Or, to leave #{id} waiting, send these words as a question to the volunteer "
                    "who recorded it for the household {household}, to ask them: the answer "
                    "comes to the volunteers of the area.")
ASK_PROXY_LABEL = lazy("❓ Have the household asked, do not reject")
QUESTION = lazy("A volunteer has a question about your {kind} #{id}, which is waiting for "
                "approval: {question}\nPress \"✍️ Answer\" and write your answer.")
QUESTION_PROXY = lazy("A volunteer has a question about the {kind} #{id} you recorded for the "
                      "household {household}, which is waiting for approval: {question}\nPlease "
                      "ask the household, then press \"✍️ Answer\" and write their answer.")
ANSWER_LABEL = lazy("✍️ Answer")
ANSWER_ON = lazy("✍️ Answer the question about #{id}")
ASKED = lazy("Your question went to the author of #{id}; #{id} is still waiting for "
             "approval. Their answer will come to the volunteers of the area.")
ASKED_PROXY = lazy("#{id} was recorded for the household {household} by a volunteer: your "
                   "question went to that volunteer, to ask the household. #{id} is still "
                   "waiting for approval; the answer will come to the volunteers of the area.")
NOT_ASKED = lazy("Your question is kept with #{id}, but its author could not be reached (they "
                 "may have blocked the bot or left), so they have not seen it. #{id} is still "
                 "waiting: approve or reject it.")
ASKED_BEFORE = lazy("That question about #{id} was already sent to its author on {at}, and "
                    "is not answered yet: it was not sent again. Their answer will come to "
                    "the volunteers of the area; #{id} is still waiting for approval.")
YOURS = lazy("You recorded #{id} yourself: there is nobody else to ask.")
TOO_MANY = lazy("#{id} has {max} questions to its author already: approve or reject it.")
WRITE = lazy("Write your answer to the question about #{id} (“{question}”) and send it. It "
             "goes to the volunteers of your area.")
WRITE_PROXY = lazy("Ask the household {household} the question about #{id} (“{question}”), "
                   "then write the household's answer and send it. It goes to the volunteers "
                   "of your area as their answer, relayed by you.")
DECIDED = lazy("#{id} has already been dealt with: it is {status} now. No answer is needed.")
ALREADY = lazy("You have answered that question about #{id} already: “{answer}”. Your answer "
               "is kept with #{id}, and the volunteers read it.")
ANSWERED = lazy("The author of #{id} ({kind}, still waiting for approval) answered a "
                "volunteer's question “{question}”: {answer}")
ANSWERED_PROXY = lazy("The household {household} answered a volunteer's question “{question}” "
                      "about #{id} ({kind}, still waiting for approval), relayed by {relayer}, "
                      "who recorded it for them: {answer}")
SENT = lazy("Your answer went to the volunteers. #{id} is still waiting for approval.")
NOT_SENT = lazy("Your answer is kept with #{id}, but it could not be sent to the volunteers "
                "just now: they read it with #{id} when they look at what waits (/pending).")
TOO_LONG = lazy("That answer is {count} characters long; at most {max} are kept. Please send "
                "a shorter one.")
NOT_AN_ANSWER = lazy("This was not taken as your answer about #{id}: an answer is written. To "
                     "answer the question (“{question}”), type a few words and send them.")


def answer_rows(context: ContextTypes.DEFAULT_TYPE, entries: list[Entry], limit: int
                ) -> list[list[Any]]:
    """A ✍️ 回答 button for each question on record she has not answered about her
    waiting ``entries`` (her 我的): the message with the question may be long gone."""
    return [[button(t(context, ANSWER_ON, id=e.id), f"{PREFIX}:{e.id}:{q['n']}")]
            for e in entries if e.status == Status.PENDING
            for q in asked_of(e) if "answered" not in q][:limit]


def household_of(context: ContextTypes.DEFAULT_TYPE, entry: Entry, group: bool = False) -> str:
    """The household a volunteer recorded ``entry`` for (代办, ``db.proxy``), as
    volunteers read it (building, unit, room), or, said in a ``group`` (which may hold
    anyone: ``bot.group_post``), its building alone; "" when the entry is its author's
    own."""
    household = entry.data.get("household")
    if not entry.data.get("proxy") or not household:
        return ""
    if group:
        return household_words(repo_of(context).street, str(household), lang_of(context))
    return label_of(repo_of(context).street, str(household))


def ask_button(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    """The row of the button that sends the question shown back to the author."""
    return [button(t(context, ASK_LABEL), ASK_BUTTON)]


async def ask_offer(context: ContextTypes.DEFAULT_TYPE, entry_id: int, group: bool = False
                    ) -> tuple[str, list[Any]]:
    """The line offering to send the question shown back instead of rejecting, and its
    button's row: for an entry recorded for a household (/proxy), to the volunteer who
    recorded it, to ask the household (it read 只问提交人, as if she were its author);
    in a ``group``, the household by its building alone."""
    entry = await entry_or_none(context, entry_id)
    place = household_of(context, entry, group) if entry is not None else ""
    if not place:
        return t(context, OR_ASK, id=entry_id), ask_button(context)
    return (t(context, OR_ASK_PROXY, id=entry_id, household=place),
            [button(t(context, ASK_PROXY_LABEL), ASK_BUTTON)])


async def _decided(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> None:
    entry = await entry_or_none(context, entry_id)
    if entry is None:
        await refuse(update, context)
        return
    await reply(update, t(context, DECIDED, id=entry.id, status=labels.status_label(
        entry.kind, entry.status, lang_of(context))))


async def send_question(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        person: dict[str, Any], entry_id: int, question: str) -> None:
    """Keeps ``question`` about pending ``entry_id`` and sends it to its author, if
    ``person`` may decide on it; tells ``person`` whether it went."""
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.area not in await staff_areas(context, person):
        await refuse(update, context)
        return
    try:
        entry = await call(repo_of(context).ask_author, entry_id, person["id"], question)
    except DomainError as exc:
        if exc.code == "not_waiting":
            await _decided(update, context, entry_id)
        elif exc.code == "own_entry":
            await reply(update, t(context, YOURS, id=entry_id))
        elif exc.code == "asked_already":  # the author is not messaged a second time
            await reply(update, t(context, ASKED_BEFORE, id=entry_id,
                                  at=china_minute(exc.params.get("at"))),
                        **await private_menu(update, context))
        elif exc.code == "too_many_questions":
            await reply(update, t(context, TOO_MANY, id=entry_id, max=exc.params.get("max")))
        else:
            await reply(update, error_text(context, exc))
        return
    await _deliver_question(update, context, entry, _kept_question(entry, person, question))


def _kept_question(entry: Entry, person: dict[str, Any], question: str
                   ) -> dict[str, Any] | None:
    """The question ``person`` asked about ``entry`` in these words, unanswered, as kept."""
    said = " ".join(question.split())
    return next((q for q in reversed(asked_of(entry)) if q.get("question") == said
                 and q.get("by") == person["id"] and "answered" not in q), None)


async def _deliver_question(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                            kept: dict[str, Any] | None) -> None:
    """Sends the question kept on ``entry`` to its author with ✍️ 回答, and tells the
    volunteer whether it went."""
    if kept is None:  # answered meanwhile: nothing to send
        await reply(update, t(context, ASKED, id=entry.id), **await private_menu(update, context))
        return

    def markup(lang: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[button(tr(lang, ANSWER_LABEL),
                                             f"{PREFIX}:{entry.id}:{kept['n']}")]])

    place = household_of(context, entry)  # recorded for a household: she asks them
    # once (recorded just before it leaves): a press handled again after a kill
    # (``finish_question``) does not ask her twice
    key = f"asked:{entry.id}:{kept['n']}"
    sent = entry.author in await read(repo_of(context).reminded, key) or \
        await notify_author_once(context, entry, key, QUESTION_PROXY if place else QUESTION,
                                 markup=markup, kind=labels.KIND[entry.kind],
                                 question=kept.get("question"), household=place)
    said = (ASKED_PROXY if place else ASKED) if sent else NOT_ASKED
    await reply(update, t(context, said, id=entry.id, household=household_of(
        context, entry, not is_private(update))),
                **await private_menu(update, context))


async def finish_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A question kept just before the bot stopped (``ask_author``'s write done, the
    author not told yet: ``bot.state.Keeper``): sends it now; whether it was one."""
    query = update.callback_query
    draft = current_draft(context, REJECT_FLOW)  # kept with the step before: the question
    if query is None or query.data != ASK_BUTTON or not isinstance(draft, dict) \
            or not draft.get("id") or not draft.get("question"):
        return False
    person = await person_of(update, context)
    entry = await entry_or_none(context, int(draft["id"]))
    kept = _kept_question(entry, person, str(draft["question"])) if entry else None
    if entry is None or kept is None:
        return False
    await _deliver_question(update, context, entry, kept)
    return True


async def finish_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her answer kept just before the bot stopped, not yet sent to the volunteers:
    sends it now (once: the store says it was kept), tells her; whether it was one."""
    waiting = (context.user_data or {}).get(ANSWERING)
    message = update.effective_message
    if not isinstance(waiting, dict) or message is None or not message.text:
        return False
    entry = await entry_or_none(context, int(waiting.get("id") or 0))
    person = await person_of(update, context)
    kept = next((q for q in asked_of(entry) if q.get("n") == waiting.get("n")), {}) \
        if entry is not None and entry.author == person.get("id") else {}
    if entry is None or not kept or kept.get("answer") != clean_text(message.text):
        return False
    context.user_data.pop(ANSWERING, None)  # type: ignore[union-attr]
    reached = await _to_volunteers(context, entry, str(kept.get("question") or ""),
                                   str(kept["answer"]))
    await reply(update, t(context, SENT if reached else NOT_SENT, id=entry.id),
                **await private_menu(update, context))
    return True


async def _refused(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                   exc: DomainError) -> None:
    """Says why her press or answer was refused: the entry decided, the question answered
    already; anything else (someone else's, no question asked) is a stale button."""
    if exc.code == "not_waiting":
        await _decided(update, context, entry_id)
        return
    if exc.code == "already_answered":
        entry = await entry_or_none(context, entry_id)
        kept = next((q for q in asked_of(entry) if q.get("n") == exc.params.get("n")), {}) \
            if entry is not None else {}
        await reply(update, t(context, ALREADY, id=entry_id, answer=kept.get("answer", "")))
        return
    await refuse(update, context)


async def answer_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✍️ 回答: asks the author for her answer to a question on record she has not
    answered, taken from her next message. Pressed in a group (a forged press, a
    forwarded message), nothing: the question and her answer are for her private chat."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    query = update.callback_query
    match = _DATA.match(query.data or "") if query else None
    if match is None or context.user_data is None:
        await refuse(update, context)
        return
    entry_id = int(match.group(1))
    number = int(match.group(2)) if match.group(2) else None
    person = await person_of(update, context)
    try:
        question = await read(repo_of(context).author_question, entry_id, person["id"], number)
    except DomainError as exc:
        await _refused(update, context, entry_id, exc)
        return
    context.user_data[ANSWERING] = {"id": entry_id, "n": question["n"], "at": time.time(),
                                    "question": str(question.get("question", ""))[:200]}
    entry = await entry_or_none(context, entry_id)
    place = household_of(context, entry) if entry is not None else ""
    await reply(update, t(context, WRITE_PROXY if place else WRITE, id=entry_id,
                          question=question.get("question", ""), household=place))


async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """Whether ``text`` (typed outside any flow) is the author's answer asked for by
    回答; if so, keeps it with the entry, sends it to the volunteers of its area and says
    so."""
    waiting = (context.user_data or {}).get(ANSWERING)
    if not isinstance(waiting, dict):
        return False
    if time.time() - float(waiting.get("at") or 0) > WINDOW:
        context.user_data.pop(ANSWERING, None)  # type: ignore[union-attr]
        return False
    said = clean_text(text)
    if not said:
        return False
    if len(said) > MAX_TEXT:
        await reply(update, t(context, TOO_LONG, count=len(said), max=MAX_TEXT))
        return True
    context.user_data.pop(ANSWERING, None)  # type: ignore[union-attr]
    entry_id = int(waiting.get("id") or 0)
    person = await person_of(update, context)
    try:
        entry = await call(repo_of(context).answer_author, entry_id, person.get("id"),
                           waiting.get("n"), said)
    except DomainError as exc:
        await _refused(update, context, entry_id, exc)
        return True
    kept = next((q for q in asked_of(entry) if q.get("n") == waiting.get("n")), {})
    reached = await _to_volunteers(context, entry, str(kept.get("question") or ""),
                                   str(kept.get("answer") or said))
    await reply(update, t(context, SENT if reached else NOT_SENT, id=entry.id),
                **await private_menu(update, context))
    return True


def not_an_answer(context: ContextTypes.DEFAULT_TYPE) -> str:
    """When a photo or voice message comes while her answer is waited for (回答 pressed,
    ``WINDOW`` not over): a line saying it was not taken as the answer, and how to answer
    (found in the real steward run: the photo of the lamp asked about was kept for a new
    report, and nothing said the question still waited); "" otherwise."""
    waiting = (context.user_data or {}).get(ANSWERING)
    if not isinstance(waiting, dict) or time.time() - float(waiting.get("at") or 0) > WINDOW:
        return ""
    return t(context, NOT_AN_ANSWER, id=int(waiting.get("id") or 0),
             question=str(waiting.get("question") or "…"))


async def _to_volunteers(context: ContextTypes.DEFAULT_TYPE, entry: Entry, question: str,
                         said: str) -> int:
    """The author's answer to the chats the entry was posted to, each with its ✅ / ❌
    buttons (a post of the entry: edited with the verdict once decided); how many it
    reached."""
    reached = 0
    place = household_of(context, entry)  # her answer is the household's, relayed
    relayer = ""
    if place and entry.author is not None:
        person = await read(repo_of(context).person, entry.author) or {}
        relayer = " ".join(str(w) for w in (entry.data.get("proxy"), person.get("name")) if w)
    repo = repo_of(context)
    for chat_id, lang in await pending_targets(context, entry):
        group = chat_id < 0  # the volunteers' group: no room, her words as the site shows
        text = fit_message(tr(
            lang, ANSWERED_PROXY if place else ANSWERED, id=entry.id,
            kind=labels.KIND[entry.kind].word(lang),
            question=shown_words(repo, entry.area, question) if group else question,
            answer=shown_words(repo, entry.area, said) if group else said,
            household=household_words(repo.street, str(entry.data.get("household")), lang)
            if group and place else place, relayer=relayer))
        try:
            message = await deliver(context.application, chat_id, text,
                                    reply_markup=pending_keyboard(entry.id, lang))
        except TelegramError as exc:
            log.warning("could not send the answer about #%s to chat %s: %s", entry.id,
                        chat_id, exc)
            continue
        await record_post(context, entry.id, message.chat_id, message.message_id, text, lang)
        reached += 1
    return reached


HANDLERS = [CallbackQueryHandler(answer_pressed, pattern=f"^{PREFIX}:")]
