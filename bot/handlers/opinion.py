"""/opinion (提意见): free text (or a voice message), optionally about one of
the area's open proposals, then a confirmation that says what will be
published, with Submit, Edit (the text asked again, the proposal kept) and Cancel.
Stored pending on Submit; the area's volunteers are told.

Written as ``bot.flows`` says; each step is asked in ``bot.handlers.opinion_ask``.
Buttons: ``op:p:<proposal id>`` (0: a general opinion), ``op:ok``, ``op:edit`` (write it
again), ``op:back:<step>`` and ``op:keep`` (⬅️ 上一步 and 不改，继续:
``bot.handlers.opinion_back``) and ``op:cancel``; ``op:said``
(under a sentence typed outside any flow, ``bot.freetext``) starts one with that
sentence as its text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler
from telegram.ext import filters as F

from db import voice
from db.entries import Entry, Kind, Status
from db.errors import DomainError

from .. import kept, said_voice
from ..commands import Audience, Command, Flow
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    error_text,
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
    MAX_INPUT,
    PHOTO,
    TEXT_INPUT,
    answer,
    answer_once,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    draft,
    drop_draft,
    gone,
    leave,
    matches,
    refuse,
    typed,
    unexpected,
)
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import (
    SAID_DATA,
    VOICE_TEXT,
    rate_limited,
    require_resident,
    start_from_said,
    start_resident_flow,
)
from ..step_back import back_to
from ..voice_parts import add_voice, put_parts, received
from ..words import normalise, says_more
from . import opinion_photos
from .opinion_ask import (
    ABOUT,
    CONFIRM,
    EDITING,
    FLOW,
    PREFIX,
    SAID,
    SPOKEN,
    WRITE,
    about_markup,
    ask_about,
    ask_text,
    cancel_line,
    confirm,
    kept_before,
    spoken_of,
    typed_about,
    write_markup,
)
from .opinion_back import keeping, on_back, on_keep, step
from .vote_typed import typed_choice, vote_open

__all__ = ["COMMANDS", "HANDLERS", "receipt"]



async def opinion_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an opinion: asks whether it is about an open proposal, or for the text."""
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return END
    _person, area, _draft = started
    return await ask_about(update, context, area)


VOICE_KEPT = lazy("Voice message received ({length}) and kept.\nFirst, please press below "
                  "whether it is about one of the open proposals, or a general opinion:")


async def on_voice_at_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a voice message sent before the opinion said what it is about; asks that.

    Its buttons below. It was 这条语音没有保存：这一步不收语音, to be said again later."""
    d = draft(context, FLOW)
    assert update.message is not None and update.message.voice is not None
    spoken = spoken_of(d)
    if spoken is not None:  # she spoke again before choosing: it goes with the first
        await add_voice(update, context, spoken, "opinion")  # (it replaced it, unsaid)
        d[SPOKEN] = spoken
        return await ask_about(update, context, d["area"], t(context, CHOOSE_BELOW))
    try:
        ref = await save_voice(update, context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    seconds = voice_seconds(update.message.voice)
    d[SPOKEN] = {"voice": ref, "voice_seconds": seconds}
    return await ask_about(update, context, d["area"],
                            t(context, VOICE_KEPT, length=voice.clock(seconds)))
KEPT_WORDS = lazy("Your opinion is kept: {text}\nFirst, please press below whether it is about "
                  "one of the open proposals, or a general opinion:")


async def on_text_at_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the opinion typed before it said what it is about; asks that, buttons below.

    Typed at 您的意见是关于正在表决的某项提议吗？, it got 请点上面的按钮选择。 and was
    lost (您刚才在“提意见”里填写的内容没有提交，也没有保存 if she left). A question about
    the buttons (不知道选哪个？) is not kept, as at 报事's category step."""
    d = draft(context, FLOW)
    text = clean_text(typed(update))
    about = typed_about(d, text)
    if about is not None:  # 一般的, 537, 关于路灯的: its button (kept as the opinion, before)
        return await _about(update, context, d, about)
    if len(text) > MAX_INPUT:  # kept as at the next step, its button once she chose
        d.pop(SAID, None)
        d[LONG] = text[:MAX_INPUT]
        return await ask_about(update, context, d["area"],
                                t(context, LONG_AT_ABOUT, count=len(text), max=MAX_INPUT))
    if text and says_something(text) and not _about_the_buttons(text):
        d[SAID] = text
        return await ask_about(update, context, d["area"],
                                t(context, KEPT_WORDS, text=text if len(text) <= 1500
                                  else text[:1499] + "…"))
    return await ask_about(update, context, d["area"], t(context, CHOOSE_BELOW))


