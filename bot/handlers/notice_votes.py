"""/notice N: the paper notice (表决公告) of open vote or election N of a volunteer's area,
sent as its PDF to print (a volunteer in the field prints at a copy shop from her phone);
/notice alone offers each open vote's notice with a button (``ntc:v:<id>``) beside the
monthly one. Before, only the site's votes page and ``steward notice AREA --vote N``
gave it.

The PDF is the one ``steward notice AREA --vote N`` writes, drawn in a process of its own
as the monthly notice is (``bulletin._draw``): the font (some 48 MB) and ReportLab stay out
of the bot, and the drawing runs beside the conversation (``bot.drawings``). That process
takes the site's own PDF when the site's last build drew it from the same content
(``site_builder.notice.kept_pdf``).
Every press is checked again: the vote is still open and of one of the presser's areas.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Entry, Kind, Status
from db.errors import NotFound
from db.people import is_admin, supervisor_areas, volunteer_areas
from db.played import site_today

from ..context import lang_of, person_of, read, reply, repo_of, settings_of, t
from ..drawings import draw_notice
from ..drawings_owed import redraws, sending, start_owed
from ..flows import button_args, refuse, short
from ..group_post import shown_words
from ..i18n import lazy, tr
from ..staff import area_name, staff_areas

__all__ = ["notice_areas", "vote_number", "open_votes", "vote_rows", "send_vote_notice",
           "on_vote", "OFFER", "OFFER_ALONE"]

PREFIX = "ntc"
MOST = 8  # vote buttons offered under /notice
_NUMBER = re.compile(r"[#№]?\s*(\d{1,9})\s*号?")


def vote_number(said: str) -> int | None:
    """The vote's number in what followed /notice (498, #498, ＃498, 498号), or None."""
    found = _NUMBER.fullmatch(unicodedata.normalize("NFKC", said).strip())
    return int(found.group(1)) if found else None


def _open(entry: Entry, today: date) -> bool:
    """Open, its deadline not past (the site's ``printable``: past it, it waits to be
    counted and gets no notice)."""
    deadline = str(entry.data.get("deadline") or "")[:10]
    return entry.status == Status.OPEN and not (deadline and deadline < today.isoformat())


async def open_votes(context: ContextTypes.DEFAULT_TYPE, areas: list[str]) -> list[Entry]:
    """The open votes and elections of ``areas`` that have a notice."""
    repo = repo_of(context)
    today = site_today(repo)
    found: list[Entry] = []
    for area in areas:
        found += [e for e in await read(repo.entries, area=area, kind=Kind.PROPOSAL,
                                        status=Status.OPEN) if _open(e, today)]
    return sorted(found, key=lambda e: e.id)[-MOST:]


def _kind(lang: str, entry: Entry) -> str:
    return tr(lang, ELECTION if is_election(entry.data) else PROPOSAL)


def vote_rows(context: ContextTypes.DEFAULT_TYPE, votes: list[Entry]) -> list[tuple[str, str]]:
    """A button per open vote's notice: its kind, number and title as the site shows it
    (phones and rooms masked: the chat may be a group)."""
    repo, lang = repo_of(context), lang_of(context)
    return [(t(context, BUTTON, kind=_kind(lang, e), id=e.id, title=short(
        shown_words(repo, e.area, e.data.get("title")), 16)), f"{PREFIX}:v:{e.id}")
            for e in votes]


async def send_vote_notice(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           areas: list[str], number: int) -> None:
    """Sends the notice of vote ``number`` if it is open and of one of ``areas``; else
    says why not."""
    repo = repo_of(context)
    try:
        entry: Entry | None = await read(repo.entry, number)
    except NotFound:
        entry = None
    if entry is None or entry.kind != Kind.PROPOSAL:
        await reply(update, t(context, NO_VOTE, id=number))
        return
    name = await area_name(context, entry.area)
    kind = _kind(lang_of(context), entry)
    if entry.area not in areas:
        await reply(update, t(context, OTHER_AREA, kind=kind, id=number, area=name))
        return
    if not _open(entry, site_today(repo)):
        await reply(update, t(context, NOT_OPEN, kind=kind, id=number))
        return
    await reply(update, t(context, DRAWING, kind=kind, id=number))

    async def failed() -> None:
        await reply(update, t(context, NOT_DRAWN, kind=kind, id=number, problem="—"))

    # drawn beside the conversation: the asker's next message is not held (bot.drawings);
    # noted as owed with this step: a stop before it is sent draws it again at the start
    start_owed(update, context, "vote", [number],
               _draw_and_send(update, context, entry, name, kind), failed)


