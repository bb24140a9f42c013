"""What is kept about a person is said only in her private chat with the bot.

The bot may be in a group: the volunteers' group an area is linked to (``bot.handlers.
groups``), or any chat someone added it to. /mydata typed there posted her name, phone,
household and every entry for the whole group to read, and its 📄 button sent the file
of it all into the group, captioned "Only you received this file"; /mine listed her
entries and her household's fees there; /forget and /unpublish asked their question
there; /start said her flat there (a newcomer picked hers in front of everyone), and
/whoami her Telegram number and flat. Each of them now says, in the group, to send it
in a private chat with the bot, and shows nothing (``in_private``).

The approval queue (/pending, 待审核) is the volunteers' own: in the group an area is
linked to it lists what waits in that area, but typed in any other group it posted
every waiting report (its words, not yet approved), registration (a name and a flat)
and fee (a household and an amount) there. In a group it now lists only the areas
linked to that group (``linked_here``), and elsewhere says to send it in a private chat.
The door lists of a volunteer going round (``doors_here``): /unpaid (the flats that have
not paid a fee) and /paper with its buttons (the flats that have not voted, and what a
flat signed), which named households in whatever group they were typed in, and /income
and /proxy, whose steps pick a household by its room, answer in a private chat only:
the area's volunteers' group too may hold anyone (the bot cannot know who), and what a
resident agrees to shows her home to her area's volunteers only (``bot.group_post``).
/expense names no household: it goes on in the area's volunteers' group as before.
/progress, /resolve and /close typed without their arguments list the open reports of
the areas linked to the group only (elsewhere: where to see them), and a report named in
another group reads as the site reads it, a pending one not at all
(``bot.handlers.issue_work``). /grant and /revoke, which list people by name and home,
answer in a private chat only (``names_in_private``).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from .context import read, reply, repo_of, t
from .i18n import lazy

__all__ = ["in_private", "is_private", "linked_here", "PRIVATE_ONLY", "PRIVATE_BUTTON",
           "NOT_LINKED_HERE", "DOORS_NOT_HERE", "INCOME_NOT_HERE", "EXPENSE_NOT_HERE",
           "PROXY_NOT_HERE", "doors_here", "NAMES_PRIVATE", "names_in_private"]

PRIVATE_ONLY = lazy("/{command} is about you (your home, what is kept about you), so I "
                    "answer it only in a private chat with me: open a chat with me and send "
                    "/{command} there. Nothing of it was shown here.")
PRIVATE_BUTTON = lazy("This button works only in a private chat with me: nothing of yours "
                      "was shown here.")


def is_private(update: Update) -> bool:
    """Whether ``update`` came from a private chat (a button pressed in a group is
    answered ``PRIVATE_BUTTON`` on the button itself, first, as every press is)."""
    chat = update.effective_chat
    return chat is None or chat.type == chat.PRIVATE


async def in_private(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """Whether the command ``update`` came from a private chat; else the group is told to
    send /``command`` in a private chat, and False."""
    if is_private(update):
        return True
    await reply(update, t(context, PRIVATE_ONLY, command=command))
    return False


NAMES_PRIVATE = lazy("/{command} names people (volunteers' real names, residents' homes), so I "
                     "answer it only in a private chat with me: send /{command} there. Nothing "
                     "was changed, and nobody was named here.")


async def names_in_private(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           command: str) -> bool:
    """Whether /``command`` (/grant, /revoke: their steps list people by name and home)
    came from a private chat; else the chat is told to send it there, and False. /revoke
    typed by an admin in any group listed every volunteer of her areas by real name
    (物管会主任甲 甲志愿者（东小区）) as buttons, for the whole group to read."""
    if is_private(update):
        return True
    await reply(update, t(context, NAMES_PRIVATE, command=command))
    return False


NOT_LINKED_HERE = lazy("This group is not the volunteers' group of your areas, so what "
                       "waits for approval (residents' reports, homes and fees) is not shown "
                       "here. Send /pending in a private chat with me, or in your area's "
                       "volunteers' group (linked with /linkgroup).")


async def linked_here(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      areas: list[str]) -> list[str]:
    """Those of ``areas`` whose volunteers' group is the chat of ``update`` (all of them
    in a private chat)."""
    chat = update.effective_chat
    if is_private(update) or chat is None:
        return areas
    repo = repo_of(context)
    return [a for a in areas if await read(repo.linked_group, a) == chat.id]


DOORS_NOT_HERE = lazy("No household is named in a group, the volunteers' group included (who "
                      "has not paid or voted, what a household signed): anyone may be in it. "
                      "Send it in a private chat with me.")


# What each flow would show the group, said when it is refused there: /expense read
# DOORS_NOT_HERE (不列出任何住户（谁还没交费、没投票…）), which is nothing an expense shows.
INCOME_NOT_HERE = lazy("Fees are not recorded in a group, the volunteers' group included "
                       "(which household paid how much, and the receipt photo, would be seen "
                       "by everyone in it). Send /income in a private chat with me.")
EXPENSE_NOT_HERE = lazy("This group is not the volunteers' group of your areas, so expenses are "
                        "not recorded here (the payee, the receipt photo and the summary would "
                        "be seen by everyone in it). Send /expense in a private chat with me, or "
                        "in your area's volunteers' group (linked with /linkgroup).")
PROXY_NOT_HERE = lazy("Nothing is recorded for a household in a group, the volunteers' group "
                      "included (its building, unit and room, and what it said, would be seen "
                      "by everyone in it). Send /proxy in a private chat with me.")


async def doors_here(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     areas: list[str], refusal: str = DOORS_NOT_HERE, *,
                     linked: bool = False) -> bool:
    """Whether households of ``areas`` may be named in the chat of ``update``: a private
    chat (and, when ``linked``, for what names none, the volunteers' group of one of
    them); else the chat is told why not (``refusal``: what the command would have shown
    there)."""
    if is_private(update) or (linked and await linked_here(update, context, areas)):
        return True
    await reply(update, t(context, refusal))
    return False
