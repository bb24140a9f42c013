"""A draft left in the middle of its flow is kept, and can be taken up again.

A resident in the middle of /report who presses "Mine" to look something up,
or /start, or another command, gets that button's answer at once
(``bot.leaving``). What she had typed is not thrown away: when the flow says how
to ask each of its steps again (``Flow.resume``: state -> ask), its draft and
step are kept in ``user_data[KEPT]`` (saved with it, ``bot.state``), one per
flow, and she is told so in one line with two buttons: 继续填写 (``kept:go``)
and 放弃 (``kept:no``). Starting the same flow again (its command, menu button
or go: button) first offers the kept draft: 继续填写, or 重新开始 (``kept:new``).

继续填写 puts the draft back and asks its step again. Button data can be forged,
so a press is taken only with the token of the draft kept now (``token``: an
older note's buttons, or forged ones, are refused and change nothing), and
the draft only by a confirmed resident of the draft's area (she may have moved
house meanwhile), or for a volunteers' flow (/income, /expense, /propose) only by
someone still a volunteer of it (a revoked one is told so; nothing is recorded,
and a kept draft is recorded only at its flow's own last step, as before).
A flow whose takers differ says who may in its command's ``extra[MAY_TAKE_UP]`` (a
question: a resident or a supervisor of its area). An entry point of the flow that
starts it as its command does (提问, ``ask:go``) offers the kept draft as the command
does. Flows that say nothing of resuming drop their draft as before. A button of the
flow pressed while its draft is kept (提交 above the summary she left) did
nothing: she is told the draft is kept, with 继续填写 and 放弃 (``stale_buttons``).

A kept draft is bounded like a flow left idle: ``sweep_kept`` (a repeating job)
drops it once its flow's idle timeout has passed since it was kept (or as long as
the flow would still have waited, when longer: a draft refused at 提交 for the
hour's limit, ``bot.conversation.hold_idle``; taken up again, it waits as long),
and tells its owner so.

A flow that ends idle (15 minutes without a step) keeps its draft the same way, for a
day (``keep_ended``, ``IDLE_KEPT``): she is told it timed out and is kept, with 继续填写
and 放弃, after a restart too (the draft lives in ``user_data[KEPT]``, its photos'
references with it, saved as her data is). Taken up, it waits as any flow does. A
message typed after the timeout that nothing takes is answered, once, that it missed the
flow and the draft is kept (``missed``).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
)

from .commands import Audience, Callback, Command, commands_of
from .context import drop_buttons, lang_of, person_of, reply, t
from .conversation import RESUMED, IdleConversation, hold_idle, stepped
from .flows import (
    DRAFT,
    END,
    answer,
    button_args,
    current_draft,
    ended_button,
    new_draft,
    refuse,
    seal,
    short,
)
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .keyboards import button
from .menu import menu_filter, menu_of
from .resident import SAID, require_resident, said_rows
from .staff import area_name, require_staff, staff_areas
from .state import keeper_of

__all__ = ["KEPT", "PREFIX", "keep", "entry_points", "sweep_kept", "title", "HANDLERS",
           "keep_typed", "TIMED_OUT_SAID", "stale_buttons", "MAY_TAKE_UP", "keep_ended",
           "IDLE_KEPT", "span", "missed"]

log = logging.getLogger(__name__)

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
TIMED_OUT_SAID = lazy("This step timed out and nothing was sent.")
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


def _title(context: ContextTypes.DEFAULT_TYPE, flow: str) -> str:
    return title(context.application, lang_of(context), flow)


def _command(context: ContextTypes.DEFAULT_TYPE, flow: str) -> Command | None:
    """The command of a flow that can be taken up again."""
    return _command_in(context.application, flow)


def _command_in(app: Application[Any, Any, Any, Any, Any, Any], flow: str) -> Command | None:
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
    more than is left)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 120:
        return tr(lang, "{n} minutes", n=minutes)
    return tr(lang, "{n} hours", n=minutes // 60)


def _span(context: ContextTypes.DEFAULT_TYPE, seconds: float) -> str:
    return span(lang_of(context), seconds)


def _buttons(context: ContextTypes.DEFAULT_TYPE, flow: str, record: dict[str, Any],
             other: str) -> InlineKeyboardMarkup:
    """继续填写, and 放弃 (``other`` "no") or 重新开始 ("new")."""
    return _buttons_in(lang_of(context), flow, record, other)


def _buttons_in(lang: str | None, flow: str, record: dict[str, Any],
                other: str) -> InlineKeyboardMarkup:
    end = f"{flow}:{token(record)}"
    label = tr(lang, "Discard it") if other == "no" else tr(lang, "Start a new one")
    return InlineKeyboardMarkup([[button(tr(lang, "Continue filling in"), f"{PREFIX}:go:{end}"),
                                  button(label, f"{PREFIX}:{other}:{end}")]])


def _kept(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return context.user_data.setdefault(KEPT, {})  # type: ignore[union-attr]


def _take(context: ContextTypes.DEFAULT_TYPE, flow: str) -> dict[str, Any] | None:
    """The kept draft of ``flow``, taken out (None when there is none)."""
    records = (context.user_data or {}).get(KEPT) or {}
    record = records.pop(flow, None)
    if not records:
        (context.user_data or {}).pop(KEPT, None)
    return record  # type: ignore[no-any-return]


def _expired(record: dict[str, Any], now: float | None = None) -> bool:
    until = record.get("until")
    return until is not None and until <= (time.time() if now is None else now)


def _resumable(app: Application[Any, Any, Any, Any, Any, Any], flow: str,
               state: object) -> bool:
    """Whether ``flow`` can be taken up again at ``state`` (its command's ``resume``)."""
    command = _command_in(app, flow)
    resume = command.flow.resume if command is not None and command.flow else None
    return resume is not None and bool(resume) and state in resume


def _record(state: object, draft: dict[str, Any], chat: int,
            seconds: float | None) -> dict[str, Any]:
    """A kept draft of a flow left at ``state`` in ``chat``, kept ``seconds`` from now
    (None: until its person comes back)."""
    return {"state": state, "draft": dict(draft), "chat": chat, "for": seconds,
            "until": time.time() + seconds if seconds else None}


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE, handler: IdleConversation,
               state: object, waited: float = 0.0) -> bool:
    """Keep the draft of ``handler``'s flow, just left at ``state``, and say so (not when
    ``update`` starts that flow anew: its start offers the draft); False when the flow
    cannot take it up again at that step (or has no draft). It is kept for the flow's
    idle timeout, or ``waited`` seconds when the flow would have waited longer (a draft
    refused at 提交 for the hour's limit, told it is kept until it may go: kept 15
    minutes, it was gone before then)."""
    flow = str(handler.name)
    d = current_draft(context, flow)
    chat = update.effective_chat
    if not _resumable(context.application, flow, state) or d is None or chat is None:
        return False
    timeout = max(handler.idle_timeout, waited) if handler.idle_timeout else None
    record = _record(state, d, chat.id, timeout)
    _kept(context)[flow] = record
    starts = context.application.bot_data.get(STARTS, {}).get(flow, ())
    if any(h.check_update(update) not in (None, False) for h in starts):
        return True
    text = t(context, NOTE, flow=_title(context, flow), span=_span(context, timeout)) if timeout \
        else t(context, "Your unfinished \"{flow}\" is kept: press \"Continue filling in\" to "
                        "go on with it.", flow=_title(context, flow))
    await reply(update, text, reply_markup=_buttons(context, flow, record, "no"))
    return True


