"""A resident's note on her fee report (是去年交的, 替楼上王阿姨交的): words for the
volunteer who checks the fee before approving it, and for her own 我的 and /mydata.

It is never published: a fee's ledger line is made of named fields (``db.lines``) and
the note is none of them, so neither the site, nor its notices, nor its downloads carry
it (it may name a neighbour). It is bounded (``MAX_REMARK`` characters, refused when
longer: never cut without her knowing), on one line, without control characters or
bidi overrides. When she is forgotten (``db.privacy``) her notes go from every fee
report of hers, the published ones too (their lines stay as they are: the note is not
in them); a forgotten neighbour's name in someone's note is masked like any words.
"""

from __future__ import annotations

from typing import Any

from .checks import without_hidden
from .errors import DomainError

__all__ = ["REMARK", "MAX_REMARK", "check_remark", "clean_remark", "drop_remark"]

REMARK = "remark"  # the key of a fee entry's data that holds the note
MAX_REMARK = 200  # characters of a note


def clean_remark(text: str) -> str:
    """``text`` on one line, without control or format characters (bidi overrides,
    zero-width ones), its spaces collapsed."""
    return " ".join(without_hidden(text, "\n\r\t").split())


def check_remark(data: dict[str, Any]) -> None:
    """The note of a fee's ``data`` (``REMARK``), cleaned in place (``clean_remark``);
    a blank one is dropped; one that is not text, or longer than ``MAX_REMARK``, refused."""
    if REMARK not in data:
        return
    value = data[REMARK]
    if value is None:
        del data[REMARK]
        return
    if not isinstance(value, str):
        raise DomainError("a fee's note is text", code="bad_text", field=REMARK)
    value = clean_remark(value)
    if len(value) > MAX_REMARK:
        raise DomainError("a fee's note is too long", code="text_too_long", max=MAX_REMARK,
                          count=len(value))
    if value:
        data[REMARK] = value
    else:
        del data[REMARK]


def drop_remark(data: dict[str, Any]) -> dict[str, Any] | None:
    """``data`` without its note, as a new dict; None when it has none."""
    if REMARK not in data:
        return None
    return {k: v for k, v in data.items() if k != REMARK}
