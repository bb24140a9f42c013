"""/proxy (代办): a volunteer acts for a household of their area — an elderly
neighbour without a phone, visited door to door. Area (when they have
several) -> building -> unit -> room, by buttons; then what to record:

* a report: category -> description (text or a voice message) -> photos ->
  check and submit;
* an opinion: text or a voice message -> check and submit;
* a paper vote on an open proposal: proposal -> agree / disagree / abstain,
  recorded as a paper signature (``bot.handlers.paper``);
* a fee: the fee type, which continues in /income with the household set.

A report or opinion is the volunteer's entry for that household
(``db.proxy``): it waits for approval like any other, the site marks it
"由<role>代为登记" (the role, never a name), and the household's confirmed
residents are told and follow it. A volunteer needs no household of their
own. The repository refuses a household outside the volunteer's areas.

Written as ``bot.flows`` says; buttons are ``px:<action>[:<arg>]``, indexes
into the choices kept in the draft. The last step (check, submit, tell the household) is
in ``bot.handlers.proxy_submit``.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler
from telegram.ext import filters as F

from db.entries import ISSUE_CATEGORIES, Kind
from db.errors import DomainError

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import reply, t
from ..entry_media import voice_seconds
from ..files import photo_of, save_photo, save_voice
from ..flows import (
    END,
    MAX_INPUT,
    PHOTO,
    STEP_BACK,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    clean_text,
    current_draft,
    draft,
    gone,
    keyboard,
    leave,
    new_draft,
    refuse,
    unexpected,
)
from ..i18n import lazy, tr
from ..leaving import HANDS_ON
from ..private_only import PROXY_NOT_HERE, doors_here
from ..resident import VOICE_TEXT
from ..staff import choose_area, chosen_area, fail, require_staff, staff_areas, unused_words
from ..step_back import back_pressed, keep_typed, stepping
from ..step_buttons import AREA_STEP, shown
from ..words import normalise
from .proxy_home import (
    ask_building,
    ask_what,
    back_picker,
    on_building,
    on_room,
    on_typed_home,
    on_unit,
    show_rooms,
)
from .proxy_submit import ask_confirm, finish_saved, on_submit
from .proxy_vote import (
    AREA,
    BUILDING,
    CATEGORY,
    CHOICE,
    CONFIRM,
    DESCRIBE,
    FEE,
    FLOW,
    PHOTOS,
    PREFIX,
    PROPOSAL,
    ROOM,
    UNIT,
    WHAT,
    ask_fee,
    ask_proposal,
    cancel_row,
    on_choice,
    on_proposal,
)
from .proxy_what import ask_category, ask_words, done_keyboard, on_what
from .report_ask import words_added
from .report_place import NO_MORE_PHOTOS

__all__ = ["COMMANDS", "HANDLERS", "finish_saved"]


MAX_PHOTOS = 10


async def proxy_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts acting for a household; asks which area, or which building."""
    person = await require_staff(update, context)  # not in another group: private_only
    if person is None or not await doors_here(update, context, await staff_areas(context, person),
                                              PROXY_NOT_HERE):
        return END
    await unused_words(update, context)  # /proxy 3号楼2单元501: not taken, said so
    d = new_draft(context, FLOW)
    area = await choose_area(update, context, person, PREFIX, d, cancel=True)
    return AREA if area is None else await ask_building(update, context, d, area)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks which building."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    return await ask_building(update, context, d, area)


async def on_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the category and asks for the description."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "cat", 1)
    if args is None or args[0] not in ISSUE_CATEGORIES:
        return await refuse(update, context)
    d["category"] = args[0]
    if d.get("text") and d.get("photos") and not d.get("asked_words"):
        # a captioned photo came before the category (not words kept, come back to)
        await reply(update, t(context, "Photo {n} received, with its caption as what the "
                                       "neighbour says: {text}\nSend more photos, or press "
                                       "Done.", n=len(d["photos"]), text=d["text"]),
                    reply_markup=done_keyboard(context))
        return PHOTOS
    return await ask_words(update, context)


