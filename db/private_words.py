"""No phone or ID number, licence plate, other contact or stranger's full name in the
words of a ledger line.

A ledger line is public and chained as it is made (``db.lines``): what a volunteer types
for its payee, purpose or reason, and what a resident types for a fee's period in /pay,
is downloaded (ledger.json, the CSV) and signed as it stands. The chain's redaction
(``db.redact.public_line``) masks a mobile or ID number written the usual ways, but not
one written digit by digit or in Chinese numerals (一三八一二三四五六七八), a licence plate
(晋J12345), a WeChat id, nor the full name of someone nobody registered (电工王建国),
which the site masks everywhere else (``db.redact.NameMask`` with ``strangers``) and
which needs that person's separate consent to be published (PIPL art. 25).

So those words are refused as they are typed (``db.ledger_names.LedgerNames.check``
calls ``private_words``), and the bot asks again: a trade (维修工人, 电工（个人）) or the
company's name says where the money went without publishing who a private person is
(how the compound calls him, 张师傅, is no refusal but a warning on the summary:
``db.payee_person``). Names of people the store knows are refused by
``db.ledger_names`` first (its own message: someone registered here).
"""

from __future__ import annotations

from collections.abc import Iterable

from .full_names import full_name_spans
from .redact import (
    EMAIL_MASK,
    ID_MASK,
    NUMBER_MASK,
    PHONE_MASK,
    PLATE_MASK,
    WECHAT_MASK,
    bare_rooms,
    latin_name_spans,
    mask_rooms,
    redact,
)

__all__ = ["private_words", "room_words", "PHONE", "ID", "PLATE", "CONTACT", "NAME"]

PHONE, ID, PLATE, CONTACT, NAME = "phone", "id", "plate", "contact", "name"
# What each mask of ``db.redact`` hides, in the order a refusal names it.
_MASKS = ((PHONE_MASK, PHONE), (ID_MASK, ID), (PLATE_MASK, PLATE), (WECHAT_MASK, CONTACT),
          (EMAIL_MASK, CONTACT), (NUMBER_MASK, CONTACT))
MOST_QUOTED = 30  # characters of what was found, quoted back


def private_words(text: object) -> tuple[str, str] | None:
    """What in ``text`` (typed for a ledger line) a line may not publish: (its kind,
    ``PHONE``, ``ID``, ``PLATE``, ``CONTACT`` or ``NAME``, and the words as typed); None
    when there is nothing. The contacts are what the site masks (``db.redact.redact``);
    a name, what reads as a person's full name (``db.full_names``, and a name in pinyin:
    Zhang Jianguo)."""
    if not isinstance(text, str) or not text.strip():
        return None
    masked = redact(text)
    if masked != text:
        found = _changed(text, masked)
        kind = next((k for mask, k in _MASKS if mask in masked and mask not in text), CONTACT)
        return kind, found[:MOST_QUOTED]
    spans = full_name_spans(text, None) or latin_name_spans(text)
    if spans:
        start, end = spans[0]
        return NAME, text[start:end]
    return None


def room_words(text: object, rooms: Iterable[str] = ()) -> str | None:
    """The room number in ``text`` (as typed), None when there is none: where its words
    say it is a room (3号楼2单元502, 502室, 502的王阿姨: ``db.redact.mask_rooms``), or a
    number written alone that is one of ``rooms`` (the street's households' rooms). A room
    beside what it says of someone (3号楼2单元502的王阿姨丢了) tells the compound who she
    is: personal information (PIPL art. 4), which words published for good, signed (the
    lost key's reason, ``db.heads.start_anew``), may not hold without her consent."""
    if not isinstance(text, str) or not text.strip():
        return None
    masked = mask_rooms(text)
    if masked != text:
        return _changed(text, masked)[:MOST_QUOTED]
    found = bare_rooms(text, rooms)
    return found[0] if found else None


def _changed(text: str, masked: str) -> str:
    """The words of ``text`` its mask ``masked`` replaced (the first to the last)."""
    start = 0
    while start < min(len(text), len(masked)) and text[start] == masked[start]:
        start += 1
    end = 0
    while end < min(len(text), len(masked)) - start and text[-1 - end] == masked[-1 - end]:
        end += 1
    return text[start:len(text) - end].strip() or text