# How long a draft whose flow ended idle is kept (its photos with it): she left her
# phone, and comes back later that day or the next morning.
IDLE_KEPT = 24 * 60 * 60
IDLE = "idle"  # a record's key: kept when its flow ended idle (taken up, it is not held)


def keep_ended(app: Application[Any, Any, Any, Any, Any, Any], data: dict[str, Any] | None,
               chat: int, flow: str, state: object) -> tuple[str, InlineKeyboardMarkup] | None:
    """Keep the draft of ``flow``, which just ended idle at ``state``, in ``data`` (its
    person's ``user_data``) for ``IDLE_KEPT``: what to tell her after "timed out" and its
    buttons (继续填写, 放弃). None when the flow cannot take it up again at that step, or
    nothing was entered in it (``STEPPED``). Before, only a report's or an opinion's
    words outlived the timeout (``keep_typed``): its category, photos and place, a fee
    report's amount, period and receipt, went with it."""
    d = (data or {}).get(DRAFT + flow)
    if data is None or not _resumable(app, flow, state) or not d or not stepped(data, flow):
        return None
    record = {**_record(state, d, chat, IDLE_KEPT), IDLE: True}
    data.setdefault(KEPT, {})[flow] = record
    data.pop(DRAFT + flow, None)  # the flow ended: its draft lives on in the kept one
    lang = data.get("lang")
    return (tr(lang, NOTE, flow=title(app, lang or DEFAULT_LANGUAGE, flow),
               span=span(lang, IDLE_KEPT)),
            _buttons_in(lang, flow, record, "no"))


