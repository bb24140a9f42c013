"""/meeting (会议纪要): a volunteer records a meeting's minutes.

Steps: the area (when they have several), the kind of meeting (会诊, 议事会,
业主大会, 楼栋会), its date (or 今天), place, the roles that attended, how many
residents came, the topics, the decisions, the issues and proposals it
discussed (typed as #N, or none), a photo of the signed attendance sheet (or
skip; it is kept for the volunteers only, never published), then a summary
to confirm. The minutes wait for a *second* volunteer's approval in the queue,
and are published on the area's page once approved (``db.civic``).

Written as ``bot.flows`` says. Buttons: ``mt:area:<i>``, ``mt:kind:<code>``,
``mt:today``, ``mt:none``, ``mt:skip``, ``mt:ok``, ``mt:cancel``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler

from db import labels
from db.civic import MAX_MINUTES, MAX_PLACE, MAX_SHEET_PAGES
from db.entries import OPEN_ISSUE, Kind, Status
from db.errors import DomainError

from ..commands import Audience, Command, Flow
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..files import photo_of, save_photo
from ..flows import (
    END,
    PHOTO,
    SEAL,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    drop_draft,
    gone,
    index_of,
    keyboard,
    leave,
    matches,
    new_draft,
    refuse,
    sealed,
    stale_buttons,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import button
from ..menu import menu_of
from ..notify import notify_pending
from ..staff import area_chosen, area_name, choose_area, fail, require_staff, typed_count
from .meeting_text import (
    DATE_AGAIN,
    EDITABLE,
    FLOW,
    PREFIX,
    PROMPTS,
    STEPS,
    cut,
    minutes_summary,
    parse_links,
    split_roles,
)
from .proposals import typed_day

__all__ = ["COMMANDS", "HANDLERS", "finish_saved"]

AREA, KIND, DATE, PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS, LINKS, SHEET, CONFIRM = STEPS

def _cancel_row(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    return [button(t(context, "Cancel"), f"{PREFIX}:cancel")]


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, state: str, msgid: str,
               extra: list[Any] | None = None, **params: Any) -> str:
    d = current_draft(context, FLOW)
    if d is not None and d.get("fix") not in (None, state):  # a part changed: the summary
        return await _confirm(update, context, d)
    rows = ([extra] if extra else []) + [_cancel_row(context)]
    await reply(update, t(context, msgid, **params), reply_markup=InlineKeyboardMarkup(rows))
    return state


def _day_example(context: ContextTypes.DEFAULT_TYPE) -> dict[str, object]:
    """``date`` and ``day``: yesterday as 2026-12-04 and as 12月4日, the examples of a
    meeting's date (a day past, of the repository clock's year: before, the examples
    were of 2025 in 2026)."""
    day = repo_of(context).clock().date() - timedelta(days=1)
    return {"date": day.isoformat(), "day": f"{day.month}月{day.day}日"}


async def meeting_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts the minutes: asks which area, or the kind of meeting."""
    person = await require_staff(update, context)
    if person is None:
        return END
    d = new_draft(context, FLOW)
    area = await choose_area(update, context, person, PREFIX, d)
    if area is None:
        return AREA
    d["area"] = area
    return await _ask_kind(update, context)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area chosen and asks the kind of meeting."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = area_chosen(update, PREFIX, d)
    if area is None:
        return await refuse(update, context)
    d["area"] = area
    return await _ask_kind(update, context)


async def _ask_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    choices = [(word(context, labels.MEETING_KIND, code), f"{PREFIX}:kind:{code}")
               for code in labels.MEETING_KIND]
    await reply(update, t(context, "Minutes of which kind of meeting?"),
                reply_markup=keyboard(choices + [(t(context, "Cancel"), f"{PREFIX}:cancel")]))
    return KIND


