"""A volunteer's step on a report saved just before the bot stopped, its reporter not
told (and a reporter's "not fixed" confirmed, its volunteers not told: ``finish_reopen``).

/progress, /resolve and /close (typed, or a photo's caption) and a field note's
📝 Progress / ✅ Resolved buttons each store the step, then tell the reporter and the
neighbours following the report. When the bot dies in between (a crash, ``kill -9``, a
reboot), the update is handled again at the next start and the store says it wrote
already (``bot.state.Keeper``): nothing is written twice. Before, the volunteer was
told only "already saved, start again from the menu", and the reporter never heard
that her report was under way or fixed (nor got its "not fixed" button). ``finish_saved``
finds the step the update stored (this volunteer's, with its note, the newest) and tells
those not told yet (``bot.handlers.issue_work.tell_step``: each recorded just before
it leaves, so none is told twice; one whose message was on its way at the kill is not
told again), and the volunteer
what reached them, as the update would have.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Kind, Status

from ..context import entry_or_none, person_of, read, repo_of
from ..flows import SEAL, button_args
from ..keyboards import parse_ints
from . import field_note, reopen
from .called_ask import held_press, spend
from .issue_work import CAPTION, step_args, step_key, tell_step

__all__ = ["finish_saved", "finish_reopen"]

_TO = {"progress": Status.IN_PROGRESS, "resolve": Status.RESOLVED, "close": Status.CLOSED}


def _asked(update: Update, context: ContextTypes.DEFAULT_TYPE
           ) -> tuple[str, int, str, str | None] | None:
    """What step ``update`` asked for, if any: (action, report, note, close reason)."""
    query = update.callback_query
    held = held_press(update, context, "step")
    if held is not None:  # 照发 / 隐去 under a step's note held (called_ask)
        return str(held[1]["action"]), int(held[1]["id"]), held[2], held[1].get("reason")
    if query is not None:
        parts = (query.data or "").split(SEAL, 1)[0].split(":")
        d = (context.user_data or {}).get(field_note.KEY)
        action = field_note.ACTIONS.get(parts[1]) if len(parts) == 2 and \
            parts[0] == field_note.PREFIX else None
        if action is None or not isinstance(d, dict) or not d.get("issue"):
            return None
        return action, int(d["issue"]), str(d.get("note") or ""), None
    message = update.effective_message
    match = CAPTION.match((message.text or message.caption or "") if message else "")
    if match is None:
        return None
    action = match.group(1)
    entry_id, note, reason = step_args(update, action)
    if entry_id is None or not note:
        return None
    return action, entry_id, note, reason


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell the reporter and followers not yet told of the step ``update`` stored before
    the bot stopped, and the volunteer; whether it was such an update."""
    asked = _asked(update, context)
    if asked is None or update.effective_user is None:
        return False
    action, entry_id, note, reason = asked
    repo = repo_of(context)
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.kind != Kind.ISSUE:
        return False
    person = await person_of(update, context)
    # the newest step of this volunteer's with this note: a status event, or (progress
    # on a report already under way) a progress note
    event = next((i for i in range(len(entry.history) - 1, -1, -1)
                  if entry.history[i].get("by") == person["id"]
                  and entry.history[i].get("note") == note
                  and entry.history[i].get("to") == str(_TO[action])), None)
    added: Any = None
    if action == "progress":
        added = next((n for n in reversed(await read(
            repo.entries, area=entry.area, kind=Kind.PROGRESS_NOTE, author=person["id"],
            limit=5)) if n.data.get("issue") == entry.id and n.data.get("text") == note),
            None)
    held = held_press(update, context, "step")
    if added is not None and (event is None or
                              added.created >= str(entry.history[event].get("at"))):
        await tell_step(update, context, person, entry, "note", step_key(entry.id, added.id),
                        note, len(added.data.get("photos") or []), asked=held is not None)
    elif event is not None:
        await tell_step(update, context, person, entry, action,
                        step_key(entry.id, entry.id, event), note,
                        len(entry.history[event].get("photos") or []), reason,
                        asked=held is not None)
    else:
        return False
    if held is not None:  # the held note is sent: spent
        spend(context, held[0])
    elif update.callback_query is not None and context.user_data is not None:
        context.user_data.pop(field_note.KEY, None)  # the note is stored: spent
    return True


async def finish_reopen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A reporter's "not fixed" confirmed (``mine:reopen_yes:<id>``) and saved before the
    bot stopped: the volunteers and followers not told yet are told now, and she as the
    press would have told her (it is not reopened again); whether it was such a press."""
    ids = parse_ints(button_args(update, reopen.PREFIX, reopen.YES, 1))
    if not ids or update.effective_user is None:
        return False
    entry = await entry_or_none(context, ids[0])
    if entry is None:
        return False
    person = await person_of(update, context)
    event = next((i for i in range(len(entry.history) - 1, -1, -1)
                  if entry.history[i].get("by") == person["id"]
                  and entry.history[i].get("to") == str(Status.REOPENED)), None)
    if entry.kind != Kind.ISSUE or event is None:
        return False
    await reopen.tell_reopened(update, context, person, entry, event)
    return True
