"""/stage N planned|in_progress|done note: moves the project a passed proposal
becomes along (a photo: send it with the command as its caption); /stage N 进展 note
(progress) adds a photo or note to a project under way, its stage unchanged.
``record_stage`` stores a stage and tells the area's residents, for /stage and for a
volunteer's photo captioned with a project's number (``bot.handlers.field_note``);
``record_progress`` stores a progress photo of a project in progress;
``open_projects`` lists the projects that can still move on, whose numbers a
volunteer on site does not know by heart (/stage alone, and a photo without one).
A note calling someone by surname (门卫老杨) is held and asked about first
(``bot.handlers.called_ask``: 照发 / 隐去“老杨”再发 / 取消), before anyone is told.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler
from telegram.ext import filters as F

from db import labels
from db.elections import is_election
from db.entries import STAGE_TRANSITIONS, Entry, Kind, ProjectStage, Status
from db.errors import DomainError

from ..called_words import called_note
from ..commands import Audience, Command
from ..context import call, entry_or_none, read, reply, repo_of, t, word
from ..files import photo_of, remember_album, save_photo
from ..flows import PHOTO, clean_text, short
from ..i18n import lazy
from ..notify import notify_residents_once
from ..staff import entry_id_of, fail, number_words, require_staff, staff_areas
from .called_ask import ask_first, doer

__all__ = ["COMMANDS", "HANDLERS", "STAGES", "PROGRESS", "next_stages", "open_projects",
           "projects_of", "record_stage", "record_progress", "stage_key", "tell_stage", "CAPTION",
           "STAGE_NOTICE"]

STAGES = {"planned": ProjectStage.PLANNED, "计划": ProjectStage.PLANNED,
          "in_progress": ProjectStage.IN_PROGRESS, "施工": ProjectStage.IN_PROGRESS,
          "施工中": ProjectStage.IN_PROGRESS, "done": ProjectStage.DONE,
          "完工": ProjectStage.DONE, "已完工": ProjectStage.DONE}
PROGRESS = {"progress", "进展", "进度"}  # /stage N 进展 note: a photo, the stage unchanged
SHOWN = 5  # projects listed by number


def next_stages(project: Any) -> list[ProjectStage]:
    """The stages ``project`` (a passed proposal) may go to next, in order; [] when done."""
    current = project.data.get("stage")
    return sorted(STAGE_TRANSITIONS.get(ProjectStage(current) if current else None, ()),
                  key=list(ProjectStage).index)


def _projects(repo: Any, areas: list[str]) -> list[Any]:
    return sorted((p for area in areas
                   for p in repo.entries(area=area, kind=Kind.PROPOSAL, status=Status.PASSED)
                   if not is_election(p.data) and next_stages(p)), key=lambda p: p.id)


async def projects_of(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> list[Any]:
    """The projects of the volunteer's areas not done yet, by number."""
    return await read(_projects, repo_of(context), await staff_areas(context, person))


async def open_projects(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                        found: list[Any] | None = None) -> str:
    """"\n未完工的项目：#489 冬季门卫值班…（计划中）" for the volunteer's areas (those not
    done yet; ``found``, when read already), or "" when there is none."""
    found = await projects_of(context, person) if found is None else found
    if not found:
        return ""
    none = t(context, "not started")
    shown = "; ".join(
        f"#{p.id} {short(p.data.get('title', ''), 25)}（"
        f"{word(context, labels.STAGE, p.data['stage']) if p.data.get('stage') else none}）"
        for p in found[:SHOWN])
    more = len(found) - SHOWN
    return "\n" + t(context, "Projects not done yet: {projects}", projects=shown) + (
        t(context, " … and {n} more.", n=more) if more > 0 else "")


async def record_stage(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       person: dict[str, Any], entry_id: int, to: ProjectStage, note: str,
                       photos: list[str], *, asked: bool = False) -> bool | None:
    """Stores the project's stage with its photos, tells the area's residents and says
    so; False after saying why it was refused; None when a note calling someone by
    surname is held until the volunteer says how it goes (``called_ask``; ``asked``:
    she has)."""
    if not asked and await _ask(update, context, person, entry_id, note, photos, to):
        return None
    try:
        project = await call(repo_of(context).set_stage, entry_id, person["id"], to, note,
                             photos)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return False
    await tell_stage(update, context, project, to, asked=asked)
    return True


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               entry_id: int, note: str, photos: list[str], to: ProjectStage | None) -> bool:
    """Holds a note calling someone by surname on a project of the volunteer's areas (a
    stage ``to``, or progress when None) until she presses 照发 / 隐去 / 取消; False when
    it calls no one (or the project is none of hers: refused as before)."""
    project = await entry_or_none(context, entry_id)
    if project is None or project.kind != Kind.PROPOSAL or \
            project.area not in await staff_areas(context, person):
        return False
    if to is None:  # a progress photo: on the project's page, nobody told
        return await ask_first(update, context, act="stage", area=project.area, note=note,
                               who=None, sent=None, id=entry_id, to=None, photos=photos)
    sent = t(context, STAGE_NOTICE, id=project.id, title=project.data.get("title", ""),
             stage=word(context, labels.STAGE, to), note=note)
    return await ask_first(update, context, act="stage", area=project.area, note=note,
                           who=t(context, "every resident of the area is told in their chat"),
                           sent=sent, everyone=True, id=entry_id, to=str(to), photos=photos)


