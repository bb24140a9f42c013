"""How a multi-step flow is written here, and the pieces every flow uses.

A flow is a short conversation that a command (or its main-menu button)
starts: /report, /pay, /opinion, /income, /expense, /propose, the reason of
a /reject. Residents' flows and volunteers' flows are written the same way,
after python-telegram-bot's own examples (``conversationbot.py``,
``inlinekeyboard.py``):

1. **One module per flow** under ``bot/handlers/``. At its top come the
   flow's name, its callback-data prefix and its states, as named constants::

       FLOW = "pay"            # the conversation's name (bot/state.py) and its draft
       PREFIX = "pay"          # every button of the flow: pay:<action>[:<arg>...]
       FEE, PERIOD = states(FLOW, "fee", "period")   # "pay:fee", "pay:period"

   State values are kept with a persisted conversation: do not rename the
   states of a flow people may be in.

2. **The draft is kept in one place**: ``draft(context, FLOW)``, a dict in
   ``user_data["flow:<FLOW>"]``, saved with the conversation's state after each
   step (``bot.state``). The
   flow's first callback starts a fresh one (``new_draft``), the step that
   stores the entry drops it (``drop_draft``), and /cancel, a command or a
   main-menu button in the middle of a flow drop every draft
   (``drop_drafts``): the button or command then acts at once, after a word on
   what was not kept (``bot.leaving``) — or, in a flow that can ask each step
   again (``Flow(..., resume=...)``: a resident's, and every volunteer's of several
   steps with ⬅️ 上一步: /income, /expense, /propose, /meeting, /proxy ...),
   with 继续填写 under its draft, kept aside (``bot.kept``). Nothing reaches the
   store before the last step.

3. **One callback per step**, with a one-line imperative docstring saying
   what it stores and what it asks next ("Stores the fee type and asks for
   the period."). It returns the next state; ``None`` to stay at the step
   (bad input: say what is wrong and lose nothing); or ``END``.

4. **A button callback answers the press first** (``await answer(update)``:
   the phone's spinner stops whatever happens next), then reads the button
   strictly: ``button_args(update, PREFIX, action, n)`` gives exactly ``n``
   fields or None, and every value is checked against the draft and the
   store, for clients forge callback data. Whatever does not fit:
   ``return await refuse(update, context)`` says the button no longer works,
   and nothing changes. A callback that needs the draft takes it with
   ``current_draft`` and, if it is gone (lost in a restart), ends the flow
   with ``return await gone(update, context)``.

5. **Permissions are checked again where they matter**: at the start
   (``bot.resident.require_resident``, ``bot.staff.require_staff``) and in
   the step that writes (someone may have moved house or lost a role in the
   meantime). The repository checks them once more.

6. **A step's handlers** are listed in the flow's ``STATES`` table:
   ``buttons(PREFIX, {action: callback})`` for the buttons the step takes
   (any other ``<PREFIX>:`` button pressed at that step is refused),
   ``MessageHandler(TEXT_INPUT, callback)`` for typed text, and last
   ``unexpected(prompt)``: anything not taken gets the step's prompt again (a
   main-menu button has left the flow before: ``bot.leaving``). The module's
   ``COMMANDS`` entry carries ``Flow(FLOW, STATES)``; ``bot.app`` adds /cancel,
   the idle timeout and persistence. Its ``HANDLERS`` hold ``stale_buttons(PREFIX)``, which
   refuses the flow's buttons pressed after it ended.

7. **A confirmation applies to the draft the user saw.** The keyboard under a
   summary is ``sealed(keyboard, d)``: each button's data ends with ``~`` and a
   short digest of the draft (``seal``). The step that confirms checks
   ``matches(update, d)`` first and, if the draft is not the one the summary
   showed (one restored from before a restart, or from a backup), saves
   nothing and shows the summary again (``changed``). A button without a
   seal (sent before seals existed) is taken as before. A summary whose
   buttons are ``<prefix>:ok:1`` / ``<prefix>:ok:0`` takes its press with
   ``confirmed``, which does all of this (and Cancel) in one call.

A picker whose whole state fits in its buttons (registration's compound ->
building -> unit -> room) needs neither states nor a draft: its buttons are
plain ``HANDLERS``, written by rules 4 and 5.

The draft and the seal of its summaries (rules 2 and 7) are in ``bot.drafts``, re-exported
here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from db.checks import without_hidden

from .context import drop_buttons, reply, t
from .drafts import (
    DRAFT,
    SEAL,
    current_draft,
    draft,
    drop_draft,
    drop_drafts,
    matches,
    new_draft,
    seal,
    sealed,
    states,
)
from .files import photo_of
from .i18n import lazy
from .kept_photos import keep_in_flow as keep_photo_in_flow
from .kept_voice import keep_in_flow
from .kept_voice import markup as voice_buttons
from .keyboards import button, rows
from .menu import MENU_TEXT, menu_of
from .presses import repeated
from .sent_before import ended_words
from .stale import NOT_ASKED, ask_step_again

__all__ = ["END", "DRAFT", "ALREADY", "states", "draft", "new_draft", "current_draft",
           "drop_draft", "SEAL",
           "seal", "sealed", "matches", "changed", "confirmed", "Answered",
           "drop_drafts", "answer", "button_args", "refuse", "REFUSED", "yes_or_cancel", "gone",
           "stale_button", "ended_button", "stale_buttons", "buttons", "unexpected",
           "menu_interrupt", "cancel", "interrupted", "leave",
           "TEXT_INPUT", "CANCEL_TEXT", "PHOTO", "MAX_INPUT", "clean_text", "typed", "keyboard",
           "ASKED_YES_NO",
           "index_of", "short"]

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]

END = ConversationHandler.END
MAX_INPUT = 2000  # characters accepted in one free-text step
# 取消 typed alone, as the Cancel button says: leaves the flow like /cancel (bot.app).
# Also as people say it of what they were doing: 不报了, 我先不交了 (不报了 went on
# the report's description, found trying the real ``steward run`` as a resident).
# Not 不发了 or 不用了: at the photos step they say "no (more) photos".
_GIVE_UP = (r"(?:那|那就|还是|哎|唉)?(?:我)?(?:先)?(?:取消|取消吧|不要了|算了|算了吧|"
            r"不(?:想)?(?:报|提|交|登记|填|办|弄|写|投|做)了|[Cc]ancel)")
# 算了, 不报了, and the two said together (算了 不报了, 那算了吧: kept as a description)
CANCEL_TEXT = filters.Regex(rf"^\s*{_GIVE_UP}(?:[\s,，、。.!！]*{_GIVE_UP})?[\s。.!！]*$")
# Typed text in a step: not a command, not a main-menu button, not 取消.
TEXT_INPUT = filters.TEXT & ~filters.COMMAND & ~MENU_TEXT & ~CANCEL_TEXT
# A photo, or an image sent as a file.
PHOTO = filters.PHOTO | filters.Document.IMAGE
# A draft's key while its step shows ⬅️ 上一步 (Back): 上一步 typed there is the step's to
# take as its button (bot.leaving lets it through instead of leaving the flow).
BACK_STEP = "back_step"
STEP_BACK = re.compile(r"^\s*(返回上一步|回到上一步|上一步|后退|[Bb]ack)[\s。.!！]*$")


# -- buttons --------------------------------------------------------------------


async def answer(update: Update, text: str | None = None) -> None:
    """Answer a button press (stops the spinner); never fails the handler."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text[:200] if text else None)
    except Exception:  # noqa: BLE001 - an expired query must not stop the reply
        pass


