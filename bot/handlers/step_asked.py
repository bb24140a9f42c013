"""A report's step (/progress, /resolve, /close, or a photo on site pressed as one) whose
note calls someone by surname (已请电工老杨明天上午来看) is held and asked about before the
reporter and the neighbours following it are told, and the site shows it
(``bot.handlers.called_ask``); what the reporter is told of each step (``TO_AUTHOR``,
used by ``bot.handlers.issue_work``, which stores the step when 照发 or 隐去 is pressed)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.public_words import public_text

from ..context import entry_or_none, read, repo_of, t, word
from ..i18n import lazy
from ..staff import staff_areas
from .called_ask import ask_first
from .follow import TO_FOLLOWERS

__all__ = ["TO_AUTHOR", "ask_step"]

MAX_FOLLOWERS = 50  # followers looked up one by one; past these, each counted as reached

TO_AUTHOR = {
    "progress": lazy("Update on your report #{id}: work is under way. {note}"),
    "note": lazy("Update on your report #{id}: {note}"),
    "resolve": lazy("Your report #{id} has been resolved: {note}\nIf it is not fixed, "
                    "press the button below."),
    "close": lazy("Your report #{id} was closed ({reason}): {note}"),
}
WHO = {  # (the reporter told, how, neighbours following it told): who a press reaches
    "author": lazy("the reporter of #{id} is told in her chat"),
    "author+": lazy("the reporter of #{id} and {n} neighbour(s) following it are told in "
                    "their chats"),
    "proxy": lazy("the volunteer who recorded #{id} for the household is told in her chat"),
    "proxy+": lazy("the volunteer who recorded #{id} for the household and {n} neighbour(s) "
                   "following it are told in their chats"),
    "+": lazy("{n} neighbour(s) following #{id} are told in their chats (you recorded it: "
              "no reporter is told)"),
    "+?": lazy("{n} neighbour(s) following #{id} are told in their chats (its reporter cannot "
               "be reached by the bot)"),
}
NOBODY = {True: lazy("Nobody is told in a chat: you recorded #{id} for a household "
                     "(/proxy), and nobody following it has the bot."),
          False: lazy("Nobody is told in a chat: neither the reporter of #{id} nor anyone "
                      "following it can be reached by the bot.")}


async def ask_step(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                   entry_id: int, action: str, note: str, photos: list[str],
                   reason: str | None) -> bool:
    """Holds the step's note when it calls someone by surname, on a report of the
    volunteer's areas that may take a step (one waiting for approval, or none of hers,
    is refused as before); whether it was held (and asked about)."""
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.kind != Kind.ISSUE or entry.status == Status.PENDING or \
            entry.area not in await staff_areas(context, person):
        return False
    told = "note" if action == "progress" and entry.status == Status.IN_PROGRESS else action
    params = {"id": entry.id, "note": note,
              "reason": word(context, labels.CLOSE_REASON, reason) if reason else ""}
    author, n = await _reached(context, entry, person)
    if author:
        key = ("proxy" if entry.data.get("proxy") else "author") + ("+" if n else "")
        sent = t(context, TO_AUTHOR[told], **params)
    elif n:  # her own (代办): the neighbours following it, as the site reads the note
        key = "+" if entry.author == person["id"] else "+?"
        sent = t(context, TO_FOLLOWERS[told],
                 **{**params, "note": await read(public_text, repo_of(context), note,
                                                 entry.area)})
    else:  # recorded at a door where nobody has the bot: the site alone
        nobody = t(context, NOBODY[entry.author == person["id"]], id=entry.id)
        return await ask_first(update, context, act="step", area=entry.area, note=note,
                               who=None, sent=None, nobody=nobody, id=entry.id,
                               action=action, reason=reason, photos=photos)
    return await ask_first(update, context, act="step", area=entry.area, note=note,
                           who=t(context, WHO[key], id=entry.id, n=n), sent=sent, id=entry.id,
                           action=action, reason=reason, photos=photos)


async def _reached(context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                   person: dict[str, Any]) -> tuple[bool, int]:
    """Whom a step by ``person`` on report ``entry`` reaches, as ``issue_work.tell_step``
    tells it: (its reporter, unless it is she, e.g. a report she recorded for a household;
    how many of those following it, she and its reporter aside, have the bot)."""
    repo = repo_of(context)
    author = entry.author not in (None, person["id"]) and bool(
        ((await read(repo.person, entry.author)) or {}).get("telegram_id"))
    others = [f for f in entry.data.get("followers") or [] if f not in (entry.author,
                                                                     person["id"])]
    n = 0
    for follower in others[:MAX_FOLLOWERS]:
        n += bool(((await read(repo.person, follower)) or {}).get("telegram_id"))
    return author, n + max(0, len(others) - MAX_FOLLOWERS)
