"""Words a volunteer hides from the public reading of an entry: the name of someone the
street does not know.

The site masks phone, ID and room numbers and the names of the people the store knows
(``db.redact``), but a neighbour who never registered, a contractor (李建国把垃圾堆在楼道,
请联系王大明) was published as typed: the volunteer reviewing it could only approve (and
publish the name) or reject it (and the elderly author typed it all again). Now she
names the words to hide (``Repository.hide_words``): they are kept on the entry
(``data["hidden"]``, each ``{"word", "at", "by", "role"}``), and every public reading of
it masks them as ``NAME_MASK`` ([姓名已隐藏]): the site's pages, search index, feeds and
downloads (``hide_all``, at collection, on the entries themselves, so that whatever
reads their words reads them masked), the paper notice, and what the bot shows a
neighbour (``db.public_words``). The words as typed stay in the entry, private, as
its text does; the author sees them in /mydata, as her own words.

Only a volunteer of the entry's area hides words, on an entry of a kind with public
words a volunteer reviews (``HIDEABLE``: a report, an opinion, a question, a correction,
minutes; and a project's stage notes, published at once by /stage, masked alone of its
proposal's words), while it waits or once it is public (a neighbour asks for her name to
be taken off: the next build hides it); each word at least ``MIN_WORD`` and at most ``MAX_WORD``
characters, and standing in the entry's words (or those of a correction of it, which
the site shows in its place) as the public would read it; at most ``MAX_HIDDEN`` an
entry. Words are added, never taken back (a name once hidden stays hidden); the same
words hidden again (a press redelivered) write nothing. A word of a kind whose words go
into the ledger (a fee, an expense, a reversal) cannot be hidden: its line was chained
as made (``db.ledger_names`` refuses the names the store knows there).

A hidden word is a name like any other in the entry's words: if its person registers
and is forgotten, it is masked in the word kept too (``db.privacy.NESTED_FIELDS``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from . import checks
from .core import Part, serialized
from .entries import Entry, Kind, Status, is_public
from .errors import DomainError
from .people import public_role
from .records import Records
from .redact import NAME_MASK
from .store import Transaction

__all__ = ["HiddenNames", "HIDDEN", "HIDEABLE", "MAX_HIDDEN", "MAX_WORD", "MIN_WORD",
           "hidden_of", "hide_in", "hidden_entry", "hide_all", "HIDDEN_FIELDS", "authors_words",
           "STAGES"]

HIDDEN = "hidden"  # the key of an entry's hidden words in its data
MAX_HIDDEN = 10  # words hidden on one entry
MAX_WORD = 20  # characters of one word
MIN_WORD = 2  # a single character (李) would mask it in every word it is part of
# The kinds whose public words a volunteer reviews and may hide words of; of a proposal,
# only the notes of its project's stages (``STAGES``: published at once, by /stage), not
# its title and description, voted on as published.
HIDEABLE = frozenset({Kind.ISSUE, Kind.OPINION, Kind.QUESTION, Kind.CORRECTION, Kind.MEETING,
                      Kind.PROPOSAL})
STAGES = "stages"  # a project's stages in its proposal's data, each with its "note"
# The fields of an entry the public reads words in (the steps' notes too).
HIDDEN_FIELDS = ("text", "reason", "place", "topics", "decisions", "answer", "voice_summary",
                 "title", "description")
# Those holding the words of the entry's author: a question's answer is a volunteer's
# (and so are the notes of a report's steps, kept in its history).
OWN_FIELDS = tuple(k for k in HIDDEN_FIELDS if k != "answer")


def hidden_of(entry: Entry | dict[str, Any]) -> list[str]:
    """The words hidden on ``entry`` (an entry or its data), in the order hidden."""
    data = entry.data if isinstance(entry, Entry) else entry
    value = data.get(HIDDEN) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [str(w["word"]) for w in value if isinstance(w, dict) and w.get("word")]


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern of ``words``, the longest first, case-insensitive; a Latin word only
    as a whole word (``Li`` not inside ``Lily``), a Chinese one wherever it stands."""
    parts = []
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        body = re.escape(word)
        parts.append(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])" if word.isascii() else body)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def hide_in(value: object, words: Iterable[str]) -> str:
    """``value`` with each of ``words`` masked as ``NAME_MASK`` (None -> "")."""
    if value is None or value == "":
        return ""
    text = str(value)
    pattern = _pattern(words)
    return pattern.sub(NAME_MASK, text) if pattern is not None else text


