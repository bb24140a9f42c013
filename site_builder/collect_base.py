"""What the parts of the site's collection (``site_builder.collect``) share: the
collector's state (the store, the street, its redaction, the photos kept and the
public times seen), the texts as corrected, and the small helpers every kind of
data uses (Chinese words, photo references, when an entry first or last got a
status).
"""

from __future__ import annotations

import hashlib
import html
import marshal
import re
import zlib
from typing import Any

from db import labels, voice
from db.entries import Entry, Kind, Status, first_at, last_at
from db.forgotten_forms import HashedForms
from db.media import MediaStore, is_ref
from db.places import Street
from db.privacy import WITHHELD_ZH, forgotten_ids, is_withheld
from db.proxy import proxy_label
from db.redact import (
    MIN_ID_DIGITS,
    NameMask,
    Redactor,
    fold,
    id_runs,
    mask_bare_rooms,
    mask_rooms,
    redactor,
    spaced,
    squeezed,
)

__all__ = ["CollectorBase", "People", "people_of", "masked_key", "HeardMask", "MaskState",
           "letters_read",
           "mask_state", "words_heard", "masks_alike", "status_zh", "zh",
           "photo_refs", "first_at", "last_at", "proxy_text", "NOTE_STEP"]


def zh(table: dict[str, labels.Label], code: object, default: str | None = "") -> str:
    """The Chinese word for ``code`` (``default`` when unknown; None: the code itself)."""
    return labels.label(table, code, "zh", default)


def status_zh(kind: object, status: object) -> str:
    """The site's word for an entry of ``kind`` in ``status`` (the bot's, in Chinese)."""
    return labels.status_label(kind, status, "zh")


def photo_refs(*values: Any) -> list[str]:
    """Photo references found in data fields (a list, or one reference)."""
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        for ref in items:
            if is_ref(ref) and str(ref).endswith(".jpg") and ref not in out:
                out.append(str(ref))
    return out


def proxy_text(data: dict[str, Any]) -> str:
    """"由网格员甲代为登记" for an entry a volunteer recorded for a household (db.proxy)."""
    role = data.get("proxy")
    return proxy_label(str(role)) if isinstance(role, str) and role else ""


NOTE_STEP = "note"  # an issue's step that is a further progress note
_REFERENCE = re.compile("&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});?")  # &#29579; &#x738B;


def _letter(m: re.Match[str]) -> str:
    """The letter or digit an HTML reference stands for; the reference if it is not one."""
    said = html.unescape(m.group())
    return said if len(said) == 1 and said.isalnum() else m.group()


def letters_read(value: object) -> object:
    """``value`` with the HTML references to letters and digits in it read as those
    (&#28113;芬 -> 淑芬), for the masks to find what they spell (``CollectorBase.words``,
    the paper notice's words); markup ones (&#60;i&#62;) are kept as typed."""
    if isinstance(value, str) and "&#" in value:
        return _REFERENCE.sub(_letter, value)
    return value

class _Remembering(Redactor):
    """The street's redaction, remembering its answer for short texts: the purposes,
    payees and periods of ledger lines come back thousands of times."""

    __slots__ = ("_seen",)

    def __init__(self, base: Redactor) -> None:
        self.numbers, self._listed, self.contacts = base.numbers, base._listed, base.contacts
        self._seen: dict[str, str] = {}

    def __call__(self, value: object) -> str:
        if type(value) is not str or len(value) > 40:
            return super().__call__(value)
        got = self._seen.get(value)
        if got is None:
            got = self._seen[value] = super().__call__(value)
        return got


# The names of everyone the store knows, to mask (``db.redact``), and the ids of the
# people forgotten.
People = tuple[NameMask, frozenset[int]]


def people_of(repo: Any, mask: type[NameMask] = NameMask) -> People:
    """``People`` of everyone the store knows (once a collection: reading and folding
    every name is not free), their names masked by a ``mask``."""
    people = repo.people()
    # jieba's dictionary is read here, before the collection forks, not in each process;
    # the full names of people nobody registered are masked too (``NameMask``)
    # and the names and accounts of the people forgotten, hashed (db.forgotten_forms)
    return mask.of(people, strangers=True, hashed=HashedForms.of(people)).ready(), \
        forgotten_ids(people)


