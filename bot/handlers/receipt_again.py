"""A receipt photo sent at a fee record's summary (缴费登记's 请核对…).

The same picture again (the network was slow, she sent it twice) is said received
already; one sent after 没有收据，继续 (found in her bag afterwards) becomes the receipt,
said so; another one when there is a receipt (an album's second photo, its back) is
said not kept, the first staying, and how to use it instead. The summary comes again
with its buttons. Each was 这张照片没有保存：这一步不收照片。, as if her receipt were
missing, and attaching one after 没有收据 meant starting again from the fee."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler

from db.errors import DomainError

from ..context import error_text, reply, t
from ..files import photo_of, save_photo
from ..flows import PHOTO, current_draft

__all__ = ["receipt_at_summary"]

Show = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]], Coroutine[Any, Any, Any]]


def receipt_at_summary(flow: str, show: Show) -> list[BaseHandler[Any, Any, Any]]:
    """The handler of a summary step for a photo sent there: kept as the draft's
    ``receipt`` (or said to be that one already), then ``show(update, context, d)``."""
    async def photo_sent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Takes a receipt photo sent at the summary and shows the summary again."""
        d = current_draft(context, flow)
        if d is None or update.effective_message is None:
            return None
        try:
            ref = await save_photo(update, context, photo_of(update.effective_message))
        except DomainError as exc:
            await reply(update, error_text(context, exc))
            return await show(update, context, d)
        before = d.get("receipt")
        if ref == before:
            said = t(context, "That receipt was received already; no need to send it again.")
        elif before:  # an album's second photo (the back of the receipt): the first stays
            said = t(context, "This photo was not kept: a fee record takes one receipt photo, "
                              "and it has one (above). To use this one instead, press "
                              "\"{again}\" and send it at the receipt step.",
                     again=t(context, "Start again"))
        else:
            d["receipt"] = ref
            said = t(context, "The receipt photo is attached; nothing is sent yet.")
        await reply(update, said)
        return await show(update, context, d)

    return [MessageHandler(PHOTO, photo_sent)]
