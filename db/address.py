"""Addresses people type: "我住盐业小区1号楼2单元301", "3栋2单元401室", "1-2-301",
"Building 3, Unit 2, Room 401".

``typed_households`` finds the households of a street an address typed names:
building, unit and room by their numbers, and the compound when its name (or
its name without 小区) is in the text. It never guesses: an address that names
no compound and fits rooms of several compounds gives all of them, for the
person to choose; one that fits nothing gives none. Building and unit names
without a number (A座) are matched by their numbers only, so never.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from .places import Street

__all__ = ["MAX_ADDRESS", "typed_households", "typed_step", "typed_place"]

MAX_ADDRESS = 60  # characters: longer text is a message, not an address

_NOISE = re.compile(r"[\s\u3000,，.。:：、]+")
# building, unit and room at the end of the text: 1号楼2单元301(室), 1栋2单元301, 1-2-301
_SAID = re.compile(
    r"(?<!\d)(\d{1,3})(?:号楼|号|栋|幢|楼)(\d{1,2})(?:单元|门)(\d{1,5})(?:室|号|房)?$")
_DASHED = re.compile(r"(?<!\d)(\d{1,3})[-/](\d{1,2})[-/](\d{1,5})$")
# unit and room alone (a compound of one building says it so: 盐业小区3单元501); read only
# after a compound's name, and in each of its buildings
_UNIT_ROOM = re.compile(r"(?<![\d号楼栋幢])(\d{1,2})(?:单元|门)(\d{1,5})(?:室|号|房)?$")
# The same in English, the word before the number (spaces and commas taken out first):
# Building 3, Unit 2, Room 401; Bldg 3 Unit 2 Rm 401; Block 3 Entrance 2 Flat 401.
_BUILDING_EN = r"(?:building|bldg|block|blk)"
_UNIT_EN = r"(?:unit|entrance)"
_ROOM_EN = r"(?:room|rm|flat|apt|apartment)"
_SAID_EN = re.compile(rf"{_BUILDING_EN}\s*(\d{{1,3}})\s*{_UNIT_EN}\s*(\d{{1,2}})"
                      rf"(?:\s*{_ROOM_EN}\s*|\s+)(\d{{1,5}})$", re.IGNORECASE)
# English keeps its spaces (Unit 2 401): only punctuation is taken out.
_NOISE_EN = re.compile(r"[\s\u3000,，.。:：、#]+")


# One level typed alone at the picker's step for it: 1号楼, 三栋, 2单元, 301室, 301.
_STEP = re.compile(r"(\d{1,5}|[一二三四五六七八九十])(号楼|号|栋|幢|楼|单元|门|室|房)?")
_CHINESE = {c: str(i) for i, c in enumerate("一二三四五六七八九十", 1)}
_LEVEL_WORDS = ({"", "号楼", "号", "栋", "幢", "楼"}, {"", "单元", "门"}, {"", "室", "号", "房"})
# A room said digit by digit (二零一, 一〇二, as a voice keyboard writes it) or after 我住:
# read as 201, 102; 二百零一 is a number, not its digits, and is not read.
_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
_SPELLED = re.compile(r"([零〇一二三四五六七八九]{2,5})(室|号|房)?")
_I_LIVE = re.compile(r"^(?:我家住在|我家住|我住在|我住|住在|我家是|我家在|我家|是)")
# ... in English: Building 3, Unit 2, Room 301.
_STEP_EN = re.compile(rf"({_BUILDING_EN}|{_UNIT_EN}|{_ROOM_EN})#?(\d{{1,5}})", re.IGNORECASE)
_LEVEL_EN = (re.compile(_BUILDING_EN, re.I), re.compile(_UNIT_EN, re.I), re.compile(_ROOM_EN, re.I))


def typed_step(street: Street, path: tuple[int, ...] | list[int], text: str) -> int | None:
    """At the step of the household picker after ``path`` (a compound's index; then a
    building's; then a unit's), the index of the building, unit or room ``text`` names
    by its number alone (1号楼, 2单元, 301); None when it names none, or the word says
    another level (2单元 where the buildings are asked)."""
    typed = _I_LIVE.sub("", _NOISE.sub("", unicodedata.normalize("NFKC", text or "")), count=1)
    if not 1 <= len(path) <= 3:
        return None
    spelled = _SPELLED.fullmatch(typed)  # 二零一, as said aloud: 201
    if spelled is not None:
        typed = "".join(_DIGIT[ch] for ch in spelled.group(1)) + (spelled.group(2) or "")
    m = _STEP.fullmatch(typed)
    english = _STEP_EN.fullmatch(typed) if m is None else None
    if english is not None and _LEVEL_EN[len(path) - 1].fullmatch(english.group(1)):
        said = english.group(2).lstrip("0")
    elif m is None or (m.group(2) or "") not in _LEVEL_WORDS[len(path) - 1]:
        return None
    else:
        said = _CHINESE.get(m.group(1), m.group(1)).lstrip("0")
    try:
        comp = street.compounds[path[0]]
        b = comp.buildings[path[1]] if len(path) > 1 else None
        u = b.units[path[2]] if b is not None and len(path) > 2 else None
    except IndexError:
        return None
    names = [_number(x.name) for x in comp.buildings] if b is None else \
        [_number(x.name) for x in b.units] if u is None else \
        [h.room.lstrip("0") for h in u.households]
    return names.index(said) if names.count(said) == 1 else None


# A building, and maybe its unit, in words about a place: 3号楼2单元楼道, 盐业小区1栋.
_PLACE = re.compile(r"(?<!\d)(\d{1,3})(?:号楼|栋|幢|号)(?:(\d{1,2})(?:单元|门))?")
_PLACE_EN = re.compile(rf"{_BUILDING_EN}\s*(\d{{1,3}})(?:\s*{_UNIT_EN}\s*(\d{{1,2}}))?(?!\d)",
                       re.IGNORECASE)


def typed_place(street: Street, compounds: Collection[str], text: str
                ) -> list[tuple[int, int, int | None]]:
    """The (compound, building, unit or None) indices into ``street`` of the buildings
    among ``compounds`` (ids) that ``text`` names by number (3号楼, 盐业小区1栋2单元), the
    compound too when its name is in the text; [] when it names none of them, or a unit
    they do not have."""
    s = _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))
    m = (_PLACE.search(s) or _PLACE_EN.search(_english(text))) if len(s) <= MAX_ADDRESS \
        else None
    if m is None:
        return []
    here = [(ci, c) for ci, c in enumerate(street.compounds) if c.id in compounds]
    named = [ci for ci, c in enumerate(street.compounds)  # another area's too: none here
             if c.name in s or (len(c.name.removesuffix("小区")) >= 2
                                and c.name.removesuffix("小区") in s)]
    building, unit = m.group(1).lstrip("0"), (m.group(2) or "").lstrip("0")
    found: list[tuple[int, int, int | None]] = []
    for ci, comp in here:
        for bi, b in enumerate(comp.buildings):
            if (named and ci not in named) or _number(b.name) != building:
                continue
            units = [ui for ui, u in enumerate(b.units) if _number(u.name) == unit]
            found += [(ci, bi, units[0])] if len(units) == 1 else [] if unit else [(ci, bi, None)]
    return found


def _english(text: str | None) -> str:
    """``text`` for the English patterns: punctuation made a space, one space between
    words (Building 3, Unit 2, Room 401 -> Building 3 Unit 2 Room 401)."""
    return _NOISE_EN.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def _number(name: str) -> str | None:
    digits = re.sub(r"\D", "", name).lstrip("0")
    return digits or None


# Said aloud (as a voice keyboard writes it): 一号楼, 二单元, 十二栋 and a room digit by
# digit at the end (一零一, 二〇一室) are read as 1号楼, 2单元, 12栋, 101: 盐业小区二单元一零一
# was no address (found trying the real ``steward run`` as an elderly resident).
_LEVEL_SAID = re.compile(r"(十[一二三四五六七八九]?|[一二三四五六七八九]十?[一二三四五六七八九]?)"
                         r"(?=号楼|号|栋|幢|楼|单元|门)")
_ROOM_SAID = re.compile(r"([零〇一二三四五六七八九]{3,4})(室|号|房)?$")


def _small(said: str) -> str:
    """一 .. 九十九 (no 百) as digits."""
    tens, _, ones = said.rpartition("十")
    if "十" not in said:
        return "".join(_DIGIT[c] for c in said) if len(said) == 1 else said
    return str(int(_DIGIT.get(tens, "1") if tens else "1") * 10 +
               (int(_DIGIT[ones]) if ones else 0))


def _arabic(s: str) -> str:
    """``s`` with the building, unit and room said in Chinese numerals as digits."""
    s = _LEVEL_SAID.sub(lambda m: _small(m.group(1)), s)
    return _ROOM_SAID.sub(lambda m: "".join(_DIGIT[c] for c in m.group(1)) + (m.group(2) or ""),
                          s)


def typed_households(street: Street, text: str) -> list[tuple[int, int, int, int]] | None:
    """The (compound, building, unit, room) indices into ``street`` of the households
    the address ``text`` names, in the street's order ([] when it names none of
    them); None when the text is no address. After a compound's name, its unit and room
    alone name them in each of its buildings (盐业小区3单元501)."""
    s = _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))
    if not s or len(s) > MAX_ADDRESS:
        return None
    found = _households(street, s, text)
    said = _arabic(s)  # (only when it is no address as typed: a compound's name is kept)
    return _households(street, said, text) if found is None and said != s else found


def _households(street: Street, s: str, text: str
                ) -> list[tuple[int, int, int, int]] | None:
    m = _SAID.search(s) or _DASHED.search(s)
    head = s[:m.start()] if m is not None else ""
    alone = _UNIT_ROOM.search(s) if m is None else None  # 盐业小区3单元501
    if alone is not None and (compounds := _named(street, s[:alone.start()])):
        unit, room = (g.lstrip("0") for g in alone.groups())
        return _found(street, compounds, None, unit, room)
    if m is None:
        spaced = _english(text)
        m = _SAID_EN.search(spaced)
        if m is None:
            return None
        head = spaced[:m.start()]
    building, unit, room = (g.lstrip("0") for g in m.groups())
    return _found(street, _named(street, head), building, unit, room)


def _named(street: Street, head: str) -> list[int]:
    """The compounds whose name (or name without 小区) is in ``head``."""
    return [ci for ci, c in enumerate(street.compounds)
            if c.name in head or (len(c.name.removesuffix("小区")) >= 2
                                  and c.name.removesuffix("小区") in head)]


def _found(street: Street, named: list[int], building: str | None, unit: str,
           room: str) -> list[tuple[int, int, int, int]]:
    """The households of ``named`` compounds (all when none is) with these numbers; of
    every building when ``building`` is None."""
    found = []
    for ci, comp in enumerate(street.compounds):
        if named and ci not in named:
            continue
        for bi, b in enumerate(comp.buildings):
            if building is not None and _number(b.name) != building:
                continue
            for ui, u in enumerate(b.units):
                if _number(u.name) != unit:
                    continue
                found += [(ci, bi, ui, ri) for ri, h in enumerate(u.households)
                          if h.room.lstrip("0") == room]
    return found
