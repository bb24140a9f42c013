"""A volunteer's row of the menu (``bot.menu.staff_menu``): 待审核（3）, 报事处理, 记账.

待审核 is /pending. 报事处理 lists the open reports of the volunteer's areas, oldest
first, with how long each has waited, and says how a step is recorded on site (a
photo captioned "148 已修好", or the line alone: ``bot.handlers.field_note`` asks
whether it is progress or resolved); then the projects not done yet, whose photos
go the same way ("489 已开工": the stage is asked). The list holds ``SHOWN`` reports;
an area with more has a button to its own list, a page at a time (``report_page``,
``wk:a:<area index>:<page>``, the role and area checked again). 记账 offers the two
money records a volunteer makes, a fee collected (/income) and an expense with its
receipt (/expense), as buttons, and who has not paid yet (/unpaid: the doors to knock
on) where /unpaid alone knows the fee (the area's only one).

Each press checks the role again (``require_staff``): a former volunteer's keyboard,
still on her phone, does nothing and is replaced by the residents' menu.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from db import labels, voice
from db.core import CHINA_TZ
from db.entries import Entry, Kind, Status, first_at
from db.people import is_admin, supervisor_areas, volunteer_areas

from ..context import lang_of, person_of, read, reply, repo_of, status_word, t, word
from ..describe import QUEUE_PREFIX
from ..flows import answer, index_of, refuse, short
from ..i18n import lazy, listing
from ..keyboards import button, go_data
from ..menu import (
    MONEY_WORK,
    PENDING,
    REPORT_WORK,
    SUPERVISED,
    menu_of,
    shown_waiting,
    staff_filter,
)
from ..sender_line import reads_names
from ..staff import area_name, require_staff, staff_areas, was_volunteer
from ..voice_words import entry_words
from .field_note import NO_NUMBER_PROJECT
from .hide_names import ANY_REPORT
from .queue_list import pending
from .stage import open_projects, projects_of
from .unpaid import fee_now

__all__ = ["HANDLERS", "pending_pressed", "report_work", "report_page", "money_work",
           "count_again"]

SHOWN = 15  # open reports listed by one press

NO_OPEN = lazy("No open reports in {areas}: nothing to follow up on site.")
LISTED = lazy("Open reports of {area} ({n}), the longest waiting first:")
HOW = lazy("On site: take a photo and write the report's number and what you found as its "
           "caption, e.g. \"{id} 已联系维修师傅\" or \"{id} 已修好\" (without a photo, send the "
           "line alone). I will ask whether it is progress, resolved, a duplicate or needs "
           "nothing done, and tell the reporter.")
# Before 报事处理's list or 记账's buttons (their own inline rows: a message has one keyboard),
# when the 待审核 count on her menu is not what waits now: the menu again, with a line.
WAITING_NOW = lazy("{n} waiting for your approval now: press \"To approve\" in the menu "
                   "below.")
NONE_WAITING = lazy("Nothing is waiting for your approval now.")
MONEY_ASK = lazy("What do you want to record? A fee collected door to door, or money spent "
                 "(with a photo of the receipt). Another volunteer approves it before it is "
                 "published.")


def _days(issue: Entry, now: datetime) -> int:
    """Days an open report has waited, as /overview and the public site count them: from
    the day it was accepted to today, by the calendar in China (whole 24 hours from when
    it was sent said 604 here and 605 there the same morning)."""
    accepted = first_at(issue, str(Status.APPROVED)) or issue.created
    try:
        day = datetime.fromisoformat(accepted)
    except ValueError:
        return 0
    if day.tzinfo is not None:
        day = day.astimezone(CHINA_TZ)
    today = now.astimezone(CHINA_TZ) if now.tzinfo is not None else now
    return max(0, (today.date() - day.date()).days)


# The word typed by a resident who never had the role (记账 for her own fee, say): where
# her own button is, not "for volunteers only, ask the secretary to add you".
NOT_YOURS = {
    PENDING: lazy("\"To approve\" is a volunteers' button. To see how far what you sent "
                  "has got, press \"Mine\" in the menu."),
    REPORT_WORK: lazy("\"Handle reports\" is a volunteers' button. To report a problem in "
                      "your compound, press \"Report\" in the menu; what you reported is "
                      "under \"Mine\"."),
    MONEY_WORK: lazy("\"Record money\" is a volunteers' button. To record a fee your "
                     "household paid, press \"Fee record\" in the menu; the compound's "
                     "accounts are under \"Accounts\"."),
}



WAITED = lazy("#{id} {text} — {status}, {days} days")
TODAY = lazy("#{id} {text} — {status}, reported today")

def _quiet(context: ContextTypes.DEFAULT_TYPE, entry: Entry, days: int | None) -> str:
    """", no progress yet" or ", no new progress for N days" after a report's line when
    it has had none for over a week (``db.reminders.STALE_DAYS``); "" otherwise."""
    if days is None:
        return ""
    if entry.status == Status.APPROVED:  # accepted, never a step since
        return t(context, ", no progress yet")
    return t(context, ", no new progress for {days} days", days=days)


async def _resident_typed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          label: str) -> bool:
    """Whether the sender never held a role (a resident typing 记账): if so, says where her
    own button is. A former volunteer (her old keyboard) and a supervisor are left to
    ``require_staff``, which says why not."""
    person = await person_of(update, context)
    if volunteer_areas(person) or is_admin(person) or supervisor_areas(person) or \
            await read(was_volunteer, repo_of(context), person["id"]):
        return False
    await reply(update, t(context, NOT_YOURS[label]), reply_markup=await menu_of(update, context))
    return True


async def pending_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """待审核: /pending of all the volunteer's areas (the label's words, "To approve (3)" in
    English, are not an area's name)."""
    if await _resident_typed(update, context, PENDING):
        return
    await pending(update, context, named=False)