def button_args(update: Update, prefix: str, action: str, count: int) -> list[str] | None:
    """The ``count`` fields after ``<prefix>:<action>`` of the pressed button (its
    seal left out); None when it is another button or has another number of
    fields (or an empty one)."""
    query = update.callback_query
    data = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    fields = data.split(":") if data else []
    if fields[:2] != [prefix, action] or len(fields) != count + 2 or "" in fields[2:]:
        return None
    return fields[2:]


# -- summaries: a confirmation applies to the draft the user saw ------------------------
# (the draft and its seal: bot.drafts)


async def changed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  show: Callable[[], Coroutine[Any, Any, Any]]) -> object:
    """A summary confirmed whose draft is not the one it showed: an earlier summary's
    button, pressed after 修改 changed the draft (or a draft restored from before a
    restart): save nothing, say so, and show the summary of the draft as it is. It said
    "(the bot was restarted in between)" of an old 提交 scrolled back to after an edit."""
    await reply(update, t(context, "Nothing was saved: the summary with the button you "
                                   "pressed is not what would be sent now (it was changed "
                                   "since, say). Please look at the summary below and, if "
                                   "it is right, press the button under it."))
    return await show()


@dataclass(frozen=True)
class Answered:
    """What ``confirmed`` gives when the press is already answered: the state to
    return."""

    state: object


