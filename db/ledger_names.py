"""No person's name in the words of a ledger line.

A ledger line is public, and it is chained as it is made (``db.lines``): its words
are hashed, downloaded and signed as they stand, so nothing can mask them later
without breaking ``steward verify``. The site masks the names of the people it
knows in the words of entries (``db.redact.NameMask``), but not in ledger lines.
Making a person's name public needs their separate consent (PIPL art. 25).

So the words a volunteer types that become a line's are checked before they are
stored: an expense's payee and purpose, a reversal's reason, and the reason a fee
is approved as a separate payment. Those holding the whole name of a person the
street knows (``db.redact.whole_names``: 王秀兰, "Wang Xiulan") are refused, and
the volunteer is asked for a trade or a company instead (水电工, 某某物业公司). A
given name alone (建国, which is also 建国路) is not refused, and the name of
someone the street does not know cannot be: the bot's questions ask for a trade.

The names are read once and kept until the people change (the store's
generation of the ``people`` partition).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DomainError
from .redact import NameMask, whole_names

__all__ = ["LedgerNames", "LINE_WORDS"]

# The fields of what a volunteer types that a line says (``check`` refuses any other).
LINE_WORDS = ("payee", "purpose", "reason", "separate")


class LedgerNames:
    """The whole names of the street's people, to keep them out of ledger lines."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._kept: tuple[int, NameMask] | None = None

    def mask(self) -> NameMask:
        """The mask of every whole name the street knows now."""
        generation = self.store.generation("people")
        kept = self._kept
        if kept is None or kept[0] != generation:
            people, generation = self.store.all_at("people", "people")
            kept = self._kept = (generation, NameMask(whole_names(people), dictionary=False))
        return kept[1]

    def named(self, text: object) -> str | None:
        """The first whole name of a person of the street in ``text``, as typed; None
        if it names none."""
        return self.mask().first(text) if text else None

    def check(self, fields: Mapping[str, object]) -> None:
        """Refuse (``names_a_person``) words of a line that name a person: ``fields``
        maps a field of ``LINE_WORDS`` to what was typed for it."""
        for field, text in fields.items():
            if field not in LINE_WORDS:
                raise ValueError(f"{field!r} is not what a ledger line says")
            name = self.named(text)
            if name is not None:
                raise DomainError(f"the {field} names a person ({name}): a ledger line is "
                                  "public, write a trade or a company instead",
                                  code="names_a_person", field=field, name=name)
