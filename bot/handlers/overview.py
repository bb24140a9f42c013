"""/overview: each of the caller's areas at a glance (every area for an admin: the
street office; a supervisor's own areas, read as the daily summary is), for a Monday
morning: how many entries wait for approval, the
open reports with the oldest one's wait and how many have had no progress for a
week, every vote under way with its participation against the two thirds of
Civil Code art. 278, and the latest ledger line. The daily summary
(``bot.handlers.reminders``) goes to each area's volunteers and names only the
votes closing within three days; this is asked for, and covers them all.

Counts only, no names: what the public site shows, plus the queue's size.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.money import format_fen
from db.people import is_admin, supervisor_areas, volunteer_areas

from ..commands import Audience, Command
from ..context import lang_of, person_of, read, reply, repo_of
from ..i18n import tr
from ..sending import split_message
from ..staff import require_staff, staff_areas
from .reminders import closing_lines

__all__ = ["COMMANDS", "overview_text"]


def overview_text(repo: Any, o: dict[str, Any], line: dict[str, Any] | None,
                  lang: str) -> str:
    """One area at a glance (``Repository.overview``; ``line``: its latest ledger line)."""
    out = [f"【{repo.street.area(o['area']).name}】"]
    if o["pending"]:
        out.append(tr(lang, "Waiting for approval: {n} ({late} of them more than a day), see "
                            "/pending", n=o["pending"], late=o["pending_late"]))
    else:
        out.append(tr(lang, "Nothing waits for approval."))
    if o["open_issues"]:
        out.append(tr(lang, "Open reports: {n}, the oldest waiting {days} days; {stale} without "
                            "progress for 7 days or more", n=o["open_issues"],
                      days=o["oldest_days"], stale=o["stale"]))
    else:
        out.append(tr(lang, "No open report."))
    if o["votes"]:
        out.append(tr(lang, "Votes under way: {n}", n=len(o["votes"])))
        for vote in o["votes"]:
            out += closing_lines(vote, lang)
    else:
        out.append(tr(lang, "No vote under way."))
    if line:
        fen = int(line["amount_fen"])
        said = {"seq": line["seq"], "date": line["published_at"],
                "amount": format_fen(abs(fen)), "purpose": line["purpose"] or ""}
        out.append(tr(lang, "Latest ledger line: No. {seq}, published {date} (income {amount}, "
                            "{purpose})", **said) if fen >= 0 else
                   tr(lang, "Latest ledger line: No. {seq}, published {date} (spent {amount}, "
                            "{purpose})", **said))
    else:
        out.append(tr(lang, "No ledger line yet."))
    return "\n".join(out)


def _overview(repo: Any, person_id: int, areas: list[str], lang: str) -> str:
    blocks = []
    for area in areas:
        tail = repo.ledger_tail(area, 1)
        blocks.append(overview_text(repo, repo.overview(person_id, area),
                                    tail[-1] if tail else None, lang))
    head = tr(lang, "📊 At a glance, {day}:", day=repo.clock().date().isoformat())
    return "\n\n".join([head, *blocks])


async def overview(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends each of the caller's areas at a glance."""
    person = await person_of(update, context)
    if not (volunteer_areas(person) or is_admin(person)) and supervisor_areas(person):
        areas = supervisor_areas(person)  # a supervisor reads their own areas
    else:
        if await require_staff(update, context) is None:
            return
        areas = await staff_areas(context, person)
    text = await read(_overview, repo_of(context), person["id"], areas, lang_of(context))
    for part in split_message(text):
        await reply(update, part)


COMMANDS = [
    Command("overview", "Each of your areas at a glance: waiting entries, open reports, votes "
            "under way, the latest ledger line", overview, audience=Audience.VOLUNTEER,
            order=19, supervisors=True),
]