TOLD = "told"  # a record's key: its owner was told once that a message missed it (``missed``)
MISSED = lazy("Sorry, your \"{flow}\" had timed out, so this message did not go into it. "
              "What you had entered is kept ({span} more): press \"Continue filling in\" to "
              "go on with it.")


async def missed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A message nothing took, sent after a flow of hers ended idle and was kept
    (``keep_ended``): say, once, that it did not go into the flow and that the draft is
    kept, with 继续填写 and 放弃 (the amount of a fee report typed after its timeout,
    say). False when there is no such draft, or she was told already. (Before, the flow's
    draft lingered, and she read that it was interrupted and nothing was saved.)"""
    records = (context.user_data or {}).get(KEPT) or {}
    now = time.time()
    waiting = [(f, r) for f, r in records.items()
               if r.get(IDLE) and not r.get(TOLD) and not _expired(r, now)]
    if not waiting:
        return False
    flow, record = max(waiting, key=lambda fr: fr[1].get("until") or 0)  # the latest kept
    for _, r in waiting:
        r[TOLD] = True
    await reply(update, t(context, MISSED, flow=_title(context, flow),
                          span=_span(context, record["until"] - now)),
                reply_markup=_buttons(context, flow, record, "no"))
    return True


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


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str
                   ) -> tuple[str, dict[str, Any]] | None:
    """The flow and kept draft (taken out) of a kept:<action> button, its press answered and
    its buttons taken off; None after saying why there is none."""
    await answer(update)
    args = button_args(update, PREFIX, action, 2)
    if args is None or _command(context, args[0]) is None:
        await refuse(update, context)
        return None
    flow, mark = args
    record = ((context.user_data or {}).get(KEPT) or {}).get(flow)
    if record is None or token(record) != mark:
        await reply(update, t(context, GONE, flow=_title(context, flow)),
                    reply_markup=await menu_of(update, context))
        return None
    await drop_buttons(update)
    _take(context, flow)
    if _expired(record):
        await _tell_expired(update, context, flow, record)
        return None
    return flow, record


async def _tell_expired(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                        record: dict[str, Any]) -> None:
    await reply(update, t(context, EXPIRED, flow=_title(context, flow),
                          span=_span(context, record.get("for") or 0)),
                reply_markup=await menu_of(update, context))


async def _may_take_up(update: Update, context: ContextTypes.DEFAULT_TYPE, command: Command,
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
        if area in await staff_areas(context, person):
            return True
        log.warning("refused a kept /%s of %s: no longer a volunteer there", flow, area)
        await reply(update, t(context, "You are no longer a volunteer of {area}: this unfinished "
                                       "\"{flow}\" cannot be taken up, and nothing was recorded.",
                              area=await area_name(context, str(area)),
                              flow=_title(context, flow)),
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


def _resume(command: Command) -> Callback:
    async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Puts the kept draft back (for a resident or volunteer of its area) and asks its
        step again."""
        got = await _pressed(update, context, "go")
        if got is None:
            return None  # a flow going on (a stale press does not leave it) goes on
        flow, record = got
        ask = (command.flow.resume or {}).get(record["state"]) if command.flow else None
        if ask is None:  # a step that is no longer taken up again (a newer version)
            await reply(update, t(context, GONE, flow=_title(context, flow)),
                        reply_markup=await menu_of(update, context))
            return None
        if not await _may_take_up(update, context, command, flow, record["draft"]):
            return None
        d = new_draft(context, flow, **record["draft"])
        context.user_data[RESUMED] = flow  # type: ignore[index]
        if record.get("until") is not None and not record.get(IDLE):
            # it waits, taken up, as long as it was kept (a draft refused for the hour's
            # limit); one kept after its flow ended idle waits as any flow does
            hold_idle(context, flow, record["until"] - time.time())
        said = await command.flow.so_far(context, d, record["state"]) \
            if command.flow and command.flow.so_far else []
        await reply(update, "\n".join(
            [t(context, "Going on with your \"{flow}\" where you left it:",
               flow=_title(context, flow))]
            + ([t(context, "Entered so far: {what}", what=" · ".join(said))] if said else [])))
        return await ask(update, context, d)

    return resume


