"""/ask (提问): a confirmed resident, or a supervisor, asks in public about a
ledger line, a vote or project, or a meeting's minutes of their area.

``/ask 36 这笔钱给了谁？`` asks about line 36 of the area's accounts at once;
``/ask #12 …`` about proposal or minutes #12. Without them, or from the 提问
button (under 账目 and 我的), the flow offers the latest lines, proposals and
minutes as buttons (or a number typed; ``ask_target.py``), then asks for the
question. The confirmation says what will be published; a volunteer checks the question
for personal data before it is (``db.civic``), and the asker hears when it is
answered (``bot.handlers.answer``).

A question left in the middle by a menu button or a command (or refused at 提交 for
the hour's limit, told it is kept until it may go) is kept and taken up again with
继续填写, as a report is (``bot.kept``): by someone who may still ask in its area.

Written as ``bot.flows`` says; each step is asked in ``bot.handlers.ask_steps``, which
also goes one step back. Buttons: ``ask:go`` (start), ``ask:area:<i>``,
``ask:t:<l|p|m>:<number>``, ``ask:ok``, ``ask:back:<step>`` (⬅️ 上一步), ``ask:keep``
(不改，继续), ``ask:cancel``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from db import voice
from db.civic import MAX_QUESTION, may_ask
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.people import resident_area, supervisor_areas

from .. import kept, said_voice
from ..commands import Audience, Command, Flow
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    error_text,
    person_of,
    reply,
    repo_of,
    t,
)
from ..conversation import entered_at_start
from ..entry_media import voice_seconds
from ..files import save_voice
from ..flows import (
    AGAIN_BELOW,
    END,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    drop_draft,
    gone,
    leave,
    matches,
    new_draft,
    refuse,
    short,
    typed,
    unexpected,
)
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import SAID, rate_limited
from ..staff import chosen_area, fail, words
from ..step_buttons import AREA_STEP, shown
from ..voice_parts import add_voice, put_parts
from ..words import says_more
from .ask_steps import (
    AREA,
    CONFIRM,
    FLOW,
    TARGET,
    TARGET_STEP,
    WRITE,
    about,
    ask_area,
    ask_text,
    confirm,
    confirm_buttons,
    keeping,
    long_kept,
    offer,
    on_back,
    on_keep,
    step,
    write_buttons,
)
from .ask_target import IN_QUESTION, PREFIX, TARGETS, is_question, parse_target, resolve
from .vote_typed import typed_choice, vote_open

__all__ = ["COMMANDS", "HANDLERS", "ask_button", "parse_target", "receipt", "SAID_DATA"]

CANT_ASK = lazy("Questions are asked by confirmed residents and supervisors of an area. "
                "Please register your household first: send /start.")


SAID_DATA = f"{PREFIX}:said"  # under words typed into the chat (bot.freetext)
# under a voice message sent into the chat just after 提问 was typed (bot.freetext): it
# was offered only as a report or an opinion, her question lost
VOICE_DATA = f"{PREFIX}:voice"
VOICE_BUTTON = lazy("❓ Ask this voice message as a question")
VOICE_TAKEN = lazy("Your voice message ({length}) is kept as your question.")


def ask_button(lang: str) -> InlineKeyboardButton:
    """The 提问 button that starts the flow (under the accounts and /mine)."""
    return button(tr(lang, "❓ Ask a question"), f"{PREFIX}:go")


def _areas(person: dict[str, Any]) -> list[str]:
    home = resident_area(person)
    return list(dict.fromkeys(([home] if home else []) + supervisor_areas(person)))


async def ask_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a question: takes /ask N text at once, else asks which area or what about."""
    await answer(update)
    person = await person_of(update, context)
    areas = _areas(person)
    if not areas:
        await reply(update, t(context, CANT_ASK), reply_markup=await menu_of(update, context))
        return END
    if not allow_submission(context, person["telegram_id"], count=False):
        await reply(update, rate_limited(context, person["telegram_id"]))
        return END
    d = new_draft(context, FLOW, areas=areas)
    said = _said_before(update, context)
    if said:  # 上个月保洁费花了多少？ typed, then ❓ under it: the question, kept
        d["text"] = said
        entered_at_start(context, FLOW)
        await reply(update, t(context, "Your question is kept: {text}", text=said))
    if update.callback_query is not None and update.callback_query.data == VOICE_DATA:
        await _voice_before(update, context, d)
    before = await _rejected_before(update, context, person, areas)
    if before is not None:  # ❓ 提问 under her question rejected: its words, to send again
        return await _ask_again(update, context, d, before)
    args = words(update, maxsplit=1) if update.callback_query is None else []
    if args and parse_target(args[0]) is None and is_question(" ".join(args)):
        d["text"] = clean_text(" ".join(args))  # /ask 为什么…: kept while the line is chosen
        entered_at_start(context, FLOW)
        args = []
    if len(areas) > 1:
        return await ask_area(update, context, d)
    d["area"] = areas[0]
    if args:
        found = await resolve(update, context, d, args[0])
        if found is None:
            return END
        text = clean_text(args[1]) if len(args) > 1 else ""
        if not text:
            return await ask_text(update, context)
        state = await confirm(update, context, text)
        if d.get("text"):  # the question, typed with the command: kept if she leaves
            entered_at_start(context, FLOW)
        return state
    return await offer(update, context, d["area"])


