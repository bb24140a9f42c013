"""/report (报事): category -> description (text or voice) -> similar open
issues with "me too" -> photos -> optional building/unit -> summary with
submit / edit / cancel. Only on submit is anything stored: one pending issue,
a receipt with its number, and a message to the area's volunteers.

The draft lives in ``user_data["flow:report"]`` (persisted with the
conversation state, cleared by /cancel). Buttons are ``rep:...``; every press
is checked against the draft and the street, so stale or forged data gets a
refusal and changes nothing.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler
from telegram.ext import filters as F

from db import labels
from db.entries import ISSUE_CATEGORIES, OPEN_ISSUE, Kind
from db.errors import DomainError

from ..commands import Audience, Command, Flow
from ..context import (
    call,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    status_word,
    t,
    word,
)
from ..files import photo_of, save_photo, save_voice
from ..i18n import lazy, tr
from ..keyboards import button, markup, paginated, parse_ints, rows
from ..notify import notify_pending
from ..ratelimit import allow_submission
from ..resident import (
    MAX_INPUT,
    RATE_LIMITED,
    TEXT_INPUT,
    answer,
    clean_text,
    clear_flow,
    flow_data,
    other_input_handlers,
    refuse_button,
    require_resident,
    stale_button,
    start_resident_flow,
    step_buttons,
)
from .common import main_menu

__all__ = ["COMMANDS", "HANDLERS", "similar_issues"]

FLOW = "report"
CATEGORY, DESCRIBE, SIMILAR, PHOTOS, PLACE, SUMMARY = (
    "report:category", "report:describe", "report:similar", "report:photos", "report:place",
    "report:summary")
MAX_PHOTOS = 10
MAX_SIMILAR = 3
# Issues a resident may see and back: public and not finished.
VOICE_TEXT = lazy("(voice message)")


# -- entry --------------------------------------------------------------------

async def report_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return ConversationHandler.END
    _person, _area, draft = started
    draft.update({"photos": [], "editing": False})
    return await _ask_category(update, context)


def _cancel_row(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    return _cancel_line(lang_of(context))


def _cancel_line(lang: str) -> list[Any]:
    return [button(tr(lang, "Cancel"), "rep:cancel")]


# The flow's fixed keyboards, made once per language (keyboards.markup).

@functools.lru_cache(maxsize=8)
def _category_keyboard(lang: str) -> InlineKeyboardMarkup:
    buttons = [button(w.word(lang), f"rep:cat:{code}") for code, w in labels.ISSUE_CATEGORY.items()]
    return markup(rows(buttons, 2) + [_cancel_line(lang)])


@functools.lru_cache(maxsize=8)
def _cancel_keyboard(lang: str) -> InlineKeyboardMarkup:
    return markup([_cancel_line(lang)])


@functools.lru_cache(maxsize=8)
def _no_photo_keyboard(lang: str) -> InlineKeyboardMarkup:
    return markup([[button(tr(lang, "No photo, continue"), "rep:photos")],
                   _cancel_line(lang)])


@functools.lru_cache(maxsize=8)
def _photos_done_keyboard(lang: str) -> InlineKeyboardMarkup:
    return markup([[button(tr(lang, "Done"), "rep:photos")],
                   _cancel_line(lang)])


@functools.lru_cache(maxsize=8)
def _summary_keyboard(lang: str) -> InlineKeyboardMarkup:
    return markup([
        [button(tr(lang, "Submit"), "rep:ok")],
        [button(tr(lang, "Edit"), "rep:edit"), button(tr(lang, "Cancel"), "rep:cancel")],
    ])


async def _ask_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "What kind of problem is it? Choose one:"),
                reply_markup=_category_keyboard(lang_of(context)))
    return CATEGORY


async def _ask_description(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "Please describe the problem: type a few words, or send "
                                   "a voice message. You can also send a photo with a "
                                   "caption."),
                reply_markup=_cancel_keyboard(lang_of(context)))
    return DESCRIBE


# -- buttons ------------------------------------------------------------------

async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    """Every ``rep:`` button inside the flow."""
    query = update.callback_query
    assert query is not None
    data = query.data or ""
    draft = context.user_data.get(f"flow:{FLOW}") if context.user_data else None
    if not draft:
        await refuse_button(update, context)
        return ConversationHandler.END
    fields = data.split(":")
    action = fields[1] if len(fields) > 1 else ""
    handler = _ACTIONS.get(action)
    if handler is None:
        await refuse_button(update, context)
        return None
    return await handler(update, context, draft, fields[2:])


async def _on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     draft: dict[str, Any], args: list[str]) -> Any:
    await answer(update)
    clear_flow(context, FLOW)
    await reply(update, t(context, "Cancelled. Nothing was saved."),
                reply_markup=main_menu(lang_of(context)))
    return ConversationHandler.END


async def _on_category(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       draft: dict[str, Any], args: list[str]) -> Any:
    if len(args) != 1 or args[0] not in ISSUE_CATEGORIES:
        await refuse_button(update, context)
        return None
    await answer(update)
    draft["category"] = args[0]
    if draft.get("editing") and draft.get("text"):
        return await _show_summary(update, context, draft)
    return await _ask_description(update, context)


async def _on_me_too(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     draft: dict[str, Any], args: list[str]) -> Any:
    ids = parse_ints(args)
    if not ids or len(ids) != 1 or ids[0] not in draft.get("similar", []):
        await refuse_button(update, context)
        return None
    repo = repo_of(context)
    person = await person_of(update, context)
    try:
        entry = await read(repo.entry, ids[0])
        if entry.kind != Kind.ISSUE or entry.area != draft["area"] or \
                entry.status not in OPEN_ISSUE:
            await refuse_button(update, context, t(context, "This issue is no longer open."))
            return None
        entry, added = await call(repo.me_too, entry.id, person["id"])
    except DomainError as exc:
        await refuse_button(update, context, error_text(context, exc))
        return None
    await answer(update)
    clear_flow(context, FLOW)
    count = len(entry.data.get("me_too", [])) + 1
    if added:
        text = t(context, "Thank you: your \"me too\" was added to #{id}. {count} households "
                          "have reported it now. Nothing new was stored.", id=entry.id,
                 count=count)
    else:
        text = t(context, "You already support #{id}. Nothing new was stored.", id=entry.id)
    await reply(update, text, reply_markup=main_menu(lang_of(context)))
    return ConversationHandler.END


async def _on_continue(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       draft: dict[str, Any], args: list[str]) -> Any:
    await answer(update)
    return await _ask_photos(update, context, draft)


async def _on_photos_done(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          draft: dict[str, Any], args: list[str]) -> Any:
    await answer(update)
    if draft.get("editing"):
        return await _show_summary(update, context, draft)
    return await _ask_place(update, context, draft, 0)


async def _on_place_page(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         draft: dict[str, Any], args: list[str]) -> Any:
    ints = parse_ints(args)
    if not ints or len(ints) != 1:
        await refuse_button(update, context)
        return None
    await answer(update)
    return await _ask_place(update, context, draft, ints[0])


async def _on_place_none(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         draft: dict[str, Any], args: list[str]) -> Any:
    await answer(update)
    for key in ("place", "compound", "building", "unit"):
        draft.pop(key, None)
    return await _show_summary(update, context, draft)


def _building(context: ContextTypes.DEFAULT_TYPE, draft: dict[str, Any],
              args: list[str], n: int) -> tuple[Any, Any, Any] | None:
    """(compound, building, unit or None) named by indices, inside the draft's area."""
    ints = parse_ints(args)
    if not ints or len(ints) != n:
        return None
    street = repo_of(context).street
    try:
        comp = street.compounds[ints[0]]
        b = comp.buildings[ints[1]]
        u = b.units[ints[2]] if n == 3 else None
    except IndexError:
        return None
    if comp.id not in street.area(draft["area"]).compounds:
        return None
    return comp, b, u


