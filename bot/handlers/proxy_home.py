"""/proxy's household: the building, unit and room picked by buttons, or the household
typed instead (2号楼2单元502, as /paper takes it); then what to record for it
(``bot.handlers.proxy``).

Each picker has ⬅️ 上一步 (``px:back:<level>``) next to 取消, as registration's have: the
picker before it again, what was chosen before that kept (the area, the building).
Before, a wrong building pressed could only be undone by 取消 and starting over."""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..area_pages import area_markup
from ..context import read, reply, repo_of, t
from ..flows import (
    BACK_STEP,
    STEP_BACK,
    answer,
    button_args,
    clean_text,
    current_draft,
    gone,
    index_of,
    keyboard,
    refuse,
)
from ..i18n import lazy
from ..keyboards import button
from ..staff import area_name, example_household, resolve_household, which_household
from ..step_buttons import AREA_STEP, remember
from .back_steps import CHOSEN
from .proxy_vote import (
    AREA,
    BUILDING,
    FLOW,
    PREFIX,
    ROOM,
    UNIT,
    WHAT,
    cancel_button,
    cancel_row,
)
from .proxy_what import ASIDE

__all__ = ["ask_building", "on_building", "on_unit", "on_room", "on_typed_home",
           "back_picker", "show_rooms", "ask_what"]


def _picker(context: ContextTypes.DEFAULT_TYPE, choices: list[tuple[str, str]], columns: int,
            back: str | None) -> InlineKeyboardMarkup:
    """The choices, then ⬅️ Back (to the picker ``px:back:<back>`` shows) and Cancel."""
    label, data = cancel_button(context)
    last = [button(label, data)]
    if back is not None:
        last.insert(0, button(t(context, "⬅️ Back"), f"{PREFIX}:back:{back}"))
    return InlineKeyboardMarkup([*keyboard(choices, columns).inline_keyboard, last])


def _buildings(repo: Any, area: str) -> list[list[Any]]:
    """[[label, [[unit label, [[household id, room], ...]], ...]], ...] of ``area``."""
    return [[f"{comp.name} {b.name}",
             [[u.name, [[h.id, h.room] for h in u.households]] for u in b.units]]
            for comp, b in repo.street.area_buildings(area)]


async def ask_building(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any], area: str) -> str:
    d["area"] = area
    d["buildings"] = await read(_buildings, repo_of(context), area)
    return await _show_buildings(update, context, d)


async def _show_buildings(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          d: dict[str, Any]) -> str:
    """The building picker of draft ``d``'s area (Back to the areas, when it has several)."""
    choices = [(b[0], f"{PREFIX}:b:{i}") for i, b in enumerate(d["buildings"])]
    back = "area" if len(d.get("areas") or []) > 1 else None
    _back_step(d, back)
    await reply(update, t(context, "Acting for a neighbour (代办). Which building?"),
                reply_markup=remember(d, BUILDING, _picker(context, choices, 2, back)))
    return BUILDING


