"""/report (报事): category -> description (text or voice) -> similar open
issues with "me too" -> photos -> optional building/unit -> summary with
submit / edit / cancel. Only on submit is anything stored: one pending issue,
a receipt with its number, and a message to the area's volunteers.

Written as ``bot.flows`` says: the draft is ``draft(context, "report")``;
buttons are ``rep:<action>[:<arg>...]``, and every press is checked against
the draft and the street, so stale or forged data gets a refusal and changes
nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler
from telegram.ext import filters as F

from db.entries import ISSUE_CATEGORIES, OPEN_ISSUE, Entry, Kind
from db.errors import DomainError

from .. import kept, said_voice
from ..commands import Audience, Command, Flow
from ..context import (
    call,
    drop_buttons,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from ..flows import (
    END,
    MAX_INPUT,
    PHOTO,
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
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import button, parse_ints, rows
from ..menu import menu_of
from ..notices import queue_pending
from ..ratelimit import allow_submission
from ..resident import (
    SAID_DATA,
    rate_limited,
    require_resident,
    start_resident_flow,
)
from .follow import stop_button
from .report_ask import (
    CATEGORY,
    DESCRIBE,
    FLOW,
    LONG,
    PHOTOS,
    PHOTOS_BEFORE,
    PLACE,
    PREFIX,
    RESUME,
    SIMILAR,
    SUMMARY,
    VOICE_FIELDS,
    after_description,
    ask_category,
    ask_description,
    ask_photos,
    ask_place,
    back_of,
    back_to,
    category_keyboard,
    description_keyboard,
    forget_voice,
    no_photo_keyboard,
    photos_done_keyboard,
    place_keyboard,
    show_summary,
    similar_keyboard,
    so_far,
    too_long,
)
from .report_back import kept_as_it_is, on_back, on_keep, stepping
from .report_media import (
    NO_WORDS,
    has_words,
    on_photo,
    on_photo_as_description,
    on_photo_at_category,
    on_photo_while_choosing,
    on_voice,
    on_voice_at_category,
    photo_more_at,
    report_from_voice,
    voice_more_at,
)
from .report_place import (
    ask_place_again,
    on_building,
    on_no_place,
    on_photos_text,
    on_place_page,
    on_place_text,
    on_unit,
    on_whole_building,
)
from .report_typed import on_category_text, on_summary_text, report_from_said, typed_same

__all__ = ["COMMANDS", "HANDLERS", "receipt", "me_too_told"]



async def report_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a report and asks for its category."""
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return END
    _person, _area, d = started
    d.update({"photos": [], "editing": False})
    return await ask_category(update, context)


# -- buttons ------------------------------------------------------------------------

async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the report and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


async def on_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the category and asks for the description (or back to the summary)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "cat", 1)
    if args is None or args[0] not in ISSUE_CATEGORIES:
        return await refuse(update, context)
    d["category"] = args[0]
    if d.get("editing") and d.get("text"):
        return await show_summary(update, context, d)
    if d.pop("said", False) and d.get("text"):  # words typed before: report_from_said
        return await after_description(update, context, d)
    return await ask_description(update, context)


