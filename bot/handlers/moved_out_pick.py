"""/movedout sent alone by a volunteer: the flat picked on buttons, as a door-to-door walk
picks it (``bot.handlers.paper_walk``'s markups): her area (when she has several), a
building unit with registered residents, a room with registered residents; the room
pressed lists its residents as ``/movedout 1/1/101`` does (``moved_out_for.list_flat``).
Before, she read how to type the flat (1/1/101) and had to know its form.

Buttons are ``mvp:p:<page>`` (a page of her areas, eight a page: an admin of a 50-area
street saw 50 buttons at once), ``mvp:a:<area>`` (an area chosen),
``mvp:l:<area>[:<page>]`` (its units), ``mvp:u:<area>:<k>`` (a unit's rooms),
``mvp:h:<area>:<k>`` (a flat), ``<area>`` the area's place in the street's areas and ``<k>``
the flat's place in the area's households (street order). Nothing is kept between presses:
each is checked again (a private chat, a volunteer of that area, a flat of it); nothing is
written before a name and a reason are pressed under the list (``moved_out_for``).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from ..context import call, read, reply, repo_of, t
from ..flows import answer, refuse
from ..i18n import lazy
from ..keyboards import paginated
from ..private_only import PRIVATE_BUTTON, is_private
from ..rooms_typed import example_household
from ..staff import require_staff, staff_areas
from . import moved_out_for
from . import paper_walk as walk

__all__ = ["PREFIX", "HANDLERS", "show_picker", "pick_markup"]

PREFIX = "mvp"
PAGE = re.compile(rf"^{PREFIX}:p:([0-9]{{1,4}})$")
PRESS = re.compile(rf"^{PREFIX}:([alhu]):([0-9]{{1,4}})(?::([0-9]{{1,6}}))?$")

WHICH_AREA = lazy("Whose flat? Choose the area first:")
UNITS = lazy("{area}: {n} flats have registered residents. Which building unit? (Or type the "
             "flat: /movedout {example})")
UNIT = lazy("{unit} ({n} flats)")
ROOMS = lazy("{unit}: which flat? (only flats with registered residents)")
NOBODY_HERE = lazy("Nobody is registered as a resident in {area} yet: nothing to change.")
SOMEONE_ELSE = lazy("🏠 A resident of my area moved out")


def pick_markup(context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
    """The button (label, data) that opens the picker, under a volunteer's own question."""
    return t(context, SOMEONE_ELSE), f"{PREFIX}:a:all"


async def show_picker(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], page: int = 0) -> None:
    """Her areas to choose from, a page of them (past the last: the last), or the units
    of her only area."""
    repo = repo_of(context)
    areas = await staff_areas(context, person)
    place = {a.id: i for i, a in enumerate(repo.street.areas)}
    if len(areas) == 1:
        await _units(update, context, place[areas[0]], 0)
        return
    items = [(repo.street.area(a).name, f"{PREFIX}:a:{place[a]}") for a in areas]
    await reply(update, t(context, WHICH_AREA), reply_markup=paginated(
        items, page, f"{PREFIX}:p:{{page}}", columns=1))


def _homes(repo: Any, area: str) -> tuple[list[str], list[str]]:
    """(the area's flats with confirmed residents, all its flats), in street order."""
    everyone = [h.id for h in repo.street.area_households(area)]
    lived = {str(p.get("household")) for p in repo.people(resident_of=area)}
    return [h for h in everyone if h in lived], everyone


async def _units(update: Update, context: ContextTypes.DEFAULT_TYPE, ai: int, page: int) -> None:
    repo = repo_of(context)
    area = repo.street.areas[ai]
    homes, everyone = await read(_homes, repo, area.id)
    if not homes:
        await reply(update, t(context, NOBODY_HERE, area=area.name))
        return
    found = await read(walk.units, repo, homes, everyone)
    at = page if page * walk.MAX_UNITS < len(found) else 0
    await reply(update, t(context, UNITS, area=area.name, n=len(homes), example=await call(
        example_household, repo, [area.id])),
        reply_markup=walk.units_markup(context, ai, found, at, prefix=PREFIX, label=UNIT))


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An area, a page of units, a unit or a flat pressed, checked again."""
    query = update.callback_query
    data = (query.data or "") if query else ""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    person = await require_staff(update, context)
    if person is None:
        return
    if data == f"{PREFIX}:a:all":  # under her own question: someone else's flat
        await show_picker(update, context, person)
        return
    turned = PAGE.match(data)
    if turned is not None:
        await show_picker(update, context, person, int(turned.group(1)))
        return
    match = PRESS.match(data)
    repo = repo_of(context)
    areas = repo.street.areas
    ai = int(match.group(2)) if match else -1
    if match is None or ai >= len(areas) or \
            areas[ai].id not in await staff_areas(context, person):
        await refuse(update, context)
        return
    action, k = match.group(1), int(match.group(3) or 0)
    if action in "al":
        await _units(update, context, ai, k)
        return
    homes, everyone = await read(_homes, repo, areas[ai].id)
    if k >= len(everyone):
        await refuse(update, context)
        return
    if action == "h":
        await moved_out_for.list_flat(update, context, everyone[k])
        return
    unit, rooms = await read(walk.rooms, repo, everyone[k], homes, everyone)
    if not rooms:  # its residents moved out since: the units again
        await _units(update, context, ai, 0)
        return
    await reply(update, t(context, ROOMS, unit=unit),
                reply_markup=walk.rooms_markup(context, ai, rooms, PREFIX))


HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:")]
