"""/report (报事), the optional place: pages of the area's buildings, then a unit
or the whole building, or "not about one building"; each press checked against
the draft and the street (forged or stale data gets a refusal). The way into it
typed at the photos step (没有照片, 完成), and a building typed at it (3号楼2单元)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.address import typed_place, typed_step

from ..context import lang_of, reply, repo_of, t
from ..flows import (
    BACK_STEP,
    answer,
    button_args,
    clean_text,
    current_draft,
    gone,
    refuse,
    typed,
)
from ..keyboards import PAGE_SIZE, button, paginated, parse_ints
from ..words import normalise
from .report_ask import (
    FLOW,
    HOME,
    PLACE,
    PREFIX,
    UNIT_OF,
    ask_photos,
    ask_place,
    cancel_line,
    show_summary,
    words_added,
)

__all__ = ["on_place_page", "on_no_place", "on_building", "on_unit", "on_whole_building",
           "on_place_text", "on_photos_text", "means_home", "ask_place_again"]

# Typed at the photos step for its buttons (没有照片，继续 / 完成), their words too.
NO_MORE_PHOTOS = frozenset({"没有照片", "没照片", "无照片", "没有", "没", "无", "不用", "不发",
                            "没拍", "没有照片继续", "继续", "完成", "好了", "好", "发完了",
                            "就这些", "就这样", "nophoto", "nophotos", "no", "none", "done",
                            "continue", "skip", "ok", "nophotocontinue",
                            # what she types for the step's button, or to send it all (提交 was
                            # added to the description, found trying the bot as a resident)
                            "提交", "交", "交了", "发送", "发出", "可以了", "行了", "好的",
                            "没了", "没有了", "没有别的", "就这张", "就这么多", "下一步", "完了",
                            "submit", "send", "next"})
# Typed at "which unit?" for its "The whole building" button.
WHOLE_BUILDING = frozenset({"整栋楼", "整栋", "整幢", "整幢楼", "整个楼", "整座楼", "全楼",
                            "整栋都是", "整个楼都是", "wholebuilding", "thewholebuilding"})
# Typed at "Where is it?" for its 🏠 button (her own building and unit).
MY_HOME = frozenset({"我家", "就在我家", "在我家", "是我家", "我家里", "在我家里", "就在我家里",
                     "家里", "在家里", "我们家", "在我们家", "我家这个单元", "我家单元", "我家楼",
                     "我家那栋楼", "我家这栋楼", "我们楼", "我们单元", "我们这个单元", "我住的楼",
                     "我住的单元", "本单元", "myhome", "athome", "inmyhome", "myflat", "myunit"})
# Within a few more words typed there (就我家这单元, 俺家楼道, 咱家门口), her home too.
HOME_WORDS = ("我家", "我们家", "俺家", "咱家", "自己家", "我们楼", "我们单元", "我住的",
              "我这单元", "我这个单元", "我们这单元", "我们这个单元", "本单元")
_NOT = ("不", "没", "非", "别")  # 不是我家: not her home


def means_home(text: str) -> bool:
    """Whether words typed at "Where is it?" say her own unit (its 🏠 button): one of
    ``MY_HOME``, or a few words with one of ``HOME_WORDS`` that deny nothing and name no
    building (我家3号楼 is a building typed)."""
    said = normalise(text)
    if said in MY_HOME:
        return True
    return len(said) <= 10 and any(w in said for w in HOME_WORDS) and \
        not any(n in said for n in _NOT) and "号" not in said and \
        not any(ch.isdigit() for ch in said)


# Typed at "Where is it?" for its "Not about one building" button.
NO_PLACE = frozenset({"不属于某一栋楼", "不属于", "不是", "都不是", "没有", "无", "不知道",
                      "不清楚", "跳过", "notaboutonebuilding", "none", "no", "skip",
                      "idontknow", "dontknow"})


async def on_place_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Shows another page of buildings."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    page = parse_ints(button_args(update, PREFIX, "pp", 1))
    if not page:
        return await refuse(update, context)
    return await ask_place(update, context, d, page[0])


async def on_no_place(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Notes it is not about one building and shows the summary."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "pn", 0) is None:
        return await refuse(update, context)
    for key in ("place", "compound", "building", "unit", UNIT_OF):
        d.pop(key, None)
    return await show_summary(update, context, d)


def _building(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
              indices: list[int] | None, n: int) -> tuple[Any, Any, Any] | None:
    """(compound, building, unit or None) named by ``n`` indices, inside the draft's area."""
    if not indices or len(indices) != n:
        return None
    street = repo_of(context).street
    try:
        comp = street.compounds[indices[0]]
        b = comp.buildings[indices[1]]
        u = b.units[indices[2]] if n == 3 else None
    except IndexError:
        return None
    if comp.id not in street.area(d["area"]).compounds:
        return None
    return comp, b, u


def _page_of(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], ci: int, bi: int) -> int:
    """The page of ``ask_place`` that shows building ``bi`` of compound ``ci``."""
    street = repo_of(context).street
    area = street.area(d["area"]).compounds
    before = sum(len(c.buildings) for c in street.compounds[:ci] if c.id in area)
    return (before + bi) // PAGE_SIZE