async def _keep_photo(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> list[str] | None:
    """Save the message's photo into the draft's photos (once, up to ``MAX_PHOTOS``);
    the photos, or None after saying why it could not be saved."""
    try:
        ref = await save_photo(update, context, photo_of(update.message))
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    photos: list[str] = d.setdefault("photos", [])
    if ref not in photos and len(photos) < MAX_PHOTOS:
        photos.append(ref)
    return photos


async def on_early_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a photo sent before the category is chosen, its caption as the words.

    It was said not to be kept, caption and all; the category is still asked."""
    d = draft(context, FLOW)
    caption = clean_text(update.message.caption if update.message else "")
    photos = await _keep_photo(update, context, d)
    if photos is None:
        return None
    if caption and len(caption) <= MAX_INPUT:
        d["text"] = caption
    await reply(update, t(context, "Photo {n} received. What kind of problem is it? Please "
                                   "press a button above.", n=len(photos)))
    return None


async def on_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the words typed and asks for photos (a report) or to check (an opinion)."""
    d = draft(context, FLOW)
    text = clean_text(update.message.text if update.message else "")
    if not text or len(text) > MAX_INPUT:
        await reply(update, t(context, "Please type a few words (at most {max} characters), "
                                       "or send a voice message.", max=MAX_INPUT))
        return None
    d["text"] = text
    d.pop("voice", None)
    d.pop("voice_seconds", None)
    return await _after_words(update, context, d)


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the voice message and asks for photos (a report) or to check (an opinion)."""
    d = draft(context, FLOW)
    assert update.message is not None and update.message.voice is not None
    try:
        d["voice"] = await save_voice(update, context, update.message.voice)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    d["voice_seconds"] = voice_seconds(update.message.voice)
    d["text"] = tr("zh", VOICE_TEXT)  # replaced by the approver's summary (db.voice)
    return await _after_words(update, context, d)


async def on_photo_first(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps a photo sent before the words, its caption as the words.

    A grid worker's habit: the photo, with what the neighbour says as its caption
    (it was said not to be kept, caption and all). An opinion takes no photo."""
    d = draft(context, FLOW)
    if d.get("kind") != Kind.ISSUE:
        return await _NO_PHOTO.callback(update, context)  # type: ignore[misc]
    caption = clean_text(update.message.caption if update.message else "")
    photos = await _keep_photo(update, context, d)
    if photos is None:
        return None
    if not caption or len(caption) > MAX_INPUT:
        await reply(update, t(context, "Photo {n} received. Now type what the neighbour says, "
                                       "or let them speak a voice message.", n=len(photos)),
                    reply_markup=keyboard(cancel_row(context, DESCRIBE)))
        return None
    d["text"] = caption
    await reply(update, t(context, "Photo {n} received, with its caption as what the neighbour "
                                   "says: {text}\nSend more photos, or press Done.",
                          n=len(photos), text=caption), reply_markup=done_keyboard(context))
    return PHOTOS


async def _after_words(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
    if d.get("kind") == Kind.ISSUE:
        n = len(d.get("photos") or [])  # came back to the photos: those sent are kept
        said = t(context, "Send photos of the problem if you have any, then press Done.")
        await reply(update, t(context, "Photos received so far: {n}.", n=n) + "\n" + said
                    if n else said, reply_markup=done_keyboard(context))
        return PHOTOS
    return await ask_confirm(update, context, d)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps one more photo and asks for more.

    Its caption (在厨房) goes on the words' end, as in a resident's report (it was
    dropped unsaid)."""
    d = draft(context, FLOW)
    photos = d.setdefault("photos", [])
    if len(photos) >= MAX_PHOTOS:
        await reply(update, t(context, "That is the most photos one report can take ({max}). "
                                       "Press Done.", max=MAX_PHOTOS))
        return None
    if await _keep_photo(update, context, d) is None:
        return None
    added = words_added(context, d, clean_text(update.message.caption if update.message
                                               else None), photo=True)
    said = t(context, "Photo {n} received. Send more, or press Done.", n=len(photos))
    await reply(update, f"{added}\n{said}" if added else said,
                reply_markup=done_keyboard(context))
    return None


async def on_photos_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Goes on as Done for 完成 or 没有照片 typed, or adds other words to the report's.

    Words typed at the photos step (门口也漏) go on the words' end, as in a resident's
    report; they were answered "send a photo, or press Done" and lost."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    text = clean_text(update.message.text if update.message else "")
    if normalise(text) in NO_MORE_PHOTOS:
        return await ask_confirm(update, context, d)
    added = words_added(context, d, text, photo=False)
    said = t(context, "Send more photos, or press Done.")
    await reply(update, f"{added}\n{said}" if added else said,
                reply_markup=done_keyboard(context))
    return None


async def on_photos_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Ends the photos and asks to check the report."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    if button_args(update, PREFIX, "ph", 0) is None:
        return await refuse(update, context)
    return await ask_confirm(update, context, d)


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops what was recorded for the household and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again (a picker, what to record, the category, the words, the
    photos, the proposal); what was entered is kept."""
    d.pop(HANDS_ON, None)  # back from the fee buttons: those pressed later are stale
    if to == "h" and d.get("building") is not None and d.get("unit") is not None:
        return await show_rooms(update, context, d)
    if to in ("what", "cat", "words", "photos", "prop") and not d.get("household"):
        return await gone(update, context)
    if to == "what":
        return await ask_what(update, context, d, d["household"])
    if to == "cat":
        return await ask_category(update, context, d)
    if to == "words" or (to == "photos" and not d.get("text")):
        return await ask_words(update, context)
    if to == "photos":
        return await _after_words(update, context, d)
    if to == "prop":
        return await ask_proposal(update, context, d)
    return await back_picker(update, context, d, str(to))


on_back = back_pressed(FLOW, PREFIX, ("area", "b", "u", "h", "what", "cat", "words", "photos",
                                      "prop"), _go_back)
# Each step asked again as ⬅️ 上一步 asks it, for a draft left in the middle kept and taken
# up (bot.kept): 上一步 at the buildings leaves keeping it, as in /income
RESUME = {s: (lambda u, c, d, to=to: _go_back(u, c, d, to)) for s, to in (
    (AREA, "area"), (BUILDING, "b"), (UNIT, "u"), (ROOM, "h"), (WHAT, "what"), (CATEGORY, "cat"),
    (DESCRIBE, "words"), (PHOTOS, "photos"), (PROPOSAL, "prop"), (CHOICE, "prop"))} | {
    CONFIRM: lambda u, c, d: ask_confirm(u, c, d) if d.get("text") else ask_words(u, c),
    FEE: lambda u, c, d: ask_fee(u, c, d)}


async def _stay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the step she is at (where there is no ⬅️ 上一步, bot.leaving took it)."""
    return None


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Goes on with the words kept (不改，继续, at the words she came back to)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "keep", 0) is None or not d.get("text"):
        return await refuse(update, context)
    return await _after_words(update, context, d)


async def on_words_or_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the words typed (不改 typed, with words kept: goes on with them)."""
    d = current_draft(context, FLOW)
    if d is not None and d.get("text") and keep_typed(update):
        return await _after_words(update, context, d)
    return await on_words(update, context)


def _step(actions: dict[str, Any], prompt: str, *more: Any,
          markup: Any = None) -> list[Any]:
    return [MessageHandler(TEXT_INPUT & F.Regex(STEP_BACK), stepping(FLOW, _go_back)(_stay)),
            *buttons(PREFIX, {**actions, "back": on_back, "cancel": on_cancel}), *more,
            *unexpected(prompt, markup=markup)]


_CHOOSE = lazy("Please choose with the buttons above, or press Cancel.")
_WORDS = lazy("Please type the words, or send a voice message.")
_NO_PHOTO = unexpected(_WORDS)[-1]  # a photo for an opinion: said not to be kept
STATES: dict[object, list[Any]] = {
    AREA: _step({"area": on_area}, _CHOOSE, markup=shown(FLOW, AREA_STEP)),
    BUILDING: _step({"b": on_building}, _CHOOSE,
                    MessageHandler(TEXT_INPUT, on_typed_home), markup=shown(FLOW, BUILDING)),
    UNIT: _step({"u": on_unit}, _CHOOSE,
                MessageHandler(TEXT_INPUT, on_typed_home), markup=shown(FLOW, UNIT)),
    ROOM: _step({"h": on_room}, _CHOOSE,
                MessageHandler(TEXT_INPUT, on_typed_home), markup=shown(FLOW, ROOM)),
    WHAT: _step({"do": on_what}, _CHOOSE, markup=shown(FLOW, WHAT)),
    CATEGORY: _step({"cat": on_category}, _CHOOSE, MessageHandler(PHOTO, on_early_photo),
                    markup=shown(FLOW, CATEGORY)),
    DESCRIBE: _step({"keep": on_keep}, _WORDS,
                    MessageHandler(TEXT_INPUT, on_words_or_keep), MessageHandler(F.VOICE, on_voice),
                    MessageHandler(PHOTO, on_photo_first), markup=shown(FLOW, DESCRIBE)),
    PHOTOS: _step({"ph": on_photos_done}, lazy("Send a photo, or press Done."),
                  MessageHandler(PHOTO, on_photo), MessageHandler(TEXT_INPUT, on_photos_text),
                  markup=done_keyboard),  # 完成, ⬅️ 上一步 and 取消 again
    CONFIRM: _step({"ok": on_submit}, _CHOOSE, markup=shown(FLOW, CONFIRM)),
    PROPOSAL: _step({"p": on_proposal}, _CHOOSE, markup=shown(FLOW, PROPOSAL)),
    CHOICE: _step({"c": on_choice}, _CHOOSE, markup=shown(FLOW, CHOICE)),
    FEE: _step({}, _CHOOSE, markup=shown(FLOW, FEE)),  # its buttons (inc:for:) go on in /income
}

COMMANDS = [
    Command("proxy", "Act for a neighbour (代办): a report, opinion, paper vote or fee of a "
            "household of your area", proxy_start, audience=Audience.VOLUNTEER, order=24,
            extra={"title": lazy("Acting for a neighbour (/proxy)")},
            flow=Flow(FLOW, STATES, resume=RESUME)),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
