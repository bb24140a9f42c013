"""A volunteer's photo or note sent straight into the chat, as one does on site.

A grid worker at a broken pipe sends the photo with "114 已经修好了" as its caption
(or types "114 已联系电工"), without /progress or /resolve in front. Before, the
bot answered with a greeting and the photo and note were lost. Now, when the text
begins with the number of an open report of the volunteer's areas, the bot asks what
it is, with the report's text: **📝 Progress**, **✅ Resolved** or **Cancel**
(``fn:p``, ``fn:r``, ``fn:x``; **🔁 A duplicate** or **🚫 Nothing to do** close it,
``fn:d``, ``fn:n``, as /close N duplicate|no_action would; sealed with the note kept
in the chat's data until pressed: a Cancel under an older question, or pressed once
the note is stored, changes nothing and says the button is no longer valid); a press
stores the step with the photo as /progress, /resolve or /close would
(``bot.handlers.issue_work.record_step``). A photo without such a number is said not
to be kept, with how to send it and the open reports' numbers. Nothing is stored
before the press, and a press re-checks the volunteer's role (``require_staff``) and
the report (the repository refuses a report of another area or one already closed).

The number of a project not done yet (a passed proposal of the volunteer's
areas: "489 路面已铺好" under the photo) asks which stage it has reached, with a
button for each stage it may go to next (``fn:s:<stage>``): the press stores it
with the photo as /stage would (``bot.handlers.stage.record_stage``). Before,
such a photo was said not to be kept, with the open *reports* only, and the
project's photo was lost. A project under way is also offered **📷 Progress, stage
unchanged** (``fn:g``): a photo taken halfway through, stored as /stage N 进展 would
(``record_progress``); its only button was ✅ 已完工.

An album (a phone sends several photos as one, the caption on the first): its other
photos, which come as messages of their own without a caption while the question
waits, are kept with the note (``ALBUM``, not in the sealed draft) and stored with it
at the press. Before, each was answered "this photo was not saved" and the step kept
only the first. So are the photos sent without a caption after a typed note ("148
已联系", then the photo of the pipe) while its question waits: before, each was
answered "this photo was not saved".

A photo sent first, without a caption, and the note typed next ("148 已修好"), as a
phone makes it easy to do: the photo is kept for the note (``LOOSE``, for
``LOOSE_MINUTES``) and goes with it (``d["loose"]``, in the sealed draft) when it comes,
typed or as another photo's caption; nothing is stored before the press. Before, it was
answered "this photo was not saved, send it again with the number as its caption", and
the grid worker had to find it in her gallery again.

A note typed while another's question waits ("147 已联系电工", then "147 已修好") replaces
it: only the newest is kept. The older question kept its buttons, and a press on them
answered 这个按钮已失效 alone, the note lost without a word of why. Now the older question
is edited when the newer one is asked (``OFFER``: where it was sent): its buttons go and it
says its note was not saved, and to send it again to keep it; a press on one left (the edit
failed) says the same (``SUPERSEDED``).
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.elections import is_election
from db.entries import OPEN_ISSUE, Kind, ProjectStage, Status
from db.errors import DomainError
from db.people import is_admin, volunteer_areas

from ..context import drop_buttons, entry_or_none, lang_of, read, reply, repo_of, t, word
from ..files import photo_of, save_photo
from ..flows import MAX_INPUT, SEAL, answer, clean_text, matches, refuse, sealed, short
from ..i18n import lazy
from ..keyboards import button
from ..sending import deliver, fit_message
from ..staff import fail, require_staff, staff_areas
from ..voice_words import entry_words
from .issue_work import open_reports, record_step, review_first
from .stage import next_stages, open_projects, projects_of, record_progress, record_stage

__all__ = ["HANDLERS", "offer", "ask_step", "HELD", "KEY", "LOOSE_MINUTES", "hold",
           "take_loose"]

PREFIX = "fn"
KEY = "field_note"  # user_data: the note waiting for its button
ALBUM = "field_note_album"  # user_data: the album's other photos, for the note of KEY
LOOSE = "field_note_loose"  # user_data: photos sent first, for the note typed next
LOOSE_MINUTES = 30  # how long they wait for it
HELD = "field_note_held"  # user_data: a note on a report waiting for approval (field_note_held)
OFFER = "field_note_offer"  # user_data: {"chat", "message"} of the question of the note of KEY
REPLACED = "field_note_replaced"  # user_data: the note a newer one replaced, to say so
SUPERSEDED = lazy("This note was not saved: you sent another note after it, which replaced "
                  "it (the new note's question is below). To add this one too, send it "
                  "again: {again}")
SAME_AGAIN = lazy("The same note came again (it is sent once, nothing is lost): press a "
                  "button under it below.")
MAX_ALBUM = 10  # photos in one album, as Telegram allows
# "114 说明", "#114说明", "第114号：说明" (a bare number needs a space or a mark after it,
# so that "3号楼…" is not read as report 3), or a word of what a visit found right after
# it, as a phone runs them together: "114修好了", "114已联系师傅"
_D = "[0-9０-９]"  # a digit, half- or full-width (a Chinese keyboard's)
_GLUED = "已|修(?!改)|好了|换|联系|清理|清运|疏通|装好|处理|解决|完成|完工|到场"
# The word 报事 may come first or after the number, as people name one (报事148：已修好,
# 148号报事 师傅明天来): it was said to have no number, or got the greeting.
_NUMBERED = re.compile(rf"(?:报事\s*)?(?:(?:第|[#＃])\s*({_D}{{1,9}})\s*号?(?:报事)?|"
                       rf"({_D}{{1,9}})\s*号?"
                       rf"(?:报事)?(?=[\s,，:：、.。]|$|{_GLUED}))[\s,，:：、.。]*(.*)",
                       re.DOTALL)
ACTIONS = {"p": "progress", "r": "resolve", "d": "close", "n": "close"}
CLOSED = {"d": "duplicate", "n": "no_action"}  # why fn:d and fn:n close the report

NO_NUMBER = lazy("This photo was not saved. To add it to a report, send it again with the "
                 "report's number and a note as its caption, e.g. \"{example} 已修好\".")
KEPT = lazy("Photo received, not saved yet. Now send one message with the report's number "
            "and what you found, e.g. \"{example} 已修好\": this photo goes with it (it is "
            "kept {minutes} minutes; nothing is saved until you press a button).")
RECEIPT_HINT = lazy("A receipt of money spent? Send /expense: this photo becomes its receipt.")
KEPT_MORE = lazy("This photo is kept too ({count} photos), for the note you send next.")
NOTE_NO_NUMBER = lazy("This was not saved: to add it to a report, write the report's number "
                      "first, e.g. \"{example} 已修好\".")
# what a grid worker writes of a visit (修好了, 已联系电工, 清理干净了, 换了灯泡), short
_NOTE_WORDS = re.compile("修(?!改)|好了|处理|联系|清理|清运|完成|完工|到场|换了|换好|装好|解决|"
                         "疏通")
_ASKED = re.compile("[?？吗呢]|怎么|如何|请问")  # a question to the bot, not a note
NOTE_WORDS_MAX = 60
WITH_LOOSE = lazy("this note and the {n} photo(s) you sent before it")
PHOTO_WITH_LOOSE = lazy("this photo and note and the {n} photo(s) you sent before it")
NO_NUMBER_PROJECT = lazy("For a project, write its number and a note the same way, e.g. "
                         "\"{example} 已开工\".")


def _numbered(text: str) -> tuple[int, str] | None:
    match = _NUMBERED.fullmatch(text.strip())
    if match is None:
        return None
    number = unicodedata.normalize("NFKC", match.group(1) or match.group(2))
    return int(number), clean_text(match.group(3))


async def _open_issue(context: ContextTypes.DEFAULT_TYPE, number: int, areas: list[str],
                      status: Any = OPEN_ISSUE) -> Any:
    """Report ``number`` of ``areas`` when its status is among ``status``; else None."""
    entry = await entry_or_none(context, number)
    if entry is None or entry.kind != Kind.ISSUE or entry.status not in status or \
            entry.area not in areas:
        return None
    return entry


async def _project(context: ContextTypes.DEFAULT_TYPE, number: int, areas: list[str]) -> Any:
    """Project ``number`` of ``areas`` if it may still move on to a next stage; else None."""
    entry = await entry_or_none(context, number)
    if entry is None or entry.kind != Kind.PROPOSAL or entry.status != Status.PASSED or \
            entry.area not in areas or is_election(entry.data) or not next_stages(entry):
        return None
    return entry


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE,
                person: dict[str, Any]) -> bool:
    """A volunteer's photo or numbered note outside any flow: ask which step it is (True
    when answered here; False: not a volunteer's, or not about an open report or a
    project not done yet)."""
    message = update.effective_message
    # an admin's are every area, as for /progress (报事处理 tells them to write it so)
    areas = await staff_areas(context, person) if is_admin(person) else volunteer_areas(person)
    if message is None or not areas or context.user_data is None:
        return False
    photo = photo_of(message)
    if photo is not None and await _album_photo(update, context, photo):
        return True
    said = message.caption if photo is not None else message.text
    found = _numbered(said or "")
    entry = await _open_issue(context, found[0], areas) if found else None
    project = await _project(context, found[0], areas) if found and entry is None else None
    waiting = await _open_issue(context, found[0], areas, (Status.PENDING,)) \
        if found and found[1] and entry is None and project is None else None
    if waiting is not None:  # on site before approving it: kept, asked once approved
        if await review_first(update, context, waiting, kept=True):
            context.user_data[HELD] = {"issue": waiting.id, "at": time.time(),
                                       "note": found[1] if found else "", "photo": _photo(photo)}
        return True
    if entry is None and project is None:
        if photo is None and found is None and not person.get("household") and \
                await _note_without_number(update, context, person, said or ""):
            return True
        if photo is None or person.get("household"):
            return False  # a resident's photo gets the residents' answer (bot.freetext)
        group = getattr(message, "media_group_id", None)
        kept = not said and not (group and _cancelled(context) == str(group))
        if kept:  # the photo first, the note typed next: kept for it
            count = _keep_loose(context, photo)
            if count > 1:
                await reply(update, t(context, KEPT_MORE, count=count))
                return True
        reports = [e for a in areas for e in await read(repo_of(context).open_issues, a)]
        projects = await projects_of(context, person)
        await reply(update, t(context, KEPT if kept else NO_NUMBER,
                              example=reports[0].id if reports else 12, minutes=LOOSE_MINUTES)
                    + ("\n" + t(context, RECEIPT_HINT) if kept else "")
                    + await open_reports(context, person)
                    + ("\n" + t(context, NO_NUMBER_PROJECT, example=projects[0].id)
                       + await open_projects(context, person, projects) if projects else ""))
        return True
    note = found[1] if found else ""
    if not note or len(note) > MAX_INPUT:
        return False
    if entry is None:  # the number of a project not done yet
        return await _offer_stage(update, context, project, note, photo)
    d = {"issue": entry.id, "note": note, "photo": _photo(photo)}
    _hold(context, d, message)
    await ask_step(update, context, entry, d)
    return True


def _photo(photo: Any) -> dict[str, Any] | None:
    return {"file_id": photo.file_id, "file_size": photo.file_size} if photo else None


async def ask_step(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Any,
                   d: dict[str, Any]) -> None:
    """Asks which step note ``d`` (kept: ``_hold``) is on open report ``entry``."""
    what = _what(context, d)
    markup = sealed(InlineKeyboardMarkup([
        [button(t(context, "📝 Progress"), f"{PREFIX}:p"),
         button(t(context, "✅ Resolved"), f"{PREFIX}:r")],
        # on site it may turn out a repeat of another report, or nothing to do: /close
        [button(t(context, "🔁 A duplicate: close"), f"{PREFIX}:d"),
         button(t(context, "🚫 Nothing to do: close"), f"{PREFIX}:n")],
        [button(t(context, "Cancel"), f"{PREFIX}:x")]]), d, f"{PREFIX}:p")
    for action in ("r", "d", "n", "x"):
        markup = sealed(markup, d, f"{PREFIX}:{action}")
    await _offer(update, context, t(
        context, "Add {what} to report #{id} ({text})? Nothing is saved until you press a "
                 "button; then it is public and the reporter is told.\nNote: {note}",
        what=what, id=entry.id,
        text=short(entry_words(lang_of(context), entry.data, brief=True), 41),
        note=d["note"]), markup)


def _again(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """What to send again to add note ``d`` (its photos with it)."""
    said = f"{d.get('issue') or d.get('project')} {d.get('note')}"
    return t(context, "the photo with the caption “{said}”", said=said) \
        if d.get("photo") or d.get("loose") else f"“{said}”"


async def _offer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                 markup: InlineKeyboardMarkup) -> None:
    """Asks the question of the note just held, remembered (``OFFER``), after the
    question of the note it replaced is edited to say so."""
    data = context.user_data
    replaced = data.pop(REPLACED, None) if data is not None else None
    if isinstance(replaced, dict) and isinstance(replaced.get("offer"), dict):
        try:
            await context.bot.edit_message_text(
                fit_message(t(context, SAME_AGAIN) if replaced.get("same") else
                            t(context, SUPERSEDED, again=_again(context, replaced["note"]))),
                chat_id=int(replaced["offer"]["chat"]),
                message_id=int(replaced["offer"]["message"]), reply_markup=None)
        except TelegramError:  # too old, or gone: its press says the same (SUPERSEDED)
            pass
    chat = update.effective_chat
    if chat is None:
        return
    message = await deliver(context.application, chat.id, fit_message(text), reply_markup=markup)
    if data is not None and data.get(KEY) is not None:
        data[OFFER] = {"chat": message.chat_id, "message": message.message_id}


async def _note_without_number(update: Update, context: ContextTypes.DEFAULT_TYPE,
                               person: dict[str, Any], said: str) -> bool:
    """A short note of what was found on site typed without the report's number (已修好):
    said not saved, with how to write it and the open reports (True); False for other
    words (你好 gets the greeting) or when no report is open."""
    said = said.strip()
    if not said or said.startswith("/") or len(said) > NOTE_WORDS_MAX or \
            not _NOTE_WORDS.search(said) or _ASKED.search(said):
        return False
    reports = [e for a in await staff_areas(context, person)
               for e in await read(repo_of(context).open_issues, a)]
    if not reports:
        return False
    await reply(update, t(context, NOTE_NO_NUMBER, example=reports[0].id)
                + await open_reports(context, person))
    return True


def _what(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """What a note's question adds: the note, its photo, the photos sent before it."""
    if d.get("loose"):
        return t(context, PHOTO_WITH_LOOSE if d.get("photo") else WITH_LOOSE,
                 n=len(d["loose"]))
    return t(context, "this photo and note") if d.get("photo") else t(context, "this note")


