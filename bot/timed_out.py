"""A flow left idle past its time (``bot.conversation.IdleConversation``): ended, and
its chat told, in its user's language, with what was kept of it (``bot.kept``: the
draft to take up again with 继续填写, or a report's or opinion's words to send).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes, ConversationHandler

from . import kept
from .conversation import IdleConversation, once_saved
from .i18n import lazy, tr
from .sending import deliver

__all__ = ["TIMED_OUT", "timed_out", "tell_timed_out"]

# Said as it happened, in plain words (it was 操作超时，没有保存: jargon to an elderly
# resident, who did not know what had timed out, nor that it was her silence).
TIMED_OUT = lazy("You did not answer for a while, so \"{flow}\" was stopped; nothing was "
                 "saved. To start again, press its button in the menu below.")


async def timed_out(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str = "") -> int:
    """Tells the user the idle flow ended."""
    if update and update.effective_chat:
        user = update.effective_user
        state = next((h.state_of(update) for hs in context.application.handlers.values()
                      for h in hs if isinstance(h, IdleConversation) and h.name == flow), None)
        await tell_timed_out(context.application, update.effective_chat.id,
                              user.id if user else None, state, flow=flow)
    return ConversationHandler.END


async def tell_timed_out(app: Application, chat_id: int, user_id: int | None,
                          state: object = None, flow: str = "") -> None:
    """Tell a chat its idle flow (at ``state``) ended, in its user's language (a flow
    restored after a restart has no update to answer, only its chat and user). What was
    entered in a flow that can be taken up again is kept, photos and all, as a draft
    left by a menu button is (``kept.keep_ended``: 继续填写, for a day); else a report's
    or opinion's words are kept to be sent (``kept.keep_typed``), and the rest of the
    draft emptied."""
    data = app.user_data.get(user_id) if user_id is not None else None
    lang = (data or {}).get("lang")
    held = kept.keep_ended(app, data, chat_id, flow, state) if flow else None
    if held is not None:
        text, markup = tr(lang, kept.TIMED_OUT_SAID) + "\n" + held[0], held[1]
    else:
        said = kept.keep_said(data, lang, flow, (data or {}).get("flow:" + flow)) \
            if flow else None
        if flow and data is not None and data.get("flow:" + flow):
            # What the draft held goes (its words are kept above, to be sent with a
            # button); its photos are then named by nothing, and deleted after two days
            # (bot/media_sweep.py). The empty draft stays: a text that comes next is
            # told the flow was interrupted (bot/freetext.py).
            data["flow:" + flow] = {}
        if said is None:
            text = tr(lang, TIMED_OUT, flow=kept.title(app, lang or "zh", flow))
            markup = None
        else:
            text, markup = tr(lang, kept.TIMED_OUT_SAID) + "\n" + said[0], said[1]
    # told once what was kept is saved (the flow's sweep saves it): told first, a kill
    # before the save told her twice, the draft said kept not kept
    await once_saved(lambda: deliver(app, chat_id, text, reply_markup=markup))
