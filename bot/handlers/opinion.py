"""/opinion (提意见): free text (or a voice message), optionally about one of
the area's open proposals, then a confirmation that says what will be
published, with Submit, Edit (the text asked again, the proposal kept) and Cancel.
Stored pending on Submit; the area's volunteers are told.

Written as ``bot.flows`` says. Buttons: ``op:p:<proposal id>`` (0: a general
opinion), ``op:ok``, ``op:edit`` (write it again) and ``op:cancel``; ``op:said``
(under a sentence typed outside any flow, ``bot.freetext``) starts one with that
sentence as its text.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler
from telegram.ext import filters as F

from db import voice
from db.entries import Entry, Kind, Status
from db.errors import DomainError

from .. import kept
from ..commands import Audience, Command, Flow
from ..consent import public_notice
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    error_text,
    person_of,
    read,
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
    TEXT_INPUT,
    answer,
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
    sealed,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import (
    AGREED,
    VOICE_TEXT,
    rate_limited,
    require_resident,
    start_from_said,
    start_resident_flow,
)
from ..words import normalise, says_more

__all__ = ["COMMANDS", "HANDLERS", "receipt"]

FLOW = "opinion"
PREFIX = "op"
ABOUT, WRITE = states(FLOW, "about", "write")
(CONFIRM,) = states(FLOW, "confirm")


async def opinion_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an opinion: asks whether it is about an open proposal, or for the text."""
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return END
    _person, area, _draft = started
    return await _ask_about(update, context, area)


async def _ask_about(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                     lead: str = "") -> str:
    """Asks whether the opinion is about an open proposal (when there is one), else for
    its text, or shows it to submit when it was written already (``SAID``)."""
    proposals = await read(repo_of(context).entries, area=area, kind=Kind.PROPOSAL,
                           status=Status.OPEN)
    if not proposals:
        kept = _kept_before(draft(context, FLOW))
        return await _confirm(update, context, kept) if kept \
            else await _ask_text(update, context)
    choices = [[button(t(context, "About #{id}: {title}", id=p.id,
                         title=str(p.data.get("title", ""))[:40]), f"{PREFIX}:p:{p.id}")]
               for p in proposals[-8:]]
    choices.append([button(t(context, "A general opinion"), f"{PREFIX}:p:0")])
    choices.append([button(t(context, "Cancel"), f"{PREFIX}:cancel")])
    # kept, for a sticker or a pin sent next: the choice again below (_about_markup)
    draft(context, FLOW)["about"] = [[b.text, b.callback_data] for row in choices for b in row]
    await reply(update, lead or t(context, "Is your opinion about one of the open proposals?"),
                reply_markup=InlineKeyboardMarkup(choices))
    return ABOUT


def _about_markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(label, str(data))]
                                 for label, data in draft(context, FLOW).get("about", [])])


SAID = "said"  # the opinion typed before it said what it was about (on_text_at_about)
SPOKEN = "spoken"  # [voice ref, seconds]: the same, spoken (on_voice_at_about)
VOICE_KEPT = lazy("Voice message received ({length}) and kept.\nFirst, please press below "
                  "whether it is about one of the open proposals, or a general opinion:")


def _kept_before(d: dict[str, Any]) -> dict[str, Any] | None:
    """The opinion typed or spoken before it said what it was about, taken out of the
    draft as it is shown to submit (words typed besides a voice go with it, for the
    volunteers: ``db.voice.typed_words``); None when there was none."""
    said, spoken = d.pop(SAID, None), d.pop(SPOKEN, None)
    if isinstance(spoken, list) and len(spoken) == 2:
        return {"text": tr("zh", VOICE_TEXT) + (f"\n{said}" if said else ""),
                "voice": spoken[0], "voice_seconds": spoken[1]}
    return {"text": said} if said else None


async def on_voice_at_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a voice message sent before the opinion said what it is about; asks that.

    Its buttons below. It was 这条语音没有保存：这一步不收语音, to be said again later."""
    d = draft(context, FLOW)
    assert update.message is not None and update.message.voice is not None
    try:
        ref = await save_voice(update, context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    seconds = voice_seconds(update.message.voice)
    d[SPOKEN] = [ref, seconds]
    return await _ask_about(update, context, d["area"],
                            t(context, VOICE_KEPT, length=voice.clock(seconds)))
KEPT_WORDS = lazy("Your opinion is kept: {text}\nFirst, please press below whether it is about "
                  "one of the open proposals, or a general opinion:")


async def on_text_at_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the opinion typed before it said what it is about; asks that, buttons below.

    Typed at 您的意见是关于正在表决的某项提议吗？, it got 请点上面的按钮选择。 and was
    lost (您刚才在“提意见”里填写的内容没有提交，也没有保存 if she left)."""
    d = draft(context, FLOW)
    text = clean_text(typed(update))
    if len(text) > MAX_INPUT:  # kept as at the next step, its button once she chose
        d.pop(SAID, None)
        d[LONG] = text[:MAX_INPUT]
        return await _ask_about(update, context, d["area"],
                                t(context, LONG_AT_ABOUT, count=len(text), max=MAX_INPUT))
    if text and says_something(text):
        d[SAID] = text
        return await _ask_about(update, context, d["area"],
                                t(context, KEPT_WORDS, text=text[:1500]))
    return await _ask_about(update, context, d["area"], t(context, CHOOSE_BELOW))


# 2,400 characters typed there got 请点下面的按钮选择 and were gone without a word.
LONG_AT_ABOUT = lazy("That is {count} characters, more than the {max} an opinion may have. "
                     "What you wrote is kept: first press below whether it is about one of "
                     "the open proposals, or a general opinion; then you can keep its first "
                     "{max} characters, or send a shorter text.")