class HeardMask(NameMask):
    """The names mask of a collection, keeping every text it is given while ``heard``
    is a list: an area's words, to tell at a later build whether the names known then
    would mask them otherwise (``masks_alike``)."""

    __slots__ = ("heard",)

    def __init__(self, names: Any, given: Any = (), dictionary: bool = True,
                 strangers: bool = False, ids: Any = (), hashed: Any = None) -> None:
        super().__init__(names, given, dictionary, strangers, ids, hashed)
        self.heard: list[str] | None = None

    def __call__(self, value: object) -> str:
        if self.heard is not None and value is not None and value != "":
            self.heard.append(str(value))
        return super().__call__(value)


# What masked an area's words: the names, the given names among them, whether jieba's
# dictionary told ordinary words, the people forgotten, whether the names of people
# nobody registered were masked (``mask_state``).
MaskState = tuple[frozenset[str], frozenset[str], bool, frozenset[int], bool]


def mask_state(people: People) -> MaskState:
    mask, forgotten = people
    return mask.names, mask.given, mask.dictionary, frozenset(forgotten), mask.strangers


# The bits of an area's filter of the pairs of characters in its words (``words_heard``):
# on the bench street an area's words hold ~10,000 pairs, so a pair not in them is
# taken for one about once in a hundred (it only costs the area's collection).
HEARD_BITS = 1 << 20
_ID_TAG = "\x00"  # before a run of digits kept whole in the filter (``words_heard``)


def _pair_bit(pair: str) -> int:
    return zlib.crc32(pair.encode("utf-8")) & (HEARD_BITS - 1)


