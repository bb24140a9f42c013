"""A Yes-or-Cancel question asked outside a flow (/forget's 确定删除您的个人信息吗？,
/unpublish's 确定不再公开吗？) answered by typing instead of pressing.

确定 or 是的 typed under it got 您好！请点下方菜单的按钮…, the greeting to anyone, and no
word whether anything was deleted: now she is told nothing is done yet, with the
question's two buttons again right below (a word typed never deletes: only the button
does). 不要了 or 取消 typed answer it as its Cancel would. Other words go on as before.
The question is remembered for ``WINDOW`` after it was asked, until a button of it is
pressed (``confirmed``).

Once she has said no (不删了 typed, or its Cancel pressed), the Yes button of that
question, still on her screen above, no longer acts: before, pressing 确定，删除我的个人信息
after 不删了 deleted everything. She is told nothing was done and how to ask again; only
a new /forget (/unpublish) asks again (``confirmed``)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from .context import reply, t
from .flows import ASKED_YES_NO, yes_or_cancel
from .i18n import lazy
from .keyboards import button
from .menu import menu_of
from .words import normalise

__all__ = ["asked", "typed_answer", "confirmed", "WINDOW"]

WINDOW = 10 * 60  # seconds: an answer typed later is about something else


@dataclass(frozen=True)
class Question:
    yes: str  # msgid of its Yes button
    not_yet: str  # msgid: nothing done yet, press {yes} or {cancel}
    cancelled: str  # msgid, as its Cancel button says it
    declined: str  # msgid: its Yes pressed after she said no: nothing done, ask again


QUESTIONS = {
    "fg": Question(lazy("Yes, delete my personal data"),
                   lazy("Your personal data is not deleted yet. To delete it, press \"{yes}\" "
                        "below; to keep it, press \"{cancel}\"."),
                   lazy("Nothing was deleted."),
                   lazy("Nothing was deleted: you already answered no to this question. To "
                        "delete your personal data, send /forget again.")),
    "mv": Question(lazy("Yes, I moved out"),
                   lazy("You are still registered at your home. If you moved out, press "
                        "\"{yes}\" below; to stay registered, press \"{cancel}\"."),
                   lazy("Nothing was changed: you are still registered at your home."),
                   lazy("Nothing was changed: you already answered no to this question. If "
                        "you moved out, send /movedout again.")),
    "up": Question(lazy("Yes, stop publishing"),
                   lazy("Nothing is withdrawn yet. To withdraw your agreement to publication, "
                        "press \"{yes}\" below; to keep it, press \"{cancel}\"."),
                   lazy("Nothing was changed."),
                   lazy("Nothing was changed: you already answered no to this question. To "
                        "withdraw your agreement to publication, send /unpublish again.")),
}

YES = frozenset({"确定", "确认", "确定删除", "删除", "删", "删吧", "删掉", "删了吧", "是", "是的",
                 "对", "对的", "好", "好的", "可以", "行", "要", "同意", "撤回", "确定撤回",
                 "不再公开", "嗯", "yes", "ok", "okay", "sure", "y", "delete"})
NO = frozenset({"不", "不要", "不要了", "不用", "不用了", "不删", "不删了", "不删除", "算了",
                "取消", "不了", "不撤回", "不行", "不同意", "否", "不确定", "no", "n", "cancel"})


DECLINED = "asked:declined"  # prefixes of the questions she said no to since last asked


def asked(context: ContextTypes.DEFAULT_TYPE, prefix: str) -> None:
    """Remember that question ``prefix`` (a key of ``QUESTIONS``) was just asked."""
    if context.user_data is not None and prefix in QUESTIONS:
        context.user_data[ASKED_YES_NO] = [prefix, int(time.time())]
        _set_declined(context.user_data, prefix, False)  # asked anew: her Yes counts again


def _set_declined(data: dict, prefix: str, said_no: bool) -> None:
    old = data.get(DECLINED)
    marks = {str(p) for p in old} if isinstance(old, list) else set()
    marks = marks | {prefix} if said_no else marks - {prefix}
    if marks:
        data[DECLINED] = sorted(marks)
    else:
        data.pop(DECLINED, None)


async def confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str) -> bool:
    """Question ``prefix``'s Yes (``<prefix>:ok``) or Cancel pressed, as
    ``bot.flows.yes_or_cancel``: True for Yes; except that its Yes pressed after she said
    no to it (typed or pressed), before it was asked again, does nothing and says so; a
    Cancel pressed is remembered as her no."""
    query = update.callback_query
    data = context.user_data if context.user_data is not None else {}
    question = QUESTIONS[prefix]
    if query is not None and query.data == f"{prefix}:cancel":
        _set_declined(data, prefix, True)
    if not await yes_or_cancel(update, context, prefix, t(context, question.cancelled)):
        return False
    old = data.get(DECLINED)
    if isinstance(old, list) and prefix in old:
        await reply(update, t(context, question.declined),
                    reply_markup=await menu_of(update, context))
        return False
    return True


async def typed_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """Answers a yes or a no typed under a question asked in the last ``WINDOW``; False
    (nothing said) for other words, or when no such question waits."""
    data = context.user_data if context.user_data is not None else {}
    mark = data.get(ASKED_YES_NO)
    if not (isinstance(mark, list) and len(mark) == 2 and mark[0] in QUESTIONS
            and isinstance(mark[1], int)) or time.time() - mark[1] > WINDOW:
        data.pop(ASKED_YES_NO, None)
        return False
    said = normalise(text)
    prefix = str(mark[0])
    question = QUESTIONS[prefix]
    if said in NO:
        data.pop(ASKED_YES_NO, None)
        _set_declined(data, prefix, True)  # its Yes above no longer acts (confirmed)
        await reply(update, t(context, question.cancelled),
                    reply_markup=await menu_of(update, context))
        return True
    if said not in YES:
        return False
    yes, cancel = t(context, question.yes), t(context, "Cancel")
    await reply(update, t(context, question.not_yet, yes=yes, cancel=cancel),
                reply_markup=InlineKeyboardMarkup([[button(yes, f"{prefix}:ok")],
                                                   [button(cancel, f"{prefix}:cancel")]]))
    return True