def _keep_loose(context: ContextTypes.DEFAULT_TYPE, photo: Any) -> int:
    """Keeps a photo sent without a caption for the note typed next: how many are kept."""
    if context.user_data is None:
        return 0
    photos = _loose(context)
    if len(photos) < MAX_ALBUM - 1:  # room for a captioned photo of the note
        photos.append({"file_id": photo.file_id, "file_size": photo.file_size})
    context.user_data[LOOSE] = {"at": repo_of(context).clock().isoformat(), "photos": photos}
    return len(photos)


def _cancelled(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The album whose note was just cancelled: its late photos are not kept."""
    held = (context.user_data or {}).get(LOOSE)
    return str(held.get("cancelled")) if isinstance(held, dict) and held.get("cancelled") \
        else None


def _loose(context: ContextTypes.DEFAULT_TYPE) -> list[dict[str, Any]]:
    """The photos kept for a note, sent less than ``LOOSE_MINUTES`` ago (older ones are
    dropped: a photo of the morning is not taken for a note of the afternoon)."""
    held = (context.user_data or {}).get(LOOSE)
    try:
        at = datetime.fromisoformat(str(held["at"]))  # type: ignore[index]
        photos = [dict(p) for p in held["photos"] if p.get("file_id")]  # type: ignore[index]
    except (TypeError, KeyError, ValueError, AttributeError):
        return []
    if repo_of(context).clock() - at > timedelta(minutes=LOOSE_MINUTES):
        return []
    return photos


def take_loose(context: ContextTypes.DEFAULT_TYPE) -> list[dict[str, Any]]:
    """The photos kept for a note (``_loose``: ``file_id``, ``file_size``), taken out for
    another use: the receipt of an /expense started next (``bot.handlers.expense``)."""
    photos = _loose(context)
    if photos and context.user_data is not None:
        context.user_data.pop(LOOSE, None)
    return photos


def hold(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> None:
    """Keeps note ``d`` for its button, as ``_hold`` does a note just sent."""
    _hold(context, d, None)


def _hold(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], message: Any) -> None:
    """Keeps note ``d`` for its button; a photo of an album notes the album
    (``d["group"]``), to take its other photos as they come (``_album_photo``); the
    photos sent before it without a caption go with it (``d["loose"]``)."""
    if context.user_data is None:
        return
    older, offered = context.user_data.get(KEY), context.user_data.pop(OFFER, None)
    # the same typed note again (a phone on bad signal sends it twice): it takes over the
    # older one's photos, and the older question says to press below, not that it was lost
    same = isinstance(older, dict) and not d.get("photo") and older.get("note") == d.get(
        "note") and (older.get("issue"), older.get("project")) == (d.get("issue"),
                                                                  d.get("project"))
    if isinstance(older, dict) and older.get("note"):  # its question is edited to say so
        context.user_data[REPLACED] = {"note": older, "offer": offered, "same": same}
    loose = _loose(context)
    context.user_data.pop(LOOSE, None)
    if loose:
        d["loose"] = loose
    album = context.user_data.pop(ALBUM, None)
    if same and isinstance(older, dict):
        if older.get("photo"):
            d["photo"] = older["photo"]
        if older.get("group"):
            d["group"] = older["group"]
        d["loose"] = [*(older.get("loose") or []), *(d.get("loose") or [])] or None
        if not d["loose"]:
            d.pop("loose")
        if isinstance(album, dict):  # its album, or the photos sent after it was typed
            context.user_data[ALBUM] = album
            context.user_data[KEY] = d
            return
    group = getattr(message, "media_group_id", None) if d.get("photo") else None
    if group:
        d["group"] = str(group)
        context.user_data[ALBUM] = {"group": str(group), "photos": []}
    elif not d.get("photo"):  # a typed note: the photos sent after it, without a caption
        context.user_data[ALBUM] = {"group": "", "photos": []}
    context.user_data[KEY] = d


def _more(d: dict[str, Any], album: Any) -> list[dict[str, Any]]:
    """The photos held for note ``d`` besides its own: its album's others, or those sent
    without a caption after it was typed."""
    if not isinstance(album, dict):
        return []
    if (album.get("group") == d["group"]) if d.get("group") else \
            (not d.get("photo") and album.get("group") == ""):
        return list(album.get("photos", []))
    return []


async def _album_photo(update: Update, context: ContextTypes.DEFAULT_TYPE, photo: Any
                       ) -> bool:
    """Another photo of the album whose captioned photo's question waits, or a photo
    sent without a caption while a typed note's question waits ("148 已联系", then the
    photo): kept to be stored with it at the press, and said so (True); False for any
    other photo."""
    message = update.effective_message
    user_data = context.user_data
    group = getattr(message, "media_group_id", None)
    if message is None or message.caption or user_data is None:
        return False
    d, album = user_data.get(KEY), user_data.get(ALBUM)
    if not isinstance(d, dict) or not isinstance(album, dict):
        return False
    typed_note = not d.get("photo") and album.get("group") == ""
    if not typed_note and (not group or d.get("group") != str(group)
                           or album.get("group") != str(group)):
        return False
    photos = album.setdefault("photos", [])
    first = (0 if typed_note else 1) + len(d.get("loose") or [])  # in the note already
    if first + len(photos) < MAX_ALBUM:
        photos.append({"file_id": photo.file_id, "file_size": photo.file_size})
    await reply(update, t(context, "This photo goes with the note to #{id} too ({count} "
                                   "photos). Nothing is saved until you press a button "
                                   "above.", id=d.get("issue") or d.get("project"),
                          count=first + len(photos)))
    return True


async def _offer_stage(update: Update, context: ContextTypes.DEFAULT_TYPE, project: Any,
                       note: str, photo: Any) -> bool:
    """Asks which stage project ``project`` has reached, a button for each it may go to."""
    stages = [str(s) for s in next_stages(project)]
    current = project.data.get("stage")
    under_way = current == ProjectStage.IN_PROGRESS  # a photo halfway: its stage stays
    d = {"project": project.id, "note": note, "stages": stages, "progress": under_way,
         "photo": {"file_id": photo.file_id, "file_size": photo.file_size} if photo else None}
    _hold(context, d, update.effective_message)
    rows = [[button(t(context, "📷 Progress, stage unchanged"), f"{PREFIX}:g")]] \
        if under_way else []
    markup = InlineKeyboardMarkup([
        *rows, [button(word(context, labels.STAGE, s), f"{PREFIX}:s:{s}") for s in stages],
        [button(t(context, "Cancel"), f"{PREFIX}:x")]])
    what = _what(context, d)
    asked = (lazy("Add {what} to project #{id} ({title}, now {stage}) as progress, its stage "
                  "unchanged, or as its next stage? Nothing is saved until you press a "
                  "button; then it is public (a new stage is also told to the residents)."
                  "\nNote: {note}") if under_way else
             lazy("Add {what} to project #{id} ({title}, now {stage}) as its next stage? "
                  "Nothing is saved until you press a button; then it is public and the "
                  "residents are told.\nNote: {note}"))
    await _offer(update, context, t(context, asked, what=what, id=project.id,
                                    title=short(project.data.get("title", ""), 41),
                                    stage=word(context, labels.STAGE, current) if current
                                    else t(context, "not started"), note=note),
                 sealed(sealed(sealed(markup, d, f"{PREFIX}:s"), d, f"{PREFIX}:g"),
                        d, f"{PREFIX}:x"))
    return True


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📝 Progress / ✅ Resolved: the step with its photo; a project's stage (``s``):
    the stage with its photo, or its progress (``g``); Cancel: nothing."""
    await answer(update)
    query = update.callback_query
    parts = ((query.data or "") if query else "").split(SEAL, 1)[0].split(":")
    action = parts[1] if len(parts) > 1 else ""
    d = (context.user_data or {}).get(KEY)
    if isinstance(d, dict) and not matches(update, d) and query is not None \
            and query.message is not None and \
            (context.user_data or {}).get(OFFER, {}).get("message") != query.message.message_id:
        # a question a newer note replaced (its edit failed): why, and how to add it
        await drop_buttons(update)
        await refuse(update, context, t(context, "That button is no longer valid.") + t(
            context, SUPERSEDED, again=t(context, "the number of the report and the note")))
        return
    if action == "x":
        if not isinstance(d, dict) or not matches(update, d):  # stored, or another's
            await refuse(update, context)
            return
        if context.user_data is not None:
            context.user_data.pop(KEY, None)
            context.user_data.pop(ALBUM, None)
            context.user_data.pop(OFFER, None)
            if d.get("group"):  # its album's photos still coming go nowhere
                context.user_data[LOOSE] = {"at": repo_of(context).clock().isoformat(),
                                            "photos": [], "cancelled": d["group"]}
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return
    to = parts[2] if action == "s" and len(parts) == 3 else None
    if not isinstance(d, dict) or not matches(update, d) or (
            to not in d.get("stages", []) if action == "s" else
            not d.get("progress") if action == "g" else
            action not in ACTIONS or "issue" not in d):
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None:
        return
    photos: list[str] = []
    held_photos = [*(d.get("loose") or []), *([d["photo"]] if d.get("photo") else [])]
    try:
        for held in [*held_photos, *_more(d, (context.user_data or {}).get(ALBUM))]:
            photos.append(await save_photo(update, context, SimpleNamespace(**held)))
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    if action == "g":
        done = await record_progress(update, context, person, int(d["project"]),
                                     str(d["note"]), photos)
    elif to is not None:
        done = await record_stage(update, context, person, int(d["project"]),
                                  ProjectStage(to), str(d["note"]), photos)
    else:
        done = await record_step(update, context, person, int(d["issue"]), ACTIONS[action],
                                 str(d["note"]), photos, CLOSED.get(action))
    if done is not False:  # stored, or held to ask about a name in it (called_ask)
        if context.user_data is not None:
            context.user_data.pop(KEY, None)
            context.user_data.pop(ALBUM, None)
            context.user_data.pop(OFFER, None)
        await drop_buttons(update)  # too old to edit: the reply says it all


HANDLERS = [CallbackQueryHandler(on_press, pattern=rf"^{PREFIX}:")]
