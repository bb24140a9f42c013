"""/correct (更正), its steps: which of her published texts, the corrected text, a reason, and
the summary to submit (a public correction a volunteer reviews, ``db.privacy``). Its ⬅️ 上一步
and 不改，继续, its states table and command are in ``bot.handlers.privacy``, which also keeps
the draft when she leaves in the middle (``Flow.resume``: ``RESUME``, ``may_take_up``).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels, voice
from db.entries import MAX_MORE_VOICES, MAX_TEXT, Entry, Kind, Status, is_public
from db.errors import DomainError
from db.people import is_volunteer_of, resident_area, supervisor_areas
from db.privacy import CORRECTABLE

from .. import said_photos
from ..consent import public_notice
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..entry_media import voice_seconds
from ..files import save_voice
from ..flows import (
    END,
    MAX_INPUT,
    answer,
    button_args,
    changed,
    clean_text,
    current_draft,
    drop_draft,
    drop_drafts,
    gone,
    leave,
    matches,
    new_draft,
    refuse,
    sealed,
    short,
    states,
    typed,
)
from ..i18n import lazy
from ..kept_voice import keep_in_flow, put_back
from ..kept_voice import markup as voice_buttons
from ..kept_voice import said as said_kept
from ..keyboards import button, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..private_only import in_private
from ..staff import entry_id_of, words
from ..step_back import back_line, back_of, back_to
from ..step_buttons import remember
from ..voice_words import voice_label
from .ask import ask_button

__all__ = ["FLOW", "PREFIX", "TEXT", "REASON", "CONFIRM", "PICKING", "correctable",
           "correct_start", "ask_pick", "ask_text", "on_choose", "on_text", "ask_reason",
           "on_reason", "on_no_reason", "summary", "on_submit", "receipt", "on_cancel",
           "markup", "media_at", "on_voice", "on_voice_at_reason", "TEXT_AGAIN", "REASON_AGAIN"]

FLOW = "correct"
PREFIX = "cor"
TEXT, REASON, CONFIRM = states(FLOW, "text", "reason", "confirm")
MAX_CHOICES = 8
MAX_REASON = 300
PICKING = "picking"  # the draft's key while the list of her texts is shown
# the draft's key of a voice said at that list, before she chose which text it corrects:
# [reference, seconds] (it was kept apart, offered as a report or an opinion)
SPOKEN = "spoken"


# -- /correct -----------------------------------------------------------------------

CORRECTION_WAITING = lazy("A correction of #{id} (#{correction}) is already waiting for a "
                          "volunteer's review. Once it is reviewed, you can correct #{id} again "
                          "if it is still needed. Nothing was changed.")


def correctable(person: dict[str, Any], e: Entry) -> bool:
    return e.kind in CORRECTABLE and is_public(e.kind, e.status) and (
        e.author == person["id"] or is_volunteer_of(person, e.area))



async def correct_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a correction: of entry N, or asks which of the caller's published texts.
    In a private chat only: who wrote what is not said in a group."""
    if not await in_private(update, context, "correct"):
        return END
    person = await person_of(update, context)
    repo = repo_of(context)
    args = words(update)
    if args:
        entry_id = entry_id_of(args[0])
        entry = await entry_or_none(context, entry_id) if entry_id is not None else None
        if entry is None or not correctable(person, entry):
            await reply(update, t(context, "#{id} is not a published text of yours that can be "
                                           "corrected.", id=args[0][:12]))
            return END
        return await ask_text(update, context, entry)
    mine = [e for e in await read(repo.entries, author=person["id"]) if correctable(person, e)]
    if not mine and not (resident_area(person) or supervisor_areas(person)):
        # she may not ask (not registered): the 提问 button only said 请先登记
        await reply(update, t(context, "You have no published report or opinion of yours to "
                                       "correct."))
        return END
    if not mine:  # a line of the accounts is the volunteers' to put right: ask them
        await reply(update, t(context, "You have no published report or opinion of yours to "
                                       "correct. A wrong line in the accounts is put right by "
                                       "the volunteers, with a line that corrects it: press "
                                       "the button below to ask them about it."),
                    reply_markup=InlineKeyboardMarkup([[ask_button(lang_of(context))]]))
        return END
    d = new_draft(context, FLOW, choices=[e.id for e in mine[-MAX_CHOICES:]])
    return await ask_pick(update, context, d)


