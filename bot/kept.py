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
house meanwhile), or for a volunteers' flow (/income, /expense, /propose, /meeting,
/proxy ...) only by someone still a volunteer of it (a revoked one is told so; nothing is recorded,
and a kept draft is recorded only at its flow's own last step, as before).
A flow whose takers differ says who may in its command's ``extra[MAY_TAKE_UP]`` (a
question: a resident or a supervisor of its area). An entry point of the flow that
starts it as its command does (提问, ``ask:go``) offers the kept draft as the command
does. Flows that say nothing of resuming drop their draft as before. A button of the
flow pressed while its draft is kept (提交 above the summary she left) did
nothing: she is told the draft is kept, with 继续填写 and 放弃 (``stale_buttons``).

A kept draft is bounded: ``sweep_kept`` (a repeating job) drops it a day
(``IDLE_KEPT``) after it was kept, and tells its owner so. It was dropped once its
flow's idle timeout (15 minutes) had passed: a resident who pressed 我的 in the middle
of a report and came back an hour later found it gone, while one who had left her phone
found hers kept a day. Taken up again, its flow waits as long as it would have when it
was left (``HELD``: the idle timeout, or longer for a draft refused at 提交 for the
hour's limit, ``bot.conversation.hold_idle``). Starting the same flow again (its menu
button) offers it too, and the note kept under it says so (``NOTE``).

A flow that ends idle (15 minutes without a step) keeps its draft the same way, for a
day (``keep_ended``, ``IDLE_KEPT``): she is told it timed out and is kept, with 继续填写
and 放弃, after a restart too (the draft lives in ``user_data[KEPT]``, its photos'
references with it, saved as her data is). Taken up, it waits as any flow does. A
message typed after the timeout that nothing takes is answered, once, that it missed the
flow and the draft is kept (``missed``).