@doer("stage")
async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                held: dict[str, Any], note: str) -> None:
    """照发 / 隐去 pressed under a held stage (or progress) note: stored as /stage would."""
    photos = [str(p) for p in held.get("photos") or []]
    if held.get("to"):
        await record_stage(update, context, person, int(held["id"]), ProjectStage(held["to"]),
                           note, photos, asked=True)
    else:
        await record_progress(update, context, person, int(held["id"]), note, photos,
                              asked=True)


def stage_key(project_id: int, to: ProjectStage | str) -> str:
    """Who was told that project ``project_id`` reached stage ``to`` (``db.reminders``:
    a project reaches each stage once)."""
    return f"stage:{project_id}:{ProjectStage(to)}"


STAGE_NOTICE = lazy("Project #{id} {title} is now {stage}. {note}")


async def tell_stage(update: Update, context: ContextTypes.DEFAULT_TYPE, project: Entry,
                     to: ProjectStage, *, asked: bool = False) -> None:
    """Tell the area's residents that ``project`` reached stage ``to`` (with the note
    kept with it), each once (a telling a stop cut short goes on from where it stopped:
    ``bot.handlers.stage_saved``), and the volunteer that it did (how to hide a name in
    it, unless she was ``asked`` before it went)."""
    kept: dict[str, Any] = next((s for s in reversed(project.data.get("stages") or [])
                                 if s.get("stage") == str(to) and not s.get("progress")), {})
    await notify_residents_once(context, project.area, stage_key(project.id, to),
                                STAGE_NOTICE, id=project.id,
                                title=project.data.get("title", ""), stage=labels.STAGE[to],
                                note=str(kept.get("note") or ""))
    # public at once: a name in it is hidden with /hide (db.hidden_names: its stages' notes)
    await reply(update, t(context, "Project #{id} is now {stage}.", id=project.id,
                          stage=word(context, labels.STAGE, to))
                + ("" if asked else called_note(context, kept.get("note"), project.id)))


async def record_progress(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          person: dict[str, Any], entry_id: int, note: str,
                          photos: list[str], *, asked: bool = False) -> bool | None:
    """Stores a progress photo (or note) of a project under way, its stage unchanged,
    and says so; False after saying why it was refused; None when held (as
    ``record_stage``)."""
    if not asked and await _ask(update, context, person, entry_id, note, photos, None):
        return None
    try:
        project = await call(repo_of(context).add_progress, entry_id, person["id"], note,
                             photos)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return False
    await progress_added(update, context, project, asked=asked)
    return True


async def progress_added(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         project: Any, *, asked: bool = False) -> None:
    """Tell the volunteer that her progress of ``project`` was stored (and how to hide a
    name its note calls someone by, unless she was ``asked`` before)."""
    last = (project.data.get("stages") or [{}])[-1]
    await reply(update, t(context, "Added to the progress of project #{id} (still {stage}); "
                                   "the project page shows it under that stage once the site "
                                   "is next published.", id=project.id,
                          stage=word(context, labels.STAGE, ProjectStage.IN_PROGRESS))
                + ("" if asked else called_note(context, last.get("note"), project.id)))


async def stage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Moves a project along (/stage N planned|in_progress|done note; photo: caption)."""
    person = await require_staff(update, context)
    if person is None:
        return
    args = number_words(update, 2)  # 489，施工 too
    entry_id = entry_id_of(args[0]) if args else None
    to = STAGES.get(args[1].lower()) if len(args) > 1 else None
    progress = len(args) > 1 and args[1].lower() in PROGRESS
    note = clean_text(args[2]) if len(args) > 2 else ""
    if entry_id is None or (to is None and not progress):
        await reply(update, t(context, "Usage: /stage N planned|in_progress|done note, e.g. "
                                       "/stage 7 in_progress 施工队已进场. To add a photo, send "
                                       "it with this as the caption.") + "\n" +
                    t(context, "A photo of a project under way, its stage unchanged: /stage N "
                               "进展 note as the photo's caption.")
                    + await open_projects(context, person))
        return
    photos: list[str] = []
    media = photo_of(update.effective_message)
    if media is not None:
        try:
            photos.append(await save_photo(update, context, media))
        except DomainError as exc:
            await reply(update, fail(context, exc))
            return
    if to is None:
        done = await record_progress(update, context, person, entry_id, note, photos)
    else:
        done = await record_stage(update, context, person, entry_id, to, note, photos)
    if done and photos:  # the album's other photos follow, without the caption (bot.freetext)
        remember_album(context, update.effective_message, entry_id, entry_id, project=True)


CAPTION = re.compile(r"^/stage(@\w+)?(\s|$)")


async def stage_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Moves a project along with the photo captioned /stage ..."""
    await stage(update, context)


COMMANDS = [
    Command("stage", "Move a project along: /stage N planned|in_progress|done note (photo: "
                     "send it with this as the caption)", stage,
            audience=Audience.VOLUNTEER, order=53),
]

HANDLERS = [MessageHandler(PHOTO & F.CaptionRegex(CAPTION), stage_photo)]
