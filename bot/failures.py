"""What follows a handler's failure: the error logged, the person whose update it
was told (``sorry``), the admins alerted (one message per kind of error per ten
minutes, with a count: ``bot.alerts``)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import ContextTypes

from db.errors import StoreError

from .alerts import kind_of, polling_trouble, summary_of
from .context import alert_admins, error_text, t

__all__ = ["on_error", "sorry"]

log = logging.getLogger("bot.app")  # the name its lines always had in the log


def sorry(context: ContextTypes.DEFAULT_TYPE, error: BaseException | None) -> str:
    """What the person whose update failed is told. When the connection to Telegram
    broke (a timeout mid-write), what they did may be done, its answer lost: trying
    again could send it twice, so they are asked to look first."""
    if isinstance(error, StoreError):
        return error_text(context, error)
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return t(context, "The connection to Telegram broke while I was answering. What you "
                          "just did may be done already: look first (under Mine in the "
                          "menu) before you send it again.")
    return t(context, "Sorry, something went wrong. Nothing was lost; please try again.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the error, tells the user something went wrong, and tells the admins
    (one message per kind of error per ten minutes, with a count: bot/alerts.py)."""
    error = context.error
    if polling_trouble(context.application.bot_data, update, error):
        return  # Telegram out of reach: a line in the log now and then (bot/alerts.py)
    log.error("handler failed", exc_info=error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await update.effective_chat.send_message(sorry(context, error))
        except Exception:  # noqa: BLE001 - the error handler must not raise
            log.exception("could not tell the user")
    if error is None or isinstance(error, StoreError):
        return  # error_text told the admins about a write that failed (by its code)
    alert_admins(context, kind_of(error), summary_of(error))