async def ask_pick(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    d: dict[str, Any], lead: str = "") -> object:
    """Asks which of her published texts (``choices``) to correct: the first step."""
    back_to(d, None)
    d[PICKING] = True  # come back to: what is typed is no text of the one chosen before
    entries = [e for e in [await entry_or_none(context, i) for i in d.get("choices", [])]
               if e is not None]
    rows = [[button(t(context, "#{id} {kind}: {text}", id=e.id,
                      kind=word(context, labels.KIND, e.kind),
                      text=short(voice_label(lang_of(context), e.data) if e.data.get("voice")
                                 else e.data.get("text"), 40)), f"{PREFIX}:e:{e.id}")]
            for e in entries]
    rows.append([button(t(context, "Cancel"), f"{PREFIX}:cancel")])
    await reply(update, (f"{lead}\n" if lead else "") +
                t(context, "Which published text do you want to correct?"),
                reply_markup=InlineKeyboardMarkup(rows))
    return TEXT


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> object:
    """Asks for the corrected text of ``entry``; or, when a correction of it waits for
    review already, says so and ends (before, she typed the whole text and a reason and
    read only at 提交 that #N 已有一条更正在等待审核, her words lost)."""
    waiting = [e for e in await read(repo_of(context).entries, area=entry.area,
                                     kind=Kind.CORRECTION, status=Status.PENDING)
               if e.data.get("corrects") == entry.id]
    if waiting:
        spoken = (current_draft(context, FLOW) or {}).get(SPOKEN)
        if isinstance(spoken, list) and len(spoken) == 2:  # kept for a report or opinion
            put_back(context, (spoken[0], spoken[1]))
        drop_draft(context, FLOW)
        await reply(update, t(context, CORRECTION_WAITING, id=entry.id,
                              correction=waiting[0].id),
                    reply_markup=await menu_of(update, context))
        if isinstance(spoken, list) and len(spoken) == 2:  # her voice: not lost, said so
            await reply(update, said_kept(context, spoken[1]),
                        reply_markup=voice_buttons(context))
        return END
    d = current_draft(context, FLOW) or {}
    spoken = d.pop(SPOKEN, None)  # said at the list: the correction of the text chosen
    if d.get("id") != entry.id:  # another text: what was written for one before goes
        d = new_draft(context, FLOW, id=entry.id, **({"choices": d["choices"]}
                                                      if d.get("choices") else {}))
    back_to(d, "pick" if d.get("choices") else None)
    d.pop(PICKING, None)
    if isinstance(spoken, list) and len(spoken) == 2:
        d["voice"], d["voice_seconds"], d["text"] = spoken[0], spoken[1], voice.PLACEHOLDER
        await reply(update, t(context, VOICE_CHOSEN, id=entry.id,
                              length=voice.clock(spoken[1])))
        return await ask_reason(update, context, d)
    said = t(context, "#{id} reads now: {text}\nSend the corrected text, as it should read in "
                      "full; or say it in a voice message.", id=entry.id,
             text=short(entry.data.get("text"), 1500))
    if d.get("text"):  # came back to it: kept
        said += "\n" + t(context, KEPT_TEXT, text=_said(context, d))
    await reply(update, said, reply_markup=markup(context, keep="text" if d.get("text")
                                                   else None))
    return TEXT


KEPT_TEXT = lazy("Your correction: {text}\nTo keep it, press \"Keep it, continue\"; to change "
                 "it, send the corrected text again.")