# 不知道选哪个？, 选哪个, 什么意思: about the buttons, not an opinion (kept, it was shown
# to submit). Narrower than 报事's (``report_typed.ASKING_WHICH``): an opinion is often
# a question (为什么北门晚上要锁？).
_CHOOSING = re.compile(r"选哪|选什么|选啥|怎么选|不会选|选不了|按哪|点哪|"
                       r"^我?(?:不知道|不明白|不懂|不清楚|什么意思|啥意思|看不懂)$")


def _about_the_buttons(text: str) -> bool:
    said = normalise(text)
    return len(said) <= 10 and _CHOOSING.search(said) is not None


# 2,400 characters typed there got 请点下面的按钮选择 and were gone without a word.
LONG_AT_ABOUT = lazy("That is {count} characters, more than the {max} an opinion may have. "
                     "What you wrote is kept: first press below whether it is about one of "
                     "the open proposals, or a general opinion; then you can keep its first "
                     "{max} characters, or send a shorter text.")


CHOOSE_BELOW = lazy("Please choose with the buttons below:")


async def opinion_from_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an opinion with the sentence typed before (or asks for one) to submit."""
    if not await answer_once(update, context):  # a double tap: the first press started it
        return None
    got = await start_from_said(update, context, PREFIX, FLOW)
    if got is None:
        return None  # a stale or forged press: refused
    started, text = got
    if started is None:
        return END
    opinion_photos.take(context, started[2])  # the photos kept with them, as a report's
    if not text:
        return await ask_text(update, context)
    entered_at_start(context, FLOW)  # her words: kept if she leaves the opinion
    return await confirm(update, context, {"text": text})


async def opinion_from_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an opinion with the voice message sent before; asks what it is about.

    The voice was sent outside any flow (``bot.said_voice``)."""
    if not await answer_once(update, context):  # a double tap: the first press started it
        return None
    got = await said_voice.start_with_voice(update, context, PREFIX, FLOW)
    if got is None:
        return None  # refused, or told why she may not give one (the voice stays kept)
    (_person, area, d), found, parts = got
    opinion_photos.take(context, d)  # the photos kept with it, as a report's
    if found is None:  # no longer kept (said): as 提意见 pressed
        return await ask_about(update, context, area)
    spoken: dict[str, Any] = {}
    put_parts(spoken, found, parts)  # with the voices and words kept along with it
    d[SPOKEN] = spoken
    entered_at_start(context, FLOW)  # her voice: kept if she leaves the opinion
    several = received(context, spoken)
    return await ask_about(update, context, area,
                            t(context, VOICE_KEPT, length=voice.clock(found[1])) if not several
                            else several + "\n" + t(context, CHOOSE_BELOW))


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the opinion and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks for the text again (修改 at the confirmation), the proposal kept.

    A typo need not mean cancelling and starting over."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "edit", 0) is None or not d.get("data"):
        return await refuse(update, context)
    d[EDITING] = True  # ⬅️ 上一步: the confirmation, unchanged
    return await ask_text(update, context, t(context, "What you write now replaces the "
                                                       "opinion above.") + "\n")


async def on_proposal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores which open proposal the opinion is about (or none) and asks for the text."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    ids = parse_ints(button_args(update, PREFIX, "p", 1))
    if not ids:
        return await refuse(update, context)
    return await _about(update, context, d, ids[0])


