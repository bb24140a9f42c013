"""/notice [month]: the paper notice (公示单) of a volunteer's area for a month, sent
as its PDF to print for the bulletin board at the gate: the same file as ``steward
notice`` writes and the site's downloads hold (``site_builder.notice``). Last month by
default (the latest month that is over), and on a month's last day that month (as of
that day 出单时, as the site lists it); the month may be typed as /income reads
one (2025-9, 2025年9月, 九月: the latest September). A supervisor gets their areas' too.

The PDF is drawn by ``steward notice`` in a process of its own, reading the data
folder as a read-only snapshot beside the running bot: ReportLab and the embedded font
stay out of the bot's memory; the handler hands the drawing and the sending to a task of
its own (``bot.drawings``), so the volunteer's next message is not held behind it. A
volunteer of several areas chooses with buttons ``ntc:a:<i>:<YYYY-MM>``; the press is
checked again (the areas are the presser's own, the month well formed). /notice N
gives open vote N's notice (表决公告), and /notice alone offers the open votes' beside
the monthly one (``notice_votes``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.errors import NotFound
from db.fees import normalise_period
from db.played import month_end, site_today
from site_builder.notice_content import first_notice_month

from ..commands import Audience, Command
from ..context import lang_of, person_of, read, reply, repo_of, t
from ..drawings import draw_notice
from ..drawings_owed import redraws, sending, start_owed
from ..flows import answer, button_args, keyboard, refuse
from ..i18n import day_words, lazy, month_words
from ..staff import area_name, words
from .notice_votes import (
    OFFER,
    OFFER_ALONE,
    notice_areas,
    on_vote,
    open_votes,
    send_vote_notice,
    vote_number,
    vote_rows,
)

__all__ = ["COMMANDS", "HANDLERS", "last_month", "default_month"]

PREFIX = "ntc"
MONTH = re.compile(r"(\d{4})-?(0[1-9]|1[0-2])")


def last_month(today: date) -> str:
    """The latest month that is over, YYYY-MM."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def default_month(today: date) -> str:
    """The month /notice alone gives: last month; on a month's last day (the street's,
    China time) that month, as of that day 出单时, as the site's accounts page lists it.
    A volunteer putting up the month's notice on its last day got last month's again,
    the one already on the board since its first days."""
    return f"{today:%Y-%m}" if month_end(today.isoformat()) else last_month(today)


def _today(context: ContextTypes.DEFAULT_TYPE) -> date:
    """The day the notices are as of: the clock's; in a demo's folder (``db.played``) the
    day it was played to, as its site and ``steward notice`` take it (on the real clock,
    last month was after the demo's site ends, and /notice answered 公示单没能生成)."""
    return site_today(repo_of(context))


_areas = notice_areas  # the areas whose notice a person may have (notice_votes)


