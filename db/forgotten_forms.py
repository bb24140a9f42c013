"""What the masks keep of a person forgotten: her names, Telegram id and username,
hashed, never as they were.

``forget`` (``db.privacy``) deletes her name, username and Telegram id, and masks her
name wherever the entries held it then. The masks (the site's, ``db.redact.NameMask``;
the bot's posts, ``db.public_words``) knew her by those alone: a report or an opinion a
neighbour writes later ("罗小燕家门口路灯坏了，找 7000123 问"), or one a volunteer
approves later, was published with her name and id, since nothing said they were anyone's
(a full name that reads as one is masked as a stranger's, but not her given name alone,
a nickname, her id or her username).

So her record keeps, under ``FORMS``, each form the masks looked for (``person_names``,
``given_names``, ``person_ids``) as a keyed hash (BLAKE2b, 128 bits) with the street's
salt, the lengths of the names and, for each, a bucket of 4,096 its first character
falls in: a text's runs of those lengths (from a character in a bucket), its runs of
digits and its usernames are hashed and looked up. Nothing kept reads back as her name or id;
what the hash allows is testing a guess (someone holding the data folder and trying a
name or a number learns whether it was hers), which the data folder's readers (the
admins) could do no better before she was forgotten. The salt is one for the street
(the first forgotten person's, reused: each text is hashed once per salt), drawn at
random, kept on the records with the hashes.

A given name alone (小燕, of "小燕 罗") is masked except before a place word (小燕路:
``db.name_words.is_place``); jieba's dictionary, which tells ordinary words from given
names for the people the store knows, needs the name itself.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FORMS", "forms_of", "street_salt", "HashedForms"]

FORMS = "masked_forms"  # on a forgotten person's record: ``forms_of``


def _digest(key: bytes, text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), key=key, digest_size=16).hexdigest()


def street_salt(people: Iterable[Mapping[str, Any]]) -> str:
    """The street's salt: the one a forgotten person's ``FORMS`` already use, else new."""
    for person in people:
        forms = person.get(FORMS)
        if isinstance(forms, dict) and isinstance(forms.get("salt"), str):
            return str(forms["salt"])
    return secrets.token_hex(16)


def forms_of(person: Mapping[str, Any], salt: str, whole: Iterable[str] = ()
             ) -> dict[str, Any] | None:
    """What the masks keep of ``person`` once forgotten: her names (given names alone
    apart) and accounts, hashed with ``salt``, and the names' lengths; and ``whole``, the
    whole names a ledger line is refused for (``db.ledger_names.refused_names``). None
    when the masks looked for nothing of hers."""
    from .redact import given_names, person_ids, person_names

    names, given, ids = person_names([person]), given_names([person]), person_ids([person])
    whole = frozenset(whole)
    if not names and not ids:
        return None
    key = bytes.fromhex(salt)
    return {"salt": salt,
            "names": sorted(_digest(key, n) for n in names - given),
            "given": sorted(_digest(key, n) for n in given),
            "whole": sorted(_digest(key, n) for n in whole),
            "ids": sorted(_digest(key, i) for i in ids),
            "lengths": sorted({len(n) for n in names | whole}, reverse=True),
            "first": sorted({_bucket(key, n[0]) for n in names | whole})}


# The first character of a name, hashed into one of this many buckets: a text's places
# whose character falls in no name's bucket are not hashed (most of them). A bucket holds
# some 5 of the 20,000 common Chinese characters: it tells less than the hashes do.
BUCKETS = 4096


def _bucket(key: bytes, char: str) -> int:
    return int(_digest(key, "first:" + char)[:8], 16) % BUCKETS


class HashedForms:
    """The forms of the people forgotten (``FORMS``), looked for in texts: by salt,
    the hashes of names, of given names alone, of ids, and the names' lengths."""

    __slots__ = ("groups", "key", "_starts")

    def __init__(self, groups: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str],
                                               tuple[int, ...], frozenset[int] | None,
                                               frozenset[str]]]) -> None:
        self.groups = {bytes.fromhex(salt): group for salt, group in groups.items()}
        # what tells two masks apart (``site_builder.collect_base.masked_key``)
        self.key = tuple(sorted((salt, sorted(g[0] | g[1] | g[2])) for salt, g in
                                groups.items()))
        # by salt: each character seen, whether a name may start with it (``_bucket``)
        self._starts: dict[bytes, dict[str, bool]] = {key: {} for key in self.groups}

    @classmethod
    def of(cls, people: Iterable[Mapping[str, Any]]) -> HashedForms | None:
        """The forms kept on the records of ``people`` forgotten; None when there are none."""
        groups: dict[str, tuple[set[str], set[str], set[str], set[int], set[int],
                                set[str]]] = {}
        unbucketed: set[str] = set()  # a record without its buckets: every place hashed
        for person in people:
            forms = person.get(FORMS)
            if not isinstance(forms, dict) or not isinstance(forms.get("salt"), str):
                continue
            names, given, ids, lengths, first, whole = groups.setdefault(
                forms["salt"], (set(), set(), set(), set(), set(), set()))
            whole.update(str(h) for h in forms.get("whole") or ())
            names.update(str(h) for h in forms.get("names") or ())
            given.update(str(h) for h in forms.get("given") or ())
            ids.update(str(h) for h in forms.get("ids") or ())
            lengths.update(int(n) for n in forms.get("lengths") or () if int(n) > 0)
            if isinstance(forms.get("first"), list):
                first.update(int(b) for b in forms["first"])
            else:
                unbucketed.add(forms["salt"])
        if not groups:
            return None
        return cls({salt: (frozenset(n), frozenset(g), frozenset(i),
                           tuple(sorted(lengths, reverse=True)),
                           None if salt in unbucketed else frozenset(first),
                           frozenset(whole))
                    for salt, (n, g, i, lengths, first, whole) in groups.items()})

    def name_spans(self, text: str, folded: str, whole: bool = False
                   ) -> list[tuple[int, int]]:
        """Where a name of the people forgotten stands in ``text`` (``folded``: as
        ``db.redact.fold`` gives it), the longest at each place; with ``whole``, only
        the whole names a ledger line is refused for."""
        from .name_words import is_place
        from .redact import word_edge

        spans: list[tuple[int, int]] = []
        for key, (names, given, _, lengths, first, refused) in self.groups.items():
            if not lengths:
                continue
            if whole:
                names, given = refused, frozenset()
            if first is not None:
                starts = self._starts[key]
                for char in set(folded).difference(starts):
                    starts[char] = _bucket(key, char) in first
                may = {char for char in set(folded) if starts[char]}
                if not may:
                    continue
            i = 0
            while i < len(folded):
                if first is not None and folded[i] not in may or not folded[i].isalnum():
                    i += 1
                    continue
                for n in lengths:
                    if i + n > len(folded):
                        continue
                    digest = _digest(key, folded[i:i + n])
                    if (digest in names or digest in given and not is_place(folded, i + n)) \
                            and word_edge(text, i, i + n):
                        spans.append((i, i + n))
                        i += n
                        break
                else:
                    i += 1
        return sorted(spans)

    def is_id(self, said: str) -> bool:
        """Whether ``said`` (digits half-width, or a username case folded) is the id or
        username of someone forgotten."""
        return any(_digest(key, said) in group[2] for key, group in self.groups.items())
