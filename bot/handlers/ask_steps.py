"""/ask's questions (``bot.handlers.ask``): which area (someone with several), what the
question is about, the question, and the confirmation that says what is published;
and one step back (``bot.step_back``): ⬅️ 上一步 pressed (``ask:back:<step>``) or 上一步
(返回上一步, 后退) typed goes to the step before, keeping what she chose and wrote: the
confirmation to the question (shown kept, with 不改，继续: ``ask:keep``, or 不改 typed),
the question to what it is about (the one chosen said), that to the areas. At the first
step 上一步 leaves as 返回 does, keeping the draft (继续填写).

Before, 上一步 typed at any step left the question (已退出“提问”), and at the
confirmation (提交, 取消) the question could not be changed.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import voice
from db.civic import MAX_QUESTION
from db.entries import Kind
from db.people import acting_role
from db.records import SUPERVISOR_ACTS

from ..area_pages import AREA_PAGE, area_markup
from ..civic_text import item_about
from ..context import lang_of, person_of, reply, t
from ..flows import (
    answer,
    button_args,
    current_draft,
    gone,
    refuse,
    sealed,
    short,
    states,
)
from ..i18n import lazy
from ..keyboards import button
from ..signed import signature
from ..staff import area_name
from ..step_back import Handler, back_line, back_of, back_pressed, back_to, keep_typed, stepping
from ..step_buttons import AREA_STEP, remember
from .ask_target import PREFIX, offered

__all__ = ["FLOW", "AREA", "TARGET", "WRITE", "CONFIRM", "ask_area", "offer", "ask_text",
           "about", "confirm", "long_kept", "on_back", "on_keep", "step", "keeping",
           "write_buttons", "confirm_buttons", "question_shown", "VOICE_ASKED"]

FLOW = "ask"
AREA, TARGET, WRITE, CONFIRM = states(FLOW, "area", "target", "write", "confirm")
TARGET_STEP = "target"  # its buttons noted (bot.step_buttons), to come again after a sticker
CHOSEN = lazy("Chosen now: {about}. Press it to keep it, or another one to change it.")
KEPT = lazy("Your question: {text}\nTo keep it, press \"Keep it, continue\"; to change it, "
            "type a new one.")


def _cancel_line(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[Any]:
    """取消, after ⬅️ 上一步 at a step that has one."""
    return back_line(lang_of(context), PREFIX, back_of(d),
                     button(t(context, "Cancel"), f"{PREFIX}:cancel"))


async def ask_area(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    """Asks which of her areas the question is about (the first step)."""
    back_to(d, None)
    names = [await area_name(context, a) for a in d["areas"]]
    text = t(context, "Which area is your question about?")
    if d.get("area") in d["areas"]:  # came back to it: the one chosen said
        text += "\n" + t(context, CHOSEN, about=names[d["areas"].index(d["area"])])
    page = d["areas"].index(d["area"]) // AREA_PAGE if d.get("area") in d["areas"] else 0
    await reply(update, text, reply_markup=remember(d, AREA_STEP, area_markup(names, PREFIX,
                                                                              page)))
    return AREA


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> str:
    """Asks what the question is about (the areas before it for someone with several)."""
    d = current_draft(context, FLOW) or {}
    back = back_to(d, "area" if len(d.get("areas", [])) > 1 else None)
    text = t(context, "What is your question about? Press one, or type a line number of the "
                      "accounts (e.g. 36), or #N for a vote or a meeting (e.g. #12).")
    if d.get("target") and d.get("ref"):  # came back to it: the one chosen said
        text += "\n" + t(context, CHOSEN, about=about(context, d))
    choices = await offered(context, area)
    rows = [list(row) for row in choices.inline_keyboard]
    if back:  # ⬅️ 上一步 before its 取消
        rows[-1] = back_line(lang_of(context), PREFIX, back, *rows[-1])
    await reply(update, text, reply_markup=remember(d, TARGET_STEP, InlineKeyboardMarkup(rows)))
    return TARGET


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Asks for the question; come back to it (上一步), shows the one written, kept, with
    不改，继续."""
    d = current_draft(context, FLOW) or {}
    back_to(d, "target")
    if d.get("text"):
        kept = question_shown(context, d) if d.get("voice") else f"“{short(str(d['text']), 600)}”"
        await reply(update, t(context, KEPT, text=kept),
                    reply_markup=write_buttons(context))
        return WRITE
    await reply(update, t(context, "Please write your question (at most {max} characters), or "
                                   "send a voice message. Do not put names or phone numbers "
                                   "in it: it will be public.", max=MAX_QUESTION),
                reply_markup=write_buttons(context))
    return WRITE


def write_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The question step's buttons: 不改，继续 (a question kept), ⬅️ 上一步 and 取消; again
    under 请写下您的问题，或发一条语音 after a sticker, the step's buttons scrolled away."""
    d = current_draft(context, FLOW) or {}
    kept = [[button(t(context, "Keep it, continue"), f"{PREFIX}:keep")]] if d.get("text") else []
    return InlineKeyboardMarkup([*kept, _cancel_line(context, d)])


