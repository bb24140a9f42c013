"""Asking a volunteer about minutes that hold what reads as a person's full name
(``db.full_names``: 决定：由王建国负责催缴，李明协助): on the recorder's summary before
she submits them, with 照原样提交 / 隐去“王建国”再提交 (the words masked as /hide masks
them, [姓名已隐藏], in what is stored: ``bot.handlers.meeting_confirm``), and on the post
that asks another volunteer to approve them, with its 🙈 button (``bot.describe``; so
too on a waiting report, opinion, question or correction: 最常停的是赵铁柱家亲戚的车).
Minutes are public for good once approved; only registered names and surnames called
(老杨, 李师傅: ``bot.called_words``) were caught before. The lines of a waiting entry's
post about both (``called_lines``, and ``quoted``) moved here from ``bot.describe``.

The check reads a 115 kB word file at its first use (``db.full_name_words``); jieba is
not imported (its tagger, tried before, took the bot from 67 to 195 MB)."""

from __future__ import annotations

from typing import Any

from db.chinese_names import neighbours_called
from db.entries import Entry, Kind
from db.full_names import full_names
from db.hidden_names import HIDDEN_FIELDS, hidden_of, hide_in
from db.public_words import public_text, still_shown

from .i18n import lazy, tr

__all__ = ["CALLED", "FIELDS", "FULL_NAME", "FULL_NAME_ANY", "FULL_NAME_BEFORE", "SUBMIT_AS_IS",
           "SUBMIT_HIDDEN", "called_lines", "minutes_hidden", "minutes_names", "minutes_public",
           "named_in",
           "quoted"]

CALLED = lazy("{words} reads like a neighbour called by name: the street will know who it is. "
              "To keep it off the site, press 🙈 Hide a name… and write it.")

FULL_NAME = lazy("{words} reads like a person's full name, and minutes are public for good. "
                 "To keep it off the site, press 🙈 Hide a name… and write it.")
FULL_NAME_BEFORE = lazy("⚠️ {words} reads like a person's full name, and minutes are public "
                        "for good once approved. Submit them as they are, or with it hidden "
                        "(the site and the approver read [姓名已隐藏]), or press ✏️ Change "
                        "something to write it otherwise.")
FULL_NAME_ANY = lazy("{words} reads like a person's full name: the street will know who it is. "
                     "To keep it off the site, press 🙈 Hide a name… and write it.")
SUBMIT_AS_IS = lazy("Submit as is")
SUBMIT_HIDDEN = lazy("Submit with {words} hidden")

FIELDS = ("topics", "decisions")  # what of the minutes the site shows as typed


def minutes_names(d: dict[str, Any]) -> list[str]:
    """The full names in minutes ``d``'s topics and decisions, not hidden yet."""
    hidden = {w.casefold() for w in hidden_of(d)}
    text = "\n".join(str(d[k]) for k in FIELDS if isinstance(d.get(k), str))
    return [w for w in full_names(text) if w.casefold() not in hidden]


def minutes_public(repo: Any, d: dict[str, Any]) -> list[str]:
    """``minutes_names`` the site would show (a registered name it masks: not). Blocking."""
    names = minutes_names(d)
    if not names:
        return []
    public = public_text(repo, "\n".join(str(d.get(k) or "") for k in FIELDS), d.get("area"))
    return [w for w in names if w in public]  # a volunteer's step, now and then: exact


def minutes_hidden(d: dict[str, Any], names: list[str]) -> dict[str, str]:
    """Minutes ``d``'s topics and decisions with ``names`` masked."""
    return {k: hide_in(d.get(k), names) for k in FIELDS}


def quoted(words: list[str]) -> str:
    """Words hidden, as a post lists them: “李建国”、“王大明”."""
    return "、".join(f"“{w}”" for w in words)


def named_in(text: object, public: str | None = None) -> list[str]:
    """The words of ``text`` calling someone by surname (门卫老杨) and then those naming one
    in full (王建国), each once; with ``public`` (``text`` as the site reads it), only the
    full names it still holds (a registered one is masked). What a volunteer is asked
    about before her note goes (``bot.handlers.called_ask``)."""
    called = neighbours_called(text)
    folded = [w.casefold() for w in called]
    return called + [w for w in full_names(text)
                     if not any(w.casefold() in s or s in w.casefold() for s in folded)
                     and (public is None or w in public)]


def called_lines(repo: Any, entry: Entry, lang: str) -> list[str]:
    """On a waiting entry whose public words call a person by surname (李大爷家下水堵了,
    as a grid worker writes down what an old man said; 门卫老杨 in minutes; 电工李师傅 in
    a question) or name one in full (最常停的是赵铁柱家亲戚的车; 由王建国负责催缴 in
    minutes): that the street will know who it is, and how to hide it; none once hidden
    or decided, and for a name the site masks already (a registered one). Every field the
    site reads (``HIDDEN_FIELDS``: a report's text, minutes' topics and decisions, a
    question's words, a correction's text and reason). Blocking (reads the people)."""
    if entry.status != "pending":
        return []
    hidden = [w.casefold() for w in hidden_of(entry.data)]
    words = "\n".join(str(entry.data[k]) for k in HIDDEN_FIELDS
                      if isinstance(entry.data.get(k), str))
    called = [w for w in neighbours_called(words) if w.casefold() not in hidden]
    skip = [*hidden, *(w.casefold() for w in called)]  # 王建国师傅: said of as called
    names = [w for w in full_names(words)
             if not any(w.casefold() in s or s in w.casefold() for s in skip)]
    names = still_shown(repo, words, names, entry.area)  # 郑晓梅 registered: [姓名已隐藏]
    said = FULL_NAME if entry.kind == Kind.MEETING else FULL_NAME_ANY
    return ([tr(lang, CALLED, words=quoted(called))] if called else []) + \
        ([tr(lang, said, words=quoted(names))] if names else [])