What a kept draft is (its record, the words and buttons telling of it, who may take it
up) is in ``bot.kept_records``, re-exported here; this module keeps what reads the clock.
"""

from __future__ import annotations

import logging
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

from db import voice
from db.entries import MAX_MORE_VOICES
from db.voice import clock

from . import said_photos, said_voice
from .commands import Audience, Callback, Command
from .context import drop_buttons, person_of, reply, t
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
)
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .kept_records import (
    EXPIRED,
    EXPIRED_SAID,
    GONE,
    IDLE,
    KEPT,
    MAY_TAKE_UP,
    NOTE,
    OFFER,
    PREFIX,
    STARTS,
    STILL_KEPT,
    THEN,
    TIMED_OUT_SAID,
    TOLD,
    flow_title,
    keep_typed,
    kept_buttons,
    kept_buttons_in,
    kept_of,
    may_take_up,
    pressed_as,
    resumable,
    resumable_command,
    save_user,
    span,
    span_of,
    take_kept,
    tell_expired,
    title,
    token,
    valid,
    volunteers_draft,
)
from .menu import menu_filter, menu_of
from .private_only import PRIVATE_BUTTON, is_private
from .sending import deliver
from .staff import staff_areas

__all__ = ["KEPT", "PREFIX", "keep", "entry_points", "sweep_kept", "title", "HANDLERS",
           "keep_typed", "keep_said", "TIMED_OUT_SAID", "stale_buttons", "MAY_TAKE_UP",
           "keep_ended",
           "IDLE_KEPT", "span", "missed", "valid"]

log = logging.getLogger(__name__)


# said under NOTE of a draft left for a button or a command: her answer to it scrolls the
# note's 继续填写 away, and she comes back later
LATER = lazy("Or, later, press \"{flow}\" again: it offers what you had entered.")
# How long a draft is kept (its photos with it), whether its flow ended idle or was left
# for a menu button or a command: she left her phone, or looked something up, and comes
# back later that day or the next morning.
IDLE_KEPT = 24 * 60 * 60
# a kept record's key: the time.time() until which its flow, taken up, waits (the flow's
# idle timeout from when it was left, or longer: the hour's limit)
HELD = "held"


def _expired(record: dict[str, Any], now: float | None = None) -> bool:
    until = record.get("until")
    return until is not None and until <= (time.time() if now is None else now)


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
    if not resumable(context.application, flow, state) or d is None or chat is None:
        return False
    timeout = max(handler.idle_timeout, waited) if handler.idle_timeout else None
    # kept as long as a draft whose flow ended idle (she checks 我的, comes back an hour
    # later: it was kept the flow's 15 minutes, and gone); taken up, the flow waits as
    # long as it would have (HELD: a draft refused for the hour's limit, until it may go)
    record = _record(state, d, chat.id, max(timeout, IDLE_KEPT) if timeout else None)
    if timeout:
        record[HELD] = time.time() + timeout
    kept_of(context)[flow] = record
    starts = context.application.bot_data.get(STARTS, {}).get(flow, ())
    if any(h.check_update(update) not in (None, False) for h in starts):
        return True
    text = t(context, NOTE, flow=flow_title(context, flow),
             span=span_of(context, record["for"])) + "\n" + \
        t(context, LATER, flow=flow_title(context, flow)) if timeout \
        else t(context, "Your unfinished \"{flow}\" is kept: press \"Continue filling in\" to "
                        "go on with it.", flow=flow_title(context, flow))
    await reply(update, text, reply_markup=kept_buttons(context, flow, record, "no"))
    return True




def keep_ended(app: Application[Any, Any, Any, Any, Any, Any], data: dict[str, Any] | None,
               chat: int, flow: str, state: object) -> tuple[str, InlineKeyboardMarkup] | None:
    """Keep the draft of ``flow``, which just ended idle at ``state``, in ``data`` (its
    person's ``user_data``) for ``IDLE_KEPT``: what to tell her after "timed out" and its
    buttons (继续填写, 放弃). None when the flow cannot take it up again at that step, or
    nothing was entered in it (``STEPPED``). Before, only a report's or an opinion's
    words outlived the timeout (``keep_typed``): its category, photos and place, a fee
    report's amount, period and receipt, went with it."""
    d = (data or {}).get(DRAFT + flow)
    if data is None or not resumable(app, flow, state) or not d or not stepped(data, flow):
        return None
    record = {**_record(state, d, chat, IDLE_KEPT), IDLE: True}
    data.setdefault(KEPT, {})[flow] = record
    data.pop(DRAFT + flow, None)  # the flow ended: its draft lives on in the kept one
    lang = data.get("lang")
    return (tr(lang, NOTE, flow=title(app, lang or DEFAULT_LANGUAGE, flow),
               span=span(lang, IDLE_KEPT)),
            kept_buttons_in(lang, flow, record, "no"))


MISSED = lazy("Sorry, you had not answered for a while, so \"{flow}\" was stopped and this "
              "message did not go into it. What you had entered is kept ({span} more): "
              "press \"Continue filling in\" to go on with it.")


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
    await reply(update, t(context, MISSED, flow=flow_title(context, flow),
                          span=span_of(context, record["until"] - now)),
                reply_markup=kept_buttons(context, flow, record, "no"))
    return True


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str
                   ) -> tuple[str, dict[str, Any]] | None:
    """The flow and kept draft (taken out) of a kept:<action> button, its press answered and
    its buttons taken off; None after saying why there is none. Pressed in a group it was
    not kept in (forged, forwarded): nothing, the draft kept (its steps say what it holds)."""
    args = button_args(update, PREFIX, action, 2)
    record = ((context.user_data or {}).get(KEPT) or {}).get(args[0]) if args else None
    chat = update.effective_chat
    if record is not None and not is_private(update) and chat is not None \
            and record.get("chat") != chat.id:
        await answer(update, t(context, PRIVATE_BUTTON))
        return None
    await answer(update)
    if args is None or resumable_command(context, args[0]) is None:
        await refuse(update, context)
        return None
    flow, mark = args
    record = ((context.user_data or {}).get(KEPT) or {}).get(flow)
    if record is None or token(record) != mark:
        await reply(update, t(context, GONE, flow=flow_title(context, flow)),
                    reply_markup=await menu_of(update, context))
        return None
    await drop_buttons(update)
    take_kept(context, flow)
    if _expired(record):
        await tell_expired(update, context, flow, record)
        return None
    return flow, record


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
            await reply(update, t(context, GONE, flow=flow_title(context, flow)),
                        reply_markup=await menu_of(update, context))
            return None
        if not await may_take_up(update, context, command, flow, record["draft"]):
            return None
        d = new_draft(context, flow, **record["draft"])
        context.user_data[RESUMED] = flow  # type: ignore[index]
        held = record.get(HELD, None if record.get(IDLE) else record.get("until"))
        if isinstance(held, (int, float)) and held > time.time():
            # it waits, taken up, as long as the flow would have (a draft refused for the
            # hour's limit); one kept after its flow ended idle waits as any flow does
            # (a record kept before HELD was: until it expired)
            hold_idle(context, flow, held - time.time())
        said = await command.flow.so_far(context, d, record["state"]) \
            if command.flow and command.flow.so_far else []
        await reply(update, "\n".join(
            [t(context, "Going on with your \"{flow}\" where you left it:",
               flow=flow_title(context, flow))]
            + ([t(context, "Entered so far: {what}", what=" · ".join(said))] if said else [])))
        return await ask(update, context, d)

    return resume


