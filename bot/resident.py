"""What the resident flows share: who may act (registered, confirmed), labels
for categories, fee types, statuses and choices, input cleaning, the main-menu
interruption inside a flow, and a polite refusal for stale or forged buttons.

Every label is an English msgid (``lazy``); the Chinese is in
``locale/zh_CN/LC_MESSAGES/resident.po``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from db.entries import Kind, Status
from db.people import resident_area

from .context import lang_of, person_of, read, reply, repo_of, t
from .i18n import LANGUAGES, lazy, tr

__all__ = ["MENU_TEXT", "TEXT_INPUT", "MAX_INPUT", "clean_text",
           "require_resident", "pending_registration", "refuse_button", "menu_interrupt",
           "flow_data", "clear_flow", "other_input_handlers", "answer",
           "step_buttons", "stale_button", "RATE_LIMITED", "start_resident_flow"]

RATE_LIMITED = lazy("You have sent a lot in the last hour. Please wait a while and try again.")

MAX_INPUT = 2000  # characters accepted in one free-text step

# -- input ---------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str | None) -> str:
    """Drop control characters (keeping line breaks) and bidi overrides; trim."""
    text = _INVISIBLE.sub("", text or "")
    text = "".join(ch for ch in text
                   if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return text.strip()


def _menu_texts() -> list[str]:
    from .handlers.common import MENU_LABELS

    return sorted({tr(lang, m) for lang in LANGUAGES for m in MENU_LABELS})


MENU_TEXT = filters.Text(_menu_texts())
# Typed text in a step: not a command and not a main-menu button.
TEXT_INPUT = filters.TEXT & ~filters.COMMAND & ~MENU_TEXT


def flow_data(context: ContextTypes.DEFAULT_TYPE, name: str) -> dict[str, Any]:
    """The draft of a flow (``flow:<name>`` in user_data; /cancel clears every one)."""
    return context.user_data.setdefault(f"flow:{name}", {})  # type: ignore[union-attr]


def clear_flow(context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    context.user_data.pop(f"flow:{name}", None)  # type: ignore[union-attr]


async def answer(update: Update, text: str | None = None) -> None:
    """Answer a button press (removes the spinner); never fails the handler."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text[:200] if text else None)
    except Exception:  # noqa: BLE001 - an expired query must not stop the reply
        pass


# -- who may act ---------------------------------------------------------------

async def pending_registration(context: ContextTypes.DEFAULT_TYPE, person_id: int) -> Any:
    """The person's newest pending registration, or None."""
    repo = repo_of(context)
    pending = await read(repo.entries, kind=Kind.REGISTRATION, status=Status.PENDING,
                         author=person_id)
    return pending[-1] if pending else None


async def require_resident(update: Update, context: ContextTypes.DEFAULT_TYPE
                           ) -> tuple[dict[str, Any], str] | None:
    """(person, area) of a confirmed resident; otherwise say why not and return None."""
    person = await person_of(update, context)
    area = resident_area(person)
    if area is not None:
        return person, area
    await answer(update)
    if await pending_registration(context, person["id"]):
        text = t(context, "Your household has not been confirmed by a volunteer yet. "
                          "You can use this as soon as it is confirmed.")
    else:
        text = t(context, "Please register your household first: send /start and choose "
                          "your building and room.")
    await reply(update, text, reply_markup=_menu(context))
    return None


def _menu(context: ContextTypes.DEFAULT_TYPE) -> Any:
    from .handlers.common import main_menu

    return main_menu(lang_of(context))


async def refuse_button(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        text: str | None = None) -> None:
    """A stale or forged button: answer it and say so; nothing changes."""
    text = text or t(context, "That button is no longer valid.")
    await answer(update, text)
    await reply(update, text)


async def menu_interrupt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A main-menu button pressed in the middle of a flow: leave the flow and say so."""
    for key in [k for k in (context.user_data or {}) if k.startswith("flow:")]:
        context.user_data.pop(key, None)  # type: ignore[union-attr]
    await reply(update, t(context, "The previous step was cancelled (nothing was saved). "
                                   "Please press the button again."),
                reply_markup=_menu(context))
    return ConversationHandler.END


def other_input_handlers(prompt_msgid: str) -> list[MessageHandler]:
    """Handlers for what a step does not expect: a menu button leaves the flow; any
    other message (sticker, document, contact, ...) gets ``prompt_msgid`` again."""
    async def unexpected(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await reply(update, t(context, prompt_msgid))
        return None

    return [MessageHandler(MENU_TEXT, menu_interrupt),
            MessageHandler(filters.ALL & ~filters.COMMAND, unexpected)]


def step_buttons(prefix: str, on_button: Any, *actions: str) -> list[CallbackQueryHandler]:
    """The buttons one step of a flow accepts (``<prefix>:<action>...``); any other
    ``<prefix>:`` press at that step is refused, and changes nothing."""
    return [CallbackQueryHandler(on_button, pattern=rf"^{prefix}:({'|'.join(actions)})(:|$)"),
            CallbackQueryHandler(stale_button, pattern=rf"^{prefix}:")]


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A flow's button pressed at the wrong step, or after the flow ended."""
    await refuse_button(update, context)


async def start_resident_flow(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str
                              ) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """The start of a resident's submission flow: a confirmed resident within the rate
    limit gets (person, area, a fresh draft with its area set); anyone else is told why
    not and gets None."""
    from .ratelimit import allow_submission

    who = await require_resident(update, context)
    if who is None:
        return None
    person, area = who
    if not allow_submission(context, person["telegram_id"], count=False):
        await reply(update, t(context, RATE_LIMITED))
        return None
    clear_flow(context, flow)
    draft = flow_data(context, flow)
    draft["area"] = area
    return person, area, draft
