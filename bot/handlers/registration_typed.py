"""Text typed where the household picker or its consent question waits for a press:
an address (我住3号楼2单元401), a compound's name, a building, unit or room typed at
its step of the picker (1号楼, 2单元, 301), a compound and a building (怡馨苑2号楼), or
同意 and questions at the consent question (``bot.freetext`` asks these first)."""

from __future__ import annotations

import re
import time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.address import MAX_ADDRESS, typed_households, typed_place, typed_step

from ..consent import EXPLAINED
from ..context import lang_of, person_of, reply, repo_of, t
from ..flows import STEP_BACK, clean_text
from ..i18n import lazy
from ..keyboards import PAGE_SIZE, button
from ..resident import choose_household, pending_registration
from ..words import normalise
from .registration import ASKED, ASKED_WINDOW, ask_confirm, label, show_next
from .registration_picker import (
    AT,
    AT_WHEN,
    DECLINED_AT,
    PREFIX,
    ROOMS_PAGE,
    above_rooms,
    above_units,
    locate,
    restart_rows,
    show_buildings,
    show_compounds,
)

__all__ = ["offer_typed_household", "ask_consent_again", "typed_back"]

# The households an address typed may name, offered as buttons ([[path...], ..., when]):
# the compound typed next (盐业的) picks one of them. It answered with the greeting and
# 请先登记住址, the choices gone (found trying the real ``steward run`` as a newcomer).
OFFERED = "reg:offered"
# 是盐业的, 在盐业小区, 盐业那个: a compound's name said with these around it
_AROUND = re.compile(r"^(?:我家住在|我家在|我住在|住在|我住|我家是|我是|是|在)|"
                     r"(?:的|那个|这个|那边)$")

# 上一步 typed at the compounds, the picker's first step: out of it.
LEFT_PICKER = lazy("You have left choosing your home. To register your household, press the "
                   "button below.")
# ... and when her home is not on the list at all, the way out of going round the buttons
NOT_LISTED = lazy("If your home is not on the list, please tell a volunteer or the grid "
                  "worker of your compound: they have it added, then you can choose it here.")
LEFT_CHANGE = lazy("You have left choosing another household: yours is still {household}.")


def _kept(context: ContextTypes.DEFAULT_TYPE, key: str, size: int) -> tuple[list[int], int]:
    """(the path, when) noted in ``user_data[key]`` ([path..., when]): ([], 0) if none."""
    noted = (context.user_data or {}).get(key)
    ints = [i for i in noted if isinstance(i, int)] if isinstance(noted, list) else []
    if len(ints) != size + 1 or locate(context, ints[:size]) is None:
        return [], 0
    return ints[:size], ints[size]


