"""Ledger lines a restore lost: their numbers are never given to another line.

A ledger line, once published, is on the site, in the CSV and JSON downloads, maybe on
a signed head and on a paper notice. A restore from an older backup brings back a
ledger that ends before it: line 80 approved after the backup is not in it. Before, the
next expense approved became line 80 again, with another hash: whoever had saved the
published JSON or a signed head saw two different line 80s, the ledger quietly
rewritten. Now the restore (``db.backup.restore``) continues the restored ledger past
the lines it lost, with one chained line per lost number (``kind`` "lost", 0 fen, no
entry, no person), saying when the restore was made and of which backup: the next line
approved takes the number after them, every chain still verifies, and a reader of the
accounts sees "第 80 笔：恢复备份时遗失…" where line 80 was. The entries whose lines
were lost are entered again by volunteers, as new lines after those.

The lost lines are written in the restore's staging folder, in one commit, before it
is swapped in: a restore that fails or is stopped leaves nothing; ``mark_lost`` writes
nothing past lines already there, so it never writes them twice. A lost line the
folder replaced already held (a second restore of the same backup) is kept as it was
published, hash and all (``carried``): it is not made again with another date.

A lost line carries no money (counted neither as income nor as expense) and names no
entry: ``check_lost`` holds it to that shape, where an entry's line is held against
its entry (``db.audit_ledger``), and no entry may hold its number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .core import china_minute
from .errors import IntegrityError
from .ledger import GENESIS, LINE_FIELDS, chain_line, line_hash
from .ledger_block import ledger_partition
from .lines import LINE_FORMAT

__all__ = ["LOST", "is_lost", "lost_fields", "check_lost", "mark_lost", "carried_lines",
           "continue_lost", "put_line", "is_sound_lost"]

LOST = "lost"  # the kind of a line lost in a restore
# the fields a lost line fills; every other published field is None
_SAID = ("area", "seq", "kind", "date", "amount_fen", "purpose", "note", "published_at",
         "format", "prev", "hash")


def is_lost(line: Mapping[str, Any]) -> bool:
    return line.get("kind") == LOST


def lost_fields(area: str, *, at: str, backup: str) -> dict[str, Any]:
    """What a line lost in the restore made at ``at`` (ISO) of the backup made at
    ``backup`` (ISO) says: Chinese (``purpose``, what the site and the bot show) and
    English (``note``)."""
    day, made = at[:10], china_minute(backup) if backup else "?"
    return {"area": area, "kind": LOST, "amount_fen": 0, "entry": None, "date": day,
            "purpose": f"恢复备份时遗失（{day} 恢复了 {made} 的备份）",
            "note": f"lost in a restore on {day} of the backup made {made}: the line first "
                    "published under this number is in the accounts published before",
            "published_at": day, "format": LINE_FORMAT}  # to the day, as every line


def check_lost(area: str, line: Mapping[str, Any]) -> None:
    """A lost line carries no money, names no entry and no person (IntegrityError when
    it does: a line rewritten as lost to hide what it said)."""
    seq = line.get("seq")

    def fail(problem: str) -> IntegrityError:
        return IntegrityError(f"area {area}, ledger line {seq}: {problem}", code="chain_lost_line",
                              area=area, seq=seq)

    if line.get("amount_fen") != 0 or isinstance(line.get("amount_fen"), bool):
        raise fail(f"a line lost in a restore carries no money, not {line.get('amount_fen')!r}")
    if line.get("area") != area:
        raise fail(f"it is of area {line.get('area')!r}")
    extra = set(line) - set(LINE_FIELDS)
    if extra:
        raise fail(f"fields no line has: {sorted(extra)}")
    said = [k for k in LINE_FIELDS if k not in _SAID and line.get(k) is not None]
    if said:
        raise fail(f"a line lost in a restore says nothing but when it was lost, not "
                   f"{sorted(said)}")
    for key in ("purpose", "note", "published_at", "date"):
        if not isinstance(line.get(key), str) or len(str(line.get(key))) > 300:
            raise fail(f"its {key} is not a short text")
    if str(line["date"]) != str(line["published_at"])[:10]:  # (the first ones: the second)
        raise fail("its date is not the day it was written")


def carried_lines(replaced: Sequence[Mapping[str, Any]], restored_head: str,
                  restored_count: int) -> list[dict[str, Any]]:
    """The lost lines the folder a restore replaces holds right after the restored
    ledger's last line (``restored_count`` lines, head ``restored_head``): published
    already, they are kept as they are. None when the two ledgers part before."""
    if len(replaced) <= restored_count:
        return []
    before = replaced[restored_count - 1]["hash"] if restored_count else GENESIS
    if before != restored_head:
        return []
    out = []
    for line in replaced[restored_count:]:
        if not is_lost(line):
            break
        out.append({k: v for k, v in line.items() if k != "doc_id"})
    return out


def mark_lost(repo: Any, lines: Mapping[str, tuple[int, int]], *, backup: str,
              carried: Mapping[str, Sequence[Mapping[str, Any]]] | None = None
              ) -> dict[str, tuple[int, int]]:
    """Continue each area's ledger of ``repo`` (a restore's, staged) to line ``last``
    of ``lines`` (area -> (first, last) lost), in one commit: the ``carried`` lines
    first (as they were published, when they follow its last line), then a new lost
    line for each number left. Nothing past lines already there: run twice, it writes
    nothing the second time. The lines written, by area."""
    carried = carried or {}

    def write(tx: Any) -> dict[str, tuple[int, int]]:
        at = repo.core.stamp()
        done: dict[str, tuple[int, int]] = {}
        for area, (_first, last) in sorted(lines.items()):
            repo.core.check_area(area)
            seq, prev = repo.core.ledger.head.get(area, (0, GENESIS))
            start = seq + 1
            seq, prev = continue_lost(tx, repo, area, (seq, prev), last,
                                      carried.get(area, ()), at=at, backup=backup)
            if seq >= start:
                done[area] = (start, seq)
        return done

    return repo.core.commit(write)  # type: ignore[no-any-return]


def continue_lost(tx: Any, repo: Any, area: str, head: tuple[int, str], last: int,
                  carried: Sequence[Mapping[str, Any]], *, at: str, backup: str
                  ) -> tuple[int, str]:
    """In a commit: ``area``'s ledger of ``repo``, whose head is ``head`` (line count,
    hash), continued to line ``last`` with the ``carried`` lines (as they were published,
    while they follow on) and new lost lines for the numbers left. The new head."""
    seq, prev = head
    for old in carried:
        if seq >= last or old.get("seq") != seq + 1 or old.get("prev") != prev or \
                line_hash(dict(old)) != old.get("hash") or not is_sound_lost(area, old):
            break  # the rest made anew
        seq, prev = put_line(tx, repo, area, dict(old))
    while seq < last:
        line = chain_line(lost_fields(area, at=at, backup=backup), seq=seq + 1, prev=prev)
        seq, prev = put_line(tx, repo, area, line)
    return seq, prev


def is_sound_lost(area: str, line: Mapping[str, Any]) -> bool:
    """Whether ``line`` is a lost line of ``area`` as a restore writes it (``check_lost``)."""
    try:
        check_lost(area, line)
    except IntegrityError:
        return False
    return True


def put_line(tx: Any, repo: Any, area: str, line: dict[str, Any]) -> tuple[int, str]:
    """In a commit: ``line`` stored as the next of ``area``'s ledger, its head moved."""
    seq = int(line["seq"])
    tx.put(ledger_partition(area, seq), "ledger", seq, line)
    repo.core.ledger.add(area, line)
    repo.core.notes.ledger(area)
    return seq, str(line["hash"])