async def confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                    prefix: str, show: Callable[[dict[str, Any]], Coroutine[Any, Any, Any]],
                    *, cancelled: str | None = None,
                    more: Sequence[str] = ()) -> dict[str, Any] | Answered:
    """The confirm step of a summary sent with ``sealed(..., f"{prefix}:ok")`` and the
    buttons ``<prefix>:ok:1`` (go) / ``<prefix>:ok:0`` (cancel): answers the press
    and gives the draft to apply, or ``Answered(state)`` when there is nothing to
    apply — the draft gone (``gone``), a forged button (``refuse``), Cancel (says
    nothing was saved, or ``cancelled``), or a draft that is not the one the summary
    showed (``changed``: ``show(draft)`` shows it again to confirm anew). The draft
    is dropped before it is given: a second press finds nothing to apply. Cancel takes
    the summary's buttons off; the caller does once it has stored what was confirmed
    (``drop_buttons``, before its receipt). ``more``: further going buttons the summary
    offered (``<prefix>:ok:2``, 隐去“老杨”再发: ``bot.handlers.called_confirm``), taken as
    ``1`` is."""
    await answer(update)
    d = current_draft(context, flow)
    if d is None:
        return Answered(await gone(update, context))
    args = button_args(update, prefix, "ok", 1)
    if args is None or args[0] not in ("0", "1", *more):
        return Answered(await refuse(update, context))
    if args[0] != "0" and not matches(update, d):
        return Answered(await changed(update, context, lambda: show(d)))
    drop_draft(context, flow)
    if args[0] == "0":
        await drop_buttons(update)  # answered: the summary's buttons are done
        await reply(update, cancelled or t(context, "Cancelled. Nothing was saved."))
        return Answered(END)
    return d


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE,
                 text: str | None = None) -> object:
    """A stale or forged button (already answered): say so; nothing changes. Returns
    None, so that ``return await refuse(...)`` keeps a flow at its step."""
    await reply(update, text or t(context, REFUSED))
    return None


# a forged or unknown button: what to do next (it was 这个按钮已失效。 alone, and she
# did not know whether to press it again, wait, or start over)
REFUSED = lazy("That button is no longer valid; this press did nothing. Press a button under "
               "the latest message, or use the menu below; if you cannot see the menu, send "
               "/start.")


ASKED_YES_NO = "asked:yes_no"  # a question of bot.asked, typed answers to it taken


async def yes_or_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str,
                        cancelled: str) -> bool:
    """A question's Yes (``<prefix>:ok``) or Cancel (``<prefix>:cancel``) pressed: True
    for Yes. Either takes the question's buttons away (a tap days later, scrolling,
    changes nothing without a new question); Cancel is told ``cancelled`` and a forged
    press is refused, both False."""
    await answer(update)
    query = update.callback_query
    action = (query.data or "") if query else ""
    if action not in (f"{prefix}:ok", f"{prefix}:cancel"):
        await refuse(update, context)
        return False
    await drop_buttons(update)
    if context.user_data is not None:
        context.user_data.pop(ASKED_YES_NO, None)  # answered: typed words no longer are
    if action == f"{prefix}:cancel":
        await reply(update, cancelled)
        return False
    return True


