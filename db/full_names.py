"""Words in free text that read as a person's full name (王建国负责催缴), for a volunteer
to be warned before words that are public for good go on the site (a meeting's minutes:
``bot.describe``, ``bot.handlers.meeting_confirm``). Only the names of people registered
(``db.redact``) and the ways a neighbour is called by surname (老杨, 李师傅:
``db.chinese_names.neighbours_called``) were caught; a name nobody registered was
published as typed.

jieba's part-of-speech tagging (installed for the site's search; imported here only when
first asked, and without it nothing is found) marks a person's name ``nr``. It marks many
ordinary words so too (张贴, 陈述, 李子树, 林荫道, 华为), so a word it tags is kept as a
name only when, as for a candidate's title (``db.elections.name_before_role``), it reads
as one (a common surname and one or two characters: ``db.chinese_names.reads_as_name``)
and jieba's dictionary (``db.name_words``) has it as no common word: unknown to it, or a
rare person's name (王建国) whose surname and next character are no ordinary word either
(李子, 林荫, 朱红: words; 王建: not). A warning, not a refusal: the volunteer decides.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

from .chinese_names import FORMS_OF_ADDRESS, SURNAMES, reads_as_name
from .name_words import word_frequency, word_tag

__all__ = ["full_names"]

RARE = 50  # a person's name in jieba's dictionary used less often than this is a person's
MAX_TEXT = 5000  # what is read of a text


@functools.lru_cache(maxsize=1)
def _posseg() -> ModuleType | None:
    try:
        import jieba
        import jieba.posseg as posseg
    except ImportError:  # pragma: no cover - jieba is a pinned dependency
        return None
    jieba.setLogLevel(60)
    return posseg


def _ordinary(word: str) -> bool:
    """``word`` is in jieba's dictionary as a common word, or as one not a person's name."""
    freq = word_frequency(word)
    return freq > 0 and (word_tag(word) != "nr" or freq >= RARE)


# what follows a surname's character that starts no given name: 丁后 (丙、丁后提交)
_NOT_GIVEN = frozenset("后前在的了和与及等说是也都把被给对从向就还又")


def _name(word: str) -> bool:
    if not reads_as_name(word) or len(word) > 3 or word.endswith(FORMS_OF_ADDRESS) or \
            _ordinary(word):
        return False
    if len(word) == 2:  # 井盖, 苗圃: a rare "name" in the dictionary; 王芳 is none of it
        return word_frequency(word) == 0 and word[1] not in _NOT_GIVEN
    return not _ordinary(word[:2])


def full_names(text: object) -> list[str]:
    """The words of ``text`` that read as a person's full name, each once, in order."""
    posseg = _posseg()
    if posseg is None or not isinstance(text, str) or not text:
        return []
    pairs: list[Any] = list(posseg.cut(text[:MAX_TEXT]))
    found: list[str] = []
    for k, pair in enumerate(pairs):
        word, flag = pair.word, pair.flag
        # 周桂兰 is cut 周 + 桂兰 (a place, to jieba): a surname alone before a name
        if word in SURNAMES and k + 1 < len(pairs) and pairs[k + 1].flag in ("nr", "ns") and \
                len(pairs[k + 1].word) == 2:
            word, flag = word + pairs[k + 1].word, "nr"
        if flag == "nr" and _name(word) and word not in found:
            found.append(word)
    return found