async def _show_units(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> str:
    """The unit picker of draft ``d``'s building."""
    i = d["building"]
    units = d["buildings"][i][1]
    _back_step(d, "b")
    await reply(update, t(context, "{building}: which unit?", building=d["buildings"][i][0]),
                reply_markup=remember(d, UNIT, _picker(context, [(u[0], f"{PREFIX}:u:{j}")
                                                                 for j, u in enumerate(units)],
                                                       3, "b")))
    return UNIT


def _back_step(d: dict[str, Any], back: str | None) -> None:
    """Notes the picker's ⬅️ 上一步 (``px:back:<back>``) in the draft, for 上一步 typed."""
    if back is None:
        d.pop(BACK_STEP, None)
    else:
        d[BACK_STEP] = back


async def back_picker(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                      to: str | None) -> object:
    """The picker before the one ⬅️ 上一步 (``to``) was under (``proxy.on_back``).

    ⬅️ Back under the buildings shows the areas; under the units, the buildings; under
    the rooms, the units of the building chosen."""
    if to == "area" and len(d.get("areas") or []) > 1:
        names = [await area_name(context, a) for a in d["areas"]]
        _back_step(d, None)
        markup = area_markup(names, PREFIX, extra=[[button(*cancel_button(context))]])
        await reply(update, t(context, "Which area?"), reply_markup=remember(d, AREA_STEP, markup))
        return AREA
    if to == "b" and d.get("buildings"):
        return await _show_buildings(update, context, d)
    if to == "u" and d.get("buildings") and d.get("building") is not None:
        return await _show_units(update, context, d)
    return await refuse(update, context)


async def on_building(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the building and asks which unit."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "b", 1)
    i = index_of(args[0] if args else None, d.get("buildings", []))
    if i is None:
        return await refuse(update, context)
    d["building"] = i
    return await _show_units(update, context, d)


async def on_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the unit and asks which room."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or d.get("building") is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "u", 1)
    units = d["buildings"][d["building"]][1]
    j = index_of(args[0] if args else None, units)
    if j is None:
        return await refuse(update, context)
    d["unit"] = j
    return await show_rooms(update, context, d)


async def show_rooms(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     d: dict[str, Any]) -> str:
    """The room picker of draft ``d``'s unit."""
    units = d["buildings"][d["building"]][1]
    rooms = [(room, f"{PREFIX}:h:{k}") for k, (_hid, room) in enumerate(units[d["unit"]][1])]
    _back_step(d, "u")
    await reply(update, t(context, "Which room?"),
                reply_markup=remember(d, ROOM, _picker(context, rooms, 4, "u")))
    return ROOM


async def on_room(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the household and asks what to record for it."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or d.get("unit") is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "h", 1)
    homes = d["buildings"][d["building"]][1][d["unit"]][1]
    k = index_of(args[0] if args else None, homes)
    if k is None:
        return await refuse(update, context)
    return await ask_what(update, context, d, homes[k][0])


async def on_typed_home(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes a household typed instead of picked (2号楼2单元502, as /paper does).

    上一步 typed is the picker's ⬅️ 上一步 (``BACK_STEP``). Anything else gets a hint; the
    buttons above still work."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("area"):
        return await gone(update, context)
    said = (update.message.text if update.message else None) or ""
    if d.get(BACK_STEP) and STEP_BACK.match(said):
        return await back_picker(update, context, d, str(d[BACK_STEP]))
    typed_home = unicodedata.normalize("NFKC", clean_text(update.message.text
                                                          if update.message else ""))
    home = await read(resolve_household, repo_of(context), d["area"], typed_home)
    if home is None:
        await reply(update, await which_household(context, d["area"], typed_home) or
                    t(context, "No such household here. Choose with the buttons above, or "
                               "type building, unit and room, e.g. {example}.",
                      example=await read(example_household, repo_of(context), [d["area"]],
                                         said=True)))
        return None
    d["building"] = d["unit"] = None  # typed: ⬅️ 上一步 at what to record, the buildings
    return await ask_what(update, context, d, home)


# what one household said (a report's or an opinion's): not another's (``_another_home``)
SAID = ("what", "kind", "category", "text", "voice", "voice_seconds", "photos", ASIDE,
        "asked_words", "proposal")
NOT_CARRIED = lazy("Another household: what {before} said ({text}) is not recorded in the "
                   "name of {household}; it is cleared.")
PHOTOS_CLEARED = lazy("The {n} photo(s) taken for {before} are cleared too.")


def _another_home(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                  household: str, label: str) -> str | None:
    """Clears what the household chosen before said, when another is chosen (back at the
    rooms); what she is told of it. Before, 102's words offered 101's with 不改，继续."""
    if not d.get("household") or d["household"] == household:
        return None
    before = d.get("label") or ""
    text, voice = d.get("text"), d.get("voice")
    n = len(d.get("photos") or []) + len(d.get(ASIDE) or [])
    for key in SAID:
        d.pop(key, None)
    lines = []
    if text:
        shown = t(context, "(a voice message)") if voice else str(text)[:300]
        lines.append(t(context, NOT_CARRIED, before=before, text=shown, household=label))
    if n:
        lines.append(t(context, PHOTOS_CLEARED, n=n, before=before))
    return "\n".join(lines) or None


async def ask_what(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    household: str) -> str:
    label = await read(repo_of(context).street.household_label, household)
    cleared = _another_home(context, d, household, label)
    if cleared:
        await reply(update, cleared)
    d["household"] = household
    d["label"] = label
    choices = {"issue": t(context, "Report a problem"), "opinion": t(context, "An opinion"),
               "vote": t(context, "A paper vote"), "fee": t(context, "A fee paid")}
    text = t(context, "For {household}: what do you record?", household=d["label"])
    if d.get("what") in choices:  # came back to it (上一步): what was chosen, said
        text += "\n" + t(context, CHOSEN, what=choices[d["what"]])
    await reply(update, text, reply_markup=remember(d, WHAT, keyboard(
        [*((label, f"{PREFIX}:do:{code}") for code, label in choices.items()),
         *cancel_row(context, WHAT)])))
    return WHAT