async def _on_building(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       draft: dict[str, Any], args: list[str]) -> Any:
    found = _building(context, draft, args, 2)
    if found is None:
        await refuse_button(update, context)
        return None
    await answer(update)
    comp, b, _ = found
    ci, bi = args
    whole = [button(t(context, "The whole building"), f"rep:pw:{ci}:{bi}")]
    items = [(u.name, f"rep:pu:{ci}:{bi}:{i}") for i, u in enumerate(b.units)]
    place = f"{comp.name} {b.name}"
    await reply(update, t(context, "{place}: which unit?", place=place),
                reply_markup=paginated(items, 0, "rep:pp:0", columns=3, size=30,
                                       extra=[whole]))
    return PLACE


async def _on_place_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           draft: dict[str, Any], args: list[str], unit: bool) -> Any:
    found = _building(context, draft, args, 3 if unit else 2)
    if found is None:
        await refuse_button(update, context)
        return None
    await answer(update)
    comp, b, u = found
    draft.update({"compound": comp.id, "building": b.id,
                  "place": f"{comp.name} {b.name}" + (f" {u.name}" if u else "")})
    if u is not None:
        draft["unit"] = u.id
    else:
        draft.pop("unit", None)
    return await _show_summary(update, context, draft)


async def _on_unit(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   draft: dict[str, Any], args: list[str]) -> Any:
    return await _on_place_chosen(update, context, draft, args, unit=True)


