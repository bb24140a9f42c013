"""A volunteer's fee typed in words outside any flow: "1号楼1单元101交卫生费120".

A grid worker collecting at the doors types what she took instead of pressing 记账
and walking the pickers. It got the greeting (您好！请使用下方菜单), and nothing said
the fee was not recorded. Nothing is recorded on typed words: she is offered /income
already at that household and fee (``inc:for:<household>:<fee>``, the buttons /proxy
gives), to go on with the period, the amount and the receipt as always; where the
words name no household of her areas, /income from its start. A volunteer who lives
in the street too keeps the resident's 缴费登记 for her own household's fee.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.address import typed_households
from db.people import is_admin, resident_area, volunteer_areas
from db.places import Basis

from ..context import read, reply, repo_of, t, word
from ..i18n import lazy
from ..keyboards import button, go_data
from ..staff import staff_areas
from .money_steps import household_label, schedule_of

__all__ = ["offer"]

# Words of a fee paid or taken: 交卫生费, 收了物业费, 缴费, 维修资金, paid the fee.
FEE_WORDS = re.compile(r"[交缴付收].{0,8}[费钱]|[费钱].{0,4}[交缴付收]|(?:物业|卫生|停车|垃圾)费|"
                       r"维修资金|\b(?:paid|pays?|fees?)\b", re.IGNORECASE)
# A room as it is typed: 1号楼1单元101, 1栋1单元101室, 1-1-101, 1/1/101.
ROOM = re.compile(r"(\d{1,3})\s*(?:号楼|号|栋|幢|[-/])\s*(\d{1,2})\s*(?:单元|[-/])\s*(\d{1,5})")
# ... or its unit and room alone after the compound's name: 盐业小区3单元501 (one building)
UNIT_ROOM = re.compile(r"(?<![\d号楼栋幢])(\d{1,2})\s*(?:单元|门)\s*(\d{1,5})")
MOST = 4  # buttons offered at most (households × fees), so that the right one is seen

OFFER = lazy("Nothing was recorded from typed words. To record the fee collected, press a "
             "button below: the period, the amount and the receipt come next.")
OFFER_START = lazy("Nothing was recorded from typed words. To record a fee collected, press "
                   "the button below and choose the household and the fee.")
RECORD_FEE = lazy("💰 {household} · {fee}")
RECORD_ANY = lazy("💰 Record a fee collected (/income)")
OWN_FEE = lazy("My own household's fee (缴费登记)")


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                text: str) -> bool:
    """A volunteer's (or admin's) words of a fee outside any flow: /income offered at the
    household and fee they name (True when answered here; False: not staff, or not
    words of a fee)."""
    said = unicodedata.normalize("NFKC", text or "").strip()
    if not said or said.startswith("/") or FEE_WORDS.search(said) is None \
            or not (volunteer_areas(person) or is_admin(person)):
        return False
    areas = await staff_areas(context, person)
    choices = await read(_choices, repo_of(context), areas, said)
    rows = [[button(t(context, RECORD_FEE, household=label,
                      fee=word(context, labels.FEE_TYPE, fee)), f"inc:for:{household}:{fee}")]
            for household, label, fee in choices]
    if not rows:
        rows = [[button(t(context, RECORD_ANY), go_data("income"))]]
        if resident_area(person) is not None:
            rows.append([button(t(context, OWN_FEE), go_data("pay"))])
    await reply(update, t(context, OFFER if choices else OFFER_START),
                reply_markup=InlineKeyboardMarkup(rows))
    return True


def _choices(repo: Any, areas: list[str], said: str) -> list[tuple[str, str, str]]:
    """(household, its label, fee code) that ``said`` may mean among ``areas``: each room
    it names, read as an address typed at registration is (``typed_households``: in the
    compound named before it, if any), with each fee of the area paid per household that
    it names (every such fee, when it names none); at most ``MOST``."""
    street = repo.street
    out: list[tuple[str, str, str]] = []
    for match in list(ROOM.finditer(said)) or list(UNIT_ROOM.finditer(said)):
        for ci, bi, ui, ri in typed_households(street, said[:match.end()]) or []:
            household = street.compounds[ci].buildings[bi].units[ui].households[ri].id
            area = str(street.locate(household)[0].id)
            if area not in areas:
                continue
            fees = [f[0] for f in schedule_of(repo, area)
                    if f[1] in (None, str(Basis.HOUSEHOLD)) and f[0] != "other"]
            said_fees = [f for f in fees if labels.FEE_TYPE[f].zh in said
                         or labels.FEE_TYPE[f].en.lower() in said.lower()]
            label = str(household_label(repo, household))
            out += [(household, label, fee) for fee in (said_fees or fees)
                    if (household, label, fee) not in out]
    return out[:MOST]
