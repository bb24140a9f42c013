"""Telling a volunteer that words she has just published herself call someone by
surname (门卫老杨, 电工李师傅, 王奶奶: ``db.chinese_names.neighbours_called``), with the
way to take them off the site: ``/hide N 老杨`` where the words are an entry's a
volunteer may hide (a report's step note, a question's answer: ``db.hidden_names``),
else ``/correct`` (a progress note, a reply to an opinion: its own entry, which cannot
be hidden). Words past any hiding once public (an announcement, a proposal, a
withdrawal's reason) are asked about at their summary, with 隐去“老杨”再发
(``bot.handlers.called_confirm``). Nobody approves these
words before they are public (``bot.describe`` says it on the posts of the entries that
wait). A stage note, a report's step, a reply or an answer calling someone is now asked
about before it goes (``bot.handlers.called_ask``); these lines are said only of one
stored without being asked (before that, and finished after a restart)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.chinese_names import neighbours_called

from .context import t
from .describe import quoted
from .i18n import lazy

__all__ = ["CALLED_HIDE", "CALLED_CORRECT", "called_note"]

CALLED_HIDE = lazy("{words} reads like a person called by name, and the site shows it. To "
                   "hide it: /hide {id} {hide}")
CALLED_CORRECT = lazy("{words} reads like a person called by name, and the site shows it. To "
                      "take it off, correct the note: /correct")


def called_note(context: ContextTypes.DEFAULT_TYPE, text: object,
                hide_on: int | None = None) -> str:
    """A new line saying that ``text`` calls someone by surname and how to take it off
    (``/hide <hide_on> …`` when entry ``hide_on`` holds it; else ``/correct``); ""
    when it calls no one."""
    called = neighbours_called(text)
    if not called:
        return ""
    if hide_on is not None:
        return "\n" + t(context, CALLED_HIDE, words=quoted(called), id=hide_on,
                        hide=" ".join(called))
    return "\n" + t(context, CALLED_CORRECT, words=quoted(called))
