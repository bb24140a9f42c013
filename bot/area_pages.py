"""The areas to choose from, a page at a time: an admin of a 50-area street was shown 50
area buttons in one message at every flow's first step (/expense, /income, /meeting,
/election, /propose …). Up to ``AREA_PAGE`` areas are shown as before; more, a page of
them with ◀ / ▶ (``bot.keyboards.paginated``: ``<prefix>:area:p<page>``), the flow's own
rows (取消, ⬅️ 上一步) kept under every page. A page pressed is turned in place at the
same step (``page_pressed``, ``turn``: ``bot.staff.chosen_area``); the button of an area
sends what it sent before (``<prefix>:area:<i>``, ``bot.staff.area_chosen``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from .context import reply
from .flows import keyboard
from .keyboards import button, paginated
from .sending import not_modified
from .step_buttons import AREA_STEP, SHOWN, remember

__all__ = ["AREA_PAGE", "area_markup", "page_pressed", "turn"]

AREA_PAGE = 8  # areas a page (a street of 50: seven pages)


def area_markup(names: Sequence[str], prefix: str, page: int = 0, columns: int = 2,
                extra: Sequence[Sequence[InlineKeyboardButton]] = ()) -> InlineKeyboardMarkup:
    """A button per area (``<prefix>:area:<i>``), a page of them past ``AREA_PAGE``, then
    the rows of ``extra``."""
    items = [(n, f"{prefix}:area:{i}") for i, n in enumerate(names)]
    if len(items) <= AREA_PAGE:
        return InlineKeyboardMarkup([*keyboard(items, columns).inline_keyboard,
                                     *(list(r) for r in extra)])
    return paginated(items, page, f"{prefix}:area:p{{page}}", columns=columns,
                     size=AREA_PAGE, extra=extra)


def page_pressed(update: Update, prefix: str) -> int | None:
    """The page of areas a ``<prefix>:area:p<n>`` button asks for; None for another."""
    query = update.callback_query
    data = (query.data or "") if query is not None else ""
    m = re.fullmatch(rf"{re.escape(prefix)}:area:p([0-9]{{1,3}})", data)
    return int(m.group(1)) if m else None


async def turn(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str,
               d: dict[str, Any], names: Sequence[str], page: int) -> None:
    """Page ``page`` of the areas ``names`` of draft ``d`` in place of the one pressed,
    the step's other rows (取消, ⬅️ 上一步) kept, and noted for the step (``remember``)."""
    query = update.callback_query
    message = query.message if query is not None else None
    noted = d.get(SHOWN)  # the step's buttons as asked (``remember``), else the message's
    if isinstance(noted, list) and len(noted) == 2 and noted[0] == AREA_STEP and \
            isinstance(noted[1], list):
        rows: Sequence[Sequence[tuple[str, str]]] = [
            [(str(label), str(data)) for label, data in row] for row in noted[1]]
    else:
        old = getattr(message, "reply_markup", None)
        rows = [[(b.text, str(b.callback_data or "")) for b in row]
                for row in (old.inline_keyboard if isinstance(old, InlineKeyboardMarkup) else ())]
    extra = [[button(label, data) for label, data in row] for row in rows
             if row and not any(data.startswith(f"{prefix}:area:") for _, data in row)]
    markup = remember(d, AREA_STEP, area_markup(names, prefix, page, extra=extra))
    text = getattr(message, "text", None)
    if query is not None and text:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if not_modified(exc):  # tapped twice: it shows this page already
                return
    await reply(update, text or "…", reply_markup=markup)
