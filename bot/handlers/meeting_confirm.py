"""/meeting's last steps (``bot.handlers.meeting``): the photo of the signed attendance sheet
(or skip; more pages as an album or at the summary), the summary to confirm, changing one
part of it (✏️), submitting the minutes for a second volunteer's approval, and telling a
submission a stop cut short (``finish_saved``); with how each step is asked (``ask_step``:
back to the summary once a part changed). Split from ``bot.handlers.meeting``, which
re-exports finish_saved.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.civic import MAX_SHEET_PAGES
from db.entries import Kind
from db.errors import DomainError

from ..context import (
    call,
    drop_buttons,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from ..describe import quoted
from ..files import photo_of, save_photo
from ..flows import (
    END,
    SEAL,
    answer,
    button_args,
    changed,
    current_draft,
    drop_draft,
    gone,
    index_of,
    leave,
    matches,
    refuse,
    sealed,
)
from ..full_name_note import (
    FULL_NAME_BEFORE,
    SUBMIT_AS_IS,
    SUBMIT_HIDDEN,
    minutes_hidden,
    minutes_names,
    minutes_public,
)
from ..i18n import lazy
from ..keyboards import button
from ..menu import menu_of
from ..notify import notify_pending
from ..staff import area_name, fail, require_staff
from ..step_buttons import remember
from .meeting_back import BACK
from .meeting_text import (
    CONFIRM,
    DATE,
    EDITABLE,
    FLOW,
    LINKS,
    MORE,
    PREFIX,
    PROMPTS,
    SHEET,
    minutes_summary,
)

__all__ = ["ask_sheet", "ask_step", "cancel_row", "confirm_minutes", "day_example", "finish_saved",
           "on_cancel", "on_edit", "on_fix", "on_more_sheet", "on_sheet", "on_skip", "on_submit"]


def cancel_row(context: ContextTypes.DEFAULT_TYPE) -> list[Any]:
    return [button(t(context, "Cancel"), f"{PREFIX}:cancel")]


async def ask_step(update: Update, context: ContextTypes.DEFAULT_TYPE, state: str, msgid: str,
               extra: list[Any] | None = None, **params: Any) -> str:
    d = current_draft(context, FLOW)
    if d is not None:  # a step asked anew: topics typed at it replace those kept
        d.pop(MORE, None)
    if d is not None and d.get("fix") not in (None, state):  # a part changed: the summary
        return await confirm_minutes(update, context, d)
    rows = ([extra] if extra else []) + [cancel_row(context)]
    return await BACK.say(update, context, state, t(context, msgid, **params),
                          InlineKeyboardMarkup(rows))  # with ⬅️ 上一步 (meeting_back)


def day_example(context: ContextTypes.DEFAULT_TYPE) -> dict[str, object]:
    """``date`` and ``day``: yesterday as 2026-12-04 and as 12月4日, the examples of a
    meeting's date (a day past, of the repository clock's year: before, the examples
    were of 2025 in 2026)."""
    day = repo_of(context).clock().date() - timedelta(days=1)
    return {"date": day.isoformat(), "day": f"{day.month}月{day.day}日"}


async def ask_sheet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    return await ask_step(update, context, SHEET, lazy(
        "Send a photo of the signed attendance sheet, or press Skip. It is kept for the "
        "volunteers only and never published."), [button(t(context, "Skip"), f"{PREFIX}:skip")])


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
    return await confirm_minutes(update, context, d)


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
    return await confirm_minutes(update, context, d)


async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores that there is no sheet and shows the minutes to confirm."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d.pop("sheet", None)
    d.pop("sheet_more", None)
    return await confirm_minutes(update, context, d)


async def confirm_minutes(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          d: dict[str, Any]) -> str:
    d.pop("fix", None)
    text = minutes_summary(context, d, await area_name(context, d["area"]))
    names = await _names(context, d)  # 由王建国负责催缴: public for good once approved
    if names:
        words = quoted(names)
        text += "\n\n" + t(context, FULL_NAME_BEFORE, words=words)
        submit = [[button(t(context, SUBMIT_AS_IS), f"{PREFIX}:ok")],
                  [button(t(context, SUBMIT_HIDDEN, words=words), f"{PREFIX}:ok:h")]]
    else:
        submit = [[button(t(context, "Submit"), f"{PREFIX}:ok")]]
    back = BACK.noted(d, CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, text, reply_markup=remember(d, CONFIRM, BACK.with_back(
        context, back, sealed(InlineKeyboardMarkup([
            *submit,
            [button(t(context, "✏️ Change something"), f"{PREFIX}:fix")], cancel_row(context)]),
            d, f"{PREFIX}:ok"))))  # again after a sticker (bot.step_buttons)
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
                                                  + [cancel_row(context)]))
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
    return await ask_step(update, context, state, PROMPTS[state], extra, hint="",
                      **day_example(context))


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the minutes and posts them to the other volunteers for approval."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    hide = button_args(update, PREFIX, "ok", 1) == ["h"]  # 隐去“王建国”再提交
    if (button_args(update, PREFIX, "ok", 0) is None and not hide) or "decisions" not in d:
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: confirm_minutes(update, context, d))
    person = await require_staff(update, context)
    if person is None:
        return END
    try:
        entry = await call(repo_of(context).record_meeting, person["id"], d["area"],
                           meeting_kind=d["meeting_kind"], date=d["date"], place=d["place"],
                           roles=d["roles"], residents=d["residents"],
                           **await _as_stored(context, d, hide), issues=d["issues"],
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


async def _names(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[str]:
    """The full names in minutes ``d`` that the site would show (not a registered one)."""
    return await read(minutes_public, repo_of(context), d) if minutes_names(d) else []


async def _as_stored(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                     hide: bool) -> dict[str, str]:
    """The topics and decisions a 提交 stores: as typed, or with the full names masked."""
    if hide:
        return minutes_hidden(d, await _names(context, d))
    return {"topics": d["topics"], "decisions": d["decisions"]}


# what a 提交 stored, compared with the draft it came from
_STORED = ("meeting_kind", "date", "place")


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 提交 (``mt:ok``) whose minutes were stored just before the bot stopped: the
    volunteer is told their number, as the press would have (before, she read "already
    saved … start again from the menu"); whether it was such a press (her minutes of
    that area, with the draft's contents, found). The volunteers not posted them yet
    get them at the start (``bot.notices``: an entry waiting and never posted)."""
    query = update.callback_query
    d = current_draft(context, FLOW)  # as it was before the press: not saved since
    data = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    if data not in (f"{PREFIX}:ok", f"{PREFIX}:ok:h") or not d or "decisions" not in d or \
            update.effective_user is None:
        return False
    person = await person_of(update, context)
    stored = {**{k: d.get(k) for k in _STORED},
              **await _as_stored(context, d, data.endswith(":h"))}
    entry = await newest_own(context, person["id"], Kind.MEETING, lambda e: e.area == d.get(
        "area") and all(e.data.get(k) == v for k, v in stored.items()))
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
