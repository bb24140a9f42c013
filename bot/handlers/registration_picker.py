"""The household picker of /start: compound -> building -> unit -> room on inline
keyboards (``registration.py`` registers the household chosen). Each level after the
first has "⬅️ 上一步" (Back) to the page of the level above holding the choice made
there (a level with one choice, skipped on the way in, is skipped on the way back
too), and 重新选择 (Start over). The step shown is noted (``AT``), for a building, unit
or room typed there (``registration_typed.py``). Buttons carry the path as indices
into the street (``reg:h:0:1:0:3``); ``locate`` finds the places again, or None.
"""

from __future__ import annotations

import time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from db.places import COMPOUND_START, Building, Compound, Household, Unit

from ..context import reply, repo_of, t
from ..i18n import lazy
from ..keyboards import PAGE_SIZE, button, paginated
from ..resident import PICKER_SHOWN
from ..sending import not_modified

__all__ = ["PREFIX", "AT", "AT_WHEN", "ASKED", "DECLINED_AT", "ROOMS_PAGE", "show", "restart_rows",
           "back_rows", "above_units", "above_rooms", "show_compounds", "show_buildings",
           "show_units", "show_rooms", "note_at", "locate", "scanned_compound"]

PREFIX = "reg"
AT = "reg:at"  # user_data: the picker's path shown last ([]: the compounds)
AT_WHEN = "reg:at_when"  # user_data: when it was shown (for 上一步 typed by someone registered)
DECLINED_AT = "reg:declined"  # user_data: [path..., when] of the consent declined (reg:nh)
ASKED = "reg:asked"  # user_data: [path..., when] of the consent question last shown
ROOMS_PAGE = 16  # rooms on one page of the picker (the other levels: PAGE_SIZE)


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message the button sits on; send a new one otherwise."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if not_modified(exc):  # tapped twice: it shows this already
                return
    await reply(update, text, reply_markup=markup)


def restart_rows(context: ContextTypes.DEFAULT_TYPE) -> list[list[Any]]:
    return [[button(t(context, "Start over"), f"{PREFIX}:new")]]


def back_rows(context: ContextTypes.DEFAULT_TYPE, above: str) -> list[list[Any]]:
    """The row under a level: Back to the level ``above`` (its button data), and Start
    over unless that is where Back goes."""
    back = button(t(context, "⬅️ Back"), above)
    return [[back]] if above.startswith(f"{PREFIX}:cp:") else [[back, *restart_rows(context)[0]]]


def above_units(ci: int, comp: Compound, bi: int) -> str:
    """The level shown before a building's units: the compound's buildings, or, when it
    has only one, the compounds."""
    if len(comp.buildings) > 1:
        return f"{PREFIX}:bp:{ci}:{bi // PAGE_SIZE}"
    return f"{PREFIX}:cp:{ci // PAGE_SIZE}"


def above_rooms(ci: int, bi: int, ui: int, comp: Compound, b: Building) -> str:
    """The level shown before a unit's rooms (skipping a building's only unit)."""
    if len(b.units) > 1:
        return f"{PREFIX}:up:{ci}:{bi}:{ui // PAGE_SIZE}"
    return above_units(ci, comp, bi)


# The picker shown to someone registered (an old 🏠 选择我的住址 pressed once confirmed,
# or 申请变更住户): it was "Where do you live?" alone, as if she had no household.
CHANGING = lazy("Your registered household is {household}. To change it to another, choose "
                "the compound:")


async def show_compounds(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         page: int, *, fresh: bool = False, home: str = "") -> None:
    """The first level of the picker, in place of the pressed message (a new message
    when ``fresh``); for someone registered in ``home`` (its label), saying so, with the
    button that keeps it."""
    compounds = repo_of(context).street.compounds
    items = [(c.name, f"{PREFIX}:c:{i}") for i, c in enumerate(compounds)]
    note_at(context)
    if context.user_data is not None:
        context.user_data[PICKER_SHOWN] = True
    text = t(context, CHANGING, household=home) if home else \
        t(context, "Where do you live? Choose your compound:")
    keep = [[button(t(context, "No, keep {household}", household=home), f"{PREFIX}:keep")]] \
        if home else []
    markup = paginated(items, page, f"{PREFIX}:cp:{{page}}", extra=keep)
    await (reply(update, text, reply_markup=markup) if fresh else show(update, text, markup))