LONG_KEPT = lazy("That is {count} characters; a question takes up to {max}. Its first {max} "
                 "are kept as your question (you can change it before you submit).")


def long_kept(context: ContextTypes.DEFAULT_TYPE, count: int) -> str:
    """What she is told when a question of ``count`` characters keeps its beginning."""
    return t(context, LONG_KEPT, count=count, max=MAX_QUESTION)


def about(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    return item_about(lang_of(context), d["target"], d["ref"], bool(d.get("election")))


# how her question is signed: 居民, or 监督员 for a supervisor's (db.records.SUPERVISOR_ACTS);
# before, everyone read 署名只写“居民”（或“监督员”）, not knowing which was hers
# and beside what it is about: 第 36 笔账, 提议 #12, 会议纪要 #15 (a question on minutes read
# 和所问的那笔账一起发布, as if about a ledger line)
SIGNED_ONLY = lazy("A volunteer checks it for personal data; then it is published on the public "
                   "site with {about}, signed only \"{role}\", never with your name. You will "
                   "be told when it is answered.")


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> object:
    d = current_draft(context, FLOW)
    assert d is not None
    if not text:
        back_to(d, "target")  # the question step's ⬅️ 上一步, as ask_text notes it
        await reply(update, t(context, "That message was empty. Please write your question."))
        return WRITE
    # a letter typed (5,000 characters): its beginning kept, said so, to read before she
    # submits. It was 太长了，请控制在 500 字以内 and gone, after 您的问题已记下 at the line.
    if d.get("voice") and not text.startswith(voice.PLACEHOLDER):  # typed anew: it is that
        for key in ("voice", "voice_seconds"):
            d.pop(key, None)
    lead = [long_kept(context, len(text))] if len(text) > MAX_QUESTION else []
    text = text[:MAX_QUESTION]
    d["text"] = text
    back_to(d, "text")
    what = about(context, d)
    spoken = [t(context, VOICE_ASKED)] if d.get("voice") else []
    await reply(update, "\n".join([*lead,
        t(context, "Your question about {about}: {text}", about=what,
          text=question_shown(context, d)),
        *spoken,
        t(context, SIGNED_ONLY, about=what, role=signature(lang_of(context), acting_role(
            await person_of(update, context), d["area"],
            as_resident=Kind.QUESTION not in SUPERVISOR_ACTS)))]),
        reply_markup=confirm_buttons(context))
    return CONFIRM


# A question asked by voice (bot.handlers.ask.on_voice): what becomes of it
VOICE_ASKED = lazy("A volunteer will listen to it and write your question down in a few words; "
                   "the website shows those words, never your voice.")


def question_shown(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The question as she reads it back: her words, or (a voice message, 0:12) and any
    words typed with it."""
    if not d.get("voice"):
        return str(d.get("text") or "")
    seconds = voice.seconds_of(d)
    count = 1 + len(d.get("voice_more") or [])  # said in parts (bot.voice_parts)
    said = t(context, "(a voice message, {length})",
             length=voice.clock(seconds) if seconds else "?") if count == 1 else \
        t(context, "({count} voice messages, {length} in all)", count=count,
          length=voice.clock(seconds))
    words = voice.typed_words(d)
    return f"{said} {words}" if words else said


def confirm_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """提交 (sealed: it sends the question as shown), ⬅️ 上一步 and 取消 under the question;
    again under 请点上面的“提交”或“取消” after a sticker or a photo, the buttons
    scrolled away."""
    d = current_draft(context, FLOW) or {}
    return sealed(InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        back_line(lang_of(context), PREFIX, back_of(d),
                  button(t(context, "Cancel"), f"{PREFIX}:cancel"))]), d, f"{PREFIX}:ok")


# -- one step back ------------------------------------------------------------------

async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again; what was chosen and written is kept."""
    if to == "area" and len(d.get("areas", [])) > 1:
        return await ask_area(update, context, d)
    if to == "target" or to == "area":
        return await offer(update, context, d["area"])
    return await ask_text(update, context)


on_back = back_pressed(FLOW, PREFIX, ("area", "target", "text"), _go_back)
step = stepping(FLOW, _go_back)  # a step's typed text, 上一步 taken as its ⬅️ 上一步


def keeping(handler: Handler) -> Handler:
    """``handler`` of the question typed, with 上一步 taken as ⬅️ 上一步 and 不改 (继续)
    typed at the question she came back to as its 不改，继续."""
    async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        d = current_draft(context, FLOW)
        if d is not None and d.get("text") and keep_typed(update):
            return await confirm(update, context, str(d["text"]))
        return await handler(update, context)
    typed_at.__doc__ = handler.__doc__
    typed_at.__name__ = getattr(handler, "__name__", "typed_at")
    return step(typed_at)


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the question written at the step she came back to and shows it to submit."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "keep", 0) is None or not d.get("text"):
        return await refuse(update, context)
    return await confirm(update, context, str(d["text"]))