async def gone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A button of a flow whose draft is gone (lost in a restart): refuse it and end
    the flow."""
    await refuse(update, context)
    return END


ALREADY = lazy("Received already; no need to press again.")


async def answer_once(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Answers a press; False for the same button pressed again at once (a double tap:
    only a note on the button, ``ALREADY``), which must do nothing more."""
    if repeated(update, context):
        await answer(update, t(context, ALREADY))
        return False
    await answer(update)
    return True


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Refuses a flow's button pressed at the wrong step and asks the step it is at again.

    With its buttons (``bot.stale``); only refused when the flow cannot ask it again.

    The same button pressed again at once only gets a note on it (``bot.presses``)."""
    if repeated(update, context):
        await answer(update, t(context, ALREADY))
        return None
    await answer(update)
    state = await ask_step_again(update, context, lambda flow: current_draft(context, flow))
    if state is NOT_ASKED:
        return await refuse(update, context)
    return state


def buttons(prefix: str, actions: Mapping[str, Callback]) -> list[CallbackQueryHandler]:
    """The buttons one step accepts: ``<prefix>:<action>[:...]`` goes to the action's
    callback; any other ``<prefix>:`` button pressed at this step is refused."""
    return [*(CallbackQueryHandler(callback,
                                   pattern=rf"^{prefix}:{re.escape(action)}(:|{SEAL}|$)")
              for action, callback in actions.items()),
            CallbackQueryHandler(stale_button, pattern=rf"^{prefix}:")]


ENDED = lazy("That button is no longer valid: what it was for has ended, and this press did "
             "nothing. What you sent is under \"Mine\"; to start again, use the menu below.")


async def ended_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuses a flow's button pressed after the flow ended (timed out, cancelled, done),
    saying it did nothing, where to look, and with the menu to start again; the same
    button pressed again at once (it ended the flow) only gets a note on it."""
    if repeated(update, context):
        await answer(update, t(context, ALREADY))
        return
    await answer(update)
    await reply(update, await ended_words(update, context, t(context, ENDED)),  # 提交 again
                reply_markup=await menu_of(update, context))


def stale_buttons(prefix: str) -> CallbackQueryHandler:
    """For a flow's ``HANDLERS``: its buttons pressed when it is not running."""
    return CallbackQueryHandler(ended_button, pattern=rf"^{prefix}:")


def keyboard(choices: Sequence[tuple[str, str]], columns: int = 2) -> InlineKeyboardMarkup:
    """Buttons (label, callback data), ``columns`` to a row."""
    return InlineKeyboardMarkup(rows([button(text, data) for text, data in choices], columns))


def index_of(value: str | None, choices: Sequence[Any]) -> int | None:
    """``value`` as an index into ``choices`` (a short decimal in range), or None."""
    if value is not None and value.isascii() and value.isdigit() and len(value) < 6:
        i = int(value)
        if i < len(choices):
            return i
    return None


# -- typed input ------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str | None) -> str:
    """Drop control characters (keeping line breaks) and bidi overrides; trim."""
    text = _INVISIBLE.sub("", text or "")
    return without_hidden(text, "\n\t").strip()


def typed(update: Update) -> str:
    """The text of the message (empty when there is none)."""
    message = update.effective_message
    return (message.text or "") if message else ""


# -- leaving a flow -----------------------------------------------------------------


async def leave(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str) -> int:
    """Drops the flow's draft, says nothing was saved and shows the menu. Left by a
    button (取消 under a summary or a step), that message's buttons go: 提交 is not
    there to press later (这个按钮已失效)."""
    drop_draft(context, flow)
    await drop_buttons(update)  # answered: the buttons it was left by are done
    await reply(update, t(context, "Cancelled. Nothing was saved."),
                reply_markup=await menu_of(update, context))
    return END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leaves any flow (/cancel); nothing half-done is stored."""
    drop_drafts(context)
    await reply(update, t(context, "Cancelled. Nothing was saved."),
                reply_markup=await menu_of(update, context))
    return END


async def interrupted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Ends the flow a command arrived in the middle of, and says so."""
    drop_drafts(context)
    await reply(update, t(context, "The previous step was cancelled (nothing was saved). "
                                   "Please send the command again."),
                reply_markup=await menu_of(update, context))
    return END