async def report_work(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """报事处理: the open reports of the volunteer's areas and how to record a step."""
    if await _resident_typed(update, context, REPORT_WORK):
        return
    person = await require_staff(update, context)
    if person is None:
        return
    repo = repo_of(context)
    areas = await staff_areas(context, person)
    now = repo.clock()
    lines: list[str] = []
    shown = 0
    first = None
    rest: list[list[Any]] = []  # a button per area with reports left out of the list
    for i, area in enumerate(areas):
        found = await read(repo.open_issues, area)
        if not found:
            continue
        name = await area_name(context, area)
        lines.append(t(context, LISTED, area=name, n=len(found)))
        quiet = await read(repo.quiet_days, area)  # the ones to visit first, said so
        for entry in found[:max(0, SHOWN - shown)]:
            first = first or entry.id
            lines.append(_line(context, entry, now, quiet, _chat(update)))
        if len(found) > SHOWN - shown:
            left = len(found) - max(0, SHOWN - shown)
            lines.append(t(context, "…and {n} more.", n=left))
            # the rest within reach: a grid worker of three areas saw the first 15 of all
            # of them, and of her third area "…and 9 more" with no way to see them
            rest.append([button(t(context, NEXT_PAGE, n=min(SHOWN, len(found) - SHOWN))
                                if len(areas) == 1 else
                                t(context, AREA_ALL, area=name, n=len(found)),
                                f"{WORK_PREFIX}:a:{i}:{1 if len(areas) == 1 else 0}")])
        shown += len(found)
        lines.append("")
    projects = await projects_of(context, person)  # photographed on site the same way
    more = (await open_projects(context, person, projects)).strip()
    if projects:
        more += "\n" + t(context, NO_NUMBER_PROJECT, example=projects[0].id)
    if first is None:
        names = [await area_name(context, a) for a in areas]
        await reply(update, "\n\n".join(filter(None, [
            t(context, NO_OPEN, areas=listing(lang_of(context), names)), more])),
            reply_markup=await menu_of(update, context))  # made only when sent: noted
        return
    lines.append(t(context, HOW, id=first))
    if more:
        lines += ["", more]
    await count_again(update, context, person)
    # one row, not one per report (up to SHOWN): it asks for the number with the words
    # (bot.handlers.hide_names); the menu row stays on her phone from her press. Its label
    # says it is for one report of the list: 🙈 隐去名字… alone, under the list, read as
    # being about the whole list (a field walk)
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(
        [*rest, [button(t(context, HIDE_IN_ONE), f"{QUEUE_PREFIX}:h:{ANY_REPORT}")]]))