async def _on_whole_building(update: Update, context: ContextTypes.DEFAULT_TYPE,
                             draft: dict[str, Any], args: list[str]) -> Any:
    return await _on_place_chosen(update, context, draft, args, unit=False)


async def _on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   draft: dict[str, Any], args: list[str]) -> Any:
    await answer(update)
    if not args:
        keyboard = InlineKeyboardMarkup(rows([
            button(t(context, "Category"), "rep:edit:cat"),
            button(t(context, "Description"), "rep:edit:text"),
            button(t(context, "Photos (send again)"), "rep:edit:photos"),
            button(t(context, "Place"), "rep:edit:place"),
        ], 2) + [[button(t(context, "Back to the summary"), "rep:edit:back")]])
        await reply(update, t(context, "What do you want to change?"), reply_markup=keyboard)
        return SUMMARY
    if not draft.get("text"):  # no summary yet: edit makes no sense
        await refuse_button(update, context)
        return None
    draft["editing"] = True
    what = args[0]
    if what == "cat":
        return await _ask_category(update, context)
    if what == "text":
        return await _ask_description(update, context)
    if what == "photos":
        draft["photos"] = []
        return await _ask_photos(update, context, draft)
    if what == "place":
        return await _ask_place(update, context, draft, 0)
    if what == "back":
        return await _show_summary(update, context, draft)
    await refuse_button(update, context)
    return None


async def _on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     draft: dict[str, Any], args: list[str]) -> Any:
    if not (draft.get("category") and draft.get("text")):
        await refuse_button(update, context)
        return None
    await answer(update)
    who = await require_resident(update, context)
    if who is None:
        clear_flow(context, FLOW)
        return ConversationHandler.END
    person, area = who
    if area != draft["area"]:  # moved house in the meantime
        clear_flow(context, FLOW)
        await reply(update, t(context, "Your household changed while you were writing. "
                                       "Nothing was saved; please start again."))
        return ConversationHandler.END
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, t(context, RATE_LIMITED))
        return None
    data = {"category": draft["category"], "text": draft["text"],
            "photos": list(draft.get("photos", []))}
    for key in ("voice", "place", "compound", "building", "unit"):
        if draft.get(key):
            data[key] = draft[key]
    try:
        entry = await call(repo_of(context).submit, person["id"], Kind.ISSUE, area, data)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    clear_flow(context, FLOW)
    await reply(update, t(context, "Received. Your report number is #{id}. A volunteer will "
                                   "review it; I will tell you what happens. See /mine any "
                                   "time.", id=entry.id),
                reply_markup=main_menu(lang_of(context)))
    await notify_pending(context, entry)
    return ConversationHandler.END


_ACTIONS = {
    "cancel": _on_cancel,
    "cat": _on_category,
    "me": _on_me_too,
    "go": _on_continue,
    "photos": _on_photos_done,
    "pp": _on_place_page,
    "pn": _on_place_none,
    "pb": _on_building,
    "pu": _on_unit,
    "pw": _on_whole_building,
    "edit": _on_edit,
    "ok": _on_submit,
}


