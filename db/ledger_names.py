"""No person's name in the words of a ledger line.

A ledger line is public, and it is chained as it is made (``db.lines``): its words
are hashed, downloaded and signed as they stand, so nothing can mask them later
without breaking ``steward verify``. The site masks the names of the people it
knows in the words of entries (``db.redact.NameMask``), but not in ledger lines.
Making a person's name public needs their separate consent (PIPL art. 25).

So the words a volunteer types that become a line's are checked before they are
stored: an expense's payee and purpose, a reversal's reason, the reason a fee
is approved as a separate payment, and a fee's period and purpose (a resident types a
period in words in /pay: 替王秀兰交的上半年 went into the accounts for good).
Those holding the whole name of a person the street knows
(``db.redact.whole_names``: 王秀兰, "Wang Xiulan"), or her Telegram id or username
standing alone (电工 7000001, 付给 user7000001: ``db.redact.person_ids``), are
refused, and so are those of a person forgotten, kept hashed (``db.forgotten_forms``),
and the volunteer is asked for a trade or a company instead (水电工,
某某物业公司). A
given name alone (建国, which is also 建国路) is not refused. What reads as the full
name of someone the street does not know (电工王建国, Zhang Jianguo), a phone or ID
number however written, a licence plate or another contact is refused too
(``db.private_words``, code ``private_in_line``): the site masks them everywhere else,
and a line cannot be masked once chained.

Many people go by a nickname on Telegram that is an ordinary word: 阳光, 平安,
保洁, Sunny. Refusing it wherever it stands would refuse "阳光物业公司" because a
resident calls herself 阳光, and the volunteer could not record the expense at all.
So a name that does not read as a person's (``db.chinese_names``: a common surname
and a given name, or a Latin name of two words), or that is also a common word of
jieba's dictionary (高峰, 文明: ``COMMON_WORD``), is refused only where it is the
whole of what was typed, alone or with a form of address (阳光, 高峰师傅): there it
can only mean the person. A name that reads as one (王秀兰, 张建国) is refused
wherever it stands.

The names are read once and kept until the people change (the store's
generation of the ``people`` partition).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .chinese_names import FORMS_OF_ADDRESS, bare, reads_as_name
from .errors import DomainError
from .fee_amounts import first_month
from .forgotten_forms import HashedForms
from .name_words import word_frequency
from .private_words import CONTACT, ID, NAME, PHONE, PLATE, private_words
from .redact import (
    NameMask,
    account_spans,
    candidate_accounts,
    every_name,
    fold,
    person_ids,
    whole_names,
)

__all__ = ["LedgerNames", "LINE_WORDS", "COMMON_WORD", "loose_names", "PRIVATE_SAID",
           "refused_names"]

# The fields of what a volunteer types that a line says (``check`` refuses any other).
LINE_WORDS = ("payee", "purpose", "reason", "separate", "period")
# From this frequency in jieba's dictionary a name is a common word too (高峰 1,556,
# 文明 6,584, 阳光 3,451), where a given name a person has is far rarer (王平 352).
COMMON_WORD = 1000
# What ``private_words`` found, said in a refusal.
PRIVATE_SAID = {PHONE: "a phone number", ID: "an ID number", PLATE: "a licence plate",
                CONTACT: "a way to reach a person", NAME: "a person's full name"}
# The most names one text is searched for (each found one is set aside, then the next).
_MOST_FOUND = 50
# Prefixes people are called by: 老王, 小李, 阿芳.
_BEFORE_NAME = ("老", "小", "阿")
_NOT_WORD = re.compile(r"[\W_]+")


def refused_names(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The whole names of ``people`` a line's words are refused for wherever they stand:
    those that read as a person's and are no common word (``LedgerNames.named``). What a
    forgotten person's record keeps hashed (``db.forgotten_forms``), to refuse them
    still."""
    people = list(people)
    loose = loose_names(people)
    return frozenset(n for n in whole_names(people) if n not in loose and (
        n.isascii() or word_frequency(bare(n)) < COMMON_WORD))