HIDE_IN_ONE = lazy("🙈 Hide a name in one of these reports…")
WORK_PREFIX = "wk"  # wk:a:<area index>:<page>: a page of one area's open reports
AREA_ALL = lazy("{area}: all {n} reports")
NEXT_PAGE = lazy("Next {n} ▶")
PREVIOUS_PAGE = lazy("◀ Previous {n}")
PAGE = lazy("Open reports of {area} ({n}), the longest waiting first: {first} to {last}")
MAX_PAGES = 200  # a page number beyond this is forged


def _line(context: ContextTypes.DEFAULT_TYPE, entry: Entry, now: datetime,
          quiet: dict[int, int], chat_id: int | None = None) -> str:
    """One open report's line: number, words, status, how long it waited."""
    days = _days(entry, now)  # 已等 0 天 read as if nobody had counted
    text = _voice_words(context, entry, chat_id) if entry.data.get("voice") else \
        short(entry_words(lang_of(context), entry.data, brief=True), 25)
    return t(context, WAITED if days else TODAY, id=entry.id, text=text,
             status=status_word(context, Kind.ISSUE, entry.status), days=days) \
        + _quiet(context, entry, quiet.get(entry.id))


# A voice report's words in the list: its length, where (its building, or the reporter's
# door in a volunteer's private chat), the start of its summary. They were 语音留言（0:23），
# 志愿者摘要：1号楼1单元楼… cut at 25: a prefix, and voice reports alike could not be told
# apart to pick one. The day and hour it was sent went too (12 characters more on a
# phone's line): the days it has waited follow on the line already.
VOICE_LINE = lazy("🎤 {length}{where}: {summary}")
VOICE_WHERE = lazy(", {place}")


def _voice_words(context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                 chat_id: int | None) -> str:
    """``VOICE_LINE`` for open voice report ``entry``, listed in chat ``chat_id``."""
    repo = repo_of(context)
    data = entry.data
    place = data.get("place") if isinstance(data.get("place"), str) else ""
    if not place and chat_id is not None and reads_names(repo, chat_id, entry.area):
        author = repo.person(entry.author) if entry.author is not None else None
        household = str((author or {}).get("household") or "")
        try:
            place = str(repo.street.household_label(household)) if household else ""
        except KeyError:
            place = ""
    summary = " ".join(str(data.get("voice_summary") or "").split()) or \
        word(context, labels.ISSUE_CATEGORY, data.get("category"))
    seconds = voice.seconds_of(data)
    return t(context, VOICE_LINE, length=voice.clock(seconds) if seconds else "?",
             where=t(context, VOICE_WHERE, place=short(str(place), 24)) if place else "",
             summary=short(summary, 20))


def _chat(update: Update) -> int | None:
    return update.effective_chat.id if update.effective_chat is not None else None