async def on_building(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks which unit of the chosen building (or the whole building).

    With "⬅️ Back" to the buildings (a building pressed by mistake had no way back
    but /cancel) and Cancel, as every other step of the report has."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    indices = parse_ints(button_args(update, PREFIX, "pb", 2))
    found = _building(context, d, indices, 2)
    if indices is None or found is None:
        return await refuse(update, context)
    return await _ask_unit(update, context, d, *indices)


async def ask_place_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          d: dict[str, Any]) -> object:
    """Asks again where it is after a voice or a photo sent there: the units of the building
    pressed, when she was at them (the buildings came instead, the one pressed forgotten,
    seen trying steward chat as a resident), else the buildings."""
    kept = d.get(UNIT_OF)
    if isinstance(kept, list) and _building(context, d, kept, 2) is not None:
        return await _ask_unit(update, context, d, kept[0], kept[1])
    return await ask_place(update, context, d, 0)


async def _ask_unit(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    ci: int, bi: int) -> object:
    """Asks which unit of building ``bi`` of compound ``ci``; the draft remembers the
    building (``UNIT_OF``) for a unit typed instead of pressed."""
    comp = repo_of(context).street.compounds[ci]
    b = comp.buildings[bi]
    whole = [button(t(context, "The whole building"), f"{PREFIX}:pw:{ci}:{bi}")]
    back = [button(t(context, "⬅️ Back"), f"{PREFIX}:pp:{_page_of(context, d, ci, bi)}"),
            *cancel_line(lang_of(context))]
    items = [(u.name, f"{PREFIX}:pu:{ci}:{bi}:{i}") for i, u in enumerate(b.units)]
    place = f"{comp.name} {b.name}"
    d[BACK_STEP] = _page_of(context, d, ci, bi)  # 上一步 typed: as ⬅️ Back (report_back)
    d[UNIT_OF] = [ci, bi]
    await reply(update, t(context, "{place}: which unit?", place=place),
                reply_markup=paginated(items, 0, f"{PREFIX}:pp:0", columns=3, size=30,
                                       extra=[whole, back]))
    return PLACE


async def _place_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str,
                        n: int) -> object:
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    found = _building(context, d, parse_ints(button_args(update, PREFIX, action, n)), n)
    if found is None:
        return await refuse(update, context)
    return await _place(update, context, d, *found)


async def _place(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                 comp: Any, b: Any, u: Any) -> object:
    d.pop(UNIT_OF, None)
    d.update({"compound": comp.id, "building": b.id,
              "place": f"{comp.name} {b.name}" + (f" {u.name}" if u else "")})
    if u is not None:
        d["unit"] = u.id
    else:
        d.pop("unit", None)
    return await show_summary(update, context, d)


async def on_photos_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Goes on as the photos step's button does for its words typed (没有照片, 完成).

    They got "please send a photo, or press Done / continue above", as did the pay
    flow's 没有收据 before it took it (found trying the bot as a resident); other words
    (在三楼) go on the description's end, as a photo's caption does, and the step's
    question is asked again, its buttons right below."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if normalise(typed(update)) not in NO_MORE_PHOTOS:  # more about it: 在三楼
        added = words_added(context, d, clean_text(typed(update)), photo=False)
        if added:
            await reply(update, added)
        return await ask_photos(update, context, d)
    if d.get("editing"):
        return await show_summary(update, context, d)
    return await ask_place(update, context, d, 0)


async def on_place_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes the building (and unit) typed instead of pressed, when it names one.

    3号楼2单元 or 盐业小区1号楼 typed at "Where is it?" was answered "please choose the
    building with the buttons above" (found trying the bot as a resident); 不知道 goes
    on as "Not about one building"; words naming no building (就在大门口) go on the
    description's end, as at the photos step, and they or words naming several (1号楼
    of two compounds) get the buttons again right below.

    At "盐业小区 1号楼：哪个单元？" the unit typed (1单元, 一单元, 2) or 整栋楼 is taken for
    that building: 1单元 went on the description's end and the buildings were asked
    again, the building she had pressed forgotten (found trying the bot as a resident);
    other words there get the same building's units again."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    street = repo_of(context).street
    text = clean_text(typed(update))
    kept = d.get(UNIT_OF)
    unit_of: list[int] = kept if isinstance(kept, list) else []
    building = _building(context, d, unit_of, 2) if unit_of else None
    if building is not None:
        comp, b, _ = building
        if normalise(text) in WHOLE_BUILDING:
            return await _place(update, context, d, comp, b, None)
        ui = typed_step(street, unit_of, text)
        if ui is not None:
            return await _place(update, context, d, comp, b, b.units[ui])
    home = d.get(HOME)
    if means_home(text) and isinstance(home, list):  # 就在我家: as 🏠 pressed
        mine = _building(context, d, home, 3)
        if mine is not None:
            return await _place(update, context, d, *mine)
    found = typed_place(street, street.area(d["area"]).compounds, text)
    if len(found) == 1:
        [(ci, bi, ui)] = found
        b = street.compounds[ci].buildings[bi]
        return await _place(update, context, d, street.compounds[ci], b,
                            None if ui is None else b.units[ui])
    if normalise(text) in NO_PLACE:  # as its button: 不属于某一栋楼
        for key in ("place", "compound", "building", "unit", UNIT_OF):
            d.pop(key, None)
        return await show_summary(update, context, d)
    # words about the place naming no building (就在大门口): the description's end
    added = words_added(context, d, text, photo=False) if not found else ""
    if building is not None and not found:  # the units of the building she pressed
        if added:
            await reply(update, added)
        return await _ask_unit(update, context, d, *unit_of)
    await reply(update, (added + "\n" if added else "") +
                t(context, "Which building is it? Please press it below; if it is in no "
                           "building (the yard, the gate), press \"Not about one building\"."))
    return await ask_place(update, context, d, 0)


async def on_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the building and unit and shows the summary."""
    return await _place_chosen(update, context, "pu", 3)


async def on_whole_building(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the building (no unit) and shows the summary."""
    return await _place_chosen(update, context, "pw", 2)