async def on_me_too(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds the household's "me too" to a similar open issue instead of a new report."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    ids = parse_ints(button_args(update, PREFIX, "me", 1))
    if not ids or ids[0] not in d.get("similar", []):
        return await refuse(update, context)
    return await _me_too(update, context, d, ids[0])


async def _me_too(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                  issue: int) -> object:
    """Adds the household's "me too" to open issue ``issue`` (one of the draft's similar)."""
    repo = repo_of(context)
    person = await person_of(update, context)
    try:
        entry = await read(repo.entry, issue)
        if entry.kind != Kind.ISSUE or entry.area != d["area"] or \
                entry.status not in OPEN_ISSUE:
            return await refuse(update, context, t(context, "This issue is no longer open."))
        entry, added = await call(repo.me_too, entry.id, person["id"])
    except DomainError as exc:
        return await refuse(update, context, error_text(context, exc))
    drop_draft(context, FLOW)
    await me_too_told(update, context, entry, added)
    return END


async def me_too_told(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                      added: bool) -> None:
    """Tell her that her "me too" on ``entry`` was added (and that she follows it now),
    or that she supported it already. The offer's buttons go (我也遇到, 不是同一个问题,
    取消: before, they stayed under a "me too" added)."""
    await drop_buttons(update)
    count = len(entry.data.get("me_too", [])) + 1
    if added:
        text = t(context, "Thank you: your \"me too\" was added to #{id}. {count} households "
                          "have reported it now. Nothing new was stored.", id=entry.id,
                 count=count)
    else:
        text = t(context, "You already support #{id}. Nothing new was stored.", id=entry.id)
    # the thanks first, then that she follows it (under it, 🔕 不再关注): it read 您已关注
    # #535 before 谢谢…已为 #535 加上您的“我也遇到” (found in a resident's trial)
    await reply(update, text, reply_markup=await menu_of(update, context))
    if added:
        await reply(update, t(context, "You now follow #{id}: I will tell you of its progress, "
                                       "its resolution and if it is reopened.", id=entry.id),
                    reply_markup=stop_button(lang_of(context), entry.id))


async def on_similar_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes words typed at the similar reports as their buttons, or asks for them again.

    我也遇到 / 是的 for the only one offered is its "me too", 不是 goes on with a new
    report; anything else asks for the buttons again (below, with the reports, when several
    were offered)."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    same = typed_same(typed(update))
    similar = d.get("similar", [])
    if same is False:
        return await ask_photos(update, context, d)
    if same and len(similar) == 1:
        return await _me_too(update, context, d, similar[0])
    if same:  # which one? the reports again, their buttons right below
        return await after_description(update, context, d)
    await reply(update, t(context, SIMILAR_AGAIN), reply_markup=similar_keyboard(context))
    return None


async def on_different(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Goes on with a new report and asks for photos."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "go", 0) is None:
        return await refuse(update, context)
    return await ask_photos(update, context, d)


async def on_photos_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Ends the photos and asks where it is (or back to the summary)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "photos", 0) is None:
        return await refuse(update, context)
    if d.get("editing"):
        return await show_summary(update, context, d)
    return await ask_place(update, context, d, 0)


_EDIT_STEPS = ("cat", "text", "photos", "place", "back")


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks what to change; then asks that step again (or back to the summary)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "edit", 0) is not None:
        keyboard = InlineKeyboardMarkup(rows([
            button(t(context, "Category"), f"{PREFIX}:edit:cat"),
            button(t(context, "Description"), f"{PREFIX}:edit:text"),
            button(t(context, "Photos (send again)"), f"{PREFIX}:edit:photos"),
            button(t(context, "Place"), f"{PREFIX}:edit:place"),
        ], 2) + [[button(t(context, "Back to the summary"), f"{PREFIX}:edit:back")]])
        back_to(d, "sum")  # 上一步 typed: the summary, as 返回核对 (not the buildings)
        await reply(update, t(context, "What do you want to change?"), reply_markup=keyboard)
        return SUMMARY
    what = button_args(update, PREFIX, "edit", 1)
    if what is None or what[0] not in _EDIT_STEPS or not d.get("text"):  # no summary yet
        return await refuse(update, context)
    d["editing"] = True
    if what[0] == "cat":
        return await ask_category(update, context)
    if what[0] == "text":
        return await ask_description(update, context)
    if what[0] == "photos":  # ⬅️ 上一步 before sending one gives these back
        d[PHOTOS_BEFORE], d["photos"] = d.get("photos", []), []
        return await ask_photos(update, context, d)
    if what[0] == "place":
        return await ask_place(update, context, d, 0)
    return await show_summary(update, context, d)


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the report, gives its number and tells the area's volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not (d.get("category") and d.get("text")):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: show_summary(update, context, d))
    who = await require_resident(update, context)
    if who is None:
        drop_draft(context, FLOW)
        return END
    person, area = who
    if area != d["area"]:  # moved house in the meantime
        drop_draft(context, FLOW)
        await reply(update, t(context, "Your household changed while you were writing. "
                                       "Nothing was saved; please start again."))
        return END
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, rate_limited(context, person["telegram_id"], draft_of=FLOW))
        return None
    data = {"category": d["category"], "text": d["text"], "photos": list(d.get("photos", []))}
    for key in (*VOICE_FIELDS, "place", "compound", "building", "unit"):
        if d.get(key):
            data[key] = d[key]
    try:
        entry = await call(repo_of(context).submit, person["id"], Kind.ISSUE, area, data)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/修改/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What a resident is told once her report is stored: its number."""
    return t(context, "Received. Your report number is #{id}. A volunteer will review it; I "
                      "will tell you what happens. Press \"Mine\" in the menu any time.",
             id=entry.id)


# -- typed text (voice messages and photos: report_media) ---------------------------

SIMILAR_AGAIN = lazy("Please press \"Me too\" or \"Mine is different\" above.")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the description typed and looks for similar issues."""
    d = draft(context, FLOW)
    assert update.message is not None
    text = clean_text(update.message.text)
    if not text:
        await reply(update, t(context, "That message was empty. Please describe the problem "
                                       "in words or send a voice message."))
        return None
    if kept_as_it_is(update, context, d):  # 不改 at the description she came back to
        d.pop(LONG, None)
        return await after_description(update, context, d)
    if len(text) > MAX_INPUT:  # kept, with a button to keep its beginning
        await too_long(update, context, d, text)
        return None
    if not has_words(text):  # 😭😭 or 👍 alone: no volunteer can tell what to mend
        await reply(update, t(context, NO_WORDS))
        return None
    d.pop(LONG, None)
    d["text"] = text
    forget_voice(d)
    return await after_description(update, context, d)