# -- the description ----------------------------------------------------------

async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    draft = flow_data(context, FLOW)
    assert update.message is not None
    text = clean_text(update.message.text)
    if not text:
        await reply(update, t(context, "That message was empty. Please describe the problem "
                                       "in words or send a voice message."))
        return None
    if len(text) > MAX_INPUT:
        await reply(update, t(context, "That is too long ({count} characters). Please keep "
                                       "it under {max} characters.", count=len(text),
                              max=MAX_INPUT))
        return None
    draft["text"] = text
    draft.pop("voice", None)
    return await _after_description(update, context, draft)


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    draft = flow_data(context, FLOW)
    assert update.message is not None and update.message.voice is not None
    try:
        ref = await save_voice(context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    draft["voice"] = ref
    draft["text"] = tr("zh", VOICE_TEXT)  # the public record is Chinese
    return await _after_description(update, context, draft)


async def on_photo_as_description(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    """A photo before any words: keep it; its caption, if any, is the description."""
    draft = flow_data(context, FLOW)
    if not await _keep_photo(update, context, draft):
        return None
    caption = clean_text(update.message.caption if update.message else "")
    if caption and len(caption) <= MAX_INPUT:
        draft["text"] = caption
        draft.pop("voice", None)
        return await _after_description(update, context, draft)
    await reply(update, t(context, "Photo received. Now please describe the problem in a few "
                                   "words or a voice message."))
    return None


async def _after_description(update: Update, context: ContextTypes.DEFAULT_TYPE,
                             draft: dict[str, Any]) -> Any:
    if draft.get("editing"):
        return await _show_summary(update, context, draft)
    similar = await read(similar_issues, repo_of(context), draft["area"], draft["category"],
                         "" if draft.get("voice") else draft["text"])
    if not similar:
        return await _ask_photos(update, context, draft)
    draft["similar"] = [e.id for e in similar]
    lines = [t(context, "Neighbours already reported something similar. If it is the same "
                        "problem, press \"Me too\" instead of sending a new report:")]
    buttons = []
    for e in similar:
        lines.append(t(context, "#{id} ({status}, {count} households): {text}", id=e.id,
                       status=_status(context, e), count=len(e.data.get("me_too", [])) + 1,
                       text=_short(e.data.get("text", ""), 120)))
        buttons.append([button(t(context, "Me too: #{id}", id=e.id), f"rep:me:{e.id}")])
    buttons.append([button(t(context, "Mine is different, continue"), "rep:go")])
    buttons.append(_cancel_row(context))
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))
    return SIMILAR


def _status(context: ContextTypes.DEFAULT_TYPE, entry: Any) -> str:
    return status_word(context, entry.kind, entry.status)


# -- photos -------------------------------------------------------------------

async def _ask_photos(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      draft: dict[str, Any]) -> str:
    keyboard = _no_photo_keyboard(lang_of(context))
    have = len(draft.get("photos", []))
    if have:
        text = t(context, "{count} photo(s) received. Send more photos, or press Done.",
                 count=have)
        keyboard = _done_keyboard(context)
    else:
        text = t(context, "A photo helps the volunteers. Send one or more photos now, or "
                          "press the button to continue without.")
    await reply(update, text, reply_markup=keyboard)
    return PHOTOS


