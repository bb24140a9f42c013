"""/overview: each of the caller's areas at a glance (every area for an admin: the
street office; a supervisor's own areas, read as the daily summary is), for a Monday
morning: how many entries wait for approval, the
open reports with the oldest one's wait and how many have had no progress for a
week, every vote under way with its participation against the two thirds of
Civil Code art. 278, and the latest ledger line. The daily summary
(``bot.handlers.reminders``) goes to each area's volunteers and names only the
votes closing within three days; this is asked for, and covers them all.

From ``COMPACT_FROM`` areas on (a street office over a whole street), one line
each, the areas with the most work first (entries waiting over a day, reports
without progress for a week, votes closing soon) and those with nothing to do
named together at the end, under the street's totals, with a button for the
details of each area that needs work; ``/overview 区域名`` (or a compound's name)
shows one area's details. Fifty areas in full were two messages of 150 lines
each on a phone.

Counts only, no names: what the public site shows, plus the queue's size.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.money import format_fen
from db.people import is_admin, supervisor_areas, volunteer_areas
from db.reminders import CLOSING_DAYS

from ..commands import Audience, Command
from ..context import lang_of, person_of, read, reply, repo_of
from ..flows import answer, refuse
from ..i18n import listing, tr
from ..keyboards import button
from ..staff import LONG_LIST, area_named, require_staff, staff_areas
from .reminders import closing_lines

__all__ = ["COMMANDS", "HANDLERS", "overview_text", "COMPACT_FROM", "PREFIX"]

COMPACT_FROM = LONG_LIST  # areas: from this many, one line each (details a button away)
BUTTONS = 8  # details buttons under the compact view: the areas with the most work
PREFIX = "ov"  # ov:<area id>: one area's details


def overview_text(repo: Any, o: dict[str, Any], line: dict[str, Any] | None,
                  lang: str, pending: str = "/pending") -> str:
    """One area at a glance (``Repository.overview``; ``line``: its latest ledger line;
    ``pending``: the command that lists what waits there)."""
    out = [f"【{repo.street.area(o['area']).name}】"]
    own = o["own"]  # recorded by the caller: another volunteer approves them
    if o["pending"]:
        out.append(tr(lang, "Waiting for approval: {n} ({late} of them more than a day), see "
                            "{command}", n=o["pending"], late=o["pending_late"],
                      command=pending)
                   if o["pending_late"] else
                   tr(lang, "Waiting for approval: {n}, see {command}", n=o["pending"],
                      command=pending))
    elif not own:
        out.append(tr(lang, "Nothing waits for approval."))
    if own:  # they were counted here, and /pending then said nothing waited for them
        out.append(tr(lang, "{n} recorded by you wait for another volunteer's approval",
                      n=own))
    if o["open_issues"]:
        out.append(tr(lang, "Open reports: {n}, the oldest waiting {days} days; {stale} without "
                            "progress for 7 days or more ({numbers})", n=o["open_issues"],
                      days=o["oldest_days"], stale=o["stale"],
                      numbers=_numbers(lang, o.get("stale_ids") or []))
                   if o["stale"] else
                   tr(lang, "Open reports: {n}, the oldest waiting {days} days",
                      n=o["open_issues"], days=o["oldest_days"]))
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


SHOWN_IDS = 5  # report numbers named after "without progress"


def _numbers(lang: str, ids: list[int]) -> str:
    """"#148、#151": which reports have had no progress, to follow up (it gave only how
    many); from ``SHOWN_IDS`` on, the first of them and "…"."""
    shown = listing(lang, (f"#{i}" for i in ids[:SHOWN_IDS]))
    return shown + ("…" if len(ids) > SHOWN_IDS else "")


def _closing_soon(o: dict[str, Any]) -> int:
    today = date.fromisoformat(o["day"])
    return sum(1 for v in o["votes"]
               if (date.fromisoformat(v["deadline"]) - today).days <= CLOSING_DAYS)


def _urgency(o: dict[str, Any]) -> tuple[int, int]:
    """What needs doing first: entries waiting over a day, reports without progress for
    a week and votes closing soon; then everything open."""
    return (o["pending_late"] + o["stale"] + _closing_soon(o),
            o["pending"] + o["open_issues"] + len(o["votes"]))


def _order(o: dict[str, Any]) -> tuple[int, int, int]:
    """Most urgent first; between equals, the one whose oldest report waited longest."""
    first, then = _urgency(o)
    return (-first, -then, -(o["oldest_days"] or 0))


def compact_line(name: str, o: dict[str, Any], lang: str) -> str:
    """One area in a line: only what is there to do."""
    parts = []
    if o["pending"]:
        parts.append(tr(lang, "{n} waiting ({late} over a day)", n=o["pending"],
                        late=o["pending_late"]) if o["pending_late"] else
                     tr(lang, "{n} waiting", n=o["pending"]))
    if o["open_issues"]:
        parts.append(tr(lang, "{n} open reports ({stale} without progress for 7 days, the "
                              "oldest {days} days)", n=o["open_issues"], stale=o["stale"],
                        days=o["oldest_days"]))
    if o["votes"]:
        parts.append(tr(lang, "{n} votes under way ({soon} closing within {days} days)",
                        n=len(o["votes"]), soon=_closing_soon(o), days=CLOSING_DAYS))
    return tr(lang, "{area}: {what}", area=name, what=" · ".join(parts))


def _compact(repo: Any, person_id: int, areas: list[str], lang: str
             ) -> tuple[str, list[tuple[str, str]]]:
    """The street at a glance, one line an area, and the areas to show buttons for."""
    seen = [(repo.street.area(a).name, repo.overview(person_id, a)) for a in areas]
    busy = sorted((x for x in seen if _urgency(x[1]) != (0, 0)),
                  key=lambda x: _order(x[1]))
    calm = [name for name, o in seen if _urgency(o) == (0, 0)]
    total = {k: sum(o[k] for _, o in seen)
             for k in ("pending", "pending_late", "open_issues", "stale")}
    votes = sum(len(o["votes"]) for _, o in seen)
    out = [tr(lang, "📊 At a glance, {day}: {n} areas", day=repo.clock().date().isoformat(),
              n=len(areas)),
           tr(lang, "In all: {pending} waiting for approval ({late} over a day); {issues} open "
                    "reports ({stale} without progress for 7 days); {votes} votes under way.",
              pending=total["pending"], late=total["pending_late"],
              issues=total["open_issues"], stale=total["stale"], votes=votes)]
    if busy:
        out += ["", tr(lang, "Areas with work, the most urgent first:")]
        out += [f"{i}. {compact_line(name, o, lang)}" for i, (name, o) in enumerate(busy, 1)]
    if calm:
        out += ["", tr(lang, "Nothing to do ({n}): {areas}", n=len(calm),
                       areas=listing(lang, calm))]
    example = busy[0][0] if busy else seen[0][0]
    out += ["", tr(lang, "For an area's votes and latest ledger line, press its button or send "
                         "/overview followed by its name, e.g. /overview {area}", area=example)]
    chosen = [(name, o["area"]) for name, o in busy
              if len(f"{PREFIX}:{o['area']}".encode()) <= 64][:BUTTONS]
    return "\n".join(out), chosen


def _overview(repo: Any, person_id: int, areas: list[str], lang: str, *,
              one_of_many: bool = False) -> str:
    """``areas`` in full (``one_of_many``: one area the caller picked among theirs, whose
    queue is then /pending with its name)."""
    blocks = []
    for area in areas:
        tail = repo.ledger_tail(area, 1)
        command = f"/pending {repo.street.area(area).name}" if one_of_many else "/pending"
        blocks.append(overview_text(repo, repo.overview(person_id, area),
                                    tail[-1] if tail else None, lang, command))
    head = tr(lang, "📊 At a glance, {day}:", day=repo.clock().date().isoformat())
    return "\n\n".join([head, *blocks])


async def _areas(update: Update, context: ContextTypes.DEFAULT_TYPE
                 ) -> tuple[dict[str, Any], list[str]] | None:
    """The caller and the areas they may overview (None: refused, and told so)."""
    person = await person_of(update, context)
    if not (volunteer_areas(person) or is_admin(person)) and supervisor_areas(person):
        return person, supervisor_areas(person)  # a supervisor reads their own areas
    if await require_staff(update, context) is None:
        return None
    return person, await staff_areas(context, person)


async def overview(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends each of the caller's areas at a glance (one line each from COMPACT_FROM
    areas), or, named after the command, one area's details."""
    found = await _areas(update, context)
    if found is None:
        return
    person, areas = found
    repo, lang = repo_of(context), lang_of(context)
    area = await area_named(update, context, areas)
    if area is None:  # not one of theirs: told
        return
    if area:
        await reply(update, await read(_overview, repo, person["id"], [area], lang,
                                       one_of_many=len(areas) > 1))
        return
    if len(areas) < COMPACT_FROM:
        await reply(update, await read(_overview, repo, person["id"], areas, lang))
        return
    text, chosen = await read(_compact, repo, person["id"], areas, lang)
    markup = InlineKeyboardMarkup(
        [[button(tr(lang, "Details: {area}", area=name), f"{PREFIX}:{area}")]
         for name, area in chosen]) if chosen else None
    await reply(update, text, reply_markup=markup)


async def on_area_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``ov:<area>`` under the compact view: that area's details, for one who may see it
    (checked again: the button's data can be forged)."""
    await answer(update)
    query = update.callback_query
    area = (query.data or "").split(":", 1)[1] if query is not None else ""
    found = await _areas(update, context)
    if found is None:
        return
    person, areas = found
    if area not in areas:
        await refuse(update, context)
        return
    await reply(update, await read(_overview, repo_of(context), person["id"], [area],
                                   lang_of(context), one_of_many=len(areas) > 1))


COMMANDS = [
    Command("overview", "Each of your areas at a glance: waiting entries, open reports, votes "
            "under way, the latest ledger line", overview, audience=Audience.VOLUNTEER,
            order=19, supervisors=True),
]
HANDLERS = [CallbackQueryHandler(on_area_button, pattern=f"^{PREFIX}:")]
