"""/opinion (提意见): free text (or a voice message), optionally about one of
the area's open proposals. Stored pending; the area's volunteers are told."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler
from telegram.ext import filters as F

from db.entries import Kind, Status
from db.errors import DomainError

from ..commands import Audience, Command, Flow
from ..context import call, error_text, lang_of, read, reply, repo_of, t
from ..files import save_voice
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..notify import notify_pending
from ..ratelimit import allow_submission
from ..resident import (
    MAX_INPUT,
    RATE_LIMITED,
    TEXT_INPUT,
    answer,
    clean_text,
    clear_flow,
    flow_data,
    other_input_handlers,
    refuse_button,
    require_resident,
    stale_button,
    start_resident_flow,
    step_buttons,
)
from .common import main_menu
from .report import VOICE_TEXT

__all__ = ["COMMANDS", "HANDLERS"]

FLOW = "opinion"
ABOUT, WRITE = "opinion:about", "opinion:write"


async def opinion_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    started = await start_resident_flow(update, context, FLOW)
    if started is None:
        return ConversationHandler.END
    _person, area, _draft = started
    proposals = await read(repo_of(context).entries, area=area, kind=Kind.PROPOSAL,
                           status=Status.OPEN)
    if not proposals:
        return await _ask_text(update, context)
    buttons = [[button(t(context, "About #{id}: {title}", id=p.id,
                         title=str(p.data.get("title", ""))[:40]), f"op:p:{p.id}")]
               for p in proposals[-8:]]
    buttons.append([button(t(context, "A general opinion"), "op:p:0")])
    buttons.append([button(t(context, "Cancel"), "op:cancel")])
    await reply(update, t(context, "Is your opinion about one of the open proposals?"),
                reply_markup=InlineKeyboardMarkup(buttons))
    return ABOUT


async def _ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    await reply(update, t(context, "Please write your opinion or suggestion (or send a voice "
                                   "message). Volunteers read every one."),
                reply_markup=InlineKeyboardMarkup([[button(t(context, "Cancel"),
                                                           "op:cancel")]]))
    return WRITE


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    query = update.callback_query
    assert query is not None
    draft = (context.user_data or {}).get(f"flow:{FLOW}")
    fields = (query.data or "").split(":")
    if not draft:
        await refuse_button(update, context)
        return ConversationHandler.END
    if fields[1:] == ["cancel"]:
        await answer(update)
        clear_flow(context, FLOW)
        await reply(update, t(context, "Cancelled. Nothing was saved."),
                    reply_markup=main_menu(lang_of(context)))
        return ConversationHandler.END
    ids = parse_ints(fields[2:]) if len(fields) == 3 and fields[1] == "p" else None
    if not ids:
        await refuse_button(update, context)
        return None
    if ids[0]:
        try:
            proposal = await read(repo_of(context).entry, ids[0])
        except DomainError:
            proposal = None
        if proposal is None or proposal.kind != Kind.PROPOSAL or \
                proposal.area != draft["area"] or proposal.status != Status.OPEN:
            await refuse_button(update, context)
            return None
        draft["proposal"] = proposal.id
    await answer(update)
    return await _ask_text(update, context)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    assert update.message is not None
    text = clean_text(update.message.text)
    if not text:
        await reply(update, t(context, "That message was empty. Please write your opinion."))
        return None
    if len(text) > MAX_INPUT:
        await reply(update, t(context, "That is too long ({count} characters). Please keep "
                                       "it under {max} characters.", count=len(text),
                              max=MAX_INPUT))
        return None
    return await _store(update, context, {"text": text})


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
    assert update.message is not None and update.message.voice is not None
    try:
        ref = await save_voice(context, update.message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    return await _store(update, context, {"text": tr("zh", VOICE_TEXT), "voice": ref})


async def _store(update: Update, context: ContextTypes.DEFAULT_TYPE,
                 data: dict[str, Any]) -> Any:
    draft = flow_data(context, FLOW)
    who = await require_resident(update, context)
    if who is None or who[1] != draft.get("area"):
        clear_flow(context, FLOW)
        return ConversationHandler.END
    person, area = who
    if not allow_submission(context, person["telegram_id"]):
        await reply(update, t(context, RATE_LIMITED))
        return None
    if draft.get("proposal"):
        data["proposal"] = draft["proposal"]
    try:
        entry = await call(repo_of(context).submit, person["id"], Kind.OPINION, area, data)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return None
    clear_flow(context, FLOW)
    await reply(update, t(context, "Thank you. Your opinion #{id} was received; a volunteer "
                                   "will read it. See /mine for its status.", id=entry.id),
                reply_markup=main_menu(lang_of(context)))
    await notify_pending(context, entry)
    return ConversationHandler.END


def _step(*actions: str) -> list[CallbackQueryHandler]:
    return step_buttons("op", on_button, *actions)


_STATES: dict[object, list[Any]] = {
    ABOUT: [*_step("p", "cancel"), *other_input_handlers(
        lazy("Please choose with the buttons above."))],
    WRITE: [*_step("cancel"), MessageHandler(TEXT_INPUT, on_text),
            MessageHandler(F.VOICE, on_voice), *other_input_handlers(
                lazy("Please write your opinion as text or send a voice message."))],
}

COMMANDS = [
    Command("opinion", "Give an opinion or suggestion", opinion_start,
            audience=Audience.RESIDENT, menu_label="Opinion", order=20,
            flow=Flow(FLOW, _STATES)),
]

HANDLERS = [CallbackQueryHandler(stale_button, pattern=r"^op:")]
