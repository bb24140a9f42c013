"""Which report a duplicate's closing note names: ``/close 151 重复 见#148`` names 148.

A volunteer writes the number with its mark (#148, ＃148) or, as one types on a phone,
without it after a word that points at another report: 同148, 同 148, 见第148号,
与148重复; or the note is the number alone (``/close 151 重复 148``). Without the mark
a number is read only where it cannot be something else: right after such a word and
not followed by a place's word (同3号楼 is building 3, 同3楼 a floor), and only one
(同148、149 names two: none is read). With a mark, every number so marked, in order.
The bot keeps the first as ``duplicate_of``; the site links the first that is another
public report of the area.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["named_reports"]

_MARKED = re.compile(r"[#＃]\s*(\d{1,9})")
# 同148 / 见 148 / 与第148号 / 参见148 / 即148: a word that points at another report
_POINTER = "同|见|与|和|跟|即"
_POINTED = re.compile(rf"(?:{_POINTER})\s*第?\s*(\d{{1,9}})(?!\d)(?:\s*(号))?")
# what may follow the number: the end, a mark, a space, 重复, 那条 ...
_AFTER = re.compile(r"$|[\s,，.。;；:：!！)）]|重复|那|这|一样|相同")
# 148、149 / 148和149: a second number named with it
_SECOND = re.compile(r"\s*(?:[、,，/和及与或]|以及)\s*[#＃]?\s*第?\s*\d+\s*(号?)(.?)")
_PLACE = "楼院栋幢门房室单区层户"  # 3号楼, 3楼, 2单元, 201室: a place, not a report
_ALONE = re.compile(r"(?:重复)?\s*第?\s*(\d{1,9})\s*号?\s*(?:重复)?[。.]?")


def named_reports(note: str) -> list[int]:
    """The reports ``note`` names: the numbers marked with # (in order), else the one
    number named without it where that is unambiguous (see the module), else []."""
    text = unicodedata.normalize("NFKC", str(note or ""))
    marked = [int(n) for n in _MARKED.findall(text)]
    if marked:
        return marked
    alone = _ALONE.fullmatch(text.strip())
    if alone:
        return [int(alone.group(1))]
    found = set()
    for match in _POINTED.finditer(text):
        rest = text[match.end():]
        second = _SECOND.match(rest)
        if second and not (second.group(2) and second.group(2) in _PLACE):
            return []  # 同148、149: which one? (同148，3号楼 is a place after it)
        if match.group(2) and rest[:1] and rest[:1] in _PLACE:  # 同3号楼: a building
            continue
        if not match.group(2) and not _AFTER.match(rest):  # 同3楼, 同148户: not a report
            continue
        found.add(int(match.group(1)))
    return [found.pop()] if len(found) == 1 else []
