"""改名字: a resident corrects the name kept for her (``db.names``).

She asked (改名字, 我的名字写错了, or /mydata's ✏️ button) and got the menu's greeting:
nobody could change it (found trying the real ``steward run`` as an elderly resident).
Now she is told the name kept and who reads it, and asked to send the right one
(``ask``); the name she types next (王秀英, 我叫王秀英) is shown back with one button
that keeps it (``nm:ok``) and one that leaves it (``nm:no``): a typed word alone
changes nothing. The question is remembered for ``WINDOW``; a sentence or a problem
typed then (楼道灯坏了) is not taken for a name and goes on as before. Every press is
checked again: the name waiting is the one shown, and the repository checks it.
"""

from __future__ import annotations

import re
import time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.errors import DomainError
from db.names import MAX_NAME, clean_name, name_refusal

from ..context import call, drop_buttons, error_text, person_of, reply, repo_of, t
from ..flows import answer
from ..i18n import lazy
from ..keyboards import button
from ..private_only import PRIVATE_BUTTON, is_private
from ..words import SUMMARY_ANSWERS, THANKS, normalise
from .report_typed import typed_category

__all__ = ["HANDLERS", "COMMANDS", "WORDS", "ask", "offer", "ASK_BUTTON", "ASK_DATA"]

PREFIX = "nm"
ASK_DATA = f"{PREFIX}:ask"  # /mydata's ✏️ button
WINDOW = 10 * 60  # seconds: a name typed later is about something else
ASKED = "name:asked"  # user_data: when she was asked for the right name
WAITING = "name:waiting"  # user_data: the name shown back, to keep when she presses ✅
# 改名字 as people say it (normalised: no spaces or punctuation)
WORDS = frozenset({"改名字", "改名", "改姓名", "改个名字", "修改名字", "修改姓名", "更正名字",
                   "更正姓名", "改正名字", "改正姓名", "名字错了", "名字写错了", "名字不对",
                   "姓名错了", "姓名写错了", "我的名字错了", "我的名字写错了", "我的名字不对",
                   "我的姓名写错了", "我要改名字", "我想改名字", "changemyname", "correctmyname",
                   "myname", "name"})
# 我叫王秀英, 名字是王秀英, 改成王秀英: the name after them
_SAYING = re.compile(r"^(?:我的名字是|我的名字叫|我的名字应该是|名字是|名字叫|名字应该是|应该是|"
                     r"我叫|我是|改成|改为|叫)")
# Typed to answer the question rather than a name (对, 好的, 不改): the question again
ANSWERS = SUMMARY_ANSWERS | THANKS | {"不", "不改", "不用", "不用改", "不要", "算了", "不改了",
                                      "改吧", "对对", "no", "nope", "cancel"}  # 好的谢谢: no name
NAME_PLEASE = lazy("Please send the right name itself, e.g. 王秀英. To keep {name}, there is "
                   "nothing to do.")
PRESS = lazy("Please press a button below (a word typed is not taken as the answer).")
ASK_BUTTON = lazy("✏️ Correct my name")
ASK = lazy("The name kept for you is: {name}. Only the volunteers of your area see it, to check "
           "that you live in your home; the public site never shows it.\nTo correct it, send the "
           "right name now, e.g. 王秀英. To keep it, there is nothing to do.")
NO_NAME = lazy("No name is kept for you: a name is kept only when you register your home. "
               "Nothing to correct.")
CONFIRM = lazy("Change the name kept for you from \"{old}\" to \"{name}\"? Nothing is changed "
               "until you press the button.")
YES = lazy("✅ Change it to {name}")
NO = lazy("Keep {old}")
DONE = lazy("Done: the name kept for you is now {name}. The volunteers of your area will see "
            "this name from now on; the public site never shows it.")
# the name before is kept to mask it on the site (db.names.FORMER_NAMES): she is told so
DONE_FORMER = lazy("“{old}” is kept too, only so that the public site keeps hiding it where "
                   "someone wrote it before; nobody else sees it, and /mydata shows it to you.")
SAME = lazy("The name kept for you is “{name}” already: nothing to change.")
KEPT = lazy("Nothing was changed: the name kept for you is still {old}.")
GONE = lazy("This button no longer works; nothing was changed. To correct your name, send "
            "改名字.")
