"""Ledger lines a restore found again: a published line keeps what it said, across two
restores too.

Restore an older backup and the lines published since it are marked lost (``db.lost_lines``):
the site then shows 第 71 笔：恢复备份时遗失, its head is signed and printed on the paper
notice. Restore next a newer backup that holds the real lines 71–80, and before, they
came back over the lost lines the public had seen: whoever saved the site in between
found line 71 changed. Both ledgers then part after line 70 (``parted``): the backup's
lines from 71 on are not the published ones.

Now such a restore keeps the published lines and brings the backup's money back after
them, in the restore's staging folder, in one commit (``refile``):

* the published lines past line 70 of the folder replaced stay: the lost lines as they
  were published, hash and all, while they chain on (``db.lost_lines.check_lost`` holds
  them); a line with money there that the backup has no entry for (entered again between
  the restores) is marked lost, as any line published since a backup;
* each line of the backup past line 70 that is an entry's line is recorded again after
  them, chained as any line, with its amount: its entry's ``ledger_seq`` moves to it, and
  the entry keeps ``found`` (the number and date the line had, when it was found, of which
  backup), so the line reads 原第 71 笔（2026-03-05），恢复备份时找回（…） (``db.lines``) and the
  audit holds it against its entry as any line. It is dated the day it was found: the
  months and years published before keep their totals, and the balance is right again;
* an entry naming a moved line (a reversal's ``line``, a correction's ``replaces``) names
  where it went;
* restored again, the backup keeps the lines it found the first time as published: an
  entry of the folder replaced holding ``found`` (``found_before``) is given the same
  ``found`` and number, and its line is kept if it is made again the same, hash and all.

The head log kept then is the one the public saw last (``db.restore_heads``), and the
staged folder is verified again, chain, audit and signed heads, before it is swapped in.

Why not refuse: the newer backup is the treasurer's best copy of the money, and the lost
lines say only that something was published there; recorded again, each amount is back in
the balance with the number the public knew it by, and nothing the public saw changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .core import china_minute
from .entries import LEDGER_KINDS, Entry, Kind, approval_event
from .ledger import GENESIS, chain_line, line_effect, line_hash
from .ledger_block import ledger_partition
from .lines import line_fields
from .lost_lines import is_lost, is_sound_lost, lost_fields, put_line
from .records import Records

__all__ = ["parted_at", "refile"]


def parted_at(replaced: Sequence[Mapping[str, Any]],
              restored: Sequence[Mapping[str, Any]]) -> int | None:
    """The number of the last line both ledgers share (0: none), when each has a line
    past it that the other does not hold; None when one continues the other."""
    shared = 0
    for old, new in zip(replaced, restored, strict=False):
        if old.get("hash") != new.get("hash"):
            break
        shared += 1
    if shared >= min(len(replaced), len(restored)):
        return None
    return shared


def refile(repo: Any, area: str, parted: int, last: int,
           published: Sequence[Mapping[str, Any]], *, backup: str,
           found_before: Mapping[int, Mapping[str, Any]] | None = None
           ) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """In ``repo`` (a restore's, staged) whose ledger of ``area`` parts after line
    ``parted`` from the published one, which ends at line ``last``: lines ``parted`` + 1
    to ``last`` as they were published (``published``, those lines: lost lines, and lines
    found again by an earlier restore of this backup, their entries' ``found`` in
    ``found_before``), or marked lost; then the backup's lines past ``parted`` not among
    them recorded again after them. The lines ``parted`` + 1 to ``last`` (first, last),
    and where the backup's lines past ``parted`` are, (number before, number now), in
    order (those up to ``last`` kept as found by an earlier restore)."""
    lines = repo.ledger(area)
    moving = [x for x in lines[parted:] if not is_lost(x) and x.get("entry") is not None]
    records = Records(repo.core)
    at = repo.core.stamp()
    # as published, if every line found before is made again the same; else lost lines
    # are kept only (the lines found before are lost then, and found again after them)
    plan = _plan(repo, area, lines, (parted, last), published, moving, found_before or {},
                 at=at, backup=backup)
    if plan is None:  # without lines found before every line is made: never None
        plan = _plan(repo, area, lines, (parted, last), published, moving, {}, at=at,
                     backup=backup)
    if plan is None:
        raise AssertionError("a ledger made without lines found before is always made")
    out, moved, changed = plan

    def write(tx: Any) -> tuple[tuple[int, int], list[tuple[int, int]]]:
        for line in out:
            put_line(tx, repo, area, line)
        for entry in changed.values():
            records.save(tx, entry)
        for x in moving:
            repo.core.fees.book(changed[int(x["entry"])], moved[int(x["seq"])])
        end = parted + len(out)
        for n in range(end + 1, len(lines) + 1):  # the backup's lines past the new end
            tx.remove(ledger_partition(area, n), "ledger", n)
        _index(repo, area, [*lines[:parted], *out])
        return (parted + 1, last), [(o, moved[o]) for o in sorted(moved)]

    return repo.core.commit(write)  # type: ignore[no-any-return]


def _plan(repo: Any, area: str, lines: Sequence[Mapping[str, Any]], span: tuple[int, int],
          published: Sequence[Mapping[str, Any]], moving: Sequence[Mapping[str, Any]],
          found_before: Mapping[int, Mapping[str, Any]], *, at: str, backup: str
          ) -> tuple[list[dict[str, Any]], dict[int, int], dict[int, Entry]] | None:
    """The lines from ``parted`` + 1 on (chained), where each moving line goes (number
    before -> now) and the entries changed; None when a line found before (an entry in
    ``found_before``) would not be made again as it was published."""
    parted, last = span
    made = china_minute(backup) if backup else "?"
    by_entry = {int(x["entry"]): x for x in moving}
    keep: dict[int, Mapping[str, Any]] = {}  # number -> the published line kept there
    moved: dict[int, int] = {}
    for old in published:
        n = int(old.get("seq") or 0)
        if n > last or n != parted + len(keep) + 1:
            break
        eid = old.get("entry")
        mine = by_entry.get(eid) if isinstance(eid, int) else None
        said = found_before.get(eid) if isinstance(eid, int) else None
        if is_lost(old) and is_sound_lost(area, old):  # lost in an earlier restore
            keep[n] = old
        elif mine is not None and said is not None and said.get("seq") == mine["seq"]:
            keep[n] = old
            moved[int(mine["seq"])] = n
        else:
            break
    after = last + 1
    for x in moving:
        if int(x["seq"]) not in moved:
            moved[int(x["seq"])] = after
            after += 1
    # every entry changed, one copy each: those whose line moves, those naming one
    changed = {e.id: e for e in Records(repo.core).entries(area=area)
               if e.kind in LEDGER_KINDS and (e.id in by_entry or _names_moved(e, moved))}
    for entry in changed.values():
        _rename(entry, moved)
    at_seq = {moved[int(x["seq"])]: x for x in moving}
    out: list[dict[str, Any]] = []
    prev = lines[parted - 1]["hash"] if parted else GENESIS
    for n in range(parted + 1, after):
        if n in at_seq:
            old = at_seq[n]
            entry = changed[int(old["entry"])]
            entry.data["ledger_seq"] = n
            entry.data["found"] = dict(found_before[entry.id]) if n in keep else {
                "seq": int(old["seq"]), "date": old.get("date"), "at": at, "backup": made}
            line = chain_line(_line(repo, entry, changed), seq=n, prev=prev)
        elif n in keep:
            line = {k: v for k, v in keep[n].items() if k != "doc_id"}
        else:
            line = chain_line(lost_fields(area, at=at, backup=backup), seq=n, prev=prev)
        if n in keep and (line.get("prev") != prev or line_hash(line) != keep[n].get("hash")
                          or line.get("hash") != keep[n].get("hash")):
            if not is_lost(keep[n]):
                return None  # a line found before, not made again the same
            line = chain_line(lost_fields(area, at=at, backup=backup), seq=n, prev=prev)
        out.append(line)
        prev = str(line["hash"])
    return out, moved, changed


def _names_moved(entry: Entry, moved: Mapping[int, int]) -> bool:
    """Whether ``entry`` names a moved line (a reversal's ``line``, a correction's
    ``replaces``)."""
    return any(isinstance(entry.data.get(k), int) and entry.data[k] in moved
               for k in ("line", "replaces"))


def _rename(entry: Entry, moved: Mapping[int, int]) -> None:
    for key in ("line", "replaces"):
        if isinstance(entry.data.get(key), int) and entry.data[key] in moved:
            entry.data[key] = moved[entry.data[key]]


def _line(repo: Any, entry: Entry, changed: Mapping[int, Entry]) -> dict[str, Any]:
    """The fields of ``entry``'s line, found again (``db.lines``), as the audit makes
    them (a reversal's of the entry it reverses as this commit leaves it)."""
    original = None
    if entry.kind == Kind.REVERSAL:
        eid = int(entry.data["reverses"])
        original = changed.get(eid) or repo.core.entry(eid)
    event = approval_event(entry)
    return line_fields(entry, street=repo.core.street, original=original,
                       approved_by=str(event.get("role") or ""),
                       at=str(event.get("at") or repo.core.stamp()),
                       settings=repo.core.settings)


def _index(repo: Any, area: str, lines: Sequence[Mapping[str, Any]]) -> None:
    """The ledger index of ``area`` made again from its ``lines`` (in a commit): lines
    were taken off its end, which ``LedgerIndex.add`` never does."""
    ix = repo.core.ledger
    months: dict[str, tuple[int, int]] = {}
    carried = 0
    for line in lines:  # as ``LedgerIndex.load`` counts them
        month = str(line.get("date") or "")[:7]
        income, expense = months.get(month, (0, 0))
        add_income, add_expense = line_effect(dict(line))
        months[month] = (income + add_income, expense + add_expense)
        if line.get("kind") == "opening":
            carried += int(line["amount_fen"])
    last = lines[-1] if lines else None
    ix.undo.set(ix.months, area, months)
    ix.undo.set(ix.head, area, (int(last["seq"]), str(last["hash"])) if last else
                (0, GENESIS))
    ix.undo.set(ix.referenced, area, int(last["seq"]) if last else 0)
    ix.undo.set(ix.carried, area, carried)
    ix.forget()