async def on_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the kind of meeting and asks its date."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "kind", 1)
    if args is None or args[0] not in labels.MEETING_KIND:
        return await refuse(update, context)
    d["meeting_kind"] = args[0]
    return await _ask(update, context, DATE, PROMPTS[DATE],
                      [button(t(context, "Today"), f"{PREFIX}:today")], **_day_example(context))


async def on_today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores today as the date and asks the place."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d["date"] = repo_of(context).clock().date().isoformat()
    return await _ask(update, context, PLACE, PROMPTS[PLACE])


async def on_date(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the date typed and asks the place."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    today = repo_of(context).clock().date()
    text = clean_text(typed(update))
    # 今天 typed instead of pressed, 昨天, or 2025年3月12日 as well as 2025-03-12
    day = typed_day(text, today, ahead=False) or (today if text == t(context, "Today") else None)
    if day is None:
        await reply(update, t(context, DATE_AGAIN, **_day_example(context)),
                    reply_markup=InlineKeyboardMarkup(
                        [[button(t(context, "Today"), f"{PREFIX}:today")],
                         _cancel_row(context)]))
        return None
    if day > today:
        await reply(update, t(context, "That date is in the future: minutes are recorded "
                                       "after the meeting."))
        return None
    d["date"] = day.isoformat()
    return await _ask(update, context, PLACE, PROMPTS[PLACE])


async def _typed(update: Update, context: ContextTypes.DEFAULT_TYPE, limit: int) -> str | None:
    """The text typed, or None after saying what is wrong with it."""
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, "That message was empty. Please write it again."))
        return None
    if len(text) > limit:
        await reply(update, t(context, "That is too long ({count} characters). Please keep "
                                       "it under {max} characters.", count=len(text),
                              max=limit))
        return None
    return text


async def on_place(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the place and asks which roles attended."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, MAX_PLACE) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["place"] = text
    return await _ask(update, context, ROLES, PROMPTS[ROLES])


async def on_roles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the attending roles and asks how many residents came."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, 600) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["roles"] = split_roles(text)
    return await _ask(update, context, RESIDENTS, PROMPTS[RESIDENTS])


async def on_residents(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the number of residents and asks the topics."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    count = typed_count(typed(update))
    if count is None:
        await reply(update, t(context, "Please type a whole number, e.g. 12."))
        return None
    d["residents"] = count
    return await _ask(update, context, TOPICS, PROMPTS[TOPICS])


async def on_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the topics and asks the decisions."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, MAX_MINUTES) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["topics"] = text
    return await _ask(update, context, DECISIONS, PROMPTS[DECISIONS])


async def on_decisions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the decisions and asks which issues and proposals were discussed."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, MAX_MINUTES) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["decisions"] = text
    repo = repo_of(context)
    issues = await read(repo.entries, area=d["area"], kind=Kind.ISSUE, status=OPEN_ISSUE,
                        limit=6)
    proposals = await read(repo.entries, area=d["area"], kind=Kind.PROPOSAL,
                           status=[Status.OPEN, Status.PASSED], limit=4)
    # one a line, a long one cut with "…" (they were run together with "; ", cut mid-word)
    hint = "\n".join([f"#{e.id} {cut(e.data.get('text'))}" for e in issues] +
                      [f"#{p.id} {cut(p.data.get('title'))}" for p in proposals])
    return await _ask(update, context, LINKS, PROMPTS[LINKS],
                      [button(t(context, "None"), f"{PREFIX}:none")],
                      hint=t(context, "Open now:\n{list}", list=hint) if hint else "")

async def on_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the issues and proposals discussed and asks for the attendance sheet."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    ids = parse_links(clean_text(typed(update)))
    if not ids:
        await reply(update, t(context, "Please type numbers like #12 #15, or press None."))
        return None
    issues: list[int] = []
    proposals: list[int] = []
    for i in ids:
        e = await entry_or_none(context, i)
        if e is None or e.area != d["area"] or e.kind not in (Kind.ISSUE, Kind.PROPOSAL):
            await reply(update, t(context, "#{id} is not a problem report or proposal of this "
                                           "area. Please type the numbers again.", id=i))
            return None
        (issues if e.kind == Kind.ISSUE else proposals).append(i)
    d["issues"], d["proposals"] = issues, proposals
    return await _ask_sheet(update, context)


async def on_no_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores that nothing was linked and asks for the attendance sheet."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d["issues"], d["proposals"] = [], []
    return await _ask_sheet(update, context)


async def _ask_sheet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    return await _ask(update, context, SHEET, lazy("Send a photo of the signed attendance sheet, "
                      "or press Skip. It is kept for the volunteers only and never published."),
                      [button(t(context, "Skip"), f"{PREFIX}:skip")])


async def on_sheet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the attendance sheet's photo and shows the minutes to confirm."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    try:
        d["sheet"] = await save_photo(update, context, photo_of(update.effective_message))
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    d["sheet_more"] = []
    return await _confirm(update, context, d)


async def on_more_sheet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps another page of the attendance sheet and shows the minutes again.

    An album's next photo, or one sent at the summary; none without a first page."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    more = d.setdefault("sheet_more", [])
    if not d.get("sheet") or 1 + len(more) >= MAX_SHEET_PAGES:
        await reply(update, t(context, "This photo was not kept: minutes keep at most {n} "
                                       "photos of the sheet, after one sent when asked.",
                              n=MAX_SHEET_PAGES) + "\n" +
                    t(context, "Please press Submit or Cancel above."))
        return None
    try:
        more.append(await save_photo(update, context, photo_of(update.effective_message)))
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    return await _confirm(update, context, d)


async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores that there is no sheet and shows the minutes to confirm."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d.pop("sheet", None)
    d.pop("sheet_more", None)
    return await _confirm(update, context, d)


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    d.pop("fix", None)
    text = minutes_summary(context, d, await area_name(context, d["area"]))
    await reply(update, text, reply_markup=sealed(InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "✏️ Change something"), f"{PREFIX}:fix")], _cancel_row(context)]),
        d, f"{PREFIX}:ok"))
    return CONFIRM


