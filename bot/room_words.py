"""A room number in words published with a ledger line: a reversal's reason, a separate
payment's. A line is chained when it is made and never edited, and the site never says
which household paid; the masking (``db.redact.mask_rooms``) takes a room where its
words say it is one (2单元301, 301室, 301家) but keeps a bare number (an amount, a year),
so 冲正第 81 笔：记错户了，应该是301 went public beside the line's 盐业小区 1号楼 2单元.
``room_in`` finds such a number when it is a room of the area's households, for the
volunteer to be asked again, as for a person's name (``db.ledger_names``)."""

from __future__ import annotations

from typing import Any

from db.redact import area_rooms, bare_rooms, mask_rooms, redactor

__all__ = ["room_in"]

def room_in(repo: Any, area: str, text: str) -> str | None:
    """The first number in ``text`` (as it would be published) that is the room of a
    household of ``area`` written alone; None when there is none."""
    public = mask_rooms(redactor(repo.settings)(text or ""))
    found = bare_rooms(public, area_rooms(repo.street, area))
    return found[0] if found else None
