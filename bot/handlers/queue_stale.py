"""待审核（5） pressed after other volunteers decided some of those five.

A reply keyboard changes only with a message that carries it, so the count on a
volunteer's 待审核 button stays as it was when the bot last wrote to her: another
volunteer approving three of her five meanwhile leaves 待审核（5） under her typing
field (telling every volunteer of every decision would be a message each time). Her
press brings the right count (``queue_list.pending`` sends her menu again), but the
answer read 共有 2 条待审核 (or 目前没有待审核的内容) under a button that said 5, and
she was left to wonder where three went. Now the answer says the number on her button
was counted earlier, and which of her areas' entries other volunteers dealt with
lately, by whom: #532 已受理（物管会委员乙 周桂兰）. (Her own ✅ presses lower it too:
only the last one brings her menu, ``verdict.approved_pressed``; so the first line claims
nobody, and the list names others only.)

Only in her private chat (names of volunteers are said there, ``decided.names_here``),
only for a press of the button with a count higher than what waits now; a resident's
withdrawal is not named (volunteers are).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Entry, Status
from db.people import is_admin, is_volunteer_of

from ..context import read, repo_of, status_word, t
from ..i18n import lazy
from .decided import decision_of, who_of

__all__ = ["shown_count", "stale_note"]

_COUNT = re.compile(r"[(（](\d{1,2})\+?[)）]\s*$")
RECENT = timedelta(days=3)  # decisions named: made this lately
NAMED = 5  # at most this many named
READ = 300  # the newest entries of an area looked at

STALE = lazy("The number on your button ({shown}) was counted earlier; the button shows "
             "what waits now.")
LATELY = lazy("Dealt with lately by others:")
DEALT = lazy("#{id} {status} ({who})")


def shown_count(update: Update) -> int | None:
    """The count on the 待审核 button pressed (待审核（5） -> 5, 99+ -> 99); None for a
    button without one, or a message that is no press of it."""
    message = update.effective_message
    match = _COUNT.search((message.text or "") if message is not None else "")
    return int(match.group(1)) if match else None


def _dealt_lately(repo: Any, person_id: int, areas: list[str], most: int
                  ) -> list[tuple[Entry, dict[str, Any]]]:
    """Entries of ``areas`` taken out of the queue within ``RECENT`` by a volunteer (or
    admin) other than ``person_id``, the latest first, with who did it: at most
    ``most``. A read of the store."""
    since = repo.clock() - RECENT
    found: list[tuple[datetime, Entry, dict[str, Any]]] = []
    for area in areas:
        for entry in repo.entries(area=area, limit=READ):
            if entry.status == Status.PENDING:
                continue
            event = decision_of(entry)
            by = event.get("by")
            if by is None or by == person_id:
                continue
            try:
                at = datetime.fromisoformat(str(event.get("at")))
            except ValueError:
                continue
            if at.tzinfo is None or since.tzinfo is None:
                at, since_at = at.replace(tzinfo=None), since.replace(tzinfo=None)
            else:
                since_at = since
            if at < since_at:
                continue
            actor = repo.person(by)
            if actor is None or not (is_volunteer_of(actor, area) or is_admin(actor)):
                continue
            found.append((at, entry, actor))
    found.sort(key=lambda f: (f[0], f[1].id), reverse=True)
    return [(entry, actor) for _, entry, actor in found[:most]]


async def stale_note(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any], areas: list[str], shown: int | None,
                     waiting: int) -> str:
    """What to add to the answer of a 待审核 press whose count ``shown`` is higher than
    ``waiting`` now ("" otherwise, and in a group)."""
    chat = update.effective_chat
    if shown is None or shown <= waiting or chat is None or chat.type != chat.PRIVATE:
        return ""
    repo = repo_of(context)
    dealt = await read(_dealt_lately, repo, person["id"], areas, min(NAMED, shown - waiting))
    lines = [t(context, STALE, shown=shown)]
    if dealt:
        lines.append(t(context, LATELY))
        lines += [t(context, DEALT, id=entry.id,
                    status=status_word(context, entry.kind, entry.status),
                    who=who_of(actor, entry.area)) for entry, actor in dealt]
    return "\n".join(lines)