KEPT_REASON = lazy("Now: {what}. To keep it, press \"Keep it, continue\"; to change it, choose "
                   "or type another.")


async def on_choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores which entry is corrected and asks for the corrected text."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    ids = parse_ints(button_args(update, PREFIX, "e", 1))
    if not ids or ids[0] not in d.get("choices", []):
        return await refuse(update, context)
    person = await person_of(update, context)
    entry = await entry_or_none(context, ids[0])
    if entry is None or not correctable(person, entry):
        return await refuse(update, context)
    return await ask_text(update, context, entry)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the corrected text and asks for the reason."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("id") or d.get(PICKING):
        await reply(update, t(context, "Please choose the text to correct with the buttons "
                                       "above."))
        return None
    text = clean_text(typed(update))
    if not text or len(text) > MAX_INPUT:
        await reply(update, t(context, "Please send the corrected text (at most {max} "
                                       "characters).", max=MAX_INPUT))
        return None
    d["text"] = text
    for key in VOICE_KEYS:  # typed: it is the correction now, not the voice before
        d.pop(key, None)
    d.pop(PARTIAL, None)
    entry = await entry_or_none(context, int(d["id"]))
    now = str(entry.data.get("text") or "") \
        if entry is not None and not entry.data.get("voice") else ""  # a voice's: a summary
    if partial(now, text):  # only the fix, it seems: the rest of her words would go
        d[PARTIAL] = True
        await reply(update, t(context, FRAGMENT, id=d["id"], typed=len(text), old=len(now),
                              text=short(text, 300)),
                    reply_markup=_partial_buttons(context))
        return None
    return await ask_reason(update, context, d)


# Asked for 更正后的完整文字, a resident typed only the fix (扶手是2单元的): approved, it took
# the place of her whole report on the website, the rest of her words gone. Now a text
# much shorter than the words it corrects is shown back with what it would do, and she
# chooses: add it to the words as they are, or replace them all (or types it again).
PARTIAL = "partial"  # the draft's typed correction is much shorter than what it corrects
FRAGMENT = lazy("You wrote {typed} characters; #{id} has {old}. Once approved, the website "
                "shows only what you wrote now, \u201c{text}\u201d, in place of all the words of "
                "#{id}.\nTo add it to the words as they are, press \"Add it to the words\"; to "
                "replace them all, press \"Replace all the words\"; or send the corrected text "
                "again, in full.")
ADD = lazy("Add it to the words")
REPLACE = lazy("Replace all the words")
ADDED = lazy("{old} (Correction: {text})")
TOO_LONG_ADDED = lazy("Added to the words as they are, it would be too long (at most {max} "
                      "characters). Please send the corrected text in full, shorter.")


def partial(now: str, typed: str) -> bool:
    """Whether ``typed``, offered as the whole corrected text of ``now``, looks like only
    a fix of it: less than half as long as words of a dozen characters and more."""
    return len(now) >= 12 and 2 * len(typed) < len(now)


def _partial_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [button(t(context, ADD), f"{PREFIX}:add")],
        [button(t(context, REPLACE), f"{PREFIX}:whole")],
        *markup(context).inline_keyboard])