def words_heard(texts: list[str]) -> bytes:
    """Which pairs of characters stand side by side in an area's words (``HeardMask.
    heard``, folded as the mask looks for names in them), as the bits of a filter,
    compressed (~20 KB an area): a name stands in the words only if each of its pairs
    does. Never the words themselves: the project's cache holds no name unmasked."""
    pairs: set[str] = set()
    for text in texts:
        folded = fold(text)
        pairs.update(folded[i:i + 2] for i in range(len(folded) - 1))
        # a run of digits that may be someone's Telegram id, whole: an id is looked
        # for so (``_may_stand``), or every area with digits in its words would be
        # collected again at each registration
        pairs.update(_ID_TAG + digits for _, _, digits in id_runs(text))
        if spaced(folded):  # 王 秀兰: masked as 王秀兰
            close = squeezed(folded)[0]
            pairs.update(close[i:i + 2] for i in range(len(close) - 1))
    bits = bytearray(HEARD_BITS // 8)
    for pair in pairs:
        bit = _pair_bit(pair)
        bits[bit >> 3] |= 1 << (bit & 7)
    return zlib.compress(bytes(bits), 1)


def _may_stand(bits: bytes, name: str) -> bool:
    """Whether the name (folded) may stand in the words whose filter is ``bits``; an id
    (``db.redact.person_ids``), whether it stands there as a run of digits of its own."""
    if name.isascii() and name.isdigit() and len(name) >= MIN_ID_DIGITS:
        bit = _pair_bit(_ID_TAG + name)
        return bool(bits[bit >> 3] >> (bit & 7) & 1)
    for i in range(len(name) - 1):
        bit = _pair_bit(name[i:i + 2])
        if not bits[bit >> 3] >> (bit & 7) & 1:
            return False
    return True


def masks_alike(heard: bytes, before: MaskState, now: MaskState) -> bool:
    """Whether the words ``heard`` (``words_heard``), masked under ``before``, read the
    same under ``now``. The mask replaces, at each place of a text, the longest name
    known that stands there: a name that is nowhere in the words, known or not, changes
    nothing in them. So they read the same when no name known to only one of the two
    may stand in them, and the rest is the same: the given names (the dictionary's
    words around each depend on all of them), the dictionary, the people forgotten
    (whose own words are withheld). A registration changes the names known: only the
    areas whose words may hold the new name are collected again, not the whole street."""
    if before[1:] != now[1:]:
        return False
    changed = before[0] ^ now[0]
    if not changed:
        return True
    bits = zlib.decompress(heard)
    return not any(_may_stand(bits, name) for name in changed)


def masked_key(people: People) -> str:
    """The sha256 of what ``people`` changes in an area's words: the names masked (and
    which of them are given names alone), the people forgotten. A name is known once its
    person registers in any area (or forgotten in any), so an area's data collected
    before is stale when this changed, though its own partitions did not."""
    mask, forgotten = people
    hashed = mask.hashed.key if mask.hashed is not None else ()
    return hashlib.sha256(marshal.dumps((sorted(mask.names), sorted(mask.given),
                                         mask.dictionary, sorted(forgotten), mask.strangers,
                                         hashed), 2)).hexdigest()


class CollectorBase:
    """The state every part of the collection reads and adds to; ``collect._Collector``
    is made of the parts (``collect_money``, ``collect_issues``, ...)."""

    heads: dict[str, Any]  # the signed heads (``heads.collect_heads``): set by ``run``
    corrected: dict[int, dict[str, Any]]  # the area's corrections: set by ``area``

    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self.street: Street = repo.street
        self.media = MediaStore(repo.store.root)
        self.redact: Redactor = _Remembering(redactor(repo.settings))
        # the names of everyone the store knows, masked in the words of entries (the
        # ledger's lines are chained as made: db.redact)
        names, self.forgotten = people_of(repo, HeardMask)  # their own words are withheld too
        assert isinstance(names, HeardMask)
        self.names: HeardMask = names
        self.masked = masked_key((self.names, self.forgotten))  # what areas are kept by
        # the Telegram ids (and usernames) of the people known and forgotten, and the
        # names of the forgotten, in the words of ledger lines (``line_words``)
        self.account_mask = NameMask((), ids=names.ids, hashed=names.hashed)
        self.photos: set[str] = set()  # every photo the site may show
        self.missing: set[str] = set()  # photos named but not in the media store
        self.stamps: list[str] = []  # every public time, for as_of
        self.rooms: frozenset[str] = frozenset()  # the area's rooms (``words``): set by ``area``

    def keep(self, refs: list[str]) -> list[str]:
        """The references that exist in the media store; remembered for copying."""
        kept = [r for r in refs if self.media.exists(r)]
        self.photos.update(kept)
        if len(kept) < len(refs):
            self.missing.update(r for r in refs if r not in kept)
        return kept

    def corrections(self, entries: list[Entry]) -> dict[int, dict[str, Any]]:
        """The latest approved correction of each corrected entry: a published text is
        never edited, its correction is shown with it (``db.privacy``)."""
        out: dict[int, dict[str, Any]] = {}
        for e in entries:
            if e.kind != Kind.CORRECTION or e.status != Status.APPROVED \
                    or is_withheld(e, self.forgotten):
                continue
            at = first_at(e, "approved") or e.updated
            self.stamps.append(at)
            out[int(e.data.get("corrects") or 0)] = {
                "id": e.id, "at": at, "role": e.author_role,
                "text": self.words(e.data.get("text")),
                "reason": self.words(e.data.get("reason"))}
        return out

    def words(self, value: object) -> str:
        """Words a person typed, as the public reads them: numbers, names and rooms
        masked (a room of the area written alone too: 已修好301的水管). A character
        typed as an HTML reference (&#29579;秀兰) is read as the character first: the
        masks looked past it, and a download's reader that shows its text as HTML
        (Open311's description) showed the name."""
        value = letters_read(value)  # a letter or digit only: markup is shown as typed
        return mask_bare_rooms(mask_rooms(self.names(self.redact(value))), self.rooms)

    def line_words(self, value: object) -> str:
        """The words of a ledger line as the site shows them: redacted, and the Telegram
        ids and usernames of the people the store knows, and the names and ids of those
        forgotten (``db.forgotten_forms``), masked. The line is chained as it was made,
        and ``ledger.json`` carries it so; but one chained before ids were refused in
        lines (23fbe3e1), before its person registered, or naming someone since
        forgotten showed them on the pages, the CSVs, the feed and the paper notice.
        Names of the people known are refused as typed (``db.ledger_names``), not
        masked here."""
        text = self.redact(value)
        if text and self.names.heard is not None:  # a new id is looked for in them too
            self.names.heard.append(text)  # (``words_heard``)
        return self.account_mask(text)

    def text_of(self, e: Entry) -> str:
        """The public text of an entry: as corrected, when it was; none of its words
        once its author withdrew their consent by deleting their data (``db.privacy``)."""
        if is_withheld(e, self.forgotten):
            return WITHHELD_ZH
        fixed = self.corrected.get(e.id)
        if fixed:
            return str(fixed["text"])
        if e.data.get("voice") and (voice.needs_summary(e.data)
                                    or e.data.get("text") == voice.PLACEHOLDER):
            # never the draft's placeholder
            return mask_bare_rooms(mask_rooms(self.names(voice.public_text(e.data))), self.rooms)
        return self.words(e.data.get("text"))
