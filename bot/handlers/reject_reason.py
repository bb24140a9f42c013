"""A rejection's reason shown back before it reaches the author, when it is too short
(好, a word sent by mistake) or reads like a question (哪个单元的灯？): the author reads the
reason word for word. The volunteer then writes another reason, presses 就用这句话驳回
(``rjq:ok``), or, for a question, asks the author instead (``rjq:ask``,
``bot.handlers.ask_author``). Typed at the reason step (``queue.reason_given``) or on the
command's line (/reject 534 好, ``queue.reject``): before, the line rejected at once."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..context import reply, t
from ..i18n import lazy
from ..keyboards import button
from ..staff import asks_the_bot
from .ask_author import OR_ASK, ask_button

__all__ = ["ASKED", "SHORTEST_REASON", "shown_back", "to_show_back"]

ASKED = "rjq"  # the button under it: rjq:ok rejects with those words after all
QUESTION_ASKED = lazy("\"{reason}\" reads like a question, so #{id} is not rejected yet. The "
                      "reason goes to the author word for word: write why it is not accepted, "
                      "e.g. \"the photo is not clear, please take another\" or \"already "
                      "reported, see #12\". If these are the words for the author, press "
                      "\"Reject with these words\"; to reject nothing, send 取消 (cancel).")
TOO_SHORT = lazy("\"{reason}\" is only {count} characters, so #{id} is not rejected yet: the "
                 "author reads the reason word for word and would not know why it was not "
                 "accepted (a word sent by mistake on a phone reaches them at once). Write why "
                 "in a sentence, e.g. \"the photo is not clear, please take another\" or "
                 "\"already reported, see #12\". If these are the words for the author, press "
                 "\"Reject with these words\"; to reject nothing, send 取消 (cancel).")
SHORTEST_REASON = 3  # characters: a reason shorter is shown back before it is sent
# A question to the author rarely ends the reason: 路灯是哪一盏？3号楼门口有两盏 asks first
# and says why after (found in the real ``steward run``: it rejected at once, and the
# author read 未通过审核 for a report that lacked a word). A question mark anywhere, or
# 哪 (哪个, 哪一盏, 哪里), reads as one; a reason that holds one costs the volunteer a tap.
_ASKS_AUTHOR = re.compile(r"[?？]|哪")


def to_show_back(reason: str) -> bool:
    """Whether ``reason`` is shown back before it is sent: too short, or a question."""
    return len(reason) < SHORTEST_REASON or asks_the_bot(reason) \
        or _ASKS_AUTHOR.search(reason) is not None


async def shown_back(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     draft: dict[str, Any], reason: str) -> bool:
    """Shows ``reason`` back with its buttons, and keeps it in the rejection's ``draft``,
    when it is to be (``to_show_back``) and was not shown back already (sent twice: meant
    it); whether it was."""
    if not to_show_back(reason) or draft.get("question") == reason:
        return False
    draft["question"] = reason
    short = len(reason) < SHORTEST_REASON
    text = t(context, TOO_SHORT, reason=reason, id=draft["id"], count=len(reason)) if short \
        else "\n".join([t(context, QUESTION_ASKED, reason=reason, id=draft["id"]),
                        t(context, OR_ASK, id=draft["id"])])  # or ask the author instead
    await reply(update, text, reply_markup=InlineKeyboardMarkup([[button(
        t(context, "❌ Reject with these words"), f"{ASKED}:ok")],
        *([] if short else [ask_button(context)])]))
    return True
