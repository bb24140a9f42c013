"""A command no handler took: mistyped (/aprove 12, /approve12), a name people know
from other bots (/privacy, /menu), or typed with the full-width slash of a Chinese
keyboard (／approve 12). In a private chat it gets the command meant, or that there is
none, with the menu; in a volunteers' group (where other bots' commands come too) only
a volunteer's command close to one of ours, not addressed to another bot, gets the one
meant. ``bot.freetext`` asks ``mistyped_command`` first of a private message; ``bot.app``
sends a group's commands to ``mistyped_group_command``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from telegram import Update
from telegram.ext import ContextTypes

from db.people import volunteer_areas

from .commands import audience_of, commands_of, shown
from .context import person_of, reply, t
from .i18n import lazy
from .menu import menu_of

__all__ = ["ALIASES", "mistyped_command", "mistyped_group_command"]


# A command mistyped (/aprove 12) or typed with the full-width slash of a Chinese
# keyboard (／approve 12, which Telegram does not take for a command).
UNKNOWN_COMMAND = lazy("There is no command {typed}. Did you mean {command}? Nothing was done. "
                       "To see the commands you can use, press Help in the menu below.")
NO_SUCH_COMMAND = lazy("There is no command {typed}. Nothing was done. To see the commands you "
                       "can use, press Help in the menu below.")
FULL_WIDTH_SLASH = lazy("That was not read as a command, and nothing was done: a command starts "
                        "with the ordinary slash / (as on an English keyboard), not the Chinese "
                        "／. Please send it again like this: {fixed}")
GROUP_TYPO = lazy("There is no command {typed}; nothing was done. Did you mean {command}?")
# Commands people know from other bots and apps (/privacy, /english, /menu): ours that
# does it. Guessing by spelling alone offered /pay for /privacy and /unpublish for /english.
ALIASES: dict[str, str] = {
    **dict.fromkeys(("privacy", "myinfo", "mydetails", "profile", "data", "info", "gdpr",
                     "export"), "mydata"),
    **dict.fromkeys(("lang", "languages", "english", "chinese", "zh", "en", "cn", "locale"),
                    "language"),
    **dict.fromkeys(("menu", "commands", "about", "settings"), "help"),
    **dict.fromkeys(("delete", "deleteme", "deleteaccount", "erase", "unregister", "remove"),
                    "forget"),
    **dict.fromkeys(("register", "signup", "join", "begin", "home"), "start"),
    **dict.fromkeys(("moved", "moveout", "movingout", "moving"), "movedout"),
    **dict.fromkeys(("balance", "ledger", "account", "money", "finance", "books"), "accounts"),
    **dict.fromkeys(("feedback", "suggest", "suggestion", "complain", "complaint", "idea"),
                    "opinion"),
    **dict.fromkeys(("repair", "fix", "issue", "problem", "broken"), "report"),
    **dict.fromkeys(("fee", "fees", "payment", "paid"), "pay"),
    **dict.fromkeys(("status", "history", "my", "myentries"), "mine"),
    # what I am here: spelling offered /progress for /roles
    **dict.fromkeys(("roles", "role", "myrole", "myroles", "rights", "permissions"),
                    "whoami"),
    # a volunteer's (offered only to whom it is shown: never to a resident)
    **dict.fromkeys(("queue", "review", "approvals", "todo", "inbox", "waiting"), "pending"),
}
_COMMAND = re.compile(r"(/)\s*([A-Za-z][A-Za-z0-9_]{0,31})(@\w+)?(\s.*)?", re.S)


async def mistyped_command(update: Update, context: ContextTypes.DEFAULT_TYPE,
                            text: str) -> bool:
    """Says what was wrong with a command no handler took, and what to send instead;
    False when ``text`` is no command."""
    match = _COMMAND.fullmatch(unicodedata.normalize("NFKC", text.strip()))
    if match is None:
        return False
    chat = update.effective_chat
    if chat is not None and chat.type != chat.PRIVATE:
        return await _mistyped_in_group(update, context, match)
    person = await person_of(update, context)
    names = [c.name for c in commands_of(context.application)
             if shown(c, audience_of(person))]
    name = match.group(2).lower()
    menu = await menu_of(update, context)
    if not text.lstrip().startswith("/") and name in names:
        fixed = ("/" + name + (match.group(4) or "").rstrip())[:200]
        await reply(update, t(context, FULL_WIDTH_SLASH, fixed=fixed), reply_markup=menu)
        return True
    typed = "/" + match.group(2)[:32]
    rest = (match.group(4) or "").rstrip()
    glued = re.fullmatch(r"([a-z_]+?)(\d+)", name)  # /approve12: the space left out
    if glued and glued.group(1) in names:
        name, rest = glued.group(1), f" {glued.group(2)}{rest}"
    close = [ALIASES[name]] if ALIASES.get(name) in names else \
        difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        example = ("/" + close[0] + rest)[:200]
        await reply(update, t(context, UNKNOWN_COMMAND, typed=typed, command=example),
                    reply_markup=menu)
    else:
        await reply(update, t(context, NO_SUCH_COMMAND, typed=typed), reply_markup=menu)
    return True


async def _mistyped_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE,
                             match: re.Match[str]) -> bool:
    """In a volunteers' group, where other bots' commands come too: a volunteer's command
    close to one of ours (not addressed to another bot) gets the one meant; the rest,
    nothing."""
    person = await person_of(update, context)
    mention = (match.group(3) or "")[1:].lower()
    if not volunteer_areas(person) or (mention and mention != (context.bot.username or "").lower()):
        return False
    names = [c.name for c in commands_of(context.application)
             if shown(c, audience_of(person))]
    name, rest = match.group(2).lower(), (match.group(4) or "").rstrip()
    glued = re.fullmatch(r"([a-z_]+?)(\d+)", name)
    if glued and glued.group(1) in names:
        name, rest = glued.group(1), f" {glued.group(2)}{rest}"
    close = [ALIASES[name]] if ALIASES.get(name) in names else \
        difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        return False
    await reply(update, t(context, GROUP_TYPO, typed="/" + match.group(2)[:32],
                          command=("/" + close[0] + rest)[:200]))
    return True


async def mistyped_group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command in a group that no handler took (``bot.app``)."""
    message = update.effective_message
    if message is not None and message.text:
        await mistyped_command(update, context, message.text)