async def notice_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the notice of the caller's area for the month asked (or last month); with
    several areas, asks which."""
    person = await person_of(update, context)
    areas = await _areas(context, person)
    if not areas:
        await reply(update, t(context, "This is for volunteers and supervisors only; nothing "
                                       "was done. The paper notices are on the website, "
                                       "under each area's accounts."))
        return
    today = _today(context)
    said = " ".join(words(update))
    # a month as /income reads one: 2025-09, 2025-9, 2025年9月, 9月, 十一月, 上个月
    found = normalise_period(said, today) if said else None
    number = vote_number(said) if said and found is None else None
    if number is not None:  # /notice 498: an open vote's notice (表决公告)
        await send_vote_notice(update, context, areas, number)
        return
    if said and (found is None or len(found) != 7):
        await reply(update, t(context, "Usage: /notice YYYY-MM, e.g. /notice {example} (if "
                                       "none is given: last month, or this month on its last "
                                       "day).", example=last_month(today)))
        return
    month = found or default_month(today)
    if await _not_begun(update, context, month):
        return
    votes = [] if said else await open_votes(context, areas)  # offered beside it
    if len(areas) == 1:  # the votes beside the monthly notice only when there is one
        await _send(update, context, areas[0], month, votes)
        return
    names = [await area_name(context, a) for a in areas]
    # the monthly notice of the area pressed may not be: no word of putting them beside it
    offer = "\n\n" + t(context, OFFER_ALONE) if votes else ""
    await reply(update, t(context, "The notice of which area, for {month}?",
                          month=month_words(lang_of(context), month)) + offer,
                reply_markup=InlineKeyboardMarkup([
                    *keyboard([(n, f"{PREFIX}:a:{i}:{month}")
                               for i, n in enumerate(names)]).inline_keyboard,
                    *keyboard(vote_rows(context, votes), columns=1).inline_keyboard]))


async def _not_begun(update: Update, context: ContextTypes.DEFAULT_TYPE, month: str) -> bool:
    """Whether ``month`` (YYYY-MM) has not begun yet; if so, says it."""
    today = _today(context)
    if month <= f"{today.year}-{today.month:02d}":
        return False
    await reply(update, t(context, "{month} has not begun yet; nothing was done.",
                          month=month_words(lang_of(context), month)))
    return True


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the notice of the area pressed (if still one of the presser's)."""
    await answer(update)
    args = button_args(update, PREFIX, "a", 2)
    person = await person_of(update, context)
    areas = await _areas(context, person)
    if args is None or not args[0].isdigit() or int(args[0]) >= len(areas) or \
            MONTH.fullmatch(args[1]) is None or "-" not in args[1]:
        await refuse(update, context)
        return
    if await _not_begun(update, context, args[1]):  # a button names no such month: forged
        return
    await _send(update, context, areas[int(args[0])], args[1])


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                month: str, votes: list[Any] | None = None) -> None:
    """Says the notice is being drawn and hands its drawing and sending to a task of
    its own (``bot.drawings``: the asker's next message is not held behind it), then the
    open ``votes``' notices offered; or says why there is none (no accounts yet, a month
    before them), with the votes offered alone."""
    name = await area_name(context, area)
    said = month_words(lang_of(context), month)  # 2026年11月, November 2026: not 2026-11
    try:
        first = first_notice_month(await read(repo_of(context).line, area, 1))
    except NotFound:
        await reply(update, t(context, "{area} has no line in its accounts yet, so no notice "
                                       "yet; nothing was done.", area=name))
        await _offer(update, context, votes, False)
        return
    if month < first:  # its QR code would lead to a row the site does not have
        await reply(update, t(context, "{area} has no notice for {month}: its accounts begin "
                                       "in {first}, the month of its first notice (/notice "
                                       "{command}). Nothing was done.", area=name, month=said,
                              first=month_words(lang_of(context), first), command=first))
        await _offer(update, context, votes, False)
        return
    await reply(update, t(context, "Drawing the notice of {area} for {month}…", area=name,
                          month=said))

    async def failed() -> None:
        await reply(update, t(context, "The notice could not be drawn: {problem}", problem="—"))

    # noted as owed with this step: a stop before it is sent draws it again at the start
    start_owed(update, context, "month", [area, month],
               _draw_and_send(update, context, area, month, votes), failed)


@redraws("month")
async def _redraw(update: Update, context: Any, args: list[Any]) -> None:
    """At a restart: drawn again if she may still have it (a role taken meanwhile: not)."""
    area = str(args[0])
    if area not in await _areas(context, await person_of(update, context)):
        raise PermissionError(area)  # told it was not made (drawings_owed.NOT_MADE)
    await _draw_and_send(update, context, area, str(args[1]), None)


async def _offer(update: Update, context: ContextTypes.DEFAULT_TYPE, votes: list[Any] | None,
                 sent: bool) -> None:
    """The open votes' notices offered, beside the monthly one if it was ``sent``."""
    if votes:
        await reply(update, t(context, OFFER if sent else OFFER_ALONE),
                    reply_markup=keyboard(vote_rows(context, votes), columns=1))


async def _draw_and_send(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                         month: str, votes: list[Any] | None) -> None:
    """Draws the notice in a process of its own and sends it as a document, then offers
    the open ``votes``' notices (beside it, or alone if it was not sent)."""
    name = await area_name(context, area)
    said = month_words(lang_of(context), month)
    pdf, problem, first, head_changed = await _draw(Path(repo_of(context).store.root), area,
                                                    month)
    chat = update.effective_chat
    if pdf is None or chat is None:
        await reply(update, t(context, "The notice could not be drawn: {problem}",
                              problem=problem or "—"))
        await _offer(update, context, votes, False)
        return
    caption = _caption(context, name, month, said)
    if first and head_changed not in ("", "?"):  # lines of the month lost in a restore
        caption += "\n" + t(context, LOST_IN_RESTORE, first=first, lines=head_changed)
    elif first:  # its top says what changed since the one first made (maybe on the board)
        caption += "\n" + t(context, HEAD_CHANGED if head_changed else REPRINTED, first=first)
    await sending()  # a stop from here on: said at the restart (drawings_owed)
    try:
        await context.bot.send_document(
            chat.id, pdf, filename=f"notice-{area}-{month}.pdf", caption=caption)
    except TelegramError:
        await reply(update, t(context, "Sorry, the file could not be sent. Please try again "
                                       "later."))
        await _offer(update, context, votes, False)
        return
    await _offer(update, context, votes, True)