def _done_keyboard(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return _photos_done_keyboard(lang_of(context))


async def _keep_photo(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      draft: dict[str, Any]) -> bool:
    photos = draft.setdefault("photos", [])
    if len(photos) >= MAX_PHOTOS:
        await reply(update, t(context, "That is the most photos one report can take ({max}). "
                                       "Press Done to continue.", max=MAX_PHOTOS),
                    reply_markup=_done_keyboard(context))
        return False
    try:
        ref = await save_photo(context, photo_of(update.message))
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return False
    if ref not in photos:
        photos.append(ref)
    return True


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    draft = flow_data(context, FLOW)
    if await _keep_photo(update, context, draft):
        await reply(update, t(context, "Photo {count} received. Send more, or press Done.",
                              count=len(draft["photos"])),
                    reply_markup=_done_keyboard(context))
    return None


# -- place and summary ----------------------------------------------------------

async def _ask_place(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     draft: dict[str, Any], page: int) -> str:
    street = repo_of(context).street
    area = street.area(draft["area"])
    items: list[tuple[str, str]] = []
    for ci, comp in enumerate(street.compounds):
        if comp.id in area.compounds:
            items.extend((f"{comp.name} {b.name}", f"rep:pb:{ci}:{bi}")
                         for bi, b in enumerate(comp.buildings))
    extra = [[button(t(context, "Not about one building"), "rep:pn")], _cancel_row(context)]
    await reply(update, t(context, "Where is it? Choose the building (optional):"),
                reply_markup=paginated(items, page, "rep:pp:{page}", extra=extra))
    return PLACE


async def _show_summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        draft: dict[str, Any]) -> str:
    draft["editing"] = False
    lines = [t(context, "Please check your report:"),
             t(context, "Category: {category}",
               category=word(context, labels.ISSUE_CATEGORY, draft.get("category"))),
             t(context, "Description: {text}", text=_short(draft.get("text", ""), 1500)),
             t(context, "Photos: {count}", count=len(draft.get("photos", []))),
             t(context, "Place: {place}",
               place=draft.get("place") or t(context, "not given"))]
    await reply(update, "\n".join(lines), reply_markup=_summary_keyboard(lang_of(context)))
    return SUMMARY


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- similarity -----------------------------------------------------------------

_WORD = re.compile(r"\w", re.UNICODE)


def _grams(text: str) -> set[str]:
    chars = "".join(_WORD.findall(text.lower()))
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def similar_issues(repo: Any, area: str, category: str, text: str,
                   limit: int = MAX_SIMILAR) -> list[Any]:
    """Open public issues of ``area`` and ``category`` whose text shares enough
    character pairs with ``text`` (all of them, newest first, when ``text`` is
    empty, e.g. a voice report)."""
    candidates = [e for e in repo.open_issues(area) if e.data.get("category") == category]
    mine = _grams(text)
    if not mine:
        return list(reversed(candidates))[:limit]
    scored = []
    for e in candidates:
        theirs = _grams(str(e.data.get("text", "")))
        if not theirs:
            continue
        score = len(mine & theirs) / min(len(mine), len(theirs))
        if score >= 0.34:
            scored.append((score, e.id, e))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    return [e for _, _, e in scored[:limit]]


# -- the flow -------------------------------------------------------------------


_PHOTO = F.PHOTO | F.Document.IMAGE


def _step(*actions: str) -> list[CallbackQueryHandler]:
    return step_buttons("rep", on_button, *actions)


_STATES: dict[object, list[Any]] = {
    CATEGORY: [*_step("cat", "cancel"), *other_input_handlers(
        lazy("Please choose a category with the buttons above."))],
    DESCRIBE: [*_step("cancel"), MessageHandler(TEXT_INPUT, on_text),
               MessageHandler(F.VOICE, on_voice),
               MessageHandler(_PHOTO, on_photo_as_description),
               *other_input_handlers(
                   lazy("Please describe the problem in words or send a voice message."))],
    SIMILAR: [*_step("me", "go", "cancel"), *other_input_handlers(
        lazy("Please press \"Me too\" or \"Mine is different\" above."))],
    PHOTOS: [*_step("photos", "cancel"), MessageHandler(_PHOTO, on_photo),
             *other_input_handlers(
                 lazy("Please send a photo, or press Done / continue above."))],
    PLACE: [*_step("pp", "pn", "pb", "pu", "pw", "cancel"), *other_input_handlers(
        lazy("Please choose the building with the buttons above."))],
    SUMMARY: [*_step("ok", "edit", "cancel"), *other_input_handlers(
        lazy("Please press Submit, Edit or Cancel above."))],
}

COMMANDS = [
    Command("report", "Report a problem", report_start, audience=Audience.RESIDENT,
            menu_label="Report", order=10, flow=Flow(FLOW, _STATES)),
]

HANDLERS = [CallbackQueryHandler(stale_button, pattern=r"^rep:")]
