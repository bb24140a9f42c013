"""A person's rights (PIPL arts. 45-47), from the chat: /mydata says everything
kept about them, each of their entries listed by kind with whether it is public
(a page at a time: ``md:p:<page>``), and sends it as a JSON file on a button
(``md:file``); /forget, after a confirmation, deletes their
personal data (published records keep the role only); /correct asks for the
corrected text of something they published, and a reason, and submits a public
correction a volunteer reviews (``db.privacy``). /mydata also says how a resident
stands to their home, with a button to change it (``bot.handlers.relation``).

/correct is written as ``bot.flows`` says: buttons ``cor:e:<entry id>`` (which
entry), ``cor:skip`` (no reason), ``cor:ok``, ``cor:back:<step>`` and ``cor:keep:<step>``
(⬅️ 上一步 and 不改，继续, ``bot.step_back``: the summary to the reason, the reason to the
text, the text to the list, each shown with what she wrote kept) and ``cor:cancel``. /forget's two
buttons (``fg:ok``, ``fg:cancel``) need no state: the confirmation is checked
again against the person when pressed.

/mydata is written in ``bot.handlers.mydata``, /forget in ``bot.handlers.forget``,
/correct's steps in ``bot.handlers.correct``; the commands of all three are listed here.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from .. import kept
from ..commands import Command, Flow
from ..context import entry_or_none, person_of, reply, t
from ..flows import (
    ALREADY,
    PHOTO,
    STEP_BACK,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    current_draft,
    gone,
    refuse,
    unexpected,
)
from ..i18n import lazy
from ..menu import menu_of
from ..presses import repeated
from ..stale import EARLIER_STEP
from ..step_back import Handler, back_of, back_pressed, keep_typed, stepping
from ..step_buttons import shown
from .correct import (
    CONFIRM,
    FLOW,
    PICKING,
    PREFIX,
    REASON,
    REASON_AGAIN,
    TEXT,
    TEXT_AGAIN,
    ask_pick,
    ask_reason,
    ask_text,
    correct_start,
    correctable,
    markup,
    media_at,
    on_cancel,
    on_choose,
    on_no_reason,
    on_partial,
    on_reason,
    on_submit,
    on_text,
    on_voice,
    on_voice_at_reason,
    receipt,
    summary,
)

# /mydata and /forget: kept importable from here, where the bot looks for them
from .forget import FORGET, finish_forget, forget, on_forget
from .mydata import KEPT, mydata, on_kept

__all__ = ["COMMANDS", "HANDLERS", "mydata", "forget", "receipt", "FLOW", "PREFIX",
           "finish_forget"]

# -- one step back (bot.step_back) ----------------------------------------------------

async def _go_back(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   to: Any) -> object:
    """Asks the step ``to`` again; what she wrote is kept."""
    if to == "pick":
        return await ask_pick(update, context, d)
    if to == "reason":
        return await ask_reason(update, context, d)
    entry = await entry_or_none(context, int(d.get("id") or 0))
    person = await person_of(update, context)
    if entry is None or not correctable(person, entry):
        return await gone(update, context)
    return await ask_text(update, context, entry)


async def _stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Refuses an older message's ⬅️ 上一步 or 不改，继续 and asks the step she is at again.

    From what the draft holds: its first state asks the list and the text."""
    if repeated(update, context):
        await answer(update, t(context, ALREADY))
        return None
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    await reply(update, t(context, EARLIER_STEP))
    if d.get(PICKING):
        return await ask_pick(update, context, d)
    at = back_of(d)
    if at == "text":
        return await ask_reason(update, context, d)
    if at == "reason" and d.get("text"):
        return await summary(update, context, d)
    return await _go_back(update, context, d, "text")