def _start_over(command: Command, others: list[CallbackQueryHandler[Any, Any]]) -> Callback:
    async def start_over(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Drops the kept draft and starts the flow anew (as the button that offered it
        would have: 📝 under her words starts with them)."""
        got = await _pressed(update, context, "new")
        if got is None:
            return None
        then = got[1].get(THEN)
        if isinstance(then, str):
            again = pressed_as(update, then)
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
                not volunteers_draft(record["draft"], await staff_areas(
                    context, await person_of(update, context))):
            take_kept(context, flow)  # no longer theirs to take up: not offered (the command
            record = None  # refuses someone no longer a volunteer, as before)
        if record is not None:
            await answer(update)  # a button's press (提问): its spinner stopped
        if record is not None and _expired(record):
            take_kept(context, flow)
            await tell_expired(update, context, flow, record)
        elif record is not None:
            query = update.callback_query
            if entry is not None and query is not None and query.data:
                record[THEN] = query.data  # 重新开始 starts it as this button does
            else:
                record.pop(THEN, None)
            left = record["until"] - time.time() if record.get("until") else None
            text = t(context, OFFER, flow=flow_title(context, flow), span=span_of(context, left)) \
                if left is not None else \
                t(context, "You have an unfinished \"{flow}\". Go on with it, or start a new "
                           "one?", flow=flow_title(context, flow))
            await reply(update, text, reply_markup=kept_buttons(context, flow, record, "new"))
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
        left = span_of(context, until - time.time()) if until is not None else None
        text = t(context, STILL_KEPT, flow=flow_title(context, flow), span=left) \
            if left is not None else \
            t(context, "This press did nothing: your unfinished \"{flow}\" is kept. Press "
                       "\"Continue filling in\" first, then go on from there.",
              flow=flow_title(context, flow))
        await reply(update, text, reply_markup=kept_buttons(context, flow, record, "no"))

    return CallbackQueryHandler(pressed, pattern=rf"^{prefix}:")


async def _discard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drops the kept draft (放弃)."""
    got = await _pressed(update, context, "no")
    if got is not None:
        await reply(update, t(context, "Your unfinished \"{flow}\" was discarded; nothing was "
                                       "saved.", flow=flow_title(context, got[0])),
                    reply_markup=await menu_of(update, context))


async def _other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A kept: button no flow took (forged, or of a flow that no longer keeps drafts)."""
    await answer(update)
    await refuse(update, context)


HANDLERS = [CallbackQueryHandler(_discard, pattern=rf"^{PREFIX}:no:"),
            CallbackQueryHandler(_other, pattern=rf"^{PREFIX}:")]


def _spoken(flow: str, d: dict[str, Any]) -> tuple[tuple[str, int], said_voice.Parts] | None:
    """The voice messages a report's or an opinion's draft holds: the first (its reference,
    length), the further ones and the words typed beside them."""
    held: Any = d if flow == "report" else d.get("data") or {} if flow == "opinion" else {}
    spoken = d.get("spoken") if flow == "opinion" else None  # said before choosing (SPOKEN)
    if not isinstance(held.get("voice"), str) and isinstance(spoken, list) and len(spoken) == 2:
        held = {"voice": spoken[0], "voice_seconds": spoken[1]}
    elif not isinstance(held.get("voice"), str) and isinstance(spoken, dict):
        held = spoken
    ref, seconds = held.get("voice"), held.get("voice_seconds")
    if not isinstance(ref, str):
        return None
    refs, lengths = held.get("voice_more") or [], held.get("voice_more_seconds") or []
    more = [(r, n) for r, n in zip(refs, lengths, strict=False)
            if isinstance(r, str) and isinstance(n, int)] \
        if isinstance(refs, list) and isinstance(lengths, list) else []
    seconds = seconds if isinstance(seconds, int) else 0
    first = max(0, seconds - sum(n for _, n in more))  # told in parts: the first one's length
    said = d.get("said") if flow == "opinion" and isinstance(d.get("said"), str) else ""
    typed = " ".join(w for w in (voice.typed_words(held), said) if w)
    return (ref, first), said_voice.Parts(more, typed)


def _keep_photos(data: dict[str, Any], d: dict[str, Any]) -> int:
    """The photos of a draft ended unsent, kept a day more with those sent alone (as a
    photo sent alone is: ``bot.said_photos``), for the report or the opinion she sends
    its voice or words as; how many. They went with the draft."""
    refs = [r for r in d.get("photos") or [] if isinstance(r, str)]
    if not refs:
        return 0
    said_photos.keep_in(data, refs)
    return len(refs)


def keep_said(data: dict[str, Any] | None, lang: str | None, flow: str,
              d: dict[str, Any] | None) -> tuple[str, InlineKeyboardMarkup] | None:
    """``keep_typed``; for a report or an opinion told by voice messages, the voices kept
    a day more (``bot.said_voice``: every one, with the words typed beside them) with the
    buttons that send them, and the line saying so. Its photos are kept too.

    A voice report left idle, kept a day with 继续填写, ended "nothing was sent" and its
    voice was gone: a typed one's words were kept to be sent. Then only its first voice
    was kept: the rest of what she said, her typed words and her photos were lost."""
    said = keep_typed(data, lang, flow, d)
    spoken = _spoken(flow, d) if said is None and d and data is not None else None
    photos = _keep_photos(data, d) if data is not None and d and (said or spoken) else 0
    if spoken is None or data is None:
        return (said[0] + "\n" + tr(lang, PHOTOS_KEPT, count=photos), said[1]) \
            if said and photos else said
    first, parts = spoken
    first, parts, window, left_out = _with_kept(data, first, parts)
    said_voice.keep_parts(data, first, parts, window)
    count = 1 + len(parts.more)
    lines = [tr(lang, said_voice.VOICE_KEPT_AGAIN, length=clock(first[1])) if count == 1 else
             tr(lang, VOICES_KEPT_AGAIN, count=count,
                length=clock(first[1] + sum(n for _, n in parts.more)))]
    if parts.typed:
        lines.append(tr(lang, TYPED_KEPT, text=parts.typed[:300]))
    if photos:
        lines.append(tr(lang, PHOTOS_KEPT, count=photos))
    if left_out:
        lines.append(tr(lang, VOICES_LEFT_OUT, count=left_out, max=MAX_MORE_VOICES + 1))
    return "\n".join(lines), said_voice.markup_in(lang or DEFAULT_LANGUAGE)


def _with_kept(data: dict[str, Any], first: tuple[str, int], parts: said_voice.Parts
               ) -> tuple[tuple[str, int], said_voice.Parts, int, int]:
    """The draft's voices (``first``, ``parts``) with those kept for her already outside
    any flow (sent alone, or to a step that takes none, while the draft waited): the
    first, the rest, the window to keep them for (a longer one kept stays) and how many
    did not fit in one report (``MAX_MORE_VOICES`` past the first). Before, the draft's
    voices took the place of those kept, lost without a word."""
    found = said_voice.kept_of(data)
    noted = said_voice.noted(data)
    if found is None or noted is None:
        return first, parts, said_voice.WINDOW, 0
    before = said_voice.parts_of(data)
    seen = {first[0], *(r for r, _ in parts.more)}
    extra = [(r, n) for r, n in [found, *before.more] if r not in seen]
    more = [*parts.more, *extra]
    typed = " ".join(w for w in (parts.typed, before.typed) if w)
    window = max(said_voice.WINDOW, noted[3])
    return first, said_voice.Parts(more[:MAX_MORE_VOICES], typed), window, \
        max(0, len(more) - MAX_MORE_VOICES)


VOICES_KEPT_AGAIN = lazy("Your {count} voice messages ({length} in all) are kept for you one "
                         "more day: to pass them to the volunteers, press a button below.")
VOICES_LEFT_OUT = lazy("{count} of your voice messages could not be kept with them: a report or "
                       "an opinion takes at most {max}. If something is missing, type it when "
                       "you send it.")
TYPED_KEPT = lazy("The words you typed with them are kept too: “{text}”.")
PHOTOS_KEPT = lazy("Your photos ({count}) are kept too, and go with it.")


async def sweep_kept(context: Any) -> int:
    """The repeating job: drop the kept drafts whose time is over, telling their owners
    (and saving their data); how many."""
    app = context.application
    now = time.time()
    dropped = 0
    await said_photos.sweep(app, now)  # photos sent without a report, a day on
    await said_voice.sweep(app, now)  # a voice message sent without a report, too
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
            said = keep_said(data, lang, flow, record.get("draft"))
            text = tr(lang, EXPIRED_SAID if said else EXPIRED,
                      flow=title(app, lang or "zh", flow), span=kept_for)
            # saved first: a kill between the two then loses the message at most, where
            # told first it left the draft saved, and the next start told her again
            await save_user(app, flow, record["chat"], uid)
            try:
                await deliver(app, record["chat"], text + ("\n" + said[0] if said else ""),
                              reply_markup=said[1] if said else None)
            except Exception:  # noqa: BLE001 - one chat's failure must not stop the sweep
                log.warning("could not tell chat %s that its kept draft expired",
                            record.get("chat"))
    return dropped



