"""Where a known given name is an ordinary word, not a person (``db.redact.NameMask``).

Many Chinese given names are ordinary words too: 建国, 国庆, 玉兰, 春风. Masking
them wherever they stand turns 建国路 into "[姓名已隐藏]路" and 国庆节 into
"[姓名已隐藏]节". A full name (surname and given name) is always masked; a given
name alone (a word of a name Telegram gave in two words, "建国 张") is masked unless,
at that place, it is part of a longer ordinary word:

* it is followed by a place word (``PLACE_WORDS``: 路, 街, 巷, 里, 小区, 公园, 门,
  桥 ...), which does not start an ordinary word instead (``NOT_PLACE``: 路过, 门口,
  里面 ...: "建国路过我家" is a person);
* or jieba's dictionary has a longer word there (国庆节, 春风得意, 建国门) that jieba
  would cut as one word rather than the name and the rest, and no other dictionary
  word overlaps that word's edge outside the name (in "玉兰花开" 花开 may take the
  花, leaving 玉兰 a word on its own: masked). A person's name the dictionary knows
  (tagged ``nr``) with the given name at its end (王秀兰) is no ordinary word.

When in doubt the name is masked. The dictionary is jieba's ``dict.txt`` (installed
for the site's search), read line by line twice, keeping only what the street's given
names need (``NameWords.load``): the words containing one, the frequencies of their
parts, and, as 64-bit hashes, the words that overlap their edges. jieba itself is not
imported, and without it only the place words count.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import math
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["PLACE_WORDS", "NOT_PLACE", "NameWords", "dictionary_path", "is_place",
           "name_words", "word_frequency", "word_tag"]

# Words that, after a given name, make it a place's name (建国路, 春风里, 玉兰小区).
PLACE_WORDS = ("路", "街", "巷", "弄", "里", "胡同", "大街", "大道", "小区", "社区", "公园",
               "广场", "花园", "新村", "村", "庄", "苑", "门", "桥", "大厦", "中学", "小学",
               "学校", "医院", "市场", "商场", "宾馆", "饭店", "酒店", "剧院", "车站", "公交站")
# ... unless the place word starts another word: "建国路过", "国庆门口等你".
NOT_PLACE = ("路过", "路上", "路边", "街上", "街坊", "里面", "里边", "里头", "门口", "门前",
             "门外", "门上", "门卫", "桥上", "桥下", "村里", "村上", "村长", "村民", "庄稼")


def is_place(text: str, end: int) -> bool:
    """``text`` goes on at ``end`` with a place word (``PLACE_WORDS``) that does not
    start an ordinary word (``NOT_PLACE``)."""
    return text.startswith(PLACE_WORDS, end) and not text.startswith(NOT_PLACE, end)


def dictionary_path() -> Path | None:
    """jieba's dictionary, found without importing jieba; None if it is not installed."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


