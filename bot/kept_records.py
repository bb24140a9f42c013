"""What a kept draft is (``bot.kept``): its record in ``user_data[KEPT]``, the words and
buttons that tell of it, who may take it up again, and the words of a report or an opinion
kept when their draft is not. Split from ``bot.kept``, which re-exports these names and
keeps what reads the clock (a draft's time kept, expired, taken up).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ContextTypes,
)

from .commands import Audience, Command, commands_of
from .context import lang_of, reply, t
from .conversation import IdleConversation
from .flows import (
    seal,
    short,
)
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .keyboards import button
from .menu import menu_of
from .resident import SAID, require_resident, said_rows
from .staff import area_name, require_staff, staff_areas
from .state import keeper_of

__all__ = ["KEPT", "PREFIX", "MAY_TAKE_UP", "TIMED_OUT_SAID", "keep_typed", "span",
           "title", "valid", "flow_title", "resumable_command", "command_in", "kept_buttons",
           "kept_buttons_in", "kept_of", "take_kept", "resumable", "span_of", "tell_expired",
           "may_take_up", "pressed_as", "save_user", "token", "volunteers_draft"]

log = logging.getLogger("bot.kept")  # its lines as they were, when this was bot/kept.py's

KEPT = "kept"  # user_data: flow -> {"state", "draft", "until", "for", "chat"}
PREFIX = "kept"  # buttons kept:<go|new|no>:<flow>:<token>
STARTS = "kept_starts"  # bot_data: flow -> the handlers starting it anew (entry_points)
# Command.extra: async (update, context, draft) -> whether the presser may take the kept
# draft up (says why not), for a flow whose takers are not its audience's usual ones
MAY_TAKE_UP = "may_take_up"

NOTE = lazy("Your unfinished \"{flow}\" is kept for {span}: press \"Continue "
            "filling in\" to go on with it.")
OFFER = lazy("You have an unfinished \"{flow}\" (kept {span} more). Go on with it, "
             "or start a new one?")
# A button of a flow left by a menu button (提交 under its summary: a resident refused
# for the hour's limit is told to press it again later), pressed while its draft is kept.
STILL_KEPT = lazy("This press did nothing: your unfinished \"{flow}\" is kept ({span} "
                  "more). Press \"Continue filling in\" first, then go on from there.")
GONE = lazy("That unfinished \"{flow}\" is no longer kept (taken up, discarded or expired); "
            "this press did nothing.")
EXPIRED = lazy("Your unfinished \"{flow}\" was kept for {span} and is now "
               "discarded; nothing was saved. Start again from the menu if you need it.")
# A report's or an opinion's words, in a flow that timed out or a kept draft that
# expired: kept (SAID) and offered to be sent, as words typed outside a flow are. A
# resident who left /report half-way and came back the next day found her description
# gone ("nothing was saved").
TYPED = {"report": lambda d: d.get("text"), "opinion": lambda d: (d.get("data") or {}).get("text")}
TIMED_OUT_SAID = lazy("You did not answer for a while, so it was stopped; nothing was sent "
                      "to the volunteers yet.")
EXPIRED_SAID = lazy("Your unfinished \"{flow}\" was kept for {span} and is now "
                    "discarded; nothing was sent.")
SAID_KEPT = lazy("What you wrote is kept: “{text}”. To pass it to the volunteers, press a "
                 "button below; or start again from the menu.")


def title(app: Application[Any, Any, Any, Any, Any, Any], lang: str, flow: str) -> str:
    """A flow as its user knows it: its menu button, else its title (``extra["title"]``:
    "收费登记（/income）"), else its command."""
    for command in commands_of(app):
        if command.flow is not None and command.flow.name == flow:
            label = command.menu_label or command.extra.get("title")
            return tr(lang, label) if label else f"/{command.name}"
    return f"/{flow}"


def flow_title(context: ContextTypes.DEFAULT_TYPE, flow: str) -> str:
    return title(context.application, lang_of(context), flow)


def resumable_command(context: ContextTypes.DEFAULT_TYPE, flow: str) -> Command | None:
    """The command of a flow that can be taken up again."""
    return command_in(context.application, flow)


def command_in(app: Application[Any, Any, Any, Any, Any, Any], flow: str) -> Command | None:
    for command in commands_of(app):
        if command.flow is not None and command.flow.name == flow and command.flow.resume:
            return command
    return None


def token(record: dict[str, Any]) -> str:
    """What the buttons of a kept draft carry: another keep, other buttons."""
    return seal({k: record.get(k) for k in ("state", "draft", "until")})


def span(lang: str | None, seconds: float) -> str:
    """How long a draft is kept, as its user reads it: "15 分钟", up to two hours; then
    "24 小时" (never 1440 minutes), whole hours only (2 小时 for 179 minutes: never
    more than is left); from two days, whole days (7 天, never 168 小时)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 120:
        return tr(lang, "{n} minutes", n=minutes)
    if minutes >= 48 * 60:
        return tr(lang, "{n} days", n=minutes // (24 * 60))
    return tr(lang, "{n} hours", n=minutes // 60)


def span_of(context: ContextTypes.DEFAULT_TYPE, seconds: float) -> str:
    return span(lang_of(context), seconds)


def kept_buttons(context: ContextTypes.DEFAULT_TYPE, flow: str, record: dict[str, Any],
             other: str) -> InlineKeyboardMarkup:
    """继续填写, and 放弃 (``other`` "no") or 重新开始 ("new")."""
    return kept_buttons_in(lang_of(context), flow, record, other)


def kept_buttons_in(lang: str | None, flow: str, record: dict[str, Any],
                other: str) -> InlineKeyboardMarkup:
    end = f"{flow}:{token(record)}"
    label = tr(lang, "Discard it") if other == "no" else tr(lang, "Start a new one")
    return InlineKeyboardMarkup([[button(tr(lang, "Continue filling in"), f"{PREFIX}:go:{end}"),
                                  button(label, f"{PREFIX}:{other}:{end}")]])


def kept_of(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return context.user_data.setdefault(KEPT, {})  # type: ignore[union-attr]


def take_kept(context: ContextTypes.DEFAULT_TYPE, flow: str) -> dict[str, Any] | None:
    """The kept draft of ``flow``, taken out (None when there is none)."""
    records = (context.user_data or {}).get(KEPT) or {}
    record = records.pop(flow, None)
    if not records:
        (context.user_data or {}).pop(KEPT, None)
    return record  # type: ignore[no-any-return]


def resumable(app: Application[Any, Any, Any, Any, Any, Any], flow: str,
               state: object) -> bool:
    """Whether ``flow`` can be taken up again at ``state`` (its command's ``resume``)."""
    command = command_in(app, flow)
    resume = command.flow.resume if command is not None and command.flow else None
    return resume is not None and bool(resume) and state in resume


IDLE = "idle"  # a record's key: kept when its flow ended idle (taken up, it is not held)
TOLD = "told"  # a record's key: its owner was told once that a message missed it (``missed``)


def valid(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether ``update`` is not a kept: button, or one of a draft kept now: a stale or
    forged one leaves no flow going on (``bot.leaving``)."""
    query = update.callback_query
    data = (query.data or "") if query is not None else ""
    if not data.startswith(f"{PREFIX}:"):
        return True
    fields = data.split(":")
    record = ((context.user_data or {}).get(KEPT) or {}).get(fields[2]) \
        if len(fields) == 4 else None
    return record is not None and token(record) == fields[3]


async def tell_expired(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                        record: dict[str, Any]) -> None:
    await reply(update, t(context, EXPIRED, flow=flow_title(context, flow),
                          span=span_of(context, record.get("for") or 0)),
                reply_markup=await menu_of(update, context))


def volunteers_draft(draft: dict[str, Any], areas: Collection[str]) -> bool:
    """Whether a volunteers' ``draft`` is of one of ``areas``: its area, or, before one is
    chosen (an announcement's text, asked before the area of a volunteer of several), one
    of those it offers (``draft["areas"]``)."""
    area = draft.get("area")
    return area in areas if area else bool(set(draft.get("areas") or ()) & set(areas))


async def may_take_up(update: Update, context: ContextTypes.DEFAULT_TYPE, command: Command,
                       flow: str, draft: dict[str, Any]) -> bool:
    """Whether the presser may take ``draft`` up again: still a volunteer (or an admin) of
    its area for a volunteers' flow, else a confirmed resident of it; says why not."""
    area = draft.get("area")
    check = command.extra.get(MAY_TAKE_UP)
    if check is not None:
        return bool(await check(update, context, draft))
    if command.audience == Audience.VOLUNTEER:
        person = await require_staff(update, context)  # no volunteer any more: says so
        if person is None:
            return False
        if volunteers_draft(draft, await staff_areas(context, person)):
            return True
        log.warning("refused a kept /%s of %s: no longer a volunteer there", flow, area)
        await reply(update, t(context, "You are no longer a volunteer of {area}: this unfinished "
                                       "\"{flow}\" cannot be taken up, and nothing was recorded.",
                              area=await area_name(context, str(area)),
                              flow=flow_title(context, flow)),
                    reply_markup=await menu_of(update, context))
        return False
    who = await require_resident(update, context)  # says why not
    if who is None:
        return False
    if who[1] != area:  # moved house meanwhile
        await reply(update, t(context, "Your household changed while you were writing. "
                                       "Nothing was saved; please start again."),
                    reply_markup=await menu_of(update, context))
        return False
    return True


THEN = "then"  # a record's key: the button that started its flow anew, offered it first


def pressed_as(update: Update, data: str) -> Update:
    """``update``, a button's press, as if the button of ``data`` was pressed."""
    raw = update.to_dict()
    raw["callback_query"]["data"] = data
    return Update.de_json(raw, update.get_bot())


def keep_typed(user_data: dict[str, Any] | None, lang: str | None, flow: str,
               d: dict[str, Any] | None) -> tuple[str, InlineKeyboardMarkup] | None:
    """The words typed in ``flow``'s draft ``d`` (a report's description, an opinion),
    kept in ``user_data[SAID]``: the line saying so and its buttons; None when there are
    none (another flow, a voice message, nothing typed yet)."""
    # a voice (a report's, an opinion's in its data): not words typed, though its
    # placeholder reads as some (an opinion's voice was kept as the words “（语音留言）”)
    spoken = d and (d.get("voice") or (d.get("data") or {}).get("voice"))
    text = TYPED[flow](d) if d and flow in TYPED and not spoken else None
    if not isinstance(text, str) or not text.strip() or user_data is None:
        return None
    user_data[SAID] = text
    return (tr(lang, SAID_KEPT, text=short(text, 300)),
            InlineKeyboardMarkup(said_rows(lang or DEFAULT_LANGUAGE,
                                           opinion_first=flow == "opinion")))


async def save_user(app: Any, flow: str, chat: int, user: int) -> None:
    """Save the user's data changed outside an update (as for a flow ended idle)."""
    keeper = keeper_of(app)
    handler = next((h for hs in app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation) and h.name == flow), None)
    if keeper is not None and handler is not None:
        await keeper.ended(handler, [(chat, user)])