async def typed_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """上一步 (返回上一步, 后退) typed while choosing one's home does what the ⬅️ 上一步 of
    the step she is at does: the rooms under the consent question (and the question
    under its 不同意), the units under the rooms, the buildings under the units, the
    compounds under the buildings (a level with one choice skipped, as the button
    does); at the compounds, the first step, it leaves the picker, saying how to come
    back. False (nothing said) for other words, or when no step of hers is known (for
    someone registered, asking to change household: one shown in the last half hour).
    Before, the step came again (请点下面的按钮接着选择), or the consent question was
    explained; someone registered got the menu's greeting."""
    message = update.effective_message
    data = context.user_data
    if message is None or data is None or not STEP_BACK.match(message.text or ""):
        return False
    person = await person_of(update, context)
    if await pending_registration(context, person["id"]) is not None:
        return False
    registered = bool(person.get("household") or person.get("roles"))
    oldest = time.time() - ASKED_WINDOW if registered else 0
    declined, when = _kept(context, DECLINED_AT, 4)
    if declined and when >= oldest:  # 不同意 pressed: the question again
        found = locate(context, declined)
        if found is not None and found[3] is not None:
            await ask_confirm(update, context, declined, found[3])
            return True
    asked, when = _kept(context, ASKED, 4)
    if asked and when >= oldest:  # the question: the rooms of its unit, at its room's page
        data.pop(ASKED, None)
        await show_next(update, context, asked[:3], asked[3] // ROOMS_PAGE)
        return True
    at = data.get(AT)
    shown = data.get(AT_WHEN)
    if not isinstance(at, list) or not all(isinstance(i, int) for i in at) or \
            (registered and not (isinstance(shown, int) and shown >= oldest)):
        return False
    found = locate(context, at) if at else None
    if not at or found is None:  # the compounds: out of the picker
        data.pop(AT, None)
        home = person.get("household")
        if registered and home:  # asking to change household: hers is unchanged
            await reply(update, t(context, LEFT_CHANGE, household=label(repo_of(context), home)))
        else:
            await reply(update, t(context, LEFT_PICKER),
                        reply_markup=choose_household(lang_of(context)))
        return True
    comp, b, _u, _h = found
    above = f"{PREFIX}:cp:{at[0] // PAGE_SIZE}" if len(at) == 1 or b is None else \
        above_units(at[0], comp, at[1]) if len(at) == 2 else \
        above_rooms(at[0], at[1], at[2], comp, b)
    action, *ints = above.split(":")[1:]
    if action == "cp":
        await show_compounds(update, context, int(ints[0]), fresh=True)
    else:
        await show_next(update, context, [int(i) for i in ints[:-1]], int(ints[-1]))
    return True


async def offer_typed_household(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Someone not registered typed an address (我住3号楼2单元401) instead of picking it:
    the consent question of the one household it names, the households it may name
    as buttons, or that none is found and the picker. False (nothing said) when the
    text is no address, or they are registered or waiting for a volunteer. A compound's
    name typed alone (怡馨苑) shows its buildings: it was "please press the buttons
    above" (found in the elderly residents' trial); with a building (怡馨苑2号楼), its
    units."""
    if await typed_back(update, context):  # 上一步: the step before
        return True
    message = update.effective_message
    text = clean_text(message.text or "") if message is not None else ""
    street = repo_of(context).street
    found = typed_households(street, text)
    said = _AROUND.sub("", normalise(text))
    named = [ci for ci, c in enumerate(street.compounds)
             if said and said in (c.name, c.name.removesuffix("小区")) and len(said) >= 2]
    at = (context.user_data or {}).get(AT)  # 1号楼 typed where the buildings are shown
    step = typed_step(street, at, text) if isinstance(at, list) and found is None and \
        len(named) != 1 else None
    # a compound and its building (我住怡馨苑2号楼): that building's units; a building
    # without its compound's name is not guessed
    building = typed_place(street, [c.id for c in street.compounds], text) \
        if found is None and len(named) != 1 and step is None and _names_compound(street, text) \
        else []
    if found is None and len(named) != 1 and step is None and len(building) != 1:
        return False
    person = await person_of(update, context)
    if (person.get("household") or person.get("roles")) and not _picking(context) or \
            await pending_registration(context, person["id"]) is not None:
        return False  # registered: only while choosing another household (申请变更住户)
    offered = _offered(context, named[0]) if len(named) == 1 and found is None else None
    if offered is not None:  # 盐业的, after the 301s of every compound were offered
        await ask_confirm(update, context, *offered)
        return True
    if step is not None and isinstance(at, list):
        await show_next(update, context, [*at, step])
        return True
    if len(building) == 1:
        await show_next(update, context, [i for i in building[0] if i is not None])
        return True
    if found is None:
        await show_buildings(update, context, named[0], street.compounds[named[0]], 0)
        return True
    places = [(list(path), locate(context, list(path))) for path in _within(found, at)]
    if len(places) == 1 and places[0][1] is not None and places[0][1][3] is not None:
        path = places[0][0]
        asked, when = _kept(context, ASKED, 4)
        if asked == path and when >= time.time() - SAME_WINDOW:  # again: not the notice
            await ask_confirm(update, context, path, places[0][1][3], notice=False, lead=t(
                context, SAME_AGAIN, agree=t(context, "I agree: this is my home, "
                                                      "register me")) + "\n")
            return True
        await ask_confirm(update, context, path, places[0][1][3])
        return True
    if not places or len(places) > PAGE_SIZE:
        await reply(update, t(context, "I cannot find {address} here. Please choose your "
                                       "compound, building, unit and room with the buttons.",
                              address=text[:MAX_ADDRESS]) + "\n" + t(context, NOT_LISTED))
        await show_compounds(update, context, 0)
        return True
    choices = [[button(label(repo_of(context), f[3].id), f"{PREFIX}:h:" +
                       ":".join(map(str, path)))]
               for path, f in places if f is not None and f[3] is not None]
    if context.user_data is not None:
        context.user_data[OFFERED] = [[*path] for path, f in places if f is not None
                                      and f[3] is not None] + [int(time.time())]
    await reply(update, t(context, "Which one is your home? Press it; if it is not there, "
                                   "press \"{again}\".", again=t(context, "Start over")),
                reply_markup=InlineKeyboardMarkup([*choices, *restart_rows(context)]))
    return True


# The address typed twice (sent again, not sure it went): the whole notice came twice,
# two long screens alike for an elderly reader (found trying the real steward run).
SAME_WINDOW = 600  # seconds: the notice asked since is taken to be in sight
SAME_AGAIN = lazy("You sent the same address again: what happens to what you send is "
                  "explained just above. Please press \"{agree}\" below.")


def _offered(context: ContextTypes.DEFAULT_TYPE, compound: int
             ) -> tuple[list[int], Any] | None:
    """The one household of ``compound`` among those offered for an address typed in
    the last half hour (its path and the household); None when there is none, or more."""
    noted = (context.user_data or {}).get(OFFERED)
    if not isinstance(noted, list) or not noted or not isinstance(noted[-1], int) or \
            noted[-1] < time.time() - ASKED_WINDOW:
        return None
    paths = [p for p in noted[:-1] if isinstance(p, list) and len(p) == 4
             and all(isinstance(i, int) for i in p) and p[0] == compound]
    found = locate(context, paths[0]) if len(paths) == 1 else None
    if found is None or found[3] is None:
        return None
    return paths[0], found[3]


def _picking(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether a step of the household picker was shown her in the last half hour: for
    someone registered, asking to change household, what she types is read as the
    step's answer (2单元 at the units) only then; before, always the menu's greeting."""
    data = context.user_data or {}
    shown = data.get(AT_WHEN)
    return isinstance(data.get(AT), list) and isinstance(shown, int) and \
        shown >= time.time() - ASKED_WINDOW


def _within(found: list[tuple[int, int, int, int]], at: Any
            ) -> list[tuple[int, int, int, int]]:
    """Of the households an address typed may name, those under the step of the picker
    she is at (``at``: the compound, building and unit she chose), as far down as any
    is: 1号楼1单元302 typed after choosing 盐业小区 is 盐业小区's. It offered the 302 of
    every compound of the street, and she had to pick hers again. All of them when
    none is under her choice (she typed another compound's home) or no step is known."""
    if not isinstance(at, list) or not all(isinstance(i, int) for i in at):
        return found
    for depth in range(min(len(at), 3), 0, -1):
        under = [f for f in found if list(f[:depth]) == at[:depth]]
        if under:
            return under
    return found


def _names_compound(street: Any, text: str) -> bool:
    return any(c.name in text or (len(c.name.removesuffix("小区")) >= 2
                                  and c.name.removesuffix("小区") in text)
               for c in street.compounds)


# 同意 typed: the question again, short, under one plain line saying why it was not
# taken (consent is a press, PIPL's separate consent). It was 请点问题下面的按钮回答 above
# the whole notice again, and elderly residents typed 同意 again, not seeing why.
TYPED_AGREE = lazy("Please press the \"{agree}\" button below (typing \"I agree\" does not "
                   "count).")


async def ask_consent_again(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                            explain: bool = False, agreed: bool = False) -> bool:
    """Someone typed at the consent question (同意, 好的 ...) instead of pressing its
    button: asks it again, with its buttons, below what they typed (``agreed``, 同意
    and the like: under one line saying typing does not count, the notice being the
    message just above, not again); with ``explain``
    (they asked something: 为什么要这些信息？, 不明白) after a short plain answer
    instead of the whole notice again. False when no consent question is waiting for
    them (for someone registered already, asking to change household: one shown in
    the last half hour); the earlier steps are kept either way (the buttons hold
    them)."""
    asked = (context.user_data or {}).get(ASKED)
    ints = [i for i in asked if isinstance(i, int)] if isinstance(asked, list) else []
    path, when = ints[:4], (ints[4] if len(ints) > 4 else 0)
    found = locate(context, path) if len(path) == 4 else None
    if found is None or found[3] is None:
        return False
    person = await person_of(update, context)
    registered = bool(person.get("household") or person.get("roles"))
    if (registered and time.time() - when > ASKED_WINDOW) or \
            await pending_registration(context, person["id"]) is not None:
        (context.user_data or {}).pop(ASKED, None)
        return False
    agree = t(context, "I agree: this is my home, register me")
    if agreed:  # the notice is the message just above, unchanged
        await ask_confirm(update, context, path, found[3], notice=False,
                          lead=t(context, TYPED_AGREE, agree=agree) + "\n")
        return True
    if explain:
        await ask_confirm(update, context, path, found[3], notice=False, lead=t(
            context, EXPLAINED, agree=agree, decline=t(context, "I do not agree")) + "\n\n")
        return True
    await ask_confirm(update, context, path, found[3], lead=t(
        context, "To answer, please press a button below the question: \"{agree}\" or "
                 "\"{decline}\".", agree=agree, decline=t(context, "I do not agree")) + "\n\n")
    return True