def scanned_compound(update: Update, context: ContextTypes.DEFAULT_TYPE
                     ) -> tuple[int, Compound] | None:
    """The compound whose poster's QR code opened the bot (``/start c-<compound id>``,
    ``db.places.COMPOUND_START``; the site's posters), if the message names one of the
    street's; None for a bare /start or anything else after it."""
    message = update.effective_message
    parts = ((message.text or "") if message is not None else "").split()
    if len(parts) != 2 or not parts[1].startswith(COMPOUND_START):
        return None
    wanted = parts[1][len(COMPOUND_START):]
    return next(((ci, compound) for ci, compound in enumerate(repo_of(context).street.compounds)
                 if compound.id == wanted), None)


async def show_buildings(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          ci: int, comp: Compound, page: int) -> None:
    if len(comp.buildings) == 1:
        await show_units(update, context, ci, 0, comp, comp.buildings[0], 0)
        return
    items = [(b.name, f"{PREFIX}:b:{ci}:{i}") for i, b in enumerate(comp.buildings)]
    note_at(context, ci)
    await show(update, t(context, "{place}: choose your building:", place=comp.name),
                paginated(items, page, f"{PREFIX}:bp:{ci}:{{page}}", columns=3,
                          extra=back_rows(context, f"{PREFIX}:cp:{ci // PAGE_SIZE}")))


async def show_units(update: Update, context: ContextTypes.DEFAULT_TYPE, ci: int, bi: int,
                      comp: Compound, b: Building, page: int) -> None:
    if len(b.units) == 1:
        await show_rooms(update, context, ci, bi, 0, comp, b, b.units[0], 0)
        return
    items = [(u.name, f"{PREFIX}:u:{ci}:{bi}:{i}") for i, u in enumerate(b.units)]
    place = f"{comp.name} {b.name}"
    note_at(context, ci, bi)
    await show(update, t(context, "{place}: choose your unit:", place=place),
                paginated(items, page, f"{PREFIX}:up:{ci}:{bi}:{{page}}", columns=3,
                          extra=back_rows(context, above_units(ci, comp, bi))))


async def show_rooms(update: Update, context: ContextTypes.DEFAULT_TYPE, ci: int, bi: int,
                      ui: int, comp: Compound, b: Building, u: Unit, page: int) -> None:
    items = [(h.room, f"{PREFIX}:h:{ci}:{bi}:{ui}:{i}") for i, h in enumerate(u.households)]
    place = f"{comp.name} {b.name} {u.name}"
    note_at(context, ci, bi, ui)
    await show(update, t(context, "{place}: choose your room:", place=place),
                paginated(items, page, f"{PREFIX}:hp:{ci}:{bi}:{ui}:{{page}}", columns=4,
                          size=ROOMS_PAGE, extra=back_rows(context, above_rooms(ci, bi, ui, comp,
                                                                             b))))


def note_at(context: ContextTypes.DEFAULT_TYPE, *path: int) -> None:
    """Notes the step the picker shows, for a building, unit or room (or 上一步) typed
    there."""
    if context.user_data is not None:
        context.user_data[AT] = list(path)
        context.user_data[AT_WHEN] = int(time.time())
        context.user_data.pop(DECLINED_AT, None)
        context.user_data.pop(ASKED, None)  # a step shown after it: the question is not
        # the step she is at (a photo there brings this step again, bot.newcomer)


def locate(context: ContextTypes.DEFAULT_TYPE, idx: list[int]
            ) -> tuple[Compound, Building | None, Unit | None, Household | None] | None:
    """The places the indices point at, or None if any index is out of range."""
    street = repo_of(context).street
    try:
        comp = street.compounds[idx[0]]
        b = comp.buildings[idx[1]] if len(idx) > 1 else None
        u = b.units[idx[2]] if b is not None and len(idx) > 2 else None
        h = u.households[idx[3]] if u is not None and len(idx) > 3 else None
    except IndexError:
        return None
    return comp, b, u, h
