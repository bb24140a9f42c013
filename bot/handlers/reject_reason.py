"""A rejection's reason shown back before it reaches the author, when it is too short
(好, a word sent by mistake) or reads like a question (哪个单元的灯？): the author reads the
reason word for word. The volunteer then writes another reason, presses 就用这句话驳回
(``rjq:ok``), or, for a question, asks the author instead (``rjq:ask``,
``bot.handlers.ask_author``). Typed at the reason step (``queue.reason_given``) or on the
command's line (/reject 534 好, ``queue.reject``): before, the line rejected at once.

A ✅ pressed on another entry while the reason is awaited (she went on with the list)
ends that step (``left_for_another``): before, the step stayed open, and whatever she
typed later (这个楼道的灯我明天去看看) went to the first entry's author as its reason
(or, after ✍️ on a voice message, approved it with those words as its public summary).
She is told it was not rejected, and how to reject it."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler

from db.entries import Entry

from ..context import entry_or_none, reply, t
from ..conversation import IdleConversation
from ..flows import current_draft, drop_draft, unexpected
from ..i18n import lazy
from ..keyboards import button
from ..private_only import is_private
from ..staff import asks_the_bot
from .ask_author import ask_offer, household_of

__all__ = ["ASKED", "SHORTEST_REASON", "shown_back", "to_show_back", "left_for_another",
           "reason_asked", "asked_again"]

ASKED = "rjq"  # the button under it: rjq:ok rejects with those words after all
QUESTION_ASKED = lazy("\"{reason}\" reads like a question, so #{id} is not rejected yet. The "
                      "reason goes to the author word for word: write why it is not approved, "
                      "e.g. \"the photo is not clear, please take another\" or \"already "
                      "reported, see #12\". If these are the words for the author, press "
                      "\"Reject with these words\"; to reject nothing, send 取消 (cancel).")
TOO_SHORT = lazy("\"{reason}\" is only {count} characters, so #{id} is not rejected yet: the "
                 "author reads the reason word for word and would not know why it was not "
                 "approved (a word sent by mistake on a phone reaches them at once). Write why "
                 "in a sentence, e.g. \"the photo is not clear, please take another\" or "
                 "\"already reported, see #12\". If these are the words for the author, press "
                 "\"Reject with these words\"; to reject nothing, send 取消 (cancel).")
# ... for a report recorded with /proxy (代办): its author is the volunteer who recorded it,
# who is told the reason to pass on to the household (it read 原样发给提交人)
QUESTION_ASKED_PROXY = lazy("\"{reason}\" reads like a question, so #{id} is not rejected "
                            "yet. #{id} was recorded for the household {household} by a "
                            "volunteer: the reason goes word for word to that volunteer, to "
                            "pass on to the household. Write why it is not approved, e.g. "
                            "\"the photo is not clear, please take another\" or \"already "
                            "reported, see #12\". If these are the words to pass on, press "
                            "\"Reject with these words\"; to reject nothing, send 取消 (cancel).")
TOO_SHORT_PROXY = lazy("\"{reason}\" is only {count} characters, so #{id} is not rejected yet: "
                       "#{id} was recorded for the household {household} by a volunteer, who "
                       "reads the reason word for word, to pass on to the household, and would "
                       "not know why it was not approved (a word sent by mistake on a phone "
                       "reaches them at once). Write why in a sentence, e.g. \"the photo is "
                       "not clear, please take another\" or \"already reported, see #12\". If "
                       "these are the words to pass on, press \"Reject with these words\"; to "
                       "reject nothing, send 取消 (cancel).")
# ... and the reason asked for such a report (it read 提交人会看到)
ASK_PROXY = lazy("Why is #{id} rejected? Write the reason in a sentence: #{id} was recorded "
                 "for the household {household} by a volunteer, who reads it word for word, "
                 "to pass on to the household, e.g. \"the photo is not clear, please take "
                 "another\". To reject nothing, send 取消 (cancel).")
SHORTEST_REASON = 3  # characters: a reason shorter is shown back before it is sent
# A question to the author rarely ends the reason: 路灯是哪一盏？3号楼门口有两盏 asks first
# and says why after (found in the real ``steward run``: it rejected at once, and the
# author read 未通过审核 for a report that lacked a word). A question mark anywhere, or
# 哪 (哪个, 哪一盏, 哪里), reads as one; a reason that holds one costs the volunteer a tap.
_ASKS_AUTHOR = re.compile(r"[?？]|哪")


def reason_asked(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                 msgid: str) -> str:
    """The question for the reason of rejecting ``entry`` (``msgid``), or, for a report
    recorded for a household (/proxy), one that says who reads it (asked in a group, the
    household by its building alone: ``bot.group_post``)."""
    place = household_of(context, entry, not is_private(update))
    return t(context, ASK_PROXY, id=entry.id, household=place) if place \
        else t(context, msgid, id=entry.id)


def asked_again(flow: str, msgid: str) -> list[MessageHandler]:
    """The reason step's last handlers: a sticker, photo or voice message sent there is
    said not to be kept and the question (``msgid``, with the entry's number) comes again,
    the step still open. It fell to the chat's free-text handler, which ended the step
    (您刚才办理的事情已中断) and left the conversation waiting: the reason typed next got
    no answer at all, the entry still waiting (found in the real ``steward run``)."""
    return unexpected(msgid, params=lambda context: {
        "id": (current_draft(context, flow) or {}).get("id", "")})


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
    group = not is_private(update)  # a group names no room (bot.group_post)
    offer, row = ("", []) if short else await ask_offer(context, int(draft["id"]), group)
    entry = await entry_or_none(context, int(draft["id"]))
    place = household_of(context, entry, group) if entry is not None else ""
    said = {"reason": reason, "id": draft["id"], "count": len(reason), "household": place}
    first = (TOO_SHORT_PROXY if place else TOO_SHORT) if short \
        else QUESTION_ASKED_PROXY if place else QUESTION_ASKED
    text = t(context, first, **said) if short \
        else "\n".join([t(context, first, **said), offer])  # or ask the author instead
    await reply(update, text, reply_markup=InlineKeyboardMarkup([[button(
        t(context, "❌ Reject with these words"), f"{ASKED}:ok")], *([row] if row else [])]))
    return True


LEFT = {"reject": lazy("#{id} was not rejected: you went on to another entry before writing "
                       "its reason, so nothing went to its author. To reject #{id}, press its "
                       "\"❌ Reject\" again."),
        "separate": lazy("#{id} was not approved as a separate payment: you went on to another "
                         "entry before writing its reason. To approve it so, press its button "
                         "again."),
        "summary": lazy("#{id} was not approved: you went on to another entry before writing "
                        "the summary of its voice message. To approve it, press its "
                        "\"✍️\" button again."),
        # the words to hide of bot.handlers.hide_names: she approved another instead
        "hide": lazy("No word of #{id} was hidden: you went on to another entry before "
                     "writing them. To hide a name in #{id}, press its \"🙈 Hide a name…\" "
                     "again.")}


async def left_for_another(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           entry_id: int) -> None:
    """A decision's button pressed on ``entry_id`` while a rejection's (or a separate
    payment's) reason, a voice message's summary (which is published), or the words to
    hide of an entry, is awaited: that step ends, and, when it was for another entry, she
    is told it was not decided (its own decision says what became of it). A step awaited
    in another chat (the reason asked in private, ✅ pressed in the volunteers' group) is
    left as it is: her words there still go where she was asked for them."""
    for flow, msgid in LEFT.items():
        d = current_draft(context, flow)
        if not d:
            continue
        left = [handler.leave(update, context.user_data)
                for handler in (h for hs in context.application.handlers.values() for h in hs
                                if isinstance(h, IdleConversation) and h.name == flow)]
        if all(state is None for state in left):  # not in this chat
            continue
        drop_draft(context, flow)
        if int(d.get("id") or 0) != entry_id:
            await reply(update, t(context, msgid, id=d.get("id")))
