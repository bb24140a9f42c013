"""What a paper notice says of the lines a restore lost or found again (``db.lost_lines``,
``db.found_lines``).

A lost line said 原来的第 N 笔见之前的公示单 though the line first published under that
number was often printed on this very month's notice, before the restore (the backup
made this month, or the line found again is dated this month): the reader looked for it
on last month's paper and did not find it. Now the lost line says which notice: this
month's printed before the restore, or one printed before the restore (with the day of
the line, when the line found again says it);
and where its money went when the line found again is on the notice (第 M 笔).

And the notice of a month a restore lost or found lines in says so apart, with their
numbers, by the head it prints: a head of an earlier notice that differs is then
explained on the paper too, not only on the site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from db.lines import found_from

__all__ = ["found_in", "lost_note", "restored_rows", "restore_note", "reprint_lost",
           "FOLLOW_LOST"]

_BACKUP_MONTH = re.compile(r"恢复了 (\d{4}-\d{2})-\d{2}")  # lost_fields' purpose
_FOUND_DAY = re.compile(r"原第 \d+ 笔（(\d{4}-\d{2}-\d{2})")  # found_note


def found_in(lines: Sequence[Mapping[str, Any]]) -> dict[int, tuple[int, str]]:
    """The lines found again among ``lines``: the number each had before -> (its number
    now, the day its original was dated, or "")."""
    out: dict[int, tuple[int, str]] = {}
    for x in lines:
        if (was := found_from(x)) is not None:
            said = _FOUND_DAY.match(str(x.get("note") or ""))
            out[was] = (int(x["seq"]), said.group(1) if said else "")
    return out


def lost_note(line: Mapping[str, Any], month: str,
              found: Mapping[int, tuple[int, str]]) -> str:
    """What lost ``line`` on the notice of ``month`` adds: where the line first published
    under its number was printed, and where its money is now when the line found again
    is in ``found`` (``found_in`` of the lines up to the notice's end)."""
    seq = int(line["seq"])
    now, dated = found.get(seq, (0, ""))
    said = _BACKUP_MONTH.search(str(line.get("purpose") or ""))
    made = said.group(1) if said else ""
    # published after the backup was made (or on its date: a receipt's day may be earlier
    # than its approval's, so only the same month is sure) and before the restore
    if made == month or dated[:7] == month:
        where = f"原来的第 {seq} 笔印在本月恢复备份以前打印的公示单上"
    else:
        day = f"（{dated} 的账）" if dated else ""
        where = f"原来的第 {seq} 笔{day}印在恢复备份以前打印的公示单上"
    return f"，{where}" + (f"，这笔钱已重新记为第 {now} 笔" if now else "")


def restored_rows(shown: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The notice content's ``restore`` (only when the month has a line lost or found in
    a restore: every other notice's content stays as it was): the numbers lost, and
    (number now, number before) of each found."""
    lost = [int(x["seq"]) for x in shown if x.get("kind") == "lost"]
    found = [(int(x["seq"]), was) for x in shown if (was := found_from(x)) is not None]
    return {"restore": {"lost": lost, "found": found}} if lost or found else {}


def _span(seqs: Sequence[int]) -> str:
    """第 71、72、75 笔 as runs: 第 71–72、75 笔."""
    runs: list[list[int]] = []
    for s in seqs:
        if runs and s == runs[-1][1] + 1:
            runs[-1][1] = s
        else:
            runs.append([s, s])
    return "第 " + "、".join(f"{a}–{b}" if a != b else str(a) for a, b in runs) + " 笔"


def restore_note(restore: Mapping[str, Any] | None) -> str:
    """The sentence under the head of a notice whose month had lines lost or found in a
    restore, "" for any other."""
    if not restore:
        return ""
    parts = []
    if restore.get("lost"):
        parts.append(f"{_span(restore['lost'])}是恢复备份时遗失的账（不含钱，原来的那几笔印在"
                     "恢复以前打印的公示单上，所以那时的链头与现在不同）")
    if restore.get("found"):
        said = "、".join(f"第 {now} 笔即原第 {was} 笔" for now, was in restore["found"])
        parts.append(f"{said}，是恢复备份时找回、重新记上的")
    return "本月恢复过备份：" + "；".join(parts) + "。网站“账本核验”页写明了这些。"


# The parts of a notice that change with its lines lost in a restore (``notice_reprint``):
# the totals, the head and its signature, and the heading, whose check code holds the head.
FOLLOW_LOST = ("本月收支合计", "账本链头", "链头的签名核验", "表头")


def reprint_lost(again: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Of a reprint (``notice_reprint``) whose lines of the first making were lost in a
    restore since (``again["lost"]``): what its top says of them, plainly (their numbers,
    the restore, where they are listed now), and the parts changed for another reason.
    ("", every part changed) for any other reprint."""
    lost = again.get("lost") or []
    if not lost:
        return "", list(again["changed"])
    seqs = [int(x["seq"]) for x in lost]
    mine = {f"第 {n} 笔账" for n in seqs} | {f"第 {n} 笔账（不再列出）" for n in seqs}
    rest = [c for c in again["changed"] if c not in mine and c not in FOLLOW_LOST]
    which = _span(seqs)
    said = str(lost[0]["said"])
    moved = sorted({str(x["month"]) for x in lost
                    if f"第 {x['seq']} 笔账（不再列出）" in again["changed"]})
    where = ("，现在列在" + "、".join(f"{m[:4]} 年 {int(m[5:7])} 月" for m in moved if len(m) >= 7)
             + "的公示单上") if moved else "，仍列在本单上"
    return (f"此后{which}在恢复备份时遗失（{said.removeprefix('恢复备份时遗失（').rstrip('）')}）："
            f"首次张贴的那张上印的是原来的{which}；现在{'这一笔' if len(seqs) == 1 else '这几笔'}"
            f"写着“恢复备份时遗失”，不含钱{where}。"
            "所以本月的合计、链头和链头的签名核验（以及表头的核验二维码）与首次张贴的那张不同，"
            "这不是账被改了：首次张贴的那张请留在公示栏上，这张贴在旁边；网站“账本核验”页写明了"
            "这些。", rest)