async def _about(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                 about: int) -> object:
    """The proposal the opinion is about (0: none), pressed or typed, checked again; the
    text asked next (or what was kept shown to submit)."""
    if about:
        proposal = await entry_or_none(context, about)
        if proposal is None or proposal.kind != Kind.PROPOSAL or \
                proposal.area != d["area"] or proposal.status != Status.OPEN:
            return await refuse(update, context)
    d["proposal"] = about  # 0: general (kept, so that one changed on the way back is)
    kept = kept_before(d)
    if kept:  # written or spoken before: shown to submit
        return await confirm(update, context, kept)
    if isinstance(d.get(LONG), str) and d[LONG]:  # typed too long before: keep its beginning?
        back_to(d, "about")  # the text step's ⬅️ 上一步, as ask_text notes it
        await _offer_cut(update, context, None)
        return WRITE
    return await ask_text(update, context)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the opinion typed."""
    assert update.message is not None
    text = clean_text(update.message.text)
    if not text:
        await reply(update, t(context, "That message was empty. Please write your opinion."))
        return None
    if len(text) > MAX_INPUT:  # kept, with a button to keep its beginning (as a report's)
        draft(context, FLOW)[LONG] = text[:MAX_INPUT]
        await _offer_cut(update, context, len(text))
        return None
    if not says_something(text):  # 好 or 👍 alone went to the volunteers as an opinion
        await reply(update, t(context, FEW_WORDS))
        return None
    return await confirm(update, context, {"text": text})


LONG = "long"  # the first MAX_INPUT characters of an opinion sent too long
# 内容太长（5000 个字）。请控制在 2000 字以内。: what she had written was gone, to be
# written again shorter on a phone.
TOO_LONG = lazy("That is {count} characters, more than the {max} an opinion may have. What "
                "you wrote is kept: press the button to keep its first {max} characters, or "
                "send a shorter text.")


async def _offer_cut(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     count: int | None) -> None:
    """Says an opinion of ``count`` characters is too long (None: said before) and offers
    to keep its first ``MAX_INPUT`` (``op:cut``)."""
    said = t(context, TOO_LONG, count=count, max=MAX_INPUT) if count is not None else \
        t(context, CUT_OFFER, max=MAX_INPUT)
    await reply(update, said, reply_markup=InlineKeyboardMarkup([
        [button(t(context, "Keep the first {max} characters", max=MAX_INPUT), f"{PREFIX}:cut")],
        cancel_line(context, draft(context, FLOW))]))


CUT_OFFER = lazy("Your opinion is too long: press the button to keep its first {max} "
                 "characters, or send a shorter text.")


async def on_cut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the first ``MAX_INPUT`` characters of the over-long opinion she sent."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    text = d.pop(LONG, None)
    if button_args(update, PREFIX, "cut", 0) is None or not isinstance(text, str) or not text:
        return await refuse(update, context)
    return await confirm(update, context, {"text": text})


MIN_WORDS = 2  # letters or digits: 同意, 不行, OK pass; 好 or 👍 alone says too little
FEW_WORDS = lazy("A single character, emoji or mark alone does not tell the volunteers what "
                 "you think. Please write it in a few words (e.g. 同意，希望晚上也开着门), or "
                 "send a voice message.")


def says_something(text: str) -> bool:
    """Whether an opinion typed holds ``MIN_WORDS`` letters or digits: one character (好)
    or emoji and marks alone tell a volunteer nothing she could answer or act on."""
    return sum(unicodedata.category(ch)[0] in "LN" for ch in text) >= MIN_WORDS


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the opinion given as a voice message."""
    assert update.message is not None and update.message.voice is not None
    try:
        ref = await save_voice(update, context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    return await confirm(update, context, {"text": tr("zh", VOICE_TEXT), "voice": ref,
                                            "voice_seconds": voice_seconds(update.message.voice)})


VOTE_AT_CONFIRM = lazy("\"{typed}\" was not added to your opinion: it reads like a vote. Your "
                       "opinion is not sent yet: first press \"Submit\" or \"Cancel\" below; "
                       "then, to vote, press the buttons under the proposal, or \"Vote\" in "
                       "the menu.")


async def on_confirm_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds words typed at the confirmation to the opinion, says so, shows it again.

    楼下的垃圾桶太少了 typed under 您的意见：（一条语音留言） got the confirmation again as
    it was, her words dropped unsaid; 提交 or 好的 still get it again, buttons below."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("data"):
        return await gone(update, context)
    data, words = d["data"], clean_text(typed(update))
    said = t(context, AGAIN_BELOW)
    if not d.get("proposal") and typed_choice(words) is not None:  # 我同意: a vote (or 提交)
        said = t(context, VOTE_AT_CONFIRM, typed=words[:20]) \
            if await vote_open(context, d.get("area")) else said  # not her opinion's words
    elif says_more(words) and words not in str(data.get("text") or "").split("\n"):
        joined = f"{data.get('text') or ''}\n{words}".strip("\n")
        if len(joined) > MAX_INPUT:
            said = t(context, "Your words were not added: the opinion would be over {max} "
                              "characters.", max=MAX_INPUT)
        else:
            data["text"] = joined
            said = t(context, "Your words were added to your opinion: {words}", words=words)
    await reply(update, said)
    return await confirm(update, context, data)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the opinion and tells the volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("data"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: confirm(update, context, d["data"]))
    return await _store(update, context, dict(d["data"]))


async def _store(update: Update, context: ContextTypes.DEFAULT_TYPE,
                 data: dict[str, Any]) -> object:
    d = draft(context, FLOW)
    who = await require_resident(update, context)
    if who is None or who[1] != d.get("area"):
        drop_draft(context, FLOW)
        return END
    person, area = who
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, rate_limited(context, person["telegram_id"], draft_of=FLOW))
        return None
    if d.get("proposal"):
        data["proposal"] = d["proposal"]
    try:
        entry = await call(repo_of(context).submit, person["id"], Kind.OPINION, area,
                           opinion_photos.with_photos(d, data))
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/修改/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What a resident is told once her opinion is stored: its number."""
    return t(context, "Thank you. Your opinion #{id} was received; a volunteer will read it. "
                      "Press \"Mine\" in the menu to see its status.", id=entry.id)


async def on_voice_at_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds a voice message sent at the confirmation to the opinion and shows it again.

    She spoke in two parts: the second was kept apart, offered as a report or an opinion
    of its own (``bot.voice_parts``)."""
    d = draft(context, FLOW)
    data = dict(d.get("data") or {})
    if not data:
        return END
    await add_voice(update, context, data, "opinion")
    return await confirm(update, context, data)