async def menu_interrupt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Ends the flow a main-menu button was pressed in the middle of, and says so."""
    drop_drafts(context)
    await reply(update, t(context, "The previous step was cancelled (nothing was saved). "
                                   "Please press the button again."),
                reply_markup=await menu_of(update, context))
    return END


def _not_kept(context: ContextTypes.DEFAULT_TYPE, message: Message | None) -> str | None:
    """What to say of a photo or file a step does not take; None for anything else."""
    if message is None:
        return None
    if photo_of(message) is not None:
        return t(context, "This photo was not kept: this step does not take a photo.")
    if message.voice:  # not "a file": she spoke it
        return t(context, "This voice message was not kept: this step does not take a voice "
                          "message.")
    if message.video or message.video_note or message.animation:  # she filmed it: no "file"
        return t(context, "This video was not kept: this step does not take a video.")
    if message.document or message.audio:
        return t(context, "This file was not kept: this step does not take a file.")
    if message.location or message.venue:  # a pin sent to 在哪里？: it was not the answer
        return t(context, "This location was not kept: this step does not take a location.")
    return None


AGAIN_BELOW = lazy("Please press a button under the summary below:")


def unexpected(prompt_msgid: str, again: Callback | None = None, *,
               markup: Callable[[ContextTypes.DEFAULT_TYPE], InlineKeyboardMarkup | None]
               | None = None,
               params: Callable[[ContextTypes.DEFAULT_TYPE], dict[str, object]] | None = None
               ) -> list[MessageHandler]:
    """The last handlers of a step: a main-menu button leaves the flow; any other
    message (sticker, document, contact, ...) gets ``prompt_msgid`` again, with the
    step's buttons when ``markup`` makes them; words typed at a summary (提交, 好的), with
    ``again``, get the summary again with its buttons right below: "press Submit above"
    sent her scrolling up for a message she could no longer see (found in the elderly
    residents' trial). ``params(context)`` fills in ``prompt_msgid`` (the year now)."""
    async def prompt_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Says what the step asks for again (after saying so of a photo or file).

        A photo or file sent to a step that takes none is said not to be kept (the
        second photo of an album sent to a one-photo step, a receipt sent again at
        the summary): else its sender would believe it went with the rest. A
        resident's voice message is kept a day instead, as one sent outside any flow
        (``bot.kept_voice``), with the buttons that send it as a report or an opinion:
        said "not kept", her words were lost."""
        message = update.effective_message
        if again is not None and message is not None and message.text:
            await reply(update, t(context, AGAIN_BELOW))
            await again(update, context)
            return
        said = t(context, prompt_msgid, **(params(context) if params is not None else {}))
        spoken = await keep_in_flow(update, context)  # a resident's: kept, as outside a flow
        if spoken is not None:  # told so with the buttons that send it, and the step
            note = voice_buttons(context) if spoken[1] else None
            step = markup(context) if markup is not None else None
            if step is None and again is None:  # "press ... above": right under them
                await reply(update, said)
                await reply(update, spoken[0], reply_markup=note)
                return
            await reply(update, spoken[0], reply_markup=note)
            if again is not None:  # at a summary: it again, its buttons right below
                await again(update, context)
                return
            await reply(update, said, reply_markup=step)
            return
        shown = await keep_photo_in_flow(update, context)  # a resident's: kept, as a voice
        if shown is not None:
            if not shown:  # an album's next photo: its one answer counts it
                return
            if again is not None:  # at a summary: it again, its buttons right below
                await again(update, context)
                return
            await reply(update, said, reply_markup=markup(context) if markup is not None
                        else None)
            return
        dropped = _not_kept(context, message)
        await reply(update, f"{dropped}\n{said}" if dropped else said,
                    reply_markup=markup(context) if markup is not None else None)

    return [MessageHandler(MENU_TEXT, menu_interrupt),
            MessageHandler(filters.ALL & ~filters.COMMAND & ~CANCEL_TEXT, prompt_again)]


def short(text: object, limit: int) -> str:
    """A user's text on one line, cut to ``limit`` characters with "…" (for a summary
    or a list)."""
    one = " ".join(str(text or "").split())
    return one if len(one) <= limit else one[:limit - 1] + "…"