AGAIN_DATA = f"{PREFIX}:again"  # ask:again:<id>, under her question rejected (verdict)


async def _rejected_before(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           person: dict[str, Any], areas: list[str]) -> Entry | None:
    """Her own rejected question of one of her areas under which ❓ 提问 (``ask:again:<id>``)
    was pressed; None for any other start (or a button of someone else's question)."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query is not None else []
    ids = parse_ints(fields[2:]) if fields[:2] == AGAIN_DATA.split(":") else None
    entry = await entry_or_none(context, ids[0]) if ids and len(fields) == 3 else None
    if entry is None or entry.kind != Kind.QUESTION or entry.author != person["id"] or \
            entry.status != Status.REJECTED or entry.area not in areas:
        return None
    return entry


async def _ask_again(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                     before: Entry) -> object:
    """Her rejected question written in again: what it was about and its words, shown
    with 不改，继续 to send them as they are or a new question typed in their place.
    The button started the question empty: her words were lost."""
    d["area"], d["text"] = before.area, str(before.data.get("text") or "")[:MAX_QUESTION]
    entered_at_start(context, FLOW)
    target, ref = before.data.get("target"), before.data.get("ref")
    said = f"{ref}" if target == "line" else f"#{ref}"
    if await resolve(update, context, d, said) is None:  # gone since: chosen again, kept
        return await offer(update, context, d["area"])
    return await ask_text(update, context)


def _said_before(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The words typed into the chat under which ❓ 把这段话作为提问 (``ask:said``) was
    pressed (``SAID``, taken), when they can be a question; else "". They were offered
    only as a report or an opinion (found trying the real ``steward run``)."""
    query = update.callback_query
    if query is None or query.data != SAID_DATA or context.user_data is None:
        return ""
    said = context.user_data.pop(SAID, None)
    text = clean_text(said) if isinstance(said, str) else ""
    return text if len(text) <= MAX_QUESTION and is_question(text) else ""


async def _voice_before(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any]) -> None:
    """The voice messages kept for her (``bot.said_voice``: one, or several said in
    parts), under which ❓ 用这条语音提问 (``ask:voice``) was pressed, taken as the
    question."""
    parts = said_voice.parts_of(context.user_data)
    found = said_voice.take(context)
    if found is None:
        await reply(update, t(context, said_voice.GONE_SAID))
        return
    await drop_buttons(update)
    put_parts(d, found, parts)
    entered_at_start(context, FLOW)
    await reply(update, t(context, VOICE_TAKEN, length=voice.clock(d["voice_seconds"])))


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area chosen and offers what to ask about."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned in place, or a stale button refused
        return None
    d["area"] = area
    return await offer(update, context, d["area"])