CHOOSE_BELOW = lazy("Please choose with the buttons below:")


async def opinion_from_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an opinion with the sentence typed before (or asks for one) to submit."""
    await answer(update)
    got = await start_from_said(update, context, PREFIX, FLOW)
    if got is None:
        return None  # a stale or forged press: refused
    started, text = got
    if started is None:
        return END
    if not text:
        return await _ask_text(update, context)
    entered_at_start(context, FLOW)  # her words: kept if she leaves the opinion
    return await _confirm(update, context, {"text": text})


async def _ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE, lead: str = "") -> str:
    await reply(update, lead + t(context, "Please write your opinion or suggestion (or send a "
                                          "voice message). Volunteers read every one."),
                reply_markup=InlineKeyboardMarkup([[button(t(context, "Cancel"),
                                                           f"{PREFIX}:cancel")]]))
    return WRITE


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
    return await _ask_text(update, context, t(context, "What you write now replaces the "
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
    if ids[0]:
        proposal = await entry_or_none(context, ids[0])
        if proposal is None or proposal.kind != Kind.PROPOSAL or \
                proposal.area != d["area"] or proposal.status != Status.OPEN:
            return await refuse(update, context)
        d["proposal"] = proposal.id
    kept = _kept_before(d)
    if kept:  # written or spoken before: shown to submit
        return await _confirm(update, context, kept)
    if isinstance(d.get(LONG), str) and d[LONG]:  # typed too long before: keep its beginning?
        await _offer_cut(update, context, None)
        return WRITE
    return await _ask_text(update, context)


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
    return await _confirm(update, context, {"text": text})


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
        [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]))


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
    return await _confirm(update, context, {"text": text})


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
    return await _confirm(update, context, {"text": tr("zh", VOICE_TEXT), "voice": ref,
                                            "voice_seconds": voice_seconds(update.message.voice)})


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   data: dict[str, Any]) -> str:
    """Keeps the opinion in the draft and asks to submit it, saying what is published."""
    d = draft(context, FLOW)
    d["data"] = data
    shown = " ".join(filter(None, [t(context, "(a voice message)"), voice.typed_words(data)])) \
        if data.get("voice") else data["text"]
    text = "\n".join([t(context, "Your opinion: {text}", text=shown[:1500]),
                      public_notice(context, "opinion"), *await _sent_before(update, context, d)])
    await reply(update, text, reply_markup=sealed(InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "Edit"), f"{PREFIX}:edit")],
        [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]), d, f"{PREFIX}:ok"))
    return CONFIRM


async def _sent_before(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> list[str]:
    """Her same words still waiting as an opinion (sent twice, not sure the first went)."""
    words = normalise(str(d["data"].get("text") or "")) if not d["data"].get("voice") else ""
    person = await person_of(update, context) if words else {}
    same = [e for e in await read(repo_of(context).entries, area=d.get("area"),
                                  kind=Kind.OPINION, status=Status.PENDING, author=person["id"])
            if normalise(str(e.data.get("text") or "")) == words] if person.get("id") else []
    return [t(context, "⚠️ You gave the same opinion already: #{id} (waiting for review). If "
                       "it is the same one, there is no need to send it again: press "
                       "\"{cancel}\".", id=same[-1].id, cancel=t(context, "Cancel"))] \
        if same else []


async def on_confirm_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds words typed at the confirmation to the opinion, says so, shows it again.

    楼下的垃圾桶太少了 typed under 您的意见：（一条语音留言） got the confirmation again as
    it was, her words dropped unsaid; 提交 or 好的 still get it again, buttons below."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("data"):
        return await gone(update, context)
    data, words = d["data"], clean_text(typed(update))
    said = t(context, AGAIN_BELOW)
    if says_more(words) and words not in str(data.get("text") or "").split("\n"):
        joined = f"{data.get('text') or ''}\n{words}".strip("\n")
        if len(joined) > MAX_INPUT:
            said = t(context, "Your words were not added: the opinion would be over {max} "
                              "characters.", max=MAX_INPUT)
        else:
            data["text"] = joined
            said = t(context, "Your words were added to your opinion: {words}", words=words)
    await reply(update, said)
    return await _confirm(update, context, data)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the opinion and tells the volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("data"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: _confirm(update, context, d["data"]))
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
        entry = await call(repo_of(context).submit, person["id"], Kind.OPINION, area, data)
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


STATES: dict[object, list[Any]] = {
    ABOUT: [*buttons(PREFIX, {"p": on_proposal, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, on_text_at_about),
            MessageHandler(F.VOICE, on_voice_at_about),
            *unexpected(CHOOSE_BELOW, markup=_about_markup)],  # a sticker, a pin
    WRITE: [*buttons(PREFIX, {"cut": on_cut, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, on_text),
            MessageHandler(F.VOICE, on_voice),
            *unexpected(lazy("Please write your opinion as text or send a voice message."))],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "edit": on_edit, "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT, on_confirm_text),  # 放在3号楼下面: added
              *unexpected(lazy("Please press Submit, Edit or Cancel above."),
                          lambda u, c: _confirm(u, c, draft(c, FLOW)["data"]))],
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
RESUME = {ABOUT: lambda u, c, d: _ask_about(u, c, d["area"]),
          WRITE: lambda u, c, d: _ask_text(u, c),
          CONFIRM: lambda u, c, d: _confirm(u, c, d["data"])}

COMMANDS = [
    Command("opinion", "Give an opinion or suggestion", opinion_start,
            audience=Audience.RESIDENT, menu_label="Opinion", order=20,
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=_so_far, entry_points=[
                CallbackQueryHandler(opinion_from_said, pattern=rf"^{PREFIX}:said(:{AGREED})?$")])),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
