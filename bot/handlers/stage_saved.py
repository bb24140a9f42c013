"""A project's new stage saved just before the bot stopped, its residents not all told.

Moving a project along (/stage N 施工 …, a photo captioned so, or a field note's stage
button) is one write, then a message to each resident of the area. When the bot dies
in between (a crash, ``kill -9``, a reboot), the update is handled again at the next
start and the store says it wrote already (``bot.state.Keeper``): nothing is written
twice. Before, the volunteer was told only "already saved, start again from the menu"
and the residents not reached before the stop never heard of the new stage.
``finish_saved`` tells them now (each resident is recorded just before her message
leaves: ``bot.notify.notify_residents_once``; nobody is told twice, one whose message
was on its way at the stop is not sent it again), and the volunteer that the project
is at its stage, as the update would have. A progress of a project under way, its
stage unchanged (/stage N 进展, a field note's 📷 button), tells nobody else:
``finish_progress`` tells the volunteer it was added, and spends the note, whose button
stored it again when pressed.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.core import clip
from db.entries import MAX_TEXT, ProjectStage
from db.people import public_role

from ..context import entry_or_none, person_of
from ..flows import SEAL, clean_text
from ..staff import entry_id_of, words
from . import field_note
from .called_ask import held_press, spend
from .stage import CAPTION, PROGRESS, STAGES, progress_added, tell_stage

__all__ = ["finish_saved", "finish_progress"]


def _progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[int, str] | None:
    """The project and note ``update`` asked to add to its progress, its stage unchanged
    (a field note's 📷 button, or /stage N 进展 note), if it did."""
    query = update.callback_query
    held = held_press(update, context, "stage")
    if held is not None:  # 照发 / 隐去 under a progress note held (called_ask)
        return (int(held[1]["id"]), held[2]) if not held[1].get("to") else None
    if query is not None:
        parts = (query.data or "").split(SEAL, 1)[0].split(":")
        d = (context.user_data or {}).get(field_note.KEY)
        if parts != [field_note.PREFIX, "g"] or not isinstance(d, dict) or \
                not d.get("progress") or not d.get("project"):
            return None
        return int(d["project"]), str(d.get("note") or "")
    message = update.effective_message
    if message is None or not CAPTION.match(message.text or message.caption or ""):
        return None
    args = words(update, maxsplit=2)
    entry_id = entry_id_of(args[0]) if args else None
    if entry_id is None or len(args) < 2 or args[1].lower() not in PROGRESS:
        return None
    return entry_id, clean_text(args[2]) if len(args) > 2 else ""


async def finish_progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A project's progress (its stage unchanged) stored just before the bot stopped:
    the volunteer is told it was added, as the step would have (before, she read
    "already saved … start again from the menu", and the note's button, still there,
    stored it again when pressed); whether it was such an update (the project's newest
    progress hers, with that note)."""
    asked = _progress(update, context)
    if asked is None or update.effective_user is None:
        return False
    entry_id, note = asked
    project = await entry_or_none(context, entry_id)
    if project is None:
        return False
    person = await person_of(update, context)
    last = (project.data.get("stages") or [{}])[-1]
    if not last.get("progress") or last.get("note") != clip(note, MAX_TEXT) or \
            last.get("role") != public_role(person, project.area):
        return False
    await progress_added(update, context, project, asked=_spent(update, context))
    return True


def _moved(update: Update, context: ContextTypes.DEFAULT_TYPE
           ) -> tuple[int, ProjectStage] | None:
    """The project and stage ``update`` asked for, if it moved a project along."""
    query = update.callback_query
    held = held_press(update, context, "stage")
    if held is not None:  # 照发 / 隐去 under a stage note held (called_ask)
        return (int(held[1]["id"]), ProjectStage(held[1]["to"])) if held[1].get("to") else None
    if query is not None:
        parts = (query.data or "").split(SEAL, 1)[0].split(":")
        d = (context.user_data or {}).get(field_note.KEY)
        if parts[:2] != [field_note.PREFIX, "s"] or len(parts) != 3 or \
                not isinstance(d, dict) or not d.get("project"):
            return None
        try:
            return int(d["project"]), ProjectStage(parts[2])
        except (TypeError, ValueError):
            return None
    message = update.effective_message
    if message is None or not CAPTION.match(message.text or message.caption or ""):
        return None
    args = words(update, maxsplit=2)
    entry_id = entry_id_of(args[0]) if args else None
    to = STAGES.get(args[1].lower()) if len(args) > 1 else None
    return (entry_id, to) if entry_id is not None and to is not None else None


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell the residents not yet told of the stage ``update`` saved before the bot
    stopped, and the volunteer; whether it was such an update."""
    moved = _moved(update, context)
    if moved is None or update.effective_user is None:
        return False
    entry_id, to = moved
    project = await entry_or_none(context, entry_id)
    # not moved there (or moved on since)
    if project is None or project.data.get("stage") != str(to):
        return False
    await tell_stage(update, context, project, to, asked=_spent(update, context))
    return True


def _spent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The note a press stored is spent (a field note's, or one held: ``called_ask``);
    whether it was held (the volunteer asked about a name in it already)."""
    held = held_press(update, context, "stage")
    if held is not None:
        spend(context, held[0])
        return True
    if update.callback_query is not None and context.user_data is not None:
        context.user_data.pop(field_note.KEY, None)  # the note is stored: spent
    return False