async def on_target(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the line, vote or meeting pressed and asks for the question."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ids = parse_ints(fields[3:]) if len(fields) == 4 else None
    if not ids or fields[2] not in TARGETS:
        return await refuse(update, context)
    prefix = "" if fields[2] == "l" else "#"
    if await resolve(update, context, d, f"{prefix}{ids[0]}") is None:
        return None
    return await _after_target(update, context, d)


async def on_target_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the line number or #N typed and asks for the question.

    A question naming its line (第79笔保洁费给了谁) is taken whole, the line and the
    question: it was answered "please type a line number" and lost (found trying the
    bot as a resident). A question that names none (路灯维修费为什么这么贵？) is kept
    while she chooses the line, and is not to be typed again."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    text = clean_text(typed(update))
    named = IN_QUESTION.search(unicodedata.normalize("NFKC", text)) \
        if parse_target(text) is None else None
    if named is not None:
        ref = f"#{named.group(2)}" if named.group(2) else f"第{named.group(1)}笔"
        if await resolve(update, context, d, ref) is None:
            return None
        return await confirm(update, context, text)
    if parse_target(text) is None and is_question(text):
        # kept: the line pressed or typed next takes it to the summary (a letter's
        # beginning, said so: it was 已记下, then 太长了 once the line was pressed)
        d["text"] = text[:MAX_QUESTION]
        await reply(update, (long_kept(context, len(text)) + "\n"
                             if len(text) > MAX_QUESTION else "") +
                    t(context, "I have kept your question. Which line, vote or "
                               "meeting is it about? Press one above, or type its "
                               "number (e.g. 36, or #12 for a vote or a meeting)."))
        return None
    if await resolve(update, context, d, text) is None:
        return None
    return await _after_target(update, context, d)


async def _after_target(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any]) -> object:
    """The question kept before the line was chosen goes to the summary; else ask it."""
    if d.get("text"):
        return await confirm(update, context, d["text"])
    return await ask_text(update, context)


# A voice message at /ask's steps (an elderly resident who does not type): it was kept
# apart and offered as a report or an opinion, her question never asked. Now it is the
# question: approved with a volunteer's written summary (db.review), which is published.
VOICE_KEPT = lazy("I have kept your voice message ({length}) as your question. Which line, vote "
                  "or meeting is it about? Press one below, or type its number (e.g. 36, or "
                  "#12 for a vote or a meeting).")


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a voice message as the question and asks to confirm it.

    Before the line is chosen, the line is asked for, with its buttons right below."""
    d = current_draft(context, FLOW)
    message = update.message
    if d is None or message is None or message.voice is None:
        return END
    if d.get("voice"):  # said in parts: added (it replaced the one before, "a question
        await add_voice(update, context, d, FLOW)  # keeps one voice message")
        if not d.get("target"):
            await reply(update, t(context, TARGET_AGAIN),
                        reply_markup=shown(FLOW, TARGET_STEP)(context))
            return None
        return await confirm(update, context, d["text"])
    try:
        ref = await save_voice(update, context, message.voice)
    except DomainError as exc:  # too large: nothing kept, said why
        await reply(update, error_text(context, exc))
        return None
    typed_before = str(d.get("text") or "")
    d["voice"], d["voice_seconds"] = ref, voice_seconds(message.voice)
    d["text"] = voice.PLACEHOLDER + (  # words typed before stay with it (db.voice)
        "\n" + typed_before[:MAX_QUESTION - len(voice.PLACEHOLDER) - 1] if typed_before else "")
    length = voice.clock(d["voice_seconds"])
    if not d.get("target"):
        await reply(update, t(context, VOICE_KEPT, length=length),
                    reply_markup=shown(FLOW, TARGET_STEP)(context))
        return None
    return await confirm(update, context, d["text"])


TARGET_AGAIN = lazy("Which line, vote or meeting is your question about? Press one below, or "
                    "type its number.")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the question typed and asks to confirm it."""
    if current_draft(context, FLOW) is None:
        return END
    return await confirm(update, context, clean_text(typed(update)))


# A vote said alone at the confirmation (a proposal came in, its buttons under it): it was
# added to the question, 保洁费为什么每月都一样 / 我同意 to be published so, the vote not cast.
VOTE_AT_CONFIRM = lazy("\"{typed}\" was not added to your question: it reads like a vote. Your "
                       "question is not sent yet: first press \"Submit\" or \"Cancel\" below; "
                       "then, to vote, press the buttons under the proposal, or \"Vote\" in "
                       "the menu.")


