"""The households a volunteer types (/paper N 盐业小区1/1/101 同意, a room for /income or
/proxy): reading what was typed back as households of an area (``households_typed``,
``resolve_household``), saying which when it names a room in more than one compound
(``which_household``), and writing a household as it is typed, for the examples the
bot gives (``typed_household``, ``example_household``). Re-exported by ``bot.staff``.
"""

from __future__ import annotations

import re
from typing import Any

from telegram.ext import ContextTypes

from .context import call, lang_of, repo_of, t
from .i18n import listing

__all__ = ["households_typed", "typed_household", "example_household", "resolve_household",
           "which_household"]


def households_typed(repo: Any, area: str, text: str) -> list[str]:
    """The households of ``area`` that what a volunteer typed may mean: its id, or every
    one whose id ends so (``1/1/101``, ``1-1-101`` or as it is said, ``1号楼1单元101``,
    with the compound's name first where the area has two: ``盐业小区1号楼1单元101``, or as
    it is said, without 小区: ``盐业1号楼1单元101``). After a compound's name, the rest is
    read within it as it would be alone: ``盐业小区2单元101`` (its one building left out),
    ``盐业小区101`` (every 101 of it)."""
    text = text.strip()
    names = []
    for cid in repo.street.area(area).compounds:
        name = str(repo.street.compound(cid).name or "")
        short = name.removesuffix("小区")
        names += [(name, cid)] + ([(short, cid)] if short != name and len(short) >= 2 else [])
    named = ""  # the compound named first: what follows is read within it
    for name, cid in sorted(names, key=lambda n: -len(n[0])):  # 盐业小区 before 盐业
        if name and text.startswith(name):
            named, text = cid, text[len(name):]
            break
    text = re.sub(r"(号楼|栋|幢|楼|单元)", "/", text)
    text = re.sub(r"(室|号)$", "", text)
    text = re.sub(r"[\s\-－—_/]+", "/", text).strip("/")
    if not text:
        return []
    ids = [h.id for h in repo.street.area_households(area)]
    if named:  # 盐业小区1/2/101, or without the building of a compound of one: 盐业小区2单元101
        ids = [h for h in ids if h.startswith(named + "/")]
        text = named + "/" + text if named + "/" + text in ids else text
    if text in ids:
        return [text]
    return [h for h in ids if h.endswith("/" + text)]


def typed_household(repo: Any, area: str, household: str, *, said: bool = False,
                    named: bool = False) -> str:
    """A household of ``area`` as a volunteer types it: 1/1/402, or as it is said
    (``said``): 1号楼1单元402; with the compound's name first where the area has two
    compounds, or when ``named``: 盐业小区1/1/402. ``households_typed`` reads it back
    as that household alone."""
    compound, _, rest = household.partition("/")
    if said and rest.count("/") == 2:
        building, unit, room = rest.split("/")
        rest = f"{building}号楼{unit}单元{room}"
    if named or len(repo.street.area(area).compounds) > 1:
        return str(repo.street.compound(compound).name) + rest
    return rest


def example_household(repo: Any, areas: list[str], *, said: bool = False) -> str:
    """A room to show a volunteer of ``areas`` as an example, one that gets the room it
    looks like when typed: a household of their (first) area, as ``typed_household``
    gives it, with its compound's name when they have several areas. "1/1/101" was
    shown to all, and named two rooms where an area has two compounds."""
    if not areas:
        return "1号楼1单元101" if said else "1/1/101"
    homes = repo.street.area_households(areas[0])
    if not homes:
        return "1号楼1单元101" if said else "1/1/101"
    home = homes[0].id
    typed = typed_household(repo, areas[0], home, said=said, named=len(areas) > 1)
    return typed if resolve_household(repo, areas[0], typed) == home else home


def resolve_household(repo: Any, area: str, text: str) -> str | None:
    """A household of ``area`` from what a volunteer typed (``households_typed``) when
    only one household matches."""
    matches = households_typed(repo, area, text)
    return matches[0] if len(matches) == 1 else None


MOST_LISTED = 6  # rooms a typed room number may mean, listed (the rest counted)


async def which_household(context: ContextTypes.DEFAULT_TYPE, area: str, text: str) -> str:
    """When ``text`` means more than one household of ``area``: a room in more than one
    compound (1/1/202 in 盐业小区 and in 市药材小区; it was answered "cannot find household
    1/1/202"), or a room number alone (102, in every unit): which they are, and how to
    type one; else "". A room number alone was said to be "in more than one compound",
    to be typed 城建小区102, in an area of one compound, where that is no household."""
    repo = repo_of(context)

    def said() -> str:
        matches = households_typed(repo, area, text)
        if len(matches) < 2:
            return ""
        labels = [str(repo.street.household_label(h)) for h in matches[:MOST_LISTED]]
        homes = listing(lang_of(context), labels)
        if len(matches) > MOST_LISTED:
            homes = t(context, "{homes} and {n} more", homes=homes,
                      n=len(matches) - MOST_LISTED)
        first = repo.street.compound(matches[0].split("/", 1)[0]).name
        if resolve_household(repo, area, f"{first}{text}") == matches[0]:
            return t(context, "{text} is in more than one compound here: {households}. Type "
                              "it with the compound's name first, e.g. {example}.", text=text,
                     households=homes, example=f"{first}{text}")
        return t(context, "{text} is the room of {n} households here: {households}. Type its "
                          "building and unit too, e.g. {example}.", text=text, n=len(matches),
                 households=homes,
                 example=typed_household(repo, area, matches[0], said=True))

    return await call(said)
