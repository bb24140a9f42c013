"""/report (报事), photos and voice messages: a voice message as the description (at the
category or the description step), a photo before the words (its caption the
description), photos at the photos step and while similar reports are offered; each
kept in the draft, or why not said with the step's buttons. Split from ``report``."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError
from db.voice import clock as voice_clock

from .. import said_photos, said_voice
from ..context import error_text, lang_of, reply, t
from ..conversation import entered_at_start
from ..entry_media import voice_seconds
from ..files import photo_of, save_photo, save_voice
from ..flows import MAX_INPUT, answer_once, clean_text, draft
from ..i18n import lazy, tr
from ..resident import VOICE_TEXT
from ..voice_parts import add_voice, put_parts, received
from .report_ask import (
    CATEGORY,
    FLOW,
    MAX_PHOTOS,
    PREFIX,
    after_description,
    ask_category,
    ask_description,
    back_of,
    category_keyboard,
    forget_voice,
    no_photo_keyboard,
    photos_done_keyboard,
    words_added,
)

__all__ = ["NO_WORDS", "has_words", "on_voice", "on_photo_as_description",
           "on_photo_at_category", "on_voice_at_category", "on_photo_while_choosing",
           "on_photo", "report_from_voice", "voice_more_at", "photo_more_at"]

# A description of emoji or punctuation alone (😭😭, 👍, ？？): it went to the volunteers
# as the report's whole text.
NO_WORDS = lazy("Emoji or marks alone do not say what is wrong. Please say it in a few words "
                "(e.g. the light at the door of building 3 is out), or send a voice message.")


# A voice sent at the description she came back to, which held several: they went without
# a word (the description step reads "to change it, ... send a voice message").
REPLACED_VOICES = lazy(" It replaces the {count} voice messages before, as the new description.")


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit, not emoji, marks or symbols alone."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the description given as a voice message and looks for similar issues."""
    d = draft(context, FLOW)
    before = 1 + len(d.get("voice_more") or []) if d.get("voice") else 0
    if not await _keep_voice(update, context, d):
        return None
    # said at once: the next question (photos) said nothing of it, and she wondered
    said = t(context, "Voice message received ({length}).",
             length=voice_clock(d["voice_seconds"]))
    if before > 1:  # at the description she came back to: it replaced them, said so
        said += t(context, REPLACED_VOICES, count=before)
    await reply(update, said)
    return await after_description(update, context, d)


async def on_photo_as_description(update: Update, context: ContextTypes.DEFAULT_TYPE
                                  ) -> object:
    """Keeps a photo sent before any words; its caption, if any, is the description.

    At the description she came back to (上一步), one without a caption leaves it as it
    was: the description's question again, with 不改，继续 (it asked for the words)."""
    d = draft(context, FLOW)
    if not await _keep_photo(update, context, d):
        return None
    caption = clean_text(update.message.caption if update.message else "")
    if caption and len(caption) <= MAX_INPUT and has_words(caption):
        d["text"] = caption
        forget_voice(d)
        return await after_description(update, context, d)
    if d.get("text"):  # at the description she came back to: it is kept, 不改，继续 below
        await reply(update, t(context, "Photo received ({count} in all).",
                              count=len(d["photos"])))
        return await ask_description(update, context)
    await reply(update, t(context, "Photo received. Now please describe the problem in a few "
                                   "words or a voice message."))
    return None


async def on_photo_at_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a photo sent before the category and asks for the category again.

    报事 pressed, then the photo of the broken light at once: it was said not kept, to be
    sent again later; now it is kept, its caption's words as the description."""
    d = draft(context, FLOW)
    if not await _keep_photo(update, context, d):
        return None
    caption = clean_text(update.message.caption if update.message else "")
    if caption and len(caption) <= MAX_INPUT and has_words(caption) and not d.get("text"):
        d["text"] = caption
        d["said"] = True  # the category pressed next goes on, as for words typed before
    await reply(update, t(context, "Photo {count} received. First, please choose what kind of "
                                   "problem it is with the buttons above.",
                          count=len(d["photos"])))
    return None


async def on_voice_at_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a voice message sent before the category as the description; asks the category.

    Its buttons come right below. 报事 pressed, then she spoke the problem at once:
    这条语音没有保存：这一步不收语音, to be said again after a category; now it is the
    description, as at the next step."""
    d = draft(context, FLOW)
    if d.get("voice"):  # she spoke in two parts: the second goes with the first
        await add_voice(update, context, d)
        await reply(update, t(context, "First, please choose what kind of problem it is:"),
                    reply_markup=category_keyboard(lang_of(context), back_of(d)))
        return None
    if not await _keep_voice(update, context, d):
        return None
    d["said"] = True  # the category pressed next goes on, as for words typed before
    length = voice_clock(d["voice_seconds"])
    said = t(context, "Voice message received ({length}). First, please choose what kind of "
                      "problem it is:", length=length)
    await reply(update, said, reply_markup=category_keyboard(lang_of(context), back_of(d)))
    return None


async def report_from_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a report with the voice message sent before; asks the category.

    The voice was sent outside any flow (``bot.said_voice``): it is the description."""
    if not await answer_once(update, context):  # a double tap: the first press started it
        return None
    got = await said_voice.start_with_voice(update, context, PREFIX, FLOW)
    if got is None:
        return None  # refused, or told why she may not report (the voice stays kept)
    (_person, _area, d), found, parts = got
    d.update({"photos": said_photos.take(context), "editing": False})  # photos sent too
    if found is None:  # no longer kept (said): as 报事 pressed
        return await ask_category(update, context)
    put_parts(d, found, parts)  # replaced by the approver's summary (db.voice)
    d["said"] = True  # the category pressed next goes on, as for words typed before
    entered_at_start(context, FLOW)  # her voice: kept if she leaves the report
    several = received(context, d)
    await reply(update, t(context, "{received} First, please choose what kind of problem it "
                                   "is:", received=several) if several else
                t(context, "Voice message received ({length}). First, please choose "
                           "what kind of problem it is:", length=voice_clock(found[1])),
                reply_markup=category_keyboard(lang_of(context), back_of(d)))
    return CATEGORY


