"""Warning a volunteer that minutes hold what reads as a person's full name
(``db.full_names``: 决定：由王建国负责催缴): on the post that asks another volunteer to
approve them, with the ``/hide`` command that masks it (``bot.describe``), and on the
recorder's summary before she submits them (``bot.handlers.meeting_confirm``). Minutes
are public for good; only registered names and surnames called (老杨, 李师傅:
``bot.called_words``) were caught before."""

from __future__ import annotations

from typing import Any

from db.entries import Entry, Kind
from db.full_names import full_names
from db.hidden_names import hidden_of

from .i18n import lazy, tr

__all__ = ["FULL_NAME", "FULL_NAME_BEFORE", "full_name_lines", "full_name_before"]

FULL_NAME = lazy("{words} reads like a person's full name, and minutes are public for good. "
                 "If the site should not show it: /hide {id} {hide}")
FULL_NAME_BEFORE = lazy("⚠️ {words} reads like a person's full name, and minutes are public "
                        "for good. To leave it out, press ✏️ Change something; once submitted, "
                        "the volunteer who approves them can hide it.")

_FIELDS = ("topics", "decisions")


def _names(d: dict[str, Any]) -> list[str]:
    hidden = {w.casefold() for w in hidden_of(d)}
    text = "\n".join(str(d[k]) for k in _FIELDS if isinstance(d.get(k), str))
    return [w for w in full_names(text) if w.casefold() not in hidden]


def _quoted(words: list[str]) -> str:
    return "、".join(f"“{w}”" for w in words)


def full_name_lines(entry: Entry, lang: str) -> list[str]:
    """On waiting minutes whose topics or decisions hold a full name not hidden yet: the
    line saying so, with ``/hide <id> <names>``; none else."""
    if entry.kind != Kind.MEETING or entry.status != "pending":
        return []
    names = _names(entry.data)
    return [tr(lang, FULL_NAME, words=_quoted(names), id=entry.id,
               hide=" ".join(names))] if names else []


def full_name_before(lang: str, d: dict[str, Any]) -> str:
    """Two new lines for the recorder's summary when the minutes hold a full name; ""."""
    names = _names(d)
    return "\n\n" + tr(lang, FULL_NAME_BEFORE, words=_quoted(names)) if names else ""