async def report_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows a page of one area's open reports (报事处理's buttons), with the pages next to
    it; her role and the area are checked again (the button's data may be forged)."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query is not None else []
    person = await require_staff(update, context)
    if person is None:
        return
    areas = await staff_areas(context, person)
    i = index_of(fields[2], areas) if len(fields) == 4 else None
    page = int(fields[3]) if len(fields) == 4 and fields[3].isascii() and \
        fields[3].isdigit() and len(fields[3]) < 4 else None
    if i is None or page is None or page > MAX_PAGES:
        await refuse(update, context)
        return
    repo = repo_of(context)
    found = await read(repo.open_issues, areas[i])
    name = await area_name(context, areas[i])
    if not found:
        await reply(update, t(context, NO_OPEN, areas=name))
        return
    page = min(page, (len(found) - 1) // SHOWN)  # fewer now: the last page there is
    part = found[page * SHOWN:(page + 1) * SHOWN]
    quiet = await read(repo.quiet_days, areas[i])
    now = repo.clock()
    lines = [t(context, PAGE, area=name, n=len(found), first=page * SHOWN + 1,
               last=page * SHOWN + len(part)),
             *(_line(context, entry, now, quiet, _chat(update)) for entry in part),
             "", t(context, HOW, id=part[0].id)]
    pages = []
    if page:
        pages.append(button(t(context, PREVIOUS_PAGE, n=SHOWN),
                            f"{WORK_PREFIX}:a:{i}:{page - 1}"))
    if len(found) > (page + 1) * SHOWN:
        pages.append(button(t(context, NEXT_PAGE, n=min(SHOWN, len(found) - (page + 1) * SHOWN)),
                            f"{WORK_PREFIX}:a:{i}:{page + 1}"))
    rows = [pages] if pages else []
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(
        [*rows, [button(t(context, HIDE_IN_ONE), f"{QUEUE_PREFIX}:h:{ANY_REPORT}")]]))


async def count_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any]) -> None:
    """Before an answer whose keyboard is its own buttons (报事处理's list, 记账's choices):
    her menu again, with one line saying what waits for her, when the 待审核 count the
    menu on her phone shows is not what waits now (another volunteer decided some, new
    ones came; or not known since the bot started). Nothing when it is right: a press
    brings one message, as before. (The answer she asked for comes last, at the bottom
    of her screen.) Before, 待审核（3） stayed on her phone after those three were
    decided, until some other message brought her menu."""
    repo = repo_of(context)
    waiting = await read(repo.waiting_count, person["id"])
    if shown_waiting(repo, person["id"], waiting):
        return
    await reply(update, t(context, WAITING_NOW, n=waiting) if waiting else
                t(context, NONE_WAITING), reply_markup=await menu_of(update, context))


async def money_work(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """记账: a fee collected, or an expense, as buttons (their commands' go: buttons)."""
    if await _resident_typed(update, context, MONEY_WORK):
        return
    person = await require_staff(update, context)
    if person is None:
        return
    rows = [[button(t(context, "💰 Fee collected (/income)"), go_data("income"))],
            [button(t(context, "🧾 Money spent, with receipt (/expense)"), go_data("expense"))]]
    areas = await staff_areas(context, person)
    repo = repo_of(context)
    if await read(_any_fee_now, repo, areas):
        # the doors to knock on: /unpaid alone lists them when the area has one such fee
        rows.append([button(t(context, "📋 Who has not paid (/unpaid)"), go_data("unpaid"))])
    await count_again(update, context, person)
    await reply(update, t(context, MONEY_ASK), reply_markup=InlineKeyboardMarkup(rows))


def _any_fee_now(repo: Any, areas: list[str]) -> bool:
    """Whether /unpaid alone lists doors for one of ``areas`` (its only fee, due now):
    for a grid worker of three areas it lists each that has one, and 记账 offered the
    button to a volunteer of one area only."""
    today = repo.clock().date()
    return any(fee_now(repo, area, today) for area in areas)


# A private chat's: a group has no menu (one sent there shows under every member's field).
_PRIVATE = filters.ChatType.PRIVATE
HANDLERS = [
    MessageHandler(_PRIVATE & staff_filter(PENDING), pending_pressed),
    MessageHandler(_PRIVATE & staff_filter(SUPERVISED), pending_pressed),  # a supervisor's
    MessageHandler(_PRIVATE & staff_filter(REPORT_WORK), report_work),
    MessageHandler(_PRIVATE & staff_filter(MONEY_WORK), money_work),
    CallbackQueryHandler(report_page, pattern=rf"^{WORK_PREFIX}:a:"),
]