async def notice_areas(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> list[str]:
    """The areas whose notice ``person`` may have: as a volunteer (every one for an
    admin), and as a supervisor."""
    own = await staff_areas(context, person) if volunteer_areas(person) or \
        is_admin(person) else []
    return [*own, *(a for a in supervisor_areas(person) if a not in own)]


@redraws("vote")
async def _redraw(update: Update, context: Any, args: list[Any]) -> None:
    entry: Entry = await read(repo_of(context).entry, int(args[0]))
    if entry.area not in await notice_areas(context, await person_of(update, context)):
        raise PermissionError(entry.area)  # told it was not made (drawings_owed.NOT_MADE)
    await _draw_and_send(update, context, entry, await area_name(context, entry.area),
                         _kind(lang_of(context), entry))


async def _draw_and_send(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                         name: str, kind: str) -> None:
    """Draws vote ``entry``'s notice in a process of its own and sends it."""
    repo, number = repo_of(context), entry.id
    project = settings_of(context).project_dir or Path.cwd()  # as the publisher builds it
    pdf, problem = await _draw(Path(repo.store.root), entry.area, number, Path(project))
    chat = update.effective_chat
    if pdf is None or chat is None:
        await reply(update, t(context, NOT_DRAWN, kind=kind, id=number, problem=problem or "—"))
        return
    deadline = str(entry.data.get("deadline") or "")[:10]
    await sending()  # a stop from here on: said at the restart (drawings_owed)
    try:
        await context.bot.send_document(
            chat.id, pdf, filename=f"vote-{entry.area}-{number}.pdf",
            caption=t(context, CAPTION, kind=kind, id=number, area=name, deadline=deadline))
    except TelegramError:
        await reply(update, t(context, "Sorry, the file could not be sent. Please try again "
                                       "later."))


async def on_vote(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  areas: list[str]) -> None:
    """``ntc:v:<id>`` pressed (answered by the caller): the vote's notice, checked again
    (``send_vote_notice``)."""
    args = button_args(update, PREFIX, "v", 1)
    if args is None or not args[0].isascii() or not args[0].isdigit() or len(args[0]) > 9:
        await refuse(update, context)
        return
    await send_vote_notice(update, context, areas, int(args[0]))


async def _draw(data: Path, area: str, number: int, project: Path) -> tuple[bytes | None, str]:
    """``steward notice AREA --vote N`` in a child process (``drawings.draw_notice``):
    the PDF, or None and what it said."""
    pdf, problem, _said = await draw_notice(area, "--vote", str(number), "--data", str(data),
                                            "--project", str(project))
    return pdf, problem


PROPOSAL = lazy("proposal")
ELECTION = lazy("election")
BUTTON = lazy("📄 Notice of {kind} #{id} {title}")
OFFER = lazy("Open votes have a notice (表决公告) of their own to put up beside it: press one "
             "to get its PDF (or send /notice and the number, e.g. /notice 498).")
# without a monthly notice to stand beside (an area with no accounts yet, as a new one
# electing its first committee; a month before them), or before the area is chosen
OFFER_ALONE = lazy("Open votes have a notice (表决公告) of their own to put up on the bulletin "
                   "board: press one to get its PDF (or send /notice and the number, e.g. "
                   "/notice 498).")
NO_VOTE = lazy("There is no vote or election #{id}; nothing was sent. Send /notice alone to "
               "see the open ones' notices.")
OTHER_AREA = lazy("{kind} #{id} is a vote of {area}, not of an area of yours: you can get the "
                  "notices of your own area's votes only. Nothing was sent.")
NOT_OPEN = lazy("Voting on {kind} #{id} is over (or it was withdrawn): a vote's notice (表决公告) "
                "is only for a vote still open. Its result is on the site's votes page. "
                "Nothing was sent.")
NOT_DRAWN = lazy("The notice (表决公告) of {kind} #{id} could not be made: {problem}")
DRAWING = lazy("Getting the notice (表决公告) of {kind} #{id}…")
CAPTION = lazy("The notice (表决公告) of {kind} #{id} of {area}, open until the end of "
               "{deadline}: print it on A4 for the bulletin board. Its turnout is as of now; "
               "send /notice {id} again for a fresh one later.")