_STEPS = ("pick", "text", "reason")
_back = back_pressed(FLOW, PREFIX, _STEPS, _go_back)


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Goes one step back (⬅️ 上一步), keeping what she wrote."""
    args = button_args(update, PREFIX, "back", 1)
    d = current_draft(context, FLOW)
    if d is not None and args is not None and args[0] in _STEPS and back_of(d) != args[0]:
        return await _stale(update, context)  # an older message's: the step again
    return await _back(update, context)
_step = stepping(FLOW, _go_back)


def _keeping(step: str, handler: Handler) -> Handler:
    """``handler`` of what is typed at ``step``, 上一步 taken as ⬅️ 上一步 and 不改 (继续)
    at the step she came back to as its 不改，继续."""
    async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        d = current_draft(context, FLOW)
        if d is not None and d.get(step) and not d.get(PICKING) and keep_typed(update):
            return await _go_on(update, context, d, step)
        return await handler(update, context)
    typed_at.__doc__ = handler.__doc__
    typed_at.__name__ = getattr(handler, "__name__", "typed_at")
    return _step(typed_at)


async def _go_on(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                 step: str) -> object:
    return await (ask_reason(update, context, d) if step == "text"
                  else summary(update, context, d))


def _keep_pressed(step: str) -> Handler:
    async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Goes on with what the step she came back to holds (不改，继续)."""
        args = button_args(update, PREFIX, "keep", 1)
        if args is not None and args[0] in ("text", "reason") and args[0] != step:
            return await _stale(update, context)
        await answer(update)
        d = current_draft(context, FLOW)
        if d is None:
            return await gone(update, context)
        if args is None or not d.get(step):
            return await refuse(update, context)
        return await _go_on(update, context, d, step)
    return on_keep


async def _summary_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Shows the correction to submit again (上一步 typed there: the reason)."""
    d = current_draft(context, FLOW)
    return await summary(update, context, d) if d and d.get("text") else \
        await gone(update, context)


async def _may_take_up(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> bool:
    """Whether the presser may still correct the kept correction's text (its author, or a
    volunteer of its area, as at the start); says why not."""
    if not d.get("id"):  # at the list of her own texts: each is checked when chosen
        return True
    entry = await entry_or_none(context, int(d["id"]))
    if entry is not None and correctable(await person_of(update, context), entry):
        return True
    await reply(update, t(context, "You can no longer correct #{id}: nothing was recorded.",
                          id=d["id"]), reply_markup=await menu_of(update, context))
    return False




# Each step asked again for a draft left in the middle, kept and taken up (bot.kept):
# 上一步 at the first step leaves keeping it, as in the other flows
RESUME = {TEXT: lambda u, c, d: ask_pick(u, c, d) if d.get(PICKING) or not d.get("id")
          else _go_back(u, c, d, "text"),
          REASON: lambda u, c, d: ask_reason(u, c, d),
          CONFIRM: lambda u, c, d: summary(u, c, d) if d.get("text")
          else _go_back(u, c, d, "text")}

STATES: dict[object, list[Any]] = {
    TEXT: [*buttons(PREFIX, {"e": on_choose, "keep": _keep_pressed("text"), "back": on_back,
                             "cancel": on_cancel, "add": on_partial, "whole": on_partial}),
           MessageHandler(TEXT_INPUT, _keeping("text", on_text)),
           # a voice message is the correction (typed by the volunteer who approves it); a
           # photo is kept, and said why a correction is words
           MessageHandler(filters.VOICE, on_voice),
           MessageHandler(PHOTO, media_at(TEXT_AGAIN)),
           # a sticker: the step's buttons below, not a scroll away
           *unexpected(TEXT_AGAIN, markup=lambda c: markup(c))],
    REASON: [*buttons(PREFIX, {"skip": on_no_reason, "keep": _keep_pressed("reason"),
                               "back": on_back, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, _keeping("reason", on_reason)),
             # a voice: more of the correction, added to it (typed words kept beside)
             MessageHandler(filters.VOICE, on_voice_at_reason),
             MessageHandler(PHOTO, media_at(REASON_AGAIN, reason=True)),
             *unexpected(REASON_AGAIN, markup=lambda c: markup(c, reason=True))],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "back": on_back, "keep": _stale,
                                "cancel": on_cancel}),
              MessageHandler(TEXT_INPUT & filters.Regex(STEP_BACK), _step(_summary_again)),
              *unexpected(lazy("Please press Submit or Cancel above."),
                          markup=shown(FLOW, CONFIRM))],
}

COMMANDS = [
    Command("mydata", "See everything kept about you", mydata, order=70),
    Command("correct", "Correct something you published: /correct N", correct_start, order=71,
            extra={"title": lazy("Correction"), kept.MAY_TAKE_UP: _may_take_up},
            flow=Flow(FLOW, STATES, resume=RESUME)),
    Command("forget", "Delete your personal data", forget, order=72),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX),
            CallbackQueryHandler(on_forget, pattern=f"^{FORGET}:"),
            CallbackQueryHandler(on_kept, pattern=f"^{KEPT}:")]
