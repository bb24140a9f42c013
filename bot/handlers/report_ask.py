"""/report (报事), what the bot asks at each step: the category, the description,
similar open issues with "me too", the photos, the building (optional) and the
summary with submit / edit / cancel; the flow's states and fixed keyboards.
The buttons and typed answers are taken in ``report`` (and ``report_place``)."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.public_words import public_words
from db.similar import own_waiting_alike, similar_issues
from db.voice import clock

from ..consent import called_note, public_notice
from ..context import lang_of, person_of, read, reply, repo_of, status_word, t, word
from ..flows import MAX_INPUT, current_draft, sealed, short, states
from ..i18n import tr
from ..keyboards import button, markup, paginated, rows
from ..step_back import back_line, back_of
from ..step_back import back_to as noted_back
from ..voice_words import ONE_VOICE

__all__ = ["FLOW", "PREFIX", "CATEGORY", "DESCRIBE", "SIMILAR", "PHOTOS", "PLACE", "SUMMARY",
           "MAX_PHOTOS", "cancel_line", "no_photo_keyboard", "photos_done_keyboard",
           "ask_category", "ask_description", "after_description", "ask_photos", "ask_place",
           "show_summary", "short", "RESUME", "so_far", "words_added", "place_keyboard",
           "back_to", "back_of", "description_keyboard", "similar_keyboard", "PHOTOS_BEFORE",
           "UNIT_OF", "HOME", "VOICE_FIELDS", "forget_voice", "voices_said"]

FLOW = "report"
PREFIX = "rep"
CATEGORY, DESCRIBE, SIMILAR, PHOTOS, PLACE, SUMMARY = states(
    FLOW, "category", "describe", "similar", "photos", "place", "summary")
MAX_PHOTOS = 10


# -- the flow's fixed keyboards, made once per language (keyboards.markup) -------

def cancel_line(lang: str, back: str | None = None) -> list[Any]:
    """取消, after ⬅️ 上一步 (``rep:back:<back>``) at a step that has one."""
    cancel = button(tr(lang, "Cancel"), f"{PREFIX}:cancel")
    return back_line(lang, PREFIX, back, cancel)


@functools.lru_cache(maxsize=16)
def category_keyboard(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    categories = [button(w.word(lang), f"{PREFIX}:cat:{code}")
                  for code, w in labels.ISSUE_CATEGORY.items()]
    return markup(rows(categories, 2) + [cancel_line(lang, back)])


@functools.lru_cache(maxsize=16)
def description_keyboard(lang: str, back: str | None, keep: bool) -> InlineKeyboardMarkup:
    """Under the description's question: 不改，继续 when she has one already (she came
    back to it), then ⬅️ 上一步 and 取消."""
    kept = [[button(tr(lang, "Keep it, continue"), f"{PREFIX}:keep")]] if keep else []
    return markup([*kept, cancel_line(lang, back)])


@functools.lru_cache(maxsize=16)
def no_photo_keyboard(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    return markup([[button(tr(lang, "No photo, continue"), f"{PREFIX}:photos")],
                   cancel_line(lang, back)])


@functools.lru_cache(maxsize=16)
def photos_done_keyboard(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    return markup([[button(tr(lang, "Done"), f"{PREFIX}:photos")], cancel_line(lang, back)])


@functools.lru_cache(maxsize=8)
def summary_keyboard(lang: str) -> InlineKeyboardMarkup:
    return markup([
        [button(tr(lang, "Submit"), f"{PREFIX}:ok")],
        [button(tr(lang, "Edit"), f"{PREFIX}:edit"), *cancel_line(lang)],
    ])


# -- ⬅️ 上一步 (Back) ------------------------------------------------------------------
# Each step after the category notes in the draft where its ⬅️ 上一步 leads (``BACK_STEP``:
# "cat", "text", "photos", "place"; a page of the buildings under a building's units;
# "sum" while she changes one part from the summary), for the button and for 上一步
# typed (``report_back``). The category's 上一步 leaves the report, keeping the draft.


def back_to(d: dict[str, Any], step: str | None) -> str | None:
    """Notes in draft ``d`` that ⬅️ 上一步 leads to ``step`` (the summary while changing one
    part of it; nowhere at the first step); that step (``bot.step_back``)."""
    return noted_back(d, "sum" if d.get("editing") else step)


# -- what the bot asks -------------------------------------------------------------

async def ask_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = current_draft(context, FLOW) or {}
    back = back_to(d, None)
    text = t(context, "What kind of problem is it? Choose one:")
    if d.get("category"):  # came back to it: what she chose is kept
        text += "\n" + t(context, "Chosen now: {category}. Press it to keep it, or another "
                                   "one to change it.",
                          category=word(context, labels.ISSUE_CATEGORY, d["category"]))
    await reply(update, text, reply_markup=category_keyboard(lang_of(context), back))
    return CATEGORY


async def ask_description(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = current_draft(context, FLOW) or {}
    back = back_to(d, "cat")
    if d.get("text"):  # came back to it: kept, 不改，继续 goes on
        # its voices counted: 5 read （一条语音留言）, and a voice sent here replaced them all
        said = voices_said(context, d) if d.get("voice") else f"“{short(d['text'], 300)}”"
        await reply(update, t(context, "Your description: {text}\nTo keep it, press \"Keep it, "
                                       "continue\"; to change it, type a new one or send a "
                                       "voice message.", text=said),
                    reply_markup=description_keyboard(lang_of(context), back, True))
        return DESCRIBE
    await reply(update, t(context, "Please describe the problem: type a few words, or send "
                                   "a voice message. You can also send a photo with a "
                                   "caption."),
                reply_markup=description_keyboard(lang_of(context), back, False))
    return DESCRIBE


# What a report's voice messages are kept under in its draft (and its entry: db.entries)
VOICE_FIELDS = ("voice", "voice_seconds", "voice_more", "voice_more_seconds")


def forget_voice(d: dict[str, Any]) -> None:
    """Drop the draft's voice messages (a description typed or spoken anew replaces them)."""
    for key in VOICE_FIELDS:
        d.pop(key, None)


