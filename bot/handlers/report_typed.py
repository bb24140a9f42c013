"""/report (报事): a category typed instead of pressed, and a report started from words
typed into the chat before it.

An elderly resident asked "是什么问题？请选择一类" types her answer: 路灯, 卫生保洁
(a button's own words), 路灯坏了. She was told "请点上面的按钮选择类别。" each
time, the buttons two messages up (found in the elderly residents' trial of the
real ``steward run``). Now the words of one category take it; more than that
(路灯坏了) is her description too, so she is not asked for it again; words that
name no category, or two, get the buttons again right below.

路灯坏了 typed straight into the chat is said not to be kept (``bot.freetext``),
with 📝 under it (``rep:said``): the report starts with those words as its
description, and their category when they name one, instead of from nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels

from .. import said_photos
from ..context import lang_of, reply, t, word
from ..conversation import entered_at_start
from ..flows import (
    AGAIN_BELOW,
    END,
    MAX_INPUT,
    answer_once,
    clean_text,
    current_draft,
    draft,
    gone,
    short,
    typed,
)
from ..i18n import lazy
from ..resident import start_from_said
from ..words import normalise, says_more
from .report_ask import (
    CATEGORY,
    FLOW,
    PREFIX,
    after_description,
    ask_category,
    ask_description,
    back_of,
    category_keyboard,
    forget_voice,
    show_summary,
    words_added,
)
from .vote_typed import typed_choice, vote_open

__all__ = ["on_category_text", "on_summary_text", "report_from_said", "typed_category",
           "typed_same"]

# Words people use for each category, besides its label's own (路灯照明, 化粪池/下水道 ...),
# in Chinese and in English (the stair light is broken: only "street lights" was known).
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "sanitation": ("卫生", "保洁", "垃圾", "打扫", "堆物", "杂物", "rubbish", "garbage", "trash",
                   "litter"),
    "lighting": ("路灯", "灯", "照明", "light", "lamp"),
    "septic": ("化粪池", "下水道", "下水", "堵", "污水", "粪", "sewage", "sewer", "drain",
               "blocked", "clogged"),
    "pipes": ("管线", "水管", "管道", "漏水", "暖气", "电线", "自来水", "pipe", "leak", "heating"),
    "safety": ("安全", "隐患", "危险", "danger", "unsafe"),
    "parking": ("停车", "外来车", "车位", "乱停", "parking", "parked"),
    "flyposting": ("小广告", "广告", "贴", "poster", "flyer", "advert"),
    "dispute": ("纠纷", "邻居", "吵架", "噪音", "neighbour", "neighbor", "noise", "noisy"),
    "other": ("其他", "其它"),
}


def _words(code: str) -> list[str]:
    label = labels.ISSUE_CATEGORY[code]
    own = [label.zh, *label.zh.split("/"), label.en.lower(), *label.en.lower().split(" / ")]
    return [normalise(w) for w in (*own, *CATEGORY_WORDS.get(code, ())) if normalise(w)]


def typed_category(text: str) -> tuple[str, bool] | None:
    """(the category, whether the text is only its words) that ``text`` names; None
    when it names none, or more than one."""
    said = normalise(text)
    if not said:
        return None
    found = {code: max((w for w in _words(code) if w in said), key=len, default="")
             for code in labels.ISSUE_CATEGORY}
    found = {code: w for code, w in found.items() if w}
    if len(found) != 1:
        return None
    [(code, matched)] = found.items()
    return code, len(said) - len(matched) < 2


async def on_category_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the category typed and asks for the description (or back to the summary).

    A sentence (路灯坏了) is the description too: the photos are asked next."""
    d = draft(context, FLOW)
    text = clean_text(typed(update))
    found = typed_category(text) if len(text) <= MAX_INPUT else None
    if found is None:
        kept = _kept_as_description(context, d, text)
        await reply(update, (kept + "\n" if kept else "") +
                    t(context, "Please choose a category with the buttons below:"),
                    reply_markup=category_keyboard(lang_of(context), back_of(d)))
        return CATEGORY
    code, only_words = found
    d["category"] = code
    await reply(update, t(context, "Category: {category}",
                          category=word(context, labels.ISSUE_CATEGORY, code)))
    if d.get("editing") and d.get("text"):
        return await show_summary(update, context, d)
    if only_words:
        if d.pop("said", False):  # the words typed before the report are its description
            return await after_description(update, context, d)
        return await ask_description(update, context)
    if d.pop("said", False) and d.get("voice"):
        # she spoke the problem first, then typed 路灯坏了 for its kind: the voice stays,
        # her words go with it (they dropped it, unsaid, before)
        added = words_added(context, d, text, photo=False)
        if added:
            await reply(update, added)
        return await after_description(update, context, d)
    d["text"] = text
    forget_voice(d)
    return await after_description(update, context, d)