NOT_A_NAME = {
    "digits": lazy("\"{said}\" does not look like a name: a name has no digits (a phone or ID "
                   "number is never needed here). Please send just the name, e.g. 王秀英."),
    "no_letters": lazy("\"{said}\" does not look like a name. Please send just the name, e.g. "
                       "王秀英."),
    "too_long": lazy("That is longer than a name (at most {max} characters). Please send just "
                     "the name, e.g. 王秀英."),
    "empty": lazy("Please send just the name, e.g. 王秀英."),
}


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The name kept, who reads it, and the question: the right name, please."""
    person = await person_of(update, context)
    name = str(person.get("name") or "")
    if not name:
        await reply(update, t(context, NO_NAME))
        return
    if context.user_data is not None:
        context.user_data[ASKED] = int(time.time())
        context.user_data.pop(WAITING, None)
    await reply(update, t(context, ASK, name=name))


def _asked(data: dict[str, Any] | None) -> bool:
    at = (data or {}).get(ASKED)
    return isinstance(at, int) and 0 <= time.time() - at <= WINDOW


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """The name typed after ``ask`` shown back with its buttons, or why it is no name;
    whether ``text`` was taken so (not when she was not asked, or it says something
    else: a word of the menu, a problem, a sentence)."""
    data = context.user_data
    if not _asked(data) or data is None or normalise(text) in WORDS:
        return False  # 改名字 again: asked again (bot.freetext), not a name
    if normalise(text) in ANSWERS:  # 对 at 改为“王桂芳”吗？ was shown back as her new name
        waiting = data.get(WAITING)
        person = await person_of(update, context)
        old = str(person.get("name") or "")
        if isinstance(waiting, str) and old:
            await reply(update, t(context, PRESS) + "\n" + t(context, CONFIRM, old=old,
                                                               name=waiting),
                        reply_markup=_confirm_markup(context, old, waiting))
        elif old:  # 好的 right after 请发来正确的名字: the name, please
            await reply(update, t(context, NAME_PLEASE, name=old))
        else:
            await reply(update, t(context, NO_NAME))
        return True
    said = clean_name(_SAYING.sub("", clean_name(text), count=1))
    if typed_category(said) is not None or len(normalise(said)) > 12 and " " not in said:
        data.pop(ASKED, None)  # 楼道灯坏了: about something else
        return False
    refusal = name_refusal(said)
    if refusal is not None:
        await reply(update, t(context, NOT_A_NAME[refusal], said=said[:40], max=MAX_NAME))
        return True
    person = await person_of(update, context)
    old = str(person.get("name") or "")
    if not old:
        data.pop(ASKED, None)
        await reply(update, t(context, NO_NAME))
        return True
    if said == old:  # the name kept, typed again: nothing to confirm
        data.pop(ASKED, None)
        await reply(update, t(context, SAME, name=old))
        return True
    data[WAITING] = said
    await reply(update, t(context, CONFIRM, old=old, name=said),
                reply_markup=_confirm_markup(context, old, said))
    return True


def _confirm_markup(context: ContextTypes.DEFAULT_TYPE, old: str,
                    name: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t(context, YES, name=name), f"{PREFIX}:ok")],
                                 [button(t(context, NO, old=old), f"{PREFIX}:no")]])


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """nm:ask (from /mydata), nm:ok (keep the name shown) or nm:no (leave it). Pressed
    in a group (forged, forwarded), nothing: her name is said in her private chat only."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    query = update.callback_query
    data = (query.data or "") if query else ""
    if data == ASK_DATA:
        await ask(update, context)
        return
    store = context.user_data if context.user_data is not None else {}
    waiting = store.pop(WAITING, None)
    store.pop(ASKED, None)
    await drop_buttons(update)
    person = await person_of(update, context)
    old = str(person.get("name") or "")
    if data not in (f"{PREFIX}:ok", f"{PREFIX}:no") or not isinstance(waiting, str) or not old:
        await reply(update, t(context, GONE))
        return
    if data == f"{PREFIX}:no":
        await reply(update, t(context, KEPT, old=old))
        return
    try:
        stored = await call(repo_of(context).correct_name, person["id"], waiting)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    done = t(context, DONE, name=stored["name"])
    if old != stored["name"] and old in (stored.get("former_names") or []):
        done += "\n" + t(context, DONE_FORMER, old=old)
    await reply(update, done)


HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:")]
COMMANDS: list[Any] = []