def _stands_in(word: str, texts: Iterable[str]) -> bool:
    pattern = _pattern([word])
    return pattern is not None and any(pattern.search(t) for t in texts)


def _stage_notes(entry: Entry) -> list[str]:
    """The notes of the stages of ``entry``'s project (none but a proposal's)."""
    value = entry.data.get(STAGES) if entry.kind == Kind.PROPOSAL else None
    return [str(s["note"]) for s in value or [] if isinstance(s, dict)
            and isinstance(s.get("note"), str) and s["note"]] if isinstance(value, list) else []


def _texts(entry: Entry) -> list[str]:
    """Every word of ``entry`` the public may read, as typed, and a volunteer may hide (a
    proposal: the notes of its project's stages)."""
    if entry.kind == Kind.PROPOSAL:
        return _stage_notes(entry)
    d = entry.data
    out = [str(d[k]) for k in HIDDEN_FIELDS if isinstance(d.get(k), str) and d[k]]
    out += [str(h["note"]) for h in entry.history if isinstance(h.get("note"), str)
            and h["note"]]
    return out


def authors_words(entry: Entry, words: Iterable[str],
                  corrections: Iterable[Entry] = ()) -> list[str]:
    """Those of ``words`` that stand in what ``entry``'s author wrote herself: its own
    fields (``OWN_FIELDS``) or a correction of it she made (among ``corrections``); not
    a volunteer's words on it (a step's note, an answer to a question), which are not
    hers to be told of."""
    if entry.kind == Kind.PROPOSAL:  # only its stages' notes are hidden: a volunteer's
        return []

    def own(d: dict[str, Any]) -> list[str]:
        return [str(d[k]) for k in OWN_FIELDS if isinstance(d.get(k), str) and d[k]]

    texts = own(entry.data) + [
        t for c in corrections if c.author is not None and c.author == entry.author
        and c.kind == Kind.CORRECTION and _int(c.data.get("corrects")) == entry.id
        for t in own(c.data)]
    return [w for w in words if _stands_in(w, texts)]


def hidden_entry(entry: Entry, also: Iterable[str] = ()) -> Entry:
    """``entry`` as the public reads it: a copy with its hidden words (and ``also``)
    masked in its words and its steps' notes (a proposal: in its project's stages' notes
    alone); ``entry`` itself when none is hidden."""
    words = [*hidden_of(entry), *also]
    pattern = _pattern(words)
    if pattern is None:
        return entry
    data = dict(entry.data)
    if entry.kind == Kind.PROPOSAL:
        stages = data.get(STAGES)
        if isinstance(stages, list):
            data[STAGES] = [{**s, "note": pattern.sub(NAME_MASK, s["note"])}
                            if isinstance(s, dict) and isinstance(s.get("note"), str) else s
                            for s in stages]
        return dataclasses.replace(entry, data=data)
    for key in HIDDEN_FIELDS:
        if isinstance(data.get(key), str):
            data[key] = pattern.sub(NAME_MASK, data[key])
    history = [{**h, "note": pattern.sub(NAME_MASK, h["note"])}
               if isinstance(h.get("note"), str) else h for h in entry.history]
    return dataclasses.replace(entry, data=data, history=history)


def hide_all(entries: list[Entry]) -> list[Entry]:
    """``entries`` (an area's) as the public reads them (``hidden_entry``): a correction
    also with the words hidden on the entry it corrects, whose words it shows instead."""
    hidden = {e.id: hidden_of(e) for e in entries if e.data.get(HIDDEN)}
    if not hidden:
        return entries
    out = []
    for e in entries:
        also: list[str] = []
        if e.kind == Kind.CORRECTION:
            also = hidden.get(_int(e.data.get("corrects")), [])
        out.append(hidden_entry(e, also) if e.id in hidden or also else e)
    return out


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return 0


