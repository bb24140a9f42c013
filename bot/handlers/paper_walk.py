"""The buttons of a door-to-door walk for paper signatures (``bot.handlers.paper_doors``):
under /paper N, a button per building unit with households still to visit; under a
unit, a button per room not voted yet; under a room, 同意 / 反对 / 弃权.

Buttons are ``pd:<action>:<proposal>:<household>[:<choice>]``, the household as its
place in the proposal's frozen list of households (as ``pp:y`` buttons say it), so that
they stay short and name only a household of that vote. Nothing is kept between
presses: each press is checked again from what it carries.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.ext import ContextTypes

from db import labels
from db.tally import Choice

from ..context import t, word
from ..flows import keyboard
from ..i18n import lazy
from ..keyboards import button

__all__ = ["PREFIX", "MAX_UNITS", "UNIT_LEFT", "units", "rooms", "units_markup",
           "rooms_markup", "choice_markup", "in_street_order"]

PREFIX = "pd"
MAX_UNITS = 24  # unit buttons a page under /paper N (12 rows of two on a phone)


def in_street_order(repo: Any, area: str, homes: list[str]) -> list[str]:
    """``homes`` in the order of the street file, compound by compound, as /unpaid lists
    them: sorted by id, 市药材小区 (shiyaocai) came before 盐业小区 (yanye) here and
    after it there, and room 1002 before 101."""
    order = {h.id: i for i, h in enumerate(repo.street.area_households(area))}
    return sorted(homes, key=lambda h: order.get(h, len(order)))


def units(repo: Any, homes: list[str], everyone: list[str]) -> list[tuple[str, int, int]]:
    """(unit label, households left, place in ``everyone`` of its first household left)
    for each building unit of ``homes`` (the households left, in street order). The
    compound is named only when the households are in more than one."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for h in homes:
        _, comp, b, u, _home = repo.street.locate(h)
        seen.setdefault((comp.name, b.name, u.name), []).append(h)
    several = len({c for c, _, _ in seen}) > 1
    place = {h: i for i, h in enumerate(everyone)}
    return [(f"{c} {b}{u}" if several else f"{b}{u}", len(hs), place[hs[0]])
            for (c, b, u), hs in seen.items() if hs[0] in place]


def rooms(repo: Any, unit_of: str, homes: list[str], everyone: list[str]
          ) -> tuple[str, list[tuple[str, int]]]:
    """(the label of the unit of household ``unit_of``, [(room, place in ``everyone``)]
    of the households of ``homes`` in that unit)."""
    _, comp, b, u, _home = repo.street.locate(unit_of)
    place = {h: i for i, h in enumerate(everyone)}
    left = []
    for h in homes:
        _, _c, _b, hu, home = repo.street.locate(h)
        if hu.id == u.id and _b.id == b.id and _c.id == comp.id and h in place:
            left.append((home.room, place[h]))
    return f"{comp.name} {b.name} {u.name}", left


UNIT_LEFT = lazy("{unit} ({n} left)")


def units_markup(context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                 found: list[tuple[str, int, int]], page: int = 0,
                 prefix: str = PREFIX, label: str = UNIT_LEFT) -> InlineKeyboardMarkup:
    """A button per unit ("1号楼1单元（5户未投）", or as ``label`` says its households),
    ``MAX_UNITS`` a page, with ◀ / ▶ to the pages before and after
    (``pd:l:<proposal>:<page>``; an election's ballots: ``prefix`` ``bd``; a volunteer's
    /movedout: ``mvp``, an area's number in the place of the proposal's)."""
    shown = found[page * MAX_UNITS:(page + 1) * MAX_UNITS]
    rows = keyboard([(t(context, label, unit=label_of, n=n),
                      f"{prefix}:u:{proposal_id}:{k}") for label_of, n, k in shown], 2)
    turn = []
    if page > 0:
        turn.append(button(t(context, "◀ Previous units"), f"{prefix}:l:{proposal_id}:{page - 1}"))
    if len(found) > (page + 1) * MAX_UNITS:
        turn.append(button(t(context, "More units ▶"), f"{prefix}:l:{proposal_id}:{page + 1}"))
    return InlineKeyboardMarkup([*rows.inline_keyboard, *([turn] if turn else [])])


def rooms_markup(context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                 left: list[tuple[str, int]], prefix: str = PREFIX,
                 room: str = "h") -> InlineKeyboardMarkup:
    """A button per room left (``<prefix>:<room>:<proposal>:<k>``), then ⬅️ back to the
    units."""
    rows = keyboard([(home, f"{prefix}:{room}:{proposal_id}:{k}") for home, k in left], 4)
    back = [button(t(context, "⬅️ All units"), f"{prefix}:l:{proposal_id}")]
    return InlineKeyboardMarkup([*rows.inline_keyboard, back])


def choice_markup(context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                  k: int) -> InlineKeyboardMarkup:
    """同意 / 反对 / 弃权 for household ``k``, then ⬅️ back to its unit's rooms."""
    rows = keyboard([(word(context, labels.CHOICE, c.value),
                      f"{PREFIX}:c:{proposal_id}:{k}:{c.value}")
                     for c in (Choice.AGREE, Choice.DISAGREE, Choice.ABSTAIN)], 3)
    back = [button(t(context, "⬅️ Other rooms"), f"{PREFIX}:u:{proposal_id}:{k}")]
    return InlineKeyboardMarkup([*rows.inline_keyboard, back])
