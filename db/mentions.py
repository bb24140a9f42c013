"""Others' entries that name a person or her home, for her ``/mydata`` (PIPL art. 45:
what is kept about her is not only what she sent herself).

A neighbour's report ("101室王秀兰家漏水到楼下"), a volunteer's progress note, the
minutes of a meeting keep her name, her Telegram id or her door: personal information
about her, kept in the store (and, masked, on the site). ``/mydata`` listed only what
she sent and what was recorded for her household (``db.household_kept``), so she could
not see, correct or object to what others wrote of her.

``mentions`` finds, in the entries of the areas she lives in or wrote in, those written
by someone else whose words (the text, a reason, an answer, a payee, the steps' notes)
say

* her name, or a name she corrected, or her Telegram id (``db.redact.NameMask``, as
  ``/forget`` masks them in the store: ``db.privacy``);
* her room: "1-1-101", "1号楼1单元101", or the room alone (101室, 住101) in an entry
  placed in her building (and unit, when it says one), or placed nowhere and written
  by someone of her building and unit. A room alone in another building is someone
  else's.

Each is given with what the public may know of it and nothing more of its author: the
kind, number, day, status, whether it is public, the author's role as the site signs it
(居民, 网格员甲), what it says of her (name, room), and its words as the public site
reads them (``db.public_words``: phone and ID numbers, every known name, hers too, and
rooms masked; ``WITHHELD_ZH`` once its author withdrew her consent). Entries recorded
for her household are listed there already and left out here; so are votes and
registrations, whose words are no one's.
"""

from __future__ import annotations

import re
from typing import Any

from .entries import Entry, Kind, is_public
from .privacy import NAMED_FIELDS, NESTED_FIELDS
from .public_words import public_text, public_words
from .redact import NameMask, said_rooms

__all__ = ["mentions", "NAME", "ROOM"]

NAME = "name"  # her name (or a former one, or her Telegram id) is in its words
ROOM = "room"  # her room is
# kinds whose words are no one's (a vote's, a registration's) or hers alone
_SKIPPED = frozenset({Kind.VOTE, Kind.REGISTRATION})
MAX_MENTIONS = 200  # the newest listed; a street's years do not fit a message


def _words(e: Entry) -> list[str]:
    """Every piece of words of ``e``: its fields, nested notes, its steps' notes."""
    out = [v for k in NAMED_FIELDS if isinstance(v := e.data.get(k), str) and v]
    for key, fields in NESTED_FIELDS.items():
        value = e.data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                out += [v for f in fields if isinstance(v := item.get(f), str) and v]
    out += [n for step in e.history if isinstance(n := step.get("note"), str) and n]
    return out


def _room_pattern(home: str) -> tuple[re.Pattern[str], str, str, str] | None:
    """What says her whole address in words (1-1-101, 1号楼1单元101室), with her
    building, unit and room."""
    parts = home.split("/")
    if len(parts) != 4:
        return None
    _, building, unit, room = parts
    b, u, r = (re.escape(x) for x in (building, unit, room))
    return (re.compile(f"(?<![0-9]){b}\\s*[-－/]\\s*{u}\\s*[-－/]\\s*{r}(?![0-9])"
                       f"|(?<![0-9]){b}\\s*(?:号楼|栋|幢|号)\\s*{u}\\s*单元\\s*{r}(?![0-9])"),
            building, unit, room)


def _says_room(e: Entry, words: list[str], home: str, author_home: Any) -> bool:
    """Whether ``e``'s words say her room: her whole address, or her room (said to be a
    room, or a room of her area written alone) in an entry placed in her building and
    unit, or, placed nowhere, written by someone who lives there (``author_home``: a
    function of the entry, the author's household or None)."""
    found = _room_pattern(home)
    if found is None:
        return False
    whole, building, unit, room = found
    if any(whole.search(w) for w in words):
        return True
    if not any(room in w for w in words):
        return False
    compound = home.split("/", 1)[0]
    if e.data.get("building"):
        here = (str(e.data.get("compound") or compound), str(e.data["building"]),
                str(e.data.get("unit") or unit))
    else:
        theirs = author_home(e)
        parts = theirs.split("/") if isinstance(theirs, str) else []
        if len(parts) != 4:
            return False
        here = (parts[0], parts[1], parts[2])
    if here != (compound, building, unit):
        return False
    return any(room in said_rooms(w, {room}) for w in words if room in w)


def mentions(repo: Any, person: dict[str, Any]) -> list[dict[str, Any]]:
    """Others' entries whose words name ``person`` or her room, newest first (at most
    ``MAX_MENTIONS``), each as the public may know it (see the module's docstring)."""
    me = person.get("id")
    home = person.get("household") if isinstance(person.get("household"), str) else None
    areas: set[str] = set()
    home_area = None
    if home:
        try:
            home_area = repo.street.locate(home)[0].id
            areas.add(home_area)
        except (KeyError, ValueError):
            home = None
    areas.update(e.area for e in repo.entries(author=me) if e.area)
    mask = NameMask.of([person])
    found: list[tuple[Entry, list[str]]] = []

    def author_home(e: Entry) -> Any:
        someone = repo.person(e.author) if e.author is not None else None
        return (someone or {}).get("household")

    for area in sorted(areas):
        for e in repo.entries(area=area):
            if e.author == me or e.kind in _SKIPPED or \
                    (home and e.data.get("household") == home):  # db.household_kept's
                continue
            words = _words(e)
            how = [NAME] if mask.names and any(mask(w) != w for w in words) else []
            if home and e.area == home_area and _says_room(e, words, home, author_home):
                how.append(ROOM)
            if how:
                found.append((e, how))
    found.sort(key=lambda f: -f[0].id)
    found = found[:MAX_MENTIONS]
    texts = public_words(repo, [e for e, _ in found if isinstance(e.data.get("text"), str)])
    out = []
    for e, how in found:
        text = texts.get(e.id)
        if text is None:  # no text of its own: the words that say it, as the site would
            text = " / ".join(public_text(repo, w, e.area) for w in _words(e)[:3])
        out.append({"id": e.id, "kind": e.kind.value, "area": e.area, "at": e.created,
                    "status": e.status.value, "public": is_public(e.kind, e.status),
                    "role": e.author_role, "says": how, "text": text})
    return out