def _words(value: object) -> list[str]:
    """The words asked to be hidden, each as kept: one space between its parts, without
    the characters nobody sees; refused unless a list of words of the right length."""
    if not isinstance(value, list | tuple):
        raise DomainError("the words to hide are a list of words", code="bad_words")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise DomainError("a word to hide is text", code="bad_words")
        word = " ".join(checks.without_hidden(unicodedata.normalize("NFC", item)).split())
        if not word:
            continue
        if len(word) < MIN_WORD:
            raise DomainError(f"“{word}” is too short to hide: at least {MIN_WORD} "
                              "characters", code="word_too_short", word=word, min=MIN_WORD)
        if len(word) > MAX_WORD:
            raise DomainError(f"a word to hide is at most {MAX_WORD} characters",
                              code="word_too_long", max=MAX_WORD, count=len(word))
        if word.casefold() not in {w.casefold() for w in out}:
            out.append(word)
    if not out:
        raise DomainError("no word to hide was given", code="no_words")
    return out


def _count_hiding(tx: Transaction, actor_id: int) -> None:
    """Count words hidden on a public entry on the volunteer who hid them (``hid``): the
    site builder tells from the people alone that words it showed are to come off the
    copies of earlier sites it keeps (``site_builder.forgetting.withdrawn_mark``)."""
    person = tx.get("people", "people", actor_id)
    if person is None:
        return
    person["hid"] = int(person.get("hid") or 0) + 1
    tx.put("people", "people", person["id"], person)


class HiddenNames(Part):
    """The words volunteers hide from the public reading of entries."""

    def __init__(self, core: Any, records: Records) -> None:
        super().__init__(core)
        self.records = records

    def hideable(self, entry_id: int, actor_id: int) -> Entry:
        """Entry ``entry_id`` if ``actor_id`` may hide words of it now; refused as
        ``hide_words`` refuses (not her area, a kind or status with no public words)."""
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, entry.area)
        if entry.kind not in HIDEABLE or (entry.kind == Kind.PROPOSAL and (
                entry.status != Status.PASSED or not entry.data.get(STAGES))):
            raise DomainError(f"the words of a {entry.kind} cannot be hidden",
                              code="cannot_hide", id=entry.id, kind=str(entry.kind))
        if entry.status != Status.PENDING and not is_public(entry.kind, entry.status):
            raise DomainError(f"#{entry.id} is not shown to anyone (it is {entry.status})",
                              code="not_shown", id=entry.id, status=str(entry.status),
                              kind=str(entry.kind))
        return entry

    @serialized
    def hide_words(self, entry_id: int, actor_id: int, words: list[str]) -> Entry:
        """Hide ``words`` from the public reading of ``entry_id``, for a volunteer of its
        area (added to those hidden already). Words hidden already change nothing."""
        asked = _words(words)
        entry = self.hideable(entry_id, actor_id)
        actor = self.core.require_person(actor_id)
        kept = hidden_of(entry)
        known = {w.casefold() for w in kept}
        new = [w for w in asked if w.casefold() not in known]
        if not new:
            return entry  # hidden already (a press redelivered): once is kept
        if len(kept) + len(new) > MAX_HIDDEN:
            raise DomainError(f"at most {MAX_HIDDEN} words are hidden on one entry",
                              code="too_many_words", id=entry.id, max=MAX_HIDDEN,
                              left=MAX_HIDDEN - len(kept))
        texts = _texts(entry) + [t for c in self._corrections(entry) for t in _texts(c)]
        for word in new:
            if not _stands_in(word, texts):
                raise DomainError(f"“{word}” is not in the words of #{entry.id}",
                                  code="word_not_in_text", id=entry.id, word=word,
                                  kind=str(entry.kind))
        now, role = self.core.stamp(), public_role(actor, entry.area)
        value = entry.data.get(HIDDEN)
        entry.data = {**entry.data, HIDDEN: [
            *(value if isinstance(value, list) else []),
            *({"word": w, "at": now, "by": actor["id"], "role": role} for w in new)]}

        def run(tx: Transaction) -> Entry:
            self.records.save(tx, entry)
            if is_public(entry.kind, entry.status):
                _count_hiding(tx, actor["id"])
            return entry

        return self.core.commit(run)  # type: ignore[no-any-return]

    def _corrections(self, entry: Entry) -> list[Entry]:
        """The corrections of ``entry`` waiting or public: the site shows the latest
        approved one's words in place of its own."""
        if entry.kind == Kind.CORRECTION:
            return []
        return [c for c in self.records.entries(area=entry.area, kind=Kind.CORRECTION,
                                                status=(Status.PENDING, Status.APPROVED))
                if _int(c.data.get("corrects")) == entry.id]