def _entries(path: Path) -> Iterator[tuple[str, str]]:
    """The dictionary's lines as (word, "frequency tag")."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, rest = line.partition(" ")
            yield word, rest


def _count(rest: str) -> int:
    digits = rest.partition(" ")[0]
    return int(digits) if digits.isdigit() else 0


class NameWords:
    """What jieba's dictionary says around a street's given names (``load``)."""

    __slots__ = ("words", "freq", "log_total", "_crossing", "_longest_cross", "_reach")

    def __init__(self, words: frozenset[str], freq: dict[str, int], total: int,
                 crossing: array[int], longest_cross: int) -> None:
        self.words = words  # the dictionary's words that contain a given name
        self.freq = freq  # the frequency of the names, those words and their parts
        self.log_total = math.log(max(total, 2))
        self._crossing = array("q", sorted(crossing))  # hashes of edge-crossing words
        self._longest_cross = longest_cross
        self._reach = max((len(w) for w in words), default=0)

    @classmethod
    def load(cls, given: Iterable[str], path: Path) -> NameWords:
        """The entries of the dictionary at ``path`` that ``given`` (folded Chinese
        given names) need, in two passes over the file."""
        names = frozenset(given)
        lengths = sorted({len(g) for g in names})
        least = lengths[0] if lengths else 0
        words: set[str] = set()
        freq: dict[str, int] = {}
        total = 0
        for word, rest in _entries(path):
            count = _count(rest)
            total += count
            if word in names:
                freq[word] = count
            if len(word) <= least:
                continue
            for n in lengths:
                if n >= len(word):
                    break
                at = [k for k in range(len(word) - n + 1) if word[k:k + n] in names]
                if at and (0 in at or " nr" not in rest):  # a person's name: 王秀兰
                    words.add(word)
                    break
        parts: set[str] = set()  # every part of the words: their frequency
        heads: set[str] = set()  # the beginnings of a word before its name
        tails: set[str] = set()  # the ends of a word after its name
        for word in words:
            parts.update(word[a:b] for a in range(len(word)) for b in range(a + 1, len(word) + 1))
            for n in lengths:
                for k in range(len(word) - n + 1):
                    if word[k:k + n] in names:
                        heads.update(word[:m] for m in range(1, k + 1))
                        tails.update(word[m:] for m in range(k + n, len(word)))
        firsts = {t[0] for t in tails}
        lasts = {h[-1] for h in heads}
        crossing = array("q")  # 8 bytes a word, not a Python int's 36
        longest = 0
        for word, rest in _entries(path) if words else ():
            if word in parts:
                freq[word] = _count(rest)
            size = len(word)
            if size > 1 and (
                    (word[0] in firsts and any(word[:m] in tails for m in range(1, size)))
                    or (word[-1] in lasts
                        and any(word[size - m:] in heads for m in range(1, size)))):
                crossing.append(hash(word))
                longest = max(longest, size)
        return cls(frozenset(words), freq, total, crossing, longest)

    def _crosses(self, piece: str) -> bool:
        """``piece`` may be a dictionary word crossing an edge (by its hash: a rare
        collision only masks a name that might have been kept)."""
        h = hash(piece)
        k = bisect.bisect_left(self._crossing, h)
        return k < len(self._crossing) and self._crossing[k] == h

    def _score(self, piece: str) -> float:
        """jieba's best cut of ``piece`` (a part of a word: each part's frequency known,
        an unknown single character counting 1), as the sum of log probabilities."""
        best = [0.0] + [-math.inf] * len(piece)
        for end in range(1, len(piece) + 1):
            for start in range(end):
                count = self.freq.get(piece[start:end])
                if count is None and end - start > 1:
                    continue
                value = best[start] + math.log(count or 1) - self.log_total
                best[end] = max(best[end], value)
        return best[-1]

    def in_word(self, text: str, start: int, end: int) -> bool:
        """The name at ``text[start:end]`` (folded) is part of a longer dictionary word
        that jieba would cut as one and that no other word overlaps at its edges."""
        reach = self._reach
        for s in range(max(0, start - reach + 1), start + 1):
            for e in range(end, min(len(text), s + reach) + 1):
                word = text[s:e]
                if (s, e) == (start, end) or word not in self.words:
                    continue
                whole = math.log(self.freq.get(word) or 1) - self.log_total
                split = (self._score(text[s:start]) if s < start else 0.0) \
                    + self._score(text[start:end]) \
                    + (self._score(text[end:e]) if end < e else 0.0)
                if whole > split and not self._crossed(text, s, start, end, e):
                    return True
        return False

    def _crossed(self, text: str, s: int, start: int, end: int, e: int) -> bool:
        """A dictionary word overlaps the word ``text[s:e]`` outside its name
        (``text[start:end]``) and goes beyond it."""
        longest = self._longest_cross
        for k in range(end, e):  # beginning after the name, ending after the word
            if any(self._crosses(text[k:t]) for t in range(e + 1, min(len(text), k + longest) + 1)):
                return True
        for k in range(s + 1, start + 1):  # ending before the name, beginning before the word
            if any(self._crosses(text[r:k]) for r in range(max(0, k - longest), s)):
                return True
        return False


@functools.lru_cache(maxsize=1)
def name_words(given: frozenset[str]) -> NameWords | None:
    """``NameWords`` of ``given``, read once a process for the same names; None
    without jieba's dictionary or without a Chinese given name."""
    path = dictionary_path()
    if path is None or not given:
        return None
    return NameWords.load(given, path)


@functools.lru_cache(maxsize=4096)
def word_frequency(word: str) -> int:
    """How often jieba's dictionary says ``word`` is used (0: not a word of it, or no
    dictionary). One word at a time, found in the file's bytes without parsing it:
    for the few names a check finds, not for a street's every name."""
    return _count(_rest(word))


@functools.lru_cache(maxsize=4096)
def word_tag(word: str) -> str:
    """The part of speech jieba's dictionary gives ``word`` (nr: a person's name, ns: a
    place, n: a noun ...); "" if it is not a word of it, or there is no dictionary."""
    return _rest(word).partition(" ")[2].strip()


def _rest(word: str) -> str:
    """What follows ``word`` on its line of the dictionary ("frequency tag"), or ""."""
    path = dictionary_path()
    if path is None or not word or "\n" in word:
        return ""
    raw = path.read_bytes()
    key = word.encode() + b" "
    if raw.startswith(key):
        at = 0
    else:
        found = raw.find(b"\n" + key)
        if found < 0:
            return ""
        at = found + 1
    end = raw.find(b"\n", at)
    return raw[at + len(key):end if end >= 0 else None].decode(errors="replace")
