"""按错了 / 点错了 / 投错了 typed by a resident just after she voted or sent something.

She pressed 反对 under a proposal and typed 按错了: the menu's greeting, not a word of
her vote (found trying the real ``steward run`` as an elderly resident). Now, when
her newest entry is recent, she is answered about it: a vote on a proposal still
open, how her household votes with the buttons that change it (``vote:``, every check
of a press); something she sent that no volunteer has reviewed yet, that she can
take it back, with the 撤回 button of 我的 (``tb:ask:``, which asks to confirm).
Typed at 没有解决's question (#N 的问题还没有解决吗？), it is that question's 按错了，不用
(``bot.handlers.reopen``). Anything else goes on as before (``bot.freetext``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.people import resident_area

from ..context import entry_or_none, lang_of, person_of, read, reply, repo_of, t, word
from ..i18n import lazy
from ..keyboards import button
from . import reopen
from .money_steps import TAKE_BACK
from .take_back import OWN_TAKEN_BACK
from .vote import vote_keyboard

__all__ = ["WORDS", "offer"]

WORDS = frozenset({"按错了", "按错", "点错了", "点错", "投错了", "投错", "选错了", "选错",
                   "弄错了", "搞错了", "错了", "不小心按错了", "我按错了", "我点错了", "我投错了",
                   "按错了怎么办", "点错了怎么办", "投错了怎么办", "wrongbutton", "mistake",
                   "ipressedthewrongbutton", "oops"})
WINDOW = timedelta(hours=2)  # what she did longer ago is not "just now"

VOTED = lazy("Your household votes \"{choice}\" on proposal #{id} ({title}). If you pressed "
             "the wrong one, press the right one below (only the latest vote counts); if not, "
             "you need do nothing.")
SENT = lazy("#{id}, which you just sent, has not been reviewed by a volunteer yet. If it was "
            "sent by mistake, you can withdraw it with the button below; if not, you need do "
            "nothing.")


def _recent(e: Entry, now: datetime) -> bool:
    try:
        at = datetime.fromisoformat(e.created)
    except ValueError:
        return False
    if at.tzinfo is None or now.tzinfo is None:
        at, now = at.replace(tzinfo=None), now.replace(tzinfo=None)
    return timedelta(0) <= now - at <= WINDOW


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her newest entry, when recent, with the buttons that undo it; whether it was
    answered so."""
    if await reopen.typed_no(update, context):  # at 没有解决's question
        return True
    person = await person_of(update, context)
    if resident_area(person) is None:
        return False
    repo = repo_of(context)
    newest = await read(repo.entries, author=person["id"], limit=1)
    if not newest or not _recent(newest[-1], repo.clock()):
        return False
    e = newest[-1]
    if e.kind == Kind.VOTE and not e.data.get("paper") and e.status != Status.REPLACED:
        proposal = await entry_or_none(context, int(e.data.get("proposal") or 0))
        if proposal is None or proposal.status != Status.OPEN or not person.get("household"):
            return False
        now = await read(repo.household_vote, proposal.id, person["household"])
        if now is None:
            return False
        await reply(update, t(context, VOTED, choice=word(context, labels.CHOICE, now),
                              id=proposal.id, title=str(proposal.data.get("title", ""))[:60]),
                    reply_markup=vote_keyboard(proposal.id, lang_of(context)))
        return True
    if e.kind in OWN_TAKEN_BACK and e.status == Status.PENDING:
        await reply(update, t(context, SENT, id=e.id), reply_markup=InlineKeyboardMarkup([[
            button(t(context, "Withdraw #{id}", id=e.id), f"{TAKE_BACK}:ask:{e.id}")]]))
        return True
    return False