STATES: dict[object, list[Any]] = {
    ABOUT: [*buttons(PREFIX, {"p": on_proposal, "back": on_back, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, on_text_at_about),
            MessageHandler(F.VOICE, on_voice_at_about),
            *unexpected(CHOOSE_BELOW, markup=about_markup)],  # a sticker, a pin
    WRITE: [*buttons(PREFIX, {"cut": on_cut, "keep": on_keep, "back": on_back,
                              "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, keeping(on_text)),
            MessageHandler(F.VOICE, on_voice),
            *unexpected(lazy("Please write your opinion as text or send a voice message."),
                        markup=write_markup)],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "edit": on_edit, "back": on_back,
                                "nophoto": opinion_photos.on_no_photos, "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT, step(on_confirm_text)),  # 放在3号楼下面: added
              MessageHandler(F.VOICE, on_voice_at_confirm),  # she spoke again: added
              MessageHandler(PHOTO, opinion_photos.on_photo_at_confirm),  # goes with it
              *unexpected(lazy("Please press Submit, Edit or Cancel above."),
                          lambda u, c: confirm(u, c, draft(c, FLOW)["data"]))],
}

async def _so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """What a kept opinion is about, said when it is taken up before it is written
    (``Flow.so_far``); at the confirmation the opinion itself is shown."""
    if state != WRITE:
        return []
    if not d.get("proposal"):
        return [t(context, "A general opinion")]
    proposal = await entry_or_none(context, d["proposal"])
    if proposal is None:
        return []
    return [t(context, "About #{id}: {title}", id=proposal.id,
              title=str(proposal.data.get("title", "")))]


# Each step asked again for a kept draft taken up (bot.kept); at the first one (which
# proposal) only an opinion typed before the choice (SAID).
RESUME = {ABOUT: lambda u, c, d: ask_about(u, c, d["area"]),
          WRITE: lambda u, c, d: ask_text(u, c),
          CONFIRM: lambda u, c, d: confirm(u, c, d["data"])}

COMMANDS = [
    Command("opinion", "Give an opinion or suggestion", opinion_start,
            audience=Audience.RESIDENT, menu_label="Opinion", order=20,
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=_so_far, entry_points=[
                CallbackQueryHandler(opinion_from_said, pattern=f"^{PREFIX}{SAID_DATA}"),
                CallbackQueryHandler(opinion_from_voice, pattern=said_voice.pattern(PREFIX))])),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