THEN = "then"  # a record's key: the button that started its flow anew, offered it first


def _again(update: Update, data: str) -> Update:
    """``update``, a button's press, as if the button of ``data`` was pressed."""
    raw = update.to_dict()
    raw["callback_query"]["data"] = data
    return Update.de_json(raw, update.get_bot())


def _start_over(command: Command, others: list[CallbackQueryHandler[Any, Any]]) -> Callback:
    async def start_over(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Drops the kept draft and starts the flow anew (as the button that offered it
        would have: 📝 under her words starts with them)."""
        got = await _pressed(update, context, "new")
        if got is None:
            return None
        then = got[1].get(THEN)
        if isinstance(then, str):
            again = _again(update, then)
            for h in others:
                if h.check_update(again) not in (None, False):
                    return await h.callback(again, context)
        return await command.callback(update, context)

    return start_over


def _offering(command: Command, entry: Callback | None = None) -> Callback:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Offers the kept draft of this flow, if any; else starts it (as ``entry``, a
        button of the flow's own starting it another way, does: 📝 under words typed)."""
        flow = str(command.flow.name) if command.flow else ""
        record = ((context.user_data or {}).get(KEPT) or {}).get(flow)
        if record is not None and command.audience == Audience.VOLUNTEER and \
                record["draft"].get("area") not in await staff_areas(
                    context, await person_of(update, context)):
            _take(context, flow)  # no longer theirs to take up: not offered (the command
            record = None  # refuses someone no longer a volunteer, as before)
        if record is not None:
            await answer(update)  # a button's press (提问): its spinner stopped
        if record is not None and _expired(record):
            _take(context, flow)
            await _tell_expired(update, context, flow, record)
        elif record is not None:
            query = update.callback_query
            if entry is not None and query is not None and query.data:
                record[THEN] = query.data  # 重新开始 starts it as this button does
            else:
                record.pop(THEN, None)
            left = record["until"] - time.time() if record.get("until") else None
            text = t(context, OFFER, flow=_title(context, flow), span=_span(context, left)) \
                if left is not None else \
                t(context, "You have an unfinished \"{flow}\". Go on with it, or start a new "
                           "one?", flow=_title(context, flow))
            await reply(update, text, reply_markup=_buttons(context, flow, record, "new"))
            return END
        return await (entry or command.callback)(update, context)

    return start


def entry_points(app: Application[Any, Any, Any, Any, Any, Any], command: Command,
                 go: Callable[[Callback], BaseHandler[Any, Any, Any]]
                 ) -> list[BaseHandler[Any, Any, Any]]:
    """The entry points of ``command``'s flow: its command, menu button and go: button
    (``go(callback)``), which first offer a draft kept of it; its own; and kept:go /
    kept:new of it."""
    flow = command.flow
    assert flow is not None

    def starts(callback: Callback) -> list[BaseHandler[Any, Any, Any]]:
        menu = [MessageHandler(menu_filter(command.menu_label), callback)] \
            if command.menu_label else []
        return [CommandHandler(command.name, callback), go(callback), *menu]

    if not flow.resume:
        return [*starts(command.callback), *flow.entry_points]
    # a button starting it as its command does (提问 under 账目: ask:go) offers it too;
    # so does one starting it another way (📝 under words typed: rep:said), and 重新开始
    # then starts it that way. Before, 📝 started a new report, which replaced the kept
    # one (its photos too) when it was left in turn, without a word.
    same = [h for h in flow.entry_points
            if isinstance(h, CallbackQueryHandler) and h.callback is command.callback]
    others = [h for h in flow.entry_points
              if isinstance(h, CallbackQueryHandler) and h not in same]
    first = [*starts(_offering(command)),
             *(CallbackQueryHandler(_offering(command), pattern=h.pattern) for h in same),
             *(CallbackQueryHandler(_offering(command, h.callback), pattern=h.pattern)
               for h in others)]
    app.bot_data.setdefault(STARTS, {})[flow.name] = first
    name = re.escape(flow.name)
    return [*first, *(h for h in flow.entry_points if h not in same and h not in others),
            CallbackQueryHandler(_resume(command), pattern=rf"^{PREFIX}:go:{name}:"),
            CallbackQueryHandler(_start_over(command, others),
                                 pattern=rf"^{PREFIX}:new:{name}:")]


def stale_buttons(flow: str, prefix: str) -> CallbackQueryHandler[Any, Any]:
    """For the ``HANDLERS`` of a flow that keeps its drafts: its buttons (``<prefix>:``)
    pressed when it is not running. While its draft is kept she is told so, with 继续填写
    and 放弃; else, as ``bot.flows.ended_button``. Before, 提交 above a draft she had left
    with a menu button (told, refused for the hour's limit, to press it again later)
    read 已经收到了，不用再点 (nothing had been received) or that what it was for had
    ended and to start again from the menu (it was kept)."""

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        record = ((context.user_data or {}).get(KEPT) or {}).get(flow)
        if record is None or _expired(record):
            await ended_button(update, context)
            return
        await answer(update)
        until = record.get("until")
        left = _span(context, until - time.time()) if until is not None else None
        text = t(context, STILL_KEPT, flow=_title(context, flow), span=left) \
            if left is not None else \
            t(context, "This press did nothing: your unfinished \"{flow}\" is kept. Press "
                       "\"Continue filling in\" first, then go on from there.",
              flow=_title(context, flow))
        await reply(update, text, reply_markup=_buttons(context, flow, record, "no"))

    return CallbackQueryHandler(pressed, pattern=rf"^{prefix}:")


async def _discard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drops the kept draft (放弃)."""
    got = await _pressed(update, context, "no")
    if got is not None:
        await reply(update, t(context, "Your unfinished \"{flow}\" was discarded; nothing was "
                                       "saved.", flow=_title(context, got[0])),
                    reply_markup=await menu_of(update, context))


async def _other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A kept: button no flow took (forged, or of a flow that no longer keeps drafts)."""
    await answer(update)
    await refuse(update, context)


HANDLERS = [CallbackQueryHandler(_discard, pattern=rf"^{PREFIX}:no:"),
            CallbackQueryHandler(_other, pattern=rf"^{PREFIX}:")]


def keep_typed(user_data: dict[str, Any] | None, lang: str | None, flow: str,
               d: dict[str, Any] | None) -> tuple[str, InlineKeyboardMarkup] | None:
    """The words typed in ``flow``'s draft ``d`` (a report's description, an opinion),
    kept in ``user_data[SAID]``: the line saying so and its buttons; None when there are
    none (another flow, a voice message, nothing typed yet)."""
    text = TYPED[flow](d) if d and flow in TYPED and not d.get("voice") else None
    if not isinstance(text, str) or not text.strip() or user_data is None:
        return None
    user_data[SAID] = text
    return (tr(lang, SAID_KEPT, text=short(text, 300)),
            InlineKeyboardMarkup(said_rows(lang or DEFAULT_LANGUAGE,
                                           opinion_first=flow == "opinion")))


async def sweep_kept(context: Any) -> int:
    """The repeating job: drop the kept drafts whose time is over, telling their owners
    (and saving their data); how many."""
    app = context.application
    now = time.time()
    dropped = 0
    for uid, data in list(app.user_data.items()):
        records = data.get(KEPT)
        if not records:
            continue
        due = [(f, records.pop(f)) for f, r in list(records.items()) if _expired(r, now)]
        if not records:
            data.pop(KEPT, None)
        lang = data.get("lang")
        for flow, record in due:
            dropped += 1
            kept_for = span(lang, record.get("for") or 0)
            said = keep_typed(data, lang, flow, record.get("draft"))
            text = tr(lang, EXPIRED_SAID if said else EXPIRED,
                      flow=title(app, lang or "zh", flow), span=kept_for)
            try:
                await app.bot.send_message(record["chat"],
                                           text + ("\n" + said[0] if said else ""),
                                           reply_markup=said[1] if said else None)
            except Exception:  # noqa: BLE001 - one chat's failure must not stop the sweep
                log.warning("could not tell chat %s that its kept draft expired",
                            record.get("chat"))
            await _save(app, flow, record["chat"], uid)
    return dropped


async def _save(app: Any, flow: str, chat: int, user: int) -> None:
    """Save the user's data changed outside an update (as for a flow ended idle)."""
    keeper = keeper_of(app)
    handler = next((h for hs in app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation) and h.name == flow), None)
    if keeper is not None and handler is not None:
        await keeper.ended(handler, [(chat, user)])