def loose_names(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The whole names (``whole_names``) of ``people`` that do not read as a person's:
    a Chinese name that starts with no common surname in either order of its words, a
    Latin name of one word. Refused only as the whole of a text."""
    loose: set[str] = set()
    sure: set[str] = set()
    for name in set(every_name(people)):
        names, reads = _read_name(name)
        (sure if reads else loose).update(names)
    return frozenset(loose - sure)


@functools.lru_cache(maxsize=65_536)
def _read_name(name: str) -> tuple[frozenset[str], bool]:
    """The whole names of a person named ``name``, and whether they read as a person's.
    Kept by name: a street's people share their names' readings (6,551 people of the
    bench street, 452 names), and the next reading after a newcomer reads hers alone
    (it was every person's again: 88 ms at each ledger line's check after a newcomer)."""
    words = name.split()
    names = whole_names([{"name": name}])
    joined = ("".join(words), "".join(reversed(words)))
    if all(w.isascii() for w in words):
        reads = len(words) > 1
    else:
        reads = any(reads_as_name(n) for n in joined)
    return names, reads


class LedgerNames:
    """The whole names of the street's people, to keep them out of ledger lines."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._kept: tuple[int, NameMask, frozenset[str]] | None = None
        self._ids: tuple[int, frozenset[str]] | None = None  # ``_accounts``'s, kept
        # the forms of the people forgotten, hashed (``db.forgotten_forms``): read with
        # the names or the ids, for the same generation of the people
        self._hashed: tuple[int, HashedForms | None] | None = None

    def _names(self) -> tuple[int, NameMask, frozenset[str]]:
        generation = self.store.generation("people")
        kept = self._kept
        if kept is None or kept[0] != generation:
            people, generation = self.store.all_at("people", "people")
            kept = self._kept = (generation, NameMask(whole_names(people), dictionary=False,
                                                      ids=person_ids(people)),
                                 loose_names(people))
            self._hashed = (generation, HashedForms.of(people))
        return kept

    def _accounts(self) -> frozenset[str]:
        """The Telegram ids and usernames of the street's people (``person_ids``): the
        names mask's when it is kept for the people as they are, else read alone (some
        8 ms at 6,500 people, where making the mask again after a newcomer is ~180 ms)."""
        generation = self.store.generation("people")
        kept, ids = self._kept, self._ids
        if kept is not None and kept[0] == generation:
            return kept[1].ids
        if ids is None or ids[0] != generation:
            people, generation = self.store.all_at("people", "people")
            ids = self._ids = (generation, person_ids(people))
            self._hashed = (generation, HashedForms.of(people))
        return ids[1]

    def _forgotten(self) -> HashedForms | None:
        """The names, ids and usernames of the people forgotten, hashed: a line chained
        with "水电工 7100001" after her /forget carried her id for good, since nothing
        knew it any more (found by the privacy sweep of walk190)."""
        generation = self.store.generation("people")
        hashed = self._hashed
        if hashed is None or hashed[0] != generation:
            people, generation = self.store.all_at("people", "people")
            hashed = self._hashed = (generation, HashedForms.of(people))
        return hashed[1]

    def mask(self) -> NameMask:
        """The mask of every whole name the street knows now."""
        return self._names()[1]

    def named(self, text: object) -> str | None:
        """The first whole name of a person of the street that ``text`` names, as typed;
        None if it names none. A name that is an ordinary word too names a person only
        as the whole of ``text`` (the module's docstring)."""
        if not text:
            return None
        typed = rest = str(text)
        if first_month(typed) is not None:  # a fee's period (2025, 2025-03) names nobody
            return None
        if any(ch.isdigit() or ch == "_" for ch in typed):
            # a person's Telegram id or username typed alone (电工 7000001, 付给
            # user7000001): the site masks them everywhere else (``NameMask`` with
            # ids), and a line is chained as typed. The ids alone are read for it, not
            # the mask of every name made (after a newcomer) for a text that has none
            for start, end in account_spans(typed, self._accounts()):
                return typed[start:end]
            forgotten = self._forgotten()  # read with the ids above
            if forgotten is not None:
                for start, end, said in candidate_accounts(typed):
                    if forgotten.is_id(said):
                        return typed[start:end]
        if _nameless(typed):
            # no Chinese character and no three Latin letters together (a fee's period,
            # 2025-03, 2025-H1) names nobody (``whole_names``: two Chinese characters, or
            # three letters): the mask of every name is not even made (after a newcomer
            # it is made again: tens of ms on a large street, and every fee report of
            # the bench's mix paid it at its submit and at its approval)
            return None
        _, mask, loose = self._names()
        forgotten = self._forgotten()  # read with the names
        if forgotten is not None:  # a name of someone forgotten (given names alone too)
            for start, end in forgotten.name_spans(typed, fold(typed), whole=True):
                return typed[start:end]
        for _ in range(_MOST_FOUND):
            found = mask.first(rest)
            if found is None:
                return None
            key = found.casefold()
            if not self._ordinary(key, loose) or _alone(typed, key):
                return found
            rest = _set_aside(rest, key)
        return None

    @staticmethod
    def _ordinary(key: str, loose: frozenset[str]) -> bool:
        """The name ``key`` (case-folded) may be an ordinary word, not a person."""
        return key in loose or (not key.isascii() and word_frequency(bare(key)) >= COMMON_WORD)

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
            found = private_words(text)
            if found is not None:  # a phone, a plate, a name nobody registered (PIPL)
                what, words = found
                raise DomainError(f"the {field} holds {PRIVATE_SAID[what]} ({words}): a "
                                  "ledger line is public, write a trade (电工（个人）) or a "
                                  "company instead",
                                  code="private_in_line", field=field, name=words, what=what)


def _nameless(text: str) -> bool:
    """No whole name (``whole_names``: two Chinese characters, three Latin letters) can
    stand in ``text``: it has no letter of a script other than Latin, and fewer than
    three Latin letters (2025, 2025-03, 2025-H1)."""
    letters = 0
    for ch in text:
        if ch.isalpha():
            if not ch.isascii():
                return False
            letters += 1
    return letters < 3


def _alone(text: str, key: str) -> bool:
    """``text`` is the name ``key`` and nothing more, but for a form of address
    (阳光师傅, 老阳光) and for spaces and punctuation."""
    said, name = _NOT_WORD.sub("", text.casefold()), _NOT_WORD.sub("", key)
    if not name or name not in said:
        return False
    before, _, after = said.partition(name)
    return (before == "" or before in _BEFORE_NAME) and (after == "" or after in FORMS_OF_ADDRESS)


def _set_aside(text: str, key: str) -> str:
    """``text`` with every place holding the name ``key`` (case-folded) blanked out, so
    that the next name in it is found."""
    folded = text.casefold() if len(text.casefold()) == len(text) else text.lower()
    chars = list(text)
    at = folded.find(key)
    while at >= 0:
        chars[at:at + len(key)] = "\x00" * len(key)
        at = folded.find(key, at + len(key))
    return "".join(chars)
