"""What an approval post says in a chat that may not read a resident's name and room
(``bot.sender_line.reads_names`` is False: the area's linked volunteers' group, a
supervisor's read-only queue).

What a resident agrees to at registration (``bot.consent.NOTICE``): the volunteers of
her area see her name and room, to check what she sends; nobody else does. The bot
cannot know who reads a Telegram group (/linkgroup), so a post there said 申请人：罗小燕
and 住户：东小区 1号楼 1单元 101 (a registration), the household of a fee, the household a
volunteer recorded a report for (/proxy) and the receipt photo, to whoever was in it.

There a post says what a volunteer needs to act on it, and where the rest is: its number
and kind (the head line), its compound and building at most (``building_of``), the
amount and period of a fee; words typed by a resident as the public site would show them
(phone, ID and room numbers and the names of people masked, registered or not:
``masked``; before, 3楼的王建国老人 and Zhang Jianguo were posted as typed); her note on
a fee, her name, the room and the receipt only "in each volunteer's private chat with
me" (every volunteer gets the private post too, and its buttons work there as here). The
public site never shows any of them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from db.author_questions import ASKED
from db.entries import Entry, Kind
from db.hidden_names import HIDDEN_FIELDS, hidden_of, hide_in
from db.people import RESIDENT_LABEL
from db.public_words import names_mask
from db.redact import area_rooms, hidden_words

from .i18n import lazy, tr

__all__ = ["building_of", "masked", "home_line", "household_words", "shown_words",
           "withholds", "SHOW_PRIVATELY", "VOICE_PRIVATE", "VOICE_SUMMARISED_PRIVATE",
           "HIDDEN_NOW",
           "WHO_PRIVATE", "CHANGE_PRIVATE", "NOTE_PRIVATE", "RECEIPT_PRIVATE", "PROXY_FOR_BUILDING"]


def building_of(street: Any, household: str) -> str:
    """The compound and building of ``household`` (东小区 1号楼), never its unit or room;
    "" when the street no longer has it."""
    try:
        _, compound, building, _, _ = street.locate(household)
    except KeyError:
        return ""
    return f"{compound.name} {building.name}"


def masked(repo: Any, entry: Entry) -> Entry:
    """``entry`` with the words its author typed (the fields the site reads, and her
    answers to the volunteers' questions) as the site shows them: phone, ID and room
    numbers masked, the names a volunteer hid (🙈: [姓名已隐藏]), and the names of people,
    registered or not (``db.public_words.names_mask``)."""
    rooms = area_rooms(repo.street, entry.area)
    names = hidden_of(entry.data)
    people = names_mask(repo, entry.area)

    def shown(value: object) -> object:
        if not isinstance(value, str):
            return value
        value = people(hide_in(value, names) if names else value)
        said = hidden_words(value, repo.settings, rooms)
        return value if said is None else said

    data = {k: shown(v) if k in HIDDEN_FIELDS else v for k, v in entry.data.items()}
    asked = entry.data.get(ASKED)
    if isinstance(asked, list):
        data[ASKED] = [{k: shown(v) if k in ("question", "answer") else v
                        for k, v in q.items()} if isinstance(q, dict) else q for q in asked]
    return replace(entry, data=data)


def household_words(street: Any, household: str, lang: str) -> str:
    """A household named in a sentence read in such a chat (为 {household} 代为登记的):
    its building, and where to find which one."""
    return tr(lang, HOUSEHOLD_IN, building=building_of(street, household) or "—")


def shown_words(repo: Any, area: str, text: object) -> str:
    """Words a resident typed about ``area`` as the site shows them (phone, ID and room
    numbers, and the names of people, masked)."""
    text = names_mask(repo, area)(text)
    said = hidden_words(text, repo.settings, area_rooms(repo.street, area))
    return text if said is None else said


def withholds(entry: Entry) -> bool:
    """Whether such a chat's post of ``entry`` leaves out what its private post shows:
    who sent it and from which home, the household it is for, a private receipt, a
    voice message."""
    d = entry.data
    receipt = bool(d.get("receipt")) and not (entry.kind == Kind.EXPENSE
                                              and d.get("receipt_public"))
    return entry.author_role == RESIDENT_LABEL or entry.kind == Kind.REGISTRATION \
        or bool(d.get("household")) or receipt or bool(d.get("voice"))


def home_line(street: Any, household: str, lang: str) -> str:
    """住户 in such a chat: the building, the room said to be in the private chats."""
    return tr(lang, HOME_BUILDING, building=building_of(street, household) or "—")


HOME_BUILDING = lazy("Household: in {building} (which room: in each volunteer's private chat "
                     "with me)")
VOICE_PRIVATE = lazy("Voice message ({length}): only in each volunteer's private chat with me "
                     "(a voice may say who and where). Approving it needs a short written "
                     "summary, which is published instead of the voice.")
VOICE_SUMMARISED_PRIVATE = lazy("Voice message ({length}): only in each volunteer's private "
                                "chat with me. Summary published instead of the voice: "
                                "{summary}")
SHOW_PRIVATELY = lazy("Volunteers of this area: send /show {id} to me in a private chat for "
                      "its details.")
HIDDEN_NOW = lazy("On the site the names a volunteer hid are masked; it will read: {text}")
HOUSEHOLD_IN = lazy("in {building} (which one: in each volunteer's private chat with me)")
WHO_PRIVATE = lazy("Person: name and contact in each volunteer's private chat with me")
CHANGE_PRIVATE = lazy("A change: this person was registered for another household (which: "
                      "in each volunteer's private chat with me)")
NOTE_PRIVATE = lazy("The resident added a note (not published): in each volunteer's private "
                    "chat with me")
RECEIPT_PRIVATE = lazy("Receipt photo: only in each volunteer's private chat with me (it may "
                       "show names and rooms); the site will say \"receipt checked\".")
PROXY_FOR_BUILDING = lazy("Recorded for a household in {building} (acting for a neighbour; "
                          "which one: in each volunteer's private chat with me)")