ASKING_WHICH = re.compile(r"[?？]\s*$|不知道|哪个|哪一|怎么选|选什么")


def _kept_as_description(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                         text: str) -> str:
    """A description typed at the category (楼道里的扶手又松了) naming none: kept as the
    report's words, the category pressed next going on to the photos (as words typed
    before the report do); what to tell her ("" when nothing was kept). They were lost:
    "please choose a category", and she was asked to describe it again after the press
    (found trying the real ``steward run`` as an elderly resident). Not while she
    changes the category of a report that has its words, nor for a word or two."""
    if d.get("text") or d.get("voice") or len(normalise(text)) < 4 or \
            not any(unicodedata.category(ch)[0] == "L" for ch in text) or \
            ASKING_WHICH.search(text):  # 不知道选哪个？: about the buttons, not the problem
        return ""
    d["text"] = text[:MAX_INPUT]
    d["said"] = True
    entered_at_start(context, FLOW)  # her words: kept if she leaves the report
    if len(text) > MAX_INPUT:
        return t(context, "That is {count} characters; a report takes up to {max}. Its first "
                          "{max} are kept as the description (you can change it before you "
                          "submit).", count=len(text), max=MAX_INPUT)
    return t(context, "Your words are kept as the description: {text}", text=short(text, 200))


async def report_from_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a report with the words typed before as its description (and category)."""
    if not await answer_once(update, context):  # a double tap: the first press started it
        return None
    got = await start_from_said(update, context, PREFIX, FLOW)
    if got is None:
        return None  # a stale or forged press: refused
    started, text = got
    if started is None:
        return END
    _person, _area, d = started
    d.update({"photos": said_photos.take(context), "editing": False})  # a photo sent first
    gone = "" if d["photos"] else said_photos.gone_line(context)  # expected, dropped since
    if gone:
        await reply(update, gone)
    if not text:
        return await ask_category(update, context)
    d["text"] = text
    entered_at_start(context, FLOW)  # her words: kept if she leaves the report
    found = typed_category(text)
    if found is None:
        d["said"] = True  # the category pressed next goes on to the photos
        return await ask_category(update, context)
    d["category"] = found[0]
    await reply(update, t(context, "Category: {category}",
                          category=word(context, labels.ISSUE_CATEGORY, found[0])))
    return await after_description(update, context, d)


# Typed at "Neighbours already reported something similar" instead of pressing (我也遇到,
# 是的，一样的, 不是): she got "please press the buttons above" whatever she said. Whole
# answers only: 是三楼的扶手 says more of hers, not that it is the same.
SAME = {"我也遇到", "我也遇到了", "我也是", "一样", "一样的", "是一样的", "是的一样的", "是的",
        "是", "对", "对的", "同一个", "是同一个", "同一个问题", "是同一个问题", "就是这个",
        "yes", "same", "metoo", "thesame"}
NOT_SAME = {"不是", "不是的", "不一样", "不一样的", "不同", "不是同一个", "不是同一个问题",
            "另一个", "no", "different", "notthesame"}


def typed_same(text: str) -> bool | None:
    """Whether words typed at the similar reports say it is the same problem (True),
    another one (False), or neither (None)."""
    said = normalise(text)
    return True if said in SAME else False if said in NOT_SAME else None


# A vote said alone at the summary (a proposal came in, its buttons under it): it was added
# to the description, 楼道灯坏了 我同意 to be published so, the vote not cast.
VOTE_AT_SUMMARY = lazy("\"{typed}\" was not added to your report: it reads like a vote. Your "
                       "report is not sent yet: first press \"Submit\" or \"Cancel\" below; "
                       "then, to vote, press the buttons under the proposal, or \"Vote\" in "
                       "the menu.")


async def on_summary_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds words typed at the summary to the description, says so, shows it again.

    在三号楼门口，晚上很黑 typed at 请核对您的报事 got the summary again as it was: she
    pressed 提交 believing they went with it. 提交 or 好的 typed still get the summary
    again with its buttons below; the same words sent twice are added once."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    text = clean_text(typed(update))
    if typed_choice(text) is not None:  # 我同意 for a proposal come in meanwhile (or 同意
        # meant as 提交): no words of the report's
        await reply(update, t(context, VOTE_AT_SUMMARY, typed=short(text, 20))
                    if await vote_open(context, d.get("area")) else t(context, AGAIN_BELOW))
        return await show_summary(update, context, d)
    added = words_added(context, d, text, photo=False) if says_more(text) else ""
    await reply(update, added or t(context, AGAIN_BELOW))
    return await show_summary(update, context, d)
