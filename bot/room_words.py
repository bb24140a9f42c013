"""A room number in words published with a ledger line: a reversal's reason, a separate
payment's. A line is chained when it is made and never edited, and the site never says
which household paid; the masking (``db.redact.mask_rooms``) takes a room where its
words say it is one (2单元301, 301室, 301家) but keeps a bare number (an amount, a year),
so 冲正第 81 笔：记错户了，应该是301 went public beside the line's 盐业小区 1号楼 2单元.
``room_in`` finds such a number when it is a room of the area's households, for the
volunteer to be asked again, as for a person's name (``db.ledger_names``)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from db.redact import mask_rooms, redactor

__all__ = ["room_in"]

# three or four digits standing alone, not an amount, a date or a count (101 元, 2025 年,
# 第 301 笔, 120 户); a room the masking took is gone from the text looked at
_NUMBER = re.compile(r"(?<![0-9.,¥￥#])([0-9]{3,4})(?![0-9.,])(?!\s*(?:元|块|角|分|年|月|日|号楼|"
                     r"栋|幢|%|米|平|㎡|个|人|户|笔|期|次|天|小时|m|kg|斤|公斤|吨|只|根|张|套))")


def room_in(repo: Any, area: str, text: str) -> str | None:
    """The first number in ``text`` (as it would be published) that is the room of a
    household of ``area``; None when there is none."""
    public = unicodedata.normalize("NFKC", mask_rooms(redactor(repo.settings)(text or "")))
    if not any(ch.isdigit() for ch in public):
        return None
    rooms = {h.id.rsplit("/", 1)[-1] for h in repo.street.area_households(area)}
    return next((m.group(1) for m in _NUMBER.finditer(public) if m.group(1) in rooms), None)