async def on_partial(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds her short correction to the words as they are, or lets it replace them all.

    ``cor:add`` or ``cor:whole``; then the reason is asked."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    add = button_args(update, PREFIX, "add", 0) is not None
    if not add and button_args(update, PREFIX, "whole", 0) is None:
        return await refuse(update, context)
    if not d.get(PARTIAL) or not d.get("text") or not d.get("id"):
        return await refuse(update, context)
    if add:
        entry = await entry_or_none(context, int(d["id"]))
        if entry is None:
            return await refuse(update, context)
        joined = t(context, ADDED, old=str(entry.data.get("text") or ""), text=d["text"])
        if len(joined) > MAX_TEXT:
            await reply(update, t(context, TOO_LONG_ADDED, max=MAX_TEXT),
                        reply_markup=markup(context))
            return None
        d["text"] = joined
    d.pop(PARTIAL, None)
    await drop_buttons(update)
    return await ask_reason(update, context, d)


VOICE_KEYS = ("voice", "voice_seconds")
TEXT_AGAIN = lazy("Please send the corrected text, or say it in a voice message.")
# A correction said by voice (an elderly resident who does not type): it was kept apart,
# offered as a report or an opinion, and she read 更正要打成文字…请家里人帮您打. Now it is the
# correction; the approving volunteer types the text it asks for (db.review).
VOICE_PICK = lazy("Voice message received ({length}): it will be your correction. Which text "
                  "does it correct? Press it below.")
VOICE_CHOSEN = lazy("Your voice message ({length}) is the correction of #{id}: a volunteer will "
                    "listen to it and type the text as it should read.")
VOICE_TAKEN = lazy("Voice message received ({length}): a volunteer will listen to it and type "
                   "the text as it should read.")
VOICE_CORRECTION = lazy("A volunteer will listen to it and type the text as it should read; the "
                        "website shows that in place of the words of #{id}, never your voice.")


def _said(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The correction as she reads it back: her words, or (a voice message, 0:11)."""
    if not d.get("voice"):
        return short(d.get("text"), 1500)
    seconds = voice.seconds_of(d)
    count = 1 + len(d.get("voice_more") or [])
    said = t(context, "(a voice message, {length})",
             length=voice.clock(seconds) if seconds else "?") if count == 1 else \
        t(context, "({count} voice messages, {length} in all)", count=count,
          length=voice.clock(seconds))
    words = voice.typed_words(d)  # typed before she spoke (on_voice_at_reason)
    return f"{said} {short(words, 1500)}" if words else said


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the correction given as a voice message and asks for the reason."""
    d = current_draft(context, FLOW)
    message = update.effective_message
    choices = (d or {}).get("choices") or []
    if d is not None and (d.get(PICKING) or not d.get("id")) and choices and \
            message is not None and message.voice is not None:
        # spoken at 您要更正哪一条: kept in the draft, the correction of the text chosen
        try:
            ref = await save_voice(update, context, message.voice)
        except DomainError as exc:  # too large: nothing kept, said why
            await reply(update, error_text(context, exc))
            return None
        d[SPOKEN] = [ref, voice_seconds(message.voice)]
        entry = await entry_or_none(context, int(choices[0])) if len(choices) == 1 else None
        if entry is not None and correctable(await person_of(update, context), entry):
            return await ask_text(update, context, entry)  # her one text: that one's
        return await ask_pick(update, context, d, t(context, VOICE_PICK,
                                                    length=voice.clock(d[SPOKEN][1])))
    if d is None or not d.get("id") or d.get(PICKING) or message is None or \
            message.voice is None:  # no text chosen yet: kept, as any voice at a step
        return await media_at(TEXT_AGAIN)(update, context)
    try:
        ref = await save_voice(update, context, message.voice)
    except DomainError as exc:  # too large: nothing kept, said why
        await reply(update, error_text(context, exc))
        return None
    d["voice"], d["voice_seconds"] = ref, voice_seconds(message.voice)
    d["text"] = voice.PLACEHOLDER
    await reply(update, t(context, VOICE_TAKEN, length=voice.clock(d["voice_seconds"])))
    return await ask_reason(update, context, d)


# A voice message at the reason, after the correction was typed (or said): it was kept
# apart, offered as a report or an opinion, and she read 这一步不收语音 under 或者发一条
# 语音说一说. It goes with the correction: the volunteer hears it beside her words.
REASON_AGAIN = lazy("Please send the reason, or press No reason.")
VOICE_JOINED = lazy("Voice message received ({length}) and added to your correction: a "
                    "volunteer will listen to it and type the text as it should read, with "
                    "your words.")
VOICES_FULL = lazy("Your correction has {max} voice messages already, the most it takes, so "
                   "this one was not added. The {max} before are all kept: nothing is lost. If "
                   "you have more to say, type it.")
VOICE_JOINED_MORE = lazy("Voice message received ({length}) and added to your correction: "
                         "{count} voice messages now.")


async def on_voice_at_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds a voice message sent at the reason to the correction; asks the reason again."""
    d = current_draft(context, FLOW)
    message = update.effective_message
    if d is None or not d.get("id") or not d.get("text") or message is None or \
            message.voice is None:
        return await media_at(REASON_AGAIN, reason=True)(update, context)
    more = [str(r) for r in d.get("voice_more") or []]
    if d.get("voice") and len(more) >= MAX_MORE_VOICES:  # as many as it takes: those stay
        # (it was kept apart, "this step takes no voice", under "or send a voice message")
        await reply(update, t(context, VOICES_FULL, max=MAX_MORE_VOICES + 1))
        return await ask_reason(update, context, d)
    try:
        ref = await save_voice(update, context, message.voice)
    except DomainError as exc:  # too large: nothing kept, said why
        await reply(update, error_text(context, exc))
        return None
    seconds = voice_seconds(message.voice)
    if ref == d.get("voice") or ref in more:  # forwarded twice
        return await ask_reason(update, context, d)
    if d.get("voice"):
        d["voice_more"] = [*more, ref]
        d["voice_more_seconds"] = [*(d.get("voice_more_seconds") or []), seconds]
        d["voice_seconds"] = int(d.get("voice_seconds") or 0) + seconds
        said = t(context, VOICE_JOINED_MORE, length=voice.clock(seconds), count=len(more) + 2)
    else:  # typed: her words stay, after the voice's placeholder (db.voice)
        typed_text = str(d["text"])[:MAX_INPUT]
        d["voice"], d["voice_seconds"] = ref, seconds
        d["text"] = voice.PLACEHOLDER + "\n" + typed_text
        said = t(context, VOICE_JOINED, length=voice.clock(seconds))
    await reply(update, said)
    return await ask_reason(update, context, d)


async def ask_reason(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> object:
    back_to(d, "text")
    said = t(context, "Why is it corrected? (For example: it named a neighbour. The reason is "
                      "published with the correction.)")
    if d.get("reason"):  # came back to it: kept
        said += "\n" + t(context, KEPT_REASON, what=short(d["reason"], 300))
    await reply(update, said, reply_markup=markup(context, reason=True,
                                                   keep="reason" if d.get("reason") else None))
    return REASON


async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason and shows the correction to submit."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    d["reason"] = clean_text(typed(update))[:MAX_REASON]
    return await summary(update, context, d)


async def on_no_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Notes there is no reason and shows the correction to submit."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    if button_args(update, PREFIX, "skip", 0) is None:
        return await refuse(update, context)
    d["reason"] = ""
    return await summary(update, context, d)


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    back = back_to(d, "reason")
    lines = [t(context, "Correction of #{id}: {text}", id=d["id"], text=_said(context, d)),
             *([t(context, VOICE_CORRECTION, id=d["id"])] if d.get("voice") else []),
             t(context, "Reason: {reason}", reason=d.get("reason") or "—"),
             public_notice(context, "correction")]
    await reply(update, "\n".join(lines), reply_markup=remember(d, CONFIRM, sealed(
        InlineKeyboardMarkup([[button(t(context, "Submit"), f"{PREFIX}:ok")],
                              back_line(lang_of(context), PREFIX, back,
                                        button(t(context, "Cancel"), f"{PREFIX}:cancel"))]),
        d, f"{PREFIX}:ok")))
    return CONFIRM  # its buttons noted: again after a sticker (bot.step_buttons)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Submits the correction for review and tells the area's volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("text"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: summary(update, context, d))
    person = await person_of(update, context)
    try:
        entry = await call(repo_of(context).correct, person["id"], int(d["id"]), d["text"],
                           d.get("reason", ""), voice=d.get("voice") or None,
                           voice_seconds=int(d.get("voice_seconds") or 0),
                           voice_more=d.get("voice_more") or None,
                           voice_more_seconds=d.get("voice_more_seconds") or None)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return END
    drop_drafts(context)
    await drop_buttons(update)  # stored: 提交/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What she is told once her correction is stored: its number."""
    return t(context, "Received: correction #{id}. A volunteer will review it; until then "
                      "the website shows the text as it was.", id=entry.id)


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the correction and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


# A voice message or a photo sent as the correction (or its reason): it was answered 这条
# 语音没有保存：这一步不收语音 / 这张照片没有保存, her words or her photo lost, and not told
# why a correction would not take them
TYPED_ONLY = lazy("A correction is words: the website shows them in place of the words of "
                  "#{id}, and cannot show a photo. Type the corrected text, or say it in a "
                  "voice message: a volunteer will type it for you.")
PHOTO_LOST = lazy("This photo could not be kept (it is too large, or not a picture).")
REPORT_WITH_PHOTO = lazy("📝 Report a problem with this photo")


def media_at(prompt: str, *, reason: bool = False) -> Any:
    """The handler of a voice message or a photo sent at /correct's text (or reason) step,
    its words ``prompt``."""

    async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Keeps a voice message or a photo sent as the correction and asks for typing.

        Kept a day, to send as a report or an opinion; she reads that a correction is
        typed words, and the step is asked again."""
        d = current_draft(context, FLOW) or {}
        message = update.effective_message
        chosen = d.get("id") and not d.get(PICKING)
        said = [t(context, TYPED_ONLY, id=d["id"])] if chosen else []
        data = context.user_data if context.user_data is not None else {}
        album = str(message.media_group_id or "") if message is not None else ""
        if album and (data.get(said_photos.ALBUM) or {}).get("group") == album:
            # the album's next photo: kept, its one answer counting it (said_photos)
            kept = await said_photos.keep(update, context)
            if kept is not None:
                await said_photos.answer(update, context, kept, "".join("\n" + x for x in said),
                                         _photo_buttons(context))
            return None
        if message is not None and message.voice is not None:
            spoken = await keep_in_flow(update, context)
            if spoken is None:  # a volunteer living elsewhere: nothing would send it
                said.append(t(context, "This voice message was not kept: this step does not "
                                       "take a voice message."))
                await reply(update, "\n".join(said))
            else:
                await reply(update, "\n".join([*said, spoken[0]]),
                            reply_markup=voice_buttons(context) if spoken[1] else None)
        else:
            person = await person_of(update, context)
            kept = await said_photos.keep(update, context) \
                if resident_area(person) is not None else None
            if kept is None:
                said.append(t(context, PHOTO_LOST) if resident_area(person) is not None else
                            t(context, "This photo was not kept: this step does not take a "
                                       "photo."))
                await reply(update, "\n".join(said))
            else:
                await said_photos.answer(update, context, kept, "".join("\n" + x for x in said),
                                         _photo_buttons(context))
        await reply(update, t(context, prompt), reply_markup=markup(context, reason=reason))
        return None

    return on_media


def _photo_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t(context, REPORT_WITH_PHOTO), "rep:said")]])


def markup(context: ContextTypes.DEFAULT_TYPE, *, reason: bool = False,
            keep: str | None = None) -> InlineKeyboardMarkup:
    """A /correct step's buttons: 不改，继续 at a step she came back to, 不写理由 at the
    reason, then 取消 after ⬅️ 上一步 at a step that has one."""
    rows = [[button(t(context, "Keep it, continue"), f"{PREFIX}:keep:{keep}")]] if keep else []
    rows += [[button(t(context, "No reason"), f"{PREFIX}:skip")]] if reason else []
    return InlineKeyboardMarkup([*rows, back_line(
        lang_of(context), PREFIX, back_of(current_draft(context, FLOW)),
        button(t(context, "Cancel"), f"{PREFIX}:cancel"))])