def _caption(context: ContextTypes.DEFAULT_TYPE, name: str, month: str, said: str) -> str:
    today = _today(context)
    day = day_words(lang_of(context), today)
    if month >= f"{today:%Y-%m}" and month_end(today.isoformat()):  # its last day
        return t(context, "The paper notice of {area} for {month}, as of now on {day}, its "
                          "last day (a line published later today is not on it): print it on "
                          "A4 for the bulletin board.", area=name, month=said, day=day)
    if month >= f"{today:%Y-%m}":  # the month still running: its notice is as of today
        return t(context, "The paper notice of {area} for {month} (the month is not over: "
                          "as of {day}, lines published later are not on it): print it on "
                          "A4 for the bulletin board, and once the month is over send "
                          "/notice again (it gives last month's) to print the whole "
                          "month's.", area=name, month=said, day=day)
    return t(context, "The paper notice of {area} for {month}: print it on A4 for the "
                      "bulletin board.", area=name, month=said)


REPRINTED = lazy("Some of it changed since this notice was first made, on {first}: its top "
                 "says what. If the one on the board was printed before, replace it.")
# A reprint whose month's head changed (lines of the month lost since it was first made:
# a restore of an older backup): the one on the board is the record of what was posted,
# and is not to be replaced.
HEAD_CHANGED = lazy("This month's accounts changed since this notice was first made, on "
                    "{first}: its chain head differs from the one printed then (lines of the "
                    "month lost or rewritten, e.g. data restored from an older backup). Keep "
                    "the one on the board up, put this one beside it, and tell the street "
                    "office.")
# A reprint whose month's head changed because lines of the month were lost in a restore
# since (``site_builder.notice_restore.reprint_lost``): said plainly, with their numbers.
LOST_IN_RESTORE = lazy("Since this notice was first made, on {first}, line(s) {lines} of the "
                       "month were lost in a restore of an older backup: they now read 'lost "
                       "in a restore' (its top says so), so its chain head differs from the "
                       "one printed then; the accounts were not rewritten. Keep the one on "
                       "the board up and put this one beside it.")
# what ``steward notice`` says of a reprint (cli.site.notice): the day it was first made,
# and whether the month's head changed (and its lines lost in a restore)
_REPRINT = re.compile(r"^重印：与 (\d{4}-\d{2}-\d{2}) 首次生成", re.M)
_HEAD_CHANGED = re.compile(r"^重印：本月的账本链头与首次生成时不同", re.M)
_LOST = re.compile(r"^重印：本月的账本链头与首次生成时不同：本月的第 ([\d、]+) 笔"
                   r"后来在恢复备份时遗失", re.M)


async def _draw(data: Path, area: str, month: str) -> tuple[bytes | None, str, str, str]:
    """``steward notice`` in a child process (``drawings.draw_notice``): the PDF, or
    None and what it said; the day the notice was first made when it says some of it
    changed since, and whether its month's chain head did: "" (not), its lines lost in
    a restore ("9、10"), or "?" (for another reason)."""
    pdf, problem, text = await draw_notice(area, "--month", month, "--data", str(data))
    if pdf is None:
        return None, problem, "", ""
    first = _REPRINT.search(text)
    lost = _LOST.search(text)
    head = (lost.group(1) if lost else "?") if first and _HEAD_CHANGED.search(text) else ""
    return pdf, "", first.group(1) if first else "", head


COMMANDS = [
    Command("notice", "Get the paper notice (公示单) of your area as a PDF to print: /notice "
                      "[YYYY-MM]; an open vote's (表决公告): /notice N", notice_command,
            audience=Audience.VOLUNTEER, order=64,
            supervisors=True),
]


async def on_vote_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends an open vote's notice (``ntc:v:<id>``) to whoever may have the monthly one."""
    await answer(update)
    await on_vote(update, context, await _areas(context, await person_of(update, context)))


HANDLERS = [CallbackQueryHandler(on_area, pattern=f"^{PREFIX}:a:"),
            CallbackQueryHandler(on_vote_pressed, pattern=f"^{PREFIX}:v:")]