def voices_said(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """(a voice message), or (2 voice messages, 0:29 in all) when she spoke again after
    the description (``bot.handlers.report_media.voice_more_at``)."""
    count = 1 + len(d.get("voice_more") or [])
    if count == 1:  # its length: which voice it is (it read （语音留言）, the placeholder)
        return t(context, ONE_VOICE, length=clock(int(d.get("voice_seconds") or 0)))
    return t(context, "({count} voice messages, {length} in all)", count=count,
             length=clock(int(d.get("voice_seconds") or 0)))


def _description(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The description as the summary shows it: her words, or her voice messages (how
    many, how long) with the words typed after them."""
    text = str(d.get("text") or "")
    if not d.get("voice"):
        return text
    return "\n".join([voices_said(context, d), *text.split("\n")[1:]])


# The photos a report had when she chose to send them again (修改 -> 照片（重新发送）):
# ⬅️ 上一步 before sending any gives them back.
PHOTOS_BEFORE = "photos_before"


# A description over MAX_INPUT characters: it was refused and she had to type it all
# again. It is kept (``LONG``) until she sends a shorter one or keeps its beginning.
LONG = "long_text"


async def too_long(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   text: str) -> None:
    """Keeps the over-long description ``text`` in draft ``d`` and offers to keep its first
    ``MAX_INPUT`` characters (``rep:cut``), or to send a shorter one."""
    d[LONG] = text[:MAX_INPUT]  # all that can be kept of it
    lang = lang_of(context)
    await reply(update, t(context, "That is {count} characters, more than the {max} a report "
                                   "may have. What you wrote is kept: press the button to "
                                   "keep its first {max} characters, or send a shorter text.",
                          count=len(text), max=MAX_INPUT),
                reply_markup=markup([[button(tr(lang, "Keep the first {max} characters",
                                                max=MAX_INPUT), f"{PREFIX}:cut")],
                                     cancel_line(lang)]))


async def after_description(update: Update, context: ContextTypes.DEFAULT_TYPE,
                             d: dict[str, Any]) -> str:
    """Offers "me too" on similar open issues, or goes on to the photos."""
    if d.get("editing"):
        return await show_summary(update, context, d)
    similar = await read(similar_issues, repo_of(context), d["area"], d["category"],
                         "" if d.get("voice") else d["text"])
    if not similar:
        return await ask_photos(update, context, d)
    d["similar"] = [e.id for e in similar]
    lines = [t(context, "Neighbours already reported something similar. If it is the same "
                        "problem, press \"Me too\" instead of sending a new report:")]
    # others' reports, as the site shows them (not the words of someone forgotten)
    public = await read(public_words, repo_of(context), similar)
    for e in similar:
        text = short(public[e.id], 120)
        place = e.data.get("place")  # its building and unit (its words may be hidden)
        if isinstance(place, str) and place:
            text = t(context, "At {place}: {text}", place=short(place, 40), text=text)
        lines.append(t(context, "#{id} ({status}, {count} households): {text}", id=e.id,
                       status=status_word(context, e.kind, e.status),
                       count=len(e.data.get("me_too", [])) + 1, text=text))
    back_to(d, "text")
    await reply(update, "\n".join(lines), reply_markup=similar_keyboard(context))
    return SIMILAR


def similar_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The buttons under the similar reports: 我也遇到了 each, 我的不一样, ⬅️ 上一步 and
    取消; again under 请点上面的“我也遇到了”或“我的不一样” after a sticker or other words,
    the buttons scrolled away."""
    d = current_draft(context, FLOW) or {}
    return InlineKeyboardMarkup([
        *([button(t(context, "Me too: #{id}", id=i), f"{PREFIX}:me:{i}")]
          for i in d.get("similar", [])),
        [button(t(context, "Mine is different, continue"), f"{PREFIX}:go")],
        cancel_line(lang_of(context), back_of(d))])


async def ask_photos(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> str:
    back = back_to(d, "text")
    have = len(d.get("photos", []))
    if have:
        text = t(context, "{count} photo(s) received. Send more photos, or press Done.",
                 count=have)
        keyboard = photos_done_keyboard(lang_of(context), back)
    else:
        text = t(context, "A photo helps the volunteers, and is published with the report: "
                          "photograph the problem itself, not people's faces, door numbers or "
                          "car plates. Send one or more photos now, or press the button to "
                          "continue without.")
        keyboard = no_photo_keyboard(lang_of(context), back)
    await reply(update, text, reply_markup=keyboard)
    return PHOTOS


def words_added(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], words: str, *,
                photo: bool) -> str:
    """Words written at the photos step, a photo's caption ("这是晚上拍的") or typed
    ("在三楼"), go on the description's end instead of being lost; what to tell the
    resident ("" when there were none, or they are there already)."""
    if not words:
        return ""
    if not any(unicodedata.category(ch)[0] in "LN" for ch in words):
        # 👍 or 😀 alone (she meant "yes" or "thanks"): the volunteers read 路灯坏了 👍
        return t(context, "Emoji or marks alone were not added to the description.")
    described = d.get("text") or ""
    if words in described.split("\n"):  # an album's caption, or the same words again
        return ""
    joined = f"{described}\n{words}" if described else words
    if len(joined) > MAX_INPUT:
        return t(context, "The words on the photo were not added: the description would be "
                          "over {max} characters.", max=MAX_INPUT) if photo else \
            t(context, "Your words were not added: the description would be over {max} "
                       "characters.", max=MAX_INPUT)
    d["text"] = joined
    return t(context, "The words on the photo were added to the description: {caption}",
             caption=words) if photo else \
        t(context, "Your words were added to the description: {caption}", caption=words)


# The building whose units are asked, [compound, building] indices (report_place): a
# unit typed there is one of its units.
UNIT_OF = "unit_of"


# Her own building and unit, [compound, building, unit] indices, when her home is in
# the report's area: 🏠 我家 on the buildings' first page, and 就在我家 typed there.
HOME = "home_place"


def home_place(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
               household: object) -> list[int] | None:
    """The indices of ``household``'s compound, building and unit, when it is one of the
    report's area; else None."""
    street = repo_of(context).street
    try:
        area, comp, b, u, _ = street.locate(str(household))
    except KeyError:
        return None
    if area.id != d.get("area"):
        return None
    ci = street.compounds.index(comp)
    return [ci, comp.buildings.index(b), b.units.index(u)]


async def ask_place(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     d: dict[str, Any], page: int) -> str:
    back_to(d, "photos")
    d.pop(UNIT_OF, None)
    home = home_place(context, d, (await person_of(update, context)).get("household"))
    if home is None:
        d.pop(HOME, None)
    else:
        d[HOME] = home
    await reply(update, t(context, "Where is it? Choose the building (optional):"),
                reply_markup=place_keyboard(context, d, page))
    return PLACE


def place_keyboard(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   page: int = 0) -> InlineKeyboardMarkup:
    """The buildings of the report's area (page ``page``); her own building and unit
    (🏠 我家这个单元, when in the area: a leak in her kitchen is there, and 就在我家
    typed named no building), not one building, and Cancel."""
    street = repo_of(context).street
    area = street.area(d["area"])
    items: list[tuple[str, str]] = []
    for ci, comp in enumerate(street.compounds):
        if comp.id in area.compounds:
            items.extend((f"{comp.name} {b.name}", f"{PREFIX}:pb:{ci}:{bi}")
                         for bi, b in enumerate(comp.buildings))
    extra = [*_home_line(context, d),
             [button(t(context, "Not about one building"), f"{PREFIX}:pn")],
             cancel_line(lang_of(context), "sum" if d.get("editing") else "photos")]
    return paginated(items, page, f"{PREFIX}:pp:{{page}}", extra=extra)


def _home_line(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[list[Any]]:
    """🏠 her own building and unit (``HOME``), as a row; none when it is not known."""
    home = d.get(HOME)
    if not isinstance(home, list) or len(home) != 3:
        return []
    street = repo_of(context).street
    try:
        comp = street.compounds[home[0]]
        b = comp.buildings[home[1]]
        u = b.units[home[2]]
    except (IndexError, TypeError):
        return []
    return [[button(t(context, "🏠 My home's unit: {place}",
                      place=f"{comp.name} {b.name} {u.name}"),
                    f"{PREFIX}:pu:{home[0]}:{home[1]}:{home[2]}")]]


async def show_summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any]) -> str:
    d["editing"] = False
    d.pop(PHOTOS_BEFORE, None)
    back_to(d, "place")  # 上一步 typed: the buildings (its buttons: 提交, 修改, 取消)
    lines = [t(context, "Please check your report:"),
             t(context, "Category: {category}",
               category=word(context, labels.ISSUE_CATEGORY, d.get("category"))),
             t(context, "Description: {text}", text=short(_description(context, d), 1500)),
             t(context, "Photos: {count}", count=len(d.get("photos", []))),
             t(context, "Place: {place}", place=d.get("place") or t(context, "no building chosen")),
             public_notice(context, "issue", *(("voice",) if d.get("voice") else ())),
             *called_note(context, d.get("text")),
             *await _sent_before(update, context, d)]
    await reply(update, "\n".join(lines),
                reply_markup=sealed(summary_keyboard(lang_of(context)), d, f"{PREFIX}:ok"))
    return SUMMARY


async def _sent_before(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> list[str]:
    """What the summary says of her alike report still waiting (sent twice, not sure the
    first went through: it reached the volunteers twice, unsaid), as a fee's does."""
    person = await person_of(update, context)
    if not person.get("id") or not d.get("category"):
        return []
    alike = await read(own_waiting_alike, repo_of(context), person["id"], d["area"],
                       d["category"], str(d.get("text") or ""), voice=bool(d.get("voice")))
    if not alike:
        return []
    e = alike[0]
    said = t(context, "(a voice message)") if e.data.get("voice") else short(e.data.get("text"), 60)
    return [t(context, "⚠️ You reported something alike already: #{id} (waiting for review): "
                       "{text}", id=e.id, text=said),
            t(context, "If it is the same problem, there is no need to report it again: press "
                       "\"{cancel}\". If it is another one, press \"{submit}\".",
              cancel=t(context, "Cancel"), submit=t(context, "Submit"))]


# Each step asked again for a kept draft taken up (bot.kept).
RESUME = {CATEGORY: lambda u, c, d: ask_category(u, c),
          DESCRIBE: lambda u, c, d: ask_description(u, c), SIMILAR: after_description,
          PHOTOS: ask_photos, PLACE: lambda u, c, d: ask_place(u, c, d, 0),
          SUMMARY: show_summary}


async def so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                 ) -> list[str]:
    """What a kept report holds, said when it is taken up (``Flow.so_far``): 卫生保洁 ·
    “楼道灯坏了三天了” · 照片：1; nothing at the summary, which shows it all."""
    if state == SUMMARY:
        return []
    parts = [word(context, labels.ISSUE_CATEGORY, d["category"])] if d.get("category") else []
    if d.get("voice"):
        parts.append(voices_said(context, d))
        added = str(d.get("text") or "").split("\n")[1:]  # typed after it (words_added)
        if added:  # they were left out: she read only 一条语音留言 of what she had entered
            parts.append(f"“{short(' '.join(added), 40)}”")
    elif d.get("text"):
        parts.append(f"“{short(d['text'], 40)}”")
    if d.get("photos"):
        parts.append(t(context, "Photos: {count}", count=len(d["photos"])))
    return parts