async def _keep_voice(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> bool:
    """Store the message's voice in the draft as the description; False after saying
    why not."""
    assert update.message is not None and update.message.voice is not None
    try:
        ref = await save_voice(update, context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return False
    forget_voice(d)  # the voice messages before, if any: this one is the description now
    d["voice"] = ref
    d["voice_seconds"] = voice_seconds(update.message.voice)
    d["text"] = tr("zh", VOICE_TEXT)  # replaced by the approver's summary (db.voice)
    return True


async def _keep_photo(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any], *, asking: bool = False) -> bool:
    """Store the message's photo in the draft; False after saying why not. ``asking``
    (the photos step): a refusal also says the photos received are kept, with the
    step's buttons."""
    photos = d.setdefault("photos", [])
    if len(photos) >= MAX_PHOTOS:
        await reply(update, t(context, "That is the most photos one report can take ({max}). "
                                       "Press Done to continue.", max=MAX_PHOTOS),
                    reply_markup=photos_done_keyboard(lang_of(context), back_of(d)))
        return False
    try:
        ref = await save_photo(update, context, photo_of(update.message))
    except DomainError as exc:
        if not asking:
            await reply(update, error_text(context, exc))
        elif photos and exc.code == "rate_limited":  # another would be refused too
            await reply(update, error_text(context, exc) + "\n" + t(
                context, "The {count} photo(s) received before are kept: press Done to go on "
                         "with them.", count=len(photos)),
                reply_markup=photos_done_keyboard(lang_of(context), back_of(d)))
        elif photos:
            await reply(update, error_text(context, exc) + "\n" + t(
                context, "The {count} photo(s) received before are kept. Send another, or "
                         "press Done.", count=len(photos)),
                reply_markup=photos_done_keyboard(lang_of(context), back_of(d)))
        else:
            await reply(update, error_text(context, exc),
                        reply_markup=no_photo_keyboard(lang_of(context), back_of(d)))
        return False
    if ref not in photos:
        photos.append(ref)
    return True


async def on_photo_while_choosing(update: Update, context: ContextTypes.DEFAULT_TYPE
                                  ) -> object:
    """Keeps a photo sent while similar issues are offered and asks for the choice again.

    An album whose first photo carries the description arrives as one message per photo:
    the first leads here (similar issues found), the others would be lost."""
    d = draft(context, FLOW)
    if await _keep_photo(update, context, d):
        await reply(update, t(context, "Photo {count} received. Please press \"Me too\" or "
                                       "\"Mine is different\" above.",
                              count=len(d["photos"])))
    return None


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps one more photo and asks for more."""
    d = draft(context, FLOW)
    before = len(d.get("photos", []))
    if await _keep_photo(update, context, d, asking=True):
        count = len(d["photos"])
        # The same picture again (sent twice, or resent): said so, not "photo N" twice.
        text = t(context, "Photo {count} received. Send more, or press Done.", count=count) \
            if count > before else \
            t(context, "You sent that photo already; {count} photo(s) are kept. Send another, "
                       "or press Done.", count=count)
        added = words_added(context, d, clean_text(update.message.caption if update.message
                                                   else None), photo=True)
        if added:
            text = f"{added}\n{text}"
        await reply(update, text, reply_markup=photos_done_keyboard(lang_of(context), back_of(d)))
    return None


Step = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]], Awaitable[object]]


def voice_more_at(ask_again: Step) -> Callable[[Update, ContextTypes.DEFAULT_TYPE],
                                                Coroutine[Any, Any, object]]:
    """The handler of a voice message sent at a step after the description; the step is
    asked again by ``ask_again(update, context, draft)``."""

    async def on_voice_more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Adds the voice message to the report and asks the step again."""
        d = draft(context, FLOW)
        await add_voice(update, context, d)
        return await ask_again(update, context, d)

    return on_voice_more


# A photo at the building or the summary step: it was "not kept, this step does not take a
# photo" (the photos step was past); it plainly belongs to the report being written.
PHOTO_ADDED = lazy("Photo received and added to this report ({count} in all).")
SAME_PHOTO_ADDED = lazy("You sent that photo already; this report has {count} photo(s).")


def photo_more_at(ask_again: Step) -> Callable[[Update, ContextTypes.DEFAULT_TYPE],
                                                Coroutine[Any, Any, object]]:
    """The handler of a photo sent at a step after the photos; the step is asked again by
    ``ask_again(update, context, draft)`` (an album's later photos only counted)."""

    async def on_photo_more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Adds the photo to the report and asks the step again."""
        d = draft(context, FLOW)
        before = len(d.get("photos", []))
        if not await _keep_photo(update, context, d):
            return None
        count = len(d["photos"])
        text = t(context, PHOTO_ADDED, count=count) if count > before else \
            t(context, SAME_PHOTO_ADDED, count=count)
        album = update.message.media_group_id if update.message else None
        data = context.user_data if context.user_data is not None else {}
        if album and data.get(ALBUM_ASKED) == album:  # its first photo asked the step again
            return None
        data[ALBUM_ASKED] = album
        await reply(update, text)
        return await ask_again(update, context, d)

    return on_photo_more


# user_data (not the draft: its summary's seal): the album whose first photo asked again
ALBUM_ASKED = "report_album_asked"