async def on_text_at_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds words typed at the confirmation (是哪家公司做的) to the question, said so.

    They got 请点上面的“提交”或“取消”, dropped unsaid; 提交 or 好的 get it again below."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return END
    words, text = clean_text(typed(update)), str(d["text"])
    if typed_choice(words) is not None:  # 我同意 for a proposal come in meanwhile: not asked
        await reply(update, t(context, VOTE_AT_CONFIRM, typed=words[:20])
                    if await vote_open(context, d.get("area")) else t(context, AGAIN_BELOW))
    elif not says_more(words) or words in text.split("\n"):
        await reply(update, t(context, AGAIN_BELOW))
    elif len(text) + 1 + len(words) > MAX_QUESTION:
        await reply(update, t(context, "Your words were not added: the question would be over "
                                       "{max} characters.", max=MAX_QUESTION))
    else:
        await reply(update, t(context, "Your words were added to your question: {words}",
                              words=words))
        text = f"{text}\n{words}"
    return await confirm(update, context, text)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the question and tells the volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("text"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: confirm(update, context, d["text"]))
    person = await person_of(update, context)
    if not may_ask(person, d["area"]):
        drop_draft(context, FLOW)
        await reply(update, t(context, CANT_ASK))
        return END
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, rate_limited(context, person["telegram_id"], draft_of=FLOW))
        return None
    try:
        entry = await call(repo_of(context).ask, person["id"], d["area"], d["target"],
                           d["ref"], d["text"], voice=d.get("voice") or None,
                           voice_seconds=int(d.get("voice_seconds") or 0),
                           voice_more=d.get("voice_more") or None,
                           voice_more_seconds=d.get("voice_more_seconds") or None)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What a resident is told once her question is stored: its number."""
    return t(context, "Thank you. Your question #{id} was received; a volunteer will check "
                      "it, then it is published and answered. See \"Mine\" in the menu.",
             id=entry.id)


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the question and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


STATES: dict[object, list[Any]] = {
    AREA: [*buttons(PREFIX, {"area": on_area, "back": on_back, "cancel": on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."),
                       markup=shown(FLOW, AREA_STEP))],
    TARGET: [*buttons(PREFIX, {"t": on_target, "back": on_back, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, step(on_target_typed)),
             MessageHandler(filters.VOICE, on_voice),
             *unexpected(lazy("Press a line, vote or meeting above, or type a line number."),
                         markup=shown(FLOW, TARGET_STEP))],
    WRITE: [*buttons(PREFIX, {"keep": on_keep, "back": on_back, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, keeping(on_text)),
            MessageHandler(filters.VOICE, on_voice),
            *unexpected(lazy("Please write your question, or send a voice message."),
                        markup=write_buttons)],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "back": on_back, "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT, step(on_text_at_confirm)),  # 是哪家公司做的: added
              MessageHandler(filters.VOICE, on_voice),
              *unexpected(lazy("Please press Submit or Cancel above."),
                          markup=confirm_buttons)],
}

async def _so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """What a kept question holds, said when it is taken up (``Flow.so_far``): the
    question typed before its line was chosen, or what it is about; at the confirmation
    the question itself is shown."""
    if state == TARGET:
        return [f"“{short(d['text'], 300)}”"] if d.get("text") else []
    if state == WRITE and d.get("target"):
        return [about(context, d)]
    return []


async def _may_take_up(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> bool:
    """Whether the presser may still ask about the kept question's area (a confirmed
    resident or a supervisor of it, as at the start); says why not."""
    person = await person_of(update, context)
    if may_ask(person, str(d.get("area") or "")):
        return True
    text = t(context, "Your household changed while you were writing. Nothing was saved; "
                      "please start again.") if _areas(person) else t(context, CANT_ASK)
    await reply(update, text, reply_markup=await menu_of(update, context))
    return False


# Each step asked again for a kept question taken up (bot.kept); choosing the area
# holds nothing of its own.
RESUME = {TARGET: lambda u, c, d: offer(u, c, d["area"]),
          WRITE: lambda u, c, d: ask_text(u, c),
          CONFIRM: lambda u, c, d: confirm(u, c, d["text"])}

COMMANDS = [
    Command("ask", "Ask in public about a line of the accounts, a vote or a meeting: /ask 36 "
            "question", ask_start, audience=Audience.RESIDENT, order=55,
            extra={"title": lazy("Question"), kept.MAY_TAKE_UP: _may_take_up},
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=_so_far, entry_points=[
                CallbackQueryHandler(ask_start,
                                     pattern=f"^{PREFIX}:(go|said|voice|again:[0-9]+)$")])),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
