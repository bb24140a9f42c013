"""A volunteer who is no resident of the street types, or forwards, a resident's
complaint straight into the chat (3号楼下水道堵了，味道很大): it got the menu's greeting
alone, nothing said of the words, and she thought it was passed on (found trying the
real ``steward run`` as a volunteer between other things). She is told it was not
kept, and how to report it for the household: /proxy (代办)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from .context import t
from .i18n import lazy
from .newcomer import is_problem, is_sentence

__all__ = ["not_kept_line", "not_kept_words"]

WROTE = lazy("What you wrote was not kept, nor passed to anyone. To report it for a "
             "household, send /proxy (acting for a neighbour), choose the household, then "
             "send the words again.")
FORWARDED = lazy("The message you forwarded was not kept, nor passed to anyone. To report it "
                 "for a household, send /proxy (acting for a neighbour), choose the "
                 "household, then forward it again.")


def not_kept_line(update: Update, context: ContextTypes.DEFAULT_TYPE, said: str) -> str:
    """For a problem or a sentence ``said``: the line saying it was not kept and how to
    report it for a household, ending in a blank line; "" for anything else."""
    if not said or said.startswith("/") or not (is_problem(said) or is_sentence(said)):
        return ""
    message = update.effective_message
    forwarded = message is not None and getattr(message, "forward_origin", None) is not None
    return t(context, FORWARDED if forwarded else WROTE) + "\n\n"


# A resident forwards a neighbour's message into the chat: she read 您刚才写的这段话还没有
# 交给志愿者 of words she did not write, and a report of them goes under her name.
FORWARDED_BY_RESIDENT = lazy("The message you forwarded is kept for you, but not passed to "
                             "the volunteers yet. To send it as yours, press a button below; "
                             "for anything else, use the menu below.")


def not_kept_words(update: Update, context: ContextTypes.DEFAULT_TYPE, wrote: str) -> str:
    """What a resident is told of words outside any step: ``wrote`` (您刚才写的这段话…),
    or, for a forwarded message, that the message she forwarded was not kept."""
    message = update.effective_message
    if message is not None and getattr(message, "forward_origin", None) is not None:
        return t(context, FORWARDED_BY_RESIDENT)
    return wrote
