"""A project's new stage saved just before the bot stopped, its residents not all told.

Moving a project along (/stage N 施工 …, a photo captioned so, or a field note's stage
button) is one write, then a message to each resident of the area. When the bot dies
in between (a crash, ``kill -9``, a reboot), the update is handled again at the next
start and the store says it wrote already (``bot.state.Keeper``): nothing is written
twice. Before, the volunteer was told only "already saved, start again from the menu"
and the residents not reached before the stop never heard of the new stage.
``finish_saved`` tells them now (each resident reached is recorded:
``bot.notify.notify_residents_once``; one reached just before the stop may be told
twice, none is left out), and the volunteer that the project is at its stage, as the
update would have.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import ProjectStage
from db.errors import DomainError

from ..context import read, repo_of
from ..flows import SEAL
from ..staff import entry_id_of, words
from . import field_note
from .stage import CAPTION, STAGES, tell_stage

__all__ = ["finish_saved"]


def _moved(update: Update, context: ContextTypes.DEFAULT_TYPE
           ) -> tuple[int, ProjectStage] | None:
    """The project and stage ``update`` asked for, if it moved a project along."""
    query = update.callback_query
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
    try:
        project = await read(repo_of(context).entry, entry_id)
    except DomainError:
        return False
    if project.data.get("stage") != str(to):  # not moved there (or moved on since)
        return False
    await tell_stage(update, context, project, to)
    if update.callback_query is not None and context.user_data is not None:
        context.user_data.pop(field_note.KEY, None)  # the note is stored: spent
    return True
