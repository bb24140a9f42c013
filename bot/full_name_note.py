"""Asking a volunteer about minutes that hold what reads as a person's full name
(``db.full_names``: 决定：由王建国负责催缴，李明协助): on the recorder's summary before
she submits them, with 照原样提交 / 隐去“王建国”再提交 (the words masked as /hide masks
them, [姓名已隐藏], in what is stored: ``bot.handlers.meeting_confirm``), and on the post
that asks another volunteer to approve them, with its 🙈 button (``bot.describe``).
Minutes are public for good once approved; only registered names and surnames called
(老杨, 李师傅: ``bot.called_words``) were caught before.

The check reads a 90 kB word file at its first use (``db.full_name_words``); jieba is
not imported (its tagger, tried before, took the bot from 67 to 195 MB)."""

from __future__ import annotations

from typing import Any

from db.entries import Entry, Kind
from db.full_names import full_names
from db.hidden_names import hidden_of, hide_in

from .i18n import lazy, tr

__all__ = ["FIELDS", "FULL_NAME", "FULL_NAME_BEFORE", "SUBMIT_AS_IS", "SUBMIT_HIDDEN",
           "full_name_line", "minutes_names", "minutes_hidden"]

FULL_NAME = lazy("{words} reads like a person's full name, and minutes are public for good. "
                 "To keep it off the site, press 🙈 Hide a name… and write it.")
FULL_NAME_BEFORE = lazy("⚠️ {words} reads like a person's full name, and minutes are public "
                        "for good once approved. Submit them as they are, or with it hidden "
                        "(the site and the approver read [姓名已隐藏]), or press ✏️ Change "
                        "something to write it otherwise.")
SUBMIT_AS_IS = lazy("Submit as is")
SUBMIT_HIDDEN = lazy("Submit with {words} hidden")

FIELDS = ("topics", "decisions")  # what of the minutes the site shows as typed


def minutes_names(d: dict[str, Any]) -> list[str]:
    """The full names in minutes ``d``'s topics and decisions, not hidden yet."""
    hidden = {w.casefold() for w in hidden_of(d)}
    text = "\n".join(str(d[k]) for k in FIELDS if isinstance(d.get(k), str))
    return [w for w in full_names(text) if w.casefold() not in hidden]


def minutes_hidden(d: dict[str, Any]) -> dict[str, str]:
    """Minutes ``d``'s topics and decisions with their full names masked."""
    names = minutes_names(d)
    return {k: hide_in(d.get(k), names) for k in FIELDS}


def full_name_line(entry: Entry, lang: str, quoted: Any) -> list[str]:
    """On waiting minutes holding a full name not hidden yet: the line saying so."""
    if entry.kind != Kind.MEETING or entry.status != "pending":
        return []
    names = minutes_names(entry.data)
    return [tr(lang, FULL_NAME, words=quoted(names))] if names else []
