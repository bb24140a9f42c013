"""Who sent a resident's entry, as its post in the approval queue says it
(``bot.describe``): in a volunteer's private chat, her name and room; anywhere else,
"resident" alone.

What a resident agrees to at registration (``bot.consent.NOTICE``): "The volunteers
of your area see your name and room, to check what you send; nobody else does." A
volunteer following up a report (a leak inside the flat) must know whose it is and
where, and the post read only 记录人：居民. Now the private post to a volunteer (or
admin) of the entry's area names her and her household (盐业小区 1号楼 1单元 101).
A post in a group chat (the area's volunteers' group, /linkgroup) does not: the bot
cannot know who reads a group, and the consent names the volunteers alone; it says
where her name and room are. The public site never shows either (``db.public_words``).
"""

from __future__ import annotations

from typing import Any

from db.entries import Entry
from db.people import is_volunteer_of

from .i18n import lazy, tr

__all__ = ["reads_names", "resident_sender"]


def reads_names(repo: Any, chat_id: int, area: str) -> bool:
    """Whether a post in chat ``chat_id`` may name the residents who sent entries of
    ``area``: a private chat (a user's chat id is positive) of a volunteer or an admin
    of that area."""
    if chat_id <= 0:
        return False
    return is_volunteer_of(repo.person_by_telegram(chat_id), area)


def resident_sender(repo: Any, entry: Entry, lang: str, named: bool) -> str:
    """"resident", with her name and household when ``named`` (and known)."""
    if not named:
        return tr(lang, UNNAMED)
    person = (repo.person(entry.author) if entry.author is not None else None) or {}
    name = str(person.get("name") or "").strip()
    if person.get("username"):
        name = f"{name} @{person['username']}".strip()
    household = person.get("household") or ""
    if household:
        try:
            household = str(repo.street.household_label(household))
        except KeyError:
            pass
    if name and household:
        return tr(lang, "resident {name} ({household})", name=name, household=household)
    if name or household:
        return tr(lang, "resident {name}", name=name or household)
    return tr(lang, "resident")


# On a post in a group: where her name and household are (a volunteer there asks who)
UNNAMED = lazy("resident (who and which home: in each volunteer's private chat with me)")