async def on_fix(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks which part of the minutes to change (✏️ at the summary); the rest is kept."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or "decisions" not in d:
        return await gone(update, context)
    await reply(update, t(context, "What do you want to change? The rest is kept."),
                reply_markup=InlineKeyboardMarkup([[button(t(context, label), f"{PREFIX}:edit:{i}")]
                                                   for i, (label, _s) in enumerate(EDITABLE)]
                                                  + [_cancel_row(context)]))
    return CONFIRM


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks the part chosen again; once answered, the summary comes back."""
    await answer(update)
    d = current_draft(context, FLOW)
    args = button_args(update, PREFIX, "edit", 1)
    i = index_of(args[0] if args else None, EDITABLE)
    if d is None or "decisions" not in d or i is None:
        return await gone(update, context) if d is None else await refuse(update, context)
    state = EDITABLE[i][1]
    d["fix"] = state
    extra = {DATE: [button(t(context, "Today"), f"{PREFIX}:today")],
             LINKS: [button(t(context, "None"), f"{PREFIX}:none")]}.get(state)
    return await _ask(update, context, state, PROMPTS[state], extra, hint="",
                      **_day_example(context))


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the minutes and posts them to the other volunteers for approval."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or "decisions" not in d:
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: _confirm(update, context, d))
    person = await require_staff(update, context)
    if person is None:
        return END
    try:
        entry = await call(repo_of(context).record_meeting, person["id"], d["area"],
                           meeting_kind=d["meeting_kind"], date=d["date"], place=d["place"],
                           roles=d["roles"], residents=d["residents"], topics=d["topics"],
                           decisions=d["decisions"], issues=d["issues"],
                           proposals=d["proposals"],
                           sheet=[d["sheet"], *d.get("sheet_more", [])] if d.get("sheet")
                           else None)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None
    drop_draft(context, FLOW)
    await drop_buttons(update)  # stored: 提交/取消 are not there to press again
    sent = await notify_pending(context, entry)
    await reply(update, t(context, "Minutes #{id} recorded. They are published once another "
                                   "volunteer approves them ({n} chats were asked).",
                          id=entry.id, n=sent), reply_markup=await menu_of(update, context))
    return END


# what a 提交 stored, compared with the draft it came from
_STORED = ("meeting_kind", "date", "place", "topics", "decisions")


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 提交 (``mt:ok``) whose minutes were stored just before the bot stopped: the
    volunteer is told their number, as the press would have (before, she read "already
    saved … start again from the menu"); whether it was such a press (her minutes of
    that area, with the draft's contents, found). The volunteers not posted them yet
    get them at the start (``bot.notices``: an entry waiting and never posted)."""
    query = update.callback_query
    d = current_draft(context, FLOW)  # as it was before the press: not saved since
    if query is None or (query.data or "").split(SEAL, 1)[0] != f"{PREFIX}:ok" or not d or \
            "decisions" not in d or update.effective_user is None:
        return False
    person = await person_of(update, context)
    entry = await newest_own(context, person["id"], Kind.MEETING, lambda e: e.area == d.get(
        "area") and all(e.data.get(k) == d.get(k) for k in _STORED))
    if entry is None:
        return False
    await drop_buttons(update)  # stored: the summary's buttons go, as at the press
    await reply(update, t(context, "Minutes #{id} recorded. They are published once another "
                                   "volunteer approves them; they go to the other volunteers "
                                   "(or the volunteers' group) to approve.", id=entry.id),
                reply_markup=await menu_of(update, context))
    return True


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the minutes and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


def _typing(callback: Any, prompt: str) -> list[Any]:
    return [*buttons(PREFIX, {"cancel": on_cancel}), MessageHandler(TEXT_INPUT, callback),
            *unexpected(prompt)]


STATES: dict[object, list[Any]] = {
    AREA: [*buttons(PREFIX, {"area": on_area, "cancel": on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."))],
    KIND: [*buttons(PREFIX, {"kind": on_kind, "cancel": on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."))],
    DATE: [*buttons(PREFIX, {"today": on_today, "cancel": on_cancel}),
           MessageHandler(TEXT_INPUT, on_date),
           *unexpected(DATE_AGAIN, params=_day_example)],
    PLACE: _typing(on_place, lazy("Please type the place.")),
    ROLES: _typing(on_roles, lazy("Please type the roles that attended.")),
    RESIDENTS: _typing(on_residents, lazy("Please type a whole number, e.g. 12.")),
    TOPICS: _typing(on_topics, lazy("Please type the topics.")),
    DECISIONS: _typing(on_decisions, lazy("Please type the decisions.")),
    LINKS: [*buttons(PREFIX, {"none": on_no_links, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, on_links),
            *unexpected(lazy("Please type numbers like #12 #15, or press None."))],
    SHEET: [*buttons(PREFIX, {"skip": on_skip, "cancel": on_cancel}),
            MessageHandler(PHOTO, on_sheet),
            *unexpected(lazy("Please send a photo of the sheet, or press Skip."))],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "cancel": on_cancel, "fix": on_fix,
                                "edit": on_edit}),
              MessageHandler(PHOTO, on_more_sheet),
              *unexpected(lazy("Please press Submit or Cancel above."))],
}

IDLE_FACTOR = 8  # two hours between steps (15 minutes each for other flows): minutes
                 # are typed as the meeting goes on, its decisions long after its topics

COMMANDS = [
    Command("meeting", "Record a meeting's minutes (会诊, 议事会 ...); another volunteer "
            "approves them", meeting_start, audience=Audience.VOLUNTEER, order=26,
            extra={"title": lazy("Meeting minutes (/meeting)")},
            flow=Flow(FLOW, STATES, idle_factor=IDLE_FACTOR)),
]

HANDLERS = [stale_buttons(PREFIX)]
