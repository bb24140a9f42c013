"""/proxy (代办), what to record for the household (``on_what``) and the first questions of
a report or an opinion: the category, the words (``bot.handlers.proxy``).

An opinion carries no photos: a report's photos, come back from to record an opinion
instead, are kept aside (``ASIDE``) and she is told so; chosen a report again, they are
back. Before, they were dropped without a word.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import ISSUE_CATEGORIES, Kind

from ..context import lang_of, reply, t, word
from ..flows import answer, button_args, current_draft, gone, keyboard, refuse
from ..i18n import lazy
from ..step_buttons import remember
from .back_steps import CHOSEN
from .proxy_vote import (
    CATEGORY,
    DESCRIBE,
    FLOW,
    PHOTOS,
    PREFIX,
    ask_fee,
    ask_proposal,
    cancel_row,
)

__all__ = ["ASIDE", "on_what", "ask_category", "ask_words", "done_keyboard"]

ASIDE = "report_photos"  # a draft's key: a report's photos while it is an opinion
PHOTOS_ASIDE = lazy("An opinion carries no photos: the {n} photo(s) sent do not go with it. "
                    "They are kept: choose \"Report a problem\" again and they are still "
                    "there.")


async def on_what(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores what is recorded and asks its first step."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("household"):
        return await gone(update, context)
    args = button_args(update, PREFIX, "do", 1)
    what = args[0] if args else None
    if what in ("issue", "opinion", "vote", "fee"):
        d["what"] = what  # said when she comes back to what to record (上一步)
    if what == "issue":
        if d.get("kind") != Kind.ISSUE:  # back at what to record: the photos kept
            d.update({"kind": Kind.ISSUE, "photos": d.pop(ASIDE, None) or []})
        return await ask_category(update, context, d)
    if what == "opinion":  # takes no photo: a report's, come back from, are kept aside
        d["kind"] = Kind.OPINION
        if d.get("photos"):
            d[ASIDE] = d.pop("photos")
            await reply(update, t(context, PHOTOS_ASIDE, n=len(d[ASIDE])))
        return await ask_words(update, context)
    if what == "vote":
        return await ask_proposal(update, context, d)
    if what == "fee":
        return await ask_fee(update, context, d)
    return await refuse(update, context)


async def ask_category(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
    text = t(context, "What kind of problem is it?")
    if d.get("category") in ISSUE_CATEGORIES:  # came back to it
        text += "\n" + t(context, CHOSEN, what=word(context, labels.ISSUE_CATEGORY,
                                                    d["category"]))
    await reply(update, text, reply_markup=remember(d, CATEGORY, keyboard(
        [*[(w.word(lang_of(context)), f"{PREFIX}:cat:{code}")
           for code, w in labels.ISSUE_CATEGORY.items()], *cancel_row(context, CATEGORY)])))
    return CATEGORY


def done_keyboard(context: ContextTypes.DEFAULT_TYPE) -> Any:
    return keyboard([(t(context, "Done"), f"{PREFIX}:ph"), *cancel_row(context, PHOTOS)])


WORDS_KEPT = lazy("What the neighbour said: {text}\nTo keep it, press \"Keep it, continue\"; "
                  "to change it, type it again or let them speak a voice message.")


async def ask_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    d = current_draft(context, FLOW) or {}
    d["asked_words"] = True  # the category chosen again goes to them (on_category)
    text = t(context, "Type what the neighbour says, or let them speak a voice message.")
    keep = []
    if d.get("text"):  # came back to it: kept, 不改，继续 goes on with it
        shown = t(context, "(a voice message)") if d.get("voice") else d["text"][:1500]
        text += "\n" + t(context, WORDS_KEPT, text=shown)
        keep = [(t(context, "Keep it, continue"), f"{PREFIX}:keep")]
    await reply(update, text, reply_markup=remember(d, DESCRIBE, keyboard(
        [*keep, *cancel_row(context, DESCRIBE)])))
    return DESCRIBE