async def on_cut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the first ``MAX_INPUT`` characters of the over-long description she sent."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    text = d.pop(LONG, None)
    if not isinstance(text, str) or not text:
        return await refuse(update, context)
    d["text"] = text[:MAX_INPUT]
    forget_voice(d)
    return await after_description(update, context, d)


# -- the flow ---------------------------------------------------------------------------

_PLACE_BUTTONS = {"pp": on_place_page, "pn": on_no_place, "pb": on_building, "pu": on_unit,
                  "pw": on_whole_building, "back": on_back, "cancel": on_cancel}

def _photos_markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The photos step's buttons as it shows them: 完成 once a photo came, else 没有照片，继续
    (before, "press Done / continue above" named neither and sent her scrolling up)."""
    d = current_draft(context, FLOW) or {}
    lang = lang_of(context)
    return photos_done_keyboard(lang, back_of(d)) if d.get("photos") else \
        no_photo_keyboard(lang, back_of(d))


STATES: dict[object, list[Any]] = {
    CATEGORY: [*buttons(PREFIX, {"cat": on_category, "back": on_back, "cancel": on_cancel}),
               MessageHandler(TEXT_INPUT, stepping(on_category_text)),
               MessageHandler(PHOTO, on_photo_at_category),
               MessageHandler(F.VOICE, on_voice_at_category),
               # a sticker or a pin: the buttons right below, not a scroll up away
               *unexpected(lazy("Please choose a category with the buttons below:"),
                           markup=lambda c: category_keyboard(lang_of(c),
                                                              back_of(draft(c, FLOW))))],
    DESCRIBE: [*buttons(PREFIX, {"cut": on_cut, "keep": on_keep, "back": on_back,
                                 "cancel": on_cancel}),
               MessageHandler(TEXT_INPUT, stepping(on_text)),
               MessageHandler(F.VOICE, on_voice),
               MessageHandler(PHOTO, on_photo_as_description),
               *unexpected(lazy("Please describe the problem in words or send a voice "
                                "message."), markup=lambda c: description_keyboard(
                   lang_of(c), back_of(draft(c, FLOW)), bool(draft(c, FLOW).get("text"))))],
    SIMILAR: [*buttons(PREFIX, {"me": on_me_too, "go": on_different, "back": on_back,
                                "cancel": on_cancel}),
              MessageHandler(PHOTO, on_photo_while_choosing),
              MessageHandler(TEXT_INPUT, stepping(on_similar_text)),
              *unexpected(SIMILAR_AGAIN, markup=similar_keyboard)],
    PHOTOS: [*buttons(PREFIX, {"photos": on_photos_done, "back": on_back, "cancel": on_cancel}),
             MessageHandler(PHOTO, on_photo),
             MessageHandler(TEXT_INPUT, stepping(on_photos_text)),
             MessageHandler(F.VOICE, voice_more_at(ask_photos)),
             *unexpected(lazy("Please send a photo, or press the button below."),
                         markup=_photos_markup)],
    PLACE: [*buttons(PREFIX, _PLACE_BUTTONS), MessageHandler(TEXT_INPUT, stepping(on_place_text)),
            MessageHandler(F.VOICE, voice_more_at(ask_place_again)),
            MessageHandler(PHOTO, photo_more_at(ask_place_again)),
            # a pin sent to 在哪里？, a sticker: the buildings right below
            *unexpected(lazy("Please choose the building below:"),
                        markup=lambda c: place_keyboard(c, draft(c, FLOW)))],
    SUMMARY: [*buttons(PREFIX, {"ok": on_submit, "edit": on_edit, "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT, stepping(on_summary_text)),  # 在三号楼门口: added
              MessageHandler(F.VOICE, voice_more_at(show_summary)),
              MessageHandler(PHOTO, photo_more_at(show_summary)),
              *unexpected(lazy("Please press Submit, Edit or Cancel above."),
                          lambda u, c: show_summary(u, c, draft(c, FLOW)))],
}

COMMANDS = [
    Command("report", "Report a problem: a leak, a broken light, rubbish in the stairs...",
            report_start, audience=Audience.RESIDENT,
            menu_label="Report", order=10,
            flow=Flow(FLOW, STATES, resume=RESUME, so_far=so_far, entry_points=[
                CallbackQueryHandler(report_from_said, pattern=f"^{PREFIX}{SAID_DATA}"),
                CallbackQueryHandler(report_from_voice, pattern=said_voice.pattern(PREFIX))])),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
